"""The lead's merge: many reps' exports into one team store, all or nothing.

Three phases, and nothing is written before the third:
1. read and validate every file on its own (``load_export``);
2. plan the merge against the team store and each other: events keyed by id,
   each day of a rep's events taken from the newest export that covers it, the
   rep's words as whole notes (a day's mid-checks, a day's reflection, a week's
   review) where the newest change wins (``plan_merge``);
3. write the changed files, each through Store.transaction (``apply_plan``).

The merged state is a join of the exports: each day's events are those of the
newest export covering the day (by ``exported_at``; the union of exports made
at the same moment), each note and each day's targets a maximum under a total
order, so any order or any repetition of the same files yields the same team
store. The newest export is authoritative for its days because the rep may
have undone an event since an earlier export: the day then holds exactly the
newer export's events, and an older export merged later leaves it alone.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from pathlib import Path
from typing import Any, NoReturn

from istui import __version__
from istui.domain.calendar import date_range
from istui.domain.funnel import Event
from istui.domain.targets import TargetVersion
from istui.domain.team import canonical, note_rank
from istui.services.export import EXPORT_FORMAT, EXPORT_SCHEMA
from istui.store import Store
from istui.store.files import StoreError, deferred_writes
from istui.store.layout import (
    DAY_TARGETS_TABLE,
    EVENTS_TABLE,
    IDS,
    IDS_TABLE,
    META_TABLE,
    MIDCHECK_TABLE,
    NOTE_TABLES,
    REFLECTION_TABLE,
    SUPPLIED_TABLE,
    TARGETS,
    VERSIONS_TABLE,
    day_relpath,
    week_relpath,
)
from istui.store.team import TeamStore

#: The largest export the merge reads (a week is ~60 KB; a year ~3 MB).
MAX_EXPORT_BYTES = 50 * 1024 * 1024
_REP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")
_NOTE_NAMES = {
    MIDCHECK_TABLE: "mid-checks",
    REFLECTION_TABLE: "reflection",
    "review": "weekly review",
}


class Rejected(Exception):
    """One file refused, phrased as ``<file>: <problem>``."""

    def __init__(self, path: Path, problem: str, *, whole: str | None = None) -> None:
        super().__init__(whole or f"{path}: {problem}")
        self.path = path
        self.problem = problem


@dataclass
class ExportFile:
    """A validated export, in the shapes the merge compares."""

    path: Path
    schema: int
    rep_id: str
    rep_name: str
    start: date
    end: date
    week: str | None
    exported_at: str  # UTC ISO, for ordering
    notes_included: bool
    rep_record: dict[str, Any]
    events: dict[str, dict[str, str]]  # id -> {"id", "at", "kind"}
    event_days: dict[str, date]
    targets_by_day: dict[date, dict[str, int]]
    versions: list[dict[str, Any]]
    midchecks: dict[date, list[Any]]
    reflections: dict[date, list[Any]]
    reviews: dict[str, dict[str, list[Any]]]

    @property
    def range_text(self) -> str:
        text = f"{self.start.isoformat()}..{self.end.isoformat()}"
        return f"{text} ({self.week})" if self.week else text


# ------------------------------------------------------------ phase 1: read
def _looks_truncated(text: str) -> bool:
    """True when the text ends inside an open string, object or list."""
    depth = 0
    in_string = escaped = False
    for char in text:
        if in_string:
            if escaped:
                escaped = False
            elif char == "\\":
                escaped = True
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "{[":
            depth += 1
        elif char in "}]":
            depth -= 1
    return in_string or depth > 0


def _date(value: object, what: str) -> date:
    if not isinstance(value, str):
        raise ValueError(f"{what} is missing")
    try:
        return date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a real date") from None


def _list_of_dicts(value: object, what: str) -> list[dict[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(v, dict) for v in value):
        raise ValueError(f"{what} is not a list of records")
    return value


def load_export(path: Path) -> ExportFile:
    """Read and fully validate one export; every problem is a Rejected naming the file."""
    try:
        size = path.stat().st_size
    except FileNotFoundError:
        raise Rejected(path, "no such file") from None
    except OSError as exc:
        raise Rejected(path, f"cannot read: {exc.strerror}") from None
    if path.is_dir():
        raise Rejected(path, "is a folder, not an export file")
    if size > MAX_EXPORT_BYTES:
        raise Rejected(
            path,
            f"is {size / 1e6:.1f} MB, over the {MAX_EXPORT_BYTES / 1e6:.0f} MB limit for an "
            "export (export a shorter range)",
        )
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise Rejected(path, f"cannot read: {exc.strerror}") from None
    if not raw.strip():
        raise Rejected(path, "empty file (not an istui export)")
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        raise Rejected(path, "not UTF-8 text, so not an istui export") from None
    try:
        document = json.loads(text)
    except json.JSONDecodeError as exc:
        if text.lstrip().startswith(("{", "[")) and _looks_truncated(text):
            raise Rejected(
                path, f"truncated: the JSON stops after {len(raw)} bytes (copy it again)"
            ) from None
        raise Rejected(
            path, f"not JSON (line {exc.lineno} column {exc.colno}: {exc.msg})"
        ) from None
    except RecursionError:
        raise Rejected(path, "not JSON an export could hold (nested too deeply)") from None
    if not isinstance(document, dict):
        raise Rejected(path, "not an istui export (JSON, but not an export object)")
    fmt = document.get("format")
    if fmt != EXPORT_FORMAT:
        what = f"format is {fmt!r}" if fmt is not None else "no format field"
        raise Rejected(path, f"not an istui export ({what})")
    schema = document.get("schema")
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise Rejected(path, f"not a valid istui export (schema version {schema!r})")
    if schema > EXPORT_SCHEMA:
        by = document.get("istui_version")
        raise Rejected(
            path,
            f"written by a newer istui ({by or 'unknown version'}, export schema {schema}); "
            f"this istui {__version__} reads export schemas up to {EXPORT_SCHEMA}: upgrade istui",
        )
    try:
        return _parse(path, upgrade(document, schema), schema)
    except ValueError as exc:
        raise Rejected(path, str(exc)) from None


def upgrade(document: dict[str, Any], schema: int) -> dict[str, Any]:
    """Bring an older schema up to the current one (version policy: a newer istui
    reads every older schema). Schema 1 is the first, so there is nothing yet."""
    return document


def _parse(path: Path, doc: dict[str, Any], schema: int) -> ExportFile:
    rep = doc.get("rep")
    if not isinstance(rep, dict) or not rep.get("id"):
        raise ValueError("missing rep id (every export names its rep)")
    rep_id, rep_name = rep.get("id"), rep.get("name")
    if not isinstance(rep_id, str) or not _REP_ID.match(rep_id):
        raise ValueError(f"rep id {rep_id!r} is not a valid id (letters, digits, '.', '_', '-')")
    if not isinstance(rep_name, str) or not rep_name.strip():
        raise ValueError(f"rep {rep_id} has no display name")
    rng = doc.get("range")
    if not isinstance(rng, dict):
        raise ValueError("no range")
    start, end = _date(rng.get("from"), "range start"), _date(rng.get("to"), "range end")
    if end < start:
        raise ValueError(f"range ends ({end}) before it starts ({start})")
    week = rng.get("week") if isinstance(rng.get("week"), str) else None
    try:
        exported = datetime.fromisoformat(str(doc.get("exported_at")))
    except ValueError:
        raise ValueError("no valid exported_at time") from None
    if exported.tzinfo is None:
        raise ValueError("exported_at has no UTC offset")
    metrics = doc.get("metrics")
    if not isinstance(metrics, dict):
        raise ValueError("no metrics")
    funnel, counters = metrics.get("funnel"), metrics.get("counters", [])
    if not isinstance(funnel, list) or not funnel or not isinstance(counters, list):
        raise ValueError("metrics.funnel must list at least one stage")
    keys = [*funnel, *counters]
    for key in keys:
        if not isinstance(key, str) or not _KEY.match(key):
            raise ValueError(f"metric key {key!r} is not a metric key")
    if len(set(keys)) != len(keys):
        raise ValueError("a metric key is listed twice")

    raw_events = doc.get("events")
    if not isinstance(raw_events, list):
        raise ValueError("no events list")
    count = doc.get("event_count")
    if isinstance(count, int) and count != len(raw_events):
        raise ValueError(
            f"truncated or edited: {len(raw_events)} events listed, but event_count says {count}"
        )
    events: dict[str, dict[str, str]] = {}
    event_days: dict[str, date] = {}
    for index, record in enumerate(raw_events, 1):
        if not isinstance(record, dict):
            raise ValueError(f"event #{index} is not a record")
        try:
            event = Event.from_record(record)
        except ValueError as exc:
            raise ValueError(f"event #{index}: {exc}") from None
        if event.kind not in keys:
            raise ValueError(
                f"event {event.id} has unknown kind {event.kind!r} "
                f"(this export counts: {', '.join(keys)})"
            )
        if not start <= event.day <= end:
            raise ValueError(
                f"event {event.id} at {event.at.isoformat()} lies outside the range {start}..{end}"
            )
        if event.id in events:
            raise ValueError(f"event id {event.id} is listed twice")
        events[event.id] = event.to_record()
        event_days[event.id] = event.day

    targets = doc.get("targets") or {}
    if not isinstance(targets, dict):
        raise ValueError("targets is not a table")
    by_day: dict[date, dict[str, int]] = {}
    raw_by_day = targets.get("by_day") or {}
    if not isinstance(raw_by_day, dict):
        raise ValueError("targets.by_day is not a table")
    for text, values in raw_by_day.items():
        day = _date(text, "targets day")
        if not start <= day <= end:
            raise ValueError(f"targets for {day} lie outside the range")
        if not isinstance(values, dict) or not all(
            isinstance(v, int) and not isinstance(v, bool) and v >= 0 for v in values.values()
        ):
            raise ValueError(f"targets for {day} are not whole numbers >= 0")
        by_day[day] = {str(k): int(v) for k, v in values.items()}
    versions = _list_of_dicts(targets.get("versions"), "targets.versions")
    for version in versions:
        TargetVersion.from_record(version)

    midchecks = _day_notes(doc.get("midchecks"), "midchecks", start, end)
    reflections = _day_notes(doc.get("reflections"), "reflections", start, end)
    reviews: dict[str, dict[str, list[Any]]] = {}
    for item in _list_of_dicts(doc.get("weekly_reviews"), "weekly_reviews"):
        label = item.get("week")
        match = _WEEK.match(label) if isinstance(label, str) else None
        if match is None:
            raise ValueError(f"weekly review week {label!r} is not like 2026-W47")
        try:
            date.fromisocalendar(int(match.group(1)), int(match.group(2)), 1)
        except ValueError:
            raise ValueError(f"weekly review week {label} does not exist") from None
        tables = item.get("tables")
        if not isinstance(tables, dict) or not all(
            isinstance(k, str) and k != META_TABLE and isinstance(v, list)
            for k, v in tables.items()
        ):
            raise ValueError(f"weekly review {label}: tables is not a table of lists")
        if label in reviews:
            raise ValueError(f"weekly review {label} is listed twice")
        reviews[str(label)] = {k: list(v) for k, v in tables.items()}

    rep_record = {
        "rep_id": rep_id,
        "name": rep_name.strip(),
        "metrics": metrics,
        "calendar": doc.get("calendar") if isinstance(doc.get("calendar"), dict) else {},
        "hours": doc.get("hours") if isinstance(doc.get("hours"), dict) else {},
        "pick_lists": doc.get("pick_lists") if isinstance(doc.get("pick_lists"), dict) else {},
        "exported_at": str(doc.get("exported_at")),
        "istui_version": str(doc.get("istui_version", "")),
    }
    return ExportFile(
        path=path,
        schema=schema,
        rep_id=rep_id,
        rep_name=rep_name.strip(),
        start=start,
        end=end,
        week=week,
        exported_at=exported.astimezone(UTC).isoformat(),
        notes_included=bool(doc.get("notes_included", True)),
        rep_record=rep_record,
        events=events,
        event_days=event_days,
        targets_by_day=by_day,
        versions=versions,
        midchecks=midchecks,
        reflections=reflections,
        reviews=reviews,
    )


def _day_notes(value: object, what: str, start: date, end: date) -> dict[date, list[Any]]:
    notes: dict[date, list[Any]] = {}
    for item in _list_of_dicts(value, what):
        day = _date(item.get("date"), f"{what} date")
        if not start <= day <= end:
            raise ValueError(f"{what} of {day} lie outside the range")
        records = item.get("records")
        if not isinstance(records, list) or not all(isinstance(r, dict) for r in records):
            raise ValueError(f"{what} of {day}: records is not a list of records")
        if day in notes:
            raise ValueError(f"{what} of {day} are listed twice")
        notes[day] = records
    return notes


# ------------------------------------------------------------ phase 2: plan
@dataclass
class FileSummary:
    path: Path
    rep_id: str
    rep_name: str
    range_text: str
    events_added: int = 0
    events_present: int = 0
    events_removed: int = 0  # undone by the rep since the export that supplied them
    events_not_taken: int = 0  # in this older file, undone in a newer one already merged
    days_kept_newer: int = 0  # days a newer export already supplied (left as they are)
    days_emptied: list[date] = field(default_factory=list)  # held events, this file has none
    notes_added: int = 0
    notes_updated: int = 0
    notes_present: int = 0
    updates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kept_fuller: list[str] = field(default_factory=list)  # notes the team store has fuller
    kept_newer: list[str] = field(default_factory=list)  # notes the team store has newer


@dataclass
class _Day:
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
class _Rep:
    store: Store
    days: dict[date, _Day] = field(default_factory=dict)
    weeks: dict[str, dict[str, list[Any]] | None] = field(default_factory=dict)
    changed_weeks: set[str] = field(default_factory=set)
    ids: dict[str, date] = field(default_factory=dict)
    ids_loaded: bool = False
    sources: dict[str, str] = field(default_factory=dict)  # event id -> where it came from
    versions: dict[str, dict[str, Any]] = field(default_factory=dict)
    versions_changed: bool = False


@dataclass
class MergePlan:
    team: TeamStore
    summaries: list[FileSummary]
    reps: dict[str, _Rep]
    index: dict[str, dict[str, Any]]
    index_changed: bool

    @property
    def changes(self) -> int:
        files = sum(
            sum(d.changed for d in r.days.values()) + len(r.changed_weeks) + r.versions_changed
            for r in self.reps.values()
        )
        return files + self.index_changed


def _strip_ids(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return [{k: v for k, v in r.items() if k != "doc_id"} for r in records]


def _load_day(rep: _Rep, day: date) -> _Day:
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
        found = _Day(
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


def _newer(export_at: str, supplied: str | None) -> int:
    """1 when an export made at ``export_at`` is newer than the one that supplied
    a day, 0 when made at the same moment, -1 when older (unknown: older than any)."""
    if supplied is None:
        return 1
    mine, theirs = _moment(export_at), _moment(supplied)
    assert mine is not None and theirs is not None  # both checked when read
    return (mine > theirs) - (mine < theirs)


def _load_ids(rep: _Rep) -> None:
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


def _target_rank(doc: Mapping[str, Any]) -> tuple[str, str]:
    return (str(doc.get("exported_at_utc", "")), canonical(doc.get("values", {})))


def plan_merge(
    team: TeamStore, exports: Sequence[ExportFile], *, rename: bool = False
) -> MergePlan:
    """Everything the merge would change, or Rejected naming the file and problem.

    One rep id with two display names is refused (two reps sharing an id by
    mistake would otherwise be merged into one) unless ``rename`` says the rep
    really was renamed; the newest export's name is then kept.
    """
    index = team.reps() if team.exists else {}
    new_index = {k: dict(v) for k, v in index.items()}
    names: dict[str, tuple[str, str]] = {
        rep_id: (str(r.get("name")), "the team store") for rep_id, r in index.items()
    }
    reps: dict[str, _Rep] = {}
    summaries: list[FileSummary] = []
    for export in exports:
        seen = names.get(export.rep_id)
        renamed = seen is not None and seen[0] != export.rep_name
        if renamed and not rename:
            assert seen is not None
            raise Rejected(
                export.path,
                f"rep id {export.rep_id} has display name {export.rep_name!r} here but "
                f"{seen[0]!r} in {seen[1]}: one rep id, two names (fix the rep's config, "
                "or merge with --rename if the rep was renamed)",
            )
        names.setdefault(export.rep_id, (export.rep_name, str(export.path)))
        rep = reps.get(export.rep_id)
        if rep is None:
            rep = reps[export.rep_id] = _Rep(store=team.rep_store(export.rep_id))
        summaries.append(_plan_file(rep, export))
        if renamed:
            assert seen is not None
            summaries[-1].warnings.append(
                f"display name {export.rep_name!r} here, {seen[0]!r} in {seen[1]} "
                "(--rename: the newest export's name is kept)"
            )
        ahead = future_events(export, team.today())
        if ahead:
            # Not rejected: the rep's clock or ours may be wrong; the lead should know.
            summaries[-1].warnings.append(
                f"{ahead} event(s) dated more than a day after today ({team.today()}): "
                "check the rep's clock"
            )
        old = new_index.get(export.rep_id)
        record = dict(export.rep_record)
        record["exported_at_utc"] = export.exported_at
        if old is None:
            new_index[export.rep_id] = record
        else:
            if old.get("metrics") != record["metrics"]:
                summaries[-1].warnings.append(
                    "metrics differ from this rep's earlier export; the newest export's "
                    "metrics are kept, no event is lost"
                )
            if (str(record["exported_at_utc"]), canonical(record)) > (
                str(old.get("exported_at_utc", "")),
                canonical(old),
            ):
                new_index[export.rep_id] = record
    return MergePlan(
        team=team,
        summaries=summaries,
        reps=reps,
        index=new_index,
        index_changed=new_index != index,
    )


def future_events(export: ExportFile, today: date) -> int:
    """How many events fall on a day more than one day after ``today``
    (a day's slack for time zones and clocks a little apart)."""
    limit = today + timedelta(days=1)
    return sum(1 for day in export.event_days.values() if day > limit)


def _same_id_differs(rep: _Rep, export: ExportFile, ev_id: str, how: str) -> NoReturn:
    """Refuse the file: one event id, two contents (``how`` says what differs;
    its ``{where}`` names the file or store holding the other copy)."""
    where = rep.sources.get(ev_id, "the team store")
    raise Rejected(
        export.path,
        f"event {ev_id} {how.replace('{where}', where)}: the same event id with different "
        "content (a tampered or corrupt file)",
    )


def _plan_file(rep: _Rep, export: ExportFile) -> FileSummary:
    summary = FileSummary(export.path, export.rep_id, export.rep_name, export.range_text)
    _load_ids(rep)
    by_day: dict[date, dict[str, dict[str, str]]] = {}
    for ev_id, record in export.events.items():
        day = export.event_days[ev_id]
        known_day = rep.ids.get(ev_id)
        if known_day is not None and known_day != day:
            _same_id_differs(
                rep, export, ev_id, f"is on {known_day} in {{where}} but at {record['at']} here"
            )
        by_day.setdefault(day, {})[ev_id] = record
    for day in date_range(export.start, export.end):
        _plan_day(rep, export, summary, day, by_day.get(day, {}))
    for day, values in export.targets_by_day.items():
        state = _load_day(rep, day)
        doc = {"values": values, "exported_at_utc": export.exported_at}
        if state.targets is None or _target_rank(doc) > _target_rank(state.targets):
            state.targets = doc
            state.changed = True
    for table, notes in (
        (MIDCHECK_TABLE, export.midchecks),
        (REFLECTION_TABLE, export.reflections),
    ):
        for day, records in notes.items():
            state = _load_day(rep, day)
            verdict = _note(summary, f"{_NOTE_NAMES[table]} {day}", state.notes[table], records)
            if verdict:
                state.notes[table] = records
                state.changed = True
    for label, tables in export.reviews.items():
        if label not in rep.weeks:
            year, week = int(label[:4]), int(label[6:])
            existing_tables = (
                rep.store.read_tables(week_relpath(year, week)) if rep.store.root.exists() else {}
            )
            rep.weeks[label] = existing_tables or None
        if _note(summary, f"weekly review {label}", rep.weeks[label], tables):
            rep.weeks[label] = tables
            rep.changed_weeks.add(label)
    for version in export.versions:
        key = canonical(version)
        if key not in rep.versions:
            rep.versions[key] = version
            rep.versions_changed = True
    # One line per kind, not one per note: a --no-notes export loses every note.
    why = " (the new file has no words)" if not export.notes_included else ""
    if summary.kept_fuller:
        summary.warnings.append(
            f"kept the fuller copy of {_notes(summary.kept_fuller)} already in the team store{why}"
        )
    if summary.kept_newer:
        summary.warnings.append(
            f"kept the newer copy of {_notes(summary.kept_newer)} already in the team store; "
            + (
                "this older one is ignored"
                if len(summary.kept_newer) == 1
                else "each older one is ignored"
            )
        )
    if summary.events_not_taken:
        summary.warnings.append(
            f"{summary.events_not_taken} event(s) here left out: a newer export of this rep, "
            "already merged, no longer has them (undone since)"
        )
    if summary.days_emptied:
        # As the rule says (the newest export is the rep's word for its days), but
        # an export from an empty or restored store would do the same: say so.
        days = ", ".join(d.isoformat() for d in sorted(summary.days_emptied))
        summary.warnings.append(
            f"{len(summary.days_emptied)} day(s) that held events have none in this newer "
            f"export and are now empty ({days}); if the rep did not undo them all, check "
            "the rep's store (--dry-run shows this before writing)"
        )
    if not export.notes_included:
        summary.warnings.append("the rep left their notes out (--no-notes): numbers only")
    if not export.events:
        summary.warnings.append("no events in this range")
    return summary


def _plan_day(
    rep: _Rep,
    export: ExportFile,
    summary: FileSummary,
    day: date,
    incoming: dict[str, dict[str, str]],
) -> None:
    """One day of the export's range: its events become the day's when the export
    is newer than the one that supplied the day (events it no longer has were
    undone by the rep), join them at the same time, and leave the day be when
    it is older."""
    state = _load_day(rep, day)
    for ev_id, record in incoming.items():
        existing = state.events.get(ev_id)
        if existing is not None and existing != record:
            _same_id_differs(
                rep,
                export,
                ev_id,
                f"is {record['kind']} at {record['at']} here but "
                f"{existing.get('kind')} at {existing.get('at')} in {{where}}",
            )
    present = sum(1 for ev_id in incoming if ev_id in state.events)
    order = _newer(export.exported_at, state.supplied)
    if order == 0 and not state.supplied_recorded:
        # A day merged before the record existed holds the union of every export
        # merged for it; the one its targets name is the newest of them, so that
        # export's events are the day's (what it lacks, the rep undid since).
        order = 1
    if order < 0:
        summary.days_kept_newer += 1
        summary.events_present += present
        summary.events_not_taken += len(incoming) - present
        return
    summary.events_present += present
    if order > 0:
        undone = [ev_id for ev_id in state.events if ev_id not in incoming]
        for ev_id in undone:
            del state.events[ev_id]
            rep.ids.pop(ev_id, None)
            rep.sources.pop(ev_id, None)
        summary.events_removed += len(undone)
        if undone and not incoming:
            summary.days_emptied.append(day)
        state.changed = True  # at least the record of who supplied the day moves
        state.supplied = export.exported_at
        state.supplied_recorded = True
    source = str(export.path)
    for ev_id, record in incoming.items():
        if ev_id not in state.events:
            state.events[ev_id] = record
            rep.ids[ev_id] = day
            rep.sources[ev_id] = source
            summary.events_added += 1
            state.changed = True


def _note(summary: FileSummary, name: str, existing: Any, incoming: Any) -> bool:
    """Count one note; True when the incoming copy should replace what is there."""
    if existing is None:
        summary.notes_added += 1
        return True
    if existing == incoming:
        summary.notes_present += 1
        return False
    new_rank, old_rank = note_rank(incoming), note_rank(existing)
    if new_rank > old_rank:
        summary.notes_updated += 1
        if new_rank[0] == old_rank[0]:  # same change time, or neither says: the fuller
            summary.updates.append(f"{name}: replaced by this fuller copy")
        else:
            summary.updates.append(f"{name}: replaced by this newer copy, changed {new_rank[0]}")
        return True
    summary.notes_present += 1
    (summary.kept_fuller if new_rank[0] == old_rank[0] else summary.kept_newer).append(name)
    return False


def _notes(names: Sequence[str]) -> str:
    """ "11 notes" or "1 note (mid-check 2026-11-17)": one named, many counted."""
    return f"1 note ({names[0]})" if len(names) == 1 else f"{len(names)} notes"


# ----------------------------------------------------------- phase 3: write
def _event_order(record: Mapping[str, str]) -> tuple[datetime, str]:
    return (datetime.fromisoformat(record["at"]), record["id"])


def apply_plan(plan: MergePlan) -> None:
    """Write every changed file, each atomically; tables in a fixed order so the
    files do not depend on the order the exports came in."""
    team = plan.team
    team.ensure()
    for rep_id in sorted(plan.reps):
        rep = plan.reps[rep_id]
        changed_days = sorted(d for d, s in rep.days.items() if s.changed)
        for day in changed_days:
            state = rep.days[day]
            with rep.store.transaction(day_relpath(day)) as db:
                for name in (EVENTS_TABLE, DAY_TARGETS_TABLE, *NOTE_TABLES, SUPPLIED_TABLE):
                    db.drop(name)
                events = sorted(state.events.values(), key=_event_order)
                if events:
                    db.table(EVENTS_TABLE).insert_multiple(events)
                if state.targets is not None:
                    db.table(DAY_TARGETS_TABLE).insert(state.targets)
                for name in NOTE_TABLES:
                    records = state.notes[name]
                    if records:
                        db.table(name).insert_multiple(records)
                if state.supplied_recorded and state.supplied is not None:
                    db.table(SUPPLIED_TABLE).insert({"exported_at_utc": state.supplied})
        for label in sorted(rep.changed_weeks):
            tables = rep.weeks[label] or {}
            with rep.store.transaction(week_relpath(int(label[:4]), int(label[6:]))) as db:
                for name in sorted(db.names()):
                    if name != META_TABLE:
                        db.drop(name)
                for name in sorted(tables):
                    if tables[name]:
                        db.table(name).insert_multiple(tables[name])
        if changed_days:
            by_day: dict[date, list[str]] = {}
            for ev_id, day in rep.ids.items():
                by_day.setdefault(day, []).append(ev_id)
            with rep.store.transaction(IDS) as db:
                db.drop(IDS_TABLE)
                db.table(IDS_TABLE).insert_multiple(
                    [{"day": d.isoformat(), "ids": sorted(by_day[d])} for d in sorted(by_day)]
                )
        if rep.versions_changed:
            ordered = sorted(
                rep.versions.values(),
                key=lambda v: (str(v.get("set_at") or ""), str(v.get("effective")), canonical(v)),
            )
            with rep.store.transaction(TARGETS) as db:
                db.drop(VERSIONS_TABLE)
                db.table(VERSIONS_TABLE).insert_multiple(ordered)
    if plan.index_changed:
        team.write_reps(plan.index)


def merge_files(
    team: TeamStore, paths: Sequence[Path], *, dry_run: bool = False, rename: bool = False
) -> tuple[list[FileSummary], list[Rejected]]:
    """Validate all, plan, and (unless a dry run or anything is rejected) write.

    Returns the summaries and the rejections; when there is any rejection the
    team store has not been touched.
    """
    exports: list[ExportFile] = []
    rejected: list[Rejected] = []
    for path in paths:
        try:
            exports.append(load_export(path))
        except Rejected as exc:
            rejected.append(exc)
    if rejected:
        return [], rejected
    try:
        team.check(must_exist=False)
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=str(exc))]
    if not team.exists:
        return _plan_and_write(team, exports, dry_run, rename)
    with team.lock.held():
        return _plan_and_write(team, exports, dry_run, rename)


def _plan_and_write(
    team: TeamStore, exports: Sequence[ExportFile], dry_run: bool, rename: bool
) -> tuple[list[FileSummary], list[Rejected]]:
    try:
        plan = plan_merge(team, exports, rename=rename)
    except Rejected as exc:
        return [], [exc]
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=f"team store unreadable: {exc}")]
    if not dry_run and plan.changes:
        with deferred_writes():
            apply_plan(plan)
    return plan.summaries, []
