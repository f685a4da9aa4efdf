"""Trends as text: a sparkline per metric or rate (the small chart), its latest
figure and direction, and the numbers week by week on demand. Weeks with too
little data are a gap mark, never a zero bar; the week in progress is marked.
Shared by the review's Trends pane and the team view's trends."""

from __future__ import annotations

from collections.abc import Sequence

from istui.domain.calendar import IsoWeek
from istui.domain.trends import MIN_RATE_BASE, Trend, TrendPoint
from istui.i18n import tr, trp
from istui.render.cells import cells, pad
from istui.render.labels import rate_name
from istui.render.numbers import rate
from istui.render.safe import one_line

BARS = "▁▂▃▄▅▆▇█"
#: A week with too little data: a gap, not a bar (and not 0).
GAP = "·"
#: The week in progress (figures to date), after its number.
PARTIAL = "*"
#: A team's week without some reps' figures, after its number.
INCOMPLETE = "?"


def sparkline(trend: Trend) -> str:
    """One cell a week, oldest first: the bar's height from the lowest to the
    highest week with figures (a rate from 0, so a flat 30 % does not look
    like a cliff); GAP for a week with too little data."""
    values = [p.value for p in trend.points if p.value is not None]
    if not values:
        return GAP * len(trend.points)
    low = 0.0 if trend.kind == "rate" else min(values)
    high = max(values)
    out = []
    for point in trend.points:
        if point.value is None:
            out.append(GAP)
        elif high == low:
            out.append(BARS[len(BARS) // 2] if high else BARS[0])
        else:
            index = round((point.value - low) / (high - low) * (len(BARS) - 1))
            out.append(BARS[max(0, min(len(BARS) - 1, index))])
    return "".join(out)


def value_text(trend: Trend, point: TrendPoint | None) -> str:
    """A week's figure: the count, or the rate to one decimal; GAP when thin."""
    if point is None or point.value is None:
        return GAP
    text = f"{point.num:,}" if trend.kind == "metric" else rate(point.value, 1)
    return text + (PARTIAL if point.partial else "") + (INCOMPLETE if point.incomplete else "")


def direction_word(trend: Trend) -> str:
    direction = trend.direction
    if direction == "rising":
        return trp("trend", "▲ rising")
    if direction == "falling":
        return trp("trend", "▼ falling")
    if direction == "flat":
        return trp("trend", "→ flat")
    return trp("trend", "too few weeks")


def trend_label(trend: Trend) -> str:
    if trend.kind == "rate":
        return rate_name(trend.key)
    return one_line(trend.label)


def week_label(week: IsoWeek) -> str:
    """ "W47" (the year is in the title)."""
    return f"W{week.week:02d}"


def summary_header() -> list[str]:
    return [
        trp("trend", "metric"),
        trp("trend", "weeks"),
        trp("trend", "latest"),
        trp("trend", "direction"),
    ]


def summary_row(trend: Trend) -> list[str]:
    return [
        trend_label(trend),
        sparkline(trend),
        value_text(trend, trend.latest),
        direction_word(trend),
    ]


def numbers_header(weeks: Sequence[IsoWeek]) -> list[str]:
    return [trp("trend", "metric"), *(week_label(w) for w in weeks)]


def numbers_row(trend: Trend, last: int | None = None) -> list[str]:
    points = trend.points if last is None else trend.points[-last:]
    return [trend_label(trend), *(value_text(trend, p) for p in points)]


def legend(*, team: bool = False) -> str:
    """What the marks mean (``team``: also the mark of a week missing some reps)."""
    text = tr(
        "{gap} too little data (nothing logged that week, or a rate on fewer than {base} at "
        "its first stage) · {partial} the week in progress, to date",
        gap=GAP,
        base=MIN_RATE_BASE,
        partial=PARTIAL,
    )
    if team:
        text += " · " + tr("{mark} the team's figure lacks some reps that week", mark=INCOMPLETE)
    return text


def span_title(weeks: Sequence[IsoWeek]) -> str:
    return tr(
        "Trends over {count} weeks, {first} to {last}",
        count=len(weeks),
        first=str(weeks[0]),
        last=str(weeks[-1]),
    )


def text_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Columns padded by terminal cells: the first left, the rest right."""
    widths = [max(cells(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    lines = []
    for row in [header, *rows]:
        parts = []
        for i, (cell, width) in enumerate(zip(row, widths, strict=True)):
            parts.append(pad(cell, width) if i == 0 else " " * (width - cells(cell)) + cell)
        lines.append("  ".join(parts).rstrip())
    return lines
