"""The lead's merge: many reps' exports into one team store, all or nothing.

Two passes over the files, and nothing is written before the second:
1. read and validate every file on its own (``load_export``, in ``check``),
   keeping only each file's digest: every problem of every file is reported,
   and a merge with any stops here;
2. in the team store's one transaction (``TeamStore.merging``), file by file:
   read it again (the same bytes, or it is refused), and merge it against the
   store as the files before it left it (``MergeRun``, in ``plan``): events
   keyed by id, each day of a rep's events taken from the newest export that
   covers it, the rep's words as whole notes (a day's mid-checks, a day's
   reflection, a week's review) where the newest change wins. One file's
   records are in memory at a time, so a merge of any number of files stays
   small; the commit makes it all visible at once, and a rejection, a kill or
   a full disk before it leaves the store as it was.

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
    """Validate all, then merge all in one transaction (rolled back for a dry run).

    Returns the summaries and the rejections; when there is any rejection the
    team store has not been touched. ``now`` is the lead's clock (an export
    made later than it, past the allowed skew, is refused).
    """
    digests: list[bytes] = []
    rejected: list[Rejected] = []
    ids: dict[str, tuple[str, Path]] = {}
    for path in paths:
        try:
            export = load_export(path, now=now)
        except Rejected as exc:
            rejected.append(exc)
            continue
        digests.append(export.digest)
        folded = export.rep_id.casefold()
        other = ids.setdefault(folded, (export.rep_id, path))
        if other[0] != export.rep_id:
            rejected.append(
                Rejected(
                    path,
                    f"rep.id: {export.rep_id!r} differs only in case from {other[0]!r} in "
                    f"{other[1]} (rep ids must differ in more than case)",
                )
            )
    if rejected:
        return [], rejected
    try:
        team.check(must_exist=False)
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=str(exc))]

    def merge_all(tx: TeamWriter) -> list[FileSummary]:
        run = MergeRun(tx, team.today(), rename=rename)
        for known in run.index:
            _case_clash(known, ids)
        summaries = []
        for path, digest in zip(paths, digests, strict=True):
            export = load_export(path, now=now)
            if export.digest != digest:
                raise Rejected(path, "changed while the merge read it (merge it again)")
            summaries.append(run.merge(export))
        return summaries

    try:
        summaries = team.merging(merge_all, dry_run=dry_run)
    except Rejected as exc:
        return [], [exc]
    except StoreError as exc:
        return [], [Rejected(team.root, str(exc), whole=f"team store: {exc}")]
    return summaries, []


def _case_clash(known: str, ids: dict[str, tuple[str, Path]]) -> None:
    other = ids.get(known.casefold())
    if other is not None and other[0] != known:
        raise Rejected(
            other[1],
            f"rep.id: {other[0]!r} differs only in case from {known!r} in the team store "
            "(rep ids must differ in more than case)",
        )
