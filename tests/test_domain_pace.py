"""Pace at fixed local times on the default 09:00-18:00 day with a 12:00-13:00 break."""

from __future__ import annotations

from datetime import time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from istui.domain.calendar import WorkHours
from istui.domain.pace import DayPhase, day_fraction, day_phase, pace

HOURS = WorkHours()


@pytest.mark.parametrize(
    ("clock", "working_day", "phase"),
    [
        (time(8, 59), True, DayPhase.BEFORE),
        (time(9, 0), True, DayPhase.WORKING),
        (time(11, 59), True, DayPhase.WORKING),
        (time(12, 0), True, DayPhase.BREAK),
        (time(12, 59), True, DayPhase.BREAK),
        (time(13, 0), True, DayPhase.WORKING),
        (time(17, 59), True, DayPhase.WORKING),
        (time(18, 0), True, DayPhase.AFTER),
        (time(10, 30), False, DayPhase.OFF),
    ],
)
def test_day_phase(clock: time, working_day: bool, phase: DayPhase) -> None:
    assert day_phase(HOURS, clock, working_day) is phase


def test_before_start_nothing_is_expected_yet() -> None:
    p = pace(3, 100, HOURS, time(8, 0))
    assert p.fraction == 0
    assert p.expected == 0
    assert p.delta == 3
    assert p.projected is None  # no time worked: no pace to project from
    assert p.remaining_hours == 8
    assert p.needed_per_hour == pytest.approx(97 / 8)


def test_mid_morning_behind() -> None:
    p = pace(12, 100, HOURS, time(10, 30))
    assert p.fraction == pytest.approx(90 / 480)
    assert p.expected == pytest.approx(18.75)
    assert p.delta == -7
    assert not p.ahead
    assert p.projected == 64  # 12 / 0.1875
    assert p.remaining_hours == pytest.approx(6.5)
    assert p.needed_per_hour == pytest.approx(88 / 6.5)
    assert p.percent == pytest.approx(12)


def test_during_the_break_pace_stands_still() -> None:
    at_noon = pace(40, 100, HOURS, time(12, 0))
    in_break = pace(40, 100, HOURS, time(12, 40))
    after = pace(40, 100, HOURS, time(13, 0))
    assert at_noon == in_break == after
    assert in_break.fraction == pytest.approx(0.375)
    assert in_break.expected == pytest.approx(37.5)
    assert in_break.delta == 2 and in_break.ahead
    assert in_break.remaining_hours == pytest.approx(5)
    assert in_break.needed_per_hour == pytest.approx(60 / 5)


def test_afternoon_ahead() -> None:
    p = pace(70, 100, HOURS, time(15, 0))
    assert p.fraction == pytest.approx(300 / 480)
    assert p.expected == pytest.approx(62.5)
    assert p.delta == 8
    assert p.projected == 112
    assert p.remaining_hours == pytest.approx(3)
    assert p.needed_per_hour == pytest.approx(10)


def test_after_end_the_day_has_landed() -> None:
    short = pace(90, 100, HOURS, time(19, 0))
    assert short.fraction == 1
    assert short.expected == 100
    assert short.delta == -10
    assert short.projected == 90
    assert short.remaining_hours == 0
    assert short.needed_per_hour is None  # no hours left to make it up in


def test_target_reached_needs_nothing_more() -> None:
    assert pace(100, 100, HOURS, time(16, 0)).needed_per_hour == 0
    assert pace(120, 100, HOURS, time(19, 0)).needed_per_hour == 0
    assert pace(120, 100, HOURS, time(19, 0)).delta == 20


def test_no_target() -> None:
    p = pace(5, 0, HOURS, time(10, 30))
    assert p.expected == 0
    assert p.delta == 5
    assert p.percent is None
    assert p.needed_per_hour == 0


def test_day_fraction_with_custom_hours() -> None:
    hours = WorkHours(start=time(10, 0), end=time(14, 0), breaks=())
    assert day_fraction(hours, time(11, 0)) == pytest.approx(0.25)
    assert day_fraction(hours, time(13, 0)) == pytest.approx(0.75)
    assert day_fraction(hours, time(20, 0)) == 1


@given(st.integers(0, 300), st.integers(0, 300), st.integers(0, 24 * 60 - 1))
def test_pace_figures_are_consistent(count: int, target: int, minute: int) -> None:
    p = pace(count, target, HOURS, time(minute // 60, minute % 60))
    assert 0 <= p.fraction <= 1
    assert 0 <= p.expected <= target
    assert abs(p.delta - (count - p.expected)) <= 0.5
    assert 0 <= p.remaining_hours <= 8
    if p.projected is not None:
        assert p.projected >= count - 0.5
    if p.needed_per_hour is not None:
        assert p.needed_per_hour >= 0
        if count < target:
            assert p.needed_per_hour * p.remaining_hours == pytest.approx(target - count)


# -- #15: near the day's end the figure a hour grows without bound -------------------


def test_the_last_minutes_say_out_of_reach_not_a_huge_rate() -> None:
    from istui.domain.pace import out_of_reach
    from istui.render.today import needed_words

    hours = WorkHours()
    late = pace(72, 100, hours, time(17, 59, 40))  # 28 dials in twenty seconds
    assert late.needed_per_hour is not None and late.needed_per_hour > 1000
    assert late.out_of_reach
    words = needed_words(
        late.needed_per_hour, hours_left=late.remaining_hours, out_of_reach=late.out_of_reach
    )
    assert words == "out of reach today"
    # The afternoon still in reach keeps its figure (twice the planned rate).
    noon = pace(30, 100, hours, time(13, 0))
    assert not noon.out_of_reach
    assert needed_words(noon.needed_per_hour, hours_left=noon.remaining_hours).endswith(" h")
    # The rule: more than three times what the target leaves for the rest of the day.
    assert not out_of_reach(25, 100, 0.75)  # 75 left of 25 planned: three times, in reach
    assert out_of_reach(24, 100, 0.75)
    assert not out_of_reach(100, 100, 0.99) and not out_of_reach(0, 100, 1.0)
