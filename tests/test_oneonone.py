"""The 1on1 on record (#16): recorded in its screen, kept with the week,
exported (without its words under --no-notes), merged for the lead, and shown
at the next 1on1 beside the done state of the actions it agreed."""

from __future__ import annotations

import json
import sqlite3
from contextlib import closing
from dataclasses import replace
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable

from istui import i18n
from istui.domain.calendar import IsoWeek
from istui.domain.oneonone import ANSWER_LIMIT, QUESTION_COUNT, OneOnOne, phase_at
from istui.domain.weekplan import ReviewAction
from istui.render.oneonone import question
from istui.render.review_report import render
from istui.services.context import Context
from istui.services.merge import load_export, merge_files
from istui.services.merge.check import Rejected
from istui.services.review import load_review
from istui.store.team import DB_SCHEMA, TeamStore
from istui.tui.screens.oneonone import OneOnOneScreen
from istui.tui.screens.review import ReviewScreen
from snapshot_support import LARGE, SMALL, SnapCompare, SnapWorld, snap_screen, snap_world
from team_helpers import JST, NOW, W47, export_file, make_rep

__all__ = ["snap_world"]  # the fixture, imported for pytest

W47_ISO = IsoWeek(2026, 47)
AT = datetime(2026, 11, 20, 17, 0, tzinfo=JST)


def talk(*answers: str, at: datetime = AT) -> OneOnOne:
    full = (*answers, *("",) * (QUESTION_COUNT - len(answers)))
    return OneOnOne(answers=full, started_at=at, changed_at=at)


# ------------------------------------------------------------------ domain
@pytest.mark.parametrize(
    ("seconds", "index", "over"),
    [(0, 0, False), (299, 0, False), (300, 1, False), (899, 1, False), (900, 2, False),
     (1799, 2, False), (1800, 3, False), (2400, 4, False), (2699, 4, False), (2700, 4, True),
     (-5, 0, False)],
)  # fmt: skip
def test_the_time_guide_follows_the_format(seconds: int, index: int, over: bool) -> None:
    """5 · 10 · 15 · 10 · 5 minutes; past 45 the guide stays on the last phase."""
    at = phase_at(seconds)
    assert (at.index, at.over) == (index, over)


def test_a_record_reads_back_and_bad_ones_are_named() -> None:
    original = talk("契約が2件進んだ", "", "顧客に感謝された時")
    assert OneOnOne.from_record(original.to_record()) == original
    assert original.to_record()["answers"] == {"q1": "契約が2件進んだ", "q3": "顧客に感謝された時"}
    with pytest.raises(ValueError, match="unknown question"):
        OneOnOne.from_record({"answers": {"q8": "x"}})
    with pytest.raises(ValueError, match="at most"):
        OneOnOne.from_record({"answers": {"q1": "x" * (ANSWER_LIMIT + 1)}})
    with pytest.raises(ValueError, match="no UTC offset"):
        OneOnOne.from_record({"changed_at": "2026-11-20T17:00:00"})
    with pytest.raises(ValueError, match="control"):
        OneOnOne.from_record({"answers": {"q2": "a\x1b[2Jb"}})


# ----------------------------------------------------------- store, export
def test_stored_with_the_week_and_exported_on_its_own(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    rep.store.save_one_on_one(2026, 47, talk("アポが3件", "架電リストの精査"))
    assert rep.store.one_on_one(2026, 47) == talk("アポが3件", "架電リストの精査")
    # not one of the review's tables: it travels on its own
    assert "one_on_one" not in rep.store.week_review_tables(2026, 47)
    doc = json.loads(export_file(rep, tmp_path).read_text(encoding="utf-8"))
    assert doc["schema"] == 2
    assert doc["one_on_ones"] == [
        {
            "week": "2026-W47",
            "answers": {"q1": "アポが3件", "q2": "架電リストの精査"},
            "started_at": AT.isoformat(),
            "changed_at": AT.isoformat(),
        }
    ]
    bare = json.loads(
        export_file(rep, tmp_path, notes=False, name="bare.json").read_text(encoding="utf-8")
    )
    assert bare["one_on_ones"] == [
        {"week": "2026-W47", "started_at": AT.isoformat(), "changed_at": AT.isoformat()}
    ]
    assert "アポ" not in json.dumps(bare, ensure_ascii=False)


def _merged(team: TeamStore, rep_id: str = "rep-01") -> OneOnOne | None:
    return team.rep_store(rep_id).one_on_one(2026, 47)


def test_merged_for_the_lead_newest_change_wins(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    out = tmp_path / "out"
    out.mkdir()
    rep.store.save_one_on_one(2026, 47, talk("first"))
    old = export_file(rep, out, name="old.json")
    later = AT + timedelta(hours=1)
    rep.store.save_one_on_one(2026, 47, talk("first, then more", at=later))
    new = export_file(rep, out, name="new.json")
    bare = export_file(rep, out, notes=False, name="bare.json")
    team = TeamStore(tmp_path / "team.db", today=lambda: NOW.date())
    summaries, rejected = merge_files(team, [new])
    assert not rejected and summaries[0].notes_added >= 1
    assert _merged(team) == talk("first, then more", at=later)
    summaries, rejected = merge_files(team, [old])  # older: kept the newer
    assert not rejected and _merged(team) == talk("first, then more", at=later)
    assert any("1on1 2026-W47" in w for w in summaries[0].warnings)
    merge_files(team, [bare])  # the same change without words: the fuller copy stays
    assert _merged(team) == talk("first, then more", at=later)
    # what the rep's own review and the lead's read-only copy of it see
    assert team.rep_store("rep-01").week_plan(2026, 47) == rep.store.week_plan(2026, 47)


def test_a_schema_1_export_still_merges_without_a_1on1(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    path = export_file(rep, tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["schema"] = 1
    del doc["one_on_ones"]
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    assert load_export(path).one_on_ones == {}
    team = TeamStore(tmp_path / "team.db", today=lambda: NOW.date())
    assert merge_files(team, [path])[1] == []
    assert _merged(team) is None


@pytest.mark.parametrize(
    ("entry", "says"),
    [
        ({"week": "2026-W47", "answers": {"q9": "x"}}, "unknown question"),
        ({"week": "2026-W40", "answers": {}}, "outside the range"),
        ({"week": "2026-w47"}, "not like 2026-W47"),
        ({"week": "2026-W47", "answers": {"q1": "x" * 5000}}, "one_on_ones"),
        ({"week": "2026-W47", "changed_at": "yesterday"}, "not a time"),
        ({"week": "2026-W47", "mood": "ok"}, "mood"),
    ],
)
def test_a_bad_1on1_refuses_the_file(tmp_path: Path, entry: dict[str, Any], says: str) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    path = export_file(rep, tmp_path)
    doc = json.loads(path.read_text(encoding="utf-8"))
    doc["one_on_ones"] = [entry]
    path.write_text(json.dumps(doc), encoding="utf-8")
    with pytest.raises(Rejected, match=says):
        load_export(path)
    team = TeamStore(tmp_path / "team.db", today=lambda: NOW.date())
    summaries, rejected = merge_files(team, [path])
    assert rejected and not summaries and not team.exists


def test_a_team_store_of_schema_1_gets_the_table_at_the_next_merge(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    team = TeamStore(tmp_path / "team.db", today=lambda: NOW.date())
    merge_files(team, [export_file(rep, tmp_path, name="plain.json")])
    team.close()
    with closing(sqlite3.connect(team.db_path)) as conn, conn:
        # as a schema-1 store is: none of the tables later schemas add
        conn.execute("DROP TABLE one_on_ones")
        conn.execute("DROP TABLE event_counts")
        conn.execute("PRAGMA user_version = 1")
    team = TeamStore(tmp_path / "team.db", today=lambda: NOW.date())
    assert _merged(team) is None  # read as none, not an error
    rep.store.save_one_on_one(2026, 47, talk("merged after the upgrade"))
    assert merge_files(team, [export_file(rep, tmp_path)])[1] == []
    assert _merged(team) == talk("merged after the upgrade")
    version = team.query("PRAGMA user_version")[0][0]
    assert version == DB_SCHEMA


def test_the_next_weeks_review_and_sheet_show_last_weeks_1on1(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    rep.store.save_one_on_one(2026, 46, talk("新規リストでアポ3件", "", "感謝された時"))
    bundle = load_review(rep.config, rep.store, W47_ISO, W47.end)
    assert bundle.last_talk is not None and bundle.talk is None
    sheet = render(bundle, "markdown")
    part = sheet[sheet.index("## Last week's actions") : sheet.index("## Next week")]
    assert "## Last week's 1on1" in part
    assert "- 1. 新規リストでアポ3件" in part and "- 3. 感謝された時" in part
    data = json.loads(render(bundle, "json"))
    assert data["one_on_one"] is None
    assert data["last_one_on_one"]["answers"] == {"q1": "新規リストでアポ3件", "q3": "感謝された時"}


# --------------------------------------------------------------------- sheet
def test_the_japanese_sheet_asks_the_articles_own_questions(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    bundle = load_review(rep.config, rep.store, W47_ISO, W47.end)
    i18n.set_language("ja")
    sheet = render(bundle, "markdown")
    assert "1. 今週はどんな成果や進展があったか、教えてください" in sheet
    assert "最近の業務で、新しい発見や気づきがあれば共有してください" in sheet
    assert "「特に問題ありません」" in sheet and "もし一つだけ改善できるとしたら" in sheet
    assert "What results or progress" not in sheet


# ----------------------------------------------------------------- the screen
def _screen(world: SnapWorld, week: IsoWeek, **kwargs: Any) -> OneOnOneScreen:
    return OneOnOneScreen(Context(world.config, world.store, world.clock), week, **kwargs)


async def test_recorded_as_typed_with_actions_agreed_and_shown_next_week(
    snap_world: SnapWorld,
) -> None:
    """The loop on record: answers typed in week 48's 1on1, an action agreed
    (written straight into the week's review actions), then at week 49's
    1on1 last week's answers beside that action's done state."""
    from istui.tui.app import IstuiApp

    world = snap_world
    week = IsoWeek.of(world.clock.now().date())
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock, start_week=week)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("o")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, OneOnOneScreen)
        await pilot.press(*"新規リスト")  # the first question has the focus, nothing selected
        await pilot.pause(0.5)
        saved = world.store.one_on_one(week.year, week.week)
        assert saved is not None and saved.answer(1) == "新規リスト"
        assert saved.started_at == world.clock.now()
        await pilot.press("ctrl+n")
        await pilot.pause()
        await pilot.press(*"call list B first", "enter", "enter", *"2026-12-04", "enter")
        await pilot.pause()
        assert isinstance(app.screen, OneOnOneScreen)
        plan = world.store.week_plan(week.year, week.week)
        assert [(a.action, a.owner, a.deadline) for a in plan.actions][-1] == (
            "call list B first",
            "山田 太郎",
            date(2026, 12, 4),
        )
        assert screen.query_one("#oo-actions", DataTable).row_count == len(plan.actions)
        # the clock runs from the injected clock and only suggests
        world.clock.advance(minutes=16)
        screen.refresh_clock()
        assert "The real issue" in str(screen.query_one("#oo-clock").render())
        world.clock.advance(minutes=40)
        screen.refresh_clock()
        assert "past the format's 45 minutes" in str(screen.query_one("#oo-clock").render())
        assert isinstance(app.screen, OneOnOneScreen)  # never closed by it
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
    # the action was done during the week; the next 1on1 shows both
    action = plan.actions[-1]
    world.store.update_action(
        week.year, week.week, replace(action, done=True), at=world.clock.now()
    )
    nxt = _screen(world, week.shift(1))
    assert nxt.bundle.last_talk is not None
    last = str(nxt._last_text())
    assert "1. 新規リスト" in last
    assert "✓ call list B first" in last
    assert "done" in last


async def test_reopening_keeps_the_answers_and_read_only_writes_nothing(
    snap_world: SnapWorld,
) -> None:
    from istui.tui.app import IstuiApp

    world = snap_world
    week = IsoWeek.of(world.clock.now().date())
    world.store.save_one_on_one(week.year, week.week, talk("kept"))
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = _screen(world, week, read_only=True)
        await app.push_screen(screen)
        await pilot.pause()
        assert screen._input("q1") == "kept"
        await pilot.click("#in-q2")
        await pilot.press(*"typed")
        await pilot.press("ctrl+n")
        await pilot.pause(0.5)
        assert isinstance(app.screen, OneOnOneScreen)
        assert world.store.one_on_one(week.year, week.week) == talk("kept")
        await pilot.press("escape")
        await pilot.pause()
        screen = _screen(world, week)
        await app.push_screen(screen)
        await pilot.pause()
        await pilot.press("x")  # the cursor is after the saved words: nothing replaced
        await pilot.pause(0.5)
        saved = world.store.one_on_one(week.year, week.week)
        assert saved is not None and saved.answer(1) == "keptx"


def test_the_lead_sees_the_merged_1on1_in_the_team_view(tmp_path: Path) -> None:
    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    rep.store.save_one_on_one(2026, 47, talk("リード共有"))
    team = TeamStore(tmp_path / "team.db", today=lambda: NOW.date())
    merge_files(team, [export_file(rep, tmp_path)])
    from istui.services.clock import FixedClock

    ctx = Context(rep.config, team.rep_store("rep-01"), FixedClock(NOW + timedelta(days=7)))
    screen = OneOnOneScreen(ctx, IsoWeek(2026, 48), read_only=True)
    assert "1. リード共有" in str(screen._last_text())
    screen = OneOnOneScreen(ctx, W47_ISO, read_only=True)
    assert screen.bundle.talk == talk("リード共有")


def _with_history(world: SnapWorld) -> None:
    week = IsoWeek.of(world.clock.now().date())
    last = week.shift(-1)
    world.store.save_one_on_one(
        last.year,
        last.week,
        talk(
            "新規開拓でアポ2件", "受付突破に時間がかかる", at=world.clock.now() - timedelta(days=7)
        ),
    )
    at = world.clock.now() - timedelta(days=7)
    world.store.add_action(
        last.year, last.week, ReviewAction(0, "決裁者リストを先に架電", "山田", None, True), at=at
    )
    world.store.add_action(
        last.year, last.week, ReviewAction(0, "トークスクリプト改訂", "佐藤", date(2026, 11, 27), False),
        at=at,
    )  # fmt: skip
    world.store.save_one_on_one(week.year, week.week, talk("今週は商談化率が上がった"))


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_one_on_one_snapshot(
    snap_compare: SnapCompare, snap_world: SnapWorld, size: tuple[int, int], lang: str
) -> None:
    i18n.set_language(lang)
    _with_history(snap_world)
    week = IsoWeek.of(snap_world.clock.now().date())

    def quiet(pilot: Any) -> None:
        pilot.app.clear_notifications()  # the day's mid-check reminder, not this screen

    assert snap_screen(
        snap_compare,
        snap_world,
        lambda app: _screen(snap_world, week),
        "istui-dark",
        size,
        run_before=quiet,
    )


def test_question_wording_follows_the_language() -> None:
    assert question(2).startswith("2. What is consuming")
    i18n.set_language("ja")
    assert (
        question(2) == "2.『現在、最も時間やエネルギーを消耗していることは何でしょうか?』(課題発見)"
    )


def test_an_unreadable_1on1_is_shown_read_only_and_never_replaced(snap_world: SnapWorld) -> None:
    from istui.store.layout import week_relpath

    world = snap_world
    week = IsoWeek.of(world.clock.now().date())
    with world.store.transaction(week_relpath(week.year, week.week)) as db:
        db.table("one_on_one").insert({"answers": {"q1": "a\x07b"}, "changed_at": AT.isoformat()})
    screen = _screen(world, week)
    assert screen.read_only and screen.bundle.locked
    screen.write({"answers": ("typed",) + ("",) * 6})
    raw = world.store.one_on_one_record(week.year, week.week)
    assert raw is not None and raw["answers"] == {"q1": "a\x07b"}
    assert any("1on1" in p for p in screen.bundle.review.problems)


def test_an_unreadable_1on1_stops_the_export_with_one_line(tmp_path: Path) -> None:
    from istui.store import StoreError
    from istui.store.layout import week_relpath

    rep = make_rep(tmp_path, "rep-01", "山田 太郎")
    with rep.store.transaction(week_relpath(2026, 47)) as db:
        db.table("one_on_one").insert({"answers": {"q9": "x"}})
    with pytest.raises(StoreError, match=r"2026-W47\.json: 1on1 answers: unknown question"):
        export_file(rep, tmp_path)
