"""What the team store holds, as the merge plan reads it: each rep's days,
weeks, event ids and target versions, read once and then changed in memory
only (the plan compares against these; apply writes the changed ones).
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Any

from istui.domain.team import canonical
from istui.store import Store
from istui.store.layout import (
    DAY_TARGETS_TABLE,
    EVENTS_TABLE,
    IDS,
    IDS_TABLE,
    NOTE_TABLES,
    SUPPLIED_TABLE,
    TARGETS,
    VERSIONS_TABLE,
    day_relpath,
)


@dataclass
class DayState:
    events: dict[str, dict[str, str]]
    targets: dict[str, Any] | None
    notes: dict[str, list[Any] | None]
    #: ``exported_at`` (UTC ISO) of the export whose events the day holds: the
    #: newest merged export covering the day. None: unknown, older than any export.
    supplied: str | None = None
    #: Whether ``supplied`` is recorded in the day file (a team store merged
    #: before the record existed has only its targets' time to go by: the newest
    #: export merged for the day, whose events it holds along with older ones).
    supplied_recorded: bool = False
    changed: bool = False


@dataclass
class RepState:
    store: Store
    days: dict[date, DayState] = field(default_factory=dict)
    weeks: dict[str, dict[str, list[Any]] | None] = field(default_factory=dict)
    changed_weeks: set[str] = field(default_factory=set)
    ids: dict[str, date] = field(default_factory=dict)
    ids_loaded: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # event id -> where it came from
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions_changed: bool = False


def _strip_ids(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "doc_id"} for r in records]


def load_day(rep: RepState, day: date) -> DayState:
    found = rep.days.get(day)
    if found is None:
        relpath = day_relpath(day)
        tables = rep.store.read_tables(relpath) if rep.store.root.exists() else {}
        events = {str(r["id"]): r for r in _strip_ids(tables.get(EVENTS_TABLE, []))}
        for ev_id in events:  # also covers an ids.json a crash left behind
            rep.ids.setdefault(ev_id, day)
        targets = tables.get(DAY_TARGETS_TABLE) or None
        day_targets = _strip_ids(targets)[0] if targets else None
        supplied = _supplied(tables.get(SUPPLIED_TABLE))
        found = DayState(
            events=events,
            targets=day_targets,
            notes={t: _strip_ids(tables[t]) if t in tables else None for t in NOTE_TABLES},
            supplied=supplied or _supplied([day_targets] if day_targets else None),
            supplied_recorded=supplied is not None,
        )
        rep.days[day] = found
    return found


def _supplied(docs: object) -> str | None:
    """The ``exported_at_utc`` of a supplied record (or, for a day merged before
    that record existed, of the day's targets: every export carries the targets
    of each day of its range, so they name the newest export merged for the
    day); None when there is none or it is not a time."""
    if not isinstance(docs, list) or not docs or not isinstance(docs[-1], Mapping):
        return None
    stamp = docs[-1].get("exported_at_utc")
    return stamp if isinstance(stamp, str) and _moment(stamp) is not None else None


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def newer(export_at: str, supplied: str | None) -> int:
    """1 when an export made at ``export_at`` is newer than the one that supplied
    a day, 0 when made at the same moment, -1 when older (unknown: older than any)."""
    if supplied is None:
        return 1
    mine, theirs = _moment(export_at), _moment(supplied)
    assert mine is not None and theirs is not None  # both checked when read
    return (mine > theirs) - (mine < theirs)


def load_ids(rep: RepState) -> None:
    if rep.ids_loaded:
        return
    rep.ids_loaded = True
    if not rep.store.root.exists():
        return
    for doc in rep.store.read_table(IDS, IDS_TABLE):
        day = date.fromisoformat(str(doc["day"]))
        for ev_id in doc.get("ids", []):
            rep.ids[str(ev_id)] = day
    for doc in rep.store.read_table(TARGETS, VERSIONS_TABLE):
        record = {k: v for k, v in doc.items() if k != "doc_id"}
        rep.versions[canonical(record)] = record


def target_rank(doc: Mapping[str, Any]) -> tuple[str, str]:
    return (str(doc.get("exported_at_utc", "")), canonical(doc.get("values", {})))
