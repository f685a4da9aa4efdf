"""Trends over weeks: each metric and each funnel rate, week by week, over the
last 8–13 weeks ending with the reviewed one (#16).

A week with too little data is a gap, never a zero: a week in which nothing
was logged (a holiday, a week before the rep used istui, a week the lead never
merged) has no figures at all, and a rate over a handful of dials says
nothing (fewer than MIN_RATE_BASE at its upper stage). Rates are sums over
sums, within a week and across a team (domain.md). The direction of a trend
is the least-squares slope over the weeks that have figures, and only when at
least MIN_DIRECTION_WEEKS of them do.

Pure: the caller gives each day's stage counts (domain.funnel.count_events or
count_kinds) and which days are known at all.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date

from istui.domain.calendar import IsoWeek
from istui.domain.funnel import MetricSet

#: Weeks a trend covers by default, and the fewest it may be asked for.
TREND_WEEKS = 13
MIN_TREND_WEEKS = 8
#: A week's rate needs at least this many at its upper stage (the dials under
#: a connect rate); below it the week shows "too little data".
MIN_RATE_BASE = 20
#: A direction (rising / falling) needs this many weeks with figures.
MIN_DIRECTION_WEEKS = 3
#: A slope smaller than this share of the mean per week reads as flat.
FLAT_SHARE = 0.02


def trend_weeks(end: IsoWeek, count: int = TREND_WEEKS) -> tuple[IsoWeek, ...]:
    """The ``count`` weeks ending with ``end``, oldest first (8 to 13)."""
    if not MIN_TREND_WEEKS <= count <= TREND_WEEKS:
        raise ValueError(f"a trend covers {MIN_TREND_WEEKS} to {TREND_WEEKS} weeks, not {count}")
    return tuple(end.shift(i - count + 1) for i in range(count))


@dataclass(frozen=True)
class WeekCounts:
    """One week's stage counts, whether it has figures at all, and whether it
    is the week in progress (counted to date)."""

    week: IsoWeek
    counts: Mapping[str, int]
    known: bool
    partial: bool = False


def week_counts(
    weeks: Sequence[IsoWeek],
    days: Mapping[date, Mapping[str, int]],
    today: date,
    *,
    covered: frozenset[date] | None = None,
) -> tuple[WeekCounts, ...]:
    """Each week's totals from the days' counts. A week is known when any of
    its days has a count, or (``covered``: a rep inside a team store) when a
    merged export covered one of its days, so a merged week of no calls is a
    real 0. A week wholly after ``today`` is not known; today's week is partial."""
    found = []
    for week in weeks:
        totals: dict[str, int] = {}
        known = False
        for day in week.days:
            if day > today:
                continue
            counts = days.get(day)
            if counts:
                for key, n in counts.items():
                    totals[key] = totals.get(key, 0) + n
                known = known or any(counts.values())
            if covered is not None and day in covered:
                known = True
        found.append(WeekCounts(week, totals, known, partial=week.monday <= today <= week.sunday))
    return tuple(found)


@dataclass(frozen=True)
class TrendPoint:
    """One week of a trend: the count (a metric) or the ratio (a rate), or None
    when the week has too little data."""

    week: IsoWeek
    value: float | None
    num: int = 0
    den: int = 0
    partial: bool = False
    #: A team's week some of whose reps have no figures (never merged, nothing
    #: logged): the sum covers only the others.
    incomplete: bool = False

    @property
    def known(self) -> bool:
        return self.value is not None


@dataclass(frozen=True)
class Trend:
    """A metric (``kind`` "metric") or a funnel rate ("rate", keyed by its
    lower stage, as FunnelRate is) week by week, oldest first."""

    key: str
    label: str
    kind: str
    points: tuple[TrendPoint, ...]
    upper: str = ""

    @property
    def known(self) -> tuple[TrendPoint, ...]:
        return tuple(p for p in self.points if p.known)

    @property
    def latest(self) -> TrendPoint | None:
        known = self.known
        return known[-1] if known else None

    @property
    def direction(self) -> str | None:
        """ "rising", "falling" or "flat" over the weeks with figures (the week in
        progress left out: it is not whole); None with too few of them."""
        points = [(i, p.value) for i, p in enumerate(self.points) if p.known and not p.partial]
        if len(points) < MIN_DIRECTION_WEEKS:
            return None
        xs = [float(i) for i, _ in points]
        ys = [float(v) for _, v in points if v is not None]
        mx, my = sum(xs) / len(xs), sum(ys) / len(ys)
        spread = sum((x - mx) ** 2 for x in xs)
        slope = sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / spread
        if slope == 0 or (my != 0 and abs(slope) < FLAT_SHARE * abs(my)):
            return "flat"
        return "rising" if slope > 0 else "falling"


def _rate_point(wc: WeekCounts, upper: str, lower: str) -> TrendPoint:
    num, den = wc.counts.get(lower, 0), wc.counts.get(upper, 0)
    if not wc.known or den < MIN_RATE_BASE:
        return TrendPoint(wc.week, None, num, den, wc.partial)
    return TrendPoint(wc.week, num / den, num, den, wc.partial)


def build_trends(weeks: Sequence[WeekCounts], metrics: MetricSet) -> tuple[Trend, ...]:
    """Every metric (funnel first, then counters), then every funnel rate."""
    out = []
    for metric in metrics.all:
        points = tuple(
            TrendPoint(
                wc.week,
                float(wc.counts.get(metric.key, 0)) if wc.known else None,
                wc.counts.get(metric.key, 0) if wc.known else 0,
                0,
                wc.partial,
            )
            for wc in weeks
        )
        out.append(Trend(metric.key, metric.label, "metric", points))
    for upper, lower in zip(metrics.funnel, metrics.funnel[1:], strict=False):
        points = tuple(_rate_point(wc, upper.key, lower.key) for wc in weeks)
        # a rate is named by render (render.labels.rate_name), in the language shown
        out.append(Trend(lower.key, lower.key, "rate", points, upper=upper.key))
    return tuple(out)


def combine(trends: Iterable[Trend], label: str | None = None) -> Trend:
    """The team's trend from its reps' trends of one metric or rate: counts
    summed, rates as sums over sums, over the reps with figures that week (a
    week none of them has figures for stays a gap)."""
    listed = list(trends)
    if not listed:
        raise ValueError("no trend to combine")
    first = listed[0]
    points = []
    for index, point in enumerate(first.points):
        mine = [t.points[index] for t in listed if t.points[index].known]
        partial = any(t.points[index].partial for t in listed)
        if first.kind == "metric":
            total = sum(p.num for p in mine)
            value = float(total) if mine else None
            missing = bool(mine) and len(mine) < len(listed)
            points.append(TrendPoint(point.week, value, total, 0, partial, missing))
            continue
        # a rep's thin week adds its dials too: the team's base may reach the floor
        shown = [t.points[index] for t in listed]
        num, den = sum(p.num for p in shown), sum(p.den for p in shown)
        any_known = any(p.den or p.num for p in shown)
        value = num / den if any_known and den >= MIN_RATE_BASE else None
        missing = value is not None and any(not (p.den or p.num) for p in shown)
        points.append(TrendPoint(point.week, value, num, den, partial, missing))
    return Trend(first.key, label or first.label, first.kind, tuple(points), first.upper)
