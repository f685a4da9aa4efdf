"""Taking, listing and reading a store's backups.

Two kinds live under ``backups/``:

- **Daily backups** ``backups/<day>/`` (see ``complete_daily_backup``): the
  store as it was before the day's first change, stored *incrementally*. The
  folder holds only the files that changed since the newest earlier daily
  backup, plus ``.manifest``, a JSON map of *every* data file of that day's
  state to ``[holder, mtime_ns, size]``: ``holder`` is the backup folder that
  holds the bytes (this one, or an earlier daily backup; always the folder
  itself, never a chain to walk), and the signature is that copy's (copies
  keep the live file's mtime). Building one stats the live files and compares
  each with the newest backup's manifest: an unchanged file is one manifest
  entry, a changed one a copy (or a hard link to the version noted in
  ``backups/.pending-<day>/``, see ``pending``). So a backup after one changed
  day file creates two files, whatever the history.
- **Self-contained backups**: the pre-restore ones ``doctor`` makes, and daily
  backups made before the manifest (no ``.manifest``): every data file is in
  the folder (hard-linked to an earlier backup's copy when unchanged).

``backup_files`` resolves either kind to the full set of files, which is all a
restore reads. Pruning (``backups_kept``) never drops a file a kept backup
still needs: before an old backup is removed, every file a kept manifest
takes from it is hard-linked into the oldest kept backup that needs it and the
manifests that named it are rewritten (atomically) to name that one.

Functions of a store folder rather than methods: the write machinery in
``core`` notes the day's backup before the day's first change and builds it
after, and the doctor (``doctor``) lists and copies backups back.
"""

from __future__ import annotations

import json
import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from istui.i18n import tr
from istui.store.append import fsync_dir, write_durable
from istui.store.files import StoreError, atomic_write_bytes
from istui.store.layout import BACKUPS, DATA_ENTRIES
from istui.store.pending import ABSENT, PENDING_PREFIX, pending_folder

_BACKUP_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")
#: In a daily backup: every file of its state, and which backup holds it.
MANIFEST = ".manifest"
_MANIFEST_VERSION = 1

#: relpath -> (holder backup name, mtime_ns, size)
Entries = dict[str, tuple[str, int, int]]


def backup_names(root: Path) -> list[str]:
    """Every backup of the store at ``root``, dated and pre-restore, sorted."""
    folder = root / BACKUPS
    if not folder.is_dir():
        return []
    return sorted(p.name for p in folder.iterdir() if p.is_dir() and not p.name.startswith("."))


def dated_backups(root: Path) -> list[str]:
    """The daily backups, oldest first (not the pre-restore ones, which hold
    whatever state a restore replaced, possibly the broken one)."""
    return [b for b in backup_names(root) if _BACKUP_NAME.match(b)]


def data_paths(base: Path) -> Iterator[Path]:
    """The data files of the store (or self-contained backup) at ``base``."""
    for name in DATA_ENTRIES:
        entry = base / name
        if entry.is_file():
            yield entry
        elif entry.is_dir():
            yield from (p for p in sorted(entry.rglob("*.json")) if p.is_file())


def read_manifest(root: Path, name: str) -> Entries | None:
    """A daily backup's manifest; None for a self-contained backup."""
    path = root / BACKUPS / name / MANIFEST
    try:
        raw = path.read_bytes()
    except FileNotFoundError:
        return None
    try:
        data = json.loads(raw)
        if data.get("version") != _MANIFEST_VERSION:
            raise ValueError(data.get("version"))
        return {
            str(rel): (str(holder), int(mtime), int(size))
            for rel, (holder, mtime, size) in data["files"].items()
        }
    except (ValueError, TypeError, KeyError, AttributeError):
        raise StoreError(
            tr("{path}: not a backup manifest this istui can read", path=path)
        ) from None


def _manifest_bytes(entries: Entries) -> bytes:
    files = {rel: list(entries[rel]) for rel in sorted(entries)}
    return json.dumps(
        {"version": _MANIFEST_VERSION, "files": files}, separators=(",", ":")
    ).encode()


def backup_files(root: Path, name: str) -> dict[str, Path]:
    """Every data file of backup ``name`` (relpath -> the copy that holds it),
    resolved through its manifest when it has one."""
    folder = root / BACKUPS / name
    entries = read_manifest(root, name)
    if entries is None:
        return {p.relative_to(folder).as_posix(): p for p in data_paths(folder)}
    files = {}
    for rel, (holder, _, _) in sorted(entries.items()):
        held = root / BACKUPS / holder / rel
        if not _BACKUP_NAME.match(holder) or not held.is_file():
            raise StoreError(tr("{path}: needs {held}, which is gone", path=folder, held=held))
        files[rel] = held
    return files


def _signed(root: Path, name: str) -> Entries:
    """A backup's files with their holders and signatures (a manifest's, or
    stat'ed for a self-contained backup); nothing when it cannot be read (the
    next backup is then a whole copy)."""
    try:
        entries = read_manifest(root, name)
    except StoreError:
        return {}
    if entries is not None:
        return entries
    signed: Entries = {}
    for rel, path in backup_files(root, name).items():
        st = path.stat()
        signed[rel] = (name, st.st_mtime_ns, st.st_size)
    return signed


def snapshot(root: Path, name: str) -> Path:
    """Copy the live data files into a self-contained backups/<name> (the
    pre-restore backups).

    Never a hard link to a live file: a file changed in place (an editor
    saving a hard-linked file in place, a truncation) would change the backup
    with it, and that is exactly when the backup is needed. A file unchanged
    since the newest daily backup (same size and mtime; copies keep the
    mtime) is hard-linked to that backup's copy instead.
    """
    import shutil  # only here and below: keeps `istui log` from importing it

    folder = root / BACKUPS
    final, tmp = folder / name, folder / f".tmp-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    dated = dated_backups(root)
    previous = _signed(root, dated[-1]) if dated else {}
    for path in data_paths(root):
        rel = path.relative_to(root).as_posix()
        target = tmp / rel
        target.parent.mkdir(parents=True, exist_ok=True)
        held = previous.get(rel)
        st = path.stat()
        if held is not None and held[1:] == (st.st_mtime_ns, st.st_size):
            try:
                os.link(folder / held[0] / rel, target)
                continue
            except OSError:
                pass
        shutil.copy2(path, target)
    tmp.mkdir(parents=True, exist_ok=True)
    os.replace(tmp, final)
    return final


def _walk(base: str, rel: str) -> Iterator[tuple[str, str]]:
    """The ``*.json`` files under folder ``base/rel`` as (relpath, path), by
    ``os.scandir`` (no Path per file: this runs over the whole history)."""
    with os.scandir(os.path.join(base, rel)) as entries:
        for entry in entries:
            name = f"{rel}/{entry.name}"
            if entry.is_dir(follow_symlinks=False):
                yield from _walk(base, name)
            elif entry.name.endswith(".json") and entry.is_file():
                yield name, entry.path


def _live_files(root: Path) -> Iterator[tuple[str, str]]:
    """``data_paths(root)`` as (relpath, path)."""
    for name in DATA_ENTRIES:
        path = os.path.join(root, name)
        if os.path.isfile(path):
            yield name, path
        elif os.path.isdir(path):
            yield from _walk(str(root), name)


def _daily(root: Path, name: str, noted: Path) -> tuple[Path, int]:
    """Build daily backup ``name`` (see the module's docstring) from the live
    files, with the versions noted in ``noted`` put back and the files it marks
    absent left out. Returns the folder and how many files it created."""
    import shutil

    folder = root / BACKUPS
    final, tmp = folder / name, folder / f".tmp-{name}"
    shutil.rmtree(tmp, ignore_errors=True)
    tmp.mkdir(parents=True)
    dated = [d for d in dated_backups(root) if d < name]
    previous = _signed(root, dated[-1]) if dated else {}
    kept: dict[str, str] = {}  # relpath -> the version noted before the day's first change
    absent: set[str] = set()
    for path in noted.rglob("*") if noted.is_dir() else ():
        rel = path.relative_to(noted).as_posix()
        if rel.endswith(ABSENT):
            absent.add(rel[: -len(ABSENT)])
        elif path.is_file():
            kept[rel] = str(path)
    entries: Entries = {}
    created = 0
    for rel, live in _live_files(root):
        if rel in absent:
            continue  # made after the backup's moment
        st = os.stat(live)
        if rel in kept:
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            if os.stat(kept[rel]).st_ino == st.st_ino:
                shutil.copy2(live, target)  # the write after the note never landed
            else:
                os.link(kept[rel], target)  # a replaced version: nothing writes to it
        else:
            held = previous.get(rel)
            if held is not None and held[1:] == (st.st_mtime_ns, st.st_size):
                entries[rel] = held  # unchanged since the newest backup
                continue
            target = tmp / rel
            target.parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(live, target)
        copy = target.stat()
        entries[rel] = (name, copy.st_mtime_ns, copy.st_size)
        created += 1
    with open(tmp / MANIFEST, "wb") as out:
        out.write(_manifest_bytes(entries))
        out.flush()
        os.fsync(out.fileno())
    os.replace(tmp, final)
    return final, created + 1


def _prune(root: Path, kept: int) -> None:
    """Keep the ``kept`` newest daily backups; what a kept one takes from a
    removed one is moved into it first (hard links, then its manifest)."""
    import shutil

    folder = root / BACKUPS
    dated = dated_backups(root)
    excess = dated[: max(0, len(dated) - kept)]
    if not excess:
        return
    remaining = dated[len(excess) :]
    try:
        manifests = {n: read_manifest(root, n) for n in remaining}
    except StoreError:
        return  # what a kept backup needs is unknown: remove nothing

    for old in excess:
        # the oldest kept backup that needs each of old's files takes it over
        taker: dict[str, str] = {}
        for n in remaining:
            entries = manifests[n]
            if entries is None:
                continue
            linked: set[Path] = set()
            changed = False
            for rel, (holder, mtime, size) in entries.items():
                if holder != old:
                    continue
                if rel not in taker:
                    taker[rel] = n
                    target = folder / n / rel
                    if not target.exists():
                        target.parent.mkdir(parents=True, exist_ok=True)
                        os.link(folder / old / rel, target)
                        linked.add(target.parent)
                entries[rel] = (taker[rel], mtime, size)
                changed = True
            if changed:
                for parent in sorted(linked):  # the links, then the manifest naming them
                    fsync_dir(str(parent))
                # (never deferred with a batch of store writes: old goes next)
                write_durable(str(folder / n / MANIFEST), _manifest_bytes(entries))
        shutil.rmtree(folder / old, ignore_errors=True)


def complete_daily_backup(root: Path, today: date, kept: int) -> None:
    """Take today's backup from what ``pending.note_change`` noted (call it under
    the store's lock): the live files, with each noted file's version from
    before the day's first change put back and each file made today left out;
    then keep only the ``kept`` newest dated backups. Nothing when it is taken."""
    import shutil

    name = today.isoformat()
    pending = Path(pending_folder(str(root), name))
    # a note of an earlier day whose backup was never built (the machine went
    # down first): that day has passed, and today's note is what counts now
    for stale in (root / BACKUPS).glob(f"{PENDING_PREFIX}*"):
        if stale.name < pending.name:
            shutil.rmtree(stale, ignore_errors=True)
    if (root / BACKUPS / name).exists():
        shutil.rmtree(pending, ignore_errors=True)
        return
    if not pending.is_dir():
        return
    _daily(root, name, pending)
    fsync_dir(str(root / BACKUPS))
    shutil.rmtree(pending, ignore_errors=True)
    _prune(root, kept)


def copy_back(source: Path, target: Path) -> None:
    """Put a backup's copy of a file in place, atomically."""
    atomic_write_bytes(target, source.read_bytes())
