"""What the mid-check and end-of-day reflection screens share (each has its
module: screens/midcheck.py, screens/reflection.py).

Both save a draft as the rep types (a short debounce, then one small write of
the day file), so a crash, a closed terminal or a kill loses at most the last
fraction of a second; reopening continues the draft. Escape closes and keeps
the draft; ctrl+s submits.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import Any, ClassVar

from textual.binding import Binding, BindingType
from textual.css.query import NoMatches
from textual.timer import Timer
from textual.widgets import Button, Checkbox, Input, RadioSet, SelectionList, TextArea

from istui.i18n import N_, tr
from istui.services.context import Context
from istui.store import StoreError
from istui.tui.bindings import IstuiScreen
from istui.tui.widgets.forms import CountedInput

#: Seconds of quiet typing after which the draft is written.
SAVE_DELAY = 0.3


#: What a form needs: the config, the store and the injected clock (the one
#: context type of the use cases, services.context.Context).
FormContext = Context


class DraftForm(IstuiScreen[bool]):
    """A form whose answers are saved as a draft while the rep types."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close (keeps draft)"), key_display="esc"),
        Binding("ctrl+s", "submit", N_("Submit"), priority=True),
    ]

    def __init__(self, ctx: FormContext, day: date, *, id: str) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.day = day
        self._timer: Timer | None = None
        self._saved: dict[str, Any] | None = None
        self._pending: dict[str, Any] | None = None

    # subclasses: the form's answers as a record, and how to write one
    def read_form(self) -> dict[str, Any]:
        raise NotImplementedError

    def write(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def _changed(self) -> None:
        if not self.is_mounted:
            return
        try:
            record = self.read_form()
        except NoMatches:  # widgets not all there yet (mounting)
            return
        if record == self._saved:
            self._pending = None
            return
        self._pending = record
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush)

    def flush(self) -> bool:
        """Write the pending draft now; False (and a toast) when the store refuses."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._pending is None:
            return True
        record = self._pending
        try:
            self.write(record)
        except (StoreError, ValueError) as exc:
            self.notify(
                tr("draft not saved: {error}", error=exc),
                severity="error",
                timeout=10,
                markup=False,
            )
            return False
        self._saved, self._pending = record, None
        return True

    def on_input_changed(self, _: Input.Changed) -> None:
        self._changed()

    def on_text_area_changed(self, _: TextArea.Changed) -> None:
        self._changed()

    def on_radio_set_changed(self, _: RadioSet.Changed) -> None:
        self._changed()

    def on_checkbox_changed(self, _: Checkbox.Changed) -> None:
        self._changed()

    def on_selection_list_selected_changed(self, _: SelectionList.SelectedChanged[str]) -> None:
        self._changed()

    def on_mount(self) -> None:
        try:
            self._saved = self.read_form()
        except NoMatches:
            self._saved = None

    def on_unmount(self) -> None:
        self.flush()

    def action_close(self) -> None:
        if self.flush():
            self.dismiss(False)

    def action_submit(self) -> None:
        raise NotImplementedError

    def settle(self, record: dict[str, Any], save: Callable[[], str]) -> None:
        """Write the form's final answers: ``save`` writes them and returns the
        toast that says so, ``record`` is what the form now holds as saved. A
        store refusal is a toast and the form stays open (nothing typed lost);
        otherwise the form closes with True."""
        if self._timer is not None:
            self._timer.stop()
        try:
            message = save()
        except StoreError as exc:
            self.notify(
                tr("not saved: {error}", error=exc), severity="error", timeout=10, markup=False
            )
            return
        self._pending, self._saved = None, record
        self.notify(message)
        self.dismiss(True)

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {"submit": self.action_submit, "close": self.action_close}.get(
            event.button.id or ""
        )
        if action is None:
            action = getattr(self, f"action_{event.button.id}", None)
        if action is not None:
            action()

    def _input(self, field: str) -> str:
        """The text of the counted field ``field`` (one line or multi-line)."""
        return self.query_one(f"#field-{field}", CountedInput).value
