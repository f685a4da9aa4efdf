"""Phase 3 of the merge, the apply: write every file the plan changed, each
through Store.transaction (under the rep store's lock, atomically), tables in
a fixed order so the files do not depend on the order the exports came in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, datetime

from istui.domain.team import canonical
from istui.services.merge.plan import MergePlan
from istui.store.layout import (
    DAY_TARGETS_TABLE,
    EVENTS_TABLE,
    IDS,
    IDS_TABLE,
    META_TABLE,
    NOTE_TABLES,
    SUPPLIED_TABLE,
    TARGETS,
    VERSIONS_TABLE,
    day_relpath,
    week_relpath,
)


def _event_order(record: Mapping[str, str]) -> tuple[datetime, str]:
    return (datetime.fromisoformat(record["at"]), record["id"])


def apply_plan(plan: MergePlan) -> None:
    """Write every changed file, each atomically; tables in a fixed order so the
    files do not depend on the order the exports came in."""
    team = plan.team
    team.ensure()
    for rep_id in sorted(plan.reps):
        rep = plan.reps[rep_id]
        changed_days = sorted(d for d, s in rep.days.items() if s.changed)
        for day in changed_days:
            state = rep.days[day]
            with rep.store.transaction(day_relpath(day)) as db:
                for name in (EVENTS_TABLE, DAY_TARGETS_TABLE, *NOTE_TABLES, SUPPLIED_TABLE):
                    db.drop(name)
                events = sorted(state.events.values(), key=_event_order)
                if events:
                    db.table(EVENTS_TABLE).insert_multiple(events)
                if state.targets is not None:
                    db.table(DAY_TARGETS_TABLE).insert(state.targets)
                for name in NOTE_TABLES:
                    records = state.notes[name]
                    if records:
                        db.table(name).insert_multiple(records)
                if state.supplied_recorded and state.supplied is not None:
                    db.table(SUPPLIED_TABLE).insert({"exported_at_utc": state.supplied})
        for label in sorted(rep.changed_weeks):
            tables = rep.weeks[label] or {}
            with rep.store.transaction(week_relpath(int(label[:4]), int(label[6:]))) as db:
                for name in sorted(db.names()):
                    if name != META_TABLE:
                        db.drop(name)
                for name in sorted(tables):
                    if tables[name]:
                        db.table(name).insert_multiple(tables[name])
        if changed_days:
            by_day: dict[date, list[str]] = {}
            for ev_id, day in rep.ids.items():
                by_day.setdefault(day, []).append(ev_id)
            with rep.store.transaction(IDS) as db:
                db.drop(IDS_TABLE)
                db.table(IDS_TABLE).insert_multiple(
                    [{"day": d.isoformat(), "ids": sorted(by_day[d])} for d in sorted(by_day)]
                )
        if rep.versions_changed:
            ordered = sorted(
                rep.versions.values(),
                key=lambda v: (str(v.get("set_at") or ""), str(v.get("effective")), canonical(v)),
            )
            with rep.store.transaction(TARGETS) as db:
                db.drop(VERSIONS_TABLE)
                db.table(VERSIONS_TABLE).insert_multiple(ordered)
    if plan.index_changed:
        team.write_reps(plan.index)
