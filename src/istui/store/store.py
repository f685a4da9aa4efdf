"""The rep's store: one small TinyDB file per day, plus a few small files.

The folder's layout (which file holds what, and every table name) is in
``layout``. ``Store`` is assembled from one mixin per job, each in its own
module over the shared core (``core``: the marker, reading a file, and the
transaction and lock every write goes through):

- ``events``: logging and undoing events, reading them by day;
- ``targets``: the target versions;
- ``weekplans``: the weekly review's plan and the week's notes;
- ``deals``: the 商談 each booked meeting becomes, and its steps;
- ``months``: the monthly review's words;
- ``doctor``: backups, unreadable files and restores (``backups`` takes them).
"""

from __future__ import annotations

import contextlib
import os
from collections.abc import Sequence
from datetime import date
from typing import Any

from istui.domain.funnel import Event
from istui.domain.targets import TargetVersion
from istui.store.core import SCHEMA_VERSION, DayFile
from istui.store.doctor import DoctorMixin, FileProblem, RestoreChange
from istui.store.events import DaySnapshot
from istui.store.files import Signature, dump_json, writes_deferred
from istui.store.layout import (
    EVENTS_TABLE,
    MARKER,
    MIDCHECK_TABLE,
    REFLECTION_TABLE,
    TARGETS,
    day_relpath,
    week_relpath,
)
from istui.store.months import MonthsMixin
from istui.store.status_cache import drop_status, file_signature, write_status
from istui.store.weekplans import WeekPlansMixin

__all__ = [
    "SCHEMA_VERSION",
    "DayFile",
    "DaySnapshot",
    "FileProblem",
    "RestoreChange",
    "Store",
]


class Store(DoctorMixin, WeekPlansMixin, MonthsMixin):
    """The one interface to a rep's (or a team's) data on disk."""

    _status_versions: tuple[Signature | None, list[TargetVersion]] | None = None

    # Days and weeks by name, not by file: what the use cases call, so that no
    # layer above the store spells a path or a table name.

    def day_signature(self, day: date) -> Signature | None:
        """A cheap fingerprint of the day's file (None: no file), to notice writes."""
        return self.signature(day_relpath(day))

    def targets_signature(self) -> Signature | None:
        """A cheap fingerprint of the target versions' file (None: no file)."""
        return self.signature(TARGETS)

    def day_notes(self, day: date) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
        """The day's mid-check and reflection records as stored, without ids (what
        an export carries; empty lists when there are none)."""
        tables = self.read_tables(day_relpath(day))
        return tables.get(MIDCHECK_TABLE, []), tables.get(REFLECTION_TABLE, [])

    def week_review_tables(self, year: int, week: int) -> dict[str, list[dict[str, Any]]]:
        """Every table of the week's review, by name, documents without ids. The
        names (actions, focus, changed) are the keys the export carries them under."""
        return self.read_tables(week_relpath(year, week))

    def add_day_events(self, day: date, events: Sequence[Event]) -> None:
        """Write ``events`` to the day as they are, in one write (the demo's history)."""
        with self.transaction(day_relpath(day)) as db:
            db.table(EVENTS_TABLE).insert_multiple([e.to_record() for e in events])

    def _status_written(
        self,
        relpath: str | None,
        data: dict[str, Any] | None,
        events: tuple[Event, ...] | None = None,
    ) -> None:
        """Bring the status cache up to date after a write (under the lock).

        The day's events come from the data just written when today's file is
        the one written (no second read); the targets are read again only when
        their file changed. Whatever goes wrong here, the write itself stands:
        the cache is removed instead, and `istui status` reads the store.
        """
        hook = self.status_hook
        if hook is None or writes_deferred():
            return
        root = str(self.root)
        try:
            today = self._today()
            today_rel = day_relpath(today)
            canonical = relpath == today_rel and data is not None
            if not canonical:  # another file written, or a refresh: read today's
                file, _ = self._read_file(self.root / today_rel)
                data = None if file is None else file.data
                canonical = file is not None and dump_json(file.data) == file.raw
            if events is None or relpath != today_rel:
                events = self._events_of(today, data)
            append = None
            # the lean `istui log` may splice its event into bytes that are this
            # store's own dump (as both write paths leave them) with events last
            if canonical and data and next(reversed(data)) == EVENTS_TABLE:
                ids = [int(key) for key in data[EVENTS_TABLE]]
                append = {"next_id": max(ids, default=0) + 1, "has_events": bool(ids)}
            targets_sig = self.signature(TARGETS)
            memo = self._status_versions
            if memo is None or memo[0] != targets_sig or targets_sig is None:
                versions, read_sig = self.target_versions_signed()
                memo = self._status_versions = (read_sig, versions)
            figures, line, config_sig = hook(today, events, memo[1])
            sig = {
                "day": file_signature(os.path.join(root, today_rel)),
                "targets": None if memo[0] is None else list(memo[0]),
                "marker": file_signature(os.path.join(root, MARKER)),
                **config_sig,
            }
            cache = {"day": today.isoformat(), "sig": sig, "append": append, **figures}
            write_status(root, cache, line)
        except Exception:
            with contextlib.suppress(OSError):
                drop_status(root)

    def refresh_status(self) -> None:
        """Write the status cache now (under the lock), as a write would: `istui
        status` does it when it found the cache stale (a new day, an edited
        config), so the next call reads it. Nothing when there is no store yet."""
        if self.status_hook is None or not (self.root / MARKER).exists():
            return
        with contextlib.suppress(OSError), self._lock.held():
            self._status_written(None, None)
