"""The rep's store: one small TinyDB file per day, plus a few small files.

Layout of a store folder::

    store.json                 marker: format and schema version
    days/2026/2026-11-23.json  that day's events, mid-checks and reflection
    weeks/2026-W47.json        that week's review (actions, focus)
    targets.json               the target versions
    backups/2026-11-23/        dated daily backups (see Store._snapshot)
    .lock                      the cross-process lock

Why one file per day: TinyDB's stock storage rewrites the whole file on every
write, so a single file makes each logged dial cost more as history grows
(~240 ms at a year). A day file stays a few tens of KB whatever the history, so
a write costs the same on day one and in year two.

Every read-modify-write runs under the cross-process lock and re-reads the file
under it; every write is atomic (see ``files``): files are only ever replaced
whole, never changed in place.
"""

from __future__ import annotations

import contextlib
import os
import re
import uuid
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

from istui.domain.funnel import Event
from istui.domain.targets import TargetVersion, next_version
from istui.store.files import (
    FileLock,
    Signature,
    StoreError,
    atomic_write_bytes,
    atomic_write_json,
    check_marker,
    dump_json,
    parse_json,
    read_bytes_signed,
    read_json_signed,
    signature_of,
    writes_deferred,
)
from istui.store.tables import Tables

if TYPE_CHECKING:
    from istui.domain.notes import DayNotes
    from istui.domain.weekplan import ReviewAction, WeekPlan

# The notes and week-plan modules are imported where used: `istui log` and
# `istui status` need neither, and they cost ~4 ms of every run.

SCHEMA_VERSION = 1
FORMAT = "istui-store"
META_TABLE = "_meta"
_BACKUP_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
_MARKER_TEMP = re.compile(r"^\.store\.json\.[0-9a-f]{12}\.tmp$")  # see files._create_temp
_DATA_ENTRIES = ("store.json", "targets.json", "days", "weeks")


class _MemoryStorage:
    """TinyDB storage over a dict already read from disk under the lock.

    TinyDB writes through it during a transaction; the store writes the result
    back once, atomically, when the transaction ends. (TinyDB only needs read,
    write and close; not subclassing its Storage keeps TinyDB off the import
    path of read-only commands such as `istui status`.)
    """

    def __init__(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = False

    def read(self) -> dict[str, Any]:
        return self.data

    def write(self, data: dict[str, Any]) -> None:
        self.data = data
        self.dirty = True

    def close(self) -> None:
        pass


@dataclass(frozen=True)
class DaySnapshot:
    """A day's events exactly as in the file with ``signature`` (None: no file).

    The live day keeps one, so a write can tell from the signature it finds
    under the lock whether anyone else wrote the day since, and only then parse
    the whole day again.
    """

    day: date
    signature: Signature | None
    events: tuple[Event, ...]
    #: The file these events came from (None: not kept, or no file).
    file: DayFile | None = field(default=None, repr=False, compare=False)


@dataclass(frozen=True)
class DayFile:
    """A day file's exact bytes and their parse, as last read or written.

    A write that finds these very bytes under the lock knows the file's content
    without parsing it again (a byte comparison, not a signature: a signature can
    repeat within one clock tick). ``canonical`` says the bytes are this store's
    own ``dump_json`` of ``data``, so events can be appended to them directly.
    ``data`` is never changed in place: writes build a new dict.
    """

    raw: bytes
    data: dict[str, Any]
    canonical: bool


@dataclass
class _Written:
    """What a transaction left: the file's signature (taken under the lock) and
    the data and bytes written."""

    after: Signature | None = None
    data: dict[str, Any] | None = None
    raw: bytes | None = None  # the bytes written (None: nothing written)


@dataclass(frozen=True)
class FileProblem:
    path: Path
    message: str


@dataclass(frozen=True)
class RestoreChange:
    """One file a whole-store restore would change, told to the rep first:
    ``action`` is "remove" (made after the backup), "replace" or "add";
    ``events`` the events the live file holds now (None: not a day file, or
    unreadable)."""

    relpath: str
    action: str
    events: int | None


def day_relpath(day: date) -> str:
    return f"days/{day:%Y}/{day.isoformat()}.json"


def week_relpath(year: int, week: int) -> str:
    return f"weeks/{year:04d}-W{week:02d}.json"


class Store:
    """The one interface to a rep's (or a team's) data on disk."""

    def __init__(
        self,
        root: Path,
        *,
        today: Callable[[], date] | None = None,
        backups_kept: int = 28,
    ) -> None:
        self.root = Path(root)
        self._today = today or date.today
        self.backups_kept = backups_kept
        self._lock = FileLock(self.root / ".lock")
        #: Signature of store.json when it was last checked: a write re-reads and
        #: re-checks it only when it changed (it is written once per store).
        self._checked_marker: Signature | None = None

    def close(self) -> None:
        """Release what the store keeps open (the lock file); it reopens on use."""
        self._lock.close()

    # ----------------------------------------------------------------- checks
    def check_root(self) -> None:
        """Refuse a folder that is not an istui store, or a store from a newer istui.

        A marker already checked is not read again while its signature is unchanged.
        """
        if self._checked_marker is not None:
            try:
                if signature_of(os.stat(self.root / "store.json")) == self._checked_marker:
                    return
            except OSError:
                pass
            self._checked_marker = None
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.root}: is a file; --db names a store folder")
        marker = self.root / "store.json"
        if not marker.exists():
            # A new store holds only these until its marker lands; ".store.json.…tmp"
            # is another process writing that marker right now (seen outside the
            # lock, this check would otherwise refuse a store being created).
            if self.root.exists() and any(
                p.name not in (".lock", "backups") and not _MARKER_TEMP.match(p.name)
                for p in self.root.iterdir()
            ):
                raise StoreError(
                    f"{self.root}: not an istui store (no store.json); refusing to use it"
                )
            return
        meta, marker_signature = read_json_signed(marker)
        check_marker(marker, meta, fmt=FORMAT, schema_max=SCHEMA_VERSION)
        self._checked_marker = marker_signature

    def _ensure_root(self) -> None:
        self.check_root()
        marker = self.root / "store.json"
        if self._checked_marker is None and not marker.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write_json(
                marker,
                {"format": FORMAT, "schema": SCHEMA_VERSION, "created": self._today().isoformat()},
            )

    # --------------------------------------------------------------- low level
    def _load(self, relpath: str) -> dict[str, Any] | None:
        """Read one data file fresh from disk; None when it does not exist."""
        return self._load_signed(relpath)[0]

    def _load_signed(self, relpath: str) -> tuple[dict[str, Any] | None, Signature | None]:
        """``_load`` and the signature of the very file read (None: no file)."""
        file, sig = self._read_file(self.root / relpath)
        return (file.data if file is not None else None), sig

    def _read_file(self, path: Path) -> tuple[DayFile | None, Signature | None]:
        """One store file's bytes and parse, and the signature of the very file
        read (None, None: no file)."""
        try:
            raw, sig = read_bytes_signed(path)
        except FileNotFoundError:
            return None, None
        return self._parsed(path, raw), sig

    def _parsed(self, path: Path, raw: bytes) -> DayFile:
        """The bytes read from ``path``, parsed and checked (see ``_checked``)."""
        return DayFile(raw, self._checked(path, parse_json(path, raw)), canonical=False)

    def _checked(self, path: Path, data: Any) -> dict[str, Any]:
        """``data`` parsed from ``path``, refused unless it is an istui store file
        this istui can read."""
        if not isinstance(data, dict) or not all(isinstance(v, dict) for v in data.values()):
            raise StoreError(f"{path}: not an istui store file (unexpected shape)")
        for name, table in data.items():
            # TinyDB needs whole-number ids and dict documents; anything else would
            # crash later with a traceback, or be written back as if it were ours.
            for key, doc in table.items():
                if not key.isdecimal() or not isinstance(doc, dict):
                    raise StoreError(f"{path}: table {name} has a bad document {key!r}")
        meta = data.get(META_TABLE)
        if not meta:
            raise StoreError(f"{path}: not an istui store file (no {META_TABLE} table)")
        record = next(iter(meta.values()))
        schema = record.get("schema") if isinstance(record, dict) else None
        if not isinstance(schema, int):
            raise StoreError(f"{path}: no schema version")
        if schema > SCHEMA_VERSION:
            raise StoreError(
                f"{path}: written by a newer istui (schema {schema} > {SCHEMA_VERSION}); "
                "upgrade istui"
            )
        return data

    def read_table(self, relpath: str, table: str) -> list[dict[str, Any]]:
        """The documents of one table, in insertion order (no lock: files are
        replaced atomically, so a reader sees the old file or the new one)."""
        data = self._load(relpath)
        if data is None:
            return []
        raw = data.get(table, {})
        ordered = sorted(raw.items(), key=lambda item: int(item[0]))
        return [dict(doc, doc_id=int(key)) for key, doc in ordered]

    def read_tables(self, relpath: str) -> dict[str, list[dict[str, Any]]]:
        """Every table of one file except the meta table, documents without ids
        (for exports, which carry tables they do not interpret)."""
        data = self._load(relpath)
        if data is None:
            return {}
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in sorted(data):
            if name == META_TABLE:
                continue
            try:
                ordered = sorted(data[name].items(), key=lambda item: int(item[0]))
            except ValueError:
                raise StoreError(
                    f"{self.root / relpath}: table {name} has a bad document id"
                ) from None
            tables[name] = [dict(doc) for _, doc in ordered]
        return tables

    @contextlib.contextmanager
    def transaction(self, relpath: str) -> Iterator[Tables]:
        """A read-modify-write of one file: under the lock, read fresh, write once.

        The body gets the file's tables (see ``tables``); if it raises, nothing
        is written.
        """
        with self._transaction(relpath) as (db, _):
            yield db

    @contextlib.contextmanager
    def _transaction(self, relpath: str) -> Iterator[tuple[Tables, _Written]]:
        """``transaction``, also telling what it found and wrote (see _Written)."""
        with self._locked(relpath):
            with os_errors(self.root / relpath):
                data, before = self._load_signed(relpath)
            if data is None:
                data = _new_file()
            from tinydb import TinyDB

            db = TinyDB(data, storage=_MemoryStorage)
            written = _Written()
            yield Tables(db), written
            storage = db.storage
            assert isinstance(storage, _MemoryStorage)
            written.data = storage.data
            written.after = before
            if storage.dirty:
                with os_errors(self.root / relpath):
                    written.raw = dump_json(storage.data)
                    atomic_write_bytes(self.root / relpath, written.raw)
                    # still under the lock: nobody else can have replaced it yet
                    written.after = None if writes_deferred() else self.signature(relpath)

    @contextlib.contextmanager
    def _locked(self, relpath: str) -> Iterator[None]:
        """Hold the cross-process lock around one read-modify-write of ``relpath``
        (the store checked, made if new, and the day's backup taken first)."""
        # Refuse a foreign folder or a file before taking the lock, which would
        # otherwise create .lock inside it (or fail with a raw OSError on a file).
        self.check_root()
        with contextlib.ExitStack() as stack:
            # The store's own file work only (not the body): a full disk or a
            # --db under a file is one line naming the file, not a traceback.
            with os_errors(self.root / relpath):
                stack.enter_context(self._lock.held())
                self._ensure_root()
                self._ensure_daily_backup()
            yield

    def signature(self, relpath: str) -> Signature | None:
        """A cheap fingerprint of one file, to notice writes by other processes."""
        try:
            st = os.stat(os.path.join(self.root, relpath))  # (no Path: runs on every key)
        except FileNotFoundError:
            return None
        return signature_of(st)

    # ------------------------------------------------------------------ events
    def log(self, kind: str, n: int = 1, *, at: datetime) -> list[Event]:
        """Record ``n`` outcomes of ``kind`` at ``at`` (an aware local time)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        if at.tzinfo is None:
            raise ValueError("timestamps must carry their UTC offset")
        return self.log_seen(kind, n, at=at)[0]

    def log_seen(
        self, kind: str, n: int = 1, *, at: datetime, seen: DaySnapshot | None = None
    ) -> tuple[list[Event], DaySnapshot | None]:
        """``log``, also giving the day's events as just written, for a caller that
        keeps the day (``seen``; None: no snapshot wanted, or none could be made).

        The file is re-read under the lock on every write; when its bytes are the
        very ones ``seen`` holds, they are not parsed again, and the new events are
        appended to them rather than the whole day dumped again, so a key press
        costs about the same at the first dial of the day and the three-hundredth.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        if at.tzinfo is None:
            raise ValueError("timestamps must carry their UTC offset")
        events = [Event(uuid.uuid4().hex, at, kind) for _ in range(n)]
        day = at.date()
        if writes_deferred():  # a batch: the file on disk is not the one to compare
            with self.transaction(day_relpath(day)) as db:
                db.table("events").insert_multiple([e.to_record() for e in events])
            return events, None
        if seen is not None and seen.day != day:  # a backfill: the snapshot is of another day
            seen = DaySnapshot(day, None, ())
        return events, self._append_events(day, events, seen)

    def _append_events(
        self, day: date, events: list[Event], seen: DaySnapshot | None
    ) -> DaySnapshot | None:
        """Append ``events`` to the day's file; the day as written when ``seen``
        is given (None: the caller keeps no snapshot)."""
        relpath = day_relpath(day)
        path = self.root / relpath
        known = seen.file if seen is not None else None
        with self._locked(relpath), os_errors(path):
            try:
                raw: bytes | None = read_bytes_signed(path)[0]
            except FileNotFoundError:
                raw = None
            found: DayFile | None = None
            held: tuple[Event, ...] = ()
            if known is not None and seen is not None and raw == known.raw:
                found, held = known, seen.events
            elif raw is not None:
                found = self._parsed(path, raw)
                # Every event of the day is read before anything is written: a bad
                # record stops the write here, instead of failing after it (when a
                # rep, told "not logged", would log the dial twice).
                held = self._events_of(day, found.data)
            written = _appended(found, "events", [e.to_record() for e in events])
            atomic_write_bytes(path, written.raw)
            after = self.signature(relpath)  # still under the lock
        if seen is None:
            return None
        return DaySnapshot(day, after, (*held, *events), written)

    def _events_of(self, day: date, data: Mapping[str, Any] | None) -> tuple[Event, ...]:
        """The day's events in logging order (TinyDB id order)."""
        table = (data or {}).get("events", {})
        ordered = sorted(table.items(), key=lambda item: int(item[0]))
        return tuple(self._event(day, r) for _, r in ordered)

    def day_snapshot(self, day: date) -> DaySnapshot:
        """The day's events with the signature of the file they were read from."""
        file, sig = self._read_file(self.root / day_relpath(day))
        if file is None:
            return DaySnapshot(day, None, ())
        return DaySnapshot(day, sig, self._events_of(day, file.data), file)

    def undo_seen(self, day: date) -> tuple[Event | None, DaySnapshot | None]:
        """``undo_last``, also giving the day as left (see ``log_seen``)."""
        with self._transaction(day_relpath(day)) as (db, written):
            event = self._undo_in(db, day)
        if written.after is None:
            return event, None
        # The bytes just written travel with the snapshot, so the next key press
        # after an undo appends to them too (None when there was nothing to undo).
        file = None
        if written.raw is not None and written.data is not None:
            file = DayFile(written.raw, written.data, canonical=True)
        return event, DaySnapshot(day, written.after, self._events_of(day, written.data), file)

    def undo_last(self, day: date) -> Event | None:
        """Remove the last event logged on ``day`` (last in logging order)."""
        with self.transaction(day_relpath(day)) as db:
            return self._undo_in(db, day)

    def _undo_in(self, db: Tables, day: date) -> Event | None:
        table = db.table("events")
        docs = table.all()
        if not docs:
            return None
        last = max(docs, key=lambda d: d.doc_id)
        table.remove(doc_ids=[last.doc_id])
        return self._event(day, last)

    def _event(self, day: date, record: Mapping[str, Any]) -> Event:
        try:
            return Event.from_record(record)
        except ValueError as exc:
            raise StoreError(f"{self.root / day_relpath(day)}: {exc}") from None

    def day_events(self, day: date) -> list[Event]:
        return [self._event(day, r) for r in self.read_table(day_relpath(day), "events")]

    def events_between(self, start: date, end: date) -> list[Event]:
        """Events of the days from start to end inclusive; reads only those days' files."""
        events: list[Event] = []
        day = start
        while day <= end:
            events.extend(self.day_events(day))
            day += timedelta(days=1)
        return events

    def days_with_data(self) -> list[date]:
        days = []
        for path in sorted((self.root / "days").glob("*/*.json")):
            with contextlib.suppress(ValueError):
                days.append(date.fromisoformat(path.stem))
        return days

    # ----------------------------------------------------------------- targets
    def target_versions(self) -> list[TargetVersion]:
        return self.target_versions_signed()[0]

    def target_versions_signed(self) -> tuple[list[TargetVersion], Signature | None]:
        """The target versions and the signature of the file they were read from."""
        data, sig = self._load_signed("targets.json")
        raw = (data or {}).get("versions", {})
        records = [dict(doc, doc_id=int(key)) for key, doc in raw.items()]
        records.sort(key=lambda record: record["doc_id"])
        versions = []
        for record in records:
            try:
                versions.append(TargetVersion.from_record(record))
            except ValueError as exc:
                raise StoreError(f"{self.root / 'targets.json'}: {exc}") from None
        return versions, sig

    def add_target_version(self, version: TargetVersion) -> None:
        with self.transaction("targets.json") as db:
            db.table("versions").insert(version.to_record())

    def set_targets(
        self,
        effective: date,
        values: Mapping[str, int],
        *,
        weekday: int | None = None,
        source: str = "cli",
        set_at: datetime | None = None,
    ) -> TargetVersion:
        """Record new targets from ``effective`` on, built under the lock from the
        versions on disk (figures not named carry over); returns the version."""
        with self.transaction("targets.json") as db:
            table = db.table("versions")
            versions = []
            for record in table.all():
                try:
                    versions.append(TargetVersion.from_record(record))
                except ValueError as exc:
                    raise StoreError(f"{self.root / 'targets.json'}: {exc}") from None
            version = next_version(
                versions, effective, values, weekday=weekday, source=source, set_at=set_at
            )
            table.insert(version.to_record())
        return version

    def sync_config_targets(self, targets: Mapping[str, int], today: date) -> bool:
        """Record the config's targets as a version when they differ from the last
        one recorded from the config, effective today, so editing the config never
        rewrites the past. The very first version applies to all earlier days too."""

        def latest_config(records: Iterable[Mapping[str, Any]]) -> Mapping[str, Any] | None:
            found = None
            for record in records:
                if record.get("source") == "config":
                    found = record
            return found

        wanted = {k: int(v) for k, v in targets.items()}
        current = latest_config(self.read_table("targets.json", "versions"))
        if current is not None and current.get("values") == wanted:
            return False
        with self.transaction("targets.json") as db:
            table = db.table("versions")
            records = table.all()
            current = latest_config(records)
            if current is not None and current.get("values") == wanted:
                return False
            effective = today if records else date(1970, 1, 1)
            version = TargetVersion(effective=effective, values=wanted, source="config")
            table.insert(version.to_record())
        return True

    # ------------------------------------------------------------ weekly review
    def week_plan(self, year: int, week: int) -> WeekPlan:
        """The actions and focus decided at the review of that week."""
        from istui.domain.weekplan import ACTIONS_TABLE, FOCUS_TABLE, ReviewAction, WeekPlan

        relpath = week_relpath(year, week)
        actions = tuple(
            ReviewAction.from_record(r) for r in self.read_table(relpath, ACTIONS_TABLE)
        )
        focus = self.read_table(relpath, FOCUS_TABLE)
        last = focus[-1] if focus else {}
        return WeekPlan(
            actions=actions,
            focus_lists=str(last.get("lists") or ""),
            focus_approach=str(last.get("approach") or ""),
        )

    # Every save of a week's actions or focus stamps the week's plan with ``at``
    # (the caller's injected clock, as the forms stamp their records), so the
    # team merge can keep the copy of the review changed last.
    def add_action(self, year: int, week: int, action: ReviewAction, *, at: datetime) -> int:
        from istui.domain.weekplan import ACTIONS_TABLE

        _aware(at)
        with self.transaction(week_relpath(year, week)) as db:
            doc_id = int(db.table(ACTIONS_TABLE).insert(action.to_record()))
            _stamp_plan(db, at)
            return doc_id

    def update_action(self, year: int, week: int, action: ReviewAction, *, at: datetime) -> None:
        """Replace action ``action.id`` of that week; StoreError when it is gone."""
        from istui.domain.weekplan import ACTIONS_TABLE

        _aware(at)
        relpath = week_relpath(year, week)
        with self.transaction(relpath) as db:
            table = db.table(ACTIONS_TABLE)
            if not table.contains(doc_id=action.id):
                raise StoreError(f"{self.root / relpath}: no action {action.id}")
            table.update(action.to_record(), doc_ids=[action.id])
            _stamp_plan(db, at)

    def remove_action(self, year: int, week: int, action_id: int, *, at: datetime) -> None:
        from istui.domain.weekplan import ACTIONS_TABLE

        _aware(at)
        with self.transaction(week_relpath(year, week)) as db:
            table = db.table(ACTIONS_TABLE)
            if table.contains(doc_id=action_id):
                table.remove(doc_ids=[action_id])
                _stamp_plan(db, at)

    def set_focus(self, year: int, week: int, lists: str, approach: str, *, at: datetime) -> None:
        from istui.domain.weekplan import FOCUS_TABLE

        _aware(at)
        with self.transaction(week_relpath(year, week)) as db:
            table = db.table(FOCUS_TABLE)
            table.truncate()
            table.insert({"lists": lists, "approach": approach})
            _stamp_plan(db, at)

    def week_notes(self, days: Iterable[date]) -> list[DayNotes]:
        """Every mid-check and reflection of those days, read by the forms' own
        readers (one read of each day file)."""
        from istui.domain.notes import MIDCHECK_TABLE, REFLECTION_TABLE, read_day_notes

        found = []
        for day in days:
            tables = self.read_tables(day_relpath(day))
            found.append(
                read_day_notes(
                    day, tables.get(MIDCHECK_TABLE, ()), tables.get(REFLECTION_TABLE, ())
                )
            )
        return found

    # ----------------------------------------------------------------- backups
    def backups(self) -> list[str]:
        folder = self.root / "backups"
        if not folder.is_dir():
            return []
        return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))

    def dated_backups(self) -> list[str]:
        """The daily backups, oldest first (not the pre-restore ones, which hold
        whatever state a restore replaced, possibly the broken one)."""
        return [b for b in self.backups() if _BACKUP_NAME.match(b)]

    def _data_paths(self, base: Path) -> Iterator[Path]:
        for name in _DATA_ENTRIES:
            entry = base / name
            if entry.is_file():
                yield entry
            elif entry.is_dir():
                yield from (p for p in sorted(entry.rglob("*.json")) if p.is_file())

    def _snapshot(self, name: str) -> Path:
        """Copy the data files into backups/<name>.

        Never a hard link to a live file: a file changed in place (an editor
        saving a hard-linked file in place, a truncation) would change the backup
        with it, and that is exactly when the backup is needed. A file unchanged
        since the newest dated backup (same size and mtime; copies keep the
        mtime) is hard-linked to that backup's copy instead, so a daily backup
        costs only the files written since the day before.
        """
        folder = self.root / "backups"
        final = folder / name
        tmp = folder / f".tmp-{name}"
        import shutil  # only here and below: keeps `istui log` from importing it

        shutil.rmtree(tmp, ignore_errors=True)
        dated = self.dated_backups()
        previous = folder / dated[-1] if dated else None
        for path in self._data_paths(self.root):
            rel = path.relative_to(self.root)
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if previous is not None and _same_file(path, previous / rel):
                try:
                    os.link(previous / rel, target)
                    continue
                except OSError:
                    pass
            shutil.copy2(path, target)
        if not tmp.exists():
            tmp.mkdir(parents=True)
        os.replace(tmp, final)
        return final

    def _ensure_daily_backup(self) -> None:
        """Once a day, before the day's first change, keep a dated backup."""
        name = self._today().isoformat()
        if (self.root / "backups" / name).exists() or not (self.root / "days").exists():
            return
        self._snapshot(name)
        import shutil

        dated = self.dated_backups()
        for old in dated[: max(0, len(dated) - self.backups_kept)]:
            shutil.rmtree(self.root / "backups" / old, ignore_errors=True)

    def check_files(self) -> list[FileProblem]:
        """Every data file that cannot be read, for ``istui doctor``."""
        problems = []
        try:
            self.check_root()
        except StoreError as exc:
            return [FileProblem(self.root / "store.json", str(exc))]
        for path in self._data_paths(self.root):
            if path.name == "store.json":
                continue
            try:
                relpath = path.relative_to(self.root).as_posix()
                data = self._load(relpath)
                if relpath.startswith("days/") and data is not None:
                    day = date.fromisoformat(path.stem)
                    for record in self.read_table(relpath, "events"):
                        self._event(day, record)
                if relpath == "targets.json":
                    self.target_versions()  # a bad version stops every command
            except StoreError as exc:
                problems.append(FileProblem(path, str(exc)))
            except ValueError:
                problems.append(FileProblem(path, f"{path}: unexpected file name"))
        return problems

    def _backup_source(self, name: str) -> Path:
        source = self.root / "backups" / name
        # Only a listed backup: a name like "2026-11-20/../../days" must not make a
        # folder with no store in it the source (that would delete every file).
        if name not in self.backups() or not source.is_dir():
            raise StoreError(f"{source}: no such backup (see `istui doctor --list`)")
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(f"{self.root}: is a file; --db names a store folder")
        return source

    def _keep_current(self) -> str:
        """Snapshot the live state as pre-restore-<day>[-n]; returns its name."""
        # Named from the injected day, made unique: two restores in one second
        # used to collide and fail with a raw "Directory not empty" OSError.
        base = f"pre-restore-{self._today().isoformat()}"
        kept, n = base, 1
        while (self.root / "backups" / kept).exists():
            n += 1
            kept = f"{base}-{n}"
        self._snapshot(kept)
        return kept

    def _event_count(self, relpath: str) -> int | None:
        if not relpath.startswith("days/"):
            return None
        try:
            return len(self.read_table(relpath, "events"))
        except StoreError:
            return None

    def restore_plan(self, name: str) -> list[RestoreChange]:
        """What ``restore(name)`` would remove, replace or add, so the rep sees
        it before a whole-store rollback (a backfilled day made after the backup
        would otherwise vanish silently)."""
        source = self._backup_source(name)
        with os_errors(self.root):
            wanted = {p.relative_to(source).as_posix(): p for p in self._data_paths(source)}
            live = {p.relative_to(self.root).as_posix(): p for p in self._data_paths(self.root)}
            changes = []
            for rel in sorted(set(wanted) | set(live)):
                if rel not in wanted:
                    action = "remove"
                elif rel not in live:
                    action = "add"
                elif wanted[rel].read_bytes() != live[rel].read_bytes():
                    action = "replace"
                else:
                    continue
                changes.append(RestoreChange(rel, action, self._event_count(rel)))
        return changes

    def restore_broken(self, name: str) -> tuple[str | None, list[str], list[str]]:
        """Restore from backup ``name`` only the files that cannot be read now;
        every readable file (a day made after the backup) stays as it is.

        Returns (the pre-restore backup name or None when nothing was broken,
        the relpaths restored, the broken relpaths the backup does not hold).
        """
        source = self._backup_source(name)
        restored: list[str] = []
        missing: list[str] = []
        kept: str | None = None
        with os_errors(self.root), self._lock.held():
            # A broken store.json hides every other problem: check again after it.
            for _ in range(2):
                broken = [
                    p.path.relative_to(self.root).as_posix()
                    for p in self.check_files()
                    if p.path.is_relative_to(self.root)
                ]
                todo = [r for r in broken if r not in restored and r not in missing]
                if not todo:
                    break
                if kept is None and any((source / r).is_file() for r in todo):
                    kept = self._keep_current()
                for rel in todo:
                    if (source / rel).is_file():
                        atomic_write_bytes_from(source / rel, self.root / rel)
                        restored.append(rel)
                    else:
                        missing.append(rel)
        return kept, restored, missing

    def restore(self, name: str) -> str:
        """Make the store exactly as backup ``name`` was; the current state is kept
        first as a backup of its own, so a restore never loses anything."""
        source = self._backup_source(name)
        with os_errors(self.root), self._lock.held():
            kept = self._keep_current()
            wanted = {p.relative_to(source) for p in self._data_paths(source)}
            for path in list(self._data_paths(self.root)):
                if path.relative_to(self.root) not in wanted:
                    path.unlink()
            for rel in sorted(wanted):
                atomic_write_bytes_from(source / rel, self.root / rel)
        return kept


def _aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("timestamps must carry their UTC offset")


def _stamp_plan(db: Tables, at: datetime) -> None:
    """Record ``at`` as when the week's plan (actions, focus) last changed."""
    from istui.domain.reflection import CHANGED_FIELD
    from istui.domain.weekplan import CHANGED_TABLE

    table = db.table(CHANGED_TABLE)
    table.truncate()
    table.insert({CHANGED_FIELD: at.isoformat()})


def _new_file() -> dict[str, Any]:
    """A store file's content before its first document."""
    return {META_TABLE: {"1": {"format": FORMAT, "schema": SCHEMA_VERSION}}}


def _appended(file: DayFile | None, table: str, records: list[dict[str, Any]]) -> DayFile:
    """``file`` with ``records`` added to ``table`` under TinyDB's ids (one past
    the largest), as a new DayFile; ``file`` is left as it was.

    When the file's bytes are our own dump and ``table`` is its last table, the
    records are spliced in before the closing braces: the very bytes
    ``dump_json`` would give, without serialising the whole day again.
    """
    data = dict(file.data) if file is not None else _new_file()
    docs = dict(data.get(table, {}))
    first = max(map(int, docs), default=0) + 1
    added = {str(first + i): record for i, record in enumerate(records)}
    docs.update(added)
    data[table] = docs
    if (
        file is not None
        and file.canonical
        and table in file.data
        and next(reversed(file.data)) == table
    ):
        body = dump_json(added)[1:-1]  # '"7":{...},"8":{...}'
        raw = file.raw[:-2] + (b"," if file.data[table] else b"") + body + b"}}"
    else:
        raw = dump_json(data)
    return DayFile(raw, data, canonical=True)


@contextlib.contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Turn an OSError (disk full, permission, a path under a file) into a StoreError."""
    try:
        yield
    except StoreError:
        raise
    except OSError as exc:
        where = exc.filename or path
        raise StoreError(f"{where}: {exc.strerror or exc}") from None


def _same_file(live: Path, copy: Path) -> bool:
    """Whether a backup copy still holds a live file's content (size and mtime)."""
    try:
        a, b = live.stat(), copy.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def atomic_write_bytes_from(source: Path, target: Path) -> None:
    from istui.store.files import atomic_write_bytes

    atomic_write_bytes(target, source.read_bytes())
