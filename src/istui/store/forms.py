"""Mid-checks and the reflection in the day file (tables ``midchecks``, ``reflection``).

Drafts are stored as the same records as submitted forms (a draft is a
mid-check with status ``draft`` or a reflection not yet submitted), so
reopening a form continues exactly where the rep stopped, whatever killed the
app in between.

Only the reading and writing of the two tables; the use cases over them (a
day's record, tomorrow's targets from a reflection) are ``services.forms``.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from istui.domain.reflection import MidCheck, Reflection
from istui.store.files import parsed, parsed_all
from istui.store.layout import MIDCHECK_TABLE, REFLECTION_TABLE, day_relpath
from istui.store.store import Store


def _midchecks(store: Store, day: date, records: list[dict[str, Any]]) -> list[MidCheck]:
    checks = parsed_all(MidCheck.from_record, records, store.root / day_relpath(day))
    return sorted(checks, key=lambda c: c.slot)


def _reflection(store: Store, day: date, records: list[dict[str, Any]]) -> Reflection | None:
    if not records:
        return None
    return parsed(Reflection.from_record, records[-1], store.root / day_relpath(day))


def load_midchecks(store: Store, day: date) -> list[MidCheck]:
    """The day's mid-checks (drafts included), in slot order."""
    return _midchecks(store, day, store.read_table(day_relpath(day), MIDCHECK_TABLE))


def load_day_forms(store: Store, day: date) -> tuple[list[MidCheck], Reflection | None]:
    """Both forms of a day from one read of its file (the history list reads
    every day, so one parse per day instead of two)."""
    tables = store.read_tables(day_relpath(day), (MIDCHECK_TABLE, REFLECTION_TABLE))
    return _midchecks(store, day, tables[MIDCHECK_TABLE]), _reflection(
        store, day, tables[REFLECTION_TABLE]
    )


def save_midcheck(store: Store, day: date, check: MidCheck) -> None:
    """Insert or replace the day's check for ``check.slot`` (one small write)."""
    record = check.validated().to_record()
    with store.transaction(day_relpath(day)) as db:
        table = db.table(MIDCHECK_TABLE)
        ids = [doc.doc_id for doc in table.all() if doc.get("slot") == check.slot]
        if ids:
            table.update(record, doc_ids=ids[:1])
            if len(ids) > 1:
                table.remove(doc_ids=ids[1:])
        else:
            table.insert(record)


def load_reflection(store: Store, day: date) -> Reflection | None:
    return _reflection(store, day, store.read_table(day_relpath(day), REFLECTION_TABLE))


def save_reflection(store: Store, reflection: Reflection) -> None:
    """Write the day's one reflection record (a draft or a submitted one)."""
    record = reflection.validated().to_record()
    with store.transaction(day_relpath(reflection.day)) as db:
        table = db.table(REFLECTION_TABLE)
        table.truncate()
        table.insert(record)
