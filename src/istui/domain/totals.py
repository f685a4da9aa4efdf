"""Per-day totals over a span of days, each judged against its own target."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from istui.domain.calendar import WorkCalendar
from istui.domain.funnel import Event, MetricSet, achievement, count_events
from istui.domain.targets import TargetVersion, targets_in_force


@dataclass(frozen=True)
class DayTotals:
    day: date
    counts: Mapping[str, int]
    targets: Mapping[str, int]
    working: bool

    def percent(self, key: str) -> float | None:
        return achievement(self.counts.get(key, 0), self.targets.get(key, 0))


def daily_totals(
    events: Iterable[Event],
    days: Iterable[date],
    metrics: MetricSet,
    versions: Iterable[TargetVersion],
    calendar: WorkCalendar,
) -> list[DayTotals]:
    """One DayTotals per day asked for, in order, with that day's target in force."""
    listed_versions = list(versions)
    by_day: dict[date, list[Event]] = {}
    for event in events:
        by_day.setdefault(event.day, []).append(event)
    return [
        DayTotals(
            day=day,
            counts=count_events(by_day.get(day, []), metrics),
            targets=targets_in_force(listed_versions, day, calendar),
            working=calendar.is_working_day(day),
        )
        for day in days
    ]


def span_total(totals: Iterable[DayTotals]) -> tuple[dict[str, int], dict[str, int]]:
    """Counts and targets summed over a span of days (each day's own target):
    the "week so far" line. A day off already asks for 0, so the sum is what
    the span asked for."""
    counts: dict[str, int] = {}
    targets: dict[str, int] = {}
    for day in totals:
        for key, n in day.counts.items():
            counts[key] = counts.get(key, 0) + n
        for key, n in day.targets.items():
            targets[key] = targets.get(key, 0) + n
    return counts, targets
