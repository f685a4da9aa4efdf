"""The day's backup, noted on the hot path and taken off it.

A dated backup holds the store as it was before the day's first change. Taking
it used to sit in front of that change, costing one stat and link per file of
history (and a copy of each when no earlier backup existed). Now the write
path only *notes* what the backup must hold: before a file is replaced while
today's backup is not yet taken, its current version is hard-linked into
``backups/.pending-<day>/`` (files are only ever replaced whole, so that inode
is the file's old content and nothing writes to it again), or an empty
``<relpath>.absent`` marks a file that did not exist yet. That is O(1) and
durable (the folder is fsynced). ``backups.complete_daily_backup`` then builds
``backups/<day>/`` from the live files with the noted ones put back, under the
store's lock, wherever nobody waits for it (the lean `istui log` in a detached
child once its line is printed; the TUI in a worker thread once the key's
handler has returned, see ``StoreBase.backup_runner``; the store right after
the write otherwise). It holds only what changed since the newest earlier
backup (see ``backups``).

Only ``os``: the lean `istui log` calls ``note_change``.
"""

from __future__ import annotations

import os

from istui.store.append import fsync_dir
from istui.store.layout import BACKUPS, DAYS

PENDING_PREFIX = ".pending-"
ABSENT = ".absent"


def pending_folder(root: str, day: str) -> str:
    return os.path.join(root, BACKUPS, PENDING_PREFIX + day)


def _make_dirs(folder: str) -> None:
    """mkdir -p, fsyncing the parent of every folder it creates."""
    missing = []
    probe = folder
    while not os.path.isdir(probe):
        missing.append(probe)
        probe = os.path.dirname(probe)
    for created in reversed(missing):
        os.mkdir(created)
        fsync_dir(os.path.dirname(created))


def note_change(root: str, day: str, relpath: str) -> bool:
    """Before ``relpath`` is replaced (under the lock): keep what today's backup
    must hold of it, unless that backup is taken. True: a backup is due."""
    if os.path.isdir(os.path.join(root, BACKUPS, day)):
        return False
    if not os.path.isdir(os.path.join(root, DAYS)):
        return False  # a new store: nothing to back up yet (as before)
    target = os.path.join(pending_folder(root, day), relpath)
    if os.path.exists(target) or os.path.exists(target + ABSENT):
        return True  # the day's first version of this file is kept already
    folder = os.path.dirname(target)
    _make_dirs(folder)
    try:
        os.link(os.path.join(root, relpath), target)
    except FileNotFoundError:
        os.close(os.open(target + ABSENT, os.O_WRONLY | os.O_CREAT, 0o644))
    fsync_dir(folder)
    return True
