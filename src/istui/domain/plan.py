"""Back-calculation (逆算): from a month's deal goal down to dials a day.

deals ÷ win rate = meetings; meetings ÷ meeting rate = connects; connects ÷
connect rate = dials; dials ÷ working days = dials a day. Every step rounds UP,
so the plan never falls below the goal, and every step is exact (Fraction):
in binary floating point 0.35 is a hair below 35/100, so 21 ÷ 0.35 comes out
as 60.00000000000001 and would round up to 61.

The chain as text and the warnings' sentences are render/plan.py's.
"""

from __future__ import annotations

import calendar as _calendar
import math
import re
from collections.abc import Mapping
from dataclasses import dataclass, field, replace
from datetime import date
from fractions import Fraction

from istui.domain.calendar import WorkCalendar, year_problem
from istui.domain.targets import MAX_DAILY_TARGET
from istui.i18n import tr

#: The ranges the source articles report as typical (warn outside, never refuse).
TYPICAL_RATES: Mapping[str, tuple[Fraction, Fraction]] = {
    "win": (Fraction(20, 100), Fraction(35, 100)),
    "meeting": (Fraction(5, 100), Fraction(15, 100)),
    "connect": (Fraction(20, 100), Fraction(35, 100)),
}
TYPICAL_DIALS_PER_DAY = (80, 120)
#: A day asking for this many times the typical maximum is called out as impossible.
IMPOSSIBLE_FACTOR = 2

_NUMBER = re.compile(r"^\s*(\d+(?:\.\d+)?|\.\d+)\s*(%?)\s*$")
_MONTH = re.compile(r"^(\d{4})-(\d{1,2})$")


class PlanInputError(ValueError):
    """A plan input that cannot be used; the message names the value."""


def parse_rate(text: str, name: str) -> Fraction:
    """A rate in (0, 1], as ``0.25`` or ``25%`` (exact: "0.35" is 35/100)."""
    match = _NUMBER.match(str(text))
    if not match:
        raise PlanInputError(
            tr("{name}: {text} is not a rate (use 0.25 or 25%)", name=name, text=repr(text))
        )
    value = Fraction(match.group(1))
    if match.group(2):
        value /= 100
    if not 0 < value <= 1:
        # "2" is read as a fraction (200 %), "2%" as two percent: say both forms.
        raise PlanInputError(
            tr(
                "{name}: {text} is not a rate: give a fraction in (0, 1] like 0.25, "
                "or a percent like 25%",
                name=name,
                text=text.strip(),
            )
        )
    return value


#: A month's deal goal above this is a typo (and a 400-digit one would plan
#: figures no screen can show).
MAX_DEALS = 10_000


def parse_deals(text: str, name: str = "deals") -> int:
    """A deal goal: a whole number from 1 to MAX_DEALS."""
    digits = str(text).strip()
    if len(digits) > 12:
        raise PlanInputError(
            tr(
                "{name}: must be 1-{limit}, got a {length}-digit value",
                name=name,
                limit=f"{MAX_DEALS:,}",
                length=len(digits),
            )
        )
    try:
        value = int(digits)
    except ValueError:
        raise PlanInputError(
            tr("{name}: {text} is not a whole number of deals", name=name, text=repr(text))
        ) from None
    if value <= 0:
        raise PlanInputError(tr("{name}: {value} must be at least 1", name=name, value=value))
    if value > MAX_DEALS:
        raise PlanInputError(
            tr(
                "{name}: must be 1-{limit}, got {value}",
                name=name,
                limit=f"{MAX_DEALS:,}",
                value=f"{value:,}",
            )
        )
    return value


def parse_month(text: str, name: str = "month") -> tuple[int, int]:
    """A real month written YYYY-MM."""
    match = _MONTH.match(str(text).strip())
    if not match or not 1 <= int(match.group(2)) <= 12 or int(match.group(1)) < 1:
        raise PlanInputError(
            tr("{name}: {text} is not a real month (YYYY-MM)", name=name, text=repr(text))
        )
    problem = year_problem(int(match.group(1)))
    if problem:
        raise PlanInputError(
            tr("{name}: {text}: {problem}", name=name, text=text.strip(), problem=problem)
        )
    return int(match.group(1)), int(match.group(2))


def ceil_exact(value: Fraction) -> int:
    return math.ceil(value)


@dataclass(frozen=True)
class PlanStep:
    """One division of the chain: ``upper ÷ rate = exact``, planned as ``planned``."""

    from_key: str  # "deal", "meeting", "connect"
    key: str  # the stage planned: "meeting", "connect", "call"
    rate_name: str  # "win", "meeting", "connect"
    upper: int
    rate: Fraction
    exact: Fraction
    planned: int

    @property
    def rounded_up(self) -> bool:
        return self.exact != self.planned


@dataclass(frozen=True)
class PlanWarning:
    """A figure outside what the articles report as typical (render/plan.py words it).

    ``kind``: "rate" (a rate outside its typical range), "days" (the month
    has no working day), "dials far" / "dials high" / "dials low" (the daily
    dials against the typical range). ``value`` is the figure, ``low``–``high``
    the typical range it is judged against.
    """

    key: str
    kind: str
    value: Fraction = Fraction(0)
    low: Fraction = Fraction(0)
    high: Fraction = Fraction(0)


@dataclass(frozen=True)
class Plan:
    deals: int
    year: int
    month: int
    steps: tuple[PlanStep, ...]
    working_days: tuple[date, ...]
    monthly: Mapping[str, int]
    daily: Mapping[str, int]  # empty when the month has no working day
    daily_exact: Mapping[str, Fraction]
    warnings: tuple[PlanWarning, ...] = field(default=())

    @property
    def daily_keys(self) -> tuple[str, ...]:
        """The planned stages, top of the funnel first: call, connect, …, meeting."""
        return tuple(reversed(list(self.monthly)))

    @property
    def first_day(self) -> date:
        return date(self.year, self.month, 1)


def back_calculate(
    deals: int,
    win_rate: Fraction,
    meeting_rate: Fraction,
    connect_rate: Fraction,
    year: int,
    month: int,
    calendar: WorkCalendar,
    contact_rate: Fraction | None = None,
) -> Plan:
    """The month's chain from deals to dials, and the daily figures.

    With a contact stage (``contact_rate`` = contacts ÷ connects) the meeting
    rate is meetings ÷ contacts, as the funnel defines it.
    """
    chain = (
        ("deal", "meeting", "win", win_rate),
        *_dial_chain(meeting_rate, connect_rate, contact_rate),
    )
    return _from_chain(deals, deals, chain, year, month, calendar)


def back_calculate_meetings(
    meetings: int,
    meeting_rate: Fraction,
    connect_rate: Fraction,
    year: int,
    month: int,
    calendar: WorkCalendar,
    contact_rate: Fraction | None = None,
) -> Plan:
    """The chain from a meeting goal down to dials (no deal stage): next month's
    plan from a month's real rates, for a funnel that ends at the meeting."""
    chain = _dial_chain(meeting_rate, connect_rate, contact_rate)
    plan = _from_chain(0, meetings, chain, year, month, calendar)
    monthly = {"meeting": meetings, **plan.monthly}
    days = len(plan.working_days)
    daily_exact = dict(plan.daily_exact)
    daily = dict(plan.daily)
    if days:
        daily_exact["meeting"] = Fraction(meetings, days)
        daily["meeting"] = ceil_exact(daily_exact["meeting"])
    planned = replace(plan, monthly=monthly, daily=daily, daily_exact=daily_exact)
    return replace(planned, warnings=tuple(plan_warnings(planned)))


#: One step of a back-calculation: from which stage, to which, by which rate.
_Link = tuple[str, str, str, Fraction]


def _dial_chain(
    meeting_rate: Fraction, connect_rate: Fraction, contact_rate: Fraction | None
) -> tuple[_Link, ...]:
    """The chain from meetings down to dials, through contacts when the funnel has them."""
    if contact_rate is None:
        meeting: tuple[_Link, ...] = (("meeting", "connect", "meeting", meeting_rate),)
    else:
        meeting = (
            ("meeting", "contact", "meeting", meeting_rate),
            ("contact", "connect", "contact", contact_rate),
        )
    return (*meeting, ("connect", "call", "connect", connect_rate))


def _from_chain(
    deals: int,
    top: int,
    chain: tuple[_Link, ...],
    year: int,
    month: int,
    calendar: WorkCalendar,
) -> Plan:
    steps = []
    upper = top
    monthly: dict[str, int] = {}
    for from_key, key, rate_name, rate in chain:
        exact = Fraction(upper) / rate
        planned = ceil_exact(exact)
        steps.append(PlanStep(from_key, key, rate_name, upper, rate, exact, planned))
        monthly[key] = planned
        upper = planned
    days = tuple(calendar.month_working_days(year, month))
    daily_exact: dict[str, Fraction] = {}
    daily: dict[str, int] = {}
    if days:
        for key in reversed(list(monthly)):
            daily_exact[key] = Fraction(monthly[key], len(days))
            daily[key] = ceil_exact(daily_exact[key])
    plan = Plan(
        deals=deals,
        year=year,
        month=month,
        steps=tuple(steps),
        working_days=days,
        monthly=monthly,
        daily=daily,
        daily_exact=daily_exact,
    )
    return replace(plan, warnings=tuple(plan_warnings(plan)))


def plan_warnings(plan: Plan) -> list[PlanWarning]:
    """Rates and daily figures outside what the articles report as typical."""
    warnings = []
    for step in plan.steps:
        if step.rate_name not in TYPICAL_RATES:
            continue
        low, high = TYPICAL_RATES[step.rate_name]
        if not low <= step.rate <= high:
            warnings.append(PlanWarning(step.rate_name, "rate", step.rate, low, high))
    if not plan.working_days:
        warnings.append(PlanWarning("days", "days"))
        return warnings
    dials = plan.daily.get("call", 0)
    low_d, high_d = (Fraction(n) for n in TYPICAL_DIALS_PER_DAY)
    if dials > high_d * IMPOSSIBLE_FACTOR:
        warnings.append(PlanWarning("call", "dials far", Fraction(dials), low_d, high_d))
    elif dials > high_d:
        warnings.append(PlanWarning("call", "dials high", Fraction(dials), low_d, high_d))
    elif dials < low_d:
        warnings.append(PlanWarning("call", "dials low", Fraction(dials), low_d, high_d))
    return warnings


@dataclass(frozen=True)
class ApplyBlock:
    """Why a plan cannot become the daily targets (the words: ``render.plan``).

    ``reason``: "no days" (the month has no working day), "over" (the month is
    past) or "too high" (the daily ``value`` of ``key`` is above MAX_DAILY_TARGET).
    """

    reason: str
    key: str = ""
    value: int = 0


def apply_block(plan: Plan, today: date) -> ApplyBlock | None:
    """Why this plan cannot become the daily targets, or None when it can."""
    if not plan.daily:
        return ApplyBlock("no days")
    if last_day(plan) < today:
        return ApplyBlock("over")
    for key, value in plan.daily.items():
        if value > MAX_DAILY_TARGET:
            return ApplyBlock("too high", key, value)
    return None


def last_day(plan: Plan) -> date:
    return date(plan.year, plan.month, _calendar.monthrange(plan.year, plan.month)[1])


def default_effective(plan: Plan, today: date) -> date:
    """From the month's first day, or from today when the month has begun
    (a target never rewrites a past day)."""
    return max(plan.first_day, today)
