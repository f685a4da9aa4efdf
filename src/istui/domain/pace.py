"""Pace: is the rep ahead or behind, where will the day land, what is still needed.

All figures follow from the share of the working day that has passed. Before
the day starts nothing is expected yet; after it ends the day has landed.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import time
from enum import Enum

from istui.domain import daymath
from istui.domain.calendar import WorkHours
from istui.domain.funnel import achievement


class DayPhase(Enum):
    BEFORE = daymath.BEFORE
    WORKING = daymath.WORKING
    BREAK = daymath.BREAK
    AFTER = daymath.AFTER
    OFF = daymath.OFF


@dataclass(frozen=True)
class Pace:
    """One metric's pace at one moment."""

    count: int
    target: int
    fraction: float  # share of the working day passed, 0..1
    expected: float  # what the target asks for by now
    delta: int  # count minus expected, rounded: positive is ahead
    projected: int | None  # end-of-day landing at the current pace
    remaining_hours: float
    needed_per_hour: float | None  # to hit target in the hours left; None when no hours left

    @property
    def ahead(self) -> bool:
        return self.delta >= 0

    @property
    def out_of_reach(self) -> bool:
        return out_of_reach(self.count, self.target, self.fraction)

    @property
    def percent(self) -> float | None:
        return achievement(self.count, self.target)


#: The rest of the day is out of reach when it asks for more than this many
#: times the rate the target itself plans (near the day's end the figure a hour
#: grows without bound: 28 dials in the last twenty seconds is "5040 / hour").
REACH_FACTOR = 3


def out_of_reach(count: int, target: int, fraction: float) -> bool:
    """Whether the target cannot be reached in the working time left: what is
    left to do is more than REACH_FACTOR times what the target leaves for the
    rest of the day (so needed a hour > REACH_FACTOR x the planned rate)."""
    if count >= target or fraction >= 1:
        return False
    return target - count > REACH_FACTOR * target * (1 - fraction)


def day_phase(hours: WorkHours, clock_time: time, working_day: bool) -> DayPhase:
    def seconds(t: time) -> float:
        return t.hour * 3600 + t.minute * 60 + t.second + t.microsecond / 1e6

    return DayPhase(
        daymath.phase_of(
            working_day,
            seconds(clock_time),
            seconds(hours.start),
            seconds(hours.end),
            [(seconds(s), seconds(e)) for s, e in hours.breaks],
        )
    )


def day_fraction(hours: WorkHours, clock_time: time) -> float:
    return daymath.day_fraction(hours.total_minutes, hours.worked_minutes(clock_time))


def pace(count: int, target: int, hours: WorkHours, clock_time: time) -> Pace:
    """The pace of one metric at a local clock time on a working day."""
    fraction, expected, delta, projected, remaining, needed = daymath.pace_figures(
        count, target, hours.total_minutes, hours.worked_minutes(clock_time)
    )
    return Pace(
        count=count,
        target=target,
        fraction=fraction,
        expected=expected,
        delta=delta,
        projected=projected,
        remaining_hours=remaining,
        needed_per_hour=needed,
    )
