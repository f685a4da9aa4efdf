"""The lead's team view: every rep's week in a sortable table, a chart, drill-down.
Just over 400 lines: the table's columns (deals, month mode) and the chart sit
with the screen that switches between them.
The app that opens it is TeamApp (tui/team_app.py).

Widgets show a TeamWeek built by domain.team; they compute nothing. Drilling
into a rep (enter) opens the rep's weekly review screen, the very screen the
rep has, on the rep's store inside the team store and the rep's own metrics
and calendar from the team index: the lead sees the week as the rep sees it.
It is read-only there: the rep's own store decides the actions, and the next
merge brings them.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace
from datetime import timedelta

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal
from textual.widgets import DataTable, Static

from istui.domain.funnel import Metric
from istui.domain.monthly import next_month, previous_month
from istui.domain.targets import LoweredDay
from istui.domain.team import RepWeek, TeamWeek
from istui.i18n import N_, tr
from istui.render.cells import cells, clip, pad
from istui.render.labels import count_name
from istui.render.numbers import NO_VALUE, percent
from istui.render.safe import terminal, widget_text
from istui.render.statusline import status_word
from istui.render.team import (
    Column,
    hours_line,
    metric_cell,
    sort_reps,
    team_columns,
    team_totals_line,
    title_text,
)
from istui.render.team_deals import channel_lines, with_deal_columns
from istui.render.team_month import lowered_summary, month_title_text
from istui.services.config import KNOWN_METRICS
from istui.services.keys import MONTH
from istui.services.team import load_team_week
from istui.services.team_month import load_team_month, team_lowered
from istui.store import StoreError
from istui.store.team import TeamStore
from istui.tui.bindings import IstuiScreen
from istui.tui.screens.help import HELP_KEY
from istui.tui.widgets.footer import KeysFooter

#: Below WIDE columns the bottleneck is two words (the drill-down has it in
#: full); below NARROW the cells are short too and counters are left out, so
#: the table never needs sideways scrolling.
WIDE = 160
NARROW = 110
#: The review's verdicts in two words for narrow team tables.
BOTTLENECK_WORDS = {
    "no export": N_("no export"),
    "not enough data": N_("thin data"),
    "no targets": N_("no target"),
    "target met": N_("on target"),
    "volume": N_("volume"),
    "short": N_("volume"),
}


def fitted_columns(week: TeamWeek, columns: list[Column], width: int) -> list[Column]:
    """The same columns (same sort) made to fit ``width``: the bottleneck as two
    words; when narrow, also count and % instead of count/target %, short labels
    and no counter columns."""
    if width >= WIDE:
        return columns
    narrow = width < NARROW
    metrics = {m.key: m for r in week.reps for m in r.metrics.all}
    out = []
    for column in columns:
        metric = metrics.get(column.key)
        if metric is not None and not narrow:
            out.append(column)
        elif metric is not None:
            if not metric.funnel:
                continue

            def cell(r: RepWeek, k: str = column.key) -> str:
                if not r.exported or r.metrics.get(k) is None:
                    return metric_cell(r, k)
                count = r.counts.get(k, 0)
                return f"{count} {percent(r.achievement(k))}" if r.targets.get(k) else f"{count}"

            out.append(replace(column, label=short_label(metric), cell=cell))
        elif column.key == "rep":
            out.append(replace(column, cell=short_name))
        elif column.key in ("connect_rate", "meeting_rate") and narrow:
            out.append(replace(column, label=column.label.replace(" ", "")))
        elif column.key == "bottleneck":
            out.append(replace(column, label=tr("Issue"), cell=bottleneck_word))
        elif column.key == "reflected":
            out.append(replace(column, label=tr("Refl"), cell=reflected_count))
        else:
            out.append(column)
    return out


def short_label(metric: Metric) -> str:
    """ "Conn" for Connects: the status line's short name (a rep's own export may
    only carry the key), capitalised."""
    known = KNOWN_METRICS.get(metric.key)
    return status_word(metric.key, known[1] if known else metric.short).capitalize()


def stage_word(rep: RepWeek, stage: str) -> str:
    metric = rep.metrics.get(stage)
    return short_label(metric).lower() if metric else stage


def short_name(rep: RepWeek) -> str:
    """At most 12 cells (a Japanese character takes two), no control character."""
    return clip(terminal(rep.name), 12, fill=True)


def bottleneck_word(rep: RepWeek) -> str:
    b = rep.bottleneck
    if b.verdict == "quality" and b.stage:
        return tr("{stage} rate", stage=stage_word(rep, b.stage))
    word = BOTTLENECK_WORDS.get(b.verdict)
    return tr(word) if word else b.verdict


def reflected_count(rep: RepWeek) -> str:
    if not rep.reflected:
        return NO_VALUE
    return f"{sum(1 for _, done in rep.reflected if done)}/{len(rep.reflected)}"


#: The two series of the team chart told apart by their fill, not by colour alone.
CHART_MARKS = ("█", "▒")


def chart_series(week: TeamWeek) -> tuple[str, str] | None:
    """The two metrics charted: the dials and the last funnel stage a rep has."""
    if not week.keys:
        return None
    top = week.keys[0]
    last = next(
        (r.headline_key for r in week.reps if r.headline_key and r.headline_key != top), top
    )
    return top, last


class TeamChart(Static):
    """Reps one under the other, two bars each: achievement % of the dials (█)
    and of the last funnel stage (▒). Drawn as text, so Japanese names keep
    their full width and are never cut; the key sits in the title line, off the
    bars; the series differ in fill, not only in colour; ┊ marks 100 %."""

    week: TeamWeek | None = None
    reps: tuple[RepWeek, ...] = ()

    def show(self, week: TeamWeek, reps: Sequence[RepWeek] | None = None) -> None:
        """``reps`` in the table's order (the week's own order by default)."""
        self.week = week
        self.reps = tuple(week.reps if reps is None else reps)
        self.refresh()

    def render(self) -> Text:
        week = self.week
        series = chart_series(week) if week else None
        reps = self.reps
        if week is None or series is None or not reps:
            return Text(tr("achievement % of target: no reps"), style="dim")
        top, last = series
        names = [short_name(r) for r in reps]
        label_cells = max(cells(n) for n in names) + 1
        values = [[r.achievement(k) for k in series] for r in reps]
        # Thicker bars and a gap between reps when the height allows it.
        per_rep = max(2, (self.size.height - 1) // len(reps))
        thickness = max(1, min(3, (per_rep - 1) // 2))
        gap = per_rep > 2 * thickness
        peak = max([100.0, *(v or 0.0 for pair in values for v in pair)])
        bar_cells = max(10, self.size.width - label_cells - 6)
        full = round(100 / peak * bar_cells)  # where 100 % falls
        theme = self.app.current_theme
        colours = (theme.primary, theme.secondary or theme.accent or theme.primary)
        text = Text()
        text.append(tr("achievement %") + "  ", style="bold")
        text.append(
            f"{CHART_MARKS[0]} {terminal(count_name(top))}  "
            f"{CHART_MARKS[1]} {terminal(count_name(last))}  ┊ 100%\n"
        )
        for name, pair, rep in zip(names, values, reps, strict=True):
            for index, (key, value) in enumerate(zip(series, pair, strict=True)):
                filled = round((value or 0.0) / peak * bar_cells)
                bar = CHART_MARKS[index] * filled
                if filled < full:
                    bar += " " * (full - filled - 1) + "┊"
                for row in range(thickness):
                    label = name if index == 0 and row == 0 else ""
                    text.append(pad(label, label_cells))
                    text.append(bar, style=colours[index] if rep.metrics.get(key) else "dim")
                    last_row = row == thickness - 1
                    text.append(f" {percent(value)}" if last_row else "")
                    text.append("\n")
            if gap:
                text.append("\n")
        text.rstrip()
        return text


class TeamScreen(IstuiScreen[None]):
    BINDINGS = [
        Binding("s", "next_sort", N_("Sort")),
        Binding("S", "reverse_sort", N_("Reverse")),
        Binding("enter", "drill", N_("Open rep"), priority=True),
        Binding("left_square_bracket", "week(-1)", N_("Prev week"), key_display="["),
        Binding("right_square_bracket", "week(1)", N_("Next week"), key_display="]"),
        Binding("t", "trends", N_("Trends")),
        Binding(MONTH.key, "month_mode", N_("Month / week"), show=False),
        HELP_KEY,
        Binding("c", "channels", N_("By channel / chart"), show=False),
        Binding("q", "app.quit", N_("Quit")),
    ]

    def __init__(self, team: TeamStore, week: TeamWeek) -> None:
        super().__init__(id="team")
        self.team = team
        self.week = week
        self.sort_index = 0
        self.reverse = False
        self.rows: list[RepWeek] = []
        self.columns: list[Column] = []
        self._laid_fit = -1
        #: The month mode (y): the month's days instead of a week's; [ ] step months.
        self.month: tuple[int, int] | None = None
        self.lowered: dict[str, tuple[LoweredDay, ...]] = {}

    def compose(self) -> ComposeResult:
        yield Static(id="team-title")
        yield DataTable(id="team-table", cursor_type="row", zebra_stripes=True)
        yield Static(id="team-totals")
        with Horizontal(id="team-lower"):
            yield TeamChart(id="team-chart")
            yield Static(id="team-channels")
            yield Static(id="team-hours")
        yield KeysFooter()

    def on_mount(self) -> None:
        self.show_week(self.week)

    def _fit(self) -> int:
        """Which layout the width calls for (0 wide, 1 medium, 2 narrow)."""
        width = self.app.size.width
        return 0 if width >= WIDE else 1 if width >= NARROW else 2

    def on_resize(self, _: events.Resize) -> None:
        if self._fit() != self._laid_fit:
            self.show_week(self.week)

    def show_week(self, week: TeamWeek) -> None:
        self.week = week
        sorted_by = self.columns[self.sort_index].key if self.columns else ""
        self._laid_fit = self._fit()
        self.columns = fitted_columns(week, team_columns(week), self.app.size.width)
        self.columns = with_deal_columns(week, self.columns, self.app.size.width)
        keys = [c.key for c in self.columns]
        self.sort_index = keys.index(sorted_by) if sorted_by in keys else 0
        table = self.query_one(DataTable)
        table.clear(columns=True)
        for column in self.columns:
            # Labels and cells as Text, never markup: they carry the reps' words.
            table.add_column(widget_text(column.label), key=column.key)
        self._fill()
        try:
            self.lowered = team_lowered(self.team, week)
        except StoreError:
            self.lowered = {}
        totals = team_totals_line(week)
        marks = lowered_summary(week.reps, self.lowered)
        self.query_one("#team-totals", Static).update(
            widget_text(totals + ("\n" + marks if marks else ""))
        )
        hours = Text(tr("Team connect rate by hour") + "\n", style="bold")
        hours.append("\n".join(hours_line(week)) or tr("no dials"))
        self.query_one("#team-hours", Static).update(hours)
        self._show_channels()

    def _fill(self) -> None:
        column = self.columns[self.sort_index]
        self.rows = sort_reps(self.week, column, self.reverse)
        table = self.query_one(DataTable)
        table.clear()
        for rep in self.rows:
            table.add_row(
                *(widget_text(c.cell(rep), no_wrap=True, end="") for c in self.columns),
                key=rep.rep_id,
            )
        arrow = "▼" if self.reverse else "▲"
        self.query_one(TeamChart).show(self.week, self.rows)
        shown = title_text(self.week)
        if self.month is not None:
            shown = month_title_text(self.week, *self.month)
        title = Text(shown, style="bold", no_wrap=True, overflow="ellipsis")
        title.append(" · " + tr("sorted by {column} {arrow}", column=column.label, arrow=arrow))
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
            from istui.tui.team_app import TeamApp

            app = self.app
            assert isinstance(app, TeamApp)
            app.week_start = self.week.start
            self.app.push_screen(app.rep_screen_factory(app, rep))

    def action_trends(self) -> None:
        """Each metric and rate over the last weeks: the team's, each rep's beside it."""
        from istui.domain.calendar import IsoWeek
        from istui.tui.screens.team_trends import TeamTrendsScreen

        # the week shown, or in month mode the month's last week so far
        last = min(self.week.end, self.team.today()) if self.month is not None else self.week.start
        self.app.push_screen(TeamTrendsScreen(self.team, IsoWeek.of(last)))

    def action_week(self, step: int) -> None:
        try:
            if self.month is not None:
                year, month = self.month
                for _ in range(abs(step)):
                    year, month = (next_month if step > 0 else previous_month)(year, month)
                week = load_team_month(self.team, year, month).figures
                self.month = (year, month)
            else:
                start = self.week.start + timedelta(days=7 * step)
                week = load_team_week(self.team, start, start + timedelta(days=6))
        except StoreError as exc:
            self.notify(terminal(exc), severity="error", timeout=10, markup=False)
            return
        self.show_week(week)

    #: The lower pane shows the team by channel (c) instead of the chart.
    channels = False

    def _show_channels(self) -> None:
        box = self.query_one("#team-channels", Static)
        box.display = self.channels
        self.query_one(TeamChart).display = not self.channels
        if self.channels:
            title = Text(tr("The team by channel") + "\n", style="bold")
            title.append_text(widget_text("\n".join(channel_lines(self.week)), multiline=True))
            box.update(title)

    def action_channels(self) -> None:
        """The team's figures by channel in the chart's place, or the chart back."""
        self.channels = not self.channels
        self._show_channels()

    def action_month_mode(self) -> None:
        """The month of the week shown (its Thursday's), or back to its first week."""
        try:
            if self.month is None:
                thursday = self.week.start + timedelta(days=3)
                week = load_team_month(self.team, thursday.year, thursday.month).figures
                self.month = (thursday.year, thursday.month)
            else:
                first = self.week.start
                monday = first - timedelta(days=first.weekday())
                week = load_team_week(self.team, monday, monday + timedelta(days=6))
                self.month = None
        except StoreError as exc:
            self.notify(terminal(exc), severity="error", timeout=10, markup=False)
            return
        self.show_week(week)
