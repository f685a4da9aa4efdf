"""The mid-check screen: the figures now, a block rating and a few short lines.

A draft is saved as the rep types (DraftForm, screens/forms.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Checkbox, Label, Static

from istui.domain.reflection import (
    MIDCHECK_LIMITS,
    FigureSnapshot,
    MidCheck,
    MidStatus,
    snapshot_of,
)
from istui.i18n import N_, tr
from istui.render.dates import full_date
from istui.services.forms import load_midchecks, save_midcheck
from istui.tui.screens.forms import DraftForm, FormContext
from istui.tui.screens.help import HELP_F1
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import CountedInput, FiguresPanel, RatingPicker

#: A mid-check's state, as its title says it.
STATUS_WORDS = {
    MidStatus.DRAFT: N_("draft"),
    MidStatus.DONE: N_("done"),
    MidStatus.SKIPPED: N_("skipped"),
}


class MidCheckScreen(DraftForm):
    """A mid-check: the figures now, a block rating and a few short lines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DraftForm.BINDINGS,
        Binding("ctrl+n", "skip", N_("Skip this check"), priority=True),
        HELP_F1,
    ]

    def __init__(self, ctx: FormContext, day: date, slot: str) -> None:
        super().__init__(ctx, day, id="midcheck")
        self.slot = slot
        existing = next((c for c in load_midchecks(ctx.store, day) if c.slot == slot), None)
        self.base = existing or MidCheck(slot=slot)
        # A settled check keeps the figures it was made against; a new one or a
        # draft is answered against the figures of this moment.
        if existing is not None and existing.settled and existing.snapshot is not None:
            self.snapshot: FigureSnapshot = existing.snapshot
        else:
            self.snapshot = snapshot_of(ctx.day_view(day))

    def compose(self) -> ComposeResult:
        base = self.base
        title = Text(" " + tr("Mid-check {slot}", slot=self.slot) + " ", style="bold reverse")
        title.append(f"  {full_date(self.day)}", style="bold")
        if base.status is not MidStatus.DRAFT:
            title.append(f"  ({tr(STATUS_WORDS[base.status])})", style="italic")
        yield Static(title, id="form-title", classes="form-title")
        with VerticalScroll(id="form-body", classes="form-body"):
            panel = FiguresPanel(id="figures", classes="figures")
            panel.show(self.snapshot)
            yield panel
            yield Label(
                tr("How did the block go?  1 poor … 5 great  (required; keys 1-5)"),
                classes="field-label",
            )
            yield RatingPicker(base.rating, id="rating", classes="rating")
            limits = MIDCHECK_LIMITS
            yield CountedInput(
                tr("What is working"),
                "working",
                limits["working"],
                base.working,
                multiline=True,
            )
            yield CountedInput(
                tr("What is blocking"),
                "blocking",
                limits["blocking"],
                base.blocking,
                multiline=True,
            )
            yield CountedInput(
                tr("One adjustment for the next block"),
                "adjustment",
                limits["adjustment"],
                base.adjustment,
                multiline=True,
            )
            yield Checkbox(tr("I need help from my lead"), base.need_help, id="need-help")
            yield CountedInput(
                tr("Help with what"),
                "help_text",
                limits["help_text"],
                base.help_text,
                multiline=True,
            )
            with Horizontal(classes="form-buttons"):
                yield Button(tr("Submit ^s"), id="submit", variant="primary")
                yield Button(tr("Skip ^n"), id="skip")
                yield Button(tr("Close esc"), id="close")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(RatingPicker).focus()

    def read_form(self) -> dict[str, Any]:
        return self._model().to_record()

    def _model(self) -> MidCheck:
        return replace(
            self.base,
            rating=self.query_one(RatingPicker).rating,
            working=self._input("working"),
            blocking=self._input("blocking"),
            adjustment=self._input("adjustment"),
            need_help=self.query_one("#need-help", Checkbox).value,
            help_text=self._input("help_text"),
            snapshot=self.snapshot,
        )

    def write(self, record: dict[str, Any]) -> None:
        check = replace(MidCheck.from_record(record), changed_at=self.ctx.now())
        save_midcheck(self.ctx.store, self.day, check)

    def _settle(self, check: MidCheck, message: str) -> None:
        def save() -> str:
            save_midcheck(self.ctx.store, self.day, check)
            return message

        self.settle(check.to_record(), save)

    def action_submit(self) -> None:
        try:
            check = self._model().submit(self.ctx.now())
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            self.query_one(RatingPicker).focus()
            return
        self._settle(check, tr("mid-check {slot} saved", slot=self.slot))

    def action_skip(self) -> None:
        if self.base.status is MidStatus.DONE:
            self.notify(tr("mid-check {slot} is already done", slot=self.slot), severity="warning")
            return
        self._settle(
            self._model().skip(self.ctx.now()), tr("mid-check {slot} skipped", slot=self.slot)
        )
