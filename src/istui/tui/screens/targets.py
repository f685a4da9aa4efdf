"""The Targets screens: the back-calculation plan (updated as you type) and the
month view with its landing forecast. They format domain results only."""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from typing import TypeVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.content import Content
from textual.widgets import Input, Label, Static

from istui.domain.month import MonthView
from istui.domain.plan import (
    Plan,
    PlanInputError,
    back_calculate,
    default_effective,
    parse_deals,
    parse_month,
    parse_rate,
)
from istui.i18n import N_, tr
from istui.render.deals import deal_month_lines
from istui.render.month import month_lines, month_title
from istui.render.plan import apply_problem, chain_lines, warning_text
from istui.services.session import DaySession
from istui.services.targets import deal_month_shown, month_view
from istui.store import StoreError
from istui.tui.bindings import IstuiScreen
from istui.tui.screens.help import HELP_F1, HELP_KEY
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import TextInput
from istui.tui.widgets.today import outcome_word

T = TypeVar("T")

#: (input id, label, initial value) — the article's worked example to start from.
FIELDS = (
    ("deals", N_("Deals / month"), "10"),
    ("win", N_("Win rate"), "25%"),
    ("meeting", N_("Meeting rate"), "10%"),
    ("connect", N_("Connect rate"), "30%"),
    ("month", N_("Month"), ""),
)
#: Shown only when the funnel has a contact stage (the meeting rate is then ÷ contacts).
CONTACT_FIELD = ("contact", N_("Contact rate"), "60%")


class PlanScreen(IstuiScreen[None]):
    """逆算: deals → meetings → connects → dials, per working day, as you type."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), key_display="esc"),
        Binding("ctrl+s", "apply", N_("Apply")),
        Binding("ctrl+t", "month", N_("Month view")),
        HELP_F1,
    ]

    #: What the app names when this screen stops a language switch.
    unsaved_title = N_("the targets plan")

    def __init__(self, session: DaySession) -> None:
        super().__init__(id="plan")
        self.session = session
        self.plan: Plan | None = None
        self.problems: list[str] = []
        self.has_contact = session.config.metrics.get("contact") is not None
        fields = list(FIELDS)
        if self.has_contact:
            fields.insert(3, CONTACT_FIELD)
        self.fields = tuple(fields)

    def compose(self) -> ComposeResult:
        today = self.session.clock.now().date()
        yield Static(id="plan-title")
        with Horizontal(id="plan-inputs"):
            for field_id, label, initial in self.fields:
                value = initial or f"{today:%Y-%m}"
                with Vertical(classes="plan-field"):
                    yield Label(tr(label), classes="plan-label")
                    yield TextInput(value, id=f"plan-{field_id}", compact=True)
        yield Static(id="plan-chain")
        yield Static(id="plan-warnings")
        yield KeysFooter()

    def on_mount(self) -> None:
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(" istui ", style="bold reverse")
        title.append(" " + tr("Targets · plan from a monthly deal goal") + " ", style="bold")
        self.query_one("#plan-title", Static).update(title)
        self.recalculate()

    def on_input_changed(self, event: Input.Changed) -> None:
        self.recalculate()

    def _value(self, field_id: str) -> str:
        return self.query_one(f"#plan-{field_id}", Input).value

    def recalculate(self) -> None:
        """Rebuild the plan from the inputs; a bad input names itself instead."""
        problems: list[str] = []

        def attempt(parse: Callable[[], T]) -> T | None:
            try:
                return parse()
            except PlanInputError as exc:
                problems.append(str(exc))
                return None

        deals = attempt(lambda: parse_deals(self._value("deals"), "deals"))
        win = attempt(lambda: parse_rate(self._value("win"), "win rate"))
        meeting = attempt(lambda: parse_rate(self._value("meeting"), "meeting rate"))
        connect = attempt(lambda: parse_rate(self._value("connect"), "connect rate"))
        contact = (
            attempt(lambda: parse_rate(self._value("contact"), "contact rate"))
            if self.has_contact
            else None
        )
        month = attempt(lambda: parse_month(self._value("month"), "month"))
        self.problems = problems
        if problems or deals is None or win is None or meeting is None or connect is None:
            self.plan = None
        elif month is not None:
            self.plan = back_calculate(
                deals,
                win,
                meeting,
                connect,
                month[0],
                month[1],
                self.session.config.calendar,
                contact,
            )
        self._show()

    def _show(self) -> None:
        chain = Text(no_wrap=True, overflow="ellipsis")
        notes: list[str | tuple[str, str]] = []
        plan = self.plan
        if plan is None:
            chain.append(tr("Fix the inputs to see the plan."), style="dim")
            notes += [(f"✗ {problem}\n", "bold $text-error") for problem in self.problems]
        else:
            chain.append(
                tr(
                    "{month}: {deals} deals, {days} working days",
                    month=month_title(plan.year, plan.month),
                    deals=f"{plan.deals:,}",
                    days=len(plan.working_days),
                )
                + "\n",
                style="bold",
            )
            for line in chain_lines(plan):
                chain.append(f"{line}\n")
            if plan.daily:
                chain.append(tr("Daily targets") + "  ", style="bold")
                chain.append(
                    " · ".join(f"{self._label(k)} {plan.daily[k]:,}" for k in plan.daily_keys),
                    style="bold",
                )
            notes += [(f"⚠ {warning_text(plan, w)}\n", "$text-warning") for w in plan.warnings]
            blocked = apply_problem(plan, self._today())
            if blocked:
                notes.append((tr("cannot apply: {reason}", reason=blocked) + "\n", "dim"))
            else:
                start = default_effective(plan, self._today())
                line = tr("ctrl+s applies these from {day}", day=start.isoformat())
                notes.append((line + "\n", "dim"))
        self.query_one("#plan-chain", Static).update(chain)
        self.query_one("#plan-warnings", Static).update(Content.assemble(*notes))

    def _label(self, key: str) -> str:
        """A metric key as a word of the language in force ("call", 架電)."""
        return outcome_word(key, key)

    def _today(self) -> date:
        return self.session.clock.now().date()

    def action_apply(self) -> None:
        plan = self.plan
        if plan is None:
            self.notify(
                tr("not applied: {reason}", reason="; ".join(self.problems)),
                severity="error",
                markup=False,
            )
            return
        problem = apply_problem(plan, self._today())
        if problem:
            self.notify(tr("not applied: {reason}", reason=problem), severity="error", markup=False)
            return
        known = set(self.session.config.metrics.keys)
        values = {k: v for k, v in plan.daily.items() if k in known}
        effective = default_effective(plan, self._today())
        try:
            self.session.store.set_targets(
                effective, values, source="plan", set_at=self.session.clock.now()
            )
            self.session.reload()
        except StoreError as exc:
            self.notify(
                tr("not applied: {reason}", reason=exc), severity="error", timeout=10, markup=False
            )
            return
        figures = " · ".join(f"{self._label(k)} {v:,}" for k, v in values.items())
        self.notify(tr("targets from {day}: {figures}", day=effective.isoformat(), figures=figures))

    def action_month(self) -> None:
        self.app.push_screen(MonthScreen(self.session))

    def holds_unsaved_text(self) -> bool:
        """Whether an input was typed into (the plan is kept only by ctrl+s)."""
        return any(field.undo_stack for field in self.query(TextInput))


class MonthScreen(IstuiScreen[None]):
    """The month so far against its target, and where it will land."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", N_("Back"), key_display="esc"),
        Binding("left", "shift(-1)", N_("Prev month"), key_display="←"),
        Binding("right", "shift(1)", N_("Next month"), key_display="→"),
        HELP_KEY,
    ]

    def __init__(self, session: DaySession) -> None:
        super().__init__(id="month")
        self.session = session
        today = session.clock.now().date()
        self.year, self.month = today.year, today.month

    def compose(self) -> ComposeResult:
        yield Static(id="month-title")
        yield Static(id="month-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_view()

    def view(self) -> MonthView:
        return month_view(self.session.context, self.year, self.month)

    def refresh_view(self) -> None:
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(" istui ", style="bold reverse")
        title.append(
            " " + tr("Month · target vs actual and landing forecast (着地予測)") + " ", style="bold"
        )
        self.query_one("#month-title", Static).update(title)
        body = Text()
        try:
            view = self.view()
            lines = month_lines(view)
            deals = deal_month_shown(self.session.context, view)
        except StoreError as exc:
            body.append(str(exc), style="bold")
            self.query_one("#month-body", Static).update(body)
            return
        body.append(lines[0] + "\n\n", style="bold")
        body.append(lines[1] + "\n", style="dim")
        for line in lines[2:-1]:
            body.append(line + "\n")
        if deals is not None:
            for line in deal_month_lines(deals, self.session.config.deals.currency):
                body.append(line + "\n")
        body.append("\n" + lines[-1], style="dim")
        self.query_one("#month-body", Static).update(body)

    def action_shift(self, step: int) -> None:
        index = self.year * 12 + self.month - 1 + step
        self.year, self.month = divmod(index, 12)
        self.month += 1
        self.refresh_view()
