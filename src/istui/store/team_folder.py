"""The team folder of istui 0.1 (before the team database): read to upgrade it.

The team store used to be a folder; ``team.TeamStore`` (SQLite) replaced it, and
``istui merge`` upgrades such a folder into the database losslessly
(``team_upgrade``). This module only reads one now. Layout of a team folder::

    team.json                  marker: format istui-team and schema version
    .lock                      held while a merge plans and writes
    index/                     a Store: reps.json (table reps: id, name, metrics, ...)
    reps/<rep_id>/             one ordinary Store per rep: the same day files as the
                               rep's own store (events, midchecks, reflection), plus
                               day_targets (the targets the rep had in force that day)
                               and supplied (the exported_at of the export whose events
                               the day holds: the newest that covered it; services/merge),
                               weeks/, targets.json and ids.json (event id -> day)

Why one Store per rep: each rep's data keeps exactly the shape of a rep's own
store, so anything that reads a rep's store (the weekly review) can read a
rep inside the team store; and every write goes through Store.transaction, so
the durability rules (lock, re-read, one atomic write) are the rep store's own.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

from istui.i18n import tr
from istui.store.files import FileLock, StoreError, check_marker, read_json
from istui.store.layout import (
    DAYS,
    LOCK,
    MARKER,
    REPS,
    REPS_TABLE,
    TEAM_INDEX,
    TEAM_MARKER,
    TEAM_REPS,
)
from istui.store.store import Store

TEAM_FORMAT = "istui-team"
TEAM_SCHEMA = 1


class TeamFolder:
    def __init__(self, root: Path, *, today: Callable[[], date]) -> None:
        self.root = Path(root)
        self._today = today
        self.index = Store(self.root / TEAM_INDEX, today=today)
        self.lock = FileLock(self.root / LOCK)

    def today(self) -> date:
        return self._today()

    @property
    def exists(self) -> bool:
        return (self.root / TEAM_MARKER).exists()

    def check(self, *, must_exist: bool) -> None:
        """Refuse a folder that is not a team store (a rep's own store above all)."""
        root = self.root
        if root.exists() and not root.is_dir():
            raise StoreError(tr("{path}: is a file; a team store is a folder", path=root))
        marker = root / TEAM_MARKER
        if marker.exists():
            check_marker(
                marker,
                read_json(marker),
                fmt=TEAM_FORMAT,
                schema_max=TEAM_SCHEMA,
                kind="team store",
            )
            return
        if (root / MARKER).exists():
            raise StoreError(tr("{path}: is a rep's own store, not a team store", path=root))
        if root.exists() and any(root.iterdir()):
            raise StoreError(
                tr(
                    "{path}: not an istui team store (no team.json); refusing to use it",
                    path=root,
                )
            )
        if must_exist:
            raise StoreError(
                tr("{path}: no team store yet (merge exports into it first)", path=root)
            )

    def rep_store(self, rep_id: str) -> Store:
        return Store(self.root / TEAM_REPS / rep_id, today=self._today)

    def reps(self) -> dict[str, dict[str, Any]]:
        """The reps index: rep id -> its record (name, metrics, calendar, ...)."""
        if not (self.root / TEAM_INDEX).exists():
            return {}
        return {
            str(r["rep_id"]): {k: v for k, v in r.items() if k != "doc_id"}
            for r in self.index.read_table(REPS, REPS_TABLE)
        }

    def weeks_with_data(self) -> list[tuple[int, int]]:
        """ISO weeks that have any merged day file, newest last."""
        weeks: set[tuple[int, int]] = set()
        for path in (self.root / TEAM_REPS).glob(f"*/{DAYS}/*/*.json"):
            try:
                year, week, _ = date.fromisoformat(path.stem).isocalendar()
            except ValueError:
                continue
            weeks.add((year, week))
        return sorted(weeks)
