"""The forms' words end to end: written through the forms' store API, read by the
weekly review, the 1on1 report, the export (with and without notes), the merge
and the team report; and one diagnosis for the rep's review and the team view."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import date, datetime, time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.domain.calendar import IsoWeek
from istui.domain.reflection import (
    MIDCHECK_TEXT_FIELDS,
    REFLECTION_TEXT_FIELDS,
    MidCheck,
    Reflection,
    snapshot_of,
)
from istui.render import diagnosis as diagnosis_text
from istui.services.clock import FixedClock
from istui.services.context import Context
from istui.services.forms import save_midcheck, save_reflection
from istui.services.review import load_review
from istui.services.team import load_team_week
from team_helpers import JST, NOW, W47, Rep, make_rep, team_store

TUE, WED = date(2026, 11, 17), date(2026, 11, 18)
WORKING = "午前は決裁者に直接つながった"
BLOCKING = "受付突破ができない"
MID_HELP = "トークを一緒に見てほしい"
WENT_WELL = "導入事例を先に話すとアポになった"
LEARNING = "金曜の夕方は決裁者がつかまりやすい"
PLAN = "予算の反論への切り返しを3つ用意する"
OTHER = "「今は忙しい」と切られる"
REF_HELP = "同行をお願いしたい"
DRAFT = "まだ書きかけの振り返り"
WORDS = (WORKING, BLOCKING, MID_HELP, WENT_WELL, LEARNING, PLAN, OTHER, REF_HELP)


def _fill_forms(rep: Rep) -> None:
    """A submitted mid-check and reflection on Tuesday, a draft reflection on
    Wednesday: exactly what the forms save, figure snapshots included."""
    config, store = rep.config, rep.store

    def snapshot(day: date, at: time) -> Any:
        moment = datetime.combine(day, at, tzinfo=JST)
        view = Context(config, store, FixedClock(moment)).day_view(day)
        return moment, snapshot_of(view)

    moment, snap = snapshot(TUE, time(12, 5))
    check = MidCheck(
        slot="12:00",
        rating=2,
        working=WORKING,
        blocking=BLOCKING,
        adjustment="16時台に決裁者リストを架電",
        need_help=True,
        help_text=MID_HELP,
        snapshot=snap,
    )
    save_midcheck(store, TUE, check.submit(moment))
    moment, snap = snapshot(TUE, time(18, 20))
    reflection = Reflection(
        day=TUE,
        went_well=WENT_WELL,
        hard="午後の接続率が低い",
        learning=LEARNING,
        objections=("no budget", "bad timing"),
        objections_other=OTHER,
        actions=(PLAN,),
        focus=4,
        energy=2,
        help_request=REF_HELP,
        snapshot=snap,
    )
    save_reflection(store, reflection.submit(moment))
    moment, snap = snapshot(WED, time(18, 10))
    draft = Reflection(day=WED, went_well=DRAFT, help_request="下書きの相談", snapshot=snap)
    save_reflection(store, replace(draft, changed_at=moment))


@pytest.fixture
def rep(tmp_path: Path) -> Rep:
    rep = make_rep(tmp_path / "reps", "rep-01", "山田 太郎", seed=4)
    _fill_forms(rep)
    return rep


def run(rep: Rep | None, *args: str) -> Any:
    env = Env(clock=FixedClock(NOW))
    if rep is not None:
        env.config_option, env.db_option = str(rep.config.path), str(rep.store.root)
    result = CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    return result


def section(markdown: str, heading: str) -> str:
    """The text of one ``## heading`` section of a markdown report."""
    after = markdown.split(f"## {heading}\n", 1)[1]
    return after.split("\n## ", 1)[0]


def test_the_forms_words_reach_the_report_the_export_and_the_team(rep: Rep, tmp_path: Path) -> None:
    # The rep's own 1on1 sheet.
    md = run(rep, "report", "--week", "2026-W47", "--format", "markdown").output
    words = section(md, "The week's words")
    for text in (WORKING, BLOCKING, WENT_WELL, LEARNING, PLAN, OTHER):
        assert text in words, text
    assert "Tue mid-check" in words and "Tue reflection" in words
    assert DRAFT not in md  # a draft is not yet said
    helps = section(md, "Open help requests")
    assert f"- [ ] Tue mid-check: {MID_HELP}" in helps
    assert f"- [ ] Tue reflection: {REF_HELP}" in helps
    assert "下書きの相談" not in helps
    assert "unreadable" not in md

    # The export carries the words; --no-notes only the numbers and pick-lists.
    full_path, bare_path = tmp_path / "full.json", tmp_path / "bare.json"
    run(rep, "export", "--week", "2026-W47", "-o", str(full_path))
    run(rep, "export", "--week", "2026-W47", "--no-notes", "-o", str(bare_path))
    full_text = full_path.read_text(encoding="utf-8")
    assert all(text in full_text for text in WORDS)
    bare_text = bare_path.read_text(encoding="utf-8")
    assert not [text for text in (*WORDS, DRAFT) if text in bare_text]
    bare = json.loads(bare_text)
    (tue_checks,) = [d["records"] for d in bare["midchecks"] if d["date"] == "2026-11-17"]
    (check,) = tue_checks
    assert not set(MIDCHECK_TEXT_FIELDS) & set(check)
    assert (check["rating"], check["need_help"], check["status"]) == (2, True, "done")
    assert MidCheck.from_record(check).snapshot is not None  # the figures stay whole
    (tue_refl,) = [d["records"][0] for d in bare["reflections"] if d["date"] == "2026-11-17"]
    assert not set(REFLECTION_TEXT_FIELDS) & set(tue_refl)
    assert (tue_refl["focus"], tue_refl["energy"]) == (4, 2)
    assert tue_refl["objections"] == ["no budget", "bad timing"]
    assert Reflection.from_record(tue_refl).submitted

    # The lead merges the full export; the team report shows the words' signals.
    team_dir = tmp_path / "team"
    run(None, "merge", str(full_path), "--into", str(team_dir))
    team_md = run(None, "report", "--team", str(team_dir), "--week", "2026-W47").output
    help_section = section(team_md, "Open help requests")
    assert f"山田 太郎, Tue mid-check: {MID_HELP}" in help_section
    assert f"山田 太郎, Tue reflection: {REF_HELP}" in help_section
    data = json.loads(
        run(
            None, "report", "--team", str(team_dir), "--week", "2026-W47", "--format", "json"
        ).output
    )
    (rep_data,) = data["reps"]
    assert rep_data["reflected"]["2026-11-17"] is True
    assert rep_data["reflected"]["2026-11-18"] is False  # only a draft that day
    assert [h["text"] for h in rep_data["help_requests"]] == [MID_HELP, REF_HELP]

    # The same team view, merged from the --no-notes export: numbers only.
    bare_dir = tmp_path / "bare-team"
    run(None, "merge", str(bare_path), "--into", str(bare_dir))
    bare_team = json.loads(
        run(
            None, "report", "--team", str(bare_dir), "--week", "2026-W47", "--format", "json"
        ).output
    )
    (bare_rep,) = bare_team["reps"]
    assert bare_rep["reflected"] == rep_data["reflected"]
    assert [h["text"] for h in bare_rep["help_requests"]] == ["asked for help"]


def test_the_team_bottleneck_is_the_reps_own_review_diagnosis(
    rep: Rep, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "rep-01.json"
    run(rep, "export", "--week", "2026-W47", "-o", str(out))
    team = team_store(tmp_path / "team")
    run(None, "merge", str(out), "--into", str(team.root))
    for today in (NOW.date(), date(2026, 11, 19)):  # after the week, and mid-week
        own = load_review(rep.config, rep.store, IsoWeek(2026, 47), today).review.diagnosis
        monkeypatch.setattr(team, "today", lambda day=today: day)
        (merged,) = load_team_week(team, W47.start, W47.end).reps
        assert merged.bottleneck == own
    data = json.loads(
        run(
            None, "report", "--team", str(team.root), "--week", "2026-W47", "--format", "json"
        ).output
    )
    own = load_review(rep.config, rep.store, IsoWeek(2026, 47), NOW.date()).review.diagnosis
    assert data["reps"][0]["bottleneck"]["headline"] == diagnosis_text.headline(own)


def test_the_newest_edit_of_a_reflection_wins_the_merge(rep: Rep, tmp_path: Path) -> None:
    first = tmp_path / "first.json"
    run(rep, "export", "--week", "2026-W47", "-o", str(first))
    reflection = Reflection.from_record(
        rep.store.read_table("days/2026/2026-11-17.json", "reflection")[0]
    )
    edited = replace(
        reflection, learning="直した気づき", changed_at=datetime(2026, 11, 19, 9, 0, tzinfo=JST)
    )
    save_reflection(rep.store, edited)
    second = tmp_path / "second.json"
    run(rep, "export", "--week", "2026-W47", "-o", str(second))
    team_dir = tmp_path / "team"
    result = run(None, "merge", str(second), str(first), "--into", str(team_dir))
    assert "older one is ignored" in result.output
    team = team_store(team_dir)
    stored = team.rep_store("rep-01").read_table("days/2026/2026-11-17.json", "reflection")
    assert stored[0]["learning"] == "直した気づき"
