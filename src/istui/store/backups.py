"""Taking and listing a store's backups: backups/<name>/ holds a copy of every
data file (see ``layout.DATA_ENTRIES``).

Functions of a store folder rather than methods: the write machinery in
``core`` takes the day's backup before the day's first change, and the doctor
(``doctor``) lists and copies backups back; both call these.
"""

from __future__ import annotations

import os
import re
from collections.abc import Iterator
from datetime import date
from pathlib import Path

from istui.store.append import fsync_dir
from istui.store.files import atomic_write_bytes
from istui.store.layout import BACKUPS, DATA_ENTRIES
from istui.store.pending import ABSENT, PENDING_PREFIX, pending_folder

_BACKUP_NAME = re.compile(r"^\d{4}-\d{2}-\d{2}$")


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
    """The data files of the store (or backup) at ``base``."""
    for name in DATA_ENTRIES:
        entry = base / name
        if entry.is_file():
            yield entry
        elif entry.is_dir():
            yield from (p for p in sorted(entry.rglob("*.json")) if p.is_file())


def snapshot(root: Path, name: str, *, noted: Path | None = None) -> Path:
    """Copy the data files into backups/<name>.

    Never a hard link to a live file: a file changed in place (an editor
    saving a hard-linked file in place, a truncation) would change the backup
    with it, and that is exactly when the backup is needed. A file unchanged
    since the newest dated backup (same size and mtime; copies keep the
    mtime) is hard-linked to that backup's copy instead, so a daily backup
    costs only the files written since the day before.

    ``noted``: a pending folder (see ``pending``) whose files are the versions
    to keep instead of the live ones, and whose ``.absent`` markers name live
    files to leave out (made after the backup's moment).
    """
    folder = root / BACKUPS
    final = folder / name
    tmp = folder / f".tmp-{name}"
    import shutil  # only here and below: keeps `istui log` from importing it

    shutil.rmtree(tmp, ignore_errors=True)
    dated = dated_backups(root)
    previous = folder / dated[-1] if dated else None
    for path in data_paths(root):
        rel = path.relative_to(root)
        target = tmp / rel
        if noted is not None:
            kept = noted / rel
            if kept.with_name(kept.name + ABSENT).exists():
                continue
            if kept.is_file():
                target.parent.mkdir(parents=True, exist_ok=True)
                if kept.stat().st_ino == path.stat().st_ino:
                    shutil.copy2(path, target)  # the write after the note never landed
                else:
                    os.link(kept, target)  # a replaced version: nothing writes to it
                continue
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
    snapshot(root, name, noted=pending)
    fsync_dir(str(root / BACKUPS))
    shutil.rmtree(pending, ignore_errors=True)
    dated = dated_backups(root)
    for old in dated[: max(0, len(dated) - kept)]:
        shutil.rmtree(root / BACKUPS / old, ignore_errors=True)


def _same_file(live: Path, copy: Path) -> bool:
    """Whether a backup copy still holds a live file's content (size and mtime)."""
    try:
        a, b = live.stat(), copy.stat()
    except OSError:
        return False
    return a.st_size == b.st_size and a.st_mtime_ns == b.st_mtime_ns


def copy_back(source: Path, target: Path) -> None:
    """Put a backup's copy of a file in place, atomically."""
    atomic_write_bytes(target, source.read_bytes())
