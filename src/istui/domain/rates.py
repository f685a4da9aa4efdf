"""Rates as ratios that add up correctly.

Across days or reps a rate is the sum of numerators over the sum of
denominators, never an average of rates; a Ratio keeps both parts so that
adding two of them is that sum.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

from istui.domain.funnel import MetricSet


@dataclass(frozen=True)
class Ratio:
    num: int
    den: int

    @property
    def value(self) -> float | None:
        """The rate, or None when there is nothing to divide by."""
        return self.num / self.den if self.den else None

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.num + other.num, self.den + other.den)


@dataclass(frozen=True)
class FunnelRate:
    """The conversion from one funnel stage to the next, actual against target."""

    key: str  # the lower stage's key: "connect" for the connect rate
    label: str
    upper: str
    actual: Ratio
    target: Ratio

    @property
    def gap(self) -> float | None:
        """Actual minus target rate, in rate points; None when either is unknown."""
        a, t = self.actual.value, self.target.value
        return None if a is None or t is None else a - t


def rate_label(lower_key: str) -> str:
    return {"connect": "connect rate", "meeting": "meeting rate"}.get(
        lower_key, f"{lower_key} rate"
    )


def funnel_rates(
    counts: Mapping[str, int], targets: Mapping[str, int], metrics: MetricSet
) -> list[FunnelRate]:
    """Each consecutive stage's conversion, with the rate its targets imply."""
    rates = []
    for upper, lower in zip(metrics.funnel, metrics.funnel[1:], strict=False):
        rates.append(
            FunnelRate(
                key=lower.key,
                label=rate_label(lower.key),
                upper=upper.key,
                actual=Ratio(counts.get(lower.key, 0), counts.get(upper.key, 0)),
                target=Ratio(targets.get(lower.key, 0), targets.get(upper.key, 0)),
            )
        )
    return rates
