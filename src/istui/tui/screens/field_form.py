"""The small modal forms of one-line fields (a review action, next week's focus,
a forgotten dial): filled in turn, they all answer the keys the same way.

enter moves to the next field and, on the last one, saves; ctrl+s saves from
any field; escape cancels, and the form returns None. Each form says which
field is its last, lays out its fields and reads them into its result.
"""

from __future__ import annotations

from typing import ClassVar, Generic, TypeVar

from textual import on
from textual.binding import Binding, BindingType
from textual.widgets import Input

from istui.i18n import N_
from istui.tui.bindings import UnsavedTextModal

ResultT = TypeVar("ResultT")


class FieldsForm(UnsavedTextModal[ResultT | None], Generic[ResultT]):
    """A modal form of fields filled in turn (see the module docstring)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel")),
        Binding("ctrl+s", "save", N_("Save")),
    ]

    #: The id of the field on which enter saves the form.
    LAST_FIELD: ClassVar[str]

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == self.LAST_FIELD:
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        """Read the fields and dismiss the form with what they say (or warn and stay)."""
        raise NotImplementedError

    def action_cancel(self) -> None:
        self.dismiss(None)
