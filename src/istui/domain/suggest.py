"""Targets from the rep's own history, not pulled from the air.

The articles' levels: minimum line 90 % of past actuals, achievement target
100–105 %, stretch 110–120 %. With too little history istui says so and says
what to collect first, instead of inventing numbers.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date
from fractions import Fraction

from istui.domain.funnel import Metric, MetricSet, Ratio
from istui.domain.totals import DayTotals

DEFAULT_DAYS = 20
#: Fewer working days with data than this and no figure is suggested.
MIN_DAYS = 10

MINIMUM = Fraction(90, 100)
ACHIEVEMENT = (Fraction(100, 100), Fraction(105, 100))
STRETCH = (Fraction(110, 100), Fraction(120, 100))


@dataclass(frozen=True)
class MetricSuggestion:
    metric: Metric
    total: int
    average: Fraction  # per working day
    minimum: int
    achievement: tuple[int, int]
    stretch: tuple[int, int]


@dataclass(frozen=True)
class RateHistory:
    key: str  # the lower stage's (render/labels.rate_name names the rate)
    ratio: Ratio


@dataclass(frozen=True)
class Suggestions:
    days_asked: int
    days: tuple[date, ...]  # the working days the figures are based on
    lines: tuple[MetricSuggestion, ...]  # empty when there is too little history
    rates: tuple[RateHistory, ...]
    min_days: int = MIN_DAYS

    @property
    def enough(self) -> bool:
        return len(self.days) >= self.min_days

    @property
    def missing(self) -> int:
        """Working days of history still needed before targets are suggested."""
        return self.min_days - len(self.days)


def _up(value: Fraction) -> int:
    return math.ceil(value)


def suggest(
    history: Sequence[DayTotals],
    metrics: MetricSet,
    days_asked: int = DEFAULT_DAYS,
    min_days: int = MIN_DAYS,
) -> Suggestions:
    """Three levels per metric from the last ``days_asked`` working days with data.

    ``history`` is oldest first; days that are not working days or have nothing
    logged are left out (a day without data says nothing about ability). A
    window the user chose shorter than ``min_days`` is taken at its word.
    """
    min_days = min(min_days, days_asked)
    used = [t for t in history if t.working and any(v > 0 for v in t.counts.values())][-days_asked:]
    days = tuple(t.day for t in used)
    totals = {m.key: sum(t.counts.get(m.key, 0) for t in used) for m in metrics.all}
    rates = tuple(
        RateHistory(lower.key, Ratio(totals[lower.key], totals[upper.key]))
        for upper, lower in zip(metrics.funnel, metrics.funnel[1:], strict=False)
    )
    lines: list[MetricSuggestion] = []
    if len(used) >= min_days:
        for metric in metrics.all:
            average = Fraction(totals[metric.key], len(used))
            lines.append(
                MetricSuggestion(
                    metric=metric,
                    total=totals[metric.key],
                    average=average,
                    minimum=_up(average * MINIMUM),
                    achievement=(_up(average * ACHIEVEMENT[0]), _up(average * ACHIEVEMENT[1])),
                    stretch=(_up(average * STRETCH[0]), _up(average * STRETCH[1])),
                )
            )
    return Suggestions(days_asked, days, tuple(lines), rates, min_days)
