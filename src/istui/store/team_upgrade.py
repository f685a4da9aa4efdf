"""Upgrading a team folder of istui 0.1 into the team database, losslessly.

``import_folder`` runs inside the first merge's transaction into the folder
(``TeamStore.merging``), under the folder's old lock: every day file, week
file and target version of every rep, and the reps index, become rows; a
merge killed during it leaves no database content behind (the transaction
never committed), and the folder itself is only read. Anything the folder
holds that this istui cannot read or place (a foreign table, a bad event, a
rep folder without an index record) refuses the upgrade, changing nothing.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING, Any

from istui.i18n import tr
from istui.store.files import StoreError
from istui.store.layout import (
    DAY_TARGETS_TABLE,
    DAYS,
    EVENTS_TABLE,
    IDS,
    MIDCHECK_TABLE,
    REFLECTION_TABLE,
    SUPPLIED_TABLE,
    TARGETS,
    TEAM_REPS,
    VERSIONS_TABLE,
    WEEKS,
)
from istui.store.team_folder import TeamFolder

if TYPE_CHECKING:
    from istui.store.team import TeamWriter

_DAY_TABLES = frozenset(
    {EVENTS_TABLE, DAY_TARGETS_TABLE, SUPPLIED_TABLE, MIDCHECK_TABLE, REFLECTION_TABLE}
)
#: What a rep folder may hold besides days/ and weeks/ (read or derived).
_REP_FILES = frozenset({"store.json", ".lock", "backups", TARGETS, IDS, DAYS, WEEKS})


def _key(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True, separators=(",", ":"))


def check_folder(root: Path, *, today: Callable[[], date]) -> None:
    """Refuse a team folder this istui cannot read (its marker, above all)."""
    TeamFolder(root, today=today).check(must_exist=True)


def _doc(docs: list[dict[str, Any]], path: Path, table: str) -> dict[str, Any]:
    if len(docs) != 1 or not isinstance(docs[0], dict):
        raise StoreError(
            tr(
                "{path}: table {table} should hold one record; cannot upgrade",
                path=path,
                table=table,
            )
        )
    return docs[0]


def import_folder(root: Path, writer: TeamWriter, *, today: Callable[[], date]) -> None:
    """Every record of the team folder into the database (see the module doc)."""
    from istui.store.team import DayRow

    folder = TeamFolder(root, today=today)
    folder.check(must_exist=True)
    with folder.lock.held():
        index = folder.reps()
        reps_dir = root / TEAM_REPS
        found = sorted(p.name for p in reps_dir.iterdir()) if reps_dir.is_dir() else []
        for name in found:
            if name not in index:
                raise StoreError(
                    tr(
                        "{path}: a rep folder the reps index does not name "
                        "(a merge of an earlier istui was interrupted?); cannot upgrade",
                        path=reps_dir / name,
                    )
                )
        for rep_id in sorted(index):
            record = index[rep_id]
            if not isinstance(record.get("exported_at_utc"), str):
                raise StoreError(
                    tr(
                        "{path}: reps index record of {rep} has no export time",
                        path=root,
                        rep=rep_id,
                    )
                )
            writer.put_rep(rep_id, record)
            _import_rep(folder, rep_id, writer, DayRow)


def _import_rep(folder: TeamFolder, rep_id: str, writer: TeamWriter, day_row: Any) -> None:
    from istui.domain.funnel import Event

    store = folder.rep_store(rep_id)
    base = store.root
    if not base.is_dir():
        return
    for entry in base.iterdir():
        if entry.name not in _REP_FILES:
            raise StoreError(tr("{path}: not part of a team folder; cannot upgrade", path=entry))
    rows = []
    events: list[tuple[str, str, str, str, str | None]] = []
    for path in sorted((base / DAYS).glob("*/*.json")):
        try:
            day = date.fromisoformat(path.stem)
        except ValueError:
            raise StoreError(tr("{path}: not a day file; cannot upgrade", path=path)) from None
        tables = store.read_tables(path.relative_to(base).as_posix())
        extra = set(tables) - _DAY_TABLES
        if extra:
            raise StoreError(
                tr(
                    "{path}: unknown table {table}; cannot upgrade",
                    path=path,
                    table=sorted(extra)[0],
                )
            )
        for record in tables.get(EVENTS_TABLE, []):
            try:
                event = Event.from_record(record)
            except ValueError as exc:
                raise StoreError(
                    tr("{path}: {problem}; cannot upgrade", path=path, problem=exc)
                ) from None
            if event.day != day:
                raise StoreError(
                    tr(
                        "{path}: event {event} of {day}; cannot upgrade",
                        path=path,
                        event=event.id,
                        day=event.day,
                    )
                )
            events.append(
                (event.id, day.isoformat(), str(record["at"]), event.kind, event.note or None)
            )
        row = day_row(day)
        if tables.get(DAY_TARGETS_TABLE):
            doc = _doc(tables[DAY_TARGETS_TABLE], path, DAY_TARGETS_TABLE)
            row.targets = doc.get("values")
            row.targets_at = doc.get("exported_at_utc")
        if tables.get(SUPPLIED_TABLE):
            row.supplied_at = _doc(tables[SUPPLIED_TABLE], path, SUPPLIED_TABLE).get(
                "exported_at_utc"
            )
        if MIDCHECK_TABLE in tables:
            row.midchecks = tables[MIDCHECK_TABLE]
        if REFLECTION_TABLE in tables:
            row.reflection = tables[REFLECTION_TABLE]
        rows.append(row)
    writer.put_days(rep_id, rows)
    writer.insert_events(rep_id, events)
    for path in sorted((base / WEEKS).glob("*.json")):
        tables = store.read_tables(path.relative_to(base).as_posix())
        if any(tables.values()):
            writer.put_week(rep_id, path.stem, tables)
    versions = [
        {k: v for k, v in doc.items() if k != "doc_id"}
        for doc in store.read_table(TARGETS, VERSIONS_TABLE)
    ]
    writer.add_versions(rep_id, {_key(v): v for v in versions})
