"""Mid-checks and the reflection in the day file (tables ``midchecks``, ``reflection``).

Drafts are stored as the same records as submitted forms (a draft is a
mid-check with status ``draft`` or a reflection not yet submitted), so
reopening a form continues exactly where the rep stopped, whatever killed the
app in between.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.funnel import MetricSet
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.targets import TargetVersion, targets_in_force, version_in_force
from istui.domain.today import DayView, build_day_view
from istui.store.files import StoreError
from istui.store.layout import MIDCHECK_TABLE, REFLECTION_TABLE, day_relpath
from istui.store.store import Store


def _midchecks(store: Store, day: date, records: list[dict[str, Any]]) -> list[MidCheck]:
    checks = []
    for record in records:
        try:
            checks.append(MidCheck.from_record(record))
        except ValueError as exc:
            raise StoreError(f"{store.root / day_relpath(day)}: {exc}") from None
    return sorted(checks, key=lambda c: c.slot)


def _reflection(store: Store, day: date, records: list[dict[str, Any]]) -> Reflection | None:
    if not records:
        return None
    try:
        return Reflection.from_record(records[-1])
    except ValueError as exc:
        raise StoreError(f"{store.root / day_relpath(day)}: {exc}") from None


def load_midchecks(store: Store, day: date) -> list[MidCheck]:
    """The day's mid-checks (drafts included), in slot order."""
    return _midchecks(store, day, store.read_table(day_relpath(day), MIDCHECK_TABLE))


def load_day_forms(store: Store, day: date) -> tuple[list[MidCheck], Reflection | None]:
    """Both forms of a day from one read of its file (the history list reads
    every day, so one parse per day instead of two)."""
    relpath = day_relpath(day)
    data = store._load(relpath) or {}
    tables = {}
    for name in (MIDCHECK_TABLE, REFLECTION_TABLE):
        raw = data.get(name, {})
        try:
            ordered = sorted(raw.items(), key=lambda item: int(item[0]))
        except ValueError:
            raise StoreError(
                f"{store.root / relpath}: table {name} has a bad document id"
            ) from None
        tables[name] = [dict(doc) for _, doc in ordered]
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


def apply_tomorrow_targets(store: Store, reflection: Reflection, tomorrow: date) -> bool:
    """Record the reflection's own targets for ``tomorrow`` as a single-day target
    version (metrics left blank keep the target otherwise in force), unless the
    version already in force there says the same. True when one was written."""
    if not reflection.tomorrow_targets:
        return False
    versions = store.target_versions()
    base = version_in_force([v for v in versions if not v.single_day], tomorrow)
    values = base.for_day(tomorrow) if base else {}
    values.update(reflection.tomorrow_targets)
    current = version_in_force(versions, tomorrow)
    if current is not None and current.single_day and current.for_day(tomorrow) == values:
        return False
    store.add_target_version(
        TargetVersion(
            effective=tomorrow,
            values=values,
            single_day=True,
            source="reflection",
            set_at=reflection.changed_at,
        )
    )
    return True


def day_view_for(
    store: Store,
    metrics: MetricSet,
    hours: WorkHours,
    calendar: WorkCalendar,
    day: date,
    now: datetime,
) -> DayView:
    """Any day's figures, judged against the target in force on that day."""
    targets = targets_in_force(store.target_versions(), day, calendar)
    return build_day_view(store.day_events(day), metrics, targets, hours, calendar, day, now)


@dataclass(frozen=True)
class DayRecord:
    """Everything the day-history screen shows for one day."""

    view: DayView
    midchecks: list[MidCheck]
    reflection: Reflection | None


def day_record(
    store: Store,
    metrics: MetricSet,
    hours: WorkHours,
    calendar: WorkCalendar,
    day: date,
    now: datetime,
) -> DayRecord:
    checks, reflection = load_day_forms(store, day)
    return DayRecord(
        view=day_view_for(store, metrics, hours, calendar, day, now),
        midchecks=checks,
        reflection=reflection,
    )
