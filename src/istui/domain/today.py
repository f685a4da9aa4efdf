"""Everything the Today screen and the status line show, computed in one place.

Widgets and the CLI only format a DayView (render/, tui/widgets/); they never do
arithmetic of their own. ``build_day_view`` is the one builder of a DayView.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime, time

from istui.domain.calendar import WorkCalendar, WorkHours, local_time
from istui.domain.funnel import Event, FunnelRate, Metric, MetricSet, count_kinds, funnel_rates
from istui.domain.pace import DayPhase, Pace, day_phase, pace


@dataclass(frozen=True)
class MetricLine:
    metric: Metric
    count: int
    target: int
    pace: Pace

    @property
    def percent(self) -> float | None:
        return self.pace.percent


@dataclass(frozen=True)
class DayView:
    day: date
    now: datetime
    phase: DayPhase
    fraction: float
    lines: tuple[MetricLine, ...]
    rates: tuple[FunnelRate, ...]
    hourly: Mapping[int, Mapping[str, int]]  # hour of day -> counts in that hour
    total_events: int

    def line(self, key: str) -> MetricLine | None:
        for line in self.lines:
            if line.metric.key == key:
                return line
        return None

    @property
    def headline(self) -> MetricLine | None:
        """The metric pace is reported for: the top of the funnel (dials)."""
        return self.lines[0] if self.lines else None


def hourly_counts(events: Iterable[Event], metrics: MetricSet) -> dict[int, dict[str, int]]:
    """Counts per metric in each hour of the day that has events (local hours)."""
    return {hour: count_kinds(kinds, metrics) for hour, kinds in _kinds_by_hour(events).items()}


def _kinds_by_hour(events: Iterable[Event], day: date | None = None) -> dict[int, dict[str, int]]:
    """How many events of each kind fell in each hour, in hour order (only the
    events of ``day`` when it is given). One pass: the Today screen runs this
    on every key, so the day's events are walked once, not once per figure."""
    by_hour: dict[int, dict[str, int]] = {}
    for event in events:
        at = event.at
        if day is not None and at.date() != day:
            continue
        kinds = by_hour.get(at.hour)
        if kinds is None:
            kinds = by_hour[at.hour] = {}
        kinds[event.kind] = kinds.get(event.kind, 0) + 1
    return dict(sorted(by_hour.items()))


def build_day_view(
    events: Iterable[Event],
    metrics: MetricSet,
    targets: Mapping[str, int],
    hours: WorkHours,
    calendar: WorkCalendar,
    day: date,
    now: datetime,
) -> DayView:
    """The day's figures at ``now``; for a past day, as the day landed."""
    by_hour = _kinds_by_hour(events, day)
    hourly = {hour: count_kinds(kinds, metrics) for hour, kinds in by_hour.items()}
    counts = dict.fromkeys(metrics.keys, 0)
    for hour_counts in hourly.values():
        for key, n in hour_counts.items():
            counts[key] = counts.get(key, 0) + n
    if now.date() == day:
        clock: time = local_time(now)
    elif now.date() > day:
        clock = time(23, 59, 59)
    else:
        clock = time(0, 0)
    phase = day_phase(hours, clock, calendar.is_working_day(day))
    lines = []
    for metric in metrics.all:
        count, target = counts.get(metric.key, 0), targets.get(metric.key, 0)
        lines.append(MetricLine(metric, count, target, pace(count, target, hours, clock)))
    fraction = lines[0].pace.fraction if lines else 0.0
    return DayView(
        day=day,
        now=now,
        phase=phase,
        fraction=fraction,
        lines=tuple(lines),
        rates=tuple(funnel_rates(counts, targets, metrics)),
        hourly=hourly,
        total_events=sum(sum(kinds.values()) for kinds in by_hour.values()),
    )
