"""The day-history screen: pick any past day, see its figures, its mid-checks
and its reflection, and edit that reflection."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import OptionList, Static
from textual.widgets.option_list import Option

from istui.domain.calendar import local_time
from istui.domain.reflection import (
    FigureSnapshot,
    MidCheck,
    MidStatus,
    Reflection,
    SlotState,
    midcheck_slots,
    snapshot_of,
)
from istui.i18n import N_, tr, trp
from istui.render.dates import month_day, weekday
from istui.render.numbers import NO_VALUE
from istui.services.forms import DayRecord, day_record, load_day_forms
from istui.store import StoreError
from istui.tui.bindings import IstuiScreen
from istui.tui.screens.forms import FormContext
from istui.tui.screens.help import HELP_KEY
from istui.tui.screens.reflection import ReflectionScreen
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import snapshot_text

STATE_WORDS = {
    SlotState.DONE: N_("done"),
    SlotState.SKIPPED: N_("skipped"),
    SlotState.MISSED: N_("missed"),
    SlotState.DUE: N_("due"),
    SlotState.UPCOMING: N_("upcoming"),
}


def _answer(text: Text, label: str, value: str) -> None:
    if value.strip():
        text.append(f"  {label}: ", style="bold")
        text.append(f"{value}\n")


def midcheck_text(name: str, state: SlotState, check: MidCheck | None) -> Text:
    text = Text()
    text.append(tr("Mid-check {slot}", slot=name) + "  ", style="bold")
    text.append(f"{tr(STATE_WORDS[state])}\n", style="italic")
    if check is None:
        return text
    if check.rating is not None:
        text.append("  " + tr("block {rating}/5", rating=check.rating), style="bold")
        if check.snapshot is not None and check.snapshot.headline is not None:
            head = check.snapshot.headline
            at = tr(
                "(at {time}: {label} {count}/{target}, expected {expected})",
                time=f"{check.snapshot.at:%H:%M}",
                label=head.label.lower(),
                count=head.count,
                target=head.target,
                expected=f"{head.expected:.0f}",
            )
            text.append(f"  {at}")
        text.append("\n")
    _answer(text, trp("mid-check answer", "working"), check.working)
    _answer(text, trp("mid-check answer", "blocking"), check.blocking)
    _answer(text, trp("mid-check answer", "adjustment"), check.adjustment)
    if check.need_help:
        text.append("  " + tr("⚑ needs help"), style="bold")
        text.append(f": {check.help_text}\n" if check.help_text else "\n")
    return text


def reflection_text(reflection: Reflection | None) -> Text:
    text = Text()
    text.append(tr("Reflection") + "  ", style="bold")
    if reflection is None:
        text.append(tr("not written") + "\n", style="italic")
        return text
    if reflection.submitted:
        changed = reflection.changed_at
        state = (
            tr("submitted, last changed {when}", when=f"{changed:%Y-%m-%d %H:%M}")
            if changed
            else tr("submitted")
        )
        text.append(state + "\n", style="italic")
    else:
        text.append(tr("draft (not submitted)") + "\n", style="italic")
    _answer(text, "上手くいった点", reflection.went_well)
    _answer(text, "課題点", reflection.hard)
    _answer(text, "気づき", reflection.learning)
    picked = list(reflection.objections)
    if reflection.objections_other:
        picked.append(reflection.objections_other)
    _answer(text, tr("objections"), " · ".join(picked))
    for index, action in enumerate(reflection.plan, 1):
        _answer(text, tr("plan {number}", number=index), action)
    if reflection.tomorrow_targets:
        _answer(
            text,
            tr("tomorrow's targets"),
            ", ".join(f"{k} {v}" for k, v in reflection.tomorrow_targets.items()),
        )
    if reflection.focus is not None or reflection.energy is not None:
        focus = NO_VALUE if reflection.focus is None else f"{reflection.focus}/5"
        energy = NO_VALUE if reflection.energy is None else f"{reflection.energy}/5"
        text.append("  " + tr("focus {focus} · energy {energy}", focus=focus, energy=energy) + "\n")
    _answer(text, tr("help request"), reflection.help_request)
    return text


def day_label(
    day: date, checks: list[MidCheck], reflection: Reflection | None, configured: int
) -> str:
    """One day in the list: ✓ when reflected, mid-checks done of those
    configured, and skipped ones apart ("1/2 ✗1"), so a skipped check never
    reads like a done one."""
    mark = "✓" if reflection is not None and reflection.submitted else "·"
    done = sum(1 for c in checks if c.status is MidStatus.DONE)
    skipped = sum(1 for c in checks if c.status is MidStatus.SKIPPED)
    label = f"{month_day(day)} {weekday(day)} {mark} {done}/{configured}"
    return label + (f" ✗{skipped}" if skipped else "")


#: What the marks of the day list mean (in the title bar).
LEGEND = N_("✓ reflected · done/{n} mid-checks · ✗ skipped")


class DayHistoryScreen(IstuiScreen[None]):
    """Every day with data, newest first; the chosen day in full on the right."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), key_display="esc"),
        Binding("e", "edit", N_("Edit reflection")),
        HELP_KEY,
    ]

    def __init__(self, ctx: FormContext) -> None:
        super().__init__(id="history")
        self.ctx = ctx
        today = ctx.now().date()
        days = {d for d in ctx.store.days_with_data() if d <= today} | {today}
        self.days = sorted(days, reverse=True)
        self.current: date = self.days[0]

    def _label(self, day: date) -> Text:
        store = self.ctx.store
        try:
            checks, reflection = load_day_forms(store, day)
        except StoreError:
            return Text(f"{month_day(day)} {weekday(day)} !", style="bold")
        return Text(day_label(day, checks, reflection, len(self.ctx.config.midchecks)))

    def compose(self) -> ComposeResult:
        title = Text(" " + tr("Day history") + " ", style="bold reverse")
        title.append("  " + tr(LEGEND, n=len(self.ctx.config.midchecks)), style="dim")
        yield Static(title, classes="form-title")
        with Horizontal(id="history-body"):
            yield OptionList(
                *[Option(self._label(d), id=d.isoformat()) for d in self.days], id="history-days"
            )
            with VerticalScroll(id="history-detail"):
                yield Static(id="history-figures")
                yield Static(id="history-checks")
                yield Static(id="history-reflection")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.query_one(OptionList).focus()
        self.show_day(self.current)

    def on_screen_resume(self) -> None:
        self.show_day(self.current)

    def on_option_list_option_highlighted(self, event: OptionList.OptionHighlighted) -> None:
        if event.option.id:
            self.show_day(date.fromisoformat(event.option.id))

    def show_day(self, day: date) -> None:
        self.current = day
        c = self.ctx.config
        try:
            record: DayRecord = day_record(self.ctx, day)
        except StoreError as exc:
            self.query_one("#history-figures", Static).update(Text(str(exc), style="bold"))
            return
        snap: FigureSnapshot = snapshot_of(record.view)
        head = Text(f"{day:%A %Y-%m-%d}\n", style="bold")
        head.append_text(snapshot_text(snap, final=True))
        self.query_one("#history-figures", Static).update(head)
        now = self.ctx.now()
        clock = local_time(now) if now.date() == day else None
        slots = midcheck_slots(
            c.midchecks,
            record.midchecks,
            c.hours,
            clock if clock is not None else c.hours.end,
            c.calendar.is_working_day(day) and now.date() >= day,
        )
        checks = Text()
        for slot in slots:
            checks.append_text(midcheck_text(slot.name, slot.state, slot.check))
        known = {s.name for s in slots}
        for extra in record.midchecks:  # checks made under earlier configured times
            if extra.slot not in known:
                state = SlotState.SKIPPED if extra.status.value == "skipped" else SlotState.DONE
                checks.append_text(midcheck_text(extra.slot, state, extra))
        self.query_one("#history-checks", Static).update(checks)
        self.query_one("#history-reflection", Static).update(reflection_text(record.reflection))

    def action_edit(self) -> None:
        self.app.push_screen(ReflectionScreen(self.ctx, self.current), self._edited)

    def _edited(self, _: bool | None) -> None:
        option_list = self.query_one(OptionList)
        index = self.days.index(self.current)
        option_list.replace_option_prompt_at_index(index, self._label(self.current))
        self.show_day(self.current)
