"""The 商談 / pipeline screen: the open meetings by date, one key per step.

On a row: ``h`` held, ``n`` no-show, ``x`` cancelled (a reason from the
pick-list), ``v`` qualified (BANT and the handoff score), ``w`` won (an amount),
``l`` lost (a reason), ``o`` reopen, ``d`` its date and name; ``u`` undoes the
row's last step; ``a`` shows every deal or only the open ones. Every change goes
through the same use cases as `istui deal` (services.deals): a step that does
not follow is refused with one line, and nothing is written.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.binding import Binding, BindingType
from textual.markup import escape
from textual.widgets.option_list import Option

from istui.domain.deal_rates import deal_figures
from istui.domain.deals import Deal, DealStepError, meeting_day
from istui.i18n import N_, tr
from istui.render.cells import clip, pad
from istui.render.deals import deal_detail, figures_lines, short_id, state_label, step_label
from istui.render.safe import one_line, terminal
from istui.services.context import Context
from istui.services.deals import StepInput, all_deals, move_deal, open_deals, undo_deal_step
from istui.store import StoreError
from istui.tui.screens.deal_forms import (
    AmountForm,
    BantForm,
    ListPicker,
    ReasonPicker,
    ScheduleForm,
)
from istui.tui.screens.help import HELP_KEY
from istui.tui.screens.record_list import RecordListScreen


def deal_prompt(deal: Deal, currency: str) -> Text:
    """One row: the meeting's day, short id, state, name, what the state carries."""
    text = Text(f"{meeting_day(deal).isoformat()}  {short_id(deal)}  ")
    text.append(pad(clip(state_label(deal.state), 10), 10), style="bold")
    name = clip(one_line(deal.name), 20) if deal.name else "–"
    text.append(f"  {pad(name, 20)}")
    detail = deal_detail(deal, currency)
    if detail:
        text.append(f"  {terminal(detail)}", style="dim")
    return text


class DealsScreen(RecordListScreen[Deal]):
    """The pipeline: open deals by meeting date (``a``: every deal)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), key_display="esc"),
        Binding("h", "step('held')", N_("Held")),
        Binding("n", "step('noshow')", N_("No-show")),
        Binding("x", "step('cancelled')", N_("Cancel")),
        Binding("v", "step('qualified')", N_("Qualified")),
        Binding("w", "step('won')", N_("Won")),
        Binding("l", "step('lost')", N_("Lost")),
        Binding("o", "step('reopen')", N_("Reopen"), show=False),
        Binding("d", "schedule", N_("Date"), show=False),
        Binding("u", "undo", N_("Undo")),
        Binding("a", "toggle_all", N_("All/open"), show=False),
        HELP_KEY,
    ]
    PART = "deals"
    SUMMARY = "deals-figures"

    def __init__(self, context: Context) -> None:
        super().__init__(id="deals")
        self.context = context
        self.show_all = False

    def show(self, keep: str | None = None) -> None:
        try:
            every = all_deals(self.context)
        except StoreError as exc:
            self.notify(escape(str(exc)), severity="error", timeout=10)
            every = []
        opened = open_deals(every)
        self.records = (
            sorted(every, key=lambda d: (meeting_day(d), d.booked_at)) if self.show_all else opened
        )
        title = Text(tr(" 商談 · pipeline "), style="bold reverse")
        shown = (
            tr("  {n} deals, every state (a: open only)", n=len(self.records))
            if self.show_all
            else tr("  {n} open, by meeting date (a: every deal)", n=len(self.records))
        )
        title.append(shown, style="dim")
        currency = self.context.config.deals.currency
        lines = figures_lines(deal_figures(every), currency)
        hint = (
            tr("No deals here: every meeting booked on Today becomes one.")
            if not self.records
            else tr("On a row: h held · n no-show · x cancel · v qualified · w won · l lost")
        )
        options = [Option(deal_prompt(d, currency), id=d.id) for d in self.records]
        self.redraw(title, Text("\n".join(lines)), hint, options, keep)

    # -------------------------------------------------------------- changes
    def _write(self, change: Callable[[], Deal], what: str) -> None:
        try:
            moved = change()
        except (StoreError, DealStepError, LookupError) as exc:
            message = exc.args[0] if isinstance(exc, LookupError) else str(exc)
            self.notify(escape(terminal(message)), severity="error", timeout=10)
            self.show()
            return
        self.notify(
            escape(
                tr(
                    "Deal {id}: {step}, now {state}.",
                    id=short_id(moved),
                    step=what,
                    state=state_label(moved.state),
                )
            )
        )
        self.show(moved.id)

    def _move(self, deal: Deal, wanted: StepInput) -> None:
        self._write(lambda: move_deal(self.context, deal.id, wanted), step_label(wanted.step))

    def action_step(self, step: str) -> None:
        deal = self.current
        if deal is None:
            return
        settings = self.context.config.deals
        if step in ("cancelled", "lost"):
            reasons = settings.cancel_reasons if step == "cancelled" else settings.lost_reasons

            def picked(reason: str | None) -> None:
                if reason is not None:
                    self._move(deal, StepInput(step, reason=reason))

            self.app.push_screen(ReasonPicker(step_label(step), reasons), picked)
        elif step == "won":

            def amount(value: int | None) -> None:
                if value is not None:
                    self._move(deal, StepInput(step, amount=value))

            self.app.push_screen(AmountForm(settings.currency), amount)
        elif step == "qualified":

            def qualified(value: tuple[str, int | None] | None) -> None:
                if value is not None:
                    self._move(deal, StepInput(step, bant=value[0], score=value[1]))

            self.app.push_screen(BantForm(deal.bant, deal.score), qualified)
        else:
            self._move(deal, StepInput(step))

    def action_schedule(self) -> None:
        deal = self.current
        if deal is None:
            return

        def done(value: tuple[date | None, str] | None) -> None:
            if value is not None:
                wanted = StepInput("scheduled", on=value[0], name=value[1])
                self._move(deal, wanted)

        self.app.push_screen(ScheduleForm(deal.scheduled_for, deal.name), done)

    def action_undo(self) -> None:
        deal = self.current
        if deal is None:
            return
        self._write(lambda: undo_deal_step(self.context, deal.id), tr("last step undone"))

    def action_toggle_all(self) -> None:
        self.show_all = not self.show_all
        self.show(self.current.id if self.current else None)


__all__ = ["AmountForm", "BantForm", "DealsScreen", "ListPicker", "ReasonPicker", "ScheduleForm"]
