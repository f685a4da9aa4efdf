"""Week plans in the store, the week's words from the day files, and `istui report`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.domain.calendar import IsoWeek
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.weekplan import ReviewAction, parse_deadline
from istui.render.review_report import ONE_ON_ONE_QUESTIONS, render
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.forms import save_midcheck, save_reflection
from istui.services.review import load_review
from istui.store import Store, StoreError
from istui.store.layout import day_relpath, week_relpath
from review_helpers import day_outcomes

W47 = IsoWeek(2026, 47)
JST = timezone(timedelta(hours=9))
#: When a test's week plan was saved (the Friday review of W46).
DECIDED = datetime(2026, 11, 13, 17, 30, tzinfo=JST)


def write_events(store: Store, events: list) -> None:  # type: ignore[type-arg]
    by_day: dict[date, list] = {}  # type: ignore[type-arg]
    for e in events:
        by_day.setdefault(e.day, []).append(e)
    for day, evs in by_day.items():
        with store.transaction(day_relpath(day)) as db:
            db.table("events").insert_multiple([e.to_record() for e in evs])


def write_notes(store: Store, day: date, mids: list[dict], reflection: dict | None) -> None:  # type: ignore[type-arg]
    """Submitted forms, saved through the forms' own store API."""
    at = datetime.combine(day, time(18, 30), tzinfo=JST)
    for index, fields in enumerate(mids):
        check = MidCheck(slot=f"{12 + index}:00", rating=3, **fields)
        save_midcheck(store, day, check.submit(at))
    if reflection is not None:
        fields = {k: tuple(v) if isinstance(v, list) else v for k, v in reflection.items()}
        save_reflection(store, Reflection(day=day, **fields).submit(at))


def article_store(store: Store) -> None:
    """The articles' worked example as a store: 1,200 dials, 360 connects, 12 meetings."""
    events = []
    for i, meetings in enumerate([3, 3, 2, 2, 2]):
        events += day_outcomes(
            W47.monday + timedelta(days=i), calls=240, connects=72, meetings=meetings
        )
    write_events(store, events)


@pytest.fixture
def article_config(tmp_path: Path, config_path: Path) -> Path:
    text = config_path.read_text(encoding="utf-8")
    text = text.replace("call = 100", "call = 240").replace("connect = 25", "connect = 72")
    path = tmp_path / "article.toml"
    path.write_text(text, encoding="utf-8")
    return path


def run(args: list[str], config_path: Path, db: Path) -> tuple[int, str, str]:
    runner = CliRunner()
    result = runner.invoke(
        cli,
        ["--config", str(config_path), "--db", str(db), *args],
        env={"ISTUI_NOW": "2026-11-23T10:30:00+09:00"},
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout, result.stderr


# ----------------------------------------------------------------- the store
def test_week_plan_round_trip(store: Store) -> None:
    at = datetime(2026, 11, 27, 17, 0, tzinfo=JST)
    assert store.week_plan(2026, 47).actions == ()
    new = ReviewAction(0, "トークスクリプト改訂", "山田", date(2026, 11, 27), False)
    doc_id = store.add_action(2026, 47, new, at=at)
    store.add_action(2026, 47, ReviewAction(0, "list B first", "", None, False), at=at)
    plan = store.week_plan(2026, 47)
    assert [a.action for a in plan.actions] == ["トークスクリプト改訂", "list B first"]
    first = plan.actions[0]
    assert (first.id, first.owner, first.deadline, first.done) == (
        doc_id,
        "山田",
        date(2026, 11, 27),
        False,
    )
    store.update_action(2026, 47, ReviewAction(doc_id, first.action, "lead", None, True), at=at)
    store.set_focus(2026, 47, "リストB", "new opener", at=at)
    store.set_focus(2026, 47, "list C", "question first", at=at)
    plan = store.week_plan(2026, 47)
    assert (plan.actions[0].owner, plan.actions[0].done, plan.actions[0].deadline) == (
        "lead",
        True,
        None,
    )
    assert (plan.focus_lists, plan.focus_approach) == ("list C", "question first")
    assert [a.action for a in plan.open_actions] == ["list B first"]
    store.remove_action(2026, 47, doc_id, at=at)
    assert len(store.week_plan(2026, 47).actions) == 1
    assert (store.root / week_relpath(2026, 47)).name == "2026-W47.json"


def _plan_stamp(store: Store) -> list[dict[str, object]]:
    return [
        {k: v for k, v in r.items() if k != "doc_id"}
        for r in store.read_table(week_relpath(2026, 47), "changed")
    ]


def test_every_save_of_the_plan_stamps_when_it_changed(store: Store) -> None:
    """Actions and focus carry one changed_at for the week (what the team merge
    compares); every kind of save moves it, a removal of nothing does not."""
    moments = [datetime(2026, 11, 27, 17, minute, tzinfo=JST) for minute in range(6)]
    doc_id = store.add_action(2026, 47, ReviewAction(0, "a", "", None, False), at=moments[0])
    assert _plan_stamp(store) == [{"changed_at": "2026-11-27T17:00:00+09:00"}]
    store.update_action(2026, 47, ReviewAction(doc_id, "b", "", None, True), at=moments[1])
    assert _plan_stamp(store) == [{"changed_at": "2026-11-27T17:01:00+09:00"}]
    store.set_focus(2026, 47, "リストB", "new opener", at=moments[2])
    assert _plan_stamp(store) == [{"changed_at": "2026-11-27T17:02:00+09:00"}]
    store.remove_action(2026, 47, 99, at=moments[3])  # no such action: nothing saved
    assert _plan_stamp(store) == [{"changed_at": "2026-11-27T17:02:00+09:00"}]
    store.remove_action(2026, 47, doc_id, at=moments[4])  # the plan changed, the stamp too
    assert _plan_stamp(store) == [{"changed_at": "2026-11-27T17:04:00+09:00"}]
    with pytest.raises(StoreError):
        store.update_action(2026, 47, ReviewAction(doc_id, "c", "", None, True), at=moments[5])
    assert _plan_stamp(store) == [{"changed_at": "2026-11-27T17:04:00+09:00"}]
    with pytest.raises(ValueError, match="UTC offset"):
        store.set_focus(2026, 47, "x", "y", at=datetime(2026, 11, 27, 18, 0))
    plan = store.week_plan(2026, 47)
    assert (plan.actions, plan.focus_lists) == ((), "リストB")


def test_updating_a_missing_action_names_the_file(store: Store) -> None:
    with pytest.raises(StoreError, match=r"2026-W47\.json: no action 9"):
        store.update_action(
            2026, 47, ReviewAction(9, "x", "", None, True), at=datetime(2026, 11, 27, tzinfo=JST)
        )


def test_a_bad_deadline_is_refused() -> None:
    assert parse_deadline(" ") is None
    assert parse_deadline("2026-12-01") == date(2026, 12, 1)
    with pytest.raises(ValueError, match="not a real date"):
        parse_deadline("2026-02-30")


def test_the_week_reads_only_its_window(store: Store, config: Config) -> None:
    """An unreadable day file outside the 8 weeks does not matter; one inside does."""
    write_events(store, day_outcomes(W47.monday, calls=10))
    outside = W47.shift(-8).sunday
    inside = W47.shift(-7).monday
    (store.root / day_relpath(outside)).parent.mkdir(parents=True, exist_ok=True)
    (store.root / day_relpath(outside)).write_text("not json", encoding="utf-8")
    bundle = load_review(config, store, W47, date(2026, 11, 30))
    line = bundle.review.line("call")
    assert line is not None and line.actual == 10
    (store.root / day_relpath(inside)).write_text("not json", encoding="utf-8")
    with pytest.raises(StoreError):
        load_review(config, store, W47, date(2026, 11, 30))
    partial = load_review(config, store, W47, date(2026, 11, 30), strict=False)
    assert len(partial.problems) == 1  # the screen shows the rest and names the file
    assert day_relpath(inside).split("/")[-1] in partial.problems[0]
    assert "left out of the figures" in partial.problems[0]
    kept = partial.review.line("call")
    assert kept is not None and kept.actual == 10


def test_the_weeks_words_come_from_the_day_files(store: Store, config: Config) -> None:
    tue = W47.monday + timedelta(days=1)
    write_notes(
        store,
        tue,
        [
            {"working": "午前のリストが良い", "need_help": True, "help_text": "同行してほしい"},
            {"blocking": "gatekeepers"},
        ],
        {"went_well": "3 meetings", "objections": ["no budget"]},
    )
    write_notes(store, W47.monday + timedelta(days=7), [{"working": "next week"}], None)
    bundle = load_review(config, store, W47, date(2026, 11, 30))
    words = bundle.words
    assert [s.text for s in words.worked] == ["午前のリストが良い", "3 meetings"]
    assert [s.text for s in words.help_requests] == ["同行してほしい"]
    assert words.objections == (("no budget", 1),)


def test_last_weeks_actions_come_back_with_their_done_state(store: Store, config: Config) -> None:
    store.add_action(2026, 46, ReviewAction(0, "rewrite opener", "me", None, True), at=DECIDED)
    store.add_action(2026, 46, ReviewAction(0, "call list B", "me", None, False), at=DECIDED)
    bundle = load_review(config, store, W47, date(2026, 11, 30))
    assert [(a.action, a.done) for a in bundle.last_plan.actions] == [
        ("rewrite opener", True),
        ("call list B", False),
    ]
    md = render(bundle, "markdown")
    assert "| [x] | rewrite opener | me | – |" in md
    assert "| [ ] | call list B | me | – |" in md
    assert "1 of 2 done." in md


# ------------------------------------------------------------------ reports
def test_report_markdown_is_a_1on1_sheet(
    tmp_path: Path, article_config: Path, clock: FixedClock
) -> None:
    db = tmp_path / "db"
    store = Store(db, today=lambda: clock.now().date())
    article_store(store)
    write_notes(
        store,
        W47.monday + timedelta(days=2),
        [{"blocking": "受付突破できない", "need_help": True, "help_text": "ロープレしたい"}],
        {"learning": "決裁者を先に聞く", "help_request": "リスト追加"},
    )
    store.add_action(
        2026, 46, ReviewAction(0, "opener A/B", "山田", date(2026, 11, 20), False), at=DECIDED
    )
    code, out, err = run(
        ["report", "--week", "2026-W47", "--format", "markdown"], article_config, db
    )
    assert (code, err) == (0, "")
    assert out.startswith("# 1on1 sheet — 山田 太郎 (rep-01) · week 2026-W47")
    assert "## Summary" in out and "| Meetings | 12 | 20 | 60% |" in out
    assert "**the bottleneck is the meeting rate: 3.3% vs 5.6% target" in out
    assert "talk script" in out
    assert "- [ ] Wed mid-check: ロープレしたい" in out
    assert "- [ ] Wed reflection: リスト追加" in out
    assert "決裁者を先に聞く" in out
    assert "| [ ] | opener A/B | 山田 | 2026-11-20 |" in out
    for number, question in enumerate(ONE_ON_ONE_QUESTIONS, 1):
        assert f"{number}. {question}" in out


def test_report_json_and_csv_carry_the_figures(
    tmp_path: Path, article_config: Path, clock: FixedClock
) -> None:
    db = tmp_path / "db"
    article_store(Store(db, today=lambda: clock.now().date()))
    code, out, _ = run(["report", "--week", "2026-W47", "--format", "json"], article_config, db)
    assert code == 0
    data = json.loads(out)
    assert data["week"] == "2026-W47"
    assert data["metrics"]["meeting"] == {
        "actual": 12,
        "target": 20,
        "percent": 60.0,
        "previous": 0,
        "previous_target": 20,
        "change": 12,
    }
    assert data["rates"]["meeting"]["actual"]["num"] == 12
    assert data["rates"]["meeting"]["actual"]["den"] == 360
    assert data["diagnosis"]["verdict"] == "quality"
    assert data["diagnosis"]["stage"] == "meeting"
    assert len(data["days"]) == 7
    code, out, _ = run(["report", "--week", "2026-W47", "--format", "csv"], article_config, db)
    assert code == 0
    rows = list(csv.DictReader(io.StringIO(out)))
    metric = {r["key"]: r for r in rows if r["row"] == "metric"}
    assert (metric["call"]["actual"], metric["call"]["target"]) == ("1200", "1200")
    rate = next(r for r in rows if r["row"] == "rate" and r["key"] == "connect")
    assert (rate["num"], rate["den"], rate["actual"]) == ("360", "1200", "0.3000")
    days = [r for r in rows if r["row"].startswith("day ") and r["key"] == "call"]
    assert [r["actual"] for r in days[:5]] == ["240"] * 5


def test_report_text_defaults_to_the_current_week(config_path: Path, tmp_path: Path) -> None:
    code, out, _ = run(["report"], config_path, tmp_path / "db")
    assert code == 0
    assert out.startswith("Week 2026-W48 · 2026-11-23 – 2026-11-29 (in progress")
    assert "not enough data" in out


@pytest.mark.parametrize("week", ["2027-W53", "2026-W00", "47", "2026-13-01"])
def test_a_bad_week_is_one_line_and_exit_2(week: str, config_path: Path, tmp_path: Path) -> None:
    code, out, err = run(["report", "--week", week], config_path, tmp_path / "db")
    assert code == 2
    assert out == ""
    assert err.count("\n") == 1
    assert err.startswith("istui: --week:")
    assert not (tmp_path / "db").exists()


def test_a_bad_format_is_a_usage_error(config_path: Path, tmp_path: Path) -> None:
    code, _, err = run(["report", "--format", "pdf"], config_path, tmp_path / "db")
    assert code == 2 and err.startswith("istui: ")


def test_report_does_not_import_textual(config_path: Path, tmp_path: Path) -> None:
    import subprocess
    import sys

    code = (
        "import sys\n"
        "from istui.cli import main\n"
        "sys.argv = ['istui', '--config', sys.argv[1], '--db', sys.argv[2], 'report']\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code, str(config_path), str(tmp_path / "db")],
        capture_output=True,
        text=True,
        env={
            "ISTUI_NOW": "2026-11-23T10:30:00+09:00",
            "PATH": "/usr/bin:/bin",
            "HOME": str(tmp_path),
        },
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert "Week 2026-W48" in result.stdout


def test_review_with_a_bad_week_exits_2_before_any_tui(config_path: Path, tmp_path: Path) -> None:
    code, out, err = run(["review", "--week", "2026-W99"], config_path, tmp_path / "db")
    assert (code, out) == (2, "")
    assert err.startswith("istui: --week: '2026-W99': 2026 has no ISO week 99")
    assert err.count("\n") == 1


def test_an_unreadable_file_in_the_window_is_one_line_exit_1(
    config_path: Path, tmp_path: Path, clock: FixedClock
) -> None:
    db = tmp_path / "db"
    store = Store(db, today=lambda: clock.now().date())
    write_events(store, day_outcomes(W47.monday, calls=5))
    (db / week_relpath(2026, 46)).parent.mkdir(parents=True, exist_ok=True)
    (db / week_relpath(2026, 46)).write_text("{broken", encoding="utf-8")
    code, out, err = run(["report", "--week", "2026-W47"], config_path, db)
    assert (code, out) == (1, "")
    assert err.startswith("istui: ") and "2026-W46.json" in err
    assert err.count("\n") == 1


def test_review_opens_the_app_on_the_asked_week(
    config_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from istui.tui.app import IstuiApp

    opened: list[IsoWeek | None] = []
    monkeypatch.setattr(IstuiApp, "run", lambda self, *a, **k: opened.append(self.start_week))
    code, _, err = run(["review", "--week", "2026-W46"], config_path, tmp_path / "db")
    assert (code, err) == (0, f"istui: new store at {tmp_path / 'db'}\n")  # announced once (#15)
    assert opened == [IsoWeek(2026, 46)]


def test_a_name_that_already_shows_the_id_is_not_followed_by_it_again() -> None:
    from istui.render.review import rep_label

    assert rep_label("デモ 花子 (demo)", "demo") == "デモ 花子 (demo)"
    assert rep_label("山田 太郎", "rep-01") == "山田 太郎 (rep-01)"


def test_the_week_in_progress_reads_to_date_in_the_report(
    store: Store, config: Config, clock: FixedClock
) -> None:
    """Monday of W48: the headers say "to date" and compare with last Monday."""
    write_events(store, day_outcomes(date(2026, 11, 16), calls=100))
    write_events(store, day_outcomes(date(2026, 11, 17), calls=100))
    write_events(store, day_outcomes(date(2026, 11, 23), calls=60))
    bundle = load_review(config, store, IsoWeek(2026, 48), date(2026, 11, 23))
    text = render(bundle, "text")
    assert "Mon to date" in text and "last Mon" in text
    calls = bundle.review.line("call")
    assert calls is not None and (calls.previous, calls.change) == (100, -40)
    assert json.loads(render(bundle, "json"))["through"] == "2026-11-23"


@pytest.mark.parametrize("command", ["report", "review"])
def test_a_future_week_is_one_line_and_exit_2(
    command: str, config_path: Path, tmp_path: Path
) -> None:
    code, out, err = run([command, "--week", "2026-W49"], config_path, tmp_path / "db")
    assert code == 2 and out == ""
    assert err.startswith("istui: --week: 2026-W49 is in the future") and err.count("\n") == 1
    assert not (tmp_path / "db").exists()  # refused before the store is touched
