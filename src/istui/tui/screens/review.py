"""The weekly review screen: the week's numbers, where the funnel leaks, what the
rep wrote, and the actions that close the loop next week.

Tabs keep it usable at 80×24; every figure comes from a ReviewBundle (the same
one ``istui report`` prints), the widgets only lay it out.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual import on
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical, VerticalScroll
from textual.screen import ModalScreen, Screen
from textual.widgets import ContentSwitcher, DataTable, Input, Label, Static

from istui.domain.calendar import IsoWeek
from istui.domain.weekplan import ReviewAction, parse_deadline
from istui.render.cells import clip
from istui.render.numbers import NO_VALUE
from istui.render.review import (
    SLOT_HEADER,
    action_row,
    day_table,
    diagnosis_lines,
    energy_line,
    kpi_header,
    kpi_row,
    objections_line,
    rate_header,
    rate_row,
    slot_row,
    title,
    to_date,
    word_sections,
)
from istui.services.clock import Clock
from istui.services.config import Config
from istui.services.review import ReviewBundle, load_review
from istui.store import Store, StoreError
from istui.tui.screens.help import HELP_KEY
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import TextInput

TABS = {
    "summary": "Summary",
    "chart": "Chart",
    "when": "When",
    "words": "Words",
    "next": "Next week",
}


class TabBar(Static):
    """The pane names with their number keys; a plain line, cheap to mount (a
    TabbedContent alone costs ~90 ms, a fifth of the open-time budget)."""

    def show(self, active: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, (key, name) in enumerate(TABS.items(), 1):
            style = "bold reverse" if key == active else "dim"
            text.append(f" {number} {name} ", style=style)
            text.append(" ")
        self.update(text)


def y_scale(peak: int) -> tuple[int, int]:
    """The y axis top and a whole-number tick step (1, 2, 5 × 10ⁿ) giving at most
    5 intervals, with the top a multiple of the step at or above ``peak``."""
    step = 1
    while True:
        for factor in (1, 2, 5):
            if max(1, peak) <= 5 * step * factor:
                size = step * factor
                return -(-max(1, peak) // size) * size, size
        step *= 10


#: The owner column of the action tables, in cells (a Japanese character takes two).
OWNER_CELLS = 10


def rich_table(header: Sequence[str], rows: Sequence[Sequence[str]], caption: str = "") -> Table:
    table = Table(
        box=None, pad_edge=False, padding=(0, 1), title=caption or None, title_justify="left"
    )
    for i, name in enumerate(header):
        table.add_column(name, justify="left" if i == 0 else "right", no_wrap=True)
    for row in rows:
        table.add_row(*(Text(cell) for cell in row))  # plain text: user words are not markup
    return table


class ActionForm(ModalScreen[ReviewAction | None]):
    """Add or edit one action: what, who, by when."""

    BINDINGS = [
        Binding("escape", "cancel", "Cancel"),
        Binding("ctrl+s", "save", "Save"),
    ]

    def __init__(self, action: ReviewAction | None, default_owner: str) -> None:
        super().__init__(id="action-form")
        self.action_being_edited = action
        self.default_owner = default_owner

    def compose(self) -> ComposeResult:
        a = self.action_being_edited
        with Vertical(id="action-box"):
            yield Label("Edit action" if a else "New action for next week", id="action-title")
            yield TextInput(a.action if a else "", placeholder="what will be done", id="f-action")
            yield TextInput(a.owner if a else self.default_owner, placeholder="owner", id="f-owner")
            yield TextInput(
                a.deadline.isoformat() if a and a.deadline else "",
                placeholder="deadline YYYY-MM-DD",
                id="f-deadline",
            )
            yield Label("enter: next / save · esc: cancel", id="action-hint")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "f-deadline":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        what = self.query_one("#f-action", Input).value.strip()
        if not what:
            self.notify("an action needs a text", severity="warning")
            self.query_one("#f-action", Input).focus()
            return
        try:
            deadline = parse_deadline(self.query_one("#f-deadline", Input).value)
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            self.query_one("#f-deadline", Input).focus()
            return
        old = self.action_being_edited
        self.dismiss(
            ReviewAction(
                id=old.id if old else 0,
                action=what,
                owner=self.query_one("#f-owner", Input).value.strip(),
                deadline=deadline,
                done=old.done if old else False,
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class FocusForm(ModalScreen[tuple[str, str] | None]):
    """Next week's focus: which lists, which script or approach."""

    BINDINGS = [Binding("escape", "cancel", "Cancel"), Binding("ctrl+s", "save", "Save")]

    def __init__(self, lists: str, approach: str) -> None:
        super().__init__(id="focus-form")
        self.lists = lists
        self.approach = approach

    def compose(self) -> ComposeResult:
        with Vertical(id="focus-box"):
            yield Label("Next week's focus", id="focus-title")
            yield TextInput(self.lists, placeholder="which lists / targets", id="f-lists")
            yield TextInput(self.approach, placeholder="which script or approach", id="f-approach")
            yield Label("enter: next / save · esc: cancel", id="focus-hint")

    @on(Input.Submitted)
    def _next(self, event: Input.Submitted) -> None:
        if event.input.id == "f-approach":
            self.action_save()
        else:
            self.focus_next()

    def action_save(self) -> None:
        self.dismiss(
            (
                self.query_one("#f-lists", Input).value.strip(),
                self.query_one("#f-approach", Input).value.strip(),
            )
        )

    def action_cancel(self) -> None:
        self.dismiss(None)


class ReviewScreen(Screen[None]):
    """One ISO week at a time; ``[`` and ``]`` step through the weeks."""

    BINDINGS = [
        Binding("left_square_bracket", "week(-1)", "Prev week", key_display="["),
        Binding("right_square_bracket", "week(1)", "Next week", key_display="]"),
        Binding("1", "tab('summary')", "Summary", show=False),
        Binding("2", "tab('chart')", "Chart", show=False),
        Binding("3", "tab('when')", "When", show=False),
        Binding("4", "tab('words')", "Words", show=False),
        Binding("5", "tab('next')", "Actions", show=False),
        Binding("m", "chart_metric", "Chart metric", show=False),
        Binding("a", "add_action", "Add action"),
        Binding("x,space", "toggle_done", "Done", key_display="x"),
        Binding("e", "edit_action", "Edit"),
        Binding("d", "delete_action", "Delete"),
        Binding("f", "edit_focus", "Focus"),
        HELP_KEY,
        Binding("escape", "back", "Back", key_display="esc"),
    ]

    #: What changes the rep's plan: refused when the screen is read-only.
    WRITES = frozenset({"add_action", "edit_action", "toggle_done", "delete_action", "edit_focus"})

    def __init__(
        self, config: Config, store: Store, clock: Clock, week: IsoWeek, *, read_only: bool = False
    ) -> None:
        super().__init__(id="review")
        self.read_only = read_only
        self.config = config
        self.store = store
        self.clock = clock
        self.week = week
        self.bundle: ReviewBundle | None = None
        self._plots_mounted = False
        self.chart_metric = 0  # which funnel metric the chart shows

    def compose(self) -> ComposeResult:
        yield Static(id="review-title")
        yield TabBar(id="review-tabs")
        yield Static(id="review-problems")
        with ContentSwitcher(id="review-panes", initial="summary"):
            with VerticalScroll(id="summary", classes="pane"), Horizontal(id="summary-row"):
                yield Static(id="summary-figures")
                yield Static(id="diagnosis")
            yield Horizontal(id="chart", classes="pane")  # plots mount on first view
            with VerticalScroll(id="when", classes="pane"), Vertical(id="when-row"):
                yield Static(id="when-hours")
                yield Static(id="when-weekdays")
            with VerticalScroll(id="words", classes="pane"):
                yield Static(id="words-body")
            with VerticalScroll(id="next", classes="pane"):
                ro = self.read_only
                yield Label(
                    "Last week's actions" + ("" if ro else " (x toggles done)"), classes="section"
                )
                yield DataTable(id="last-actions", cursor_type="row", zebra_stripes=False)
                yield Label(
                    "Actions for next week"
                    + (" (read-only)" if ro else " (a add · e edit · x done · d delete)"),
                    classes="section",
                )
                yield DataTable(id="next-actions", cursor_type="row", zebra_stripes=False)
                yield Static(id="focus-body")
        yield KeysFooter()

    def on_mount(self) -> None:
        # Owner and deadline get fixed narrow columns so the deadline stays in view
        # at 80 columns; the action takes what is left.
        action_width = max(16, self.app.size.width - 2 - 4 * 2 - 3 - OWNER_CELLS - 8 - 2)
        for table_id in ("#last-actions", "#next-actions"):
            table = self.query_one(table_id, DataTable)
            table.add_column("done", width=4)
            table.add_column("action", width=action_width)
            table.add_column("owner", width=OWNER_CELLS)
            table.add_column("deadline", width=8)
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
                self.config, self.store, self.week, self.clock.now().date(), strict=False
            )
        except StoreError as exc:  # load_review keeps going past bad files; this is a last net
            self.bundle = None
            self.query_one("#review-title", Static).update(
                Text(f" Week {self.week} ", style="bold", no_wrap=True)
            )
            self._show_problems((f"{exc} (nothing of this week can be shown)",))
            return
        self.show(self.bundle)

    def _show_problems(self, problems: Sequence[str]) -> None:
        """One line per unreadable file, inside the screen (a toast goes away)."""
        box = self.query_one("#review-problems", Static)
        box.display = bool(problems)
        box.update(Text("\n".join(f"unreadable: {p}" for p in problems)))

    def show(self, bundle: ReviewBundle) -> None:
        r = bundle.review
        self.query_one("#review-title", Static).update(
            Text(f" {title(bundle)} ", style="bold", no_wrap=True, overflow="ellipsis")
        )
        self._show_problems(bundle.problems)
        span = to_date(r)
        caption = f"Week to date ({span}) vs target due" if span else "Week vs target"
        figures = Table.grid()
        figures.add_row(rich_table(kpi_header(r), [kpi_row(x) for x in r.lines], caption))
        figures.add_row("")
        figures.add_row(rich_table(rate_header(r), [rate_row(x) for x in r.rates], "Rates"))
        figures.add_row("")
        figures.add_row(rich_table(*day_table(bundle), "By day (actual/target)"))
        self.query_one("#summary-figures", Static).update(figures)
        diag = Text()
        diag.append("Diagnosis\n", style="bold")
        lines = diagnosis_lines(bundle)
        diag.append(lines[0] + "\n", style="bold")
        for line in lines[1:]:
            diag.append(f"· {line}\n")
        diag.append("\n")
        self._append_glance(diag, bundle)
        self.query_one("#diagnosis", Static).update(diag)
        if self._plots_mounted:
            self._show_chart(bundle)
        w = r.when
        since = f"since {w.history_from:%m-%d}"
        hours = Table.grid(padding=(0, 2))
        hours.add_row(
            rich_table(SLOT_HEADER, [slot_row(s) for s in w.by_hour_week], "By hour · this week"),
            rich_table(SLOT_HEADER, [slot_row(s) for s in w.by_hour_history], f"8 weeks ({since})"),
        )
        best = Text(f"Best hour over 8 weeks (by connect rate): {w.best_hour or NO_VALUE}\n")
        best.stylize("bold")
        top = Table.grid()
        top.add_row(best)
        top.add_row(hours)
        self.query_one("#when-hours", Static).update(top)
        days = Table.grid(padding=(0, 2))
        days.add_row(
            rich_table(SLOT_HEADER, [slot_row(s) for s in w.by_weekday_week], "By weekday · week"),
            rich_table(SLOT_HEADER, [slot_row(s) for s in w.by_weekday_history], "8 weeks"),
        )
        self.query_one("#when-weekdays", Static).update(days)
        self.query_one("#words-body", Static).update(self._words_text(bundle))
        self._fill_actions("#last-actions", bundle.last_plan.actions)
        self._fill_actions("#next-actions", bundle.plan.actions)
        focus = Text()
        edit = "" if self.read_only else " (f to edit)"
        focus.append(f"Next week's focus{edit}\n", style="bold")
        focus.append(f"lists:    {bundle.plan.focus_lists or NO_VALUE}\n")
        focus.append(f"approach: {bundle.plan.focus_approach or NO_VALUE}\n")
        last = bundle.last_plan
        if last.focus_lists or last.focus_approach:
            focus.append(
                f"(this week's focus was: {last.focus_lists or NO_VALUE} · "
                f"{last.focus_approach or NO_VALUE})\n",
                style="dim",
            )
        self.query_one("#focus-body", Static).update(focus)

    def _append_glance(self, text: Text, bundle: ReviewBundle) -> None:
        """What the 1on1 should not miss: open help requests and last week's loop."""
        best = bundle.review.when.best_hour
        text.append(f"Best calling hour, 8 weeks: {best or NO_VALUE} (3)\n\n", style="bold")
        helps = bundle.words.help_requests
        text.append(f"Open help requests ({len(helps)})\n", style="bold")
        for said in helps[:3]:
            text.append(f"· {said.tag}: {said.text}\n")
        if len(helps) > 3:
            text.append(f"  … {len(helps) - 3} more (4 Words)\n", style="dim")
        last = bundle.last_plan.actions
        done = sum(1 for a in last if a.done)
        text.append(f"\nLast week's actions: {done} of {len(last)} done\n", style="bold")
        for action in bundle.last_plan.open_actions[:3]:
            text.append(f"· not done: {action.action}\n")
        text.append(f"Next week: {len(bundle.plan.actions)} action(s) set (5)\n", style="dim")

    def _words_text(self, bundle: ReviewBundle) -> Text:
        text = Text()
        words = bundle.words
        text.append(
            f"{words.midcheck_count} mid-check(s), {words.reflection_count} reflection(s)\n",
            style="dim",
        )
        if words.empty:
            text.append("Nothing written this week.\n")
        for name, items in word_sections(bundle):
            if not items:
                continue
            text.append(f"{name}\n", style="bold")
            for said in items:
                text.append(f"  {said.tag}: ", style="dim")
                text.append(f"{said.text}\n")
        if words.objections:
            text.append("Objections: ", style="bold")
            text.append(objections_line(bundle) + "\n")
        if words.energy:
            text.append("Energy: ", style="bold")
            text.append(energy_line(bundle) + "\n")
        for problem in words.problems:
            text.append(f"unreadable: {problem}\n", style="dim")
        return text

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
        """One metric at a time (m steps through the funnel), so the plot gets the
        whole pane even at 80×24: bars for each day's actual, a line for that
        day's target, whole-number y ticks, and the key in the title, not on the
        data. The week in progress stops at today (no future zeros)."""
        from textual_plotext import PlotextPlot

        r = bundle.review
        funnel = [line.metric for line in r.lines if line.metric.funnel]
        if not funnel:
            return
        metric = funnel[self.chart_metric % len(funnel)]
        shown = [d for d in r.days if d.working or any(d.counts.values())]
        xs: list[float] = [float(i) for i in range(1, len(shown) + 1)]
        labels = [f"{d.day:%a %d}" for d in shown]
        counts = [d.counts.get(metric.key, 0) for d in shown]
        targets = [d.targets.get(metric.key, 0) for d in shown]
        plot = self.query_one("#chart-plot", PlotextPlot)
        plt = plot.plt
        plt.clear_data()
        plt.clear_figure()
        span = f" ({to_date(r)} to date)" if r.in_progress else ""
        plt.title(f"{metric.label} per day{span}: █ actual · ─•─ target   [m: next metric]")
        if shown:
            plt.bar(xs, counts, width=0.4, marker="█")
            plt.plot(xs, targets, marker="•")
            plt.xticks(xs, labels)
            plt.xlim(0.4, max(len(shown), 5) + 0.6)  # a day to date is one bar, not a wall
        top, step = y_scale(max([*counts, *targets], default=0))
        plt.ylim(0, top)
        plt.yticks(list(range(0, top + 1, step)))
        plot.refresh()

    # --------------------------------------------------------------- actions
    def action_week(self, step: int) -> None:
        self.week = self.week.shift(step)
        self.reload()

    def action_tab(self, tab: str) -> None:
        self.query_one(ContentSwitcher).current = tab
        self.query_one(TabBar).show(tab)
        if tab == "chart" and not self._plots_mounted:
            self._mount_plots()

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
            self.notify(f"not saved: {exc}", severity="error", timeout=10)
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
            self.notify("pick an action on this pane (a adds one)")
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
            self.notify("pick an action on this pane")
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
