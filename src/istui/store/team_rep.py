"""One rep inside the team database, read as a rep's own store (read-only).

The weekly review reads a rep's store (its day files, week files and target
versions); ``TeamRepStore`` gives it the same tables built from the team
database's rows, so the lead sees a rep's week exactly as the rep's own
review shows it. Every write is refused: the team store changes only by a
merge.
"""

from __future__ import annotations

import contextlib
import re
from collections.abc import Iterator
from datetime import date
from typing import TYPE_CHECKING, Any

from istui.i18n import tr
from istui.store.core import FORMAT, SCHEMA_VERSION, DayFile
from istui.store.files import Signature, StoreError
from istui.store.layout import (
    DAY_TARGETS_TABLE,
    EVENTS_TABLE,
    META_TABLE,
    MIDCHECK_TABLE,
    ONE_ON_ONE_TABLE,
    REFLECTION_TABLE,
    SUPPLIED_TABLE,
    TARGETS,
    TEAM_REPS,
    VERSIONS_TABLE,
)
from istui.store.store import Store

if TYPE_CHECKING:
    from pathlib import Path

    from istui.store.team import TeamStore

_DAY = re.compile(r"^days/\d{4}/(\d{4}-\d{2}-\d{2})\.json$")
_WEEK = re.compile(r"^weeks/(\d{4}-W\d{2})\.json$")


def _as_file(tables: dict[str, list[Any]]) -> dict[str, Any]:
    data: dict[str, Any] = {META_TABLE: {"1": {"format": FORMAT, "schema": SCHEMA_VERSION}}}
    for name, docs in tables.items():
        data[name] = {str(i): dict(doc) for i, doc in enumerate(docs, 1)}
    return data


class TeamRepStore(Store):
    """A read-only view of one rep in the team database, shaped as a rep store."""

    def __init__(self, team: TeamStore, rep_id: str) -> None:
        super().__init__(team.root / TEAM_REPS / rep_id, today=team.today)
        self.team = team
        self.rep_id = rep_id

    def check_root(self) -> None:
        return None

    def _tables(self, relpath: str) -> dict[str, list[Any]] | None:
        day = _DAY.match(relpath)
        if day:
            when = date.fromisoformat(day.group(1))
            rows = self.team.day_rows(self.rep_id, when, when)
            events = self.team.events_by_day(self.rep_id, when, when).get(when, [])
            row = rows.get(when)
            if row is None and not events:
                return None
            tables: dict[str, list[Any]] = {EVENTS_TABLE: events} if events else {}
            if row is not None:
                if row.targets is not None:
                    tables[DAY_TARGETS_TABLE] = [
                        {"values": row.targets, "exported_at_utc": row.targets_at}
                    ]
                if row.midchecks is not None:
                    tables[MIDCHECK_TABLE] = row.midchecks
                if row.reflection is not None:
                    tables[REFLECTION_TABLE] = row.reflection
                if row.supplied_at is not None:
                    tables[SUPPLIED_TABLE] = [{"exported_at_utc": row.supplied_at}]
            return tables
        week = _WEEK.match(relpath)
        if week:
            found = self.team.week_tables(self.rep_id, week.group(1))
            talk = self.team.one_on_one(self.rep_id, week.group(1))
            if talk is not None:
                found[ONE_ON_ONE_TABLE] = [talk]
            return found or None
        if relpath == TARGETS:
            versions = self.team.target_versions(self.rep_id)
            return {VERSIONS_TABLE: versions} if versions else None
        return None

    def _read_file(self, path: Path) -> tuple[DayFile | None, Signature | None]:
        relpath = path.relative_to(self.root).as_posix()
        tables = self._tables(relpath)
        if tables is None:
            return None, None
        # No file behind it: the database's state is the signature (it changes
        # only by a merge, which a running view does not see until reopened).
        return DayFile(b"", _as_file(tables), canonical=False), (0, 0, 0)

    def signature(self, relpath: str) -> Signature | None:
        return (0, 0, 0) if self._tables(relpath) is not None else None

    @contextlib.contextmanager
    def _locked(self, relpath: str) -> Iterator[None]:
        # Every write of a store goes through here.
        raise StoreError(
            tr(
                "{path}: the team store is read-only here (only a merge writes)",
                path=self.team.root,
            )
        )
        yield  # pragma: no cover

    def days_with_data(self) -> list[date]:
        return self.team.days_of(self.rep_id)
