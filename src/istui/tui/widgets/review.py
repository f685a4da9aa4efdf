"""Pieces of the weekly review screen: the pane bar, the tables and the texts
made from a ReviewBundle. They lay figures out; they compute nothing."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from istui.domain.funnel import Metric
from istui.domain.trends import Trend
from istui.i18n import N_, tr, trp
from istui.render.cells import cells, pad
from istui.render.forms import said_tag
from istui.render.numbers import NO_VALUE
from istui.render.oneonone import answers_lines
from istui.render.review import (
    best_hour_scope,
    energy_line,
    objections_line,
    slot_header,
    slot_row,
    to_date,
    word_sections,
)
from istui.render.safe import one_line
from istui.services.review import ReviewBundle

TABS = {
    "summary": N_("Summary"),
    "chart": N_("Chart"),
    "when": N_("When"),
    "words": N_("Words"),
    "next": N_("Next week"),
    "trends": N_("Trends"),
}


class TabBar(Static):
    """The pane names with their number keys; a plain line, cheap to mount (a
    TabbedContent alone costs ~90 ms, a fifth of the open-time budget)."""

    def show(self, active: str) -> None:
        text = Text(no_wrap=True, overflow="ellipsis")
        for number, (key, name) in enumerate(TABS.items(), 1):
            style = "bold reverse" if key == active else "dim"
            text.append(f" {number} {tr(name)} ", style=style)
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
        table.add_row(
            *(Text(one_line(cell)) for cell in row)
        )  # plain text: user words are not markup
    return table


def append_glance(text: Text, bundle: ReviewBundle) -> None:
    """What the 1on1 should not miss: open help requests and last week's loop."""
    best = bundle.review.when.best_hour
    when = bundle.review.when
    if when.weeks is None:
        line = tr("Best calling hour, 8 weeks: {hour} (3)", hour=best or NO_VALUE)
        text.append(line + "\n\n", style="bold")
    else:  # a rep in a team store: over the weeks merged, said on a line of its own
        text.append(tr("Best calling hour: {hour} (3)", hour=best or NO_VALUE) + "\n", style="bold")
        text.append(tr("over {weeks}", weeks=best_hour_scope(when, "")) + "\n\n", style="dim")
    helps = bundle.words.help_requests
    text.append(tr("Open help requests ({n})", n=len(helps)) + "\n", style="bold")
    for said in helps[:3]:
        text.append(f"· {one_line(said_tag(said))}: {one_line(said.text)}\n")
    if len(helps) > 3:
        text.append("  " + tr("… {n} more (4 Words)", n=len(helps) - 3) + "\n", style="dim")
    last = bundle.last_plan.actions
    done = sum(1 for a in last if a.done)
    summary = tr("Last week's actions: {done} of {total} done", done=done, total=len(last))
    text.append(f"\n{summary}\n", style="bold")
    for action in bundle.last_plan.open_actions[:3]:
        text.append("· " + tr("not done: {action}", action=one_line(action.action)) + "\n")
    count = len(bundle.plan.actions)
    text.append(
        tr("Next week: {n} action(s) set (5)", n=count) + "\n",
        style="dim",
    )


def words_text(bundle: ReviewBundle) -> Text:
    """What the rep wrote this week: the Words pane."""
    text = Text()
    words = bundle.words
    text.append(
        tr(
            "{checks} mid-check(s), {reflections} reflection(s)",
            checks=words.midcheck_count,
            reflections=words.reflection_count,
        )
        + "\n",
        style="dim",
    )
    if words.empty:
        text.append(tr("Nothing written this week.") + "\n")
    for name, items in word_sections(bundle):
        if not items:
            continue
        text.append(f"{name}\n", style="bold")
        for said in items:
            text.append(f"  {one_line(said_tag(said))}: ", style="dim")
            text.append(f"{one_line(said.text)}\n")
    if words.objections:
        text.append(tr("Objections:") + " ", style="bold")
        text.append(objections_line(bundle) + "\n")
    if words.energy:
        text.append(tr("Energy:") + " ", style="bold")
        text.append(energy_line(bundle) + "\n")
    for problem in words.problems:
        text.append(tr("unreadable: {problem}", problem=one_line(problem)) + "\n", style="dim")
    return text


def trends_text(
    trends: Sequence[Trend],
    beside: Sequence[Trend] | None,
    *,
    numbers: bool,
    width: int,
) -> Text:
    """The Trends pane: one row per metric and rate (a sparkline, the latest
    week, the direction), or with ``numbers`` every week's figure; ``beside``:
    the team's trend of the same metric under each (a lead's look at a rep)."""
    from istui.render import trends as tr_render

    text = Text()
    if not trends:
        return text
    weeks = [p.week for p in trends[0].points]
    text.append(tr_render.span_title(weeks) + "\n", style="bold")
    key_hint = (
        trp("trend", "n: back to the small charts")
        if numbers
        else trp("trend", "n: the numbers week by week")
    )
    text.append(key_hint + "\n\n", style="dim")
    team = {(t.kind, t.key): t for t in beside or ()}
    team_name = trp("trend", "team")
    if numbers:
        last = len(weeks) if width >= 110 else 8  # 8 weeks fit 80 columns
        header = tr_render.numbers_header(weeks[-last:])
        rows: list[list[str]] = []
        for trend in trends:
            rows.append(tr_render.numbers_row(trend, last))
            other = team.get((trend.kind, trend.key))
            if other is not None:
                rows.append(["  " + team_name, *tr_render.numbers_row(other, last)[1:]])
    else:
        header = tr_render.summary_header()
        rows = []
        for trend in trends:
            rows.append(tr_render.summary_row(trend))
            other = team.get((trend.kind, trend.key))
            if other is not None:
                rows.append(["  " + team_name, *tr_render.summary_row(other)[1:]])
    for index, line in enumerate(tr_render.text_table(header, rows)):
        style = "bold" if index == 0 else ("dim" if line.startswith("  " + team_name) else "")
        text.append(line + "\n", style=style)
    text.append("\n" + tr_render.legend(team=beside is not None) + "\n", style="dim")
    return text


def chart_metric(bundle: ReviewBundle, index: int) -> Metric | None:
    """The funnel metric the chart shows: the ``index``-th, going round."""
    funnel = [line.metric for line in bundle.review.lines if line.metric.funnel]
    return funnel[index % len(funnel)] if funnel else None


def draw_day_chart(plot: Any, bundle: ReviewBundle, metric: Metric) -> None:
    """``metric`` per day on a PlotextPlot, one metric so the plot gets the
    whole pane even at 80×24: bars for each day's actual, a line for that
    day's target, whole-number y ticks, and the key in the title, not on the
    data. The week in progress stops at today (no future zeros)."""
    r = bundle.review
    shown = [d for d in r.days if d.working or any(d.counts.values())]
    xs: list[float] = [float(i) for i in range(1, len(shown) + 1)]
    labels = [f"{d.day:%a %d}" for d in shown]  # ASCII: plotext counts characters
    counts = [d.counts.get(metric.key, 0) for d in shown]
    targets = [d.targets.get(metric.key, 0) for d in shown]
    plt = plot.plt
    plt.clear_data()
    plt.clear_figure()
    title = (
        tr(
            "{label} per day ({span} to date): █ actual · ─•─ target   [m: next metric]",
            label=metric.label,
            span=to_date(r),
        )
        if r.in_progress
        else tr("{label} per day: █ actual · ─•─ target   [m: next metric]", label=metric.label)
    )
    plt.title(title)
    if shown:
        plt.bar(xs, counts, width=0.4, marker="█")
        plt.plot(xs, targets, marker="•")
        plt.xticks(xs, labels)
        plt.xlim(0.4, max(len(shown), 5) + 0.6)  # a day to date is one bar, not a wall
    top, step = y_scale(max([*counts, *targets], default=0))
    plt.ylim(0, top)
    plt.yticks(list(range(0, top + 1, step)))
    plot.refresh()


def when_tables(bundle: ReviewBundle) -> tuple[Table, Table]:
    """The When pane: the best hour over the hour tables, and the weekday tables."""
    w = bundle.review.when
    since = f"{w.history_from:%m-%d}"
    hours = Table.grid(padding=(0, 2))
    hours.add_row(
        rich_table(slot_header(), [slot_row(s) for s in w.by_hour_week], tr("By hour · this week")),
        rich_table(
            slot_header(),
            [slot_row(s) for s in w.by_hour_history],
            tr("8 weeks (since {day})", day=since),
        ),
    )
    scope = best_hour_scope(w, tr("8 weeks"))
    best = Text(
        tr(
            "Best hour over {scope} (by connect rate): {hour}",
            scope=scope,
            hour=w.best_hour or NO_VALUE,
        )
        + "\n"
    )
    best.stylize("bold")
    top = Table.grid()
    top.add_row(best)
    top.add_row(hours)
    days = Table.grid(padding=(0, 2))
    days.add_row(
        rich_table(
            slot_header(), [slot_row(s) for s in w.by_weekday_week], tr("By weekday · week")
        ),
        rich_table(slot_header(), [slot_row(s) for s in w.by_weekday_history], tr("8 weeks")),
    )
    return top, days


def focus_text(bundle: ReviewBundle, *, editable: bool) -> Text:
    """Next week's focus (lists, approach), and this week's under it."""
    focus = Text()
    heading = tr("Next week's focus (f to edit)") if editable else tr("Next week's focus")
    focus.append(heading + "\n", style="bold")
    names = (tr("lists:"), tr("approach:"))
    width = max(cells(name) for name in names) + 1
    focus.append(f"{pad(names[0], width)}{one_line(bundle.plan.focus_lists) or NO_VALUE}\n")
    focus.append(f"{pad(names[1], width)}{one_line(bundle.plan.focus_approach) or NO_VALUE}\n")
    talk = bundle.last_talk
    if talk is not None and not talk.empty:
        focus.append("\n" + tr("Last week's 1on1 (o opens this week's)") + "\n", style="bold")
        for line in answers_lines(talk):
            focus.append(line + "\n")
    last = bundle.last_plan
    if last.focus_lists or last.focus_approach:
        focus.append(
            tr(
                "(this week's focus was: {lists} · {approach})",
                lists=one_line(last.focus_lists) or NO_VALUE,
                approach=one_line(last.focus_approach) or NO_VALUE,
            )
            + "\n",
            style="dim",
        )
    return focus
