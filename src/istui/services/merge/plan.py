"""Phase 2 of the merge, the plan: everything the merge would change, worked
out against the team store and the other exports in memory, with one summary
per file of what it adds, updates or leaves (what --dry-run shows).

Nothing here writes; a Rejected here (one event id, two contents; one rep id,
two names) leaves the team store untouched.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path
from typing import Any, NoReturn

from istui.domain.calendar import date_range
from istui.domain.team import canonical, note_rank
from istui.services.merge.check import ExportFile, Rejected
from istui.services.merge.state import (
    RepState,
    load_day,
    load_ids,
    newer,
    target_rank,
)
from istui.store.layout import MIDCHECK_TABLE, REFLECTION_TABLE, week_relpath
from istui.store.team import TeamStore

_NOTE_NAMES = {
    MIDCHECK_TABLE: "mid-checks",
    REFLECTION_TABLE: "reflection",
    "review": "weekly review",
}


@dataclass
class FileSummary:
    path: Path
    rep_id: str
    rep_name: str
    range_text: str
    events_added: int = 0
    events_present: int = 0
    events_removed: int = 0  # undone by the rep since the export that supplied them
    events_corrected: int = 0  # outcome or note changed by the rep since (same id)
    events_not_taken: int = 0  # in this older file, undone in a newer one already merged
    days_kept_newer: int = 0  # days a newer export already supplied (left as they are)
    days_emptied: list[date] = field(default_factory=list)  # held events, this file has none
    notes_added: int = 0
    notes_updated: int = 0
    notes_present: int = 0
    updates: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    kept_fuller: list[str] = field(default_factory=list)  # notes the team store has fuller
    kept_newer: list[str] = field(default_factory=list)  # notes the team store has newer


@dataclass
class MergePlan:
    team: TeamStore
    summaries: list[FileSummary]
    reps: dict[str, RepState]
    index: dict[str, dict[str, Any]]
    index_changed: bool

    @property
    def changes(self) -> int:
        files = sum(
            sum(d.changed for d in r.days.values()) + len(r.changed_weeks) + r.versions_changed
            for r in self.reps.values()
        )
        return files + self.index_changed


def plan_merge(
    team: TeamStore, exports: Sequence[ExportFile], *, rename: bool = False
) -> MergePlan:
    """Everything the merge would change, or Rejected naming the file and problem.

    One rep id with two display names is refused (two reps sharing an id by
    mistake would otherwise be merged into one) unless ``rename`` says the rep
    really was renamed; the newest export's name is then kept.
    """
    index = team.reps() if team.exists else {}
    new_index = {k: dict(v) for k, v in index.items()}
    names: dict[str, tuple[str, str]] = {
        rep_id: (str(r.get("name")), "the team store") for rep_id, r in index.items()
    }
    reps: dict[str, RepState] = {}
    summaries: list[FileSummary] = []
    for export in exports:
        seen = names.get(export.rep_id)
        renamed = seen is not None and seen[0] != export.rep_name
        if renamed and not rename:
            assert seen is not None
            raise Rejected(
                export.path,
                f"rep id {export.rep_id} has display name {export.rep_name!r} here but "
                f"{seen[0]!r} in {seen[1]}: one rep id, two names (fix the rep's config, "
                "or merge with --rename if the rep was renamed)",
            )
        names.setdefault(export.rep_id, (export.rep_name, str(export.path)))
        rep = reps.get(export.rep_id)
        if rep is None:
            rep = reps[export.rep_id] = RepState(store=team.rep_store(export.rep_id))
        summaries.append(_plan_file(rep, export))
        if renamed:
            assert seen is not None
            summaries[-1].warnings.append(
                f"display name {export.rep_name!r} here, {seen[0]!r} in {seen[1]} "
                "(--rename: the newest export's name is kept)"
            )
        ahead = future_events(export, team.today())
        if ahead:
            # Not rejected: the rep's clock or ours may be wrong; the lead should know.
            summaries[-1].warnings.append(
                f"{ahead} event(s) dated more than a day after today ({team.today()}): "
                "check the rep's clock"
            )
        old = new_index.get(export.rep_id)
        record = dict(export.rep_record)
        record["exported_at_utc"] = export.exported_at
        if old is None:
            new_index[export.rep_id] = record
        else:
            if old.get("metrics") != record["metrics"]:
                summaries[-1].warnings.append(
                    "metrics differ from this rep's earlier export; the newest export's "
                    "metrics are kept, no event is lost"
                )
            if (str(record["exported_at_utc"]), canonical(record)) > (
                str(old.get("exported_at_utc", "")),
                canonical(old),
            ):
                new_index[export.rep_id] = record
    return MergePlan(
        team=team,
        summaries=summaries,
        reps=reps,
        index=new_index,
        index_changed=new_index != index,
    )


def future_events(export: ExportFile, today: date) -> int:
    """How many events fall on a day more than one day after ``today``
    (a day's slack for time zones and clocks a little apart)."""
    limit = today + timedelta(days=1)
    return sum(1 for day in export.event_days.values() if day > limit)


def _same_id_differs(rep: RepState, export: ExportFile, ev_id: str, how: str) -> NoReturn:
    """Refuse the file: one event id, two contents (``how`` says what differs;
    its ``{where}`` names the file or store holding the other copy)."""
    where = rep.sources.get(ev_id, "the team store")
    raise Rejected(
        export.path,
        f"event {ev_id} {how.replace('{where}', where)}: the same event id with different "
        "content (a tampered or corrupt file)",
    )


def _plan_file(rep: RepState, export: ExportFile) -> FileSummary:
    summary = FileSummary(export.path, export.rep_id, export.rep_name, export.range_text)
    load_ids(rep)
    by_day: dict[date, dict[str, dict[str, str]]] = {}
    for ev_id, record in export.events.items():
        day = export.event_days[ev_id]
        known_day = rep.ids.get(ev_id)
        if known_day is not None and known_day != day:
            _same_id_differs(
                rep, export, ev_id, f"is on {known_day} in {{where}} but at {record['at']} here"
            )
        by_day.setdefault(day, {})[ev_id] = record
    for day in date_range(export.start, export.end):
        _plan_day(rep, export, summary, day, by_day.get(day, {}))
    for day, values in export.targets_by_day.items():
        state = load_day(rep, day)
        doc = {"values": values, "exported_at_utc": export.exported_at}
        if state.targets is None or target_rank(doc) > target_rank(state.targets):
            state.targets = doc
            state.changed = True
    for table, notes in (
        (MIDCHECK_TABLE, export.midchecks),
        (REFLECTION_TABLE, export.reflections),
    ):
        for day, records in notes.items():
            state = load_day(rep, day)
            verdict = _note(summary, f"{_NOTE_NAMES[table]} {day}", state.notes[table], records)
            if verdict:
                state.notes[table] = records
                state.changed = True
    for label, tables in export.reviews.items():
        if label not in rep.weeks:
            year, week = int(label[:4]), int(label[6:])
            existing_tables = (
                rep.store.read_tables(week_relpath(year, week)) if rep.store.root.exists() else {}
            )
            rep.weeks[label] = existing_tables or None
        if _note(summary, f"weekly review {label}", rep.weeks[label], tables):
            rep.weeks[label] = tables
            rep.changed_weeks.add(label)
    for version in export.versions:
        key = canonical(version)
        if key not in rep.versions:
            rep.versions[key] = version
            rep.versions_changed = True
    # One line per kind, not one per note: a --no-notes export loses every note.
    why = " (the new file has no words)" if not export.notes_included else ""
    if summary.kept_fuller:
        summary.warnings.append(
            f"kept the fuller copy of {_notes(summary.kept_fuller)} already in the team store{why}"
        )
    if summary.kept_newer:
        summary.warnings.append(
            f"kept the newer copy of {_notes(summary.kept_newer)} already in the team store; "
            + (
                "this older one is ignored"
                if len(summary.kept_newer) == 1
                else "each older one is ignored"
            )
        )
    if summary.events_not_taken:
        summary.warnings.append(
            f"{summary.events_not_taken} event(s) here left out: a newer export of this rep, "
            "already merged, no longer has them (undone since)"
        )
    if summary.days_emptied:
        # As the rule says (the newest export is the rep's word for its days), but
        # an export from an empty or restored store would do the same: say so.
        days = ", ".join(d.isoformat() for d in sorted(summary.days_emptied))
        summary.warnings.append(
            f"{len(summary.days_emptied)} day(s) that held events have none in this newer "
            f"export and are now empty ({days}); if the rep did not undo them all, check "
            "the rep's store (--dry-run shows this before writing)"
        )
    if not export.notes_included:
        summary.warnings.append("the rep left their notes out (--no-notes): numbers only")
    if not export.events:
        summary.warnings.append("no events in this range")
    return summary


def _plan_day(
    rep: RepState,
    export: ExportFile,
    summary: FileSummary,
    day: date,
    incoming: dict[str, dict[str, str]],
) -> None:
    """One day of the export's range: its events become the day's when the export
    is newer than the one that supplied the day (events it no longer has were
    undone by the rep), join them at the same time, and leave the day be when
    it is older."""
    state = load_day(rep, day)
    order = newer(export.exported_at, state.supplied)
    #: Only an export strictly newer than the day's supplier may correct an event.
    corrects = order > 0
    if order == 0 and not state.supplied_recorded:
        # A day merged before the record existed holds the union of every export
        # merged for it; the one its targets name is the newest of them, so that
        # export's events are the day's (what it lacks, the rep undid since).
        order = 1
    corrected: dict[str, dict[str, str]] = {}
    for ev_id, record in list(incoming.items()):
        existing = state.events.get(ev_id)
        if existing is None:
            continue
        if not export.notes_included and "note" in existing:
            # a --no-notes export says nothing about the note: the lead keeps it
            record = incoming[ev_id] = {**record, "note": existing["note"]}
        if existing == record:
            continue
        # The rep corrected the event (its outcome or note; the id and time stay):
        # the newer export's copy is the rep's word, as for the day's events. The
        # same export (or two made at one instant) with two contents is tampering.
        if order < 0:
            continue  # an older copy: the day stays as the newer export left it
        if not corrects or existing.get("at") != record.get("at"):
            _same_id_differs(
                rep,
                export,
                ev_id,
                f"is {record['kind']} at {record['at']} here but "
                f"{existing.get('kind')} at {existing.get('at')} in {{where}}",
            )
        corrected[ev_id] = record
    present = sum(1 for ev_id in incoming if ev_id in state.events)
    if order < 0:
        summary.days_kept_newer += 1
        summary.events_present += present
        summary.events_not_taken += len(incoming) - present
        return
    summary.events_present += present - len(corrected)
    if order > 0:
        undone = [ev_id for ev_id in state.events if ev_id not in incoming]
        for ev_id in undone:
            del state.events[ev_id]
            rep.ids.pop(ev_id, None)
            rep.sources.pop(ev_id, None)
        summary.events_removed += len(undone)
        if undone and not incoming:
            summary.days_emptied.append(day)
        state.changed = True  # at least the record of who supplied the day moves
        state.supplied = export.exported_at
        state.supplied_recorded = True
        for ev_id, record in corrected.items():
            state.events[ev_id] = record
            rep.sources[ev_id] = str(export.path)
        summary.events_corrected += len(corrected)
    source = str(export.path)
    for ev_id, record in incoming.items():
        if ev_id not in state.events:
            state.events[ev_id] = record
            rep.ids[ev_id] = day
            rep.sources[ev_id] = source
            summary.events_added += 1
            state.changed = True


def _note(summary: FileSummary, name: str, existing: Any, incoming: Any) -> bool:
    """Count one note; True when the incoming copy should replace what is there."""
    if existing is None:
        summary.notes_added += 1
        return True
    if existing == incoming:
        summary.notes_present += 1
        return False
    new_rank, old_rank = note_rank(incoming), note_rank(existing)
    if new_rank > old_rank:
        summary.notes_updated += 1
        if new_rank[0] == old_rank[0]:  # same change time, or neither says: the fuller
            summary.updates.append(f"{name}: replaced by this fuller copy")
        else:
            summary.updates.append(f"{name}: replaced by this newer copy, changed {new_rank[0]}")
        return True
    summary.notes_present += 1
    (summary.kept_fuller if new_rank[0] == old_rank[0] else summary.kept_newer).append(name)
    return False


def _notes(names: Sequence[str]) -> str:
    """ "11 notes" or "1 note (mid-check 2026-11-17)": one named, many counted."""
    return f"1 note ({names[0]})" if len(names) == 1 else f"{len(names)} notes"
