"""The team store: the lead's merged copy of every rep's exports, one SQLite file.

The tables and columns are a public contract (docs/team-store.md); this
module is the only code that knows them. One merge is one transaction
(``TeamStore.merging``): ``BEGIN IMMEDIATE`` takes the database's write lock
before anything is read, so two merges at once run one after the other and
each plans against what the other committed; a merge killed at any instant
leaves the last committed state (SQLite's write-ahead log rolls an unfinished
transaction back when the file is next opened); a full disk is one line and
the old state.

Durability: WAL with ``synchronous=FULL``. A merge commits once, so FULL costs
one fsync of the log per merge and keeps the merge through a power loss too
(NORMAL would survive a killed process but could lose the last merge to a
power cut; with one commit per merge there is nothing to win by it).

The path the lead names (``--team PATH``) is the database file. A folder is
accepted too: the database is then ``PATH/team.db``, which is how a team
folder written by istui 0.1 (team.json, index/, reps/) is upgraded in place
by the next ``istui merge`` (``team_upgrade``); the old files are left as
they were and are no longer read.
"""

from __future__ import annotations

import contextlib
import json
import os
import sqlite3
import time
from collections import Counter
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from itertools import repeat
from operator import itemgetter
from pathlib import Path
from typing import TYPE_CHECKING, Any, TypeVar, cast
from urllib.parse import quote

import msgspec

from istui.i18n import os_reason, tr
from istui.store.append import fsync_dir
from istui.store.files import StoreError
from istui.store.layout import MARKER, TEAM_MARKER

if TYPE_CHECKING:
    from istui.store.team_rep import TeamRepStore

#: The database's file name inside a team folder.
DB_NAME = "team.db"
DB_FORMAT = "istui-team"
#: ``PRAGMA user_version`` of the schema this istui writes (and the newest it reads).
#: 2: the deals and each event's call list, channel and segment, in tables of
#: their own (``deals``, ``event_tags``), so the events table is as it was; and
#: the weeks' 1on1s (``one_on_ones``).
#: 3: the events counted by rep, day, hour and kind (``event_counts``).
DB_SCHEMA = 3
#: How long a merge waits for another merge's transaction to end.
BUSY_SECONDS = 600.0
T = TypeVar("T")
#: An event's hour in ``logged_at``, as text ("09"), as _HOUR_SQL reads it.
_HOUR_TEXT = itemgetter(slice(11, 13))
#: Its day and hour ("2026-11-17T09"), for events whose day is their time's date.
_DAY_HOUR_TEXT = itemgetter(slice(0, 13))
#: An hour's two digits as its number, as ``TeamWriter._hour`` makes them
#: (00 is left to it: 0 is false).
_HOURS = {f"{hour:02d}": hour for hour in range(1, 24)}
#: A merge's page cache (in KiB, negative as SQLite takes it): 64 MB, so that
#: a quarter of 100 reps stays in it; 16 MB building a new store, whose reps'
#: events each fill a run of pages of their own (and SQLite's sort of the
#: events index may hold as much as the cache beside it): peak memory at 100
#: reps x 13 weeks 110 MB instead of 208 MB with 64 MB, and no slower.
_CACHE, _NEW_STORE_CACHE = -65536, -16384
#: How many (rep, day, hour, kind) count changes a merge holds before writing them.
_COUNTS_HELD = 50_000
_SQLITE_MAGIC = b"SQLite format 3\x00"

_SCHEMA_V1 = (
    """CREATE TABLE IF NOT EXISTS meta (
        key TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS reps (
        rep_id TEXT PRIMARY KEY,
        name TEXT NOT NULL,
        exported_at_utc TEXT NOT NULL,
        record TEXT NOT NULL
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS days (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        day TEXT NOT NULL,
        supplied_at_utc TEXT,
        targets TEXT,
        targets_at_utc TEXT,
        midchecks TEXT,
        reflection TEXT,
        PRIMARY KEY (rep_id, day)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS events (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        event_id TEXT NOT NULL,
        day TEXT NOT NULL,
        logged_at TEXT NOT NULL,
        kind TEXT NOT NULL,
        note TEXT,
        PRIMARY KEY (rep_id, event_id)
    ) WITHOUT ROWID""",
    # (created after the bulk load when a merge builds a new store: _EVENTS_INDEX)
    "CREATE INDEX IF NOT EXISTS events_by_day ON events (rep_id, day)",
    """CREATE TABLE IF NOT EXISTS weeks (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        week TEXT NOT NULL,
        tables TEXT NOT NULL,
        PRIMARY KEY (rep_id, week)
    ) WITHOUT ROWID""",
    """CREATE TABLE IF NOT EXISTS target_versions (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        key TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (rep_id, key)
    ) WITHOUT ROWID""",
)
_SCHEMA_V2 = (
    # one row per deal: the newest copy merged (changed_at_utc orders copies)
    """CREATE TABLE IF NOT EXISTS deals (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        deal_id TEXT NOT NULL,
        booked_day TEXT NOT NULL,
        changed_at_utc TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (rep_id, deal_id)
    ) WITHOUT ROWID""",
    # the call list, channel and segment of the events that carry them
    """CREATE TABLE IF NOT EXISTS event_tags (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        event_id TEXT NOT NULL,
        list TEXT NOT NULL,
        channel TEXT NOT NULL,
        segment TEXT NOT NULL,
        PRIMARY KEY (rep_id, event_id)
    ) WITHOUT ROWID""",
    # each rep's week's 1on1, one record (the export's ``one_on_ones`` entry
    # without its week), the newest change kept by the merge
    """CREATE TABLE IF NOT EXISTS one_on_ones (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        week TEXT NOT NULL,
        record TEXT NOT NULL,
        PRIMARY KEY (rep_id, week)
    ) WITHOUT ROWID""",
)
#: The hour of an event as the team view counts it: the rep's local hour, the
#: two digits after the date in ``logged_at`` (always an ISO time: the merge
#: writes only checked, canonical ones).
_HOUR_SQL = "CAST(substr(logged_at, 12, 2) AS INTEGER)"
#: Every event counted by rep, day, hour and kind, from the events table.
COUNT_EVENTS_SQL = (
    f"SELECT rep_id, day, {_HOUR_SQL} AS hour, kind, count(*) AS n FROM events {{where}} "
    "GROUP BY 1, 2, 3, 4"
)
#: Schema 3: the events counted per rep, day, hour and kind, kept by the merge
#: in the same transaction as the events (the team view and report read these
#: counts, not 130,000 events); filled from the events at the migration.
_SCHEMA_V3 = (
    """CREATE TABLE IF NOT EXISTS event_counts (
        rep_id TEXT NOT NULL REFERENCES reps (rep_id),
        day TEXT NOT NULL,
        hour INTEGER NOT NULL,
        kind TEXT NOT NULL,
        n INTEGER NOT NULL,
        PRIMARY KEY (rep_id, day, hour, kind)
    ) WITHOUT ROWID""",
    "INSERT INTO event_counts (rep_id, day, hour, kind, n) " + COUNT_EVENTS_SQL.format(where=""),
)
#: The events' second B-tree (by rep and day): a merge into a new store
#: creates it once its events are in (``TeamWriter.end_bulk``), which sorts
#: them once instead of inserting each event into it at a random place.
_EVENTS_INDEX = _SCHEMA_V1[4]
#: Each schema version's steps from the one before (index 0: from an empty file).
_MIGRATIONS: tuple[tuple[str, ...], ...] = (_SCHEMA_V1, _SCHEMA_V2, _SCHEMA_V3)
#: The first schema with the ``event_counts`` table.
COUNTS_SCHEMA = 3
_TABLES = frozenset(
    {
        "meta", "reps", "days", "events", "weeks", "target_versions", "deals",
        "event_tags", "one_on_ones", "event_counts",
    }
)  # fmt: skip


_encode = msgspec.json.Encoder().encode


def dumps(value: Any) -> str:
    """JSON text as stored: compact, keys in the order given, UTF-8 kept
    (msgspec's encoder: ``json.dumps(value, ensure_ascii=False,
    separators=(",", ":"))`` but for an exponent's "+", in a fifth of the time)."""
    return _encode(value).decode("utf-8")


#: The stored JSON read back (msgspec's decoder: the same values as
#: ``json.loads`` for the JSON ``dumps`` writes, in about half the time; the
#: team view reads some 3 MB of a week's notes).
_decode = msgspec.json.Decoder().decode


def _loads(text: str | None) -> Any:
    return None if text is None else _decode(text)


@dataclass
class DayRow:
    """One rep's day as the team store holds it (see docs/team-store.md)."""

    day: date
    supplied_at: str | None = None
    targets: dict[str, Any] | None = None
    targets_at: str | None = None
    midchecks: list[Any] | None = None
    reflection: list[Any] | None = None

    @property
    def exists(self) -> bool:
        return (
            self.supplied_at is not None
            or self.targets is not None
            or bool(self.midchecks is not None or self.reflection is not None)
        )


class EventIdTaken(Exception):
    """An event id the rep already has on another day (a tampered or corrupt file)."""

    def __init__(self, ids: Mapping[str, date]) -> None:
        super().__init__(", ".join(sorted(ids)))
        self.ids = dict(ids)


def _sql_error(where: Path, exc: sqlite3.Error) -> StoreError:
    """One line for every way SQLite can fail (disk full above all)."""
    code = getattr(exc, "sqlite_errorname", "")
    if code == "SQLITE_FULL":
        return StoreError(
            tr("{path}: disk full; nothing merged, the team store is as it was", path=where)
        )
    if code in ("SQLITE_BUSY", "SQLITE_LOCKED"):
        return StoreError(
            tr("{path}: busy (another merge holds it); nothing merged, try again", path=where)
        )
    if code in ("SQLITE_NOTADB", "SQLITE_CORRUPT"):
        return StoreError(
            tr("{path}: not an istui team store (not a readable database)", path=where)
        )
    if code in ("SQLITE_READONLY", "SQLITE_CANTOPEN", "SQLITE_PERM", "SQLITE_IOERR"):
        return StoreError(
            tr("{path}: cannot write the team store ({error})", path=where, error=exc)
        )
    return StoreError(tr("{path}: team store error: {error}", path=where, error=exc))


class TeamStore:
    """A team store named by a path: the database file, or a folder holding it."""

    def __init__(self, root: Path, *, today: Callable[[], date]) -> None:
        self.root = Path(root)
        self._today = today
        self._reader: sqlite3.Connection | None = None
        self._version = 0

    def today(self) -> date:
        return self._today()

    # ------------------------------------------------------------ where it is
    @property
    def db_path(self) -> Path:
        return self.root / DB_NAME if self.root.is_dir() else self.root

    @property
    def legacy(self) -> bool:
        """A team folder of istui 0.1 not yet upgraded into the database."""
        return (
            self.root.is_dir()
            and (self.root / TEAM_MARKER).exists()
            and not (self.root / DB_NAME).exists()
        )

    @property
    def exists(self) -> bool:
        """Whether the database exists with a schema (an empty file left by a
        killed first merge is no store yet)."""
        path = self.db_path
        try:
            return path.is_file() and path.stat().st_size > 0
        except OSError:
            return False

    def check(self, *, must_exist: bool) -> None:
        """Refuse anything that is not a team store this istui can read, changing
        nothing (a rep's own store, a foreign file or folder, a newer schema)."""
        root = self.root
        if root.is_dir():
            if (root / DB_NAME).exists():
                self._check_db(root / DB_NAME)
                return
            if (root / TEAM_MARKER).exists():
                from istui.store.team_upgrade import check_folder

                check_folder(root, today=self._today)
                if must_exist:
                    raise StoreError(
                        tr(
                            "{path}: a team folder of an earlier istui; `istui merge` upgrades it into the team database (merging any export, even one merged before)",
                            path=root,
                        )
                    )
                return
            if (root / MARKER).exists():
                raise StoreError(tr("{path}: is a rep's own store, not a team store", path=root))
            if any(root.iterdir()):
                raise StoreError(
                    tr("{path}: not an istui team store; refusing to use it", path=root)
                )
            if must_exist:
                raise StoreError(
                    tr("{path}: no team store yet (merge exports into it first)", path=root)
                )
            return
        if root.exists():
            if not root.is_file():
                raise StoreError(
                    tr("{path}: not a regular file; a team store is a database file", path=root)
                )
            self._check_db(root)
            return
        if must_exist:
            raise StoreError(
                tr("{path}: no team store yet (merge exports into it first)", path=root)
            )
        if not root.parent.is_dir():
            raise StoreError(
                tr("{path}: the folder {folder} does not exist", path=root, folder=root.parent)
            )

    def _check_db(self, path: Path) -> None:
        try:
            with open(path, "rb") as handle:
                head = handle.read(len(_SQLITE_MAGIC))
        except OSError as exc:
            raise StoreError(
                tr("{path}: cannot read: {reason}", path=path, reason=os_reason(exc))
            ) from None
        if not head:
            return  # an empty file: a first merge killed before its commit
        if head != _SQLITE_MAGIC:
            raise StoreError(
                tr("{path}: is a file, not an istui team store (not a database)", path=path)
            )
        conn = self._connect(path, read_only=True)
        try:
            _check_schema(conn, path)
        except sqlite3.Error as exc:
            raise _sql_error(path, exc) from None
        finally:
            conn.close()

    # --------------------------------------------------------------- reading
    @staticmethod
    def _connect(path: Path, *, read_only: bool) -> sqlite3.Connection:
        """A connection; ``read_only``: one that never creates the file. It is
        still opened for writing where it can be, so that its close, when it is
        the last, folds the log back into the file and removes it (a read-only
        connection would leave an empty -wal beside the store)."""
        if not read_only:
            return sqlite3.connect(
                path, isolation_level=None, check_same_thread=False, timeout=BUSY_SECONDS
            )
        base = f"file:{quote(str(path.absolute()))}"
        try:
            return sqlite3.connect(
                f"{base}?mode=rw", uri=True, check_same_thread=False, timeout=BUSY_SECONDS
            )
        except sqlite3.OperationalError:
            return sqlite3.connect(
                f"{base}?mode=ro", uri=True, check_same_thread=False, timeout=BUSY_SECONDS
            )

    def _read(self) -> sqlite3.Connection:
        if self._reader is None:
            path = self.db_path
            if not self.exists:
                raise StoreError(
                    tr("{path}: no team store yet (merge exports into it first)", path=self.root)
                )
            try:
                conn = self._connect(path, read_only=True)
                self._version = _check_schema(conn, path)
            except sqlite3.Error as exc:
                raise _sql_error(path, exc) from None
            self._reader = conn
        return self._reader

    def _counted(self) -> bool:
        """Whether the store keeps ``event_counts`` (COUNTS_SCHEMA on; a store of
        an earlier schema not yet merged into since is counted from its events)."""
        if not self.exists:
            return False
        self._read()
        return self._version >= COUNTS_SCHEMA

    def close(self) -> None:
        if self._reader is not None:
            self._reader.close()
            self._reader = None

    def query(self, sql: str, params: Sequence[Any] = ()) -> list[tuple[Any, ...]]:
        """Rows of one read of the committed state (empty when there is no store)."""
        if not self.exists:
            return []
        try:
            return self._read().execute(sql, params).fetchall()
        except sqlite3.Error as exc:
            raise _sql_error(self.db_path, exc) from None

    def _has_table(self, name: str) -> bool:
        """Whether the committed file has table ``name`` (a schema 1 file read
        before its next merge has no deals yet)."""
        rows = self.query("SELECT 1 FROM sqlite_master WHERE type = 'table' AND name = ?", (name,))
        return bool(rows)

    def deal_records(self, rep_id: str) -> list[dict[str, Any]]:
        """The rep's deals, each the newest copy merged (``Deal.to_record``)."""
        if not self._has_table("deals"):
            return []
        return [
            json.loads(record)
            for (record,) in self.query(
                "SELECT record FROM deals WHERE rep_id = ? ORDER BY booked_day, deal_id", (rep_id,)
            )
        ]

    def team_deal_records(self) -> dict[str, list[dict[str, Any]]]:
        """Every rep's deals in one read: rep id -> its deals (``deal_records``)."""
        if not self._has_table("deals"):
            return {}
        found: dict[str, list[dict[str, Any]]] = {}
        for rep_id, record in self.query(
            "SELECT rep_id, record FROM deals ORDER BY rep_id, booked_day, deal_id"
        ):
            found.setdefault(str(rep_id), []).append(json.loads(record))
        return found

    def team_meetings(self, start: date, end: date) -> dict[str, list[tuple[str, datetime]]]:
        """Every rep's meeting events of ``start``..``end`` in one read: rep id ->
        (event id, when) (every booked meeting is a deal, moved on or not)."""
        found: dict[str, list[tuple[str, datetime]]] = {}
        for rep_id, ev_id, at in self.query(
            "SELECT rep_id, event_id, logged_at FROM events WHERE kind = 'meeting' "
            "AND day BETWEEN ? AND ? ORDER BY rep_id, logged_at, event_id",
            (start.isoformat(), end.isoformat()),
        ):
            found.setdefault(str(rep_id), []).append((str(ev_id), datetime.fromisoformat(at)))
        return found

    def tagged_kind_counts(
        self, start: date, end: date, tag: str
    ) -> list[tuple[str, str, str, int]]:
        """(rep id, tag value, kind, events) of the days ``start`` to ``end``, for
        ``tag`` one of list, channel, segment; untagged events have value "".

        The tagged events are counted from ``event_tags`` (each looked up in
        ``events`` by its key), the untagged ones as every event counted less
        the tagged: a week with few or no tags costs a read of the tags, not a
        join over every event of the team."""
        if tag not in ("list", "channel", "segment"):
            raise ValueError(f"no tag {tag!r}")
        span = (start.isoformat(), end.isoformat())
        if self._counted():
            every_sql = (
                "SELECT rep_id, kind, SUM(n) FROM event_counts WHERE day BETWEEN ? AND ? "
                "GROUP BY rep_id, kind"
            )
        else:
            every_sql = (
                "SELECT rep_id, kind, COUNT(*) FROM events WHERE day BETWEEN ? AND ? "
                "GROUP BY rep_id, kind"
            )
        tagged: list[tuple[str, str, str, int]] = []
        if self._has_table("event_tags"):
            tagged = [
                (str(r), str(v), str(k), int(n))
                for r, v, k, n in self.query(
                    f"SELECT t.rep_id, t.{tag}, e.kind, COUNT(*) FROM event_tags t "
                    "JOIN events e ON e.rep_id = t.rep_id AND e.event_id = t.event_id "
                    f"WHERE t.{tag} IS NOT NULL AND t.{tag} <> '' AND e.day BETWEEN ? AND ? "
                    f"GROUP BY t.rep_id, t.{tag}, e.kind",
                    span,
                )
            ]
        untagged: dict[tuple[str, str], int] = {
            (str(r), str(k)): int(n) for r, k, n in self.query(every_sql, span)
        }
        for rep_id, _, kind, n in tagged:
            untagged[(rep_id, kind)] -= n
        rows = [(r, "", k, n) for (r, k), n in untagged.items() if n > 0]
        return sorted(rows + tagged)

    def reps(self) -> dict[str, dict[str, Any]]:
        """The reps index: rep id -> its record (name, metrics, calendar, ...)."""
        return {
            rep_id: dict(json.loads(record), exported_at_utc=exported_at)
            for rep_id, record, exported_at in self.query(
                "SELECT rep_id, record, exported_at_utc FROM reps ORDER BY rep_id"
            )
        }

    def covered_days(self, rep_id: str) -> set[date]:
        """The days of ``rep_id`` some merged export covered (with or without
        events): every day of an export's range gets a row in ``days``, recording
        the export that supplied it. A day not in the set was never merged: its
        figures are unknown, not 0."""
        return {
            date.fromisoformat(day)
            for (day,) in self.query("SELECT day FROM days WHERE rep_id = ?", (rep_id,))
        }

    def weeks_with_data(self) -> list[tuple[int, int]]:
        """ISO weeks that have any merged day, newest last."""
        weeks: set[tuple[int, int]] = set()
        for (text,) in self.query("SELECT DISTINCT day FROM days"):
            year, week, _ = date.fromisoformat(text).isocalendar()
            weeks.add((year, week))
        return sorted(weeks)

    def day_rows(self, rep_id: str, start: date, end: date) -> dict[date, DayRow]:
        return _day_rows(self.query(_DAYS_SQL, (rep_id, start.isoformat(), end.isoformat())))

    def events_by_day(
        self, rep_id: str, start: date, end: date
    ) -> dict[date, list[dict[str, str]]]:
        """The rep's events of ``start``..``end``, each day's in time order, as
        the rep's store records them (``note`` only when the event has one)."""
        found: dict[date, list[dict[str, str]]] = {}
        for ev_id, day, at, kind, note in self.query(
            "SELECT event_id, day, logged_at, kind, note FROM events WHERE rep_id = ? AND day "
            "BETWEEN ? AND ? ORDER BY day, logged_at, event_id",
            (rep_id, start.isoformat(), end.isoformat()),
        ):
            found.setdefault(date.fromisoformat(day), []).append(_event(ev_id, at, kind, note))
        return found

    def kind_counts(self, rep_id: str, start: date, end: date) -> list[tuple[date, int, str, int]]:
        """(day, hour, kind, how many) of the rep's events of ``start``..``end``,
        as the merge counted them (the team view needs no single event)."""
        if self._counted():
            sql = (
                "SELECT day, hour, kind, n FROM event_counts "
                "WHERE rep_id = ? AND day BETWEEN ? AND ?"
            )
        else:
            sql = (
                f"SELECT day, {_HOUR_SQL}, kind, count(*) FROM events "
                "WHERE rep_id = ? AND day BETWEEN ? AND ? GROUP BY 1, 2, 3"
            )
        return [
            (date.fromisoformat(day), int(hour), kind, n)
            for day, hour, kind, n in self.query(sql, (rep_id, start.isoformat(), end.isoformat()))
        ]

    def team_kind_counts(
        self, start: date, end: date
    ) -> dict[str, list[tuple[date, int, str, int]]]:
        """``kind_counts`` of every rep at once (for the team view): rep id ->
        (day, hour, kind, how many), in one query of ``event_counts`` (a store
        of an earlier schema not merged into since is counted from its events)."""
        found: dict[str, list[tuple[date, int, str, int]]] = {}
        table = "event_counts"
        if not self._counted():
            table = f"({COUNT_EVENTS_SQL.format(where='')})"
        days: dict[str, date] = {}
        rows: list[tuple[date, int, str, int]] | None = None
        last = None
        for rep_id, day, hour, kind, n in self.query(
            f"SELECT rep_id, day, hour, kind, n FROM {table} "
            "WHERE rep_id IN (SELECT rep_id FROM reps) AND day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ):
            if rep_id != last:
                rows = found.setdefault(rep_id, [])
                last = rep_id
            when = days.get(day)
            if when is None:
                when = days[day] = date.fromisoformat(day)
            assert rows is not None
            rows.append((when, hour, kind, n))
        return found

    def team_kind_totals(
        self, start: date, end: date
    ) -> tuple[dict[str, dict[date, dict[str, int]]], dict[str, dict[tuple[int, str], int]]]:
        """``team_kind_counts`` summed the two ways the team view reads them, in
        one pass over the rows: rep id -> day -> kind -> how many, and rep id ->
        (hour, kind) -> how many over the days ``start``..``end``. (Faster than
        building the row list first, and than SQLite's GROUP BY of each.)"""
        table = "event_counts"
        if not self._counted():
            table = f"({COUNT_EVENTS_SQL.format(where='')})"
        by_day: dict[str, dict[date, dict[str, int]]] = {}
        by_hour: dict[str, dict[tuple[int, str], int]] = {}
        days: dict[str, date] = {}
        rep_days: dict[date, dict[str, int]] = {}
        rep_hours: dict[tuple[int, str], int] = {}
        last = None
        for rep_id, day, hour, kind, n in self.query(
            f"SELECT rep_id, day, hour, kind, n FROM {table} "
            "WHERE rep_id IN (SELECT rep_id FROM reps) AND day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ):
            if rep_id != last:
                rep_days = by_day.setdefault(rep_id, {})
                rep_hours = by_hour.setdefault(rep_id, {})
                last = rep_id
            when = days.get(day)
            if when is None:
                when = days[day] = date.fromisoformat(day)
            kinds = rep_days.get(when)
            if kinds is None:
                kinds = rep_days[when] = {}
            kinds[kind] = kinds.get(kind, 0) + n
            key = (hour, kind)
            rep_hours[key] = rep_hours.get(key, 0) + n
        return by_day, by_hour

    def team_day_rows(
        self, start: date, end: date, *, help_only: bool = False
    ) -> dict[str, dict[date, DayRow]]:
        """``day_rows`` of every rep at once (one query for the team view):
        rep id -> its rows of ``start``..``end``, the days an export covered.

        ``help_only``: of each day's mid-checks only those that may ask for
        help (an object marked "done" whose ``need_help`` is true) are read
        back, each record probed for those two fields (``_help_checks``); the
        team view reads nothing else of them, and the rest (most of a week's
        stored notes, with their figure snapshots) is never decoded. A cell
        that is not a list is read back as it is."""
        checks = _help_checks if help_only else _loads
        found: dict[str, dict[date, DayRow]] = {}
        for rep_id, day, supplied, targets, targets_at, midchecks, reflection in self.query(
            "SELECT rep_id, day, supplied_at_utc, targets, targets_at_utc, midchecks, "
            "reflection FROM days WHERE rep_id IN (SELECT rep_id FROM reps) "
            "AND day BETWEEN ? AND ?",
            (start.isoformat(), end.isoformat()),
        ):
            when = date.fromisoformat(day)
            found.setdefault(rep_id, {})[when] = DayRow(
                when, supplied, _loads(targets), targets_at, checks(midchecks), _loads(reflection)
            )
        return found

    def week_tables(self, rep_id: str, label: str) -> dict[str, list[Any]]:
        rows = self.query("SELECT tables FROM weeks WHERE rep_id = ? AND week = ?", (rep_id, label))
        return dict(json.loads(rows[0][0])) if rows else {}

    def target_versions(self, rep_id: str) -> list[dict[str, Any]]:
        return _ordered_versions(
            json.loads(r)
            for (r,) in self.query("SELECT record FROM target_versions WHERE rep_id = ?", (rep_id,))
        )

    def team_target_versions(self) -> dict[str, list[dict[str, Any]]]:
        """``target_versions`` of every rep in one read: rep id -> its versions."""
        found: dict[str, list[dict[str, Any]]] = {}
        for rep_id, record in self.query("SELECT rep_id, record FROM target_versions"):
            found.setdefault(str(rep_id), []).append(json.loads(record))
        return {rep_id: _ordered_versions(records) for rep_id, records in found.items()}

    def one_on_one(self, rep_id: str, label: str) -> dict[str, Any] | None:
        """The rep's 1on1 of week ``label`` as merged, or None (a store of schema
        1, not yet merged into by this istui, has none)."""
        version = self.query("PRAGMA user_version")
        if not version or int(version[0][0]) < 2:
            return None
        rows = self.query(
            "SELECT record FROM one_on_ones WHERE rep_id = ? AND week = ?", (rep_id, label)
        )
        return dict(json.loads(rows[0][0])) if rows else None

    def days_of(self, rep_id: str) -> list[date]:
        return [
            date.fromisoformat(d)
            for (d,) in self.query(
                "SELECT day FROM days WHERE rep_id = ? UNION SELECT DISTINCT day FROM events "
                "WHERE rep_id = ? ORDER BY 1",
                (rep_id, rep_id),
            )
        ]

    def rep_store(self, rep_id: str) -> TeamRepStore:
        """The rep's data as a read-only rep store (the weekly review reads it as
        the rep's own), built from the database."""
        from istui.store.team_rep import TeamRepStore

        return TeamRepStore(self, rep_id)

    # --------------------------------------------------------------- writing
    def merging(self, body: Callable[[TeamWriter], T], *, dry_run: bool = False) -> T:
        """One merge: ``body`` run in a transaction holding the write lock from
        its first read; returns what ``body`` returns.

        Committed when ``body`` returns and changed something; rolled back when
        it raises, for a dry run, or when nothing changed (the file then keeps
        its bytes). A store that does not exist yet is built in a temp file
        beside it and linked into place only once committed, so a first merge
        refused or killed leaves no file; when another first merge linked its
        store in the meantime, ``body`` runs again against that one. A dry run
        of a store that does not exist works on an empty one in memory.
        """
        while True:
            self.check(must_exist=False)
            path = self.db_path
            legacy = self.legacy
            if not path.exists():
                if dry_run:
                    return self._run(
                        sqlite3.connect(":memory:", isolation_level=None),
                        path,
                        body,
                        dry_run=True,
                        legacy=legacy,
                    )
                result = self._create(path, body, legacy=legacy)
                if result is not _TAKEN:
                    return cast(T, result)
                continue  # another merge created the store first: merge into it
            try:
                conn = self._connect(path, read_only=False)
            except sqlite3.Error as exc:
                raise _sql_error(path, exc) from None
            return self._run(conn, path, body, dry_run=dry_run, legacy=legacy)

    def _create(self, path: Path, body: Callable[[TeamWriter], T], *, legacy: bool) -> object:
        tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
        try:
            try:
                conn = self._connect(tmp, read_only=False)
            except sqlite3.Error as exc:
                raise _sql_error(path, exc) from None
            writer_changed: list[bool] = []

            def noting(writer: TeamWriter) -> T:
                result = body(writer)
                writer_changed.append(writer.changed)
                return result

            result = self._run(conn, path, noting, dry_run=False, legacy=legacy, private=True)
            if not writer_changed or not writer_changed[0]:
                return result  # nothing to keep: no store is made
            _fsync_file(tmp)  # built unsynced (_set_up): on disk before it is named
            try:
                os.link(tmp, path)
            except FileExistsError:
                return _TAKEN
            except OSError as exc:
                raise StoreError(
                    tr(
                        "{path}: cannot create the team store: {reason}",
                        path=path,
                        reason=os_reason(exc),
                    )
                ) from None
            fsync_dir(str(path.parent))
            return result
        finally:
            for leftover in (
                tmp,
                tmp.with_name(tmp.name + "-wal"),
                tmp.with_name(tmp.name + "-shm"),
            ):
                with contextlib.suppress(FileNotFoundError):
                    leftover.unlink()

    def _run(
        self,
        conn: sqlite3.Connection,
        path: Path,
        body: Callable[[TeamWriter], T],
        *,
        dry_run: bool,
        legacy: bool,
        private: bool = False,
    ) -> T:
        """``private``: ``conn`` is a new file no other process knows of yet
        (``_create``), built without a journal on disk (see ``_set_up``)."""
        writer = TeamWriter(conn, path)
        try:
            try:
                _set_up(conn, private=private)
                conn.execute("BEGIN IMMEDIATE")
                before = _migrate(conn, path, self._today())
                if before == 0:
                    writer.start_bulk()
                if legacy and before == 0:
                    from istui.store.team_upgrade import import_folder

                    import_folder(self.root, writer, today=self._today)
                result = body(writer)
                writer.end_bulk()
                writer.flush_counts()
                if dry_run or not writer.changed:
                    conn.execute("ROLLBACK")
                else:
                    conn.execute("COMMIT")
                    if private:
                        # the WAL the store is used in from now on (persistent in
                        # the file), set while the file is still this merge's alone
                        _journal_wal(conn)
            except sqlite3.Error as exc:
                raise _sql_error(path, exc) from None
        finally:
            with contextlib.suppress(sqlite3.Error):
                if conn.in_transaction:
                    conn.execute("ROLLBACK")
            conn.close()
        return result


_TAKEN = object()


def _set_up(conn: sqlite3.Connection, *, private: bool = False) -> None:
    """The connection's settings for a merge: foreign keys, the page cache.

    An existing store: WAL (persistent in the file) with FULL sync. Switching
    a file to WAL needs a moment alone with it: retried while another merge is
    creating the same store.

    A new store (``private``: a temp file no other process knows of, linked
    into place only once committed) is built with its rollback journal in
    memory and no syncs: until the link nothing can see it and a kill leaves
    only the temp file, so there is nothing for a journal on disk to protect;
    the committed file is switched to WAL and fsynced before the link
    (``_create``). That spares the first merge writing every page twice (into
    the log, then into the file at the checkpoint)."""
    conn.execute("PRAGMA foreign_keys = ON")
    conn.execute(f"PRAGMA cache_size = {_NEW_STORE_CACHE if private else _CACHE}")
    if private:
        # 8 KB pages: a tenth less work inserting a quarter of 50 reps than 4 KB
        # (16 and 32 KB gain no more, and each page a later merge changes is
        # written whole into the log)
        conn.execute("PRAGMA page_size = 8192")
        conn.execute("PRAGMA journal_mode = MEMORY")
        conn.execute("PRAGMA synchronous = OFF")
        return
    conn.execute("PRAGMA synchronous = FULL")
    _journal_wal(conn)


def _journal_wal(conn: sqlite3.Connection) -> None:
    deadline = time.monotonic() + BUSY_SECONDS
    while True:
        try:
            mode = conn.execute("PRAGMA journal_mode = WAL").fetchone()[0]
            if str(mode).lower() in ("wal", "memory"):
                return
        except sqlite3.OperationalError:
            if time.monotonic() > deadline:
                raise
        time.sleep(0.05)


def _fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _check_schema(conn: sqlite3.Connection, path: Path) -> int:
    """The file's schema version, refusing a foreign database or a newer istui's."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    names = {r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
    if version == 0:
        if names:
            raise StoreError(
                tr("{path}: not an istui team store (a database of something else)", path=path)
            )
        return 0
    if version > DB_SCHEMA:
        raise StoreError(
            tr(
                "{path}: written by a newer istui (team schema {version}, this one reads up to {most}); upgrade istui",
                path=path,
                version=version,
                most=DB_SCHEMA,
            )
        )
    if "meta" not in names:
        raise StoreError(tr("{path}: not an istui team store (no meta table)", path=path))
    row = conn.execute("SELECT value FROM meta WHERE key = 'format'").fetchone()
    if row is None or row[0] != DB_FORMAT:
        raise StoreError(
            tr(
                "{path}: not an istui team store (format is not {format})",
                path=path,
                format=DB_FORMAT,
            )
        )
    return version


def _migrate(conn: sqlite3.Connection, path: Path, today: date) -> int:
    """Bring the file to DB_SCHEMA inside the merge's transaction (so two first
    merges cannot both create it: the second finds the first's schema); returns
    the version found."""
    version = _check_schema(conn, path)
    for steps in _MIGRATIONS[version:]:
        for sql in steps:
            if version == 0 and sql == _EVENTS_INDEX:
                continue  # a new store: made after the bulk load (TeamWriter.end_bulk)
            conn.execute(sql)
    if version == 0:
        conn.executemany(
            "INSERT INTO meta (key, value) VALUES (?, ?)",
            [("format", DB_FORMAT), ("created", today.isoformat())],
        )
    if version < DB_SCHEMA:
        conn.execute(f"PRAGMA user_version = {DB_SCHEMA}")
    return version


_DAYS_SQL = (
    "SELECT day, supplied_at_utc, targets, targets_at_utc, midchecks, reflection FROM days "
    "WHERE rep_id = ? AND day BETWEEN ? AND ?"
)


class _HelpProbe(msgspec.Struct):
    """The two fields of a mid-check record that say whether it asks for help
    (msgspec skips the rest of the record without building it)."""

    status: Any = None
    need_help: Any = False


_decode_items = msgspec.json.Decoder(list[msgspec.Raw]).decode
_decode_probe = msgspec.json.Decoder(_HelpProbe).decode


def _help_checks(text: str | None) -> Any:
    """A day's stored mid-checks, of which only those that may ask for help (an
    object marked "done" whose ``need_help`` is true) are decoded: services.team
    reads nothing else of them for the team view (and still applies its exact
    rule). Each record is first probed for those two fields alone; a cell that
    is not a list is read back as it is."""
    if text is None:
        return None
    try:
        items = _decode_items(text)
    except msgspec.DecodeError:
        return _loads(text)
    kept = []
    for item in items:
        try:
            probe = _decode_probe(item)
        except msgspec.DecodeError:
            continue  # not a record: never a help request
        if probe.status == "done" and probe.need_help:
            kept.append(_decode(item))
    return kept


def _day_rows(rows: Iterable[tuple[Any, ...]]) -> dict[date, DayRow]:
    found: dict[date, DayRow] = {}
    for day, supplied, targets, targets_at, midchecks, reflection in rows:
        when = date.fromisoformat(day)
        found[when] = DayRow(
            when, supplied, _loads(targets), targets_at, _loads(midchecks), _loads(reflection)
        )
    return found


def _event(ev_id: str, at: str, kind: str, note: str | None) -> dict[str, str]:
    """An events row as the rep's store records the event (``note`` only when set)."""
    record = {"id": ev_id, "at": at, "kind": kind}
    if note:
        record["note"] = note
    return record


def _ordered_versions(records: Iterable[dict[str, Any]]) -> list[dict[str, Any]]:
    return sorted(
        records,
        key=lambda v: (str(v.get("set_at") or ""), str(v.get("effective")), dumps(v)),
    )


class TeamWriter:
    """The one merge transaction's reads and writes (see ``TeamStore.merging``)."""

    def __init__(self, conn: sqlite3.Connection, path: Path) -> None:
        self.conn = conn
        self.path = path
        #: Whether anything was written (nothing: the transaction is rolled back).
        self.changed = False
        #: What the writes so far change in ``event_counts`` (rep, day, hour,
        #: kind) -> how many more or fewer, written by ``flush_counts``.
        self._counts: Counter[tuple[str, str, str, str]] = Counter()
        #: A merge into a new store loads its events in bulk, without the
        #: events index until the load ends (``end_bulk``); the days each rep
        #: has events on, meanwhile, so that a later file's plan knows without
        #: the index when a day holds none.
        self._bulk: dict[str, set[str]] | None = None

    def start_bulk(self) -> None:
        """The store is empty: load events without the events index."""
        self._bulk = {}

    def end_bulk(self) -> None:
        """End a bulk load: the events index is made in one sort of the events
        (its pages written once, in order, instead of each event placed in it
        as it comes)."""
        if self._bulk is not None:
            self._bulk = None
            self.conn.execute(_EVENTS_INDEX)

    def reps(self) -> dict[str, dict[str, Any]]:
        return {
            rep_id: dict(json.loads(record), exported_at_utc=exported_at)
            for rep_id, record, exported_at in self.conn.execute(
                "SELECT rep_id, record, exported_at_utc FROM reps"
            )
        }

    def put_rep(self, rep_id: str, record: Mapping[str, Any]) -> None:
        body = {k: v for k, v in record.items() if k != "exported_at_utc"}
        self.conn.execute(
            "INSERT INTO reps (rep_id, name, exported_at_utc, record) VALUES (?, ?, ?, ?) "
            "ON CONFLICT (rep_id) DO UPDATE SET name = excluded.name, "
            "exported_at_utc = excluded.exported_at_utc, record = excluded.record",
            (rep_id, str(record.get("name")), str(record.get("exported_at_utc")), dumps(body)),
        )
        self.changed = True

    def day_rows(self, rep_id: str, start: date, end: date) -> dict[date, DayRow]:
        return _day_rows(self.conn.execute(_DAYS_SQL, (rep_id, start.isoformat(), end.isoformat())))

    def events_by_day(
        self, rep_id: str, start: date, end: date
    ) -> dict[date, dict[str, dict[str, str]]]:
        found: dict[date, dict[str, dict[str, str]]] = {}
        if self._bulk is not None:
            first, last = start.isoformat(), end.isoformat()
            if not any(first <= day <= last for day in self._bulk.get(rep_id, ())):
                return found  # none of these days holds an event yet
            self.end_bulk()  # a day to compare: read it through the index
        for ev_id, day, at, kind, note in self.conn.execute(
            "SELECT event_id, day, logged_at, kind, note FROM events WHERE rep_id = ? AND day "
            "BETWEEN ? AND ?",
            (rep_id, start.isoformat(), end.isoformat()),
        ):
            found.setdefault(date.fromisoformat(day), {})[ev_id] = _event(ev_id, at, kind, note)
        return found

    def days_of_events(self, rep_id: str, ids: Iterable[str]) -> dict[str, date]:
        """Which of ``ids`` the rep already has, and on which day."""
        found: dict[str, date] = {}
        for ev_id in ids:
            row = self.conn.execute(
                "SELECT day FROM events WHERE rep_id = ? AND event_id = ?", (rep_id, ev_id)
            ).fetchone()
            if row is not None:
                found[ev_id] = date.fromisoformat(row[0])
        return found

    def delete_events(self, rep_id: str, ids: Iterable[str]) -> None:
        gone = []
        for ev_id in ids:
            gone += self.conn.execute(
                "DELETE FROM events WHERE rep_id = ? AND event_id = ? RETURNING day, logged_at, kind",
                (rep_id, ev_id),
            ).fetchall()
            self.changed = True
        self._count_rows(rep_id, gone, -1)

    def insert_events(
        self, rep_id: str, events: Sequence[tuple[str, str, str, str, str | None]]
    ) -> None:
        """Add events (id, day, at, kind, note or None); EventIdTaken when the rep
        already has one of the ids (on another day: the same day's are known to
        the caller)."""
        if not events:
            return
        ids, days, ats, kinds, notes = zip(*events, strict=True)
        try:
            self.conn.executemany(
                "INSERT INTO events (rep_id, event_id, day, logged_at, kind, note) "
                "VALUES (?, ?, ?, ?, ?, ?)",
                zip(repeat(rep_id), ids, days, ats, kinds, notes),
            )
        except sqlite3.IntegrityError:
            taken = self.days_of_events(rep_id, ids)
            incoming = dict(zip(ids, days, strict=True))
            clash = {k: v for k, v in taken.items() if incoming.get(k) != v.isoformat()}
            raise EventIdTaken(clash or taken) from None
        self.changed = True
        if self._bulk is not None:
            self._bulk.setdefault(rep_id, set()).update(days)
        self._count(rep_id, days, ats, kinds, 1)

    def correct_events(self, rep_id: str, events: Sequence[tuple[str, str, str | None]]) -> None:
        """Replace the outcome and note of events the rep already has (id, kind,
        note or None): a correction from a newer export; the id, day and time stay."""
        for ev_id, kind, note in events:
            old = self.conn.execute(
                "SELECT day, logged_at, kind FROM events WHERE rep_id = ? AND event_id = ?",
                (rep_id, ev_id),
            ).fetchall()
            self.conn.execute(
                "UPDATE events SET kind = ?, note = ? WHERE rep_id = ? AND event_id = ?",
                (kind, note, rep_id, ev_id),
            )
            self._count_rows(rep_id, old, -1)
            self._count_rows(rep_id, [(day, at, kind) for day, at, _ in old], 1)
            self.changed = True

    def _count(
        self,
        rep_id: str,
        days: Sequence[str],
        ats: Sequence[str],
        kinds: Sequence[str],
        sign: int,
    ) -> None:
        """Note events (their days, logged_at and kinds, column by column) added
        (``sign`` 1) or taken away (-1) for ``event_counts``, counted in one pass
        in C (the hour as its two digits, made a number once per count); written
        now and then, so that a merge of any size holds a bounded number."""
        counts = self._counts
        if all(map(str.startswith, ats, days)):  # as the merge writes them: one slice
            for (day_hour, kind), n in Counter(
                zip(map(_DAY_HOUR_TEXT, ats), kinds, strict=True)
            ).items():
                counts[(rep_id, day_hour[:10], day_hour[11:], kind)] += sign * n
        else:
            counted = Counter(zip(repeat(rep_id), days, map(_HOUR_TEXT, ats), kinds))
            for key, n in counted.items():
                counts[key] += sign * n
        if len(self._counts) > _COUNTS_HELD:
            self.flush_counts()

    def _count_rows(self, rep_id: str, rows: Sequence[tuple[str, str, str]], sign: int) -> None:
        """``_count`` of events given as (day, logged_at, kind) rows."""
        if rows:
            days, ats, kinds = zip(*rows, strict=True)
            self._count(rep_id, days, ats, kinds, sign)

    def _hour(self, text: str) -> int:
        """The hour's two digits as a number, exactly as _HOUR_SQL makes it
        (SQLite's CAST, for a time an upgraded 0.1 folder wrote otherwise)."""
        if len(text) == 2 and text.isascii() and text.isdigit():
            return int(text)
        return int(self.conn.execute("SELECT CAST(? AS INTEGER)", (text,)).fetchone()[0])

    def flush_counts(self) -> None:
        """Write the noted changes into ``event_counts`` (before the commit:
        the counts always equal the events they count)."""
        counts, self._counts = self._counts, Counter()
        hours = _HOURS
        rows = [
            (r, day, hours.get(hour) or self._hour(hour), kind, n)
            for (r, day, hour, kind), n in counts.items()
            if n
        ]
        if not rows:
            return
        self.conn.executemany(
            "INSERT INTO event_counts (rep_id, day, hour, kind, n) VALUES (?, ?, ?, ?, ?) "
            "ON CONFLICT (rep_id, day, hour, kind) DO UPDATE SET n = n + excluded.n",
            rows,
        )
        self.conn.executemany(
            "DELETE FROM event_counts WHERE rep_id = ? AND day = ? AND hour = ? AND kind = ? "
            "AND n <= 0",
            [row[:4] for row in rows if row[4] < 0],
        )

    def put_days(self, rep_id: str, rows: Iterable[DayRow]) -> None:
        params = [
            (
                rep_id,
                r.day.isoformat(),
                r.supplied_at,
                None if r.targets is None else dumps(r.targets),
                r.targets_at,
                None if r.midchecks is None else dumps(r.midchecks),
                None if r.reflection is None else dumps(r.reflection),
            )
            for r in rows
        ]
        if params:
            self.conn.executemany(
                "INSERT OR REPLACE INTO days (rep_id, day, supplied_at_utc, targets, "
                "targets_at_utc, midchecks, reflection) VALUES (?, ?, ?, ?, ?, ?, ?)",
                params,
            )
            self.changed = True

    def week_tables(self, rep_id: str, label: str) -> dict[str, list[Any]] | None:
        row = self.conn.execute(
            "SELECT tables FROM weeks WHERE rep_id = ? AND week = ?", (rep_id, label)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def put_week(self, rep_id: str, label: str, tables: Mapping[str, list[Any]]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO weeks (rep_id, week, tables) VALUES (?, ?, ?)",
            (rep_id, label, dumps({k: tables[k] for k in sorted(tables) if tables[k]})),
        )
        self.changed = True

    def one_on_one(self, rep_id: str, label: str) -> dict[str, Any] | None:
        row = self.conn.execute(
            "SELECT record FROM one_on_ones WHERE rep_id = ? AND week = ?", (rep_id, label)
        ).fetchone()
        return None if row is None else dict(json.loads(row[0]))

    def put_one_on_one(self, rep_id: str, label: str, record: Mapping[str, Any]) -> None:
        self.conn.execute(
            "INSERT OR REPLACE INTO one_on_ones (rep_id, week, record) VALUES (?, ?, ?)",
            (rep_id, label, dumps(dict(record))),
        )
        self.changed = True

    def version_keys(self, rep_id: str) -> set[str]:
        return {
            k
            for (k,) in self.conn.execute(
                "SELECT key FROM target_versions WHERE rep_id = ?", (rep_id,)
            )
        }

    def deal_stamps(self, rep_id: str) -> dict[str, str]:
        """deal id -> the changed_at_utc of the copy held."""
        return {
            str(d): str(c)
            for d, c in self.conn.execute(
                "SELECT deal_id, changed_at_utc FROM deals WHERE rep_id = ?", (rep_id,)
            )
        }

    def put_deals(
        self, rep_id: str, deals: Sequence[tuple[str, str, str, Mapping[str, Any]]]
    ) -> None:
        """Keep these copies of deals (id, booked day, changed_at_utc, record)."""
        if deals:
            self.conn.executemany(
                "INSERT OR REPLACE INTO deals (rep_id, deal_id, booked_day, changed_at_utc, "
                "record) VALUES (?, ?, ?, ?, ?)",
                [(rep_id, d, b, c, dumps(r)) for d, b, c, r in deals],
            )
            self.changed = True

    def put_event_tags(self, rep_id: str, tags: Mapping[str, tuple[str, str, str]]) -> None:
        """Each event's (list, channel, segment), as the newest export says (rows
        already so are left alone: merging a file twice changes nothing)."""
        held: dict[str, tuple[str, str, str]] = {}
        ids = list(tags)
        for i in range(0, len(ids), 500):
            chunk = ids[i : i + 500]
            marks = ",".join("?" * len(chunk))
            for ev_id, list_, channel, segment in self.conn.execute(
                "SELECT event_id, list, channel, segment FROM event_tags "
                f"WHERE rep_id = ? AND event_id IN ({marks})",
                (rep_id, *chunk),
            ):
                held[str(ev_id)] = (str(list_), str(channel), str(segment))
        rows = [(rep_id, ev_id, *t) for ev_id, t in tags.items() if held.get(ev_id) != t]
        if rows:
            self.conn.executemany(
                "INSERT OR REPLACE INTO event_tags (rep_id, event_id, list, channel, segment) "
                "VALUES (?, ?, ?, ?, ?)",
                rows,
            )
            self.changed = True

    def add_versions(self, rep_id: str, versions: Mapping[str, Mapping[str, Any]]) -> None:
        if versions:
            self.conn.executemany(
                "INSERT OR IGNORE INTO target_versions (rep_id, key, record) VALUES (?, ?, ?)",
                [(rep_id, key, dumps(v)) for key, v in versions.items()],
            )
            self.changed = True
