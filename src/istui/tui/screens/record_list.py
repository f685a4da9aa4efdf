"""The screens of one list of records, each fixable on its row: the pipeline's
deals (screens/deals.py) and a day's events (screens/events.py).

Both are laid out the same way: a title, a summary under it, the list, a hint
under the list, the keys. The list has the focus; ``show`` re-reads the
records and redraws, and the cursor stays on the record it was on (or on the
row it was on when that record is gone).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import ClassVar, Generic, TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from istui.tui.bindings import IstuiScreen
from istui.tui.widgets.footer import KeysFooter

RecordT = TypeVar("RecordT")


class RecordListScreen(IstuiScreen[None], Generic[RecordT]):
    """A list of records with a title, a summary and a hint (see the module)."""

    #: The first word of the parts' ids: ``{PART}-title``, ``-list``, ``-hint``.
    PART: ClassVar[str]
    #: The id of the summary under the title.
    SUMMARY: ClassVar[str]

    def __init__(self, *, id: str) -> None:
        super().__init__(id=id)
        #: The records shown, in the list's order.
        self.records: list[RecordT] = []

    def compose(self) -> ComposeResult:
        yield Static(id=f"{self.PART}-title", classes="form-title")
        yield Static(id=self.SUMMARY)
        yield OptionList(id=f"{self.PART}-list")
        yield Static(id=f"{self.PART}-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.show()

    def show(self, keep: str | None = None) -> None:
        """Re-read the records and redraw; the cursor stays on ``keep`` (a
        record's id) or on the row it was on."""
        raise NotImplementedError

    def redraw(
        self, title: Text, summary: Text, hint: str, options: Sequence[Option], keep: str | None
    ) -> None:
        """The re-read records on screen: ``options`` one a record, in the order
        of ``records``; the hint dim under the list."""
        self.query_one(f"#{self.PART}-title", Static).update(title)
        self.query_one(f"#{self.SUMMARY}", Static).update(summary)
        self.query_one(f"#{self.PART}-hint", Static).update(Text(hint, style="dim"))
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        option_list.clear_options()
        option_list.add_options(options)
        if not options:
            return
        ids = [o.id for o in options]
        if keep in ids:
            option_list.highlighted = ids.index(keep)
        else:
            option_list.highlighted = min(index or 0, len(ids) - 1)

    @property
    def current(self) -> RecordT | None:
        """The record under the cursor (None on an empty list)."""
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self.records):
            return None
        return self.records[index]
