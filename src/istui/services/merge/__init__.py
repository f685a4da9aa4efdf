"""The lead's merge: many reps' exports into one team store, all or nothing.

Three phases, and nothing is written before the third:
1. read and validate every file on its own (``load_export``, in ``check``);
2. plan the merge against the team store and each other: events keyed by id,
   each day of a rep's events taken from the newest export that covers it, the
   rep's words as whole notes (a day's mid-checks, a day's reflection, a week's
   review) where the newest change wins (``plan_merge``, in ``plan``, against
   the team store as ``state`` reads it);
3. write the changed files, each through Store.transaction (``apply_plan``, in
   ``apply``).

The merged state is a join of the exports: each day's events are those of the
newest export covering the day (by ``exported_at``; the union of exports made
at the same moment), each note and each day's targets a maximum under a total
order, so any order or any repetition of the same files yields the same team
store. The newest export is authoritative for its days because the rep may
have undone an event since an earlier export: the day then holds exactly the
newer export's events, and an older export merged later leaves it alone.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path

from istui.services.merge.apply import apply_plan
from istui.services.merge.check import (
    ExportFile,
    Rejected,
    load_export,
    upgrade,
)
from istui.services.merge.plan import FileSummary, MergePlan, future_events, plan_merge
from istui.store.files import StoreError, deferred_writes
from istui.store.team import TeamStore

__all__ = [
    "ExportFile",
    "FileSummary",
    "MergePlan",
    "Rejected",
    "apply_plan",
    "future_events",
    "load_export",
    "merge_files",
    "plan_merge",
    "upgrade",
]


def merge_files(
    team: TeamStore, paths: Sequence[Path], *, dry_run: bool = False, rename: bool = False
) -> tuple[list[FileSummary], list[Rejected]]:
    """Validate all, plan, and (unless a dry run or anything is rejected) write.

    Returns the summaries and the rejections; when there is any rejection the
    team store has not been touched.
    """
    exports: list[ExportFile] = []
    rejected: list[Rejected] = []
    for path in paths:
        try:
            exports.append(load_export(path))
        except Rejected as exc:
            rejected.append(exc)
    if rejected:
        return [], rejected
    try:
        team.check(must_exist=False)
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=str(exc))]
    if not team.exists:
        return _plan_and_write(team, exports, dry_run, rename)
    with team.lock.held():
        return _plan_and_write(team, exports, dry_run, rename)


def _plan_and_write(
    team: TeamStore, exports: Sequence[ExportFile], dry_run: bool, rename: bool
) -> tuple[list[FileSummary], list[Rejected]]:
    try:
        plan = plan_merge(team, exports, rename=rename)
    except Rejected as exc:
        return [], [exc]
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=f"team store unreadable: {exc}")]
    if not dry_run and plan.changes:
        with deferred_writes():
            apply_plan(plan)
    return plan.summaries, []
