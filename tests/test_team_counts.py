"""Schema 2 of the team store: ``event_counts``, the events counted per rep,
day, hour and kind, kept by the merge in the same transaction as the events
(the team view and report read it). The counts always equal the events
(after adds, undos, corrections, older files merged again, a refused merge);
a store of schema 1, as the previous release wrote it, reads the same and is
migrated by the next merge that changes it."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from datetime import date, timedelta
from pathlib import Path
from typing import Any

from istui.render.team import report_json
from istui.services.merge import merge_files
from istui.services.team import load_team_week
from istui.store.team import COUNT_EVENTS_SQL, COUNTS_SCHEMA, DB_SCHEMA, TeamStore
from team_helpers import NOW, W47, export_file, make_rep, team_dump, team_store, undo

TUE = date(2026, 11, 17)


def _rows(path: Path, sql: str) -> list[tuple[Any, ...]]:
    with closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True)) as conn:
        return sorted(conn.execute(sql).fetchall())


def counts_and_events(team: TeamStore) -> tuple[list[tuple[Any, ...]], list[tuple[Any, ...]]]:
    """The kept counts, and the events counted afresh."""
    return (
        _rows(team.db_path, "SELECT rep_id, day, hour, kind, n FROM event_counts"),
        _rows(team.db_path, COUNT_EVENTS_SQL.format(where="")),
    )


def _version(path: Path) -> int:
    return int(_rows(path, "PRAGMA user_version")[0][0])


def test_the_counts_follow_every_change_of_the_events(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    team = team_store(tmp_path / "team.db")
    first = export_file(rep, tmp_path, name="first.json")
    assert not merge_files(team, [first])[1]
    kept, fresh = counts_and_events(team)
    assert kept == fresh and sum(r[4] for r in kept) > 100
    # the rep corrects one outcome, deletes one event and undoes two: a newer export
    calls = [e for e in rep.store.day_events(TUE) if e.kind == "call"]
    rep.store.edit_event(TUE, calls[0].id, kind="meeting")
    rep.store.delete_event(TUE, calls[1].id)
    undo(rep, TUE - timedelta(days=1), 2)
    later = export_file(rep, tmp_path, now=NOW + timedelta(hours=1), name="later.json")
    summaries, rejected = merge_files(team, [later])
    assert not rejected
    assert summaries[0].events_corrected == 1 and summaries[0].events_removed == 3
    kept, fresh = counts_and_events(team)
    assert kept == fresh
    # the older file again changes nothing, counts included
    before = team_dump(team.db_path)
    assert not merge_files(team, [first])[1]
    assert team_dump(team.db_path) == before
    # a refused merge (the second file is not an export) leaves the counts as they were
    bad = tmp_path / "bad.json"
    bad.write_text("{}", "utf-8")
    rep.store.delete_event(TUE, calls[2].id)
    newest = export_file(rep, tmp_path, now=NOW + timedelta(hours=2), name="newest.json")
    assert merge_files(team, [newest, bad])[1]
    assert team_dump(team.db_path) == before
    assert not merge_files(team, [newest])[1]
    kept, fresh = counts_and_events(team)
    assert kept == fresh
    per_rep = dict.fromkeys(("call", "connect", "meeting", "email"), 0)
    for _, _, kind, n in team.kind_counts("rep-a", TUE, TUE):
        per_rep[kind] += n
    own = dict.fromkeys(per_rep, 0)
    for event in rep.store.day_events(TUE):
        own[event.kind] += 1
    assert per_rep == own


BEFORE = COUNTS_SCHEMA - 1


def _as_schema_1(path: Path) -> None:
    """The store as the schema before ``event_counts`` wrote it: the same tables
    without it (no other table changes with it)."""
    with closing(sqlite3.connect(path)) as conn, conn:
        conn.execute("DROP TABLE event_counts")
        conn.execute(f"PRAGMA user_version = {BEFORE}")


def test_a_schema_1_store_reads_the_same_and_the_next_merge_migrates_it(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    reps = [make_rep(tmp_path / "reps", f"rep-{i}", f"R{i}", seed=i) for i in (1, 2)]
    files = [export_file(rep, out) for rep in reps]
    team = team_store(tmp_path / "team.db")
    assert not merge_files(team, files[:1])[1]
    assert _version(team.db_path) == DB_SCHEMA == COUNTS_SCHEMA
    week = report_json(load_team_week(team, W47.start, W47.end))
    counted = team.team_kind_counts(W47.start, W47.end)
    per_rep = team.kind_counts("rep-1", W47.start, W47.end)
    team.close()
    _as_schema_1(team.db_path)
    old = team_store(team.db_path)
    assert report_json(load_team_week(old, W47.start, W47.end)) == week
    assert old.team_kind_counts(W47.start, W47.end) == counted
    assert sorted(old.kind_counts("rep-1", W47.start, W47.end)) == sorted(per_rep)
    old.close()
    v1 = team_dump(team.db_path)
    # a merge that changes nothing leaves the file as it was (still schema 1)
    assert not merge_files(team_store(team.db_path), files[:1])[1]
    assert _version(team.db_path) == BEFORE and team_dump(team.db_path) == v1
    # the next merge that changes something migrates it in its transaction
    assert not merge_files(team_store(team.db_path), files)[1]
    assert _version(team.db_path) == COUNTS_SCHEMA
    after = team_dump(team.db_path)
    assert {k: v for k, v in after.items() if k != "event_counts"} != v1  # rep-2 came in
    kept, fresh = counts_and_events(team)
    assert kept == fresh and {r[0] for r in kept} == {"rep-1", "rep-2"}
    # the same as merging both into a new store
    clean = team_store(tmp_path / "clean.db")
    assert not merge_files(clean, files)[1]
    assert team_dump(clean.db_path) == after


def test_a_dry_run_of_a_schema_1_store_changes_nothing(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    team = team_store(tmp_path / "team.db")
    assert not merge_files(team, [export_file(rep, tmp_path)])[1]
    team.close()
    _as_schema_1(team.db_path)
    before = team.db_path.read_bytes()
    later = export_file(rep, tmp_path, now=NOW + timedelta(hours=1), name="later.json")
    assert not merge_files(team_store(team.db_path), [later], dry_run=True)[1]
    assert team.db_path.read_bytes() == before and _version(team.db_path) == BEFORE


def test_a_new_store_built_in_bulk_holds_what_merging_file_by_file_gives(tmp_path: Path) -> None:
    """A merge into a new store loads its events without the events index and
    sorts the index at the end (or when a later file of the merge overlaps an
    earlier one's days): the store holds exactly what merging the same files
    one by one into an existing store gives, counts included, in WAL mode and
    with the index, and leaves no temp file."""
    reps = tmp_path / "reps"
    a, b = make_rep(reps, "rep-a", "A"), make_rep(reps, "rep-b", "B")
    out = tmp_path / "out"
    out.mkdir()
    first_a = export_file(a, out, name="a1.json")
    undo(a, TUE, 2)
    later_a = export_file(a, out, now=NOW + timedelta(hours=1), name="a2.json")
    only_b = export_file(b, out, name="b.json")
    stepwise = team_store(tmp_path / "stepwise.db")
    for path in (only_b, first_a, later_a):
        assert not merge_files(stepwise, [path])[1]
    expected = team_dump(stepwise.db_path)
    for n, order in enumerate(
        ([first_a, only_b], [first_a, only_b, later_a], [later_a, first_a, only_b])
    ):
        folder = tmp_path / f"bulk{n}"
        folder.mkdir()
        bulk = team_store(folder / "team.db")
        summaries, rejected = merge_files(bulk, order)
        assert not rejected
        assert sum(s.events_added for s in summaries) > 100
        kept, fresh = counts_and_events(bulk)
        assert kept == fresh
        if len(order) == 3:
            assert team_dump(bulk.db_path) == expected
        with closing(sqlite3.connect(f"file:{bulk.db_path}?mode=rw", uri=True)) as conn:
            assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
            assert conn.execute(
                "SELECT 1 FROM sqlite_master WHERE type = 'index' AND name = 'events_by_day'"
            ).fetchone()
        assert [p.name for p in folder.iterdir()] == ["team.db"]
