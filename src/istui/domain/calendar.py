"""Working hours, working days and ISO weeks.

Pace needs to know what share of the working day has passed, and targets need
to know which days are working days. Both come from configuration; this module
only does the arithmetic. ``IsoWeek.parse`` is the one reader of "2026-W47".

A day is off when its weekday is not worked, or it is one of the rep's own
days off, the company's (``DaysOff``: every year, like 12-29..01-03, or once),
or a public holiday of the country (``PublicHolidays``: plain dates and names
a year at a time, from a loader the services give; the domain knows no
holiday library).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator, Mapping
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


#: A public holiday's names by language code ("en", "ja"); may be empty.
HolidayNames = Mapping[str, str]
#: The loader of one year's public holidays: date -> names.
HolidayLoader = Callable[[int], Mapping[date, HolidayNames]]


class PublicHolidays:
    """A country's public holidays, read a year at a time from ``loader`` and
    kept: so only the years a question needs are ever loaded. ``country`` ""
    (the default) has none. Equal when the country is."""

    def __init__(self, country: str = "", loader: HolidayLoader | None = None) -> None:
        self.country = country
        self._loader = loader if country else None
        self._years: dict[int, Mapping[date, HolidayNames]] = {}

    def of_year(self, year: int) -> Mapping[date, HolidayNames]:
        """The year's public holidays (none outside MIN_YEAR..MAX_YEAR)."""
        found = self._years.get(year)
        if found is None:
            found = {}
            if self._loader is not None and year_problem(year) is None:
                found = self._loader(year)
            self._years[year] = found
        return found

    def get(self, day: date) -> HolidayNames | None:
        """The names of ``day`` when it is a public holiday, else None."""
        return self.of_year(day.year).get(day)

    def __eq__(self, other: object) -> bool:
        return isinstance(other, PublicHolidays) and other.country == self.country

    def __hash__(self) -> int:
        return hash(("PublicHolidays", self.country))

    def __repr__(self) -> str:
        return f"PublicHolidays({self.country!r})"


@dataclass(frozen=True, order=True)
class DaysOff:
    """The company's days off from ``start`` to ``end`` (both included).

    ``year`` None: every year, ``start``/``end`` are (month, day), and a span
    whose end is before its start crosses the year end (12-29..01-03). A year:
    once, from (month, day) of that year to ``end_year``'s ``end``.
    """

    start: tuple[int, int]
    end: tuple[int, int]
    year: int | None = None
    end_year: int | None = None

    def covers(self, day: date) -> bool:
        if self.year is not None:
            first = date(self.year, *self.start)
            last = date(self.end_year if self.end_year is not None else self.year, *self.end)
            return first <= day <= last
        md = (day.month, day.day)
        if self.start <= self.end:
            return self.start <= md <= self.end
        return md >= self.start or md <= self.end


#: Why a day is off besides its weekday: the rep's own day, the company's, a
#: public holiday (with its names).
OWN, COMPANY, PUBLIC = "own", "company", "public"


@dataclass(frozen=True)
class DayOff:
    day: date
    kind: str  # OWN, COMPANY or PUBLIC
    names: HolidayNames = field(default_factory=dict)


@dataclass(frozen=True)
class WorkCalendar:
    """Which dates are working days: weekdays worked, less the rep's own days
    off (``holidays``), the company's (``company``) and the country's public
    holidays (``public``)."""

    workdays: frozenset[int] = frozenset(range(5))  # Monday=0
    holidays: frozenset[date] = field(default_factory=frozenset)
    company: tuple[DaysOff, ...] = ()
    public: PublicHolidays = field(default_factory=PublicHolidays)

    def is_working_day(self, day: date) -> bool:
        return day.weekday() in self.workdays and self.day_off(day) is None

    def day_off(self, day: date) -> DayOff | None:
        """Why ``day`` is off (whatever its weekday), or None when it is not a
        day off. A public holiday is named first: it is off for everyone."""
        names = self.public.get(day)
        if names is not None:
            return DayOff(day, PUBLIC, names)
        if any(span.covers(day) for span in self.company):
            return DayOff(day, COMPANY)
        if day in self.holidays:
            return DayOff(day, OWN)
        return None

    def days_off(self, start: date, end: date) -> list[DayOff]:
        """The days off from start to end that fall on a worked weekday (the
        ones that take a working day away)."""
        found = []
        for day in date_range(start, end):
            if day.weekday() in self.workdays:
                off = self.day_off(day)
                if off is not None:
                    found.append(off)
        return found

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
