"""Snapshots of the team view at 80x24 and 120x40 (three reps, one Japanese-named)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from istui.services.clock import FixedClock
from istui.services.team import load_team_week
from istui.tui.team_app import TeamApp
from team_helpers import NOW, W47, three_rep_team


def _app(tmp_path: Path) -> TeamApp:
    team = three_rep_team(tmp_path)
    week = load_team_week(team, W47.start, W47.end)
    return TeamApp(team=team, week=week, clock=FixedClock(NOW))


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
def test_team_view_snapshot(snap_compare: Any, tmp_path: Path, size: tuple[int, int]) -> None:
    assert snap_compare(_app(tmp_path), terminal_size=size)


def test_rep_drill_snapshot(snap_compare: Any, tmp_path: Path) -> None:
    """Enter on a rep (山田, third by name) opens their own weekly review, read-only."""
    press = ["down", "down", "enter"]
    assert snap_compare(_app(tmp_path), terminal_size=(100, 30), press=press)


async def test_the_team_chart_keeps_whole_names_and_marks_series_apart(tmp_path: Path) -> None:
    """Japanese names whole, the two series told apart by fill (█ and ▒), the key
    on the title line, not over the bars."""
    from istui.tui.screens.team import TeamChart

    app = _app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        chart = app.screen.query_one(TeamChart)
        lines = chart.render().plain.splitlines()
        assert lines[0].startswith("achievement %") and "█ dials" in lines[0]
        assert "▒ meetings" in lines[0]
        body = "\n".join(lines[1:])
        assert "山田 太郎" in body and "佐藤 花子" in body and "Lee Ann" in body
        assert "█" in body and "▒" in body
        assert chart.size.height >= 15  # the chart gets the room the short table leaves
