"""Reading a team week out of the team store.

``load_team_week`` reads only the asked days' files of each rep; the
arithmetic is domain.team's, the report and the team table's text are
render.team's.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from istui.domain.calendar import WorkCalendar, date_range
from istui.domain.funnel import Metric, MetricSet
from istui.domain.notes import DayNotes, read_day_notes
from istui.domain.review import days_to_date
from istui.domain.team import RepInput, TeamWeek, team_week
from istui.services.config import Config
from istui.store.files import StoreError
from istui.store.layout import (
    DAY_TARGETS_TABLE,
    EVENTS_TABLE,
    MIDCHECK_TABLE,
    REFLECTION_TABLE,
    day_relpath,
)
from istui.store.team import TeamStore


def metric_set_from(record: dict[str, Any]) -> MetricSet:
    """The rep's metric set as their export described it (no key bindings here)."""
    metrics = record.get("metrics") or {}
    labels = metrics.get("labels") or {}

    def build(key: str, funnel: bool) -> Metric:
        label = str(labels.get(key) or key.capitalize())
        return Metric(key=key, label=label, short=key[:6], bind="", funnel=funnel)

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
    store = team.rep_store(rep_id)
    kinds: dict[date, dict[str, int]] = {}
    hour_kinds: dict[tuple[int, str], int] = {}
    targets: dict[date, dict[str, int]] = {}
    notes: dict[date, DayNotes] = {}
    for day in date_range(start, end):
        tables = store.read_tables(day_relpath(day))
        if not tables:
            continue
        text_day = day.isoformat()
        day_kinds = kinds.setdefault(day, {})
        for r in tables.get(EVENTS_TABLE, []):
            # The merge stored these from validated events as Event.to_record()
            # (isoformat, local time), so the local date and hour are fixed
            # positions in the text: far cheaper than parsing 30k timestamps.
            at, kind = r.get("at"), r.get("kind")
            if not isinstance(at, str) or not isinstance(kind, str) or len(at) < 19:
                raise StoreError(f"{store.root / day_relpath(day)}: a bad event record")
            if at[:10] != text_day:
                raise StoreError(
                    f"{store.root / day_relpath(day)}: event {r.get('id')} of {at[:10]}"
                )
            day_kinds[kind] = day_kinds.get(kind, 0) + 1
            key = (int(at[11:13]), kind)
            hour_kinds[key] = hour_kinds.get(key, 0) + 1
        for doc in tables.get(DAY_TARGETS_TABLE, []):
            values = doc.get("values") or {}
            targets[day] = {str(k): int(v) for k, v in values.items()}
        if tables.get(MIDCHECK_TABLE) or tables.get(REFLECTION_TABLE):
            notes[day] = read_day_notes(
                day, tables.get(MIDCHECK_TABLE, ()), tables.get(REFLECTION_TABLE, ())
            )
    return RepInput(
        rep_id=rep_id,
        name=str(record.get("name") or rep_id),
        metrics=metric_set_from(record),
        calendar=calendar_from(record),
        events=(),
        kinds=kinds,
        hour_kinds=hour_kinds,
        targets_by_day=targets,
        notes_by_day=notes,
        covered=frozenset(team.covered_days(rep_id)),
    )


def load_team_week(team: TeamStore, start: date, end: date) -> TeamWeek:
    """The team's days ``start``..``end``, judged as of the team store's today
    (so a week in progress is diagnosed as each rep's own review does)."""
    reps = team.reps()
    today = team.today()
    judged, _ = days_to_date(list(date_range(start, end)), today)
    last = judged[-1] if judged else end  # the week in progress: read to date only
    return team_week(
        [rep_input(team, reps[k], start, last) for k in sorted(reps)], start, end, today
    )


def latest_week(team: TeamStore) -> tuple[int, int] | None:
    weeks = team.weeks_with_data()
    return weeks[-1] if weeks else None
