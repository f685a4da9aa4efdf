"""Phase 1 of the merge, the format check: read one export, refuse it unless it
is an istui export this istui can read, upgrade an older schema, and validate
every record, so nothing later has to doubt the file's shape.

Every problem is one Rejected naming the file: the lead sees which rep's file
is wrong and why, and the merge writes nothing.

The module is long (some 500 lines) because it holds every check a type
cannot state, in the order the file is read, each beside the line it gives
the lead; the types and bounds a type can state are in ``schema``, and the
domain's own rules (a daily target, a year, an event's note) are called, not
restated. Its seam for a split is the reading of the bytes (``_read_bounded``).
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import attrgetter
from pathlib import Path
from typing import Any

import msgspec

from istui import __version__
from istui.domain.calendar import IsoWeek, year_problem
from istui.domain.deals import Deal, DealStepError
from istui.domain.funnel import check_note
from istui.domain.lists import tag_problem
from istui.domain.targets import TargetVersion, target_problem
from istui.i18n import os_reason, tr
from istui.services.export import EXPORT_FORMAT, EXPORT_SCHEMA, MAX_RANGE_DAYS, RESERVED_KEY
from istui.services.merge import schema as schema_mod

#: The largest export the merge reads (a week is ~60 KB; a year ~3 MB).
MAX_EXPORT_BYTES = 50 * 1024 * 1024
_REP_ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$")
_KEY = re.compile(r"^[a-z][a-z0-9_]{0,23}$")
#: How far an export's ``exported_at`` may lie past the lead's clock: two
#: machines' clocks are rarely exactly together, but an export from the future
#: would make every later genuine export look older and be ignored.
CLOCK_SKEW = timedelta(minutes=10)
_RESERVED = frozenset(
    {"CON", "PRN", "AUX", "NUL", "CONIN$", "CONOUT$"}
    | {f"{d}{n}" for d in ("COM", "LPT") for n in (*"0123456789", "¹", "²", "³")}
)
_LONE_SURROGATE = re.compile(r"\\u[dD][89a-fA-F][0-9a-fA-F]{2}")
#: An aware time exactly as datetime.isoformat() writes one (seconds, and
#: microseconds when there are any).
_CANONICAL_AT = re.compile(
    r"\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(?:\.(?!000000)\d{6})?[+-]\d{2}:\d{2}"
).fullmatch
#: Older schemas the current types read as they are (upgrade has nothing to do).
_ADDITIVE = frozenset({1})
_RATINGS = ("rating", "focus", "energy")


#: The export's decoders, made once: ``msgspec.json.decode(raw, type=T)``
#: looks its decoder up by hashing the whole annotated type on every call
#: (a quarter of a second over 650 files).
_HEADER_DECODER = msgspec.json.Decoder(schema_mod.Header)
_EXPORT_DECODER = msgspec.json.Decoder(schema_mod.Export)
#: An event's fields, read column by column in C (``_events_at_once``).
_ID, _AT, _KIND, _NOTE = (attrgetter(name) for name in ("id", "at", "kind", "note"))
_TAGS = tuple(attrgetter(name) for name in ("list", "channel", "segment"))

#: One event of an export: (id, day, at, kind, note or None), the shape the
#: team store inserts.
EventRow = tuple[str, str, str, str, str | None]


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
    #: The events in the file's order, as (id, day, at, kind, note or None):
    #: ``day`` the rep's local date (``at``'s own, YYYY-MM-DD), ``at`` as
    #: ``Event.to_record`` writes it, ``note`` checked (None: no note).
    events: list[EventRow]
    targets_by_day: dict[date, dict[str, int]]
    versions: list[dict[str, Any]]
    midchecks: dict[date, list[Any]]
    reflections: dict[date, list[Any]]
    reviews: dict[str, dict[str, list[Any]]]
    #: The weeks' 1on1s by week label, each record as stored (without its week).
    one_on_ones: dict[str, dict[str, Any]] = field(default_factory=dict)
    #: Schema 2: deal id -> its record (``Deal.to_record``, checked), and each
    #: tagged event's (list, channel, segment).
    deals: dict[str, dict[str, Any]] = field(default_factory=dict)
    event_tags: dict[str, tuple[str, str, str]] = field(default_factory=dict)

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
        raise ValueError(tr("{what} is missing", what=what))
    try:
        day = date.fromisoformat(value)
    except ValueError:
        raise ValueError(
            tr("{what} {value} is not a real date", what=what, value=repr(value))
        ) from None
    problem = year_problem(day.year)
    if problem:
        raise ValueError(tr("{what} {value}: {problem}", what=what, value=value, problem=problem))
    return day


def _read_bounded(path: Path) -> bytes:
    """The file's bytes, read only if it is a regular file, and at most
    MAX_EXPORT_BYTES + 1 of them (the size the file claims is not trusted: a
    device or /proc file says 0, and a growing file says less than it gives)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0) | getattr(os, "O_BINARY", 0))
    except FileNotFoundError:
        raise Rejected(path, tr("no such file")) from None
    except IsADirectoryError:
        raise Rejected(path, tr("is a folder, not an export file")) from None
    except OSError as exc:
        raise Rejected(path, tr("cannot read: {reason}", reason=os_reason(exc))) from None
    try:
        st = os.fstat(fd)
        if stat.S_ISDIR(st.st_mode):
            raise Rejected(path, tr("is a folder, not an export file"))
        if not stat.S_ISREG(st.st_mode):
            if stat.S_ISFIFO(st.st_mode):
                raise Rejected(path, tr("is a FIFO, not a regular file (an export is a file)"))
            raise Rejected(
                path,
                tr("is a device or other special file, not a regular file (an export is a file)"),
            )
        if st.st_size > MAX_EXPORT_BYTES:
            raise Rejected(path, _too_big(st.st_size))
        chunks: list[bytes] = []
        total = 0
        while total <= MAX_EXPORT_BYTES:
            chunk = os.read(fd, min(1 << 20, MAX_EXPORT_BYTES + 1 - total))
            if not chunk:
                break
            chunks.append(chunk)
            total += len(chunk)
        if total > MAX_EXPORT_BYTES:
            raise Rejected(path, _too_big(total, more=True))
        return b"".join(chunks)
    except OSError as exc:
        raise Rejected(path, tr("cannot read: {reason}", reason=os_reason(exc))) from None
    finally:
        os.close(fd)


def _too_big(size: int, *, more: bool = False) -> str:
    fields = {"size": f"{size / 1e6:.1f}", "limit": f"{MAX_EXPORT_BYTES / 1e6:.0f}"}
    if more:
        return tr(
            "is over {size} MB, over the {limit} MB limit for an export (export a shorter range)",
            **fields,
        )
    return tr(
        "is {size} MB, over the {limit} MB limit for an export (export a shorter range)", **fields
    )


def _field_problem(exc: msgspec.ValidationError) -> str:
    """msgspec's "Expected `str`, got `int` - at `$.rep.id`" as "rep.id: expected
    str, got int" (the field first, then the problem)."""
    text = str(exc)
    problem, sep, where = text.rpartition(" - at `")
    if not sep:
        return text
    field_name = where.rstrip("`").removeprefix("$").removeprefix(".") or "(the document)"
    problem = problem.replace("`", "")
    if problem.startswith(
        ("Expected int <", "Expected int >", "Expected float <", "Expected float >")
    ):
        # a bound of the schema (a count, a number in a carried record)
        return tr(
            "{field}: the number is out of range ({detail})", field=field_name, detail=problem[9:]
        )
    if problem.startswith("Integer value out of range"):
        # a number past 64 bits (Python's json would stop at 4,300 digits)
        return tr(
            "{field}: integer value out of range (a number too long: not JSON an export could hold)",
            field=field_name,
        )
    return f"{field_name}: {problem[:1].lower()}{problem[1:]}"


def load_export(path: Path, *, now: datetime | None = None) -> ExportFile:
    """Read and fully validate one export; every problem is a Rejected naming the
    file, the field and the problem. ``now``: the lead's clock (an export made
    after it plus CLOCK_SKEW is refused)."""
    raw = _read_bounded(path)
    if not raw.strip():
        raise Rejected(path, tr("empty file (not an istui export)"))
    try:
        header = _HEADER_DECODER.decode(raw)
    except msgspec.ValidationError as exc:
        if "Expected `object`" in str(exc) and " - at `" not in str(exc):
            raise Rejected(
                path, tr("not an istui export (JSON, but not an export object)")
            ) from None
        raise Rejected(path, _field_problem(exc)) from None
    except msgspec.DecodeError as exc:
        raise Rejected(path, _not_json(raw, exc)) from None
    fmt = header.format
    if fmt != EXPORT_FORMAT:
        if fmt is None:
            raise Rejected(path, tr("not an istui export (no format field)"))
        raise Rejected(path, tr("not an istui export (format is {format})", format=repr(fmt)))
    schema = header.schema
    if not isinstance(schema, int) or isinstance(schema, bool) or schema < 1:
        raise Rejected(
            path, tr("not a valid istui export (schema version {schema})", schema=repr(schema))
        )
    if schema > EXPORT_SCHEMA:
        by = header.istui_version if isinstance(header.istui_version, str) else None
        unknown = tr("unknown version")
        raise Rejected(
            path,
            tr(
                "written by a newer istui ({by}, export schema {schema}); this istui "
                "{version} reads export schemas up to {known}: upgrade istui",
                by=(by or unknown)[:40],
                schema=schema,
                version=__version__,
                known=EXPORT_SCHEMA,
            ),
        )
    try:
        if schema == EXPORT_SCHEMA or schema in _ADDITIVE:
            # schema 1 is schema 2 without its additions (optional, defaulted):
            # decoded by the same types, so its errors name their fields alike
            doc = _EXPORT_DECODER.decode(raw)
        else:
            doc = msgspec.convert(upgrade(msgspec.json.decode(raw), schema), type=schema_mod.Export)
    except msgspec.ValidationError as exc:
        raise Rejected(path, _field_problem(exc)) from None
    except msgspec.DecodeError as exc:  # pragma: no cover - the header decoded the same bytes
        raise Rejected(path, _not_json(raw, exc)) from None
    try:
        export = _parse(path, doc, schema, now)
    except ValueError as exc:
        raise Rejected(path, str(exc)) from None
    return export


def _not_json(raw: bytes, exc: msgspec.DecodeError) -> str:
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError:
        return tr("not UTF-8 text, so not an istui export")
    if text.lstrip().startswith(("{", "[")) and _looks_truncated(text):
        return tr("truncated: the JSON stops after {n} bytes (copy it again)", n=len(raw))
    if _LONE_SURROGATE.search(text):
        return tr("a string holds a lone UTF-16 surrogate escape (not text)")
    return tr("not JSON ({problem})", problem=exc)


def upgrade(document: dict[str, Any], schema: int) -> dict[str, Any]:
    """Bring an older schema up to the current one (version policy: a newer istui
    reads every older schema). 1 → 2: no deals, no event tags, no 1on1s (all
    optional, so a schema 1 document is a schema 2 one without them)."""
    return document


def _builtins(value: msgspec.Struct | None) -> dict[str, Any]:
    return {} if value is None else dict(msgspec.to_builtins(value))


def _rep_id_problem(rep_id: str) -> str | None:
    """Why ``rep_id`` cannot name a rep (it names files on the lead's and the
    reps' machines: Windows and macOS must both be able to hold it)."""
    if not _REP_ID.match(rep_id):
        return tr("is not a valid id (letters, digits, '.', '_', '-')")
    if rep_id[-1] in ". ":
        return tr("ends in a dot (Windows cannot hold such a name)")
    if rep_id.split(".", 1)[0].upper() in _RESERVED:
        return tr("is a name Windows reserves for a device (CON, PRN, AUX, NUL, COM1, LPT1, ...)")
    return None


def _aware(text: str, what: str) -> datetime:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        raise ValueError(
            tr("{what}: {text} is not a time", what=what, text=repr(text[:40]))
        ) from None
    if moment.tzinfo is None:
        raise ValueError(tr("{what} has no UTC offset", what=what))
    return moment


def _ratings(records: list[dict[str, Any]], what: str) -> None:
    for record in records:
        for key in _RATINGS:
            value = record.get(key)
            if value is not None and (
                not isinstance(value, int) or isinstance(value, bool) or not 1 <= value <= 5
            ):
                raise ValueError(
                    tr(
                        "{field}: {value} is not a rating 1–5",
                        field=f"{what}.{key}",
                        value=repr(value),
                    )
                )


def _parse(path: Path, doc: schema_mod.Export, schema: int, now: datetime | None) -> ExportFile:
    rep = doc.rep
    if rep is None or not rep.id:
        raise ValueError(tr("rep.id: missing rep id (every export names its rep)"))
    rep_id, rep_name = rep.id, rep.name
    problem = _rep_id_problem(rep_id)
    if problem:
        raise ValueError(tr("rep.id: rep id {id} {problem}", id=repr(rep_id), problem=problem))
    if not rep_name.strip():
        raise ValueError(tr("rep.name: rep {id} has no display name", id=rep_id))
    rng = doc.range
    if rng is None:
        raise ValueError(tr("range: no range"))
    start, end = _date(rng.from_ or None, tr("range start")), _date(rng.to or None, tr("range end"))
    if end < start:
        raise ValueError(tr("range: ends ({end}) before it starts ({start})", end=end, start=start))
    if (end - start).days > MAX_RANGE_DAYS:
        raise ValueError(
            tr(
                "range: {start}..{end} is {days} days; `istui export` writes at most {most} "
                "(three years)",
                start=start,
                end=end,
                days=(end - start).days + 1,
                most=MAX_RANGE_DAYS + 1,
            )
        )
    week = rng.week
    exported = _aware(doc.exported_at, "exported_at")
    if now is not None and exported > now + CLOCK_SKEW:
        raise ValueError(
            tr(
                "exported_at: {at} is later than this machine's clock ({now}, allowing "
                "{minutes} minutes of skew): the rep's clock is wrong; fix it and export again",
                at=doc.exported_at,
                now=now.isoformat(timespec="minutes"),
                minutes=CLOCK_SKEW.seconds // 60,
            )
        )
    metrics = doc.metrics
    if metrics is None:
        raise ValueError(tr("metrics: no metrics"))
    if not metrics.funnel:
        raise ValueError(tr("metrics.funnel must list at least one stage"))
    keys = [*metrics.funnel, *(metrics.counters or ())]
    for key in keys:
        if not _KEY.match(key):
            raise ValueError(tr("metrics: metric key {key} is not a metric key", key=repr(key)))
    if len(set(keys)) != len(keys):
        raise ValueError(tr("metrics: a metric key is listed twice"))
    known = frozenset(keys)

    raw_events = doc.events
    if raw_events is None:
        raise ValueError(tr("events: no events list"))
    count = doc.event_count
    if count is None:
        raise ValueError(tr("event_count: missing (every export counts its events)"))
    if count != len(raw_events):
        raise ValueError(
            tr(
                "event_count: truncated or edited: {listed} events listed, but event_count "
                "says {count}",
                listed=len(raw_events),
                count=count,
            )
        )
    first, last = start.isoformat(), end.isoformat()
    checked = _events_at_once(raw_events, known, first, last)
    if checked is None:  # some event needs a closer look: find it, name it
        checked = _events_one_by_one(raw_events, known, keys, start, end)
    events, event_tags = checked

    by_day: dict[date, dict[str, int]] = {}
    for text, values in doc.targets.by_day.items():
        day = _date(text, tr("targets.by_day: targets day"))
        if not start <= day <= end:
            raise ValueError(tr("targets.by_day: targets for {day} lie outside the range", day=day))
        for key, value in values.items():
            # The one check of a daily target (type and bound), as the rep's own
            # store and TargetVersion apply it: the schema declares only the shape.
            problem = target_problem(value)
            if problem:
                raise ValueError(
                    tr(
                        "targets.by_day: target {key} for {day} {problem}",
                        key=key,
                        day=day,
                        problem=problem,
                    )
                )
        by_day[day] = dict(values)
    versions = doc.targets.versions
    for index, version in enumerate(versions):
        try:
            TargetVersion.from_record(version)
        except (ValueError, TypeError, KeyError) as exc:
            raise ValueError(f"targets.versions[{index}]: {exc}") from None

    midchecks = _day_notes(doc.midchecks, "midchecks", start, end)
    reflections = _day_notes(doc.reflections, "reflections", start, end)
    reviews: dict[str, dict[str, list[Any]]] = {}
    for item in doc.weekly_reviews:
        label = item.week
        try:
            iso_week = IsoWeek.parse(label)
        except ValueError as exc:
            raise ValueError(tr("weekly_reviews: weekly review week {error}", error=exc)) from None
        if str(iso_week) != label:  # the export writes 2026-W47 exactly; nothing else is one
            raise ValueError(
                tr(
                    "weekly_reviews: weekly review week {week} is not like 2026-W47",
                    week=repr(label),
                )
            )
        monday = iso_week.monday
        if monday > end or monday + timedelta(days=6) < start:
            raise ValueError(
                tr(
                    "weekly_reviews: week {week} lies outside the range {start}..{end}",
                    week=label,
                    start=start,
                    end=end,
                )
            )
        if RESERVED_KEY in item.tables:
            raise ValueError(
                tr(
                    "weekly_reviews: weekly review {week}: a table named {name}",
                    week=label,
                    name=RESERVED_KEY,
                )
            )
        if label in reviews:
            raise ValueError(tr("weekly_reviews: weekly review {week} is listed twice", week=label))
        reviews[label] = {k: list(v) for k, v in item.tables.items()}

    one_on_ones = _one_on_ones(doc.one_on_ones, start, end)
    deals: dict[str, dict[str, Any]] = {}
    for index, raw in enumerate(doc.deals):
        # every field a deal has is checked by replaying it (amounts up to the
        # domain's bound, past the schema's 10^9); what is kept is its canonical copy
        try:
            deal = Deal.from_record(raw)
        except DealStepError as exc:
            raise ValueError(f"deals[{index}]: {exc}") from None
        if deal.id in deals:
            raise ValueError(
                tr("deals[{index}]: deal {id} is listed twice", index=index, id=deal.id[:8])
            )
        deals[deal.id] = deal.to_record()

    rep_record = {
        "rep_id": rep_id,
        "name": rep_name.strip(),
        "metrics": _builtins(metrics),
        "calendar": _builtins(doc.calendar),
        "hours": _builtins(doc.hours),
        "pick_lists": _builtins(doc.pick_lists),
        "exported_at": doc.exported_at,
        "istui_version": doc.istui_version,
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
        notes_included=doc.notes_included,
        rep_record=rep_record,
        events=events,
        targets_by_day=by_day,
        versions=versions,
        midchecks=midchecks,
        reflections=reflections,
        reviews=reviews,
        one_on_ones=one_on_ones,
        deals=deals,
        event_tags=event_tags,
    )


def _events_one_by_one(
    raw_events: list[schema_mod.Event],
    known: frozenset[str],
    keys: list[str],
    start: date,
    end: date,
) -> tuple[list[EventRow], dict[str, tuple[str, str, str]]]:
    """Every event checked in file order: the first problem is the one named;
    with the call list, channel and segment of the events that carry them."""
    events: list[EventRow] = []
    seen: set[str] = set()
    event_tags: dict[str, tuple[str, str, str]] = {}
    first, last = start.isoformat(), end.isoformat()
    fromisoformat = datetime.fromisoformat
    for index, record in enumerate(raw_events, 1):
        ev_id, at = record.id, record.at
        if not ev_id:
            raise ValueError(
                tr("events[{i}]: event #{n}: event without an id", i=index - 1, n=index)
            )
        try:
            when = fromisoformat(at)
        except ValueError:
            raise ValueError(
                tr(
                    "events[{i}].at: event {id} has an impossible timestamp {at}",
                    i=index - 1,
                    id=record.id,
                    at=repr(record.at),
                )
            ) from None
        if when.tzinfo is None:
            raise ValueError(
                tr(
                    "events[{i}].at: event {id} timestamp {at} has no UTC offset",
                    i=index - 1,
                    id=record.id,
                    at=repr(record.at),
                )
            )
        if record.kind not in known:
            raise ValueError(
                tr(
                    "events[{i}].kind: event {id} has unknown kind {kind} "
                    "(this export counts: {known})",
                    i=index - 1,
                    id=record.id,
                    kind=repr(record.kind),
                    known=", ".join(keys),
                )
            )
        if not _CANONICAL_AT(at):  # as Event.to_record writes it: keep the text
            at = when.isoformat()
        if not first <= at[:10] <= last:
            raise ValueError(
                tr(
                    "events[{i}].at: event {id} at {at} lies outside the range {start}..{end}",
                    i=index - 1,
                    id=ev_id,
                    at=at,
                    start=start,
                    end=end,
                )
            )
        if ev_id in seen:
            raise ValueError(
                tr("events[{i}].id: event id {id} is listed twice", i=index - 1, id=ev_id)
            )
        seen.add(ev_id)
        note = None
        if record.note is not None:
            try:
                note = check_note(record.note) or None
            except ValueError as exc:
                raise ValueError(
                    tr(
                        "events[{i}].note: event {id}: {problem}",
                        i=index - 1,
                        id=ev_id,
                        problem=exc,
                    )
                ) from None
        tags = (record.list or "", record.channel or "", record.segment or "")
        if any(tags):
            for name, value in zip(("list", "channel", "segment"), tags, strict=True):
                if value and tag_problem(value):
                    raise ValueError(
                        tr(
                            "events[{i}].{name}: event {id}: {name} {value} {problem}",
                            i=index - 1,
                            name=name,
                            id=ev_id,
                            value=repr(value),
                            problem=tag_problem(value),
                        )
                    )
            event_tags[ev_id] = tags
        events.append((ev_id, when.date().isoformat(), at, record.kind, note))
    return events, event_tags


#: An event time exactly as ``Event.to_record`` writes it, with every field in
#: range (ASCII digits, hour < 24, minute and second < 60, offset < 24 h): a time
#: ``datetime.fromisoformat`` reads as written, once its date is a real one.
_PLAIN_AT = re.compile(
    r"[0-9]{4}-[0-9]{2}-[0-9]{2}T(?:[01][0-9]|2[0-3]):[0-5][0-9]:[0-5][0-9]"
    r"(?:\.(?!000000)[0-9]{6})?[+-](?:[01][0-9]|2[0-3]):[0-5][0-9]"
).fullmatch


def _events_at_once(
    raw_events: list[schema_mod.Event], known: frozenset[str], first: str, last: str
) -> tuple[list[EventRow], dict[str, tuple[str, str, str]]] | None:
    """The events checked column by column (each check one pass in C, not a
    loop of Python steps per event), or None when any event fails a check or
    needs one (``_events_one_by_one`` then finds and names it). Accepts
    exactly the events the one-by-one check accepts, with the same result."""
    ids = list(map(_ID, raw_events))
    ats = list(map(_AT, raw_events))
    if not all(ids) or len(set(ids)) != len(ids):
        return None
    kinds = list(map(_KIND, raw_events))
    if not set(kinds) <= known or not all(map(_PLAIN_AT, ats)):
        return None
    if any(any(map(tag, raw_events)) for tag in _TAGS):
        return None  # tagged events: checked one by one (each tag's own rule)
    days = [at[:10] for at in ats]
    distinct = set(days)
    if distinct and (min(distinct) < first or max(distinct) > last):
        return None
    try:
        for day in distinct:
            date.fromisoformat(day)  # a real date (the pattern allows 2026-02-31)
    except ValueError:
        return None
    notes = list(map(_NOTE, raw_events))
    if notes.count(None) != len(notes):
        try:
            notes = [None if note is None else (check_note(note) or None) for note in notes]
        except ValueError:
            return None
    return list(zip(ids, days, ats, kinds, notes, strict=True)), {}


def _week_in_range(label: str, what: str, start: date, end: date) -> None:
    """A week label exactly as the export writes it (2026-W47), touching the range."""
    try:
        iso_week = IsoWeek.parse(label)
    except ValueError as exc:
        raise ValueError(tr("{what}: week {error}", what=what, error=exc)) from None
    if str(iso_week) != label:
        raise ValueError(
            tr("{what}: week {week} is not like 2026-W47", what=what, week=repr(label))
        )
    monday = iso_week.monday
    if monday > end or monday + timedelta(days=6) < start:
        raise ValueError(
            tr(
                "{what}: week {week} lies outside the range {start}..{end}",
                what=what,
                week=label,
                start=start,
                end=end,
            )
        )


def _one_on_ones(
    items: list[schema_mod.OneOnOne], start: date, end: date
) -> dict[str, dict[str, Any]]:
    """Each week's 1on1, checked by the domain's own reader (answers, times)."""
    from istui.domain.oneonone import OneOnOne

    found: dict[str, dict[str, Any]] = {}
    for item in items:
        label = item.week
        _week_in_range(label, "one_on_ones", start, end)
        if label in found:
            raise ValueError(tr("one_on_ones: the 1on1 of {week} is listed twice", week=label))
        record: dict[str, Any] = {
            "answers": dict(item.answers),
            "started_at": item.started_at,
            "changed_at": item.changed_at,
        }
        try:
            OneOnOne.from_record(record)
        except ValueError as exc:
            raise ValueError(f"one_on_ones[{label}]: {exc}") from None
        found[label] = record
    return found


def _day_notes(
    items: list[schema_mod.DayNotes], what: str, start: date, end: date
) -> dict[date, list[Any]]:
    notes: dict[date, list[Any]] = {}
    for item in items:
        day = _date(item.date, tr("{field}: {field} date", field=what))
        if not start <= day <= end:
            raise ValueError(
                tr("{field}: {field} of {day} lie outside the range", field=what, day=day)
            )
        if day in notes:
            raise ValueError(tr("{field}: {field} of {day} are listed twice", field=what, day=day))
        _ratings(item.records, f"{what}[{day}]")
        notes[day] = item.records
    return notes
