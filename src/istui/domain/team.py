"""The team's week: each rep against their own targets, and the team as sums.

Pure: the merge and the team view load the data, this module does the
arithmetic. Reps may count different things (an extra stage, an extra
counter); every rep is judged with their own metric set, and team figures add
counts and Ratio parts, never averages of rates.

The rep's words (mid-checks, reflections) arrive as opaque records owned by
another feature; the small readers here (``note_stamp``, ``is_reflected``,
``help_requests``) look for the usual field names and never fail on others.
"""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from typing import Any

from istui.domain.calendar import WorkCalendar
from istui.domain.history import DayTotals
from istui.domain.model import Event, MetricSet, count_kinds
from istui.domain.rates import FunnelRate, Ratio, funnel_rates

#: Canonical column order for metric keys from different reps.
KNOWN_ORDER = ("call", "connect", "contact", "meeting", "email")
#: Fewer dials than this in a week and the diagnosis says so instead of a verdict.
MIN_DIALS_FOR_VERDICT = 30

_STAMP_KEYS = (
    "updated_at", "changed_at", "edited_at", "last_changed", "modified_at",
    "saved_at", "submitted_at", "created_at", "at",
)  # fmt: skip


# ------------------------------------------------------------ opaque notes
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
    """The latest change time found anywhere in a note (UTC ISO), '' when none."""
    best = ""
    stack = [records]
    while stack:
        item = stack.pop()
        if isinstance(item, Mapping):
            for key in _STAMP_KEYS:
                stamp = _as_utc(item.get(key))
                if stamp and stamp > best:
                    best = stamp
            stack.extend(v for v in item.values() if isinstance(v, Mapping | list))
        elif isinstance(item, list):
            stack.extend(item)
    return best


def note_rank(records: Any) -> tuple[str, int, str]:
    """Orders two copies of one note: the newer change wins; at equal times the
    fuller copy (a --no-notes copy loses to one with the words), then the text.
    A total order, so the merge result never depends on the order of files."""
    text = canonical(records)
    return (note_stamp(records), len(text), text)


def _is_draft(record: Mapping[str, Any]) -> bool:
    if record.get("draft") is True or record.get("submitted") is False:
        return True
    return str(record.get("status", "")).lower() == "draft"


def is_reflected(records: Sequence[Mapping[str, Any]]) -> bool:
    """A day counts as reflected when its reflection table holds a non-draft record."""
    return any(isinstance(r, Mapping) and not _is_draft(r) for r in records)


def help_requests(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """Open help requests in mid-check or reflection records: a truthy ``help*``
    field (a flag, a text, or a table with a flag and a text) not marked resolved."""
    found: list[str] = []
    for record in records:
        if not isinstance(record, Mapping) or _is_draft(record):
            continue
        if record.get("help_resolved") or record.get("resolved"):
            continue
        for key, value in record.items():
            if "help" not in str(key).lower() or "resolved" in str(key).lower():
                continue
            text = _help_text(record, str(key), value)
            if text is not None and text not in found:
                found.append(text)
    return found


def _help_text(record: Mapping[str, Any], key: str, value: Any) -> str | None:
    if isinstance(value, Mapping):
        if value.get("resolved"):
            return None
        flag = value.get("need", value.get("requested", value.get("needed", value.get("yes"))))
        text = value.get("text", value.get("note", value.get("message")))
        if flag is False or (flag is None and not text):
            return None
        return text.strip() if isinstance(text, str) and text.strip() else "(help asked)"
    helps = {k: v for k, v in record.items() if "help" in str(k).lower()}
    if value is True:
        texts = [v.strip() for v in helps.values() if isinstance(v, str) and v.strip()]
        return texts[0] if texts else "(help asked)"
    has_flag = any(isinstance(v, bool) for v in helps.values())
    if isinstance(value, str) and value.strip() and not has_flag:
        return value.strip()  # a help text with no yes/no beside it is a request
    return None


# ------------------------------------------------------------- bottleneck
@dataclass(frozen=True)
class Bottleneck:
    """A short diagnosis: kind is one of thin, no-target, on-target, volume, quality."""

    kind: str
    stage: str | None
    text: str


_CAUSES = {
    "connect": "list quality or calling hours",
    "contact": "opening talk, reaching the decision maker",
    "meeting": "talk script, hearing skills",
}


def team_bottleneck(
    counts: Mapping[str, int], targets: Mapping[str, int], metrics: MetricSet
) -> Bottleneck:
    """The articles' flow, kept small so the lead can swap in the weekly review's
    diagnosis (review4) at merge time: missed volume first, else the funnel rate
    furthest below its target rate."""
    if not metrics.funnel:
        return Bottleneck("thin", None, "no funnel")
    top = metrics.funnel[0].key
    dials = counts.get(top, 0)
    if dials < MIN_DIALS_FOR_VERDICT:
        return Bottleneck("thin", None, "not enough data")
    if not any(targets.get(m.key, 0) for m in metrics.funnel):
        return Bottleneck("no-target", None, "no target")
    goal = metrics.funnel[-1].key
    if counts.get(goal, 0) >= targets.get(goal, 0):
        return Bottleneck("on-target", None, "on target")
    dial_target = targets.get(top, 0)
    if dial_target and dials < dial_target:
        return Bottleneck("volume", top, f"volume: dials {dials * 100 // dial_target}% of target")
    worst: FunnelRate | None = None
    worst_gap = 0.0
    for rate in funnel_rates(counts, targets, metrics):
        actual, target = rate.actual.value, rate.target.value
        if actual is None or not target:
            continue
        gap = actual / target - 1
        if gap < worst_gap:
            worst, worst_gap = rate, gap
    if worst is None:
        return Bottleneck("on-target", None, "rates on target")
    cause = _CAUSES.get(worst.key, "that stage's approach")
    return Bottleneck("quality", worst.key, f"{worst.label} low: {cause}")


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
    midchecks_by_day: Mapping[date, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    reflections_by_day: Mapping[date, Sequence[Mapping[str, Any]]] = field(default_factory=dict)
    #: Instead of ``events``, for speed: outcome kinds counted per local day and
    #: per (local hour, kind). Used when given; ``events`` is then ignored.
    kinds: Mapping[date, Mapping[str, int]] | None = None
    hour_kinds: Mapping[tuple[int, str], int] | None = None


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
    bottleneck: Bottleneck
    help: tuple[str, ...]
    reflected: tuple[tuple[date, bool], ...]
    hours: Mapping[int, Ratio]

    def achievement(self, key: str) -> float | None:
        target = self.targets.get(key, 0)
        return self.counts.get(key, 0) * 100 / target if target else None

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

    def achievement(self, key: str) -> float | None:
        target = self.targets.get(key, 0)
        return self.counts.get(key, 0) * 100 / target if target else None


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


def rep_week(rep: RepInput, days: Sequence[date]) -> RepWeek:
    if rep.kinds is not None and rep.hour_kinds is not None:
        kinds_by_day, by_hour = rep.kinds, rep.hour_kinds
    else:
        wanted = set(days)
        kinds_by_day, by_hour = kind_counts(e for e in rep.events if e.at.date() in wanted)
    totals = tuple(
        DayTotals(
            day=day,
            counts=count_kinds(kinds_by_day.get(day, {}), rep.metrics),
            targets=dict(rep.targets_by_day.get(day, {})),
            working=rep.calendar.is_working_day(day),
        )
        for day in days
    )
    week_kinds: Counter[str] = Counter()
    for day_kinds in kinds_by_day.values():
        week_kinds.update(day_kinds)
    counts = count_kinds(week_kinds, rep.metrics)
    targets: dict[str, int] = {}
    for totals_day in totals:
        for key, value in totals_day.targets.items():
            targets[key] = targets.get(key, 0) + value
    rates = tuple(funnel_rates(counts, targets, rep.metrics))
    connect, meeting = _rate(rates, "connect"), _rate(rates, "meeting")
    help_found: list[str] = []
    for day in days:
        for text in help_requests(
            [*rep.midchecks_by_day.get(day, ()), *rep.reflections_by_day.get(day, ())]
        ):
            if text not in help_found:
                help_found.append(text)
    reflected = tuple(
        (d.day, is_reflected(rep.reflections_by_day.get(d.day, ())))
        for d in totals
        if d.working or rep.reflections_by_day.get(d.day)
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
        bottleneck=team_bottleneck(counts, targets, rep.metrics),
        help=tuple(help_found),
        reflected=reflected,
        hours=_hour_ratios(by_hour, rep.metrics),
    )


def ordered_keys(metric_sets: Iterable[MetricSet]) -> tuple[str, ...]:
    """The union of every rep's metric keys: known ones in funnel order, then the rest."""
    seen: list[str] = []
    for metrics in metric_sets:
        for key in metrics.keys:
            if key not in seen:
                seen.append(key)
    known = [k for k in KNOWN_ORDER if k in seen]
    return tuple(known + [k for k in seen if k not in known])


def team_week(reps: Iterable[RepInput], start: date, end: date) -> TeamWeek:
    from istui.domain.calendar import date_range

    days = list(date_range(start, end))
    weeks = tuple(rep_week(rep, days) for rep in reps)
    keys = ordered_keys(r.metrics for r in weeks)
    counts = {k: sum(r.counts.get(k, 0) for r in weeks) for k in keys}
    targets = {k: sum(r.targets.get(k, 0) for r in weeks) for k in keys}
    connect, meeting = Ratio(0, 0), Ratio(0, 0)
    bases = set()
    hours: dict[int, Ratio] = {}
    for rep in weeks:
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
        reps=weeks,
        keys=keys,
        counts=counts,
        targets=targets,
        connect_rate=connect,
        meeting_rate=meeting,
        hours=dict(sorted(hours.items())),
        mixed_meeting_base=len(bases) > 1,
    )
