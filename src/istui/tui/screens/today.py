"""The Today screen: one key per outcome, live counts, rates and pace.

Just over 400 lines: besides the counts it keeps the top bar's marks (checks
due, meetings held today, the current call list) and opens the screens reached
from Today; each part is short and shares the screen's session and marks.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache, partial
from typing import TYPE_CHECKING, ClassVar

from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, Vertical
from textual.markup import escape

from istui.domain.today import DayView
from istui.domain.totals import span_total
from istui.i18n import tr, trp
from istui.render.dates import weekday_day
from istui.render.events import kind_label, undone_text
from istui.services.keys import TODAY_KEYS, Key
from istui.services.session import DaySession
from istui.store import StoreError
from istui.tui.bindings import IstuiScreen
from istui.tui.commands import PaletteCommand
from istui.tui.reminders import FormReminders
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.today import (
    BigFigure,
    HourStrip,
    LastLogged,
    MetricRow,
    PacePanel,
    RatesPanel,
    TopBar,
    WeekStrip,
    head_width,
    headline_figures,
    outcome_word,
)

if TYPE_CHECKING:
    from istui.tui.screens.forms import FormContext


@dataclass(frozen=True)
class _Panels:
    """The Today screen's single widgets, found once (see _widget_cache)."""

    top: TopBar
    rates: RatesPanel
    pace: PacePanel
    last: LastLogged
    hours: HourStrip
    week: WeekStrip


def key_binding(key: Key, *, priority: bool = False) -> Binding:
    """The Textual binding for one of istui's keys (services/keys.py)."""
    return Binding(
        key.key,
        key.action,
        key.description,
        key_display=key.display or None,
        priority=priority,
        tooltip=key.tooltip,
        show=key.footer,
    )


class TodayScreen(IstuiScreen[None], inherit_bindings=False):
    """The calling block. Logging keys work the moment the screen shows.

    Its bindings are the config's logging keys (priority: handled before
    anything else), then SCREEN_KEYS; none of Screen's own (no focus keys).
    The logging keys differ by config, and Textual reads bindings from the
    class, so the app opens ``TodayScreen.for_session(session)``: a subclass with
    those keys in its BINDINGS, made once per set of keys.
    """

    #: Keys after the logging keys (those come from the config, first in the footer).
    SCREEN_KEYS: ClassVar[list[BindingType]] = [key_binding(key) for key in TODAY_KEYS]
    BINDINGS: ClassVar[list[BindingType]] = SCREEN_KEYS

    @classmethod
    def for_session(cls, session: DaySession) -> TodayScreen:
        """The Today screen of the session, bound to its config's logging keys."""
        logging = tuple((m.bind, m.key, m.label) for m in session.config.metrics.all)
        return _with_logging_keys(cls, logging)(session)

    def __init__(self, session: DaySession) -> None:
        super().__init__(id="today")
        self.session = session
        #: Persistent marks shown in the top bar (e.g. "mid-check due"), by name.
        self.marks: dict[str, str] = {}
        self.reminders = FormReminders(session, self.marks, self.notify, self._alert)
        self._rows: dict[str, MetricRow] | None = None
        self._figures: list[BigFigure] | None = None
        self._panels: _Panels | None = None
        self._caps_told = False

    def compose(self) -> ComposeResult:
        view = self.session.view()
        yield TopBar(id="topbar")
        with Horizontal(id="headline"):
            for _ in range(4):
                yield BigFigure(classes="big-figure")
        with Vertical(id="counters"):
            for line in view.lines:
                yield MetricRow(line, head_width(view.lines), classes="metric-row")
        yield LastLogged(id="last")
        with Horizontal(id="panels"):
            yield RatesPanel(id="rates")
            yield PacePanel(id="pace")
        with Horizontal(id="wide"):
            yield HourStrip(id="hours")
            yield WeekStrip(id="week")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.refresh_deals_mark()
        self.refresh_list_mark()
        self.reminders.update(reload=True)
        self.refresh_view(full=True)
        self.set_interval(0.5, self._tick)

    def _tick(self) -> None:
        """Twice a second: pick up other processes' writes and the day rollover,
        and repaint the clock and pace."""
        try:
            changed = self.session.poll()
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.reminders.update(reload=changed)
        self.refresh_view(full=changed)

    def _widget_cache(self) -> tuple[dict[str, MetricRow], list[BigFigure], _Panels]:
        """The widgets refreshed on every key, found once: a CSS query per key
        press costs more than the rest of the repaint."""
        if self._rows is None or self._figures is None or self._panels is None:
            self._rows = {row.line.metric.key: row for row in self.query(MetricRow)}
            self._figures = list(self.query(BigFigure))
            self._panels = _Panels(
                top=self.query_one(TopBar),
                rates=self.query_one(RatesPanel),
                pace=self.query_one(PacePanel),
                last=self.query_one(LastLogged),
                hours=self.query_one(HourStrip),
                week=self.query_one(WeekStrip),
            )
        return self._rows, self._figures, self._panels

    def refresh_view(self, *, full: bool = False) -> None:
        view = self.session.view()
        rows, figures, panels = self._widget_cache()
        panels.top.show(self.session.config.rep_name, view, self.marks_text())
        for line in view.lines:
            rows[line.metric.key].show(line)
        panels.rates.show(view)
        panels.pace.show(view)
        for figure, (label, value, state) in zip(figures, headline_figures(view), strict=False):
            figure.show(label, value, state)
        self._refresh_last(panels.last)
        if full:
            self._refresh_wide(view, panels)

    def _refresh_last(self, last: LastLogged) -> None:
        event = self.session.last_event
        metrics = self.session.config.metrics
        if event is None:
            keys = " ".join(m.bind for m in metrics.all)
            last.show(None, None, keys)
            return
        word = outcome_word(event.kind, kind_label(event.kind, metrics))
        last.show(word, f"{event.at:%H:%M:%S}", "")

    def _refresh_wide(self, view: DayView, panels: _Panels) -> None:
        hours = self.session.config.hours
        last = hours.end.hour - (1 if hours.end.minute == 0 else 0)
        panels.hours.show(view, hours.start.hour, last)
        funnel = [m for m in self.session.config.metrics.funnel]
        rows = []
        week = self.session.week_so_far(view)
        for totals in week:
            label = weekday_day(totals.day)
            rows.append(
                (
                    label,
                    [(totals.counts.get(m.key, 0), totals.targets.get(m.key, 0)) for m in funnel],
                )
            )
        counts, targets = span_total(week)
        total = [(counts.get(m.key, 0), targets.get(m.key, 0)) for m in funnel]
        panels.week.show(rows, [m.label for m in funnel], total, weekday_day(self.session.day))

    def palette_commands(self) -> list[PaletteCommand]:
        """Palette names for the logging keys (the other keys come from the bindings)."""
        commands = []
        funnel = self.session.config.metrics.funnel
        for metric in self.session.config.metrics.all:
            if metric.funnel:
                index = funnel.index(metric)
                above = trp("list separator", ", ").join(m.label.lower() for m in funnel[:index])
                what = (
                    tr("add one dial (also counts {above})", above=above)
                    if above
                    else tr("add one dial")
                )
            else:
                what = tr("add one, outside the funnel")
            commands.append(
                PaletteCommand(
                    tr("Log {label}", label=metric.label),
                    what,
                    partial(self.action_log, metric.key),
                    key=metric.bind,
                    action=f"log('{metric.key}')",
                )
            )
        commands.append(
            PaletteCommand(
                tr("Undo"),
                tr("remove today's last logged event"),
                self.action_undo,
                key="u",
                action="undo",
            )
        )
        return commands

    def marks_text(self) -> str:
        return "  ".join(self.marks.values())

    def _alert(self, title: str, body: str) -> None:
        """A check fell due: the app rings and notifies as the rep chose."""
        alert = getattr(self.app, "alert", None)
        if alert is not None:
            alert(title, body)

    def on_key(self, event: events.Key) -> None:
        """A logging key typed with Caps Lock on (C for c) logs the same outcome,
        once told: the rep looking at the dialer must not lose a dial to it. A
        letter bound in its own right, or one of the app's keys, is left alone
        (those are bindings, handled before this)."""
        char = event.character
        if char is None or len(char) != 1 or not char.isalpha() or char.lower() == char:
            return
        metrics = self.session.config.metrics
        if any(m.bind == char for m in metrics.all):
            return
        metric = next((m for m in metrics.all if m.bind == char.lower()), None)
        if metric is None:
            return
        event.stop()
        event.prevent_default()
        if not self._caps_told:
            self._caps_told = True
            self.notify(
                tr(
                    "{char} logged as {key} ({label}): is Caps Lock on?",
                    char=char,
                    key=char.lower(),
                    label=metric.label,
                ),
                markup=False,
            )
        self.action_log(metric.key)

    def action_log(self, kind: str) -> None:
        try:
            self.session.log(kind)
        except StoreError as exc:
            self.notify(
                tr("not logged: {error}", error=exc), severity="error", timeout=10, markup=False
            )
            return
        self.refresh_view(full=True)

    def action_undo(self) -> None:
        try:
            undone = self.session.undo_change()
        except StoreError as exc:
            self.notify(
                tr("not undone: {error}", error=exc), severity="error", timeout=10, markup=False
            )
            return
        if undone is None:
            self.notify(tr("nothing to undo today"))
        else:
            self.notify(escape(undone_text(undone)))
        self.refresh_view(full=True)

    # ------------------------------------------------ mid-check, reflection, history
    def _form_context(self) -> FormContext:
        return self.session.context

    def _forms_closed(self, _: object = None) -> None:
        self.reminders.update(reload=True)
        self.refresh_view(full=True)

    def action_midcheck(self) -> None:
        """Open the check that is due, else the next one (early), else the last."""
        from istui.domain.reflection import slot_to_open
        from istui.tui.screens.midcheck import MidCheckScreen

        self.reminders.update(reload=True)
        slot = slot_to_open(self.reminders.slots())
        if slot is None:
            self.notify(tr("no mid-check times configured ([midchecks].times)"), markup=False)
            return
        try:
            screen = MidCheckScreen(self._form_context(), self.session.day, slot.name)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.app.push_screen(screen, self._forms_closed)

    def action_reflect(self) -> None:
        from istui.tui.screens.reflection import ReflectionScreen

        try:
            screen = ReflectionScreen(self._form_context(), self.session.day)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.app.push_screen(screen, self._forms_closed)

    def action_events(self) -> None:
        from istui.tui.screens.events import EventsScreen

        self.app.push_screen(EventsScreen(self.session), self._forms_closed)

    def action_deals(self) -> None:
        from istui.tui.screens.deals import DealsScreen

        self.app.push_screen(DealsScreen(self._form_context()), self._deals_closed)

    def _deals_closed(self, _: object = None) -> None:
        self.refresh_deals_mark()
        self._forms_closed()

    def refresh_deals_mark(self) -> None:
        """The top bar names the meetings held today (none: no mark)."""
        from istui.render.deals import held_today_text
        from istui.services.deals import deals_held_today

        try:
            mark = held_today_text(deals_held_today(self.session.context))
        except StoreError:
            mark = ""
        if mark:
            self.marks["deals"] = mark
        else:
            self.marks.pop("deals", None)

    def action_pick_list(self) -> None:
        from istui.tui.screens.deals import ListPicker

        lists = self.session.config.lists
        if not lists.lists:
            self.notify(tr("No call lists yet: add [lists.named.NAME] to the config."))
            return

        def picked(name: str | None) -> None:
            if name is None:
                return
            try:
                self.session.switch_list(name)
            except (StoreError, LookupError) as exc:
                self.notify(escape(str(exc)), severity="error", timeout=10)
            self.refresh_list_mark()
            self.refresh_view()

        current = self.session.call_list.name if self.session.call_list else ""
        self.app.push_screen(ListPicker(lists, current), picked)

    def refresh_list_mark(self) -> None:
        """The top bar names the call list being dialled (none: no mark)."""
        from istui.render.safe import one_line

        item = self.session.call_list
        if item is None:
            self.marks.pop("list", None)
        else:
            self.marks["list"] = tr("list: {name}", name=one_line(item.name))

    def action_history(self) -> None:
        from istui.tui.screens.day_history import DayHistoryScreen

        self.app.push_screen(DayHistoryScreen(self._form_context()), self._forms_closed)


@cache
def _with_logging_keys(
    base: type[TodayScreen], logging: tuple[tuple[str, str, str], ...]
) -> type[TodayScreen]:
    """``base`` with the logging keys (key, metric, label) first in its bindings."""
    keys = [
        Binding(bind, f"log('{metric}')", label, priority=True) for bind, metric, label in logging
    ]
    bindings: list[BindingType] = [*keys, *base.SCREEN_KEYS]
    return types.new_class(
        base.__name__,
        (base,),
        {"inherit_bindings": False},
        lambda namespace: namespace.update(BINDINGS=bindings, __module__=base.__module__),
    )
