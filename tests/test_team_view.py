"""The team view (TUI) and the team report (markdown, CSV, JSON)."""

from __future__ import annotations

import csv
import io
import json
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from textual.widgets import DataTable, Label

from istui.cli import cli
from istui.cli.common import Env
from istui.domain.calendar import IsoWeek
from istui.services.clock import FixedClock
from istui.services.team import load_team_week
from istui.tui.screens.review import ReviewScreen
from istui.tui.screens.team import TeamScreen
from istui.tui.team_app import TeamApp
from team_helpers import NOW, W47, three_rep_team


@pytest.fixture
def team(tmp_path: Path) -> Any:
    return three_rep_team(tmp_path)


def invoke(*args: str) -> Any:
    return CliRunner().invoke(
        cli, list(args), obj=Env(clock=FixedClock(NOW)), catch_exceptions=False
    )


def test_report_markdown_csv_json(team) -> None:  # type: ignore[no-untyped-def]
    week = load_team_week(team, W47.start, W47.end)
    md = invoke("report", "--team", str(team.root), "--week", "2026-W47")
    assert md.exit_code == 0, md.output
    assert "# Team week 2026-W47" in md.output
    assert "| 山田 太郎 (rep-01) |" in md.output
    assert "同行をお願いしたい" in md.output
    assert "## Connect rate by hour of day" in md.output
    rows = list(csv.reader(io.StringIO(invoke("report", "--team", str(team.root),
                                              "--format", "csv").output)))  # fmt: skip
    assert rows[0][:5] == ["rep_id", "rep_name", "from", "to", "call"]
    assert [r[0] for r in rows[1:]] == ["rep-01", "rep-02", "rep-03", "TEAM"]
    header = rows[0]
    team_row = dict(zip(header, rows[-1], strict=True))
    assert int(team_row["call"]) == week.counts["call"]
    assert float(team_row["connect_rate"]) == pytest.approx(week.connect_rate.value, abs=1e-4)
    data = json.loads(invoke("report", "--team", str(team.root), "--format", "json").output)
    assert data["team"]["connect_rate"]["num"] == week.counts["connect"]
    assert [r["name"] for r in data["reps"]] == ["山田 太郎", "佐藤 花子", "Lee Ann"]


def test_report_team_refuses_bad_input_in_one_line(tmp_path: Path, team) -> None:  # type: ignore[no-untyped-def]
    def one_line(result: Any, code: int, words: str) -> None:
        assert result.exit_code == code, result.output
        lines = result.output.strip().splitlines()
        assert len(lines) == 1 and lines[0].startswith("istui: ") and words in lines[0]
        assert "Traceback" not in result.output

    missing = tmp_path / "none"
    one_line(invoke("report", "--team", str(missing)), 1, f"{missing}: no team store yet")
    rep_store = tmp_path / "rep"
    rep_store.mkdir()
    (rep_store / "store.json").write_text("{}", encoding="utf-8")
    one_line(invoke("report", "--team", str(rep_store)), 1, "is a rep's own store")
    one_line(invoke("report", "--team", str(team.root), "--week", "2026-W99"), 2, "--week")
    one_line(invoke("report", "--team", str(team.root), "--week", "soon"), 2, "'soon'")
    one_line(invoke("report", "--team", str(team.root), "--format", "text"), 2, "--format")
    assert not missing.exists()


def test_team_report_command_is_gone() -> None:
    assert invoke("team-report", "--team", "x").exit_code == 2


async def test_team_screen_sorts_and_drills(team) -> None:  # type: ignore[no-untyped-def]
    week = load_team_week(team, W47.start, W47.end)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == 3
        names = [str(table.get_row_at(i)[0]) for i in range(3)]  # cells are Text, not markup
        assert names == sorted(names)
        await pilot.press("s")  # sort by the calls column
        calls = [r.achievement("call") or 0.0 for r in screen.rows]
        assert None not in [r.achievement("call") for r in screen.rows]
        assert calls == sorted(calls)
        await pilot.press("S")
        assert [r.achievement("call") or 0.0 for r in screen.rows] == sorted(calls, reverse=True)
        first = screen.rows[0]
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen)
        assert review.store.root == team.rep_store(first.rep_id).root
        assert review.config.rep_id == first.rep_id and review.week == IsoWeek(2026, 47)
        assert review.bundle is not None
        assert review.bundle.review.diagnosis == first.bottleneck
        await pilot.press("a")  # read-only: the lead does not edit the rep's plan
        assert isinstance(app.screen, ReviewScreen)
        labels = [str(label.render()) for label in review.query(Label)]
        assert any("read-only" in text for text in labels)
        offered = [b for b in app.active_bindings.values() if b.binding.action == "add_action"]
        assert not [b for b in offered if b.enabled]
        await pilot.press("escape")
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("left_square_bracket")
        assert screen.week.start < week.start


async def test_team_screen_renders_at_80x24(team) -> None:  # type: ignore[no-untyped-def]
    week = load_team_week(team, W47.start, W47.end)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.screen.query_one("#team-totals").render()


def test_team_command_opens_the_app_on_the_latest_week(team, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    opened: list[Any] = []
    monkeypatch.setattr(TeamApp, "run", lambda self: opened.append(self.week))
    result = invoke("team", "--db", str(team.root))
    assert result.exit_code == 0, result.output
    assert opened[0].start == W47.start  # the latest week with data, not today's week
    assert [r.rep_id for r in opened[0].reps] == ["rep-01", "rep-02", "rep-03"]


def test_team_and_merge_refuse_a_file_as_team_store(tmp_path: Path) -> None:
    not_a_folder = tmp_path / "team.txt"
    not_a_folder.write_text("x", encoding="utf-8")
    result = invoke("team", "--db", str(not_a_folder))
    assert result.exit_code == 1 and "is a file" in result.output
    result = invoke("merge", str(not_a_folder), "--into", str(not_a_folder))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert not_a_folder.read_text(encoding="utf-8") == "x"
