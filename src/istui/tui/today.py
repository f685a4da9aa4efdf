"""The Today screen: one key per outcome, live counts, rates and pace."""

from __future__ import annotations

from functools import partial

from textual.app import ComposeResult
from textual.binding import Binding, BindingsMap
from textual.containers import Horizontal, Vertical
from textual.screen import Screen

from istui.session import DaySession
from istui.store import StoreError
from istui.tui.commands import PaletteCommand
from istui.tui.footer import KeysFooter
from istui.tui.widgets import HourStrip, MetricRow, PacePanel, RatesPanel, TopBar, WeekStrip


class TodayScreen(Screen[None]):
    """The calling block. Logging keys work the moment the screen shows."""

    #: Keys after the logging keys (those come from the config, first in the footer).
    SCREEN_KEYS = [
        Binding("u", "undo", "Undo"),
        Binding("p", "app.targets", "Targets"),
        Binding("w", "app.review", "Review"),
        Binding("question_mark", "app.help", "Help", key_display="?"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, session: DaySession) -> None:
        super().__init__(id="today")
        self.session = session
        keys = [Binding(m.bind, f"log('{m.key}')", m.label) for m in session.config.metrics.all]
        self._bindings = BindingsMap([*keys, *self.SCREEN_KEYS])
        #: Persistent marks shown in the top bar (e.g. "mid-check due"), by name.
        self.marks: dict[str, str] = {}

    def compose(self) -> ComposeResult:
        view = self.session.view()
        yield TopBar(id="topbar")
        with Vertical(id="counters"):
            for line in view.lines:
                yield MetricRow(line, classes="metric-row")
        with Horizontal(id="panels"):
            yield RatesPanel(id="rates")
            yield PacePanel(id="pace")
        with Horizontal(id="wide"):
            yield HourStrip(id="hours")
            yield WeekStrip(id="week")
        yield KeysFooter()

    def on_mount(self) -> None:
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
        self.refresh_view(full=changed)

    def refresh_view(self, *, full: bool = False) -> None:
        view = self.session.view()
        self.query_one(TopBar).show(self.session.config.rep_name, view, self.marks_text())
        for line in view.lines:
            self.query_one(f"#metric-{line.metric.key}", MetricRow).show(line)
        self.query_one(RatesPanel).show(view)
        self.query_one(PacePanel).show(view)
        if full:
            self._refresh_wide(view)

    def _refresh_wide(self, view: object) -> None:
        from istui.domain.today import DayView

        assert isinstance(view, DayView)
        hours = self.session.config.hours
        last = hours.end.hour - (1 if hours.end.minute == 0 else 0)
        self.query_one(HourStrip).show(view, hours.start.hour, last)
        funnel = [m for m in self.session.config.metrics.funnel]
        rows = []
        for totals in self.session.week_so_far():
            label = f"{totals.day:%a %d}"
            rows.append(
                (
                    label,
                    [(totals.counts.get(m.key, 0), totals.targets.get(m.key, 0)) for m in funnel],
                )
            )
        self.query_one(WeekStrip).show(rows, [m.label for m in funnel])

    def palette_commands(self) -> list[PaletteCommand]:
        """Palette names for the logging keys (the other keys come from the bindings)."""
        commands = []
        funnel = self.session.config.metrics.funnel
        for metric in self.session.config.metrics.all:
            if metric.funnel:
                index = funnel.index(metric)
                above = ", ".join(m.label.lower() for m in funnel[:index])
                what = "one dial" + (f" (also counts {above})" if above else "")
            else:
                what = "one, outside the funnel"
            commands.append(
                PaletteCommand(
                    f"Log {metric.label}",
                    f"add {what}",
                    partial(self.action_log, metric.key),
                    key=metric.bind,
                    action=f"log('{metric.key}')",
                )
            )
        commands.append(
            PaletteCommand(
                "Undo", "remove today's last logged event", self.action_undo, key="u", action="undo"
            )
        )
        return commands

    def marks_text(self) -> str:
        return "  ".join(self.marks.values())

    def action_log(self, kind: str) -> None:
        try:
            self.session.log(kind)
        except StoreError as exc:
            self.notify(f"not logged: {exc}", severity="error", timeout=10)
            return
        self.refresh_view(full=True)

    def action_undo(self) -> None:
        try:
            event = self.session.undo()
        except StoreError as exc:
            self.notify(f"not undone: {exc}", severity="error", timeout=10)
            return
        if event is None:
            self.notify("nothing to undo today")
        else:
            self.notify(f"undid {event.kind} logged at {event.at:%H:%M:%S}")
        self.refresh_view(full=True)
