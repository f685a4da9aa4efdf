"""Snapshots of the team view at 80x24 and 120x40 (three reps, one Japanese-named)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from istui.clock import FixedClock
from istui.merge import merge_files
from istui.team_report import load_team_week
from istui.tui.team import TeamApp
from team_helpers import NOW, TUE_REFLECTION, W47, export_file, make_rep, team_store


def _app(tmp_path: Path) -> TeamApp:
    out = tmp_path / "out"
    out.mkdir()
    files = []
    for index, (rep_id, name) in enumerate(
        [("rep-01", "山田 太郎"), ("rep-02", "佐藤 花子"), ("rep-03", "Lee Ann")]
    ):
        rep = make_rep(tmp_path / "reps", rep_id, name, seed=index + 1)
        if index == 0:
            TUE_REFLECTION(rep)
        files.append(export_file(rep, out))
    team = team_store(tmp_path / "team")
    merge_files(team, files)
    week = load_team_week(team, W47.start, W47.end)
    return TeamApp(team=team, week=week, clock=FixedClock(NOW))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_team_view_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size)


def test_rep_drill_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """Enter on a rep (山田, third by name) opens their own weekly review, read-only."""
    press = ["down", "down", "enter"]
    assert snap_compare(_app(tmp_path), terminal_size=(100, 30), press=press)
