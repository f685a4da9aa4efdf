"""The team's month: `istui report --team T --month M` per rep against target,
the month's bottleneck, the team's totals as sums, and the days a rep was
judged against targets they lowered (carried by the export's versions)."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path
from typing import Any

from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.domain.targets import TargetVersion
from istui.services.clock import FixedClock
from istui.services.export import Span
from istui.services.merge import merge_files
from team_helpers import NOW, export_file, make_rep, team_store

NOVEMBER = Span(date(2026, 11, 1), date(2026, 11, 22))


def invoke(*args: str) -> Any:
    return CliRunner().invoke(
        cli, list(args), obj=Env(clock=FixedClock(NOW)), catch_exceptions=False
    )


def _team(tmp_path: Path) -> Path:
    out = tmp_path / "out"
    out.mkdir()
    files = []
    for index, (rep_id, name) in enumerate([("rep-01", "山田 太郎"), ("rep-02", "Lee Ann")]):
        rep = make_rep(tmp_path / "reps", rep_id, name, seed=index + 1)
        if index == 0:  # the reflection lowered Tuesday's dials for herself
            rep.store.add_target_version(
                TargetVersion(
                    date(2026, 11, 17),
                    {"call": 50, "connect": 25, "meeting": 4, "email": 40},
                    single_day=True,
                    source="reflection",
                )
            )
        files.append(export_file(rep, out, NOVEMBER))
    store = team_store(tmp_path / "team")
    _, rejected = merge_files(store, files)
    assert not rejected
    return store.root


def test_team_month_json_sums_and_lowered_days(tmp_path: Path) -> None:
    root = _team(tmp_path)
    result = invoke("report", "--team", str(root), "--month", "2026-11", "--format", "json")
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["month"] == "2026-11"
    assert data["from"] == "2026-11-01" and data["to"] == "2026-11-30"
    reps = {r["rep_id"]: r for r in data["reps"]}
    for key in ("call", "meeting"):
        assert data["team"]["counts"][key] == sum(r["counts"][key] for r in reps.values())
        assert data["team"]["targets"][key] == sum(r["targets"][key] for r in reps.values())
    assert reps["rep-01"]["lowered_days"] == [
        {
            "date": "2026-11-17",
            "targets": {"call": 50, "connect": 25, "meeting": 4, "email": 40},
            "usual": {"call": 100, "connect": 25, "meeting": 4, "email": 40},
            "lowered": ["call"],
        }
    ]
    assert reps["rep-02"]["lowered_days"] == []
    assert reps["rep-01"]["bottleneck"]["verdict"] in {"quality", "volume", "short", "target met"}


def test_team_month_markdown_and_csv(tmp_path: Path) -> None:
    root = _team(tmp_path)
    md = invoke("report", "--team", str(root), "--month", "2026-11").output
    assert md.startswith("# Team month November 2026")
    assert "| **Team** |" in md
    assert (
        "- 山田 太郎: 2026-11-17: judged against targets the rep lowered: call 50 (usual 100)" in md
    )
    rows = list(
        csv.reader(
            io.StringIO(
                invoke(
                    "report", "--team", str(root), "--month", "2026-11", "--format", "csv"
                ).output
            )
        )
    )
    assert rows[0] == [
        "month",
        "rep_id",
        "name",
        "key",
        "actual",
        "target",
        "achievement",
        "bottleneck",
    ]
    assert any(r[1] == "" and r[2] == "team" and r[3] == "call" for r in rows)


def test_team_month_bad_format_is_one_line(tmp_path: Path) -> None:
    root = _team(tmp_path)
    result = invoke("report", "--team", str(root), "--month", "2026-11", "--format", "text")
    assert result.exit_code == 2
    assert "--format text: with --team use one of markdown, csv, json" in result.output
    assert "Traceback" not in result.output


async def test_team_view_month_mode_and_the_lowered_mark(tmp_path: Path) -> None:
    from textual.widgets import Static

    from istui.services.team import load_team_week
    from istui.tui.screens.team import TeamScreen
    from istui.tui.team_app import TeamApp
    from team_helpers import W47

    root = _team(tmp_path)
    team = team_store(root)
    week = load_team_week(team, W47.start, W47.end)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=(120, 40)) as pilot:
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        totals = str(screen.query_one("#team-totals", Static).render())
        assert "↓ judged against targets the rep lowered: 山田 太郎: 11-17" in totals
        await pilot.press("y")
        await pilot.pause()
        assert screen.month == (2026, 11)
        assert (screen.week.start, screen.week.end) == (date(2026, 11, 1), date(2026, 11, 30))
        title = str(screen.query_one("#team-title", Static).render())
        assert title.startswith("Team month November 2026")
        rep = next(r for r in screen.week.reps if r.rep_id == "rep-01")
        assert rep.bottleneck.month
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.month == (2026, 10)
        await pilot.press("y")
        await pilot.pause()
        assert screen.month is None
        assert screen.week.start == date(2026, 9, 28)  # the week of October's first day
