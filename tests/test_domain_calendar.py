"""Working hours (breaks, overlaps, worked minutes) and working days."""

from __future__ import annotations

from datetime import date, time

import pytest
from hypothesis import given
from hypothesis import strategies as st

from istui.domain.calendar import WorkCalendar, WorkHours, date_range, iso_week_bounds


def test_default_day_is_nine_to_six_less_a_lunch_hour() -> None:
    hours = WorkHours()
    assert hours.total_minutes == 8 * 60


@pytest.mark.parametrize(
    ("clock", "worked"),
    [
        (time(7, 0), 0),
        (time(9, 0), 0),
        (time(9, 0, 30), 0.5),
        (time(10, 30), 90),
        (time(12, 0), 180),
        (time(12, 30), 180),  # the break does not count
        (time(13, 0), 180),
        (time(15, 0), 300),
        (time(18, 0), 480),
        (time(23, 59, 59), 480),
    ],
)
def test_worked_minutes_skip_the_break(clock: time, worked: float) -> None:
    assert WorkHours().worked_minutes(clock) == pytest.approx(worked)


def test_no_breaks() -> None:
    hours = WorkHours(start=time(8, 30), end=time(17, 0), breaks=())
    assert hours.total_minutes == 510
    assert hours.worked_minutes(time(12, 30)) == 240


def test_several_breaks_and_overlapping_breaks_count_once() -> None:
    hours = WorkHours(
        breaks=(
            (time(15, 0), time(15, 15)),
            (time(12, 0), time(13, 0)),
            (time(12, 30), time(13, 30)),  # overlaps lunch: lunch is 12:00-13:30
        )
    )
    assert hours.total_minutes == 540 - 90 - 15
    assert hours.worked_minutes(time(13, 30)) == 180
    assert hours.worked_minutes(time(15, 10)) == 180 + 90
    assert hours.worked_minutes(time(16, 0)) == 180 + 90 + 45


def test_break_outside_working_hours_changes_nothing() -> None:
    hours = WorkHours(breaks=((time(7, 0), time(8, 0)), (time(19, 0), time(20, 0))))
    assert hours.total_minutes == 540


def test_break_straddling_the_start_or_end_is_cut_to_the_day() -> None:
    hours = WorkHours(breaks=((time(8, 0), time(9, 30)), (time(17, 30), time(19, 0))))
    assert hours.total_minutes == 540 - 30 - 30
    assert hours.worked_minutes(time(9, 30)) == 0
    assert hours.worked_minutes(time(10, 0)) == 30


def test_in_break() -> None:
    hours = WorkHours()
    assert not hours.in_break(time(11, 59))
    assert hours.in_break(time(12, 0))
    assert hours.in_break(time(12, 59, 59))
    assert not hours.in_break(time(13, 0))


BREAKS = st.lists(
    st.tuples(st.integers(0, 23 * 60), st.integers(1, 180)).map(
        lambda t: (
            time(t[0] // 60, t[0] % 60),
            time(min(23 * 60 + 59, t[0] + t[1]) // 60, min(23 * 60 + 59, t[0] + t[1]) % 60),
        )
    ),
    max_size=4,
)


@given(BREAKS, st.integers(0, 24 * 60 - 1))
def test_worked_minutes_grow_with_the_clock_and_stay_within_the_day(
    breaks: list[tuple[time, time]], minute: int
) -> None:
    hours = WorkHours(breaks=tuple(breaks))
    total = hours.total_minutes
    assert 0 <= total <= 540
    clock = time(minute // 60, minute % 60)
    worked = hours.worked_minutes(clock)
    assert 0 <= worked <= total
    if minute < 24 * 60 - 1:
        later = time((minute + 1) // 60, (minute + 1) % 60)
        assert hours.worked_minutes(later) >= worked
    assert hours.worked_minutes(time(23, 59)) == total


def test_calendar_workdays_and_holidays() -> None:
    cal = WorkCalendar(holidays=frozenset({date(2026, 11, 23)}))
    assert not cal.is_working_day(date(2026, 11, 23))  # a Monday holiday
    assert cal.is_working_day(date(2026, 11, 24))
    assert not cal.is_working_day(date(2026, 11, 28))  # Saturday
    assert not cal.is_working_day(date(2026, 11, 29))  # Sunday


def test_custom_workdays() -> None:
    cal = WorkCalendar(workdays=frozenset({1, 2, 3, 4, 5}))  # Tuesday to Saturday
    assert not cal.is_working_day(date(2026, 11, 23))
    assert cal.is_working_day(date(2026, 11, 28))


def test_working_days_between_inclusive() -> None:
    cal = WorkCalendar()
    days = cal.working_days(date(2026, 11, 20), date(2026, 11, 24))
    assert days == [date(2026, 11, 20), date(2026, 11, 23), date(2026, 11, 24)]
    assert cal.working_days(date(2026, 11, 24), date(2026, 11, 20)) == []


def test_month_working_days() -> None:
    # November 2026 has 30 days, 4 Saturdays and 5 Sundays.
    assert len(WorkCalendar().month_working_days(2026, 11)) == 21
    japan = WorkCalendar(holidays=frozenset({date(2026, 11, 3), date(2026, 11, 23)}))
    assert len(japan.month_working_days(2026, 11)) == 19
    # A holiday on a weekend does not count twice.
    weekend = WorkCalendar(holidays=frozenset({date(2026, 11, 28)}))
    assert len(weekend.month_working_days(2026, 11)) == 21
    assert len(WorkCalendar().month_working_days(2028, 2)) == 21  # leap February
    december = WorkCalendar().month_working_days(2026, 12)
    assert december[0] == date(2026, 12, 1) and december[-1] == date(2026, 12, 31)


def test_date_range_and_iso_week_bounds() -> None:
    assert list(date_range(date(2026, 12, 30), date(2027, 1, 2))) == [
        date(2026, 12, 30),
        date(2026, 12, 31),
        date(2027, 1, 1),
        date(2027, 1, 2),
    ]
    assert iso_week_bounds(2026, 48) == (date(2026, 11, 23), date(2026, 11, 29))
    assert iso_week_bounds(2026, 53) == (date(2026, 12, 28), date(2027, 1, 3))
    with pytest.raises(ValueError):
        iso_week_bounds(2025, 53)
