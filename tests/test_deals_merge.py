"""Export schema 2 and the merge: deals and their steps, each event's list,
channel and segment; newest change of a deal wins, idempotent, all-or-nothing;
an old export (schema 1) still merges."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

from istui.domain.deals import DealStep
from istui.domain.funnel import Event
from istui.services.export import EXPORT_SCHEMA, build_export
from istui.services.merge import merge_files
from team_helpers import NOW, W47, export_file, make_rep, team_dump, team_store


def rep_with_deals(tmp_path: Path) -> Any:
    rep = make_rep(tmp_path / "reps", "rep-01", "山田 太郎", seed=3)
    meetings = [e for e in rep.store.events_between(W47.start, W47.end) if e.kind == "meeting"]
    first, second = meetings[0], meetings[1]
    held = first.at + timedelta(hours=1)
    rep.store.change_deal(first.id, first.at, lambda d: d.with_step(DealStep("held", held)))
    rep.store.change_deal(
        first.id, first.at, lambda d: d.with_step(DealStep("won", held, amount=2_000_000))
    )
    rep.store.change_deal(
        second.id,
        second.at,
        lambda d: d.with_step(DealStep("scheduled", second.at, name="ACME")),
    )
    tagged = Event("tagged-0001", first.at, "call", list="Webinar", channel="webinar")
    rep.store.add_day_events(first.at.date(), [tagged])
    return rep, first, second


def test_the_export_carries_deals_and_event_tags(tmp_path: Path) -> None:
    rep, first, second = rep_with_deals(tmp_path)
    doc = build_export(rep.config, rep.store, W47, NOW)
    assert doc["schema"] == EXPORT_SCHEMA == 2
    deals = {d["id"]: d for d in doc["deals"]}
    assert [s["step"] for s in deals[first.id]["steps"]] == ["held", "won"]
    assert deals[second.id]["steps"][0]["name"] == "ACME"
    (tagged,) = [e for e in doc["events"] if e["id"] == "tagged-0001"]
    assert (tagged["list"], tagged["channel"]) == ("Webinar", "webinar")
    bare = build_export(rep.config, rep.store, W47, NOW, notes=False)
    assert all("name" not in s for d in bare["deals"] for s in d["steps"])


def test_merge_keeps_the_newest_deal_and_is_idempotent(tmp_path: Path) -> None:
    rep, first, _ = rep_with_deals(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    older = export_file(rep, out, name="older.json")
    rep.store.change_deal(first.id, first.at, lambda d: d.without_last_step(NOW))
    newer = export_file(rep, out, name="newer.json", now=NOW + timedelta(minutes=1))
    team = team_store(tmp_path / "team.db")
    (summary,), rejected = merge_files(team, [newer])
    assert not rejected and summary.deals_merged == 2
    records = {d["id"]: d for d in team.deal_records("rep-01")}
    assert [s["step"] for s in records[first.id]["steps"]] == ["held"]
    tags = team.tagged_kind_counts(W47.start, W47.end, "channel")
    assert ("rep-01", "webinar", "call", 1) in tags
    before = team_dump(team.db_path)
    (again,), _ = merge_files(team, [newer])
    (old,), _ = merge_files(team, [older])  # the older copy (won) loses to the undo
    assert again.deals_merged == 0 and old.deals_merged == 0
    assert team_dump(team.db_path) == before


def test_a_bad_deal_rejects_the_whole_file(tmp_path: Path) -> None:
    rep, first, _ = rep_with_deals(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    path = export_file(rep, out)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["deals"][0]["steps"] = [{"step": "won", "at": first.at.isoformat(), "amount": 5}]
    path.write_text(json.dumps(doc), encoding="utf-8")
    team = team_store(tmp_path / "team.db")
    summaries, rejected = merge_files(team, [path])
    assert summaries == [] and len(rejected) == 1
    assert "deals[0]" in str(rejected[0]) and "won follows" in str(rejected[0])
    assert not team.exists or team.deal_records("rep-01") == []


def test_an_old_schema_1_export_still_merges(tmp_path: Path) -> None:
    rep, _, _ = rep_with_deals(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    path = export_file(rep, out)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["schema"] = 1
    del doc["deals"]
    for event in doc["events"]:
        for tag in ("list", "channel", "segment"):
            event.pop(tag, None)
    path.write_text(json.dumps(doc), encoding="utf-8")
    team = team_store(tmp_path / "team.db")
    (summary,), rejected = merge_files(team, [path])
    assert not rejected and summary.events_added == len(doc["events"])
    assert summary.deals_merged == 0 and team.deal_records("rep-01") == []


def test_the_team_report_has_deals_per_rep_and_the_team_by_channel(tmp_path: Path) -> None:
    from istui.render.team import report_json, team_report
    from istui.services.team import load_team_week

    rep, _, _ = rep_with_deals(tmp_path)
    out = tmp_path / "out"
    out.mkdir()
    team = team_store(tmp_path / "team.db")
    merge_files(team, [export_file(rep, out)])
    week = load_team_week(team, W47.start, W47.end)
    ((rep_id, _, deals),) = week.deals
    assert rep_id == "rep-01" and (deals.won, deals.lost, deals.amount) == (1, 0, 2_000_000)
    assert deals.win_rate.value == 1.0
    channels = {s.value: s for s in week.by_channel}
    assert channels["webinar"].counts["call"] == 1
    assert channels[""].counts["call"] > 100  # the untagged dials, summed
    text = team_report(week, "markdown")
    assert "## Deals (商談) by rep" in text and "¥2,000,000" in text
    assert "## The team by channel" in text and "| webinar | 1 |" in text
    document = report_json(week)
    assert document["deals"]["rep-01"]["won"] == 1
    assert {"value": "webinar", "counts": channels["webinar"].counts} in document["by_channel"]
