"""Phase 1 of the merge, the format check: read one export, refuse it unless it
is an istui export this istui can read, upgrade an older schema, and validate
every record, so nothing later has to doubt the file's shape.

Every problem is one Rejected naming the file: the lead sees which rep's file
is wrong and why, and the merge writes nothing.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from datetime import UTC, date, datetime
from pathlib import Path
from typing import Any

from istui import __version__
from istui.domain.calendar import year_problem
from istui.domain.funnel import Event
from istui.domain.targets import TargetVersion, target_problem
from istui.services.export import EXPORT_FORMAT, EXPORT_SCHEMA
from istui.store.layout import META_TABLE

#: The largest export the merge reads (a week is ~60 KB; a year ~3 MB).
MAX_EXPORT_BYTES = 50 * 1024 * 1024
_REP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
_WEEK = re.compile(r"^(\d{4})-W(\d{2})$")


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
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(f"{what} {value!r} is not a real date") from None
    problem = year_problem(day.year)
    if problem:
        raise ValueError(f"{what} {value}: {problem}")
    return day


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
    except ValueError:  # a number of more than 4300 digits
        raise Rejected(path, "not JSON an export could hold (a number too long)") from None
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
        for key, value in values.items():
            problem = target_problem(value)
            if problem:
                raise ValueError(f"target {str(key)[:24]} for {day} {problem}")
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
