"""Atomic file writes and the cross-process lock.

Every write goes to a temp file in the same folder, is flushed and fsynced,
then os.replace'd over the old file, and the folder is fsynced: a process
killed at any instant leaves either the old file or the new one.
"""

from __future__ import annotations

import contextlib
import contextvars
import json
import os
import re
import sys
import weakref
from collections.abc import Callable, Iterable, Iterator
from pathlib import Path
from typing import Any, TypeVar

from istui.i18n import os_reason, tr
from istui.store.append import create_temp, fsync_dir, write_durable
from istui.store.append import dump_json as dump_json  # a store file's bytes


class StoreError(Exception):
    """A store problem, phrased as the one line the user sees (it names the file)."""


T = TypeVar("T")


def parsed(parse: Callable[[Any], T], record: Any, path: Path) -> T:
    """``parse(record)``; a record it refuses (ValueError) is a StoreError
    naming the file the record came from."""
    try:
        return parse(record)
    except ValueError as exc:
        raise StoreError(f"{path}: {exc}") from None


def parsed_all(parse: Callable[[Any], T], records: Iterable[Any], path: Path) -> list[T]:
    """Every record of ``path`` parsed, in order (see ``parsed``)."""
    return [parsed(parse, record, path) for record in records]


def _fsync_dir(folder: Path) -> None:
    fsync_dir(str(folder))


#: The name of every temp file ``_create_temp`` makes: ".<target name>.<12 hex>.tmp".
#: A write killed between its create and its rename leaves one behind;
#: `istui doctor` removes those (only those, and only old ones).
TEMP_NAME = re.compile(r"^\..+\.[0-9a-f]{12}\.tmp$")


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new private temp file next to ``path`` (see ``append.create_temp``)."""
    fd, tmp = create_temp(str(path))
    return fd, Path(tmp)


def make_dirs(folder: Path) -> None:
    """mkdir -p, fsyncing the parent of every folder it creates: a new folder's
    entry (days/2027/, a new store) is not durable until its parent is synced,
    and a file inside it is lost with it."""
    missing = []
    probe = folder
    while not probe.exists():
        missing.append(probe)
        probe = probe.parent
    if not missing:
        return
    folder.mkdir(parents=True, exist_ok=True)
    for created in reversed(missing):
        _fsync_dir(created.parent)


#: Writes waiting for one durable commit (see ``deferred_writes``), by absolute path.
_PENDING: contextvars.ContextVar[dict[Path, bytes] | None] = contextvars.ContextVar(
    "istui_pending_writes", default=None
)


def _key(path: Path) -> Path:
    return Path(os.path.abspath(path))


@contextlib.contextmanager
def deferred_writes() -> Iterator[None]:
    """Many atomic writes, one durable commit: for the team merge's hundreds of files,
    where an fsync per file would cost seconds.

    Inside the block, writes are held in memory (reads see them); at the end every
    file is written to its temp file, ``os.sync`` makes all the data durable, then
    each temp file is renamed over its target and a second sync makes the renames
    durable. So each file is still either wholly old or wholly new after a crash,
    exactly as with ``atomic_write_bytes``. If the block raises, nothing is written.
    """
    if _PENDING.get() is not None:  # nested: join the outer batch
        yield
        return
    pending: dict[Path, bytes] = {}
    token = _PENDING.set(pending)
    try:
        yield
    finally:
        _PENDING.reset(token)
    _commit(pending)


def _commit(pending: dict[Path, bytes]) -> None:
    if not pending:
        return
    if not hasattr(os, "sync"):  # pragma: no cover - Windows: one fsync per file
        for path, data in pending.items():
            atomic_write_bytes(path, data)
        return
    temps: list[tuple[Path, Path]] = []
    try:
        for path, data in pending.items():
            make_dirs(path.parent)
            fd, tmp = _create_temp(path)
            temps.append((tmp, path))
            with os.fdopen(fd, "wb") as handle:
                handle.write(data)
        os.sync()
        for tmp, path in temps:
            os.replace(tmp, path)
        temps = []
        os.sync()
    finally:
        for tmp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(tmp)


def atomic_write_bytes(path: Path, data: bytes) -> None:
    pending = _PENDING.get()
    if pending is not None:
        pending[_key(path)] = data
        return
    make_dirs(path.parent)
    write_durable(str(path), data, sync_folder=False)
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dump_json(data))


#: A cheap fingerprint of a file (mtime ns, size, inode): every write replaces
#: the file with a new one, so a write by any process changes it.
Signature = tuple[int, int, int]


def signature_of(st: os.stat_result) -> Signature:
    return (st.st_mtime_ns, st.st_size, st.st_ino)


def read_json(path: Path) -> Any:
    """Parse a JSON file; every way it can be unreadable becomes a StoreError."""
    return read_json_signed(path)[0]


def check_marker(
    marker: Path,
    meta: Any,
    *,
    fmt: str,
    schema_max: int,
    kind: str = "store",
    schema_name: str = "schema",
) -> None:
    """Refuse a store marker that is foreign, has no schema, or comes from a newer
    istui. One check for the rep's store and the team store (``kind`` names it)."""
    if not isinstance(meta, dict) or meta.get("format") != fmt:
        if kind == "team store":
            raise StoreError(tr("{path}: not an istui team store marker", path=marker))
        raise StoreError(tr("{path}: not an istui store marker", path=marker))
    schema = meta.get("schema")
    if not isinstance(schema, int):
        raise StoreError(tr("{path}: no schema version", path=marker))
    if schema > schema_max:
        raise StoreError(
            tr(
                "{path}: written by a newer istui ({name} {schema}, this one reads up to "
                "{most}); upgrade istui",
                path=marker,
                name=schema_name,
                schema=schema,
                most=schema_max,
            )
        )


def read_json_signed(path: Path) -> tuple[Any, Signature | None]:
    """Parse a JSON file and give the signature of exactly the file read (fstat of
    the open file, so a replace between a stat and the read cannot mismatch them).

    The signature is None for a write still pending in ``deferred_writes``.
    """
    raw, sig = read_bytes_signed(path)
    return parse_json(path, raw), sig


def read_bytes_signed(path: Path) -> tuple[bytes, Signature | None]:
    """A file's bytes and the signature of exactly the file read (see
    ``read_json_signed``); FileNotFoundError passes through, any other way the
    file cannot be read is a StoreError naming it."""
    pending = _PENDING.get()
    if pending and _key(path) in pending:
        return pending[_key(path)], None
    try:
        with open(path, "rb") as handle:
            return handle.read(), signature_of(os.fstat(handle.fileno()))
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(
            tr("{path}: cannot read: {reason}", path=path, reason=os_reason(exc))
        ) from None


def parse_json(path: Path, raw: bytes) -> Any:
    """Parse the bytes read from ``path``; every way they can be unreadable
    becomes a StoreError naming the file."""
    if not raw.strip():
        raise StoreError(
            tr("{path}: empty file ({size} bytes); see `istui doctor`", path=path, size=len(raw))
        )
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(tr("{path}: not UTF-8 text; see `istui doctor`", path=path)) from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            tr(
                "{path}: corrupt JSON at line {line} column {column}; see `istui doctor`",
                path=path,
                line=exc.lineno,
                column=exc.colno,
            )
        ) from None
    except RecursionError:
        raise StoreError(
            tr("{path}: nested too deeply to be an istui file; see `istui doctor`", path=path)
        ) from None
    except ValueError:  # a number of more than 4300 digits
        raise StoreError(
            tr("{path}: holds a number too long to read; see `istui doctor`", path=path)
        ) from None


class FileLock:
    """An exclusive cross-process lock on a file (fcntl.flock; msvcrt on Windows).

    Re-entrant within one process so nested store operations do not deadlock.
    The lock file stays open for the lock's life (opening it per write cost a
    path walk and two syscalls on every logged dial); it is still locked and
    unlocked around each use. If the file was deleted or replaced meanwhile, a
    lock on the old one would exclude nobody, so after locking it is checked to
    still be the file at ``path`` and reopened if not.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None  # the open lock file, locked or not
        self._locked = False
        self._depth = 0
        self._finalizer: weakref.finalize[[int], FileLock] | None = None
        self._pid = os.getpid()

    @contextlib.contextmanager
    def held(self) -> Iterator[None]:
        if self._depth == 0:
            self._acquire()
        self._depth += 1
        try:
            yield
        finally:
            self._depth -= 1
            if self._depth == 0:
                self._release()

    def _open(self) -> int:
        if self._fd is not None and self._pid != os.getpid():
            # Inherited through fork: the parent's flock is on the same open file,
            # so locking it here would exclude nobody. Drop this copy (closing it
            # leaves the parent's lock alone; unlocking it would not) and reopen.
            if self._finalizer is not None:
                self._finalizer.detach()
            os.close(self._fd)
            self._fd, self._finalizer, self._locked, self._depth = None, None, False, 0
        if self._fd is None:
            make_dirs(self.path.parent)
            self._fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            self._pid = os.getpid()
            self._finalizer = weakref.finalize(self, os.close, self._fd)
        return self._fd

    def close(self) -> None:
        """Close the lock file (it is reopened on the next use)."""
        if self._depth:
            raise RuntimeError(f"{self.path}: closing a lock that is held")
        if self._finalizer is not None:
            self._finalizer()  # closes the fd, once
        self._fd, self._finalizer = None, None

    def _same_file(self, fd: int) -> bool:
        try:
            on_disk = os.stat(self.path)
        except FileNotFoundError:
            return False
        held = os.fstat(fd)
        return (on_disk.st_dev, on_disk.st_ino) == (held.st_dev, held.st_ino)

    def _acquire(self) -> None:
        for _ in range(100):
            fd = self._open()
            try:
                _set_lock(fd, held=True)
            except BaseException:
                self.close()
                raise
            if self._same_file(fd):
                self._locked = True
                return
            _set_lock(fd, held=False)
            self.close()
        raise StoreError(tr("{path}: the lock file keeps being replaced", path=self.path))

    def _release(self) -> None:
        if not self._locked or self._fd is None:
            return
        self._locked = False
        try:
            _set_lock(self._fd, held=False)
        except BaseException:
            self.close()  # closing the file releases the lock too
            raise


def _set_lock(fd: int, *, held: bool) -> None:
    """Take (``held``) or give back the exclusive lock on the open file ``fd``."""
    if sys.platform == "win32":  # pragma: no cover
        import msvcrt

        os.lseek(fd, 0, os.SEEK_SET)
        msvcrt.locking(fd, msvcrt.LK_LOCK if held else msvcrt.LK_UNLCK, 1)
    else:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX if held else fcntl.LOCK_UN)


def writes_deferred() -> bool:
    """Whether writes are being held for one commit (see ``deferred_writes``)."""
    return _PENDING.get() is not None
