"""Phase 2 of the merge, file by file inside the merge's one transaction: what
each export changes against the team store as the files before it left it
(events keyed by id, each day's events from the newest export covering it, an
event the rep corrected since (same id, new outcome or note) taken from a
strictly newer export, the rep's words as whole notes where the newest change
wins), written at once, with one summary per file of what it adds, updates or
leaves (what --dry-run shows; a dry run's transaction is rolled back).

A Rejected here (one event id, two contents; one rep id, two names) rolls the
whole merge back: the team store is left as it was.

Long (~430 lines) because the merge's warnings are whole translatable sentences
with named fields (a lead reads them), each spread over several lines, and the
day's rules are one piece: the general comparison of a day the store holds
events of (``_plan_day``) sits beside its one-step form for a day it holds none
of (``_plan_new_day``, the first merge's fast path), which must give the same result.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from operator import itemgetter
from pathlib import Path
from typing import Any, NoReturn

from istui.domain.calendar import date_range
from istui.domain.team import canonical, note_rank
from istui.i18n import N_, tr
from istui.services.export import MIDCHECKS_KEY, REFLECTION_KEY
from istui.services.merge.check import EventRow, ExportFile, Rejected
from istui.services.merge.state import DayState, day_row, day_state, newer, target_rank
from istui.store.team import EventIdTaken, TeamWriter

#: An export event's day (its row's second field).
_EVENT_DAY = itemgetter(1)
_NOTE_NAMES = {
    MIDCHECKS_KEY: N_("mid-checks {day}"),
    REFLECTION_KEY: N_("reflection {day}"),
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
    deals_merged: int = 0  # deals new to the team store, or newer copies of ones held


class MergeRun:
    """One merge's running state across its files: the reps index and names as
    the files so far left them, and which file last wrote each rep's day (to
    name it when a later file contradicts it)."""

    def __init__(self, tx: TeamWriter, today: date, *, rename: bool) -> None:
        self.tx = tx
        self.today = today
        self.rename = rename
        self.index = tx.reps()
        self.names: dict[str, tuple[str, str]] = {
            rep_id: (str(r.get("name")), tr("the team store")) for rep_id, r in self.index.items()
        }
        self.sources: dict[tuple[str, date], str] = {}

    def merge(self, export: ExportFile) -> FileSummary:
        """Merge one export (see the module doc); Rejected names the file."""
        seen = self.names.get(export.rep_id)
        renamed = seen is not None and seen[0] != export.rep_name
        if renamed and not self.rename:
            assert seen is not None
            raise Rejected(
                export.path,
                tr(
                    "rep id {id} has display name {name} here but {other} in {where}: one rep "
                    "id, two names (fix the rep's config, or merge with --rename if the rep "
                    "was renamed)",
                    id=export.rep_id,
                    name=repr(export.rep_name),
                    other=repr(seen[0]),
                    where=seen[1],
                ),
            )
        self.names.setdefault(export.rep_id, (export.rep_name, str(export.path)))
        metrics_differ = self._index(export)
        summary = _plan_file(self, export)
        if renamed:
            assert seen is not None
            summary.warnings.append(
                tr(
                    "display name {name} here, {other} in {where} "
                    "(--rename: the newest export's name is kept)",
                    name=repr(export.rep_name),
                    other=repr(seen[0]),
                    where=seen[1],
                )
            )
        ahead = future_events(export, self.today)
        if ahead:
            # Not rejected: the rep's clock or ours may be wrong; the lead should know.
            summary.warnings.append(
                tr(
                    "{n} event(s) dated more than a day after today ({today}): "
                    "check the rep's clock",
                    n=ahead,
                    today=self.today,
                )
            )
        if metrics_differ:
            summary.warnings.append(
                tr(
                    "metrics differ from this rep's earlier export; the newest export's "
                    "metrics are kept, no event is lost"
                )
            )
        return summary

    def _index(self, export: ExportFile) -> bool:
        """The reps index record: the newest export's (written before the rep's
        rows, which refer to it); True when the metrics differ from the one held."""
        old = self.index.get(export.rep_id)
        record = dict(export.rep_record)
        record["exported_at_utc"] = export.exported_at
        differ = old is not None and old.get("metrics") != record["metrics"]
        if old is None or (str(record["exported_at_utc"]), canonical(record)) > (
            str(old.get("exported_at_utc", "")),
            canonical(old),
        ):
            self.index[export.rep_id] = record
            self.tx.put_rep(export.rep_id, record)
        return differ


def future_events(export: ExportFile, today: date) -> int:
    """How many events fall on a day more than one day after ``today``
    (a day's slack for time zones and clocks a little apart)."""
    limit = (today + timedelta(days=1)).isoformat()
    return sum(1 for event in export.events if event[1] > limit)


def _moved_day(where: str, export: ExportFile, ev_id: str, day: date, at: object) -> NoReturn:
    """Refuse the file: one event id on two days (``where`` holds the other copy)."""
    raise Rejected(
        export.path,
        tr(
            "event {id} is on {day} in {where} but at {at} here: the same event id with "
            "different content (a tampered or corrupt file)",
            id=ev_id,
            day=day,
            where=where,
            at=at,
        ),
    )


def _plan_file(run: MergeRun, export: ExportFile) -> FileSummary:
    tx, rep_id = run.tx, export.rep_id
    summary = FileSummary(export.path, rep_id, export.rep_name, export.range_text)
    held = tx.events_by_day(rep_id, export.start, export.end)
    rows = tx.day_rows(rep_id, export.start, export.end)

    def where(day: date) -> str:
        return run.sources.get((rep_id, day)) or tr("the team store")

    known = {ev_id: day for day, events in held.items() for ev_id in events}
    # The export's events by day, as the rows the store inserts (id, day, at,
    # kind, note), when the store holds events of the range to compare them
    # with; otherwise (a first merge, a new week) only how many each day has.
    by_day: dict[str, list[EventRow]] = {}
    if held:
        for event in export.events:
            listed = by_day.get(event[1])
            if listed is None:
                listed = by_day[event[1]] = []
            listed.append(event)
            known_day = known.get(event[0])
            if known_day is not None and known_day.isoformat() != event[1]:
                _moved_day(where(known_day), export, event[0], known_day, event[2])
        per_day: Mapping[str, int] = {day: len(events) for day, events in by_day.items()}
    else:
        per_day = Counter(map(_EVENT_DAY, export.events))
    days: dict[date, DayState] = {}
    removed: list[str] = []
    added: list[EventRow] = []
    taken: set[str] = set()  # days held no event: all of the export's are added
    corrections: list[tuple[str, str, str | None]] = []
    for day in date_range(export.start, export.end):
        state = days[day] = day_state(day, rows.get(day), held.get(day, {}))
        text_day = day.isoformat()
        if not state.events:
            if _plan_new_day(state, export, summary, per_day.get(text_day, 0)):
                taken.add(text_day)
            continue
        _plan_day(
            state,
            export,
            summary,
            day,
            {event[0]: _record(event) for event in by_day.get(text_day, [])},
            where(day),
            removed,
            added,
            corrections,
        )
    if taken:
        if len(taken) == len(per_day):  # every day of the file's (a first merge)
            added.extend(export.events)
        else:
            added.extend(event for event in export.events if event[1] in taken)
    for day, values in export.targets_by_day.items():
        state = days[day]
        doc = {"values": values, "exported_at_utc": export.exported_at}
        if state.targets is None or target_rank(doc) > target_rank(state.targets):
            state.targets = doc
            state.changed = True
    for table, notes in (
        (MIDCHECKS_KEY, export.midchecks),
        (REFLECTION_KEY, export.reflections),
    ):
        for day, records in notes.items():
            state = days[day]
            name = tr(_NOTE_NAMES[table], day=day)
            verdict = _note(summary, name, state.notes[table], records)
            if verdict:
                state.notes[table] = records
                state.changed = True
    for label in sorted(export.reviews):
        tables = export.reviews[label]
        name = tr("weekly review {week}", week=label)
        if _note(summary, name, tx.week_tables(rep_id, label) or None, tables):
            tx.put_week(rep_id, label, tables)
    for label in sorted(export.one_on_ones):
        record = export.one_on_ones[label]
        merged = tx.one_on_one(rep_id, label)
        name = tr("1on1 {week}", week=label)
        if _note(summary, name, None if merged is None else [merged], [record]):
            tx.put_one_on_one(rep_id, label, record)
    known_versions = tx.version_keys(rep_id)
    tx.add_versions(
        rep_id,
        {key: v for v in export.versions if (key := canonical(v)) not in known_versions},
    )
    tx.delete_events(rep_id, removed)
    tx.correct_events(rep_id, corrections)
    try:
        tx.insert_events(rep_id, added)
    except EventIdTaken as exc:
        ev_id, known_day = min(exc.ids.items())
        record = _record(next(e for e in export.events if e[0] == ev_id))
        _moved_day(where(known_day), export, ev_id, known_day, record["at"])
    # schema 2: the events' call lists, and each deal's newest copy
    tx.put_event_tags(
        rep_id, {ev_id: t for ev_id, t in export.event_tags.items() if ev_id not in removed}
    )
    summary.deals_merged = _merge_deals(tx, rep_id, export)
    changed = [day for day, state in days.items() if state.changed]
    tx.put_days(rep_id, [day_row(day, days[day]) for day in changed])
    source = str(export.path)
    for day in changed:
        if per_day.get(day.isoformat()):
            run.sources[(rep_id, day)] = source
    # One line per kind, not one per note: a --no-notes export loses every note.
    if summary.kept_fuller:
        summary.warnings.append(_kept_fuller(summary.kept_fuller, export.notes_included))
    if summary.kept_newer:
        newer = summary.kept_newer
        summary.warnings.append(
            tr(
                "kept the newer copy of 1 note ({name}) already in the team store; "
                "this older one is ignored",
                name=newer[0],
            )
            if len(newer) == 1
            else tr(
                "kept the newer copy of {n} notes already in the team store; "
                "each older one is ignored",
                n=len(newer),
            )
        )
    if summary.events_not_taken:
        summary.warnings.append(
            tr(
                "{n} event(s) here left out: a newer export of this rep, "
                "already merged, no longer has them (undone since)",
                n=summary.events_not_taken,
            )
        )
    if summary.days_emptied:
        # As the rule says (the newest export is the rep's word for its days), but
        # an export from an empty or restored store would do the same: say so.
        emptied = ", ".join(d.isoformat() for d in sorted(summary.days_emptied))
        summary.warnings.append(
            tr(
                "{n} day(s) that held events have none in this newer export and are now "
                "empty ({days}); if the rep did not undo them all, check the rep's store "
                "(--dry-run shows this before writing)",
                n=len(summary.days_emptied),
                days=emptied,
            )
        )
    if not export.notes_included:
        summary.warnings.append(tr("the rep left their notes out (--no-notes): numbers only"))
    if not export.events:
        summary.warnings.append(tr("no events in this range"))
    return summary


def _merge_deals(tx: TeamWriter, rep_id: str, export: ExportFile) -> int:
    """Keep each deal's newest copy (by its change time; the one held on a tie):
    merging a file twice, or an older one after a newer, changes nothing."""
    stamps = tx.deal_stamps(rep_id)
    fresh = []
    for deal_id, record in sorted(export.deals.items()):
        stamp_text = str(record.get("changed_at") or record["booked_at"])
        stamp = datetime.fromisoformat(stamp_text).astimezone(UTC).isoformat()
        held = stamps.get(deal_id)
        if held is None or stamp > held:
            booked = datetime.fromisoformat(str(record["booked_at"])).date().isoformat()
            fresh.append((deal_id, booked, stamp, record))
    tx.put_deals(rep_id, fresh)
    return len(fresh)


def _plan_day(
    state: DayState,
    export: ExportFile,
    summary: FileSummary,
    day: date,
    incoming: dict[str, dict[str, str]],
    where: str,
    removed: list[str],
    added: list[EventRow],
    corrections: list[tuple[str, str, str | None]],
) -> None:
    """One day of the export's range: its events become the day's when the export
    is newer than the one that supplied the day (events it no longer has were
    undone by the rep, events it has with another outcome or note were corrected
    by the rep), join them at the same time, and leave the day be when it is
    older."""
    #: Only an export strictly newer than the day's supplier may correct an event.
    corrects = newer(export.exported_at, state.supplied) > 0
    order = _order(export, state)
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
            raise Rejected(
                export.path,
                tr(
                    "event {id} is {kind} at {at} here but {other_kind} at {other_at} in "
                    "{where}: the same event id with different content (a tampered or "
                    "corrupt file)",
                    id=ev_id,
                    kind=record["kind"],
                    at=record["at"],
                    other_kind=existing.get("kind"),
                    other_at=existing.get("at"),
                    where=where,
                ),
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
        removed.extend(undone)
        summary.events_removed += len(undone)
        if undone and not incoming:
            summary.days_emptied.append(day)
        state.changed = True  # at least the record of who supplied the day moves
        state.supplied = export.exported_at
        state.supplied_recorded = True
        for ev_id, record in corrected.items():
            state.events[ev_id] = record
            corrections.append((ev_id, record["kind"], record.get("note")))
        summary.events_corrected += len(corrected)
    text_day = day.isoformat()
    for ev_id, record in incoming.items():
        if ev_id not in state.events:
            state.events[ev_id] = record
            added.append((ev_id, text_day, record["at"], record["kind"], record.get("note")))
            summary.events_added += 1
            state.changed = True


def _order(export: ExportFile, state: DayState) -> int:
    """1 when the export is newer than the one that supplied the day (its events
    become the day's), 0 at the same moment (joined), -1 when older (left)."""
    order = newer(export.exported_at, state.supplied)
    if order == 0 and not state.supplied_recorded:
        # A day merged before the record existed holds the union of every export
        # merged for it; the one its targets name is the newest of them, so that
        # export's events are the day's (what it lacks, the rep undid since).
        order = 1
    return order


def _plan_new_day(state: DayState, export: ExportFile, summary: FileSummary, incoming: int) -> bool:
    """``_plan_day`` for a day the team store holds no event of (a first merge,
    a new week), which the export has ``incoming`` events of: nothing to
    compare, undo or correct, so the export's events of the day are added as
    they are (True: the caller adds them), with the summary and state the
    general path gives such a day (``state.events`` is not filled in: nothing
    after the plan of the day reads it)."""
    order = _order(export, state)
    if order < 0:
        summary.days_kept_newer += 1
        summary.events_not_taken += incoming
        return False
    if order > 0:
        state.changed = True  # at least the record of who supplied the day moves
        state.supplied = export.exported_at
        state.supplied_recorded = True
    if incoming:
        summary.events_added += incoming
        state.changed = True
        return True
    return False


def _record(event: EventRow) -> dict[str, str]:
    """An export's event as the record the store's events compare with."""
    ev_id, _, at, kind, note = event
    record = {"id": ev_id, "at": at, "kind": kind}
    if note:
        record["note"] = note
    return record


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
            summary.updates.append(tr("{name}: replaced by this fuller copy", name=name))
        else:
            summary.updates.append(
                tr("{name}: replaced by this newer copy, changed {at}", name=name, at=new_rank[0])
            )
        return True
    summary.notes_present += 1
    (summary.kept_fuller if new_rank[0] == old_rank[0] else summary.kept_newer).append(name)
    return False


def _kept_fuller(names: list[str], notes_included: bool) -> str:
    """One line for the notes the team store holds fuller: one named, many counted."""
    if len(names) == 1:
        if notes_included:
            return tr(
                "kept the fuller copy of 1 note ({name}) already in the team store",
                name=names[0],
            )
        return tr(
            "kept the fuller copy of 1 note ({name}) already in the team store "
            "(the new file has no words)",
            name=names[0],
        )
    if notes_included:
        return tr("kept the fuller copy of {n} notes already in the team store", n=len(names))
    return tr(
        "kept the fuller copy of {n} notes already in the team store (the new file has no words)",
        n=len(names),
    )
