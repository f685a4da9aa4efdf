"""The day file's append path in its leanest form: the bytes, the durable
write and the event id, shared by the store (``events``, ``files``) and the
lean `istui log` (``istui.lean``), so there is one copy of each; and the
bounded read of a small JSON file that the caches (``status_cache``,
``holiday_cache``) share.

Only ``os`` and ``json``: `istui log` runs from dialer hooks and imports this
module and nothing else of the store's machinery.
"""

from __future__ import annotations

import json
import os
import sys

from istui.store.layout import META_TABLE, STORE_FORMAT, STORE_SCHEMA

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms on `istui log`
if TYPE_CHECKING:
    from typing import Any

_O_BINARY = getattr(os, "O_BINARY", 0)  # Windows: no newline translation


def dump_json(data: Any) -> bytes:
    """A store file's bytes: compact UTF-8 JSON (every store file is written so)."""
    return json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")


def new_file() -> dict[str, Any]:
    """A store file's content before its first document."""
    return {META_TABLE: {"1": {"format": STORE_FORMAT, "schema": STORE_SCHEMA}}}


def spliced(raw: bytes, table_had_records: bool, added: dict[str, Any]) -> bytes:
    """``raw`` (this store's own dump of a file whose last table is the one
    written) with the records ``added`` ({id: record}) put in that table: the
    very bytes ``dump_json`` would give for the whole file, without dumping it."""
    body = dump_json(added)[1:-1]  # '"7":{...},"8":{...}'
    return raw[:-2] + (b"," if table_had_records else b"") + body + b"}}"


def new_event_id() -> str:
    """A random event id, as ``uuid.uuid4().hex`` (whose import costs ~3 ms)."""
    b = bytearray(os.urandom(16))
    b[6] = (b[6] & 0x0F) | 0x40  # version 4
    b[8] = (b[8] & 0x3F) | 0x80  # RFC 4122 variant
    return b.hex()


def fsync_dir(folder: str) -> None:
    if sys.platform == "win32":  # pragma: no cover - directories cannot be fsynced there
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def create_temp(path: str, mode: int = 0o600) -> tuple[int, str]:
    """A new temp file next to ``path``, private unless ``mode`` says otherwise
    (like tempfile.mkstemp, whose import costs ~5 ms on every `istui log`)."""
    folder, name = os.path.split(path)
    for _ in range(100):
        tmp = os.path.join(folder, f".{name}.{os.urandom(6).hex()}.tmp")
        try:
            return os.open(tmp, os.O_WRONLY | os.O_CREAT | os.O_EXCL | _O_BINARY, mode), tmp
        except FileExistsError:
            continue
    raise FileExistsError(f"{folder}: no free temp file name")


def read_small_json(path: str, most: int) -> dict[str, Any] | None:
    """The JSON object in ``path``, or None when the file is missing or
    unreadable, over ``most`` bytes, not UTF-8 JSON, nested too deep, or not an
    object: what a cache reads, which is never an error (it is computed again)."""
    try:
        with open(path, "rb") as handle:
            raw = handle.read(most + 1)
    except OSError:
        return None
    if len(raw) > most:
        return None
    try:
        data = json.loads(raw.decode("utf-8"))
    except (ValueError, RecursionError):  # (UnicodeDecodeError is a ValueError)
        return None
    return data if isinstance(data, dict) else None


def write_durable(
    path: str, data: bytes, *, sync_folder: bool = True, sync: bool = True, mode: int = 0o600
) -> None:
    """Replace ``path`` with ``data`` atomically and durably: temp file, flush,
    fsync, ``os.replace``, folder fsync (the folder exists; ``sync_folder``
    False: the caller fsyncs it). ``sync`` False: atomic only, for a file that
    is checked before it is trusted (the status cache)."""
    fd, tmp = create_temp(path, mode)
    try:
        with os.fdopen(fd, "wb") as handle:
            handle.write(data)
            if sync:
                handle.flush()
                os.fsync(handle.fileno())
        os.replace(tmp, path)
    except BaseException:
        try:  # noqa: SIM105 (contextlib costs ~1 ms on `istui log`)
            os.unlink(tmp)
        except OSError:
            pass
        raise
    if sync and sync_folder:
        fsync_dir(os.path.dirname(path) or ".")
