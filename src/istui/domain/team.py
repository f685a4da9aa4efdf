"""The team's week: each rep against their own targets, and the team as sums.

Pure: the merge and the team view load the data, this module does the
arithmetic. Reps may count different things (an extra stage, an extra
counter); every rep is judged with their own metric set, and team figures add
counts and Ratio parts, never averages of rates.

The rep's words (mid-checks, reflections) are read by the forms' own readers
(domain.notes.DayNotes); the bottleneck is the weekly review's diagnosis
(domain.review.week_diagnosis), so the lead sees what the rep sees.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from istui.domain.calendar import WorkCalendar
from istui.domain.deal_rates import SpanDeals
from istui.domain.funnel import (
    Event,
    FunnelRate,
    MetricSet,
    Ratio,
    achievement,
    count_kinds,
    funnel_rates,
)
from istui.domain.lists import Slice
from istui.domain.notes import DayNotes, Said
from istui.domain.reflection import CHANGED_FIELD
from istui.domain.review import Diagnosis, days_to_date, week_diagnosis
from istui.domain.totals import DayTotals, span_total

#: Canonical column order for metric keys from different reps.
KNOWN_ORDER = ("call", "connect", "contact", "meeting", "email")


# ------------------------------------------------------------------ notes
def canonical(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def _as_utc(text: object) -> str | None:
    if not isinstance(text, str):
        return None
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC).isoformat()


def note_stamp(records: Any) -> str:
    """When a note was last changed (UTC ISO), '' when it does not say.

    A note is a day's mid-check records, a day's reflection record, or a week's
    review tables; the forms keep each record's last change in ``changed_at``
    (CHANGED_FIELD), and a week's review keeps its plan's in the one record of
    its ``changed`` table (every save of actions or focus stamps it). That field
    alone is trusted: times inside a record (its figure snapshot, its
    submission) say nothing about its last edit.
    """
    if isinstance(records, Mapping):
        lists = [v for v in records.values() if isinstance(v, list)]
    else:
        lists = [records] if isinstance(records, list) else []
    best = ""
    for listed in lists:
        for record in listed:
            if isinstance(record, Mapping):
                stamp = _as_utc(record.get(CHANGED_FIELD))
                if stamp and stamp > best:
                    best = stamp
    return best


def note_rank(records: Any) -> tuple[str, int, str]:
    """Orders two copies of one note: the newer change wins; at equal times, or
    when neither copy says when it changed (a week's review from before its
    stamp), the fuller copy (a --no-notes copy loses to one with the words),
    then the text. A copy that says beats one that does not: the unstamped copy
    was saved before the rep's istui stamped anything. A total order, so the
    merge result never depends on the order of files."""
    text = canonical(records)
    return (note_stamp(records), len(text), text)


# -------------------------------------------------------------- the week
@dataclass(frozen=True)
class RepInput:
    """What the team store holds for one rep for the days asked for."""

    rep_id: str
    name: str
    metrics: MetricSet
    calendar: WorkCalendar
    events: Sequence[Event]
    targets_by_day: Mapping[date, Mapping[str, int]]
    notes_by_day: Mapping[date, DayNotes] = field(default_factory=dict)
    #: Instead of ``events``, for speed: outcome kinds counted per local day and
    #: per (local hour, kind). Used when given; ``events`` is then ignored, and
    #: ``hour_kinds`` must count the judged days only (see ``rep_week``).
    kinds: Mapping[date, Mapping[str, int]] | None = None
    hour_kinds: Mapping[tuple[int, str], int] | None = None
    #: The days merged exports covered (TeamStore.covered_days); None: all.
    covered: frozenset[date] | None = None


def kind_counts(
    events: Iterable[Event],
) -> tuple[dict[date, Counter[str]], Counter[tuple[int, str]]]:
    """Outcome kinds per local day and per (local hour, kind): all a week needs."""
    kinds_by_day: dict[date, Counter[str]] = {}
    by_hour: Counter[tuple[int, str]] = Counter()
    for event in events:
        day = event.at.date()
        kinds = kinds_by_day.get(day)
        if kinds is None:
            kinds = kinds_by_day[day] = Counter()
        kinds[event.kind] += 1
        by_hour[(event.at.hour, event.kind)] += 1
    return kinds_by_day, by_hour


@dataclass(frozen=True)
class RepWeek:
    rep_id: str
    name: str
    metrics: MetricSet
    days: tuple[DayTotals, ...]
    counts: Mapping[str, int]
    targets: Mapping[str, int]
    rates: tuple[FunnelRate, ...]
    connect_rate: Ratio | None
    meeting_rate: Ratio | None
    bottleneck: Diagnosis
    help: tuple[Said, ...]
    reflected: tuple[tuple[date, bool], ...]
    hours: Mapping[int, Ratio]
    #: The week in progress: figures to date (through ``days[-1]``), against
    #: the target due by then, as the rep's own review judges it.
    in_progress: bool = False
    #: False when no export of the rep covers any judged day: "no export", not 0.
    exported: bool = True

    def achievement(self, key: str) -> float | None:
        return achievement(self.counts.get(key, 0), self.targets.get(key, 0))

    @property
    def headline_key(self) -> str:
        """The outcome the week is judged on: the last funnel stage (meetings)."""
        return self.metrics.funnel[-1].key if self.metrics.funnel else ""


@dataclass(frozen=True)
class TeamWeek:
    start: date
    end: date
    reps: tuple[RepWeek, ...]
    keys: tuple[str, ...]
    counts: Mapping[str, int]
    targets: Mapping[str, int]
    connect_rate: Ratio
    meeting_rate: Ratio
    hours: Mapping[int, Ratio]
    mixed_meeting_base: bool
    #: The week in progress: every figure to date, through ``through``.
    in_progress: bool = False
    through: date | None = None
    #: Reps with no export for the week: left out of the team's sums.
    missing: tuple[str, ...] = ()
    #: Each rep's deals of the week (rep id, name, figures), for the reps with
    #: any; and the team's dials cut by lead channel (sums over every rep).
    deals: tuple[tuple[str, str, SpanDeals], ...] = ()
    by_channel: tuple[Slice, ...] = ()

    def achievement(self, key: str) -> float | None:
        return achievement(self.counts.get(key, 0), self.targets.get(key, 0))


def _rate(rates: Iterable[FunnelRate], key: str) -> FunnelRate | None:
    return next((r for r in rates if r.key == key), None)


def hour_ratios(events: Iterable[Event], metrics: MetricSet) -> dict[int, Ratio]:
    """Connects over dials per local hour of day (the hour the rep logged in)."""
    if len(metrics.funnel) < 2:
        return {}
    by_hour: Counter[tuple[int, str]] = Counter((e.at.hour, e.kind) for e in events)
    return _hour_ratios(by_hour, metrics)


def _hour_ratios(by_hour: Mapping[tuple[int, str], int], metrics: MetricSet) -> dict[int, Ratio]:
    if len(metrics.funnel) < 2:
        return {}
    top, second = metrics.funnel[0].key, metrics.funnel[1].key
    num: dict[int, int] = {}
    den: dict[int, int] = {}
    for (hour, kind), n in by_hour.items():
        stages = metrics.stages_counted(kind)
        if top not in stages:
            continue
        den[hour] = den.get(hour, 0) + n
        if second in stages:
            num[hour] = num.get(hour, 0) + n
    return {h: Ratio(num.get(h, 0), den[h]) for h in sorted(den)}


#: The bottleneck of a rep with no export for the week.
NO_EXPORT = Diagnosis("no export")


def rep_week(
    rep: RepInput, days: Sequence[date], today: date, working: Mapping[date, bool] | None = None
) -> RepWeek:
    """The rep's ``days`` as of ``today``: the week in progress to date, against
    the target due by now (domain.review.days_to_date, the rep's own review's
    rule), a finished week whole. The rep's words (help requests, reflections)
    count on every day given: a word written is there to read."""
    span = list(days)
    if working is None:  # (team_week passes each calendar's, worked out once)
        working = {day: rep.calendar.is_working_day(day) for day in span}
    days, in_progress = days_to_date(span, today)
    wanted = set(days)
    kinds_by_day: Mapping[date, Mapping[str, int]]
    by_hour: Mapping[tuple[int, str], int]
    if rep.kinds is not None and rep.hour_kinds is not None:
        kinds_by_day = {d: k for d, k in rep.kinds.items() if d in wanted}
        by_hour = rep.hour_kinds
    else:
        kinds_by_day, by_hour = kind_counts(e for e in rep.events if e.at.date() in wanted)
    exported = rep.covered is None or not wanted.isdisjoint(rep.covered)
    totals = tuple(
        DayTotals(
            day=day,
            counts=count_kinds(kinds_by_day.get(day, {}), rep.metrics),
            targets=dict(rep.targets_by_day.get(day, {})),
            working=working[day],
        )
        for day in days
    )
    week_kinds: Counter[str] = Counter()
    for day_kinds in kinds_by_day.values():
        week_kinds.update(day_kinds)
    counts = count_kinds(week_kinds, rep.metrics)
    _, targets = span_total(totals)
    rates = tuple(funnel_rates(counts, targets, rep.metrics))
    connect, meeting = _rate(rates, "connect"), _rate(rates, "meeting")
    help_found: list[Said] = []
    for day in span:
        notes = rep.notes_by_day.get(day)
        if notes is not None:
            help_found.extend(notes.help_requests())
    # Judged working days (a day still to come is not "not reflected"), and
    # any day with a reflection.
    reflected = tuple(
        (day, _reflected(rep.notes_by_day.get(day)))
        for day in span
        if (day in wanted and working[day]) or _has_reflection(rep.notes_by_day.get(day))
    )
    return RepWeek(
        rep_id=rep.rep_id,
        name=rep.name,
        metrics=rep.metrics,
        days=totals,
        counts=counts,
        targets=targets,
        rates=rates,
        connect_rate=connect.actual if connect else None,
        meeting_rate=meeting.actual if meeting else None,
        bottleneck=week_diagnosis(totals, rep.metrics, today) if exported else NO_EXPORT,
        help=tuple(help_found),
        reflected=reflected,
        hours=_hour_ratios(by_hour, rep.metrics),
        in_progress=in_progress,
        exported=exported,
    )


def _reflected(notes: DayNotes | None) -> bool:
    return notes is not None and notes.reflected


def _has_reflection(notes: DayNotes | None) -> bool:
    return notes is not None and notes.reflection is not None


def ordered_keys(metric_sets: Iterable[MetricSet]) -> tuple[str, ...]:
    """The union of every rep's metric keys: known ones in funnel order, then the rest."""
    seen: list[str] = []
    for metrics in metric_sets:
        for key in metrics.keys:
            if key not in seen:
                seen.append(key)
    known = [k for k in KNOWN_ORDER if k in seen]
    return tuple(known + [k for k in seen if k not in known])


def team_week(reps: Iterable[RepInput], start: date, end: date, today: date) -> TeamWeek:
    """The team's days ``start``..``end``; ``today`` decides, as in the review,
    whether a rep's week is judged so far or whole."""
    from istui.domain.calendar import date_range

    days = list(date_range(start, end))
    judged, in_progress = days_to_date(days, today)
    # The span's working days once per calendar (most reps share one), not per rep and day.
    calendars: dict[WorkCalendar, dict[date, bool]] = {}
    weeks: list[RepWeek] = []
    for given in reps:
        calendar = given.calendar
        working = calendars.get(calendar)
        if working is None:
            working = calendars[calendar] = {d: calendar.is_working_day(d) for d in days}
        weeks.append(rep_week(given, days, today, working))
    keys = ordered_keys(r.metrics for r in weeks)
    # A rep with no export is unknown, not zero: left out of the team's sums.
    known = [r for r in weeks if r.exported]
    counts = {k: sum(r.counts.get(k, 0) for r in known) for k in keys}
    targets = {k: sum(r.targets.get(k, 0) for r in known) for k in keys}
    connect, meeting = Ratio(0, 0), Ratio(0, 0)
    bases = set()
    hours: dict[int, Ratio] = {}
    for rep in known:
        if rep.connect_rate is not None:
            connect += rep.connect_rate
        rate = _rate(rep.rates, "meeting")
        if rate is not None:
            meeting += rate.actual
            bases.add(rate.upper)
        for hour, ratio in rep.hours.items():
            hours[hour] = hours.get(hour, Ratio(0, 0)) + ratio
    return TeamWeek(
        start=start,
        end=end,
        reps=tuple(weeks),
        keys=keys,
        counts=counts,
        targets=targets,
        connect_rate=connect,
        meeting_rate=meeting,
        hours=dict(sorted(hours.items())),
        mixed_meeting_base=len(bases) > 1,
        in_progress=in_progress,
        through=judged[-1] if judged else None,
        missing=tuple(r.rep_id for r in weeks if not r.exported),
    )
