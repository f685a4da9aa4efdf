"""The weekly review screen: the week's numbers, where the funnel leaks, what the
rep wrote, and the actions that close the loop next week.

Tabs keep it usable at 80×24; every figure comes from a ReviewBundle (the same
one ``istui report`` prints), the widgets only lay it out. The pieces that
format a bundle are in widgets/review.py, the action and focus edit modals in
screens/review_forms.py, the Trends pane and the 1on1 in screens/review_panes.py.
The module is long (just over 400 lines) because it is one screen of six panes
and the actions' editing, which share the cursor and the tables; its text is
render/review's.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date, timedelta
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.widgets import ContentSwitcher, DataTable, Label, Static

from istui.domain.calendar import IsoWeek
from istui.domain.trends import Trend
from istui.domain.weekplan import ReviewAction
from istui.i18n import N_, tr
from istui.render.cells import clip
from istui.render.review import (
    action_row,
    day_table,
    diagnosis_lines,
    kpi_header,
    kpi_row,
    rate_header,
    rate_row,
    title,
    to_date,
)
from istui.render.safe import one_line
from istui.render.target_history import lowered_lines
from istui.services.clock import Clock
from istui.services.config import Config
from istui.services.keys import MONTH
from istui.services.review import ReviewBundle, load_review
from istui.store import Store, StoreError
from istui.tui.base import STYLES
from istui.tui.screens.help import HELP_KEY
from istui.tui.screens.review_forms import ActionForm, FocusForm
from istui.tui.screens.review_panes import TrendsAndOneOnOne
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.review import (
    OWNER_CELLS,
    TabBar,
    append_glance,
    chart_metric,
    draw_day_chart,
    focus_text,
    rich_table,
    when_tables,
    words_text,
)
from istui.tui.widgets.review_deals import ReviewDeals


class ReviewScreen(TrendsAndOneOnOne):
    """One ISO week at a time; ``[`` and ``]`` step through the weeks."""

    #: Read when the screen is first shown, if the app has not read it already
    #: (the lead's team view opens a review only on enter).
    CSS_PATH = [STYLES / "review.tcss"]

    BINDINGS = [
        Binding("left_square_bracket", "week(-1)", N_("Prev week"), key_display="["),
        Binding("right_square_bracket", "week(1)", N_("Next week"), key_display="]"),
        Binding("1", "tab('summary')", N_("Summary"), show=False),
        Binding("2", "tab('chart')", N_("Chart"), show=False),
        Binding("3", "tab('when')", N_("When"), show=False),
        Binding("4", "tab('words')", N_("Words"), show=False),
        Binding("5", "tab('next')", N_("Actions"), show=False),
        Binding("6", "tab('trends')", N_("Trends"), show=False),
        Binding("n", "trend_numbers", N_("Numbers"), show=False),
        Binding("m", "chart_metric", N_("Chart metric"), show=False),
        Binding("a", "add_action", N_("Add action")),
        Binding("x,space", "toggle_done", N_("Done"), key_display="x"),
        Binding("e", "edit_action", N_("Edit")),
        Binding("d", "delete_action", N_("Delete")),
        Binding("f", "edit_focus", N_("Focus")),
        Binding("o", "one_on_one", N_("1on1")),
        Binding(MONTH.key, "month", MONTH.description, show=False),
        HELP_KEY,
        Binding("escape", "back", N_("Back"), key_display="esc"),
    ]

    #: What changes the rep's plan: refused when the screen is read-only.
    WRITES = frozenset({"add_action", "edit_action", "toggle_done", "delete_action", "edit_focus"})

    def __init__(
        self,
        config: Config,
        store: Store,
        clock: Clock,
        week: IsoWeek,
        *,
        read_only: bool = False,
        covered: frozenset[date] | None = None,
        beside: Callable[[IsoWeek], Sequence[Trend]] | None = None,
    ) -> None:
        """``covered``: a rep's store inside a team store, the days merged
        exports covered (weeks never merged are unknown, not 0). ``beside``:
        the team's trends for a week, shown under the rep's (the lead's view)."""
        super().__init__(id="review")
        self.read_only = read_only
        self.covered = covered
        self.config = config
        self.store = store
        self.clock = clock
        self.week = week
        self.bundle: ReviewBundle | None = None
        self._plots_mounted = False
        self.chart_metric = 0  # which funnel metric the chart shows
        self.beside = beside
        self.trend_numbers = False  # the Trends pane: small charts, or the numbers
        self._trends: tuple[IsoWeek, Sequence[Trend], Sequence[Trend] | None] | None = None

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield TabBar(id="review-tabs")
        yield Static(id="review-problems")
        with ContentSwitcher(id="review-panes", initial="summary"):
            with VerticalScroll(id="summary", classes="pane"):
                with Horizontal(id="summary-row"):
                    yield Static(id="summary-figures")
                    yield Static(id="diagnosis")
                yield ReviewDeals(id="summary-deals")
            yield Horizontal(id="chart", classes="pane")  # plots mount on first view
            with VerticalScroll(id="when", classes="pane"), Vertical(id="when-row"):
                yield Static(id="when-hours")
                yield Static(id="when-weekdays")
            with VerticalScroll(id="words", classes="pane"):
                yield Static(id="words-body")
            with VerticalScroll(id="next", classes="pane"):
                ro = self.read_only
                yield Label(
                    tr("Last week's actions") if ro else tr("Last week's actions (x toggles done)"),
                    classes="section",
                )
                yield DataTable(id="last-actions", cursor_type="row", zebra_stripes=False)
                yield Label(
                    tr("Actions for next week (read-only)")
                    if ro
                    else tr("Actions for next week (a add · e edit · x done · d delete)"),
                    classes="section",
                )
                yield DataTable(id="next-actions", cursor_type="row", zebra_stripes=False)
                yield Static(id="focus-body")
            with VerticalScroll(id="trends", classes="pane"):
                yield Static(id="trends-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Owner and deadline get fixed narrow columns so the deadline stays in view
        # at 80 columns; the action takes what is left.
        action_width = max(16, self.app.size.width - 2 - 4 * 2 - 3 - OWNER_CELLS - 8 - 2)
        for table_id in ("#last-actions", "#next-actions"):
            table = self.query_one(table_id, DataTable)
            table.add_column(tr("done"), width=4)
            table.add_column(tr("action"), width=action_width)
            table.add_column(tr("owner"), width=OWNER_CELLS)
            table.add_column(tr("deadline"), width=8)
        self.query_one(TabBar).show("summary")
        self.reload()

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        """Read-only (a lead looking at a rep's copy in the team store): no writes,
        and the footer does not offer them."""
        return not (self.read_only and action in self.WRITES)

    # ------------------------------------------------------------------ data
    def reload(self) -> None:
        try:
            self.bundle = load_review(
                self.config,
                self.store,
                self.week,
                self.clock.now().date(),
                strict=False,
                covered=self.covered,
            )
        except StoreError as exc:  # load_review keeps going past bad files; this is a last net
            self.bundle = None
            self.query_one("#review-title", Static).update(
                Text(" " + tr("Week {week}", week=self.week) + " ", style="bold", no_wrap=True)
            )
            self._show_problems((tr("{error} (nothing of this week can be shown)", error=exc),))
            return
        self.show(self.bundle)

    def _show_problems(self, problems: Sequence[str]) -> None:
        """One line per unreadable file, inside the screen (a toast goes away)."""
        box = self.query_one("#review-problems", Static)
        box.display = bool(problems)
        box.update(
            Text("\n".join(tr("unreadable: {problem}", problem=one_line(p)) for p in problems))
        )

    def show(self, bundle: ReviewBundle) -> None:
        r = bundle.review
        self.query_one("#review-title", Static).update(
            Text(f" {title(bundle)} ", style="bold", no_wrap=True, overflow="ellipsis")
        )
        self._show_problems(bundle.problems)
        span = to_date(r)
        caption = (
            tr("Week to date ({span}) vs target due", span=span) if span else tr("Week vs target")
        )
        figures = Table.grid()
        figures.add_row(rich_table(kpi_header(r), [kpi_row(x) for x in r.lines], caption))
        figures.add_row("")
        figures.add_row(rich_table(rate_header(r), [rate_row(x) for x in r.rates], tr("Rates")))
        figures.add_row("")
        figures.add_row(rich_table(*day_table(bundle), tr("By day (actual/target)")))
        for lowered in lowered_lines(r.lowered):
            figures.add_row(Text(f"↓ {one_line(lowered)}", style="bold"))
        self.query_one("#summary-figures", Static).update(figures)
        diag = Text()
        diag.append(tr("Diagnosis") + "\n", style="bold")
        lines = diagnosis_lines(bundle)
        diag.append(lines[0] + "\n", style="bold")
        for line in lines[1:]:
            diag.append(f"· {line}\n")
        diag.append("\n")
        append_glance(diag, bundle)
        self.query_one("#diagnosis", Static).update(diag)
        self.query_one(ReviewDeals).show(bundle, self.config.deals.currency)
        if self._plots_mounted:
            self._show_chart(bundle)
        hours, days = when_tables(bundle)
        self.query_one("#when-hours", Static).update(hours)
        self.query_one("#when-weekdays", Static).update(days)
        self.query_one("#words-body", Static).update(words_text(bundle))
        self._fill_actions("#last-actions", bundle.last_plan.actions)
        self._fill_actions("#next-actions", bundle.plan.actions)
        self.query_one("#focus-body", Static).update(
            focus_text(bundle, editable=not self.read_only)
        )

    def _fill_actions(self, table_id: str, actions: Sequence[ReviewAction]) -> None:
        table = self.query_one(table_id, DataTable)
        row = table.cursor_row
        table.clear()
        for action in actions:
            done, what, owner, deadline = action_row(action, short_date=True)
            cells = (done, what, clip(owner, OWNER_CELLS, fill=True), deadline)
            table.add_row(*(Text(c, no_wrap=True) for c in cells), key=str(action.id))
        if actions:
            table.move_cursor(row=min(max(row, 0), len(actions) - 1))

    def _show_chart(self, bundle: ReviewBundle) -> None:
        """One funnel metric at a time (m steps through them): see draw_day_chart."""
        from textual_plotext import PlotextPlot

        metric = chart_metric(bundle, self.chart_metric)
        if metric is not None:
            draw_day_chart(self.query_one("#chart-plot", PlotextPlot), bundle, metric)

    # --------------------------------------------------------------- actions
    def action_week(self, step: int) -> None:
        self.week = self.week.shift(step)
        self.reload()
        if self.query_one(ContentSwitcher).current == "trends":
            self._show_trends()

    def action_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one(TabBar).show(tab)
        if tab == "chart" and not self._plots_mounted:
            self._mount_plots()
        if tab == "trends":
            self._show_trends()

    def action_chart_metric(self) -> None:
        """The next funnel metric on the chart (bringing the chart up first)."""
        if self.query_one(ContentSwitcher).current != "chart":
            self.action_tab("chart")
            return
        self.chart_metric += 1
        if self.bundle is not None:
            self._show_chart(self.bundle)

    def _mount_plots(self) -> None:
        """The plots are built the first time the chart is shown (plotext is slow
        to import and to mount, and most reviews start from the summary)."""
        from textual_plotext import PlotextPlot

        self._plots_mounted = True
        chart = self.query_one("#chart", Horizontal)
        chart.mount(PlotextPlot(id="chart-plot"))
        if self.bundle is not None:
            self.call_after_refresh(self._show_chart, self.bundle)

    def action_month(self) -> None:
        """The monthly review of the month the shown week falls in (its Thursday's)."""
        if self.read_only:
            return
        from istui.tui.screens.forms import FormContext
        from istui.tui.screens.month_review import MonthReviewScreen

        thursday = self.week.monday + timedelta(days=3)
        ctx = FormContext(self.config, self.store, self.clock)
        try:
            screen = MonthReviewScreen(ctx, thursday.year, thursday.month)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.app.push_screen(screen)

    def action_back(self) -> None:
        if len(self.app.screen_stack) > 2:
            self.app.pop_screen()
        else:
            self.app.exit()

    def _selected(self) -> tuple[IsoWeek, ReviewAction] | None:
        """The action under the cursor of the focused table (next week's by default).

        Only on the Next-week pane, where the cursor can be seen; elsewhere the key
        first brings that pane up, so nothing changes out of sight.
        """
        if self.bundle is None:
            return None
        if self.query_one(ContentSwitcher).current != "next":
            self.action_tab("next")
            return None
        focused = self.focused
        last = self.bundle.last_plan.actions
        if isinstance(focused, DataTable) and focused.id == "last-actions" and last:
            week, actions, table = self.week.shift(-1), last, focused
        else:
            week, actions = self.week, self.bundle.plan.actions
            table = self.query_one("#next-actions", DataTable)
        if not actions or table.cursor_row < 0 or table.cursor_row >= len(actions):
            return None
        return week, actions[table.cursor_row]

    def _write(self, work: Any) -> None:
        try:
            work()
        except StoreError as exc:
            self.notify(
                tr("not saved: {error}", error=exc), severity="error", timeout=10, markup=False
            )
        self.reload()

    def action_add_action(self) -> None:
        self.action_tab("next")

        def done(result: ReviewAction | None) -> None:
            if result is not None:
                self._write(
                    lambda: self.store.add_action(
                        self.week.year, self.week.week, result, at=self.clock.now()
                    )
                )
                table = self.query_one("#next-actions", DataTable)
                table.move_cursor(row=table.row_count - 1)
                table.focus()

        self.app.push_screen(ActionForm(None, self.config.rep_name), done)

    def action_edit_action(self) -> None:
        picked = self._selected()
        if picked is None:
            self.notify(tr("pick an action on this pane (a adds one)"))
            return
        week, action = picked

        def done(result: ReviewAction | None) -> None:
            if result is not None:
                self._write(
                    lambda: self.store.update_action(
                        week.year, week.week, result, at=self.clock.now()
                    )
                )

        self.app.push_screen(ActionForm(action, self.config.rep_name), done)

    def action_toggle_done(self) -> None:
        picked = self._selected()
        if picked is None:
            self.notify(tr("pick an action on this pane"))
            return
        week, action = picked
        flipped = ReviewAction(
            action.id, action.action, action.owner, action.deadline, not action.done
        )
        self._write(
            lambda: self.store.update_action(week.year, week.week, flipped, at=self.clock.now())
        )

    def action_delete_action(self) -> None:
        picked = self._selected()
        if picked is None:
            return
        week, action = picked
        self._write(
            lambda: self.store.remove_action(week.year, week.week, action.id, at=self.clock.now())
        )

    def action_edit_focus(self) -> None:
        if self.bundle is None:
            return
        self.action_tab("next")

        def done(result: tuple[str, str] | None) -> None:
            if result is not None:
                lists, approach = result
                self._write(
                    lambda: self.store.set_focus(
                        self.week.year, self.week.week, lists, approach, at=self.clock.now()
                    )
                )

        plan = self.bundle.plan
        self.app.push_screen(FocusForm(plan.focus_lists, plan.focus_approach), done)
