"""Pace arithmetic on plain numbers: the one place the share of the working day
and what it asks for are computed.

No dataclasses and no imports: ``istui status`` answers from the status cache
through these functions without loading the rest of the domain
(``domain.pace`` and ``domain.calendar`` call them too, so the rule is written
once).
"""

from __future__ import annotations

Span = tuple[int, int]


def working_spans(start: int, end: int, breaks: list[tuple[int, int]]) -> list[Span]:
    """The day from ``start`` to ``end`` (minutes of the day) less the breaks."""
    spans = [(start, end)]
    for bs, be in sorted(breaks):
        cut: list[Span] = []
        for s, e in spans:
            if be <= s or bs >= e:
                cut.append((s, e))
                continue
            if bs > s:
                cut.append((s, bs))
            if be < e:
                cut.append((be, e))
        spans = cut
    return spans


def total_minutes(spans: list[Span]) -> int:
    return sum(e - s for s, e in spans)


def worked_minutes(spans: list[Span], hour: int, minute: int, second: int) -> float:
    """Working minutes passed by a local clock time (seconds count)."""
    now = hour * 60 + minute + second / 60
    return sum(max(0.0, min(now, e) - s) for s, e in spans)


def day_fraction(total: int, worked: float) -> float:
    if total <= 0:
        return 1.0
    return min(1.0, worked / total)


def pace_figures(
    count: int, target: int, total: int, worked: float
) -> tuple[float, float, int, int | None, float, float | None]:
    """(fraction, expected, delta, projected, remaining hours, needed per hour)
    of one metric, ``worked`` of ``total`` working minutes having passed."""
    fraction = day_fraction(total, worked)
    expected = target * fraction
    remaining = max(0.0, total - worked) / 60
    projected = round(count / fraction) if fraction > 0 else None
    if count >= target:
        needed: float | None = 0.0
    elif remaining > 0:
        needed = (target - count) / remaining
    else:
        needed = None
    return fraction, expected, round(count - expected), projected, remaining, needed


#: The phases of a day (``pace.DayPhase`` values).
OFF, BEFORE, WORKING, BREAK, AFTER = "day off", "before work", "working", "on a break", "after work"


def phase_of(
    working_day: bool, now: float, start: float, end: float, breaks: list[tuple[float, float]]
) -> str:
    """The phase at ``now``: clock times in any one unit (seconds of the day)."""
    if not working_day:
        return OFF
    if now < start:
        return BEFORE
    if now >= end:
        return AFTER
    if any(b_start <= now < b_end for b_start, b_end in breaks):
        return BREAK
    return WORKING


def ratio_value(num: int, den: int) -> float | None:
    """A rate, or None when there is nothing to divide by (``funnel.Ratio.value``)."""
    return num / den if den else None
