"""Reading a team week out of the team store.

``load_team_week`` reads only the asked days of each rep, the events counted
by day, hour and kind in the database; the
arithmetic is domain.team's, the report and the team table's text are
render.team's.
"""

from __future__ import annotations

import contextlib
import gc
from collections.abc import Iterator, Mapping
from dataclasses import replace
from datetime import date
from typing import Any

from istui.domain.calendar import WorkCalendar, date_range
from istui.domain.deal_rates import SpanDeals, span_deals
from istui.domain.deals import Deal, deals_from
from istui.domain.funnel import Metric, MetricSet, count_kinds
from istui.domain.lists import Slice
from istui.domain.notes import DayNotes, read_day_gist
from istui.domain.review import days_to_date
from istui.domain.team import RepInput, TeamWeek, team_week
from istui.services.config import KNOWN_METRICS, Config
from istui.store.team import DayRow, TeamStore


def metric_set_from(record: dict[str, Any]) -> MetricSet:
    """The rep's metric set as their export described it (no key bindings here)."""
    metrics = record.get("metrics") or {}
    labels = metrics.get("labels") or {}

    def build(key: str, funnel: bool) -> Metric:
        label = str(labels.get(key) or key.capitalize())
        # An export names every metric, istui's English defaults too: one the
        # rep did not choose is shown in the lead's language.
        known = KNOWN_METRICS.get(key)
        default = known is not None and label == known[0]
        return Metric(key=key, name=label, short=key[:6], bind="", funnel=funnel, default=default)

    return MetricSet(
        funnel=tuple(build(str(k), True) for k in metrics.get("funnel") or ()),
        counters=tuple(build(str(k), False) for k in metrics.get("counters") or ()),
    )


def calendar_from(record: dict[str, Any]) -> WorkCalendar:
    raw = record.get("calendar") or {}
    workdays = raw.get("workdays")
    holidays = set()
    for text in raw.get("holidays") or ():
        try:
            holidays.add(date.fromisoformat(str(text)))
        except ValueError:
            continue
    if not isinstance(workdays, list):
        return WorkCalendar(holidays=frozenset(holidays))
    return WorkCalendar(
        workdays=frozenset(int(d) for d in workdays if isinstance(d, int)),
        holidays=frozenset(holidays),
    )


def rep_config(record: dict[str, Any]) -> Config:
    """The rep's config as far as their export told it (metrics, names, calendar,
    pick-lists): enough to show their weekly review as they see it."""
    rep_id = str(record.get("rep_id") or "rep")
    picks = (record.get("pick_lists") or {}).get("objections")
    return Config(
        path=None,
        rep_id=rep_id,
        rep_name=str(record.get("name") or rep_id),
        metrics=metric_set_from(record),
        targets={},
        calendar=calendar_from(record),
        objections=tuple(str(o) for o in picks) if isinstance(picks, list) else (),
    )


def rep_input(team: TeamStore, record: dict[str, Any], start: date, end: date) -> RepInput:
    """The rep's days ``start``..``end`` (the caller passes the judged days:
    the hour counts cover exactly these)."""
    rep_id = str(record["rep_id"])
    kinds: dict[date, dict[str, int]] = {}
    hour_kinds: dict[tuple[int, str], int] = {}
    for day, hour, kind, n in team.kind_counts(rep_id, start, end):
        day_kinds = kinds.setdefault(day, {})
        day_kinds[kind] = day_kinds.get(kind, 0) + n
        hour_kinds[(hour, kind)] = hour_kinds.get((hour, kind), 0) + n
    return _rep_input(
        record,
        kinds,
        hour_kinds,
        team.day_rows(rep_id, start, end),
        frozenset(team.covered_days(rep_id)),
    )


def _rep_input(
    record: dict[str, Any],
    counted: Mapping[date, Mapping[str, int]],
    hour_kinds: dict[tuple[int, str], int],
    rows: dict[date, DayRow],
    covered: frozenset[date],
) -> RepInput:
    """The rep's RepInput from kinds counted per day and per (hour, kind) over
    the judged days, and the days' rows."""
    rep_id = str(record["rep_id"])
    kinds: dict[date, Mapping[str, int]] = dict(counted)
    targets: dict[date, dict[str, int]] = {}
    notes: dict[date, DayNotes] = {}
    for day, row in sorted(rows.items()):
        kinds.setdefault(day, {})  # a day an export covered, even with no event
        if row.targets is not None:
            targets[day] = {str(k): int(v) for k, v in row.targets.items()}
        if row.midchecks or row.reflection:
            notes[day] = read_day_gist(day, _helping(row.midchecks), row.reflection or ())
    return RepInput(
        rep_id=rep_id,
        name=str(record.get("name") or rep_id),
        metrics=metric_set_from(record),
        calendar=calendar_from(record),
        events=(),
        kinds=dict(sorted(kinds.items())),
        hour_kinds=hour_kinds,
        targets_by_day=targets,
        notes_by_day=notes,
        covered=covered,
    )


def _helping(records: list[Any] | None) -> list[Any]:
    """The mid-checks the team view can show: the team table and report read
    a day's mid-checks only for help asked for (domain.notes.DayNotes
    .help_requests: a check marked done, with "I need help"), so only those
    go through the forms' reader. A record that could not pass it is left
    out either way (the forms' status is "done" only for exactly "done");
    the rep's full notes are read when the drill-down opens their review."""
    return [
        r
        for r in records or ()
        if isinstance(r, Mapping) and r.get("status") == "done" and r.get("need_help", False)
    ]


@contextlib.contextmanager
def _no_collection() -> Iterator[None]:
    """The cyclic garbage collector paused while a team's span is read: the
    read makes some hundred thousand short-lived objects (decoded days, the
    reps' figures) and no cycle, and each collection it triggers would walk
    them all again (about a fifth of the read for 200 reps). Reference
    counting still frees everything; a collector already off stays off."""
    was_on = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_on:
            gc.enable()


def load_team_week(team: TeamStore, start: date, end: date) -> TeamWeek:
    """The team's days ``start``..``end``, judged as of the team store's today
    (so a week in progress is diagnosed as each rep's own review does). Three
    queries for the whole team (events counted, days, reps), not three a rep."""
    with _no_collection():
        return _load_team_week(team, start, end)


def _load_team_week(team: TeamStore, start: date, end: date) -> TeamWeek:
    reps = team.reps()
    today = team.today()
    judged, _ = days_to_date(list(date_range(start, end)), today)
    last = judged[-1] if judged else end  # the week in progress: read to date only
    by_day, by_hour = team.team_kind_totals(start, last)
    rows = team.team_day_rows(start, end, help_only=True)
    inputs = []
    for rep_id in sorted(reps):
        covered = rows.get(rep_id, {})
        inputs.append(
            _rep_input(
                reps[rep_id],
                by_day.get(rep_id, {}),
                by_hour.get(rep_id, {}),
                {d: r for d, r in covered.items() if d <= last},
                frozenset(covered),
            )
        )
    week = team_week(inputs, start, end, today)
    return replace(
        week,
        deals=_team_deals(team, reps, start, last),
        by_channel=_team_channels(team, reps, start, last),
    )


def _team_deals(
    team: TeamStore, reps: dict[str, dict[str, Any]], start: date, last: date
) -> tuple[tuple[str, str, SpanDeals], ...]:
    """Each rep's deals of the days ``start``..``last`` (reps with none left out).
    A copy the team store holds was checked by the merge; one that no longer
    replays is skipped rather than stopping the lead's view."""
    out = []
    moved = team.team_deal_records()
    meetings = team.team_meetings(start, last) if moved else {}
    for rep_id, records in sorted(moved.items()):
        recorded = []
        for record in records:
            with contextlib.suppress(ValueError):
                recorded.append(Deal.from_record(record))
        # every meeting booked is a deal, moved on or not: the cancellation
        # rate's denominator is the meetings set, as in the rep's own review
        deals = deals_from(meetings.get(rep_id, []), recorded)
        figures = span_deals(deals, start, last)
        if figures.figures.set or figures.decided:
            name = str(reps.get(rep_id, {}).get("name", rep_id))
            out.append((rep_id, name, figures))
    return tuple(out)


def _team_channels(
    team: TeamStore, reps: dict[str, dict[str, Any]], start: date, last: date
) -> tuple[Slice, ...]:
    """The team's dials by lead channel: each rep's kinds counted with its own
    funnel, then summed per channel (sums over sums); empty without any channel."""
    rows = team.tagged_kind_counts(start, last, "channel")
    if not any(value for _, value, _, _ in rows):
        return ()
    kinds: dict[tuple[str, str], dict[str, int]] = {}
    for rep_id, value, kind, n in rows:
        kinds.setdefault((rep_id, value), {})[kind] = n
    totals: dict[str, dict[str, int]] = {}
    for (rep_id, value), counted in kinds.items():
        metrics = metric_set_from(reps.get(rep_id, {}))
        target = totals.setdefault(value, {})
        for key, n in count_kinds(counted, metrics).items():
            target[key] = target.get(key, 0) + n
    slices = [Slice(value, counts) for value, counts in totals.items()]
    slices.sort(key=lambda s: (-max(s.counts.values(), default=0), s.value))
    return tuple(slices)


def latest_week(team: TeamStore) -> tuple[int, int] | None:
    weeks = team.weeks_with_data()
    return weeks[-1] if weeks else None
