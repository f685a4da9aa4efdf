"""What `istui doctor` does with a store: list its backups, find the files that
cannot be read, and restore from a backup (the broken files only, or all).

Built on every reader (events, targets): a file counts as readable only when
the commands that read it would not stop on it.
"""

from __future__ import annotations

import os
import time
from dataclasses import dataclass
from datetime import date
from pathlib import Path

from istui.i18n import tr
from istui.store.backups import backup_files, backup_names, copy_back, data_paths, snapshot
from istui.store.backups import dated_backups as _dated_backups
from istui.store.core import os_errors
from istui.store.deals import DealsMixin
from istui.store.events import EventsMixin
from istui.store.files import TEMP_NAME, StoreError
from istui.store.layout import BACKUPS, DEALS, EVENTS_TABLE, MARKER, TARGETS, is_day_relpath
from istui.store.status_cache import drop_status
from istui.store.targets import TargetsMixin


@dataclass(frozen=True)
class FileProblem:
    path: Path
    message: str


#: A temp file younger than this may belong to a write under way in a process
#: that does not hold the lock yet (the merge's batched writes take seconds):
#: doctor leaves it alone. A killed write's temp file is older.
STALE_TEMP_SECONDS = 15 * 60


@dataclass(frozen=True)
class TempFiles:
    """The temp files killed writes left in the store: removed, and left alone
    (too recent to be sure no write is under way)."""

    removed: list[Path]
    recent: list[Path]


@dataclass(frozen=True)
class RestoreChange:
    """One file a whole-store restore would change, told to the rep first:
    ``action`` is "remove" (made after the backup), "replace" or "add";
    ``events`` the events the live file holds now (None: not a day file, or
    unreadable)."""

    relpath: str
    action: str
    events: int | None


class DoctorMixin(EventsMixin, TargetsMixin, DealsMixin):
    """The store's backups, its unreadable files, and restores."""

    def backups(self) -> list[str]:
        return backup_names(self.root)

    def dated_backups(self) -> list[str]:
        """The daily backups, oldest first (not the pre-restore ones, which hold
        whatever state a restore replaced, possibly the broken one)."""
        return _dated_backups(self.root)

    def check_files(self) -> list[FileProblem]:
        """Every data file that cannot be read, for ``istui doctor``."""
        problems = []
        try:
            self.check_root()
        except StoreError as exc:
            return [FileProblem(self.root / MARKER, str(exc))]
        for path in data_paths(self.root):
            if path.name == MARKER:
                continue
            try:
                relpath = path.relative_to(self.root).as_posix()
                data = self._load(relpath)
                if is_day_relpath(relpath) and data is not None:
                    day = date.fromisoformat(path.stem)
                    for record in self.read_table(relpath, EVENTS_TABLE):
                        self._event(day, record)
                if relpath == TARGETS:
                    self.target_versions()  # a bad version stops every command
                if relpath == DEALS:
                    self.deal_records()
            except StoreError as exc:
                problems.append(FileProblem(path, str(exc)))
            except ValueError:
                problems.append(FileProblem(path, f"{path}: unexpected file name"))
        return problems

    def clean_temp_files(self, *, now: float | None = None) -> TempFiles:
        """Remove the store's stale temp files (istui's own pattern only, older than
        STALE_TEMP_SECONDS), holding the store lock so no write of ours is between
        its temp file and its rename meanwhile."""
        if not (self.root / MARKER).is_file():  # not a store: touch nothing in it
            return TempFiles([], [])
        removed: list[Path] = []
        recent: list[Path] = []
        with os_errors(self.root), self._lock.held():
            moment = time.time() if now is None else now
            for path in sorted(self.root.rglob("*.tmp")):
                if not TEMP_NAME.match(path.name) or path.is_symlink() or not path.is_file():
                    continue
                if moment - os.lstat(path).st_mtime < STALE_TEMP_SECONDS:
                    recent.append(path)
                    continue
                path.unlink()
                removed.append(path)
        return TempFiles(removed, recent)

    def _backup_source(self, name: str) -> Path:
        source = self.root / BACKUPS / name
        # Only a listed backup: a name like "2026-11-20/../../days" must not make a
        # folder with no store in it the source (that would delete every file).
        if name not in self.backups() or not source.is_dir():
            raise StoreError(tr("{path}: no such backup (see `istui doctor --list`)", path=source))
        if self.root.exists() and not self.root.is_dir():
            raise StoreError(tr("{path}: is a file; --db names a store folder", path=self.root))
        return source

    def _keep_current(self) -> str:
        """Snapshot the live state as pre-restore-<day>[-n]; returns its name."""
        # Named from the injected day, made unique: two restores in one second
        # used to collide and fail with a raw "Directory not empty" OSError.
        base = f"pre-restore-{self._today().isoformat()}"
        kept, n = base, 1
        while (self.root / BACKUPS / kept).exists():
            n += 1
            kept = f"{base}-{n}"
        snapshot(self.root, kept)
        return kept

    def _event_count(self, relpath: str) -> int | None:
        if not is_day_relpath(relpath):
            return None
        try:
            return len(self.read_table(relpath, EVENTS_TABLE))
        except StoreError:
            return None

    def restore_plan(self, name: str) -> list[RestoreChange]:
        """What ``restore(name)`` would remove, replace or add, so the rep sees
        it before a whole-store rollback (a backfilled day made after the backup
        would otherwise vanish silently)."""
        self._backup_source(name)
        with os_errors(self.root):
            wanted = backup_files(self.root, name)
            live = {p.relative_to(self.root).as_posix(): p for p in data_paths(self.root)}
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
        self._backup_source(name)
        restored: list[str] = []
        missing: list[str] = []
        kept: str | None = None
        with os_errors(self.root), self._lock.held():
            held = backup_files(self.root, name)
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
                if kept is None and any(r in held for r in todo):
                    kept = self._keep_current()
                for rel in todo:
                    if rel in held:
                        copy_back(held[rel], self.root / rel)
                        restored.append(rel)
                    else:
                        missing.append(rel)
            if restored:
                drop_status(str(self.root))
        return kept, restored, missing

    def restore(self, name: str) -> str:
        """Make the store exactly as backup ``name`` was; the current state is kept
        first as a backup of its own, so a restore never loses anything."""
        self._backup_source(name)
        with os_errors(self.root), self._lock.held():
            wanted = backup_files(self.root, name)  # (refused before anything changes)
            kept = self._keep_current()
            for path in list(data_paths(self.root)):
                if path.relative_to(self.root).as_posix() not in wanted:
                    path.unlink()
            for rel in sorted(wanted):
                copy_back(wanted[rel], self.root / rel)
            drop_status(str(self.root))
        return kept
