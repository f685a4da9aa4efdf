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
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any


class StoreError(Exception):
    """A store problem, phrased as the one line the user sees (it names the file)."""


def _fsync_dir(folder: Path) -> None:
    if sys.platform == "win32":  # pragma: no cover - directories cannot be fsynced there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def _create_temp(path: Path) -> tuple[int, Path]:
    """A new private temp file next to ``path`` (like tempfile.mkstemp, whose
    import costs ~5 ms on every `istui log`)."""
    for _ in range(100):
        tmp = path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, 0o600), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{path.parent}: no free temp file name")


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
    fd, tmp = _create_temp(path)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            handle.flush()
            os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        with contextlib.suppress(OSError):
            os.unlink(tmp)
        raise
    _fsync_dir(path.parent)


def atomic_write_text(path: Path, text: str) -> None:
    atomic_write_bytes(path, text.encode("utf-8"))


def dump_json(data: Any) -> bytes:
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_bytes(path, dump_json(data))


def read_json(path: Path) -> Any:
    """Parse a JSON file; every way it can be unreadable becomes a StoreError."""
    pending = _PENDING.get()
    try:
        raw = pending[_key(path)] if pending and _key(path) in pending else path.read_bytes()
    except FileNotFoundError:
        raise
    except OSError as exc:
        raise StoreError(f"{path}: cannot read: {exc.strerror}") from None
    if not raw.strip():
        raise StoreError(f"{path}: empty file ({len(raw)} bytes); see `istui doctor`")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise StoreError(f"{path}: not UTF-8 text; see `istui doctor`") from None
    except json.JSONDecodeError as exc:
        raise StoreError(
            f"{path}: corrupt JSON at line {exc.lineno} column {exc.colno}; see `istui doctor`"
        ) from None


class FileLock:
    """An exclusive cross-process lock on a file (fcntl.flock; msvcrt on Windows).

    Re-entrant within one process so nested store operations do not deadlock.
    """

    def __init__(self, path: Path) -> None:
        self.path = path
        self._fd: int | None = None
        self._depth = 0

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

    def _acquire(self) -> None:
        make_dirs(self.path.parent)
        fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
        try:
            if sys.platform == "win32":  # pragma: no cover
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_LOCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_EX)
        except BaseException:
            os.close(fd)
            raise
        self._fd = fd

    def _release(self) -> None:
        fd, self._fd = self._fd, None
        if fd is None:
            return
        try:
            if sys.platform == "win32":  # pragma: no cover
                import msvcrt

                msvcrt.locking(fd, msvcrt.LK_UNLCK, 1)
            else:
                import fcntl

                fcntl.flock(fd, fcntl.LOCK_UN)
        finally:
            os.close(fd)
