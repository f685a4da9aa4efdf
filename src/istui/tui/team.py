"""The lead's team view: every rep's week in a sortable table, a chart, drill-down.

Widgets show a TeamWeek built by domain.team; they compute nothing. Drilling
into a rep (enter) opens the rep's weekly review screen, the very screen the
rep has, on the rep's store inside the team store and the rep's own metrics
and calendar from the team index: the lead sees the week as the rep sees it.
It is read-only there: the rep's own store decides the actions, and the next
merge brings them.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import timedelta
from pathlib import Path

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.screen import Screen
from textual.widgets import DataTable, Footer, Static
from textual_plotext import PlotextPlot

from istui.clock import Clock, SystemClock
from istui.domain.team import RepWeek, TeamWeek
from istui.store import StoreError
from istui.store.team import TeamStore
from istui.team_report import (
    hours_line,
    load_team_week,
    rep_config,
    sort_reps,
    team_columns,
    team_totals_line,
    title_text,
)
from istui.themes import load_themes, shipped_themes_dir, user_themes_dir

STYLES = Path(__file__).parent / "styles"


class TeamChart(PlotextPlot):
    """Reps side by side: achievement % of the dials and of the last funnel stage."""

    def show(self, week: TeamWeek) -> None:
        plt = self.plt
        plt.clear_data()
        plt.clear_figure()
        names = [r.name[:10] for r in week.reps]
        if names and week.keys:
            top = week.keys[0]
            last = next(
                (r.headline_key for r in week.reps if r.headline_key and r.headline_key != top),
                top,
            )
            plt.multiple_bar(
                names,
                [
                    [round(r.achievement(top) or 0) for r in week.reps],
                    [round(r.achievement(last) or 0) for r in week.reps],
                ],
                labels=[f"{top} %", f"{last} %"],  # type: ignore[call-arg]
            )
        plt.title("achievement % of target")
        self.refresh()


class TeamScreen(Screen[None]):
    BINDINGS = [
        Binding("s", "next_sort", "Sort"),
        Binding("S", "reverse_sort", "Reverse"),
        Binding("enter", "drill", "Rep", show=False),
        Binding("left_square_bracket", "week(-1)", "Prev week", key_display="["),
        Binding("right_square_bracket", "week(1)", "Next week", key_display="]"),
        Binding("q", "app.quit", "Quit"),
    ]

    def __init__(self, team: TeamStore, week: TeamWeek) -> None:
        super().__init__(id="team")
        self.team = team
        self.week = week
        self.sort_index = 0
        self.reverse = False
        self.rows: list[RepWeek] = []

    def compose(self) -> ComposeResult:
        yield Static(id="team-title")
        yield DataTable(id="team-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="team-totals")
        with Horizontal(id="team-lower"):
            yield TeamChart(id="team-chart")
            yield Static(id="team-hours")
        yield Footer()

    def on_mount(self) -> None:
        self.show_week(self.week)

    def show_week(self, week: TeamWeek) -> None:
        self.week = week
        self.columns = team_columns(week)
        self.sort_index = min(self.sort_index, len(self.columns) - 1)
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for column in self.columns:
            table.add_column(column.label, key=column.key)
        self._fill()
        self.query_one("#team-totals", Static).update(Text(team_totals_line(week)))
        hours = Text("Team connect rate by hour\n", style="bold")
        hours.append("\n".join(hours_line(week)) or "no dials")
        self.query_one("#team-hours", Static).update(hours)
        self.query_one(TeamChart).show(week)

    def _fill(self) -> None:
        column = self.columns[self.sort_index]
        self.rows = sort_reps(self.week, column, self.reverse)
        table = self.query_one(DataTable)
        table.clear()
        for rep in self.rows:
            table.add_row(*(c.cell(rep) for c in self.columns), key=rep.rep_id)
        arrow = "▼" if self.reverse else "▲"
        title = Text(title_text(self.week), style="bold")
        title.append(f"   sorted by {column.label} {arrow}  (s: next column, S: reverse, ")
        title.append("enter: open rep)")
        self.query_one("#team-title", Static).update(title)

    def action_next_sort(self) -> None:
        self.sort_index = (self.sort_index + 1) % len(self.columns)
        self._fill()

    def action_reverse_sort(self) -> None:
        self.reverse = not self.reverse
        self._fill()

    def on_data_table_header_selected(self, event: DataTable.HeaderSelected) -> None:
        keys = [c.key for c in self.columns]
        index = keys.index(str(event.column_key.value))
        if index == self.sort_index:
            self.reverse = not self.reverse
        self.sort_index = index
        self._fill()

    def on_data_table_row_selected(self, event: DataTable.RowSelected) -> None:
        self.open_rep(str(event.row_key.value))

    def action_drill(self) -> None:
        table = self.query_one(DataTable)
        if self.rows and 0 <= table.cursor_row < len(self.rows):
            self.open_rep(self.rows[table.cursor_row].rep_id)

    def open_rep(self, rep_id: str) -> None:
        rep = next((r for r in self.week.reps if r.rep_id == rep_id), None)
        if rep is not None:
            app = self.app
            assert isinstance(app, TeamApp)
            app.week_start = self.week.start
            self.app.push_screen(app.rep_screen_factory(app, rep))

    def action_week(self, step: int) -> None:
        start = self.week.start + timedelta(days=7 * step)
        try:
            week = load_team_week(self.team, start, start + timedelta(days=6))
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.show_week(week)


def rep_review_screen(app: TeamApp, rep: RepWeek) -> Screen[None]:
    """The rep's weekly review of the team view's week, read-only."""
    from istui.domain.review import IsoWeek
    from istui.tui.review import ReviewScreen

    config = rep_config(app.team.reps().get(rep.rep_id, {"rep_id": rep.rep_id}))
    return ReviewScreen(
        config,
        app.team.rep_store(rep.rep_id),
        app.clock,
        IsoWeek.of(app.week_start),
        read_only=True,
    )


class TeamApp(App[None]):
    CSS_PATH = [STYLES / "app.tcss", STYLES / "team.tcss", STYLES / "review.tcss"]
    TITLE = "istui team"
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False)]

    #: Builds the drill-down screen: the rep's own weekly review.
    rep_screen_factory: Callable[[TeamApp, RepWeek], Screen[None]] = staticmethod(rep_review_screen)

    def __init__(
        self,
        *,
        team: TeamStore,
        week: TeamWeek,
        theme_override: str | None = None,
        clock: Clock | None = None,
    ) -> None:
        super().__init__()
        self.team = team
        self.week = week
        self.clock: Clock = clock or SystemClock()
        self.week_start = week.start
        loaded = load_themes([shipped_themes_dir(), user_themes_dir()])
        for theme in loaded.themes:
            self.register_theme(theme)
        wanted = theme_override or "istui-dark"
        if wanted in self.available_themes:
            self.theme = wanted

    def on_mount(self) -> None:
        self.push_screen(TeamScreen(self.team, self.week))
