"""The month so far and where it will land (着地予測), with the basis shown.

The month's target is the sum of each working day's target in force, so a
target changed mid-month counts for the days it applied to. The landing is the
actual to date carried forward at the pace per working day so far; the
working days done include the share of today already worked.
"""

from __future__ import annotations

import calendar as _calendar
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date, datetime

from istui.domain.calendar import WorkCalendar, WorkHours, local_time
from istui.domain.funnel import (
    Event,
    FunnelRate,
    Metric,
    MetricSet,
    achievement,
    count_events,
    funnel_rates,
)
from istui.domain.pace import day_fraction
from istui.domain.targets import TargetVersion, targets_over


@dataclass(frozen=True)
class MonthLine:
    metric: Metric
    actual: int
    target: int  # the whole month's target
    landing: int | None  # None before any working time has passed

    @property
    def percent(self) -> float | None:
        return achievement(self.actual, self.target)

    @property
    def landing_percent(self) -> float | None:
        return None if self.landing is None else achievement(self.landing, self.target)


@dataclass(frozen=True)
class MonthView:
    year: int
    month: int
    working_days: tuple[date, ...]
    days_done: int  # whole working days finished
    today_share: float  # share of today's working day passed (0 when today is not in play)
    days_left: int  # working days after today
    lines: tuple[MonthLine, ...]
    rates: tuple[FunnelRate, ...]

    @property
    def elapsed(self) -> float:
        return self.days_done + self.today_share


def build_month_view(
    events: Iterable[Event],
    metrics: MetricSet,
    versions: Iterable[TargetVersion],
    calendar: WorkCalendar,
    hours: WorkHours,
    year: int,
    month: int,
    now: datetime,
) -> MonthView:
    """Actual vs target for every metric of the month, and the landing forecast."""
    listed_versions = list(versions)
    first = date(year, month, 1)
    last = date(year, month, _calendar.monthrange(year, month)[1])
    today = now.date()
    in_month = [e for e in events if first <= e.day <= last and e.day <= today]
    counts = count_events(in_month, metrics)
    working = tuple(calendar.month_working_days(year, month))
    targets = targets_over(listed_versions, working, calendar)
    days_done = sum(1 for d in working if d < today)
    share = day_fraction(hours, local_time(now)) if today in working else 0.0
    days_left = sum(1 for d in working if d > today)
    elapsed = days_done + share
    lines = []
    for metric in metrics.all:
        actual = counts.get(metric.key, 0)
        landing = round(actual / elapsed * len(working)) if elapsed > 0 else None
        lines.append(MonthLine(metric, actual, targets.get(metric.key, 0), landing))
    return MonthView(
        year=year,
        month=month,
        working_days=working,
        days_done=days_done,
        today_share=share,
        days_left=days_left,
        lines=tuple(lines),
        rates=tuple(funnel_rates(counts, targets, metrics)),
    )
