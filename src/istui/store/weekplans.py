"""The weekly review's plan in the week files (actions, focus, and when the
plan last changed), and the week's notes read from its day files.

Every save of a week's actions or focus stamps the week's plan with ``at``
(the caller's injected clock, as the forms stamp their records), so the team
merge can keep the copy of the review changed last.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from istui.i18n import tr
from istui.store.core import StoreBase
from istui.store.files import StoreError, parsed
from istui.store.layout import (
    ACTIONS_TABLE,
    CHANGED_TABLE,
    FOCUS_TABLE,
    MIDCHECK_TABLE,
    ONE_ON_ONE_TABLE,
    REFLECTION_TABLE,
    day_relpath,
    week_relpath,
)
from istui.store.tables import Tables

if TYPE_CHECKING:
    from istui.domain.notes import DayNotes
    from istui.domain.oneonone import OneOnOne
    from istui.domain.weekplan import ReviewAction, WeekPlan

# The notes and week-plan modules are imported where used: `istui log` and
# `istui status` need neither, and they cost ~4 ms of every run.


class WeekPlansMixin(StoreBase):
    """The store's weekly-review plans."""

    def week_plan(self, year: int, week: int) -> WeekPlan:
        """The actions and focus decided at the review of that week."""
        from istui.domain.weekplan import ReviewAction, WeekPlan

        relpath = week_relpath(year, week)
        actions = tuple(
            ReviewAction.from_record(r) for r in self.read_table(relpath, ACTIONS_TABLE)
        )
        focus = self.read_table(relpath, FOCUS_TABLE)
        last = focus[-1] if focus else {}
        return WeekPlan(
            actions=actions,
            focus_lists=str(last.get("lists") or ""),
            focus_approach=str(last.get("approach") or ""),
        )

    def add_action(self, year: int, week: int, action: ReviewAction, *, at: datetime) -> int:
        _aware(at)
        with self.transaction(week_relpath(year, week)) as db:
            doc_id = int(db.table(ACTIONS_TABLE).insert(action.to_record()))
            _stamp_plan(db, at)
            return doc_id

    def update_action(self, year: int, week: int, action: ReviewAction, *, at: datetime) -> None:
        """Replace action ``action.id`` of that week; StoreError when it is gone."""
        _aware(at)
        relpath = week_relpath(year, week)
        with self.transaction(relpath) as db:
            table = db.table(ACTIONS_TABLE)
            if not table.contains(doc_id=action.id):
                raise StoreError(
                    tr("{path}: no action {action}", path=self.root / relpath, action=action.id)
                )
            table.update(action.to_record(), doc_ids=[action.id])
            _stamp_plan(db, at)

    def remove_action(self, year: int, week: int, action_id: int, *, at: datetime) -> None:
        _aware(at)
        with self.transaction(week_relpath(year, week)) as db:
            table = db.table(ACTIONS_TABLE)
            if table.contains(doc_id=action_id):
                table.remove(doc_ids=[action_id])
                _stamp_plan(db, at)

    def set_focus(self, year: int, week: int, lists: str, approach: str, *, at: datetime) -> None:
        _aware(at)
        with self.transaction(week_relpath(year, week)) as db:
            table = db.table(FOCUS_TABLE)
            table.truncate()
            table.insert({"lists": lists, "approach": approach})
            _stamp_plan(db, at)

    def one_on_one_record(self, year: int, week: int) -> dict[str, Any] | None:
        """The week's 1on1 as stored (the export carries it as it is), or None."""
        records = self.read_table(week_relpath(year, week), ONE_ON_ONE_TABLE)
        if not records:
            return None
        record = dict(records[-1])
        record.pop("doc_id", None)
        return record

    def one_on_one(self, year: int, week: int) -> OneOnOne | None:
        """The week's 1on1, or None when none was recorded; StoreError naming
        the file when its record cannot be read."""
        from istui.domain.oneonone import OneOnOne

        record = self.one_on_one_record(year, week)
        if record is None:
            return None
        return parsed(OneOnOne.from_record, record, self.root / week_relpath(year, week))

    def save_one_on_one(self, year: int, week: int, talk: OneOnOne) -> None:
        """Replace the week's 1on1 with ``talk`` (stamped by the caller's clock)."""
        if talk.changed_at is None:
            raise ValueError("a saved 1on1 carries its changed_at")
        _aware(talk.changed_at)
        with self.transaction(week_relpath(year, week)) as db:
            table = db.table(ONE_ON_ONE_TABLE)
            table.truncate()
            table.insert(talk.to_record())

    def week_notes(self, days: Iterable[date]) -> list[DayNotes]:
        """Every mid-check and reflection of those days, read by the forms' own
        readers (one read of each day file)."""
        from istui.domain.notes import read_day_notes

        found = []
        for day in days:
            tables = self.read_tables(day_relpath(day))
            found.append(
                read_day_notes(
                    day, tables.get(MIDCHECK_TABLE, ()), tables.get(REFLECTION_TABLE, ())
                )
            )
        return found


def _aware(at: datetime) -> None:
    if at.tzinfo is None:
        raise ValueError("timestamps must carry their UTC offset")


def _stamp_plan(db: Tables, at: datetime) -> None:
    """Record ``at`` as when the week's plan (actions, focus) last changed."""
    from istui.domain.reflection import CHANGED_FIELD

    table = db.table(CHANGED_TABLE)
    table.truncate()
    table.insert({CHANGED_FIELD: at.isoformat()})
