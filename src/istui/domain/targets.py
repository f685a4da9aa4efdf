"""Targets in force: versioned daily targets, judged per day.

A target changes rarely and for a reason; a past day is always judged against
the target that was in force on that day. Versions carry the date they take
effect and optionally per-weekday figures; a single-day version (tomorrow's own
targets, set in the evening reflection) applies on its date only.
"""

from __future__ import annotations

import math
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from types import MappingProxyType

from istui.domain.calendar import WorkCalendar, year_problem
from istui.i18n import tr

#: The largest daily target istui accepts, from the command line, the config,
#: a plan or a store file: far above any real day (a hundred thousand dials),
#: far below what breaks the arithmetic and the screen.
MAX_DAILY_TARGET = 100_000


def target_problem(value: object) -> str | None:
    """Why ``value`` is not a daily target (a whole number 0-MAX_DAILY_TARGET), or None."""
    if not isinstance(value, int) or isinstance(value, bool) or value < 0:
        shown = repr(value)
        shown = shown if len(shown) <= 40 else shown[:40] + "…"
        return tr("must be a whole number >= 0, got {value}", value=shown)
    if value > MAX_DAILY_TARGET:
        # (str() of a number past 4300 digits raises: count digits by log10)
        digits = math.floor(math.log10(value)) + 1
        if 10 ** (digits - 1) > value:  # log10 rounded 99…9 up to the next power
            digits -= 1
        if digits > 12:
            return tr(
                "must be at most {limit} a day, got a {digits}-digit number",
                limit=f"{MAX_DAILY_TARGET:,}",
                digits=digits,
            )
        return tr(
            "must be at most {limit} a day, got {value}",
            limit=f"{MAX_DAILY_TARGET:,}",
            value=f"{value:,}",
        )
    return None


def _target(value: object) -> int:
    """A stored daily target, refused (ValueError) unless it is one."""
    if isinstance(value, str) and value.strip().isdecimal() and len(value.strip()) <= 12:
        value = int(value)  # old records may carry "90"
    problem = target_problem(value)
    if problem:
        raise ValueError(tr("a target {problem}", problem=problem))
    assert isinstance(value, int)
    return value


#: Who set a target version (machine values, the same in every language):
#: the config file, the rep (``targets set``, the targets screen, the
#: reflection's own targets for tomorrow) or a plan (the back-calculation).
SETTERS = ("config", "rep", "plan")
#: Why a target changed: the articles' pick-list (市場環境の変化, リード供給の変化,
#: 人員の変化, 期初の設定); free text goes beside it (``reason_text``).
REASONS = ("market", "leads", "headcount", "period_start")
#: The longest free-text reason (one line).
MAX_REASON_TEXT = 200


def setter_of(source: str) -> str:
    """Who set a version written before versions said so, from its source."""
    return source if source in ("config", "plan") else "rep"


def reason_problem(reason: object, text: object) -> str | None:
    """Why ``reason`` (a REASONS key or "") and ``text`` (one line) are not a
    version's reason, or None."""
    if not isinstance(reason, str) or (reason and reason not in REASONS):
        return tr(
            "reason must be one of {known}, got {shown}",
            known=", ".join(REASONS),
            shown=repr(reason)[:40],
        )
    if not isinstance(text, str):
        return tr("reason_text must be text")
    if len(text) > MAX_REASON_TEXT:
        return tr("reason_text is longer than {limit} characters", limit=MAX_REASON_TEXT)
    if any(ord(c) < 32 or 0x7F <= ord(c) < 0xA0 or c in "\u2028\u2029" for c in text):
        return tr("reason_text must be one line without control characters")
    return None


def _frozen(values: Mapping[str, int]) -> Mapping[str, int]:
    return MappingProxyType(dict(values))


@dataclass(frozen=True)
class TargetVersion:
    effective: date
    values: Mapping[str, int]
    weekdays: Mapping[int, Mapping[str, int]] = field(default_factory=dict)
    single_day: bool = False
    source: str = "config"
    set_at: datetime | None = None
    #: Who set it (SETTERS); "" on a version built in code: then ``setter`` is
    #: derived from ``source``.
    by: str = ""
    #: Why (a REASONS key, or "" when none was given) and the rep's own words.
    reason: str = ""
    reason_text: str = ""

    @property
    def setter(self) -> str:
        return self.by or setter_of(self.source)

    @property
    def lowered_by_rep(self) -> bool:
        """A rep's own targets for one day (the reflection's for tomorrow)."""
        return self.single_day and self.setter == "rep"

    def for_day(self, day: date) -> dict[str, int]:
        values = dict(self.values)
        values.update(self.weekdays.get(day.weekday(), {}))
        return values

    def to_record(self) -> dict[str, object]:
        return {
            "effective": self.effective.isoformat(),
            "values": dict(self.values),
            "weekdays": {str(k): dict(v) for k, v in self.weekdays.items()},
            "single_day": self.single_day,
            "source": self.source,
            "set_at": self.set_at.isoformat() if self.set_at else None,
            "by": self.setter,
            "reason": self.reason,
            "reason_text": self.reason_text,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> TargetVersion:
        """Rebuild a version; raises ValueError naming what is wrong."""
        try:
            effective = date.fromisoformat(str(record["effective"]))
            problem = year_problem(effective.year)
            if problem:
                raise ValueError(tr("effective {day}: {problem}", day=effective, problem=problem))
            raw_values = record["values"]
            if not isinstance(raw_values, Mapping):
                raise ValueError(tr("values is not a table"))
            values = {str(k): _target(v) for k, v in raw_values.items()}
            raw_weekdays = record.get("weekdays") or {}
            if not isinstance(raw_weekdays, Mapping):
                raise ValueError(tr("weekdays is not a table"))
            weekdays = {
                int(k): _frozen({str(m): _target(n) for m, n in v.items()})
                for k, v in raw_weekdays.items()
            }
            set_at = record.get("set_at")
            source = str(record.get("source", "config"))
            by = record.get("by") or setter_of(source)
            if by not in SETTERS:
                raise ValueError(
                    tr(
                        "by must be one of {known}, got {value}",
                        known=", ".join(SETTERS),
                        value=repr(str(by)[:40]),
                    )
                )
            reason = record.get("reason") or ""
            reason_text = record.get("reason_text") or ""
            problem = reason_problem(reason, reason_text)
            if problem:
                raise ValueError(problem)
            return cls(
                effective=effective,
                values=_frozen(values),
                weekdays=MappingProxyType(weekdays),
                single_day=bool(record.get("single_day", False)),
                source=source,
                set_at=datetime.fromisoformat(str(set_at)) if set_at else None,
                by=str(by),
                reason=str(reason),
                reason_text=str(reason_text),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(tr("bad target version: {problem}", problem=exc)) from None


def version_in_force(versions: Iterable[TargetVersion], day: date) -> TargetVersion | None:
    """The version that applies on ``day``: a single-day version for that date,
    else the latest ordinary version effective on or before it. Among versions of
    equal standing the one listed last (set last) wins."""
    single: TargetVersion | None = None
    ordinary: TargetVersion | None = None
    for version in versions:
        if version.single_day:
            if version.effective == day:
                single = version
        elif version.effective <= day and (
            ordinary is None or version.effective >= ordinary.effective
        ):
            ordinary = version
    return single or ordinary


def targets_in_force(
    versions: Iterable[TargetVersion], day: date, calendar: WorkCalendar
) -> dict[str, int]:
    """Daily targets on ``day``; a day that is not a working day asks for nothing."""
    version = version_in_force(versions, day)
    if version is None:
        return {}
    values = version.for_day(day)
    if not calendar.is_working_day(day) and not version.single_day:
        return dict.fromkeys(values, 0)
    return values


def targets_over(
    versions: Iterable[TargetVersion], days: Iterable[date], calendar: WorkCalendar
) -> dict[str, int]:
    """The sum of each day's target in force (a week's or a month's target)."""
    listed = list(versions)
    total: dict[str, int] = {}
    for day in days:
        for key, value in targets_in_force(listed, day, calendar).items():
            total[key] = total.get(key, 0) + value
    return total


def next_version(
    versions: Iterable[TargetVersion],
    effective: date,
    values: Mapping[str, int],
    *,
    weekday: int | None = None,
    source: str = "cli",
    set_at: datetime | None = None,
    by: str = "",
    reason: str = "",
    reason_text: str = "",
) -> TargetVersion:
    """A new version from ``effective``: the figures in force that day with
    ``values`` changed (for one weekday only when ``weekday`` is given). Metrics
    not named keep their figures, so setting dials never drops the meeting target."""
    base = version_in_force([v for v in versions if not v.single_day], effective)
    base_values = dict(base.values) if base else {}
    weekdays = {k: dict(v) for k, v in base.weekdays.items()} if base else {}
    if weekday is None:
        base_values.update(values)
        for overrides in weekdays.values():
            for key in values:
                overrides.pop(key, None)
    else:
        weekdays.setdefault(weekday, {}).update(values)
    return TargetVersion(
        effective=effective,
        values=_frozen(base_values),
        weekdays=MappingProxyType({k: _frozen(v) for k, v in weekdays.items() if v}),
        source=source,
        set_at=set_at,
        by=by or setter_of(source),
        reason=reason,
        reason_text=reason_text,
    )


@dataclass(frozen=True)
class LoweredDay:
    """A day judged against the rep's own lower targets (set from the
    reflection the evening before): what it asked, and the usual targets (the
    ordinary version in force that day) beside them."""

    day: date
    targets: Mapping[str, int]
    usual: Mapping[str, int]

    @property
    def keys(self) -> tuple[str, ...]:
        """The metrics asked lower than usual."""
        return tuple(k for k, v in self.targets.items() if v < self.usual.get(k, 0))


def lowered_days(
    versions: Iterable[TargetVersion], days: Iterable[date], calendar: WorkCalendar
) -> tuple[LoweredDay, ...]:
    """The days among ``days`` whose target in force is the rep's own single-day
    version asking less than the usual target for some metric (a rep may lower
    tomorrow's targets; it is always shown)."""
    listed = list(versions)
    if not any(v.lowered_by_rep for v in listed):
        return ()  # the usual case: nothing of the rep's own to look for
    ordinary = [v for v in listed if not v.single_day]
    found = []
    for day in days:
        version = version_in_force(listed, day)
        if version is None or not version.lowered_by_rep:
            continue
        usual = targets_in_force(ordinary, day, calendar)
        asked = version.for_day(day)
        lowered = LoweredDay(day, _frozen(asked), _frozen(usual))
        if lowered.keys:
            found.append(lowered)
    return tuple(found)
