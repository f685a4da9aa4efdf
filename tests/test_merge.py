"""The lead's merge: round trip, idempotency, newest-note-wins, all-or-nothing rejections."""

from __future__ import annotations

import json
from collections import Counter
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.cli.team import events_line
from istui.domain.calendar import date_range
from istui.domain.totals import daily_totals
from istui.domain.weekplan import ReviewAction
from istui.render.forms import said_tag
from istui.services import merge as merge_module
from istui.services.clock import FixedClock
from istui.services.export import Span
from istui.services.merge import check as merge_check
from istui.services.merge import load_export, merge_files
from istui.services.team import load_team_week
from istui.store.layout import day_relpath
from istui.store.team import TeamStore
from team_helpers import (
    JST,
    NOW,
    W46,
    W47,
    add_reflection,
    add_review,
    add_team_events,
    as_before_supplied,
    export_file,
    make_rep,
    own_event_ids,
    reflection,
    snapshot,
    team_event_ids,
    team_store,
    undo,
)

TUE = date(2026, 11, 17)


@pytest.fixture
def reps(tmp_path: Path) -> list[Any]:
    a = make_rep(tmp_path / "reps", "rep-01", "山田 太郎", seed=1)
    b = make_rep(tmp_path / "reps", "rep-02", "佐藤 花子", seed=2)
    add_reflection(
        a, TUE, [reflection(TUE, "決裁者に繋がった", changed="2026-11-17T18:40:00+09:00",
                            help_text="リストの更新をお願いしたい")]
    )  # fmt: skip
    return [a, b]


def invoke(*args: str) -> Any:
    # The lead merges the same afternoon, after the reps' last exports (an export
    # made later than the lead's clock is refused).
    env = Env(clock=FixedClock(NOW + timedelta(hours=4)))
    return CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)


def test_round_trip_team_view_matches_each_reps_own_figures(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    files = [export_file(r, out) for r in reps]
    team = team_store(tmp_path / "team")
    summaries, rejected = merge_files(team, files)
    assert not rejected
    assert [s.events_added for s in summaries] == [
        len(r.store.events_between(W47.start, W47.end)) for r in reps
    ]
    week = load_team_week(team, W47.start, W47.end)
    assert [r.rep_id for r in week.reps] == ["rep-01", "rep-02"]
    days = list(date_range(W47.start, W47.end))
    for rep, merged in zip(reps, week.reps, strict=True):
        own = daily_totals(
            rep.store.events_between(W47.start, W47.end),
            days,
            rep.config.metrics,
            rep.store.target_versions(),
            rep.config.calendar,
        )
        assert [dict(d.counts) for d in merged.days] == [dict(d.counts) for d in own]
        assert [dict(d.targets) for d in merged.days] == [dict(d.targets) for d in own]
        assert merged.name == rep.config.rep_name
    for key in week.keys:
        assert week.counts[key] == sum(r.counts[key] for r in week.reps)
    assert week.connect_rate.num == week.counts["connect"]
    assert week.connect_rate.den == week.counts["call"]
    first = week.reps[0]
    assert [(said_tag(s), s.text) for s in first.help] == [
        ("Tue reflection", "リストの更新をお願いしたい")
    ]
    assert dict(first.reflected)[TUE] is True
    stored = team.rep_store("rep-01").read_table("days/2026/2026-11-17.json", "reflection")
    assert stored[0]["went_well"] == "決裁者に繋がった"


def test_merge_twice_changes_nothing(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    files = [export_file(r, out) for r in reps]
    team = team_store(tmp_path / "team")
    merge_files(team, files)
    before = snapshot(team.root)
    summaries, rejected = merge_files(team, [*files, files[0]])
    assert not rejected
    assert all(s.events_added == 0 and s.events_present > 0 for s in summaries)
    assert all(s.notes_added == 0 and s.notes_updated == 0 for s in summaries)
    assert snapshot(team.root) == before


def test_overlapping_exports_count_each_dial_once(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    both = export_file(rep, out, Span(W46.start, W47.end))
    week = export_file(rep, out, W47)
    team = team_store(tmp_path / "team")
    merge_files(team, [week])
    summaries, _ = merge_files(team, [both])
    w47 = len(rep.store.events_between(W47.start, W47.end))
    w46 = len(rep.store.events_between(W46.start, W46.end))
    assert summaries[0].events_present == w47
    assert summaries[0].events_added == w46
    merged = load_team_week(team, W46.start, W47.end).reps[0]
    assert sum(merged.counts[k] for k in merged.counts) == sum(
        len(merged.metrics.stages_counted(e.kind))
        for e in rep.store.events_between(W46.start, W47.end)
    )
    before = snapshot(team.root)
    again, _ = merge_files(team, [week, both])
    assert all(s.events_added == 0 for s in again)
    assert snapshot(team.root) == before


def test_newer_reflection_replaces_older_and_summary_says_so(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    old = export_file(rep, out, name="old.json")
    add_reflection(
        rep, TUE, [reflection(TUE, "書き直した振り返り", changed="2026-11-18T09:00:00+09:00")]
    )
    new = export_file(rep, out, name="new.json")
    team = team_store(tmp_path / "team")
    merge_files(team, [old])
    summaries, _ = merge_files(team, [new])
    assert summaries[0].notes_updated == 1
    assert "reflection 2026-11-17" in summaries[0].updates[0]
    rep_store = team.rep_store("rep-01")
    assert rep_store.read_table("days/2026/2026-11-17.json", "reflection")[0]["went_well"] == (
        "書き直した振り返り"
    )
    before = snapshot(team.root)
    summaries, _ = merge_files(team, [old])
    assert any("newer copy" in w for w in summaries[0].warnings)
    assert snapshot(team.root) == before
    result = invoke("merge", str(new), str(old), "--into", str(tmp_path / "fresh"))
    assert result.exit_code == 0, result.output
    assert "  updated:" not in result.output
    assert "newer copy" in result.output


def test_dry_run_writes_nothing(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    files = [export_file(r, out) for r in reps]
    result = invoke("merge", *map(str, files), "--into", str(tmp_path / "team"), "--dry-run")
    assert result.exit_code == 0, result.output
    assert "events: " in result.output and "dry run" in result.output
    assert not (tmp_path / "team").exists()


def test_no_notes_export_merges_numbers_only(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    path = export_file(reps[0], out, notes=False)
    team = team_store(tmp_path / "team")
    summaries, _ = merge_files(team, [path])
    assert any("--no-notes" in w for w in summaries[0].warnings)
    stored = team.rep_store("rep-01").read_table("days/2026/2026-11-17.json", "reflection")[0]
    assert "went_well" not in stored and stored["focus"] == 4
    week = load_team_week(team, W47.start, W47.end)
    assert week.reps[0].help == ()  # the reflection's help request was its words
    assert dict(week.reps[0].reflected)[TUE] is True
    full = export_file(reps[0], out, name="full.json")
    summaries, _ = merge_files(team, [full])
    assert summaries[0].notes_updated == 1  # the copy with the words wins at equal times
    again, _ = merge_files(team, [path])  # the --no-notes file after the full one
    kept = [w for w in again[0].warnings if "fuller copy" in w]
    assert len(kept) == 1, again[0].warnings  # one line per file, not one per note
    assert "(the new file has no words)" in kept[0]


def test_reps_with_differing_configs_merge_without_loss(tmp_path: Path) -> None:
    plain = make_rep(tmp_path / "reps", "rep-01", "山田 太郎", seed=1)
    extra = make_rep(
        tmp_path / "reps",
        "rep-09",
        "Jane Doe",
        seed=5,
        extra_toml="""
[metrics]
funnel = ["call", "connect", "contact", "meeting"]
counters = ["email", "linkedin"]

[keys]
call = "c"
connect = "o"
contact = "t"
meeting = "m"
email = "e"
linkedin = "l"

[targets]
call = 100
connect = 25
contact = 18
meeting = 4
linkedin = 10

[reflection]
objections = ["price", "現行ツールで満足"]
""",
    )
    with extra.store.transaction("days/2026/2026-11-18.json") as db:
        db.table("events").insert_multiple(
            [
                {"id": f"li{i}", "at": "2026-11-18T11:00:00+09:00", "kind": "linkedin"}
                for i in range(3)
            ]
            + [{"id": "ct1", "at": "2026-11-18T11:05:00+09:00", "kind": "contact"}]
        )
    out = tmp_path / "out"
    out.mkdir()
    team = team_store(tmp_path / "team")
    _, rejected = merge_files(team, [export_file(plain, out), export_file(extra, out)])
    assert not rejected
    week = load_team_week(team, W47.start, W47.end)
    assert week.keys == ("call", "connect", "contact", "meeting", "email", "linkedin")
    jane = next(r for r in week.reps if r.rep_id == "rep-09")
    assert jane.counts["linkedin"] == 3 and jane.targets["linkedin"] == 50
    assert jane.counts["contact"] >= 1
    own = extra.store.events_between(W47.start, W47.end)
    assert jane.counts["call"] == sum(1 for e in own if e.kind != "email" and e.kind != "linkedin")
    assert week.mixed_meeting_base
    assert team.reps()["rep-09"]["pick_lists"]["objections"] == ["price", "現行ツールで満足"]


# ---------------------------------------------------------------- rejections
def _good_doc(path: Path) -> dict[str, Any]:
    doc: dict[str, Any] = json.loads(path.read_text("utf-8"))
    return doc


def _write(folder: Path, name: str, content: Any) -> Path:
    path = folder / name
    if isinstance(content, bytes):
        path.write_bytes(content)
    elif isinstance(content, str):
        path.write_text(content, encoding="utf-8")
    else:
        path.write_text(json.dumps(content, ensure_ascii=False), encoding="utf-8")
    return path


def _bad_files(good: Path, folder: Path) -> list[tuple[Path, str]]:
    doc = _good_doc(good)
    raw = good.read_bytes()
    cases: list[tuple[Path, str]] = []

    def case(name: str, content: Any, needle: str) -> None:
        cases.append((_write(folder, name, content), needle))

    case("not-json.json", "date,calls\n2026-11-16,100\n", "not JSON")
    case("binary.json", b"\x89PNG\r\n\x1a\n\x00\x00", "not UTF-8")
    case("empty.json", "", "empty file")
    case("truncated.json", raw[: len(raw) // 2], "truncated")
    case("a-list.json", [1, 2, 3], "not an istui export")
    case("other-format.json", {"format": "tinydb", "_default": {}}, "not an istui export")
    newer = dict(doc, schema=99, istui_version="9.0.0")
    case("newer.json", newer, "newer istui")
    no_rep = {k: v for k, v in doc.items() if k != "rep"}
    case("no-rep.json", no_rep, "missing rep id")
    blank_rep = dict(doc, rep={"id": "", "name": "誰か"})
    case("blank-rep.json", blank_rep, "missing rep id")
    sneaky = dict(doc, rep={"id": "../../etc", "name": "x"})
    case("sneaky-rep.json", sneaky, "not a valid id")
    kinds = json.loads(json.dumps(doc))
    kinds["events"][3]["kind"] = "lunch"
    case("unknown-kind.json", kinds, "unknown kind 'lunch'")
    when = json.loads(json.dumps(doc))
    when["events"][0]["at"] = "2026-11-31T10:00:00+09:00"
    case("impossible-time.json", when, "impossible timestamp")
    naive = json.loads(json.dumps(doc))
    naive["events"][0]["at"] = "2026-11-17T10:00:00"
    case("naive-time.json", naive, "no UTC offset")
    outside = json.loads(json.dumps(doc))
    outside["events"][0]["at"] = "2027-01-05T10:00:00+09:00"
    case("outside.json", outside, "outside the range")
    cut = json.loads(json.dumps(doc))
    cut["events"] = cut["events"][:10]
    case("cut-events.json", cut, "event_count says")
    twice = json.loads(json.dumps(doc))
    twice["events"].append(twice["events"][0])
    twice["event_count"] += 1
    case("dup-id.json", twice, "listed twice")
    # #15: numbers and years beyond what a store can hold
    huge = json.loads(json.dumps(doc))
    day_targets = next(iter(huge["targets"]["by_day"].values()))
    day_targets["call"] = int("9" * 400)
    case("huge-target.json", huge, "400-digit")
    huge_version = json.loads(json.dumps(doc))
    huge_version["targets"]["versions"][0]["values"]["call"] = 10**6
    case("huge-version.json", huge_version, "at most 100,000")
    ancient = json.loads(json.dumps(doc))
    ancient["range"]["from"] = "0001-01-01"
    case("year-one.json", ancient, "outside 1970-2999")
    case("long-number.json", '{"format": ' + "9" * 5000 + "}", "not JSON")
    return cases


def test_each_bad_file_is_rejected_with_its_own_message_and_store_unchanged(
    reps: list[Any], tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    other = export_file(reps[1], out)
    team_root = tmp_path / "team"
    team = team_store(team_root)
    merge_files(team, [good])  # a team store with data in it
    before = snapshot(team_root)
    bad = tmp_path / "bad"
    bad.mkdir()
    cases = _bad_files(good, bad)
    messages = set()
    for path, needle in cases:
        result = invoke("merge", str(other), str(path), "--into", str(team_root))
        assert result.exit_code == 1, (path.name, result.output)
        assert "Traceback" not in result.output
        line = next(x for x in result.output.splitlines() if "rejected" in x)
        assert path.name in line and needle in line, (path.name, line)
        assert "team store is unchanged" in result.output
        messages.add(line.split(path.name, 1)[1])
        assert snapshot(team_root) == before, path.name
    assert len(messages) >= len({needle for _, needle in cases})


def test_same_id_different_content_against_the_team_store(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    team = team_store(tmp_path / "team")
    merge_files(team, [good])
    before = snapshot(team.root)
    doc = _good_doc(good)
    changed = json.loads(json.dumps(doc))
    target = next(e for e in changed["events"] if e["kind"] == "call")
    target["kind"] = "meeting"
    tampered = _write(tmp_path, "tampered.json", changed)
    moved = json.loads(json.dumps(doc))
    event = moved["events"][0]
    event["at"] = event["at"].replace("2026-11-16", "2026-11-18")
    moved_path = _write(tmp_path, "moved.json", moved)
    for path in (tampered, moved_path):
        _, rejected = merge_files(team, [path])
        assert len(rejected) == 1
        assert "same event id with different content" in str(rejected[0])
        assert path.name in str(rejected[0])
        assert " in the team store" in str(rejected[0]) and "{where}" not in str(rejected[0])
        assert snapshot(team.root) == before
    # within one batch, before anything is in the store
    fresh = team_store(tmp_path / "fresh")
    _, rejected = merge_files(fresh, [good, tampered])
    assert "same event id with different content" in str(rejected[0])
    assert f" in {good}" in str(rejected[0])  # names the file with the other copy
    assert not fresh.root.exists()


def test_one_rep_id_two_names(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    doc = _good_doc(good)
    renamed = _write(tmp_path, "renamed.json", dict(doc, rep={"id": "rep-01", "name": "別人"}))
    team = team_store(tmp_path / "team")
    _, rejected = merge_files(team, [good, renamed])
    assert "two names" in str(rejected[0]) and "renamed.json" in str(rejected[0])
    assert not team.root.exists()
    merge_files(team, [good])
    before = snapshot(team.root)
    _, rejected = merge_files(team, [renamed])
    assert "the team store" in str(rejected[0])
    assert snapshot(team.root) == before


def test_a_renamed_rep_merges_with_rename_and_the_newest_name_is_kept(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    doc = _good_doc(good)
    later = (datetime.fromisoformat(doc["exported_at"]) + timedelta(days=1)).isoformat()
    renamed = _write(
        tmp_path,
        "renamed.json",
        dict(doc, rep={"id": "rep-01", "name": "山田 花子"}, exported_at=later),
    )
    stores: list[dict[str, bytes]] = []
    for order in ([good, renamed], [renamed, good]):  # either order, one result
        team = team_store(tmp_path / f"team-{len(stores)}")
        summaries, rejected = merge_files(team, order, rename=True)
        assert rejected == []
        assert any("--rename" in w for s in summaries for w in s.warnings)
        assert team.reps()["rep-01"]["name"] == "山田 花子"
        stores.append(snapshot(team.root, data_only=True))
    assert stores[0] == stores[1]
    # and from the CLI: refused without the flag (exit 1, the flag named), merged with it
    team_dir = tmp_path / "team-cli"
    runner = CliRunner()
    base = ["merge", "--into", str(team_dir)]
    result = runner.invoke(cli, [*base, str(good)], catch_exceptions=False)
    assert result.exit_code == 0
    result = runner.invoke(cli, [*base, str(renamed)], catch_exceptions=False)
    assert result.exit_code == 1 and "merge with --rename" in result.output
    result = runner.invoke(cli, [*base, "--rename", str(renamed)], catch_exceptions=False)
    assert result.exit_code == 0, result.output
    assert "warning: display name '山田 花子' here" in result.output
    assert team_store(team_dir).reps()["rep-01"]["name"] == "山田 花子"


def test_oversized_file_rejected_before_reading(reps, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    monkeypatch.setattr(merge_check, "MAX_EXPORT_BYTES", 1000)
    with pytest.raises(merge_module.Rejected, match="over the"):
        load_export(good)


def test_merge_refuses_a_reps_own_store_and_missing_files(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    before = snapshot(reps[0].store.root)
    result = invoke("merge", str(good), "--into", str(reps[0].store.root))
    assert result.exit_code == 1
    assert "rep's own store" in result.output
    assert snapshot(reps[0].store.root) == before
    # A missing input is a usage error (exit 2), like any mistyped argument.
    result = invoke("merge", str(tmp_path / "nope.json"), "--into", str(tmp_path / "team"))
    assert result.exit_code == 2 and "does not exist" in result.output
    assert not (tmp_path / "team").exists()


def test_merge_into_a_file_names_into_not_a_rejected_export(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    other = export_file(reps[1], out)
    before = other.read_bytes()
    result = invoke("merge", str(good), "--into", str(other))
    assert result.exit_code == 1
    assert (
        result.output
        == f"istui: --into {other}: is a file, not an istui team store (not a database)\n"
    )
    assert other.read_bytes() == before


def test_merge_warns_of_events_dated_in_the_future(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]

    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)  # week 2026-W47 (16..22 Nov)
    # The lead's clock says 17 Nov: events of the 19th and 20th are ahead of it.
    early = TeamStore(tmp_path / "early", today=lambda: date(2026, 11, 17))
    summaries, rejected = merge_files(early, [good])
    assert not rejected
    assert any("dated more than a day after today (2026-11-17)" in w for w in summaries[0].warnings)
    on_time = team_store(tmp_path / "team")
    summaries, _ = merge_files(on_time, [good])
    assert not any("after today" in w for w in summaries[0].warnings)


def test_merge_summary_lines(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    good = export_file(reps[0], out)
    result = invoke("merge", str(good), "--into", str(tmp_path / "team"))
    assert result.exit_code == 0
    lines = result.output.splitlines()
    assert lines[0].endswith("rep rep-01 (山田 太郎), 2026-11-16..2026-11-22 (2026-W47)")
    assert lines[1].startswith("  events: ") and "added, 0 already present" in lines[1]
    assert lines[2] == "  notes: 1 added, 0 updated, 0 already present"


# ------------------------------------------------- undo after an export
WED = date(2026, 11, 18)
THU = date(2026, 11, 19)


def _undo_exports(rep: Any, out: Path) -> tuple[Path, Path, list[str]]:
    """The rep exports the week, undoes three events (two on Wednesday, one on
    Thursday), and exports it again two hours later."""
    old = export_file(rep, out, name="old.json")
    undone = undo(rep, WED, 2) + undo(rep, THU, 1)
    new = export_file(rep, out, now=NOW + timedelta(hours=2), name="new.json")
    return old, new, undone


def _stages(rep: Any, ids: list[str], old: Path) -> Counter[str]:
    """How much each metric counted the given events (from the old export)."""
    kinds = {e["id"]: e["kind"] for e in json.loads(old.read_text("utf-8"))["events"]}
    counted: Counter[str] = Counter()
    for ev_id in ids:
        counted.update(rep.config.metrics.stages_counted(kinds[ev_id]))
    return counted


def test_a_newer_export_that_empties_days_says_which(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    # A newer export is the rep's word for its days; one made from a store that
    # lost a day (new laptop, a restore) empties it too, so the lead is told.
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    old = export_file(rep, out, name="old.json")
    (rep.store.root / day_relpath(WED)).unlink()
    new = export_file(rep, out, now=NOW + timedelta(hours=2), name="new.json")
    team = team_store(tmp_path / "team")
    merge_files(team, [old])
    summaries, _ = merge_files(team, [new], dry_run=True)
    assert summaries[0].days_emptied == [WED]
    assert any("are now empty (2026-11-18)" in w for w in summaries[0].warnings)
    merge_files(team, [new])
    assert not any(day == WED for day in team_event_days(team))
    # the older file merged again rolls nothing back, and says which days it left
    summaries, _ = merge_files(team, [old])
    assert summaries[0].days_kept_newer == 7 and summaries[0].days_emptied == []
    assert "7 days left as a newer export supplied them" in events_line(summaries[0])


def team_event_days(team: Any) -> set[date]:
    """The days the team store holds events of rep-01 on."""
    week = load_team_week(team, W47.start, W47.end)
    return {totals.day for totals in week.reps[0].days if any(totals.counts.values())}


def test_an_undo_between_two_exports_leaves_the_team_store(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    old, new, undone = _undo_exports(rep, out)
    team = team_store(tmp_path / "team")
    merge_files(team, [old])
    assert set(undone) <= team_event_ids(team, "rep-01")
    before = load_team_week(team, W47.start, W47.end)
    summaries, rejected = merge_files(team, [new])
    assert not rejected
    assert summaries[0].events_removed == 3 and summaries[0].events_added == 0
    assert team_event_ids(team, "rep-01") == own_event_ids(rep)
    assert not set(undone) & team_event_ids(team, "rep-01")
    after = load_team_week(team, W47.start, W47.end)
    dropped = _stages(rep, undone, old)
    assert sum(dropped.values()) >= 3
    for key in before.keys:
        assert before.counts[key] - after.counts[key] == dropped[key], key
    mine = after.reps[0]
    own = daily_totals(
        rep.store.events_between(W47.start, W47.end),
        list(date_range(W47.start, W47.end)),
        rep.config.metrics,
        rep.store.target_versions(),
        rep.config.calendar,
    )
    assert [dict(d.counts) for d in mine.days] == [dict(d.counts) for d in own]
    # the team report reads the same store: its counts dropped too
    result = invoke("report", "--team", str(team.root), "--week", "2026-W47", "--format", "json")
    assert result.exit_code == 0, result.output
    reported = json.loads(result.output)["team"]["counts"]
    assert reported == dict(after.counts)
    assert reported["call"] == before.counts["call"] - dropped["call"]
    # the same file again changes nothing, byte for byte
    snap = snapshot(team.root)
    again, _ = merge_files(team, [new, new])
    assert [s.events_removed for s in again] == [0, 0]
    assert snapshot(team.root) == snap


def test_the_summary_says_how_many_events_were_undone(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    old, new, _ = _undo_exports(rep, out)
    team = tmp_path / "team"
    assert invoke("merge", str(old), "--into", str(team)).exit_code == 0
    result = invoke("merge", str(new), "--into", str(team))
    assert result.exit_code == 0, result.output
    lines = result.output.splitlines()
    assert lines[1].startswith("  events: 0 added, ")
    assert lines[1].endswith(", removed 3 events undone since the last export")
    undo(rep, WED, 1)
    newest = export_file(rep, out, now=NOW + timedelta(hours=3), name="newest.json")
    result = invoke("merge", str(newest), "--into", str(team))
    assert result.output.splitlines()[1].endswith(", removed 1 event undone since the last export")
    result = invoke("merge", str(newest), "--into", str(team))  # nothing removed: not said
    assert "removed" not in result.output.splitlines()[1]


def test_an_older_export_after_a_newer_one_rolls_nothing_back(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    both_weeks = export_file(rep, out, Span(W46.start, W47.end), name="old-4647.json")
    undone = undo(rep, WED, 2)
    new = export_file(rep, out, now=NOW + timedelta(hours=2), name="new.json")
    team = team_store(tmp_path / "team")
    merge_files(team, [new])
    w47_files = {k: v for k, v in snapshot(team.root).items() if "/days/" in k}
    summaries, rejected = merge_files(team, [both_weeks])
    assert not rejected
    # W47's days stay as the newer export left them, byte for byte...
    assert {k: v for k, v in snapshot(team.root).items() if k in w47_files} == w47_files
    assert team_event_ids(team, "rep-01") == own_event_ids(rep)
    # ...while W46, which nothing newer covered, comes from the older file
    assert team_event_ids(team, "rep-01", W46) == own_event_ids(rep, W46)
    summary = summaries[0]
    assert summary.events_added == len(own_event_ids(rep, W46))
    assert summary.events_removed == 0 and summary.events_not_taken == 2
    assert summary.days_kept_newer == 7
    assert any(w.startswith("2 event(s) here left out") for w in summary.warnings)
    # the result does not depend on the order, within a batch or across batches
    snap = snapshot(team.root, data_only=True)
    for order in ([both_weeks, new], [new, both_weeks], [both_weeks, new, both_weeks]):
        fresh = team_store(tmp_path / f"fresh-{len(list(tmp_path.iterdir()))}")
        _, rejected = merge_files(fresh, order)
        assert not rejected
        assert snapshot(fresh.root, data_only=True) == snap
    chained = team_store(tmp_path / "chained")
    merge_files(chained, [both_weeks])
    merge_files(chained, [new])
    assert snapshot(chained.root, data_only=True) == snap
    assert not set(undone) & team_event_ids(chained, "rep-01")


def test_a_rejected_file_keeps_the_undone_events_and_the_store_byte_identical(
    reps: list[Any], tmp_path: Path
) -> None:
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    old, new, undone = _undo_exports(rep, out)
    team = team_store(tmp_path / "team")
    merge_files(team, [old])
    before = snapshot(team.root)
    raw = new.read_bytes()
    cut = _write(tmp_path, "cut.json", raw[: len(raw) // 2])
    for batch in ([new, cut], [cut, new]):
        summaries, rejected = merge_files(team, batch)
        assert summaries == [] and len(rejected) == 1 and "cut.json" in str(rejected[0])
        assert snapshot(team.root) == before
    result = invoke("merge", str(new), str(cut), "--into", str(team.root))
    assert result.exit_code == 1 and "team store is unchanged" in result.output
    assert snapshot(team.root) == before
    assert set(undone) <= team_event_ids(team, "rep-01")


def test_a_team_store_from_before_the_day_record_still_merges(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    old, new, undone = _undo_exports(rep, out)
    # a store the previous istui made from the old export: a newer export cleans it
    team = team_store(tmp_path / "team")
    merge_files(team, [old])
    as_before_supplied(team)
    assert team.rep_store("rep-01").read_table(day_relpath(WED), "supplied") == []
    summaries, rejected = merge_files(team, [new])
    assert not rejected and summaries[0].events_removed == 3
    assert team_event_ids(team, "rep-01") == own_event_ids(rep)
    assert team.rep_store("rep-01").read_table(day_relpath(WED), "supplied") != []
    # the result is the one a store made today gets
    today = team_store(tmp_path / "today")
    merge_files(today, [old, new])
    assert snapshot(team.root, data_only=True) == snapshot(today.root, data_only=True)

    # a store the previous istui made from both exports holds their union (the
    # undone events too); its days' targets name the newer export
    union = team_store(tmp_path / "union")
    merge_files(union, [new])
    days = {ev_id: WED if ev_id in undone[:2] else THU for ev_id in undone}
    records = {e["id"]: e for e in _good_doc(old)["events"]}
    assert all(records[ev_id]["at"][:10] == day.isoformat() for ev_id, day in days.items())
    add_team_events(union, "rep-01", {ev_id: records[ev_id] for ev_id in days})
    as_before_supplied(union)
    assert set(undone) <= team_event_ids(union, "rep-01")
    # ...so the older one merged again rolls nothing back...
    snap = snapshot(union.root)
    summaries, rejected = merge_files(union, [old])
    assert not rejected and summaries[0].events_not_taken == 0
    assert snapshot(union.root) == snap
    # ...and the newer one merged again takes its days as its own: the undo arrives
    summaries, _ = merge_files(union, [new])
    assert summaries[0].events_removed == 3
    assert team_event_ids(union, "rep-01") == own_event_ids(rep)
    assert snapshot(union.root, data_only=True) == snapshot(today.root, data_only=True)
    snap = snapshot(union.root)
    merge_files(union, [old, new])  # from now on as any store: nothing to do
    assert snapshot(union.root) == snap


# ------------------------------------------- weekly reviews: newest change wins
AT = datetime(2026, 11, 20, 17, 0, tzinfo=JST)


def _actions(team: Any, week: int = 47) -> list[str]:
    return [a.action for a in team.rep_store("rep-01").week_plan(2026, week).actions]


def test_a_review_action_edited_later_wins_by_changed_at(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    long = ReviewAction(
        0, "決裁者リストを午前中に架電し、受付突破トークを試す", "山田", None, False
    )
    doc_id = rep.store.add_action(2026, 47, long, at=AT)
    first = export_file(rep, out, name="first.json")
    stamp = _good_doc(first)["weekly_reviews"][0]["tables"]["changed"]
    assert stamp == [{"changed_at": "2026-11-20T17:00:00+09:00"}]
    short = ReviewAction(doc_id, "午前に架電", "山田", None, True)  # shorter, yet newer
    rep.store.update_action(2026, 47, short, at=AT + timedelta(hours=1))
    second = export_file(rep, out, now=NOW + timedelta(hours=1), name="second.json")
    team = team_store(tmp_path / "team")
    merge_files(team, [first])
    summaries, _ = merge_files(team, [second])
    assert _actions(team) == ["午前に架電"]
    assert summaries[0].updates == [
        "weekly review 2026-W47: replaced by this newer copy, changed 2026-11-20T09:00:00+00:00"
    ]
    snap = snapshot(team.root)
    summaries, _ = merge_files(team, [first])  # the older, fuller copy after it
    assert snapshot(team.root) == snap
    assert any(
        w.startswith("kept the newer copy of 1 note (weekly review 2026-W47)")
        for w in summaries[0].warnings
    )
    result = invoke("merge", str(second), str(first), "--into", str(tmp_path / "cli"))
    assert "  warning: kept the newer copy of 1 note (weekly review 2026-W47)" in result.output
    reverse = team_store(tmp_path / "reverse")
    merge_files(reverse, [second, first])
    assert snapshot(reverse.root, data_only=True) == snapshot(team.root, data_only=True)
    # deleting every action still travels: the week's stamp goes with it
    rep.store.remove_action(2026, 47, doc_id, at=AT + timedelta(hours=2))
    third = export_file(rep, out, now=NOW + timedelta(hours=2), name="third.json")
    assert list(_good_doc(third)["weekly_reviews"][0]["tables"]) == ["changed"]
    merge_files(team, [third, first, second])
    assert _actions(team) == []
    # --no-notes keeps the stamp (a time, not the rep's words)
    private = export_file(rep, out, now=NOW + timedelta(hours=2), notes=False, name="p.json")
    assert _good_doc(private)["weekly_reviews"] == _good_doc(third)["weekly_reviews"]


def test_reviews_without_changed_at_keep_the_fuller_copy(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Files from an istui that did not stamp the plan: the fuller copy wins,
    whichever is merged first (an old, unstamped copy cannot say it is newer)."""
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    both = [{"action": "トーク改訂", "owner": "山田", "done": False},
            {"action": "リストB", "owner": "山田", "done": False}]  # fmt: skip
    add_review(rep, 2026, 47, {"actions": both})
    fuller = export_file(rep, out, name="fuller.json")
    add_review(rep, 2026, 47, {"actions": both[:1]})
    smaller = export_file(rep, out, now=NOW + timedelta(hours=1), name="smaller.json")
    assert "changed" not in _good_doc(smaller)["weekly_reviews"][0]["tables"]
    for order in ([fuller, smaller], [smaller, fuller]):
        team = team_store(tmp_path / f"team-{order[0].stem}")
        summaries = [merge_files(team, [path])[0][0] for path in order]
        assert _actions(team) == ["トーク改訂", "リストB"]
        last = summaries[-1]
        if order[-1] == smaller:
            assert any(w.startswith("kept the fuller copy of 1 note") for w in last.warnings)
        else:
            assert last.updates == ["weekly review 2026-W47: replaced by this fuller copy"]
    # a stamped copy (the rep's istui now stamps every save) is newer than any
    # unstamped one, which was saved before the rep's istui stamped anything
    rep.store.set_focus(2026, 47, "展示会リスト", "事例から入る", at=AT)
    stamped = export_file(rep, out, now=NOW + timedelta(hours=2), name="stamped.json")
    for order in ([fuller, stamped], [stamped, fuller]):
        team = team_store(tmp_path / f"mixed-{order[0].stem}")
        for path in order:
            merge_files(team, [path])
        assert _actions(team) == ["トーク改訂"]
        plan = team.rep_store("rep-01").week_plan(2026, 47)
        assert plan.focus_lists == "展示会リスト"
