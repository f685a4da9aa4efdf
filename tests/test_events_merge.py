"""A corrected event reaches the lead: same id, the newer export's outcome and
note win; an export carries a dial's note only with notes; the same export with
two contents for one id is still refused."""

from __future__ import annotations

import json
from datetime import date, timedelta
from pathlib import Path

from istui.domain.funnel import count_events
from istui.services.export import build_export
from istui.services.merge import merge_files
from team_helpers import NOW, W47, export_file, make_rep, team_store

TUE = date(2026, 11, 17)


def team_event(team, rep_id: str, event_id: str):  # type: ignore[no-untyped-def]
    return next(e for e in team.rep_store(rep_id).day_events(TUE) if e.id == event_id)


def test_an_edited_outcome_and_note_reach_the_team_store(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    team = team_store(tmp_path / "team")
    merge_files(team, [export_file(rep, tmp_path, name="first.json")])
    target = next(e for e in rep.store.day_events(TUE) if e.kind == "call")
    rep.store.edit_event(TUE, target.id, kind="meeting", note="決裁者と面談")
    later = export_file(rep, tmp_path, now=NOW + timedelta(hours=1), name="later.json")
    summaries, rejected = merge_files(team, [later])
    assert not rejected, rejected
    assert summaries[0].events_corrected == 1
    corrected = team_event(team, "rep-a", target.id)
    assert (corrected.kind, corrected.note) == ("meeting", "決裁者と面談")
    mine = count_events(rep.store.day_events(TUE), rep.config.metrics)
    theirs = count_events(team.rep_store("rep-a").day_events(TUE), rep.config.metrics)
    assert mine == theirs
    # merging the older file again rolls nothing back
    summaries, rejected = merge_files(team, [tmp_path / "first.json"])
    assert not rejected and team_event(team, "rep-a", target.id).kind == "meeting"


def test_a_deleted_event_leaves_the_team_store_with_the_newer_export(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    team = team_store(tmp_path / "team")
    merge_files(team, [export_file(rep, tmp_path, name="first.json")])
    gone = rep.store.day_events(TUE)[0]
    rep.store.delete_event(TUE, gone.id)
    merge_files(team, [export_file(rep, tmp_path, now=NOW + timedelta(hours=1))])
    assert gone.id not in {e.id for e in team.rep_store("rep-a").day_events(TUE)}


def test_notes_travel_only_with_notes_and_a_no_notes_export_keeps_the_leads(
    tmp_path: Path,
) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    target = rep.store.day_events(TUE)[0]
    rep.store.edit_event(TUE, target.id, note="折り返し")
    with_notes = build_export(rep.config, rep.store, W47, NOW)
    without = build_export(rep.config, rep.store, W47, NOW, notes=False)
    assert {"id": target.id, "at": target.at.isoformat(), "kind": target.kind,
            "note": "折り返し"} in with_notes["events"]  # fmt: skip
    assert all("note" not in e for e in without["events"])
    team = team_store(tmp_path / "team")
    merge_files(team, [export_file(rep, tmp_path, name="first.json")])
    later = export_file(rep, tmp_path, notes=False, now=NOW + timedelta(hours=1))
    summaries, rejected = merge_files(team, [later])
    assert not rejected and summaries[0].events_corrected == 0
    assert team_event(team, "rep-a", target.id).note == "折り返し"


def test_one_export_with_two_contents_for_an_id_is_still_refused(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    team = team_store(tmp_path / "team")
    good = export_file(rep, tmp_path, name="good.json")
    merge_files(team, [good])
    doc = json.loads(good.read_text(encoding="utf-8"))
    doc["events"][0]["kind"] = "meeting" if doc["events"][0]["kind"] != "meeting" else "call"
    tampered = tmp_path / "tampered.json"
    tampered.write_text(json.dumps(doc), encoding="utf-8")
    _, rejected = merge_files(team, [tampered])
    assert "same event id with different content" in str(rejected[0])
