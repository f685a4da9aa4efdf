"""Working hours, working days and ISO weeks.

Pace needs to know what share of the working day has passed, and targets need
to know which days are working days. Both come from configuration; this module
only does the arithmetic. ``IsoWeek.parse`` is the one reader of "2026-W47".
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta

from istui.domain import daymath
from istui.i18n import tr

WEEKDAY_NAMES = ("mon", "tue", "wed", "thu", "fri", "sat", "sun")
_WEEK = re.compile(r"^(\d{4})-?W(\d{1,2})$", re.IGNORECASE)

#: The years a date from a user or a file may fall in. Weeks, months and
#: day-by-day walks step past a given date (the week before, the month after,
#: the week strip), which overflows at year 1 or 9999 with a traceback; no
#: calling record is before the Unix epoch or a thousand years ahead.
MIN_YEAR = 1970
MAX_YEAR = 2999


def year_problem(year: int) -> str | None:
    """Why ``year`` is refused as a date's year, or None when it is in range."""
    if MIN_YEAR <= year <= MAX_YEAR:
        return None
    return tr("year {year} is outside {low}-{high}", year=year, low=MIN_YEAR, high=MAX_YEAR)


def _minutes(t: time) -> int:
    return t.hour * 60 + t.minute


@dataclass(frozen=True)
class WorkHours:
    """A working day from ``start`` to ``end`` less the breaks (local clock times)."""

    start: time = time(9, 0)
    end: time = time(18, 0)
    breaks: tuple[tuple[time, time], ...] = ((time(12, 0), time(13, 0)),)

    def _working_spans(self) -> list[tuple[int, int]]:
        return daymath.working_spans(
            _minutes(self.start),
            _minutes(self.end),
            [(_minutes(s), _minutes(e)) for s, e in self.breaks],
        )

    @property
    def total_minutes(self) -> int:
        return daymath.total_minutes(self._working_spans())

    def worked_minutes(self, clock_time: time) -> float:
        """Working minutes passed by a local clock time (seconds count)."""
        return daymath.worked_minutes(
            self._working_spans(), clock_time.hour, clock_time.minute, clock_time.second
        )

    def in_break(self, clock_time: time) -> bool:
        return any(b_start <= clock_time < b_end for b_start, b_end in self.breaks)


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days: weekdays worked, less holidays."""

    workdays: frozenset[int] = frozenset(range(5))  # Monday=0
    holidays: frozenset[date] = field(default_factory=frozenset)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.workdays and day not in self.holidays

    def working_days(self, start: date, end: date) -> list[date]:
        """Working days from start to end, both included."""
        return [d for d in date_range(start, end) if self.is_working_day(d)]

    def month_working_days(self, year: int, month: int) -> list[date]:
        # not calendar.monthrange: importing calendar pulls in locale (~6 ms at
        # every `istui status`)
        following = date(year + month // 12, month % 12 + 1, 1)
        return self.working_days(date(year, month, 1), following - timedelta(days=1))


def date_range(start: date, end: date) -> Iterator[date]:
    day = start
    while day <= end:
        yield day
        day += timedelta(days=1)


def iso_week_bounds(year: int, week: int) -> tuple[date, date]:
    """Monday and Sunday of an ISO week; ValueError when that week does not exist."""
    monday = date.fromisocalendar(year, week, 1)
    return monday, monday + timedelta(days=6)


@dataclass(frozen=True, order=True)
class IsoWeek:
    """An ISO 8601 week (Monday to Sunday), e.g. 2026-W53."""

    year: int
    week: int

    def __post_init__(self) -> None:
        iso_week_bounds(self.year, self.week)  # raises ValueError for a week that does not exist

    @classmethod
    def parse(cls, text: str) -> IsoWeek:
        """``2026-W47`` (or ``2026W47``); ValueError naming the problem."""
        match = _WEEK.match(text.strip())
        if not match:
            raise ValueError(tr("{text} is not an ISO week (e.g. 2026-W47)", text=repr(text)))
        year, week = int(match.group(1)), int(match.group(2))
        problem = year_problem(year)
        if problem:
            raise ValueError(tr("{text}: {problem}", text=repr(text), problem=problem))
        try:
            return cls(year, week)
        except ValueError:
            raise ValueError(
                tr(
                    "{text}: {year} has no ISO week {week} (that week does not exist)",
                    text=repr(text),
                    year=year,
                    week=week,
                )
            ) from None

    @classmethod
    def of(cls, day: date) -> IsoWeek:
        """The week ``day`` falls in."""
        iso = day.isocalendar()
        return cls(iso.year, iso.week)

    @property
    def monday(self) -> date:
        return iso_week_bounds(self.year, self.week)[0]

    @property
    def sunday(self) -> date:
        return iso_week_bounds(self.year, self.week)[1]

    @property
    def days(self) -> list[date]:
        return [self.monday + timedelta(days=i) for i in range(7)]

    def shift(self, weeks: int) -> IsoWeek:
        return IsoWeek.of(self.monday + timedelta(weeks=weeks))

    def __str__(self) -> str:
        return f"{self.year:04d}-W{self.week:02d}"

    @classmethod
    def spanning(cls, start: date, end: date) -> IsoWeek | None:
        """The week that ``start``..``end`` is exactly (Monday to Sunday), else None."""
        week = cls.of(start)
        return week if (week.monday, week.sunday) == (start, end) else None


def local_time(moment: datetime) -> time:
    return moment.timetz().replace(tzinfo=None)
