"""The rep's weekly export: one self-describing JSON file (or CSV for spreadsheets).

The export is the only thing that leaves a rep's machine, so it carries
everything the lead's merge needs to judge it on its own: who (rep id and
name), what counts (the metric funnel), the raw time-stamped events, the
targets in force each day, and the rep's words (mid-checks, reflections,
weekly reviews) carried as opaque records, since other features own their
shape. See docs/export-format.md for the schema and the version policy.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from istui import __version__
from istui.domain.calendar import MIN_YEAR, IsoWeek, WorkCalendar, date_range
from istui.domain.reflection import MIDCHECK_TEXT_FIELDS, REFLECTION_TEXT_FIELDS
from istui.domain.targets import targets_in_force, version_in_force
from istui.domain.weekplan import ACTION_TEXT_FIELDS, FOCUS_TEXT_FIELDS
from istui.services.config import Config
from istui.store import Store
from istui.store.files import atomic_write_bytes, dump_json

# OutputRefused: re-exported, raised by write_export_file and write_export_files
from istui.store.outputs import OutputRefused as OutputRefused
from istui.store.outputs import write_output, write_outputs_together

EXPORT_FORMAT = "istui-export"
#: The export schema this istui writes and the newest it reads. 2: the deals
#: (``deals``) and each event's call list, channel and segment.
EXPORT_SCHEMA = 2
#: The longest range one export covers (--from/--to: at most three years), in
#: days after the first; the merge refuses a longer one.
MAX_RANGE_DAYS = 3 * 366

#: The export's names for the rep's words: a day's two notes, and the tables of
#: a weekly review (``weekly_reviews[].tables``). Record keys of the format
#: (docs/export-format.md), a public contract spelled here once; the store hands
#: each over by what it is (``Store.day_notes``, ``Store.week_review_tables``).
MIDCHECKS_KEY = "midchecks"
REFLECTION_KEY = "reflection"
ACTIONS_KEY = "actions"
FOCUS_KEY = "focus"
CHANGED_KEY = "changed"
#: Schema 2: the deals that moved on, each ``Deal.to_record`` (names only with notes).
DEALS_KEY = "deals"
#: The one name a weekly review's table may not have (a store file's own record).
RESERVED_KEY = "_meta"

#: The free-text fields of each table the export carries: ``--no-notes`` drops
#: exactly these (the forms and the review name them; numbers, ratings, flags,
#: pick-list values, figure snapshots and times stay).
TEXT_FIELDS: Mapping[str, tuple[str, ...]] = {
    MIDCHECKS_KEY: MIDCHECK_TEXT_FIELDS,
    REFLECTION_KEY: REFLECTION_TEXT_FIELDS,
    ACTIONS_KEY: ACTION_TEXT_FIELDS,
    FOCUS_KEY: FOCUS_TEXT_FIELDS,
    CHANGED_KEY: (),  # only the plan's changed_at
}

#: For a table no feature names (a newer istui's), keys whose string values are
#: structure, not the rep's words (kept by --no-notes; other text goes).
STRUCTURAL_KEYS = frozenset(
    {
        "id", "kind", "slot", "status", "state", "date", "day", "week", "at", "time",
        "due", "source", "type", "stage", "metric", "key", "owner_id", "version",
    }
)  # fmt: skip
_ISO_LIKE = re.compile(
    r"^\d{4}-\d{2}-\d{2}([T ]\d{2}:\d{2}(:\d{2}(\.\d+)?)?([+-]\d{2}:\d{2}|Z)?)?$"
)
_WEEK_LIKE = re.compile(r"^\d{4}-W\d{2}$")


@dataclass(frozen=True)
class Span:
    """The days an export covers, and the ISO week when it is exactly one."""

    start: date
    end: date

    @property
    def week(self) -> str | None:
        week = IsoWeek.spanning(self.start, self.end)
        return None if week is None else str(week)

    @property
    def label(self) -> str:
        return self.week or f"{self.start.isoformat()}_{self.end.isoformat()}"

    def weeks(self) -> list[tuple[int, int]]:
        """The ISO weeks the span touches (their review files travel with it)."""
        seen: list[tuple[int, int]] = []
        for day in date_range(self.start, self.end):
            year, week, _ = day.isocalendar()
            if (year, week) not in seen:
                seen.append((year, week))
        return seen


def metrics_record(config: Config) -> dict[str, Any]:
    metrics = config.metrics
    return {
        "funnel": [m.key for m in metrics.funnel],
        "counters": [m.key for m in metrics.counters],
        # As configured (istui's English default when none): never a translation,
        # so an export is the same bytes whatever the rep's language.
        "labels": {m.key: m.name for m in metrics.all},
    }


def strip_text(value: Any, picks: frozenset[str], key: str | None = None) -> Any:
    """``value`` without the rep's free text: numbers, booleans, dates, pick-list
    values and structural strings stay; any other string goes (a dict loses the
    key, a list the element). Returns ``_DROP`` for a dropped scalar."""
    if isinstance(value, str):
        if (
            value in picks
            or (key is not None and key in STRUCTURAL_KEYS)
            or (key is not None and key.endswith("_at"))
            or _ISO_LIKE.match(value)
            or _WEEK_LIKE.match(value)
        ):
            return value
        return _DROP
    if isinstance(value, Mapping):
        kept: dict[str, Any] = {}
        for k, v in value.items():
            stripped = strip_text(v, picks, str(k))
            if stripped is not _DROP:
                kept[str(k)] = stripped
        return kept
    if isinstance(value, list):
        return [s for s in (strip_text(v, picks, key) for v in value) if s is not _DROP]
    return value


class _Drop:
    def __repr__(self) -> str:  # pragma: no cover - debugging aid
        return "<dropped>"


_DROP: Any = _Drop()


def without_text(table: str, record: Mapping[str, Any], picks: frozenset[str]) -> dict[str, Any]:
    """``record`` of ``table`` without the rep's free text: the named fields go
    (absent, not empty); a table nobody names loses every free string."""
    fields = TEXT_FIELDS.get(table)
    if fields is None:
        stripped: dict[str, Any] = strip_text(dict(record), picks)
        return stripped
    return {k: v for k, v in record.items() if k not in fields}


def _clean(
    table: str, records: Iterable[Mapping[str, Any]], notes: bool, picks: frozenset[str]
) -> list[Any]:
    out: list[Any] = []
    for record in records:
        doc = {k: v for k, v in record.items() if k != "doc_id"}
        out.append(doc if notes else without_text(table, doc, picks))
    return out


def build_export(
    config: Config,
    store: Store,
    span: Span,
    now: datetime,
    *,
    notes: bool = True,
) -> dict[str, Any]:
    """The export document for ``span`` (reads only those days and weeks)."""
    picks = frozenset(config.objections)
    events = store.events_between(span.start, span.end)
    versions = store.target_versions()
    days = list(date_range(span.start, span.end))
    in_force = []
    ordinary = [v for v in versions if not v.single_day]
    for day in days:
        version = version_in_force(versions, day)
        if version is not None and version not in in_force:
            in_force.append(version)
        # A rep's own targets for one day travel with the usual ones beneath
        # them, so the lead can show a lowered day beside the usual target.
        usual = version_in_force(ordinary, day) if version and version.single_day else None
        if usual is not None and usual not in in_force:
            in_force.append(usual)
    midchecks: list[dict[str, Any]] = []
    reflections: list[dict[str, Any]] = []
    for day in days:
        day_midchecks, day_reflection = store.day_notes(day)
        for table, records, sink in (
            (MIDCHECKS_KEY, day_midchecks, midchecks),
            (REFLECTION_KEY, day_reflection, reflections),
        ):
            if records:
                sink.append(
                    {"date": day.isoformat(), "records": _clean(table, records, notes, picks)}
                )
    reviews = []
    for year, week in span.weeks():
        week_tables = store.week_review_tables(year, week)
        if any(week_tables.values()):
            reviews.append(
                {
                    "week": str(IsoWeek(year, week)),
                    "tables": {
                        name: _clean(name, docs, notes, picks)
                        for name, docs in week_tables.items()
                        if docs
                    },
                }
            )
    calendar = config.calendar
    return {
        "format": EXPORT_FORMAT,
        "schema": EXPORT_SCHEMA,
        "istui_version": __version__,
        "exported_at": now.isoformat(),
        "rep": {"id": config.rep_id, "name": config.rep_name},
        "range": {"from": span.start.isoformat(), "to": span.end.isoformat(), "week": span.week},
        "notes_included": notes,
        "metrics": metrics_record(config),
        "calendar": {
            "workdays": sorted(calendar.workdays),
            "holidays": exported_days_off(calendar, span.start, span.end),
        },
        "hours": {
            "start": config.hours.start.strftime("%H:%M"),
            "end": config.hours.end.strftime("%H:%M"),
            "breaks": [f"{s:%H:%M}-{e:%H:%M}" for s, e in config.hours.breaks],
        },
        "pick_lists": {"objections": list(config.objections)},
        "event_count": len(events),
        "events": [e.to_record(note=notes) for e in sorted(events, key=lambda e: (e.at, e.id))],
        "targets": {
            "by_day": {d.isoformat(): targets_in_force(versions, d, calendar) for d in days},
            # --no-notes leaves out the rep's own words on why a target changed
            "versions": [
                v.to_record() if notes else {**v.to_record(), "reason_text": ""} for v in in_force
            ],
        },
        "midchecks": midchecks,
        "reflections": reflections,
        "weekly_reviews": reviews,
        DEALS_KEY: export_deals(store, span, notes=notes),
    }


def export_deals(store: Store, span: Span, *, notes: bool) -> list[dict[str, Any]]:
    """The deals booked or changed within ``span``, each with all its steps (the
    merge keeps each deal's newest copy); a company or lead name only with notes."""
    out = []
    for deal in store.deal_records():
        dates = [deal.booked_at.date(), *(step.at.date() for step in deal.steps)]
        if not any(span.start <= day <= span.end for day in dates):
            continue
        record = deal.to_record()
        if not notes:
            steps = record["steps"]
            assert isinstance(steps, list)
            record["steps"] = [{k: v for k, v in step.items() if k != "name"} for step in steps]
        out.append(record)
    return out


def exported_days_off(calendar: WorkCalendar, start: date, end: date) -> list[str]:
    """``calendar.holidays`` as the lead's merge reads it: every day off that
    is not a weekly one, so the team view counts the rep's working days as the
    rep does. The rep's own dates all (as always), and the company's days off
    and the public holidays that fall on a worked weekday from the year before
    ``start``'s to ``end``'s (a lead who merges a newer week still sees the
    older ones right; at most ~25 a year)."""
    days = set(calendar.holidays)
    first = date(max(start.year - 1, MIN_YEAR), 1, 1)
    days.update(off.day for off in calendar.days_off(first, date(end.year, 12, 31)))
    return sorted(d.isoformat() for d in days)


def default_name(rep_id: str, span: Span, suffix: str = ".json") -> str:
    return f"istui-{rep_id}-{span.label}{suffix}"


def write_export(path: Path, document: Mapping[str, Any]) -> None:
    atomic_write_bytes(path, dump_json(document))


def export_json(document: Mapping[str, Any]) -> bytes:
    """The JSON export's bytes, exactly as ``write_export_file`` writes them."""
    return dump_json(document)


def write_export_file(path: Path, document: Mapping[str, Any]) -> None:
    """``istui export -o PATH``: the JSON export to a regular file (atomic);
    ``OutputRefused`` when the path names anything else (see ``store.outputs``)."""
    write_output(path, dump_json(document))


def write_export_files(files: Sequence[tuple[Path, str]]) -> None:
    """The CSV export's files (each ``(path, text)``, UTF-8), all written or none
    (``OSError`` or ``OutputRefused`` raised, every target as it was)."""
    write_outputs_together([(path, text.encode("utf-8")) for path, text in files])


def csv_paths(base: Path) -> tuple[Path, Path]:
    """The events file is ``base``; daily totals go beside it as ``<stem>-daily.csv``."""
    return base, base.with_name(f"{base.stem}-daily{base.suffix or '.csv'}")
