"""The lead's merge: many reps' exports into one team store, all or nothing.

One pass over the files, file by file, inside the team store's one
transaction (``TeamStore.merging``): read and fully validate the file
(``load_export``, in ``check``), then merge it against the store as the files
before it left it (``MergeRun``, in ``plan``): events keyed by id, each day of
a rep's events taken from the newest export that covers it, the rep's words as
whole notes (a day's mid-checks, a day's reflection, a week's review) where the
newest change wins. After a refused file the rest are still checked (every
problem of every file is reported) and the transaction is rolled back. One
file's records are in memory at a time, so a merge of any number of files
stays small; the commit makes it all visible at once, and a refusal, a kill or
a full disk before it leaves the store as it was (a new store is not even
created).

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
from datetime import datetime
from pathlib import Path

from istui.i18n import tr
from istui.services.merge.check import (
    ExportFile,
    Rejected,
    load_export,
    upgrade,
)
from istui.services.merge.plan import FileSummary, MergeRun, future_events
from istui.store.files import StoreError
from istui.store.team import TeamStore, TeamWriter

__all__ = [
    "ExportFile",
    "FileSummary",
    "MergeRun",
    "Rejected",
    "future_events",
    "load_export",
    "merge_files",
    "upgrade",
]


def merge_files(
    team: TeamStore,
    paths: Sequence[Path],
    *,
    dry_run: bool = False,
    rename: bool = False,
    now: datetime | None = None,
) -> tuple[list[FileSummary], list[Rejected]]:
    """Validate and merge every file in one transaction (rolled back for a dry run).

    Returns the summaries and the rejections; when there is any rejection the
    team store has not been touched. ``now`` is the lead's clock (an export
    made later than it, past the allowed skew, is refused); the CLI always
    passes it, and a caller without one (a test of the other rules) gets no
    such check.
    """
    if not paths:
        return [], []
    try:
        team.check(must_exist=False)
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=str(exc))]
    rejected: list[Rejected] = []

    def merge_all(tx: TeamWriter) -> list[FileSummary]:
        rejected.clear()  # (run again when another first merge made the store)
        run = MergeRun(tx, team.today(), rename=rename)
        ids: dict[str, tuple[str, Path]] = {
            known.casefold(): (known, team.root) for known in run.index
        }
        summaries = []
        for path in paths:
            try:
                export = load_export(path, now=now)
                folded = export.rep_id.casefold()
                other = ids.setdefault(folded, (export.rep_id, path))
                if other[0] != export.rep_id:
                    if other[1] == team.root:
                        problem = tr(
                            "rep.id: {rep} differs only in case from {other} "
                            "in the team store (rep ids must differ in more than case)",
                            rep=repr(export.rep_id),
                            other=repr(other[0]),
                        )
                    else:
                        problem = tr(
                            "rep.id: {rep} differs only in case from {other} "
                            "in {where} (rep ids must differ in more than case)",
                            rep=repr(export.rep_id),
                            other=repr(other[0]),
                            where=other[1],
                        )
                    raise Rejected(path, problem)
                if not rejected:  # after a refusal, only check the rest
                    summaries.append(run.merge(export))
            except Rejected as exc:
                rejected.append(exc)
        if rejected:
            raise _Refused
        return summaries

    try:
        summaries = team.merging(merge_all, dry_run=dry_run)
    except _Refused:
        return [], rejected
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=f"team store: {exc}")]
    return summaries, []


class _Refused(Exception):
    """Some file was refused: the merge's transaction is rolled back."""
