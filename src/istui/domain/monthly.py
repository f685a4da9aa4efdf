"""The monthly review (月次レビュー): the month against its targets, where it
lands, where the funnel leaks, the month's weeks side by side, the review's
frame (What → Why → So What → Now What) and next month's plan.

Built on the month view (domain.month: targets summed per day in force, the
landing forecast and its basis) and on the weekly review's one diagnosis
(domain.review.week_diagnosis over the month's days, each with its own
target): the same flow, the same thresholds, so a month and a week never
disagree on what a bottleneck is. Next month's plan is the back-calculation
(domain.plan) from the month's real rates: the meeting goal kept, the dials
it takes at the rates actually reached.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, replace
from datetime import date, datetime
from fractions import Fraction
from typing import Any

from istui.domain.calendar import IsoWeek, WorkCalendar, WorkHours
from istui.domain.funnel import Event, MetricSet, Ratio, achievement
from istui.domain.month import MonthView, build_month_view
from istui.domain.plan import Plan, back_calculate_meetings
from istui.domain.review import Diagnosis, week_diagnosis
from istui.domain.targets import LoweredDay, TargetVersion, lowered_days, targets_in_force
from istui.domain.totals import DayTotals, daily_totals, span_total
from istui.i18n import tr

#: The longest answer to one of the review's questions.
MAX_WORDS = 2000
#: The rep's own words of the frame, in order (What is the numbers, filled in).
WORD_FIELDS = ("why", "so_what", "now_what")


def month_days(year: int, month: int) -> list[date]:
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return [date.fromordinal(n) for n in range(first.toordinal(), following.toordinal())]


def next_month(year: int, month: int) -> tuple[int, int]:
    return (year + 1, 1) if month == 12 else (year, month + 1)


def previous_month(year: int, month: int) -> tuple[int, int]:
    return (year - 1, 12) if month == 1 else (year, month - 1)


@dataclass(frozen=True)
class MonthWords:
    """Why, So What and Now What in the rep's own words (What is the numbers)."""

    why: str = ""
    so_what: str = ""
    now_what: str = ""
    changed_at: datetime | None = None

    @property
    def empty(self) -> bool:
        return not (self.why or self.so_what or self.now_what)

    def to_record(self) -> dict[str, Any]:
        return {
            "why": self.why,
            "so_what": self.so_what,
            "now_what": self.now_what,
            "changed_at": self.changed_at.isoformat() if self.changed_at else None,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> MonthWords:
        """Raises ValueError naming the field that is not the review's words."""
        values: dict[str, str] = {}
        for name in WORD_FIELDS:
            value = record.get(name) or ""
            if not isinstance(value, str):
                raise ValueError(tr("{name} is not text", name=name))
            if len(value) > MAX_WORDS:
                raise ValueError(
                    tr("{name} is longer than {limit} characters", name=name, limit=MAX_WORDS)
                )
            values[name] = value
        stamp = record.get("changed_at")
        try:
            changed = datetime.fromisoformat(stamp) if isinstance(stamp, str) else None
        except ValueError:
            raise ValueError(
                tr("changed_at {value} is not a time", value=repr(str(stamp)[:40]))
            ) from None
        return cls(changed_at=changed, **values)


def words_problem(name: str, text: str) -> str | None:
    """Why ``text`` cannot be saved as the answer ``name``, or None."""
    if name not in WORD_FIELDS:
        return tr("unknown field {name}", name=repr(name))
    if len(text) > MAX_WORDS:
        return tr("{name} is longer than {limit} characters", name=name, limit=MAX_WORDS)
    return None


@dataclass(frozen=True)
class WeekColumn:
    """One ISO week of the month, clipped to the month's days."""

    week: IsoWeek
    start: date
    end: date
    counts: Mapping[str, int]
    targets: Mapping[str, int]

    def percent(self, key: str) -> float | None:
        return achievement(self.counts.get(key, 0), self.targets.get(key, 0))


@dataclass(frozen=True)
class NextPlan:
    """Next month's plan from this month's real rates, or why there is none.

    ``problem``: "" (a plan), "no funnel" (the funnel is not dials → connects
    (→ contacts) → meetings), "no goal" (no meeting target in force next
    month), or "no rate" (a rate of the month is zero or unknown: ``key``)."""

    year: int
    month: int
    plan: Plan | None
    goal: int = 0
    problem: str = ""
    key: str = ""


@dataclass(frozen=True)
class MonthReview:
    view: MonthView
    #: The month contains today (figures "to date", the landing a forecast).
    in_progress: bool
    #: The month is over: the figures have landed.
    landed: bool
    days: tuple[DayTotals, ...]
    weeks: tuple[WeekColumn, ...]
    diagnosis: Diagnosis
    lowered: tuple[LoweredDay, ...]
    words: MonthWords
    next_plan: NextPlan

    @property
    def year(self) -> int:
        return self.view.year

    @property
    def month(self) -> int:
        return self.view.month

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def _weeks(days: Iterable[DayTotals]) -> tuple[WeekColumn, ...]:
    grouped: dict[IsoWeek, list[DayTotals]] = {}
    for day in days:
        grouped.setdefault(IsoWeek.of(day.day), []).append(day)
    columns = []
    for week, items in grouped.items():
        counts, targets = span_total(items)
        if not any(counts.values()) and not any(targets.values()):
            continue  # a weekend's stub of a week: nothing asked, nothing done
        columns.append(WeekColumn(week, items[0].day, items[-1].day, counts, targets))
    return tuple(columns)


def _fraction(ratio: Ratio) -> Fraction | None:
    return Fraction(ratio.num, ratio.den) if ratio.den and ratio.num > 0 else None


def plan_next_month(
    view: MonthView,
    metrics: MetricSet,
    versions: Iterable[TargetVersion],
    calendar: WorkCalendar,
) -> NextPlan:
    """The back-calculation for next month from this month's real rates: next
    month's meeting goal (its daily meeting targets in force, summed) down to
    the dials a day it takes at the connect (contact) and meeting rates the
    month actually reached."""
    year, month = next_month(view.year, view.month)
    keys = tuple(m.key for m in metrics.funnel)
    if keys not in (("call", "connect", "meeting"), ("call", "connect", "contact", "meeting")):
        return NextPlan(year, month, None, problem="no funnel")
    listed = list(versions)
    working = calendar.month_working_days(year, month)
    goal = sum(targets_in_force(listed, d, calendar).get("meeting", 0) for d in working)
    if goal <= 0:
        return NextPlan(year, month, None, problem="no goal")
    rates = {r.key: _fraction(r.actual) for r in view.rates}
    for key in keys[1:]:
        if rates.get(key) is None:
            return NextPlan(year, month, None, goal=goal, problem="no rate", key=key)
    plan = back_calculate_meetings(
        goal,
        rates["meeting"] or Fraction(1),
        rates["connect"] or Fraction(1),
        year,
        month,
        calendar,
        rates.get("contact") if "contact" in keys else None,
    )
    return NextPlan(year, month, plan, goal=goal)


def build_month_review(
    events: Iterable[Event],
    metrics: MetricSet,
    versions: Iterable[TargetVersion],
    calendar: WorkCalendar,
    hours: WorkHours,
    year: int,
    month: int,
    now: datetime,
    words: MonthWords | None = None,
) -> MonthReview:
    """The review of ``month`` as of ``now`` from the month's events.

    A month in progress is judged as the week is: its days up to today, the
    diagnosis over the finished days; a past month whole, its figures landed."""
    listed_events = list(events)
    listed_versions = list(versions)
    view = build_month_view(
        listed_events, metrics, listed_versions, calendar, hours, year, month, now
    )
    today = now.date()
    all_days = month_days(year, month)
    in_progress = all_days[0] <= today <= all_days[-1]
    shown = [d for d in all_days if d <= today]
    days = tuple(
        daily_totals(
            [e for e in listed_events if e.day in set(shown)],
            shown,
            metrics,
            listed_versions,
            calendar,
        )
    )
    return MonthReview(
        view=view,
        in_progress=in_progress,
        landed=all_days[-1] < today,
        days=days,
        weeks=_weeks(days),
        diagnosis=replace(week_diagnosis(days, metrics, today), month=True),
        lowered=lowered_days(listed_versions, shown, calendar),
        words=words or MonthWords(),
        next_plan=plan_next_month(view, metrics, listed_versions, calendar),
    )
