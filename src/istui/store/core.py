"""The store's core: the marker check, reading and checking a file, and the
transaction and lock machinery every write goes through.

Every read-modify-write runs under the cross-process lock and re-reads the file
under it; every write is atomic (see ``files``): files are only ever replaced
whole, never changed in place. The jobs built on this (events, targets, week
plans, backups and the doctor) each live in their own module; ``store.Store``
puts them together.
"""

from __future__ import annotations

import contextlib
import os
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

from istui.i18n import os_reason, tr
from istui.store.append import new_file as new_file  # (events uses it from here)
from istui.store.backups import complete_daily_backup
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
from istui.store.layout import BACKUPS, LOCK, MARKER, META_TABLE, STORE_FORMAT, STORE_SCHEMA
from istui.store.pending import note_change
from istui.store.tables import Tables

SCHEMA_VERSION = STORE_SCHEMA
FORMAT = STORE_FORMAT
#: Another process writing the marker right now (see files._create_temp).
_MARKER_TEMP = re.compile(rf"^\.{re.escape(MARKER)}\.[0-9a-f]{{12}}\.tmp$")


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


class StoreBase:
    """A store folder: its marker, its files read and checked, and the one way
    to change a file (``transaction``). The job modules build on this."""

    def __init__(
        self,
        root: Path,
        *,
        today: Callable[[], date] | None = None,
        backups_kept: int = 28,
        on_create: Callable[[Path], None] | None = None,
    ) -> None:
        self.root = Path(root)
        #: Told the store folder once, when this store writes its marker (a new
        #: store): the CLI says so on stderr, so a mistyped path is noticed.
        self.on_create = on_create
        self._today = today or date.today
        self.backups_kept = backups_kept
        self._lock = FileLock(self.root / LOCK)
        #: Signature of store.json when it was last checked: a write re-reads and
        #: re-checks it only when it changed (it is written once per store).
        self._checked_marker: Signature | None = None
        #: Computes the status cache's figures (``store.Store.publish_status``);
        #: set by whoever knows the config (None: no cache is written).
        self.status_hook: Any = None
        #: Given the day's backup build when a write notes one due, to run it
        #: where nobody waits (the TUI: a worker thread once the key's handler has
        #: returned); None: built right after the write, in this thread.
        self.backup_runner: Callable[[Callable[[], None]], None] | None = None

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
                if signature_of(os.stat(self.root / MARKER)) == self._checked_marker:
                    return
            except OSError:
                pass
            self._checked_marker = None
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(tr("{path}: is a file; --db names a store folder", path=self.root))
        marker = self.root / MARKER
        if not marker.exists():
            # A new store holds only these until its marker lands; ".store.json.…tmp"
            # is another process writing that marker right now (seen outside the
            # lock, this check would otherwise refuse a store being created).
            foreign = self.root.exists() and any(
                p.name not in (LOCK, BACKUPS) and not _MARKER_TEMP.match(p.name)
                for p in self.root.iterdir()
            )
            # Another process may have landed the marker (and written after it)
            # between the exists() above and the listing: look again first.
            if foreign and marker.exists():
                return self.check_root()
            if foreign:
                raise StoreError(
                    tr(
                        "{path}: not an istui store (no store.json); refusing to use it",
                        path=self.root,
                    )
                )
            return
        meta, marker_signature = read_json_signed(marker)
        check_marker(marker, meta, fmt=FORMAT, schema_max=SCHEMA_VERSION)
        self._checked_marker = marker_signature

    def _ensure_root(self) -> None:
        self.check_root()
        marker = self.root / MARKER
        if self._checked_marker is None and not marker.exists():
            self.root.mkdir(parents=True, exist_ok=True)
            atomic_write_json(
                marker,
                {"format": FORMAT, "schema": SCHEMA_VERSION, "created": self._today().isoformat()},
            )
            if self.on_create is not None:
                self.on_create(self.root)

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
            raise StoreError(tr("{path}: not an istui store file (unexpected shape)", path=path))
        for name, table in data.items():
            # TinyDB needs whole-number ids and dict documents; anything else would
            # crash later with a traceback, or be written back as if it were ours.
            for key, doc in table.items():
                if not key.isdecimal() or not isinstance(doc, dict):
                    raise StoreError(
                        tr(
                            "{path}: table {table} has a bad document {key!r}",
                            path=path,
                            table=name,
                            key=key,
                        )
                    )
        meta = data.get(META_TABLE)
        if not meta:
            raise StoreError(
                tr(
                    "{path}: not an istui store file (no {table} table)",
                    path=path,
                    table=META_TABLE,
                )
            )
        record = next(iter(meta.values()))
        schema = record.get("schema") if isinstance(record, dict) else None
        if not isinstance(schema, int):
            raise StoreError(tr("{path}: no schema version", path=path))
        if schema > SCHEMA_VERSION:
            raise StoreError(
                tr(
                    "{path}: written by a newer istui (schema {schema} > {most}); upgrade istui",
                    path=path,
                    schema=schema,
                    most=SCHEMA_VERSION,
                )
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

    def read_tables(
        self, relpath: str, names: tuple[str, ...] | None = None
    ) -> dict[str, list[dict[str, Any]]]:
        """Tables of one file, documents without ids: ``names`` (a missing one
        empty), or every table but the meta table (for exports, which carry
        tables they do not interpret). One read of the file for them all."""
        data = self._load(relpath) or {}
        chosen = (
            names if names is not None else [name for name in sorted(data) if name != META_TABLE]
        )
        tables: dict[str, list[dict[str, Any]]] = {}
        for name in chosen:
            try:
                ordered = sorted(data.get(name, {}).items(), key=lambda item: int(item[0]))
            except ValueError:
                raise StoreError(
                    tr(
                        "{path}: table {table} has a bad document id",
                        path=self.root / relpath,
                        table=name,
                    )
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
                data = new_file()
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
                self._status_written(relpath, storage.data)

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
                due = note_change(str(self.root), self._today().isoformat(), relpath)
            yield
            if due:
                if self.backup_runner is not None:
                    self.backup_runner(self.complete_backup_elsewhere)
                else:
                    self.complete_backup()

    def complete_backup(self) -> None:
        """Take today's backup if a write noted one due (see ``pending``). The
        write it follows has landed: a failure here must not report that write
        as failed, so it is left for the next write (or `istui doctor`) to take."""
        with contextlib.suppress(OSError, StoreError), self._lock.held():
            complete_daily_backup(self.root, self._today(), self.backups_kept)

    def complete_backup_elsewhere(self) -> None:
        """``complete_backup`` from another thread: under a lock of its own (an
        open file of its own, so the flock excludes this process's writes too;
        ``FileLock`` counts re-entry per object, not per thread)."""
        lock = FileLock(self.root / LOCK)
        try:
            with contextlib.suppress(OSError, StoreError), lock.held():
                complete_daily_backup(self.root, self._today(), self.backups_kept)
        finally:
            lock.close()

    def _status_written(
        self, relpath: str | None, data: dict[str, Any] | None, events: Any = None
    ) -> None:
        """Called under the lock after every write (``relpath`` written with
        ``data``, whose events are ``events`` when the writer has them parsed
        already): brings the status cache up to date (see ``store.Store``)."""

    def signature(self, relpath: str) -> Signature | None:
        """A cheap fingerprint of one file, to notice writes by other processes."""
        try:
            st = os.stat(os.path.join(self.root, relpath))  # (no Path: runs on every key)
        except FileNotFoundError:
            return None
        return signature_of(st)


@contextlib.contextmanager
def os_errors(path: Path) -> Iterator[None]:
    """Turn an OSError (disk full, permission, a path under a file) into a StoreError."""
    try:
        yield
    except StoreError:
        raise
    except OSError as exc:
        where = exc.filename or path
        raise StoreError(tr("{path}: {reason}", path=where, reason=os_reason(exc))) from None
