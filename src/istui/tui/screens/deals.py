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
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.screen import ModalScreen, Screen
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from istui.domain.deal_rates import deal_figures
from istui.domain.deals import BANT, Deal, DealStepError, meeting_day
from istui.domain.lists import ListSettings
from istui.i18n import N_, tr
from istui.render.cells import clip, pad
from istui.render.deals import deal_detail, figures_lines, short_id, state_label, step_label
from istui.render.safe import one_line, terminal
from istui.services.context import Context
from istui.services.deals import StepInput, all_deals, move_deal, open_deals, undo_deal_step
from istui.store import StoreError
from istui.tui.screens.help import HELP_KEY
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import TextInput


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


class DealsScreen(Screen[None]):
    """The pipeline: open deals by meeting date (``a``: every deal)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", "Back", key_display="esc"),
        Binding("h", "step('held')", "Held"),
        Binding("n", "step('noshow')", "No-show"),
        Binding("x", "step('cancelled')", "Cancel"),
        Binding("v", "step('qualified')", "Qualified"),
        Binding("w", "step('won')", "Won"),
        Binding("l", "step('lost')", "Lost"),
        Binding("o", "step('reopen')", "Reopen", show=False),
        Binding("d", "schedule", "Date", show=False),
        Binding("u", "undo", "Undo"),
        Binding("a", "toggle_all", "All/open", show=False),
        HELP_KEY,
    ]

    def __init__(self, context: Context) -> None:
        super().__init__(id="deals")
        self.context = context
        self.show_all = False
        self._deals: list[Deal] = []

    def compose(self) -> ComposeResult:
        yield Static(id="deals-title", classes="form-title")
        yield Static(id="deals-figures")
        yield OptionList(id="deals-list")
        yield Static(id="deals-hint")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.show()

    def show(self, keep: str | None = None) -> None:
        """Re-read the deals and redraw; the cursor stays on ``keep`` (a deal id)."""
        option_list = self.query_one(OptionList)
        index = option_list.highlighted
        try:
            every = all_deals(self.context)
        except StoreError as exc:
            self.notify(escape(str(exc)), severity="error", timeout=10)
            every = []
        opened = open_deals(every)
        self._deals = (
            sorted(every, key=lambda d: (meeting_day(d), d.booked_at)) if self.show_all else opened
        )
        title = Text(tr(" 商談 · pipeline "), style="bold reverse")
        shown = (
            tr("  {n} deals, every state (a: open only)", n=len(self._deals))
            if self.show_all
            else tr("  {n} open, by meeting date (a: every deal)", n=len(self._deals))
        )
        title.append(shown, style="dim")
        self.query_one("#deals-title", Static).update(title)
        currency = self.context.config.deals.currency
        lines = figures_lines(deal_figures(every), currency)
        self.query_one("#deals-figures", Static).update(Text("\n".join(lines)))
        option_list.clear_options()
        option_list.add_options([Option(deal_prompt(d, currency), id=d.id) for d in self._deals])
        hint = (
            tr("No deals here: every meeting booked on Today becomes one.")
            if not self._deals
            else tr("On a row: h held · n no-show · x cancel · v qualified · w won · l lost")
        )
        self.query_one("#deals-hint", Static).update(Text(hint, style="dim"))
        if not self._deals:
            return
        ids = [d.id for d in self._deals]
        if keep in ids:
            option_list.highlighted = ids.index(keep)
        else:
            option_list.highlighted = min(index or 0, len(ids) - 1)

    @property
    def current(self) -> Deal | None:
        index = self.query_one(OptionList).highlighted
        if index is None or not 0 <= index < len(self._deals):
            return None
        return self._deals[index]

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


class ReasonPicker(ModalScreen[str | None]):
    """A reason from the config's pick-list (enter), or none (esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc")
    ]

    def __init__(self, title: str, reasons: tuple[str, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("{step}: why?", step=self.title_text), style="bold"))
            options = [Option(Text(terminal(r)), id=str(i)) for i, r in enumerate(self.reasons)]
            yield OptionList(*options, id="reason-list")
            yield Label(Text(tr("enter picks · esc cancels"), style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.reasons[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AmountForm(ModalScreen[int | None]):
    """The won amount: whole units, typed digits (commas allowed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc")
    ]

    def __init__(self, currency: str) -> None:
        super().__init__()
        self.currency = currency

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(
                Text(
                    tr("Won: the amount ({currency}, whole units)", currency=self.currency),
                    style="bold",
                )
            )
            yield TextInput(id="amount", restrict=r"[0-9,]*", max_length=19)
            yield Label(Text("", style="red"), id="amount-error")
            yield Label(Text(tr("enter saves · esc cancels"), style="dim"))

    def on_input_submitted(self, event: TextInput.Submitted) -> None:
        event.stop()
        text = event.value.replace(",", "").strip()
        from istui.domain.deals import check_amount

        try:
            amount = check_amount(int(text)) if text.isdigit() else None
        except DealStepError as exc:
            self.query_one("#amount-error", Label).update(Text(str(exc), style="red"))
            return
        if amount is None:
            self.query_one("#amount-error", Label).update(
                Text(tr("type the amount in digits, like 1200000"), style="red")
            )
            return
        self.dismiss(amount)

    def action_cancel(self) -> None:
        self.dismiss(None)


BANT_NAMES = {"b": N_("Budget"), "a": N_("Authority"), "n": N_("Need"), "t": N_("Timing")}


class BantForm(ModalScreen[tuple[str, int | None] | None]):
    """Qualified: b, a, n, t tick what was captured; 1–5 the handoff score,
    0 none; enter saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc"),
        Binding("enter", "save", "Save"),
    ]

    def __init__(self, bant: str, score: int | None) -> None:
        super().__init__()
        self.flags = set(bant)
        self.score = score

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("Qualified (有効商談): what was captured?"), style="bold"))
            yield Static(id="bant-flags")
            yield Label(
                Text(tr("b a n t tick · 1-5 handoff score (0: none) · enter saves"), style="dim")
            )

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        text = Text()
        for flag in BANT:
            mark = "[x]" if flag in self.flags else "[ ]"
            text.append(f"{mark} {flag.upper()} {tr(BANT_NAMES[flag])}\n")
        score = str(self.score) if self.score is not None else "–"
        text.append(tr("Handoff score: {score}/5", score=score))
        self.query_one("#bant-flags", Static).update(text)

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        if len(char) != 1:
            return
        if char in BANT:
            self.flags ^= {char}
        elif char in "012345":
            self.score = int(char) or None
        else:
            return
        event.stop()
        self._draw()

    def action_save(self) -> None:
        self.dismiss(("".join(f for f in BANT if f in self.flags), self.score))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ListPicker(ModalScreen[str | None]):
    """The call list being dialled (enter), "" for none; esc keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc")
    ]

    def __init__(self, lists: ListSettings, current: str) -> None:
        super().__init__()
        self.lists = lists
        self.current = current

    def compose(self) -> ComposeResult:
        names = ["", *self.lists.names]
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("Which list are you dialling?"), style="bold"))
            options = [Option(self._prompt(name), id=str(i)) for i, name in enumerate(names)]
            yield OptionList(*options, id="list-picker")
            yield Label(Text(tr("enter picks · esc cancels"), style="dim"))

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        names = ["", *self.lists.names]
        picker.highlighted = names.index(self.current) if self.current in names else 0
        picker.focus()

    def _prompt(self, name: str) -> Text:
        if not name:
            return Text(tr("(no list)"), style="italic")
        item = self.lists.get(name)
        text = Text(terminal(name), style="bold" if name == self.current else "")
        if item is not None:
            leads = f"{item.size:,}" if item.size else ""
            size = tr("{size} leads", size=leads) if leads else ""
            extra = " · ".join(terminal(p) for p in (item.channel, item.segment, size) if p)
            if extra:
                text.append(f"  {extra}", style="dim")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(["", *self.lists.names][event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScheduleForm(ModalScreen[tuple[date | None, str] | None]):
    """The meeting's date (YYYY-MM-DD) and the company or lead name (kept local)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", "Cancel", key_display="esc")
    ]

    def __init__(self, on: date | None, name: str) -> None:
        super().__init__()
        self.on = on
        self.name_text = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("The meeting's date and the company or lead"), style="bold"))
            yield TextInput(
                self.on.isoformat() if self.on else "", id="deal-date", placeholder="YYYY-MM-DD"
            )
            yield TextInput(self.name_text, id="deal-name", max_length=80)
            yield Label(Text("", style="red"), id="date-error")
            yield Label(Text(tr("enter saves · esc cancels"), style="dim"))

    def on_input_submitted(self, event: TextInput.Submitted) -> None:
        event.stop()
        text = self.query_one("#deal-date", TextInput).value.strip()
        name = self.query_one("#deal-name", TextInput).value.strip()
        on = None
        if text:
            try:
                on = date.fromisoformat(text)
            except ValueError:
                self.query_one("#date-error", Label).update(
                    Text(tr("{text} is not a real date (YYYY-MM-DD)", text=text), style="red")
                )
                return
        self.dismiss((on, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
