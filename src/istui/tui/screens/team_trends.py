"""The lead's trends (t in the team view): one metric or rate at a time over the
last 13 weeks, the team's row first and every rep's under it (sparkline, the
latest week, the direction; n: the numbers week by week), and a chart of the
rep under the cursor beside the team. Thin weeks are gaps, never 0."""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.widgets import DataTable, Static

from istui.domain.calendar import IsoWeek
from istui.domain.trends import Trend
from istui.i18n import N_, tr, trp
from istui.render import trends as words
from istui.render.cells import clip
from istui.render.safe import widget_text
from istui.services.trends import TeamTrends, load_team_trends
from istui.store import StoreError
from istui.store.team import TeamStore
from istui.tui.bindings import IstuiScreen
from istui.tui.screens.help import HELP_KEY
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.review import y_scale

#: The name column, in cells (a Japanese character takes two).
NAME_CELLS = 14
TEAM_ROW = "__team__"


def chart_points(trend: Trend) -> list[list[tuple[float, float]]]:
    """The trend's weeks with figures as runs of (x, y), split at each gap, so
    a line never bridges a week without data and a gap never reads as 0."""
    runs: list[list[tuple[float, float]]] = []
    current: list[tuple[float, float]] = []
    for x, point in enumerate(trend.points, 1):
        if point.value is None:
            if current:
                runs.append(current)
            current = []
            continue
        y = point.value * 100 if trend.kind == "rate" else point.value
        current.append((float(x), y))
    if current:
        runs.append(current)
    return runs


class TeamTrendsScreen(IstuiScreen[None]):
    BINDINGS = [
        Binding("m", "series(1)", N_("Next metric")),
        Binding("M", "series(-1)", N_("Prev metric"), show=False),
        Binding("n", "numbers", N_("Numbers")),
        Binding("left_square_bracket", "week(-1)", N_("Prev week"), key_display="["),
        Binding("right_square_bracket", "week(1)", N_("Next week"), key_display="]"),
        HELP_KEY,
        Binding("escape", "back", N_("Back"), key_display="esc"),
    ]

    def __init__(self, team: TeamStore, week: IsoWeek) -> None:
        super().__init__(id="team-trends")
        self.team = team
        self.week = week
        self.series = 0
        self.numbers = False
        self.trends: TeamTrends | None = None
        self.row_keys: list[str] = []

    def compose(self) -> ComposeResult:
        yield Static(id="tt-title")
        yield DataTable(id="tt-table", cursor_type="row", zebra_stripes=False)
        yield Static(id="tt-legend")
        from textual_plotext import PlotextPlot  # slow to import: only here

        yield PlotextPlot(id="tt-chart")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.load()

    def load(self) -> None:
        try:
            self.trends = load_team_trends(self.team, self.week)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10, markup=False)
            return
        self.show()

    def current(self) -> tuple[str, str] | None:
        if self.trends is None or not self.trends.team:
            return None
        trend = self.trends.team[self.series % len(self.trends.team)]
        return trend.kind, trend.key

    def show(self) -> None:
        picked = self.current()
        trends = self.trends
        table = self.query_one(DataTable)
        table.clear(columns=True)
        if trends is None or picked is None:
            self.query_one("#tt-title", Static).update(
                Text(trp("trend", "No rep has been merged yet."))
            )
            return
        kind, key = picked
        team = trends.team_trend(kind, key)
        assert team is not None
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(words.span_title(trends.weeks), style="bold")
        title.append(" · ")
        title.append(words.trend_label(team), style="bold reverse")  # plain text, never markup
        title.append("  " + trp("trend", "(m: next metric · n: numbers)"), style="dim")
        self.query_one("#tt-title", Static).update(title)
        if self.numbers:
            last = len(trends.weeks) if self.app.size.width >= 110 else 8
            header = [trp("trend", "rep"), *(words.week_label(w) for w in trends.weeks[-last:])]
        else:
            last = 0
            header = [trp("trend", "rep"), *words.summary_header()[1:]]
        for index, name in enumerate(header):
            table.add_column(name, key=f"c{index}")
        rows: list[tuple[str, str, Trend]] = [(TEAM_ROW, trp("trend", "team"), team)]
        for rep_id in sorted(trends.reps):
            mine = trends.rep_trend(rep_id, kind, key)
            if mine is not None:
                rows.append((rep_id, trends.names.get(rep_id, rep_id), mine))
        self.row_keys = [row_key for row_key, _, _ in rows]
        for row_key, name, trend in rows:
            values = (
                words.numbers_row(trend, last)[1:]
                if self.numbers
                else (words.summary_row(trend)[1:])
            )
            style = "bold" if row_key == TEAM_ROW else ""
            cells = [widget_text(clip(name, NAME_CELLS), no_wrap=True, end="")]
            cells += [Text(v, no_wrap=True, justify="right") for v in values]
            for cell in cells:
                cell.stylize(style)
            table.add_row(*cells, key=row_key)
        self.query_one("#tt-legend", Static).update(Text(words.legend(team=True), style="dim"))
        self.draw_chart()

    def on_data_table_row_highlighted(self, _: DataTable.RowHighlighted) -> None:
        self.draw_chart()

    def draw_chart(self) -> None:
        """The rep under the cursor beside the team (the team alone on its row)."""
        from textual_plotext import PlotextPlot

        trends, picked = self.trends, self.current()
        if trends is None or picked is None:
            return
        plot = self.query_one("#tt-chart", PlotextPlot)
        kind, key = picked
        team = trends.team_trend(kind, key)
        table = self.query_one(DataTable)
        row = table.cursor_row
        rep_id = self.row_keys[row] if 0 < row < len(self.row_keys) else None
        mine = trends.rep_trend(rep_id, kind, key) if rep_id else None
        plt: Any = plot.plt
        plt.clear_data()
        plt.clear_figure()
        xs = [float(i) for i in range(1, len(trends.weeks) + 1)]
        plt.xticks(xs, [words.week_label(w) for w in trends.weeks])
        plt.xlim(0.5, len(xs) + 0.5)
        for trend, marker in ((team, "•"), (mine, "█")):
            if trend is None:
                continue
            for run in chart_points(trend):
                plt.plot([x for x, _ in run], [y for _, y in run], marker=marker)
        peak = max(
            (y for t in (team, mine) if t for run in chart_points(t) for _, y in run), default=0
        )
        top, step = y_scale(int(peak) + 1)  # from 0: a low week is low, a gap is a gap
        plt.ylim(0, top)
        plt.yticks(list(range(0, top + 1, step)))
        unit = " %" if kind == "rate" else ""
        label = words.trend_label(team) if team else ""
        plt.title(
            tr("{metric}{unit}: █ the rep under the cursor · • the team", metric=label, unit=unit)
        )
        plot.refresh()

    def action_series(self, step: int) -> None:
        self.series += step
        self.show()

    def action_numbers(self) -> None:
        self.numbers = not self.numbers
        self.show()

    def action_week(self, step: int) -> None:
        self.week = self.week.shift(step)
        self.load()

    def action_back(self) -> None:
        self.app.pop_screen()
