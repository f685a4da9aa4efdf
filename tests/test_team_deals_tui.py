"""The team view's deals (#14): per-rep deals won, win rate and cancellation
rate columns fitted to the width (what fits at 80 columns, every column with
its full label at 200), and the team by channel on c (the chart's place).
Pilot tests; snapshots 80x24 and 120x40 in English and Japanese."""

from __future__ import annotations

from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import DataTable, Static

from istui import i18n
from istui.domain.deals import Deal, DealStep
from istui.domain.funnel import Event
from istui.services.clock import FixedClock
from istui.services.team import load_team_week
from istui.store.team import TeamStore
from istui.tui.screens.team import TeamChart, TeamScreen
from istui.tui.team_app import TeamApp
from team_helpers import (
    NOW,
    W47,
    Rep,
    three_rep_team,
)


def step(rep: Rep, event: Event, *steps: DealStep) -> None:
    for s in steps:

        def apply(d: Deal, s: DealStep = s) -> Deal:
            return d.with_step(s)

        rep.store.change_deal(event.id, event.at, apply)


def move_deals(rep: Rep, won: int, lost: int, cancelled: int) -> None:
    """The rep's first meetings of the week: ``won`` won (¥1,000,000 each),
    ``lost`` lost, ``cancelled`` cancelled; a webinar dial beside them."""
    meetings = [e for e in rep.store.events_between(W47.start, W47.end) if e.kind == "meeting"]
    for i, event in enumerate(meetings[: won + lost + cancelled]):
        later = event.at + timedelta(hours=1)
        if i < won:
            step(rep, event, DealStep("held", later), DealStep("won", later, amount=1_000_000))
        elif i < won + lost:
            step(rep, event, DealStep("held", later), DealStep("lost", later, reason="予算"))
        else:
            step(rep, event, DealStep("cancelled", later, reason="日程都合"))
    tagged = [
        Event(
            f"tagged-{rep.config.rep_id}-{i}", meetings[0].at, "call", list="W", channel="webinar"
        )
        for i in range(3)
    ]
    rep.store.add_day_events(meetings[0].at.date(), tagged)


def deals_team(tmp_path: Path) -> TeamStore:
    """The usual three reps; two of them move deals on."""

    def prepare(index: int, rep: Rep) -> None:
        if index == 0:
            move_deals(rep, won=2, lost=2, cancelled=1)
        if index == 1:
            move_deals(rep, won=1, lost=3, cancelled=0)

    return three_rep_team(tmp_path, prepare)


def team_app(tmp_path: Path) -> TeamApp:
    team = deals_team(tmp_path)
    return TeamApp(team=team, week=load_team_week(team, W47.start, W47.end), clock=FixedClock(NOW))


def headers(app: TeamApp) -> list[str]:
    table = app.screen.query_one(DataTable)
    return [str(c.label) for c in table.columns.values()]


def cell(app: TeamApp, rep_id: str, key: str) -> str:
    return str(app.screen.query_one(DataTable).get_cell(rep_id, key))


DEAL_LABELS = {"Won", "Win rate", "Cxl %", "Cancellation rate", "Set", "Amount won"}


@pytest.mark.parametrize(
    ("width", "expected", "dropped"),
    [
        (80, ["Won", "Cxl %"], ["Help", "Refl"]),  # room made: help and reflected go
        (120, ["Won", "Cxl %"], []),
        (200, ["Won", "Win rate", "Cancellation rate", "Set", "Amount won"], []),
    ],
)
async def test_the_deal_columns_fit_the_width(
    tmp_path: Path, width: int, expected: list[str], dropped: list[str]
) -> None:
    app = team_app(tmp_path)
    async with app.run_test(size=(width, 40)) as pilot:
        await pilot.pause()
        shown = headers(app)
        assert [h for h in shown if h in DEAL_LABELS] == expected
        assert not [h for h in dropped if h in shown]
        assert shown.index("Won") == shown.index("Issue" if width < 160 else "Bottleneck") - len(
            expected
        )  # just before the bottleneck
        table = app.screen.query_one(DataTable)
        assert table.virtual_size.width <= width  # never sideways scrolling
        if width < 200:  # deals won with the win rate in one cell; 1 of 11 set cancelled
            assert cell(app, "rep-01", "deals_won") == "2 50%"
            assert cell(app, "rep-02", "deals_won") == "1 25%"
            assert cell(app, "rep-01", "cancel_rate") == "9.1%"
        else:
            assert cell(app, "rep-01", "deals_won") == "2"
            assert cell(app, "rep-01", "win_rate") == "50.0%"
            assert cell(app, "rep-01", "deals_set") == "11"
            assert cell(app, "rep-01", "amount_won") == "¥2,000,000"
            assert cell(app, "rep-03", "win_rate") == "–"  # moves no deal on


async def test_without_deals_the_table_is_as_before(tmp_path: Path) -> None:

    team = three_rep_team(tmp_path)
    app = TeamApp(team=team, week=load_team_week(team, W47.start, W47.end), clock=FixedClock(NOW))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        shown = headers(app)
        assert "Help" in shown and "Refl" in shown and not DEAL_LABELS & set(shown)


async def test_c_shows_the_team_by_channel_in_the_charts_place(tmp_path: Path) -> None:
    app = team_app(tmp_path)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        box = screen.query_one("#team-channels", Static)
        assert screen.query_one(TeamChart).display and not box.display
        await pilot.press("c")
        await pilot.pause()
        assert box.display and not screen.query_one(TeamChart).display
        text = str(box.content)
        assert "The team by channel" in text
        row = next(line for line in text.splitlines() if line.startswith("webinar"))
        assert row.split()[:2] == ["webinar", "6"]  # two reps' 3 tagged dials, summed
        await pilot.press("left_square_bracket")  # the week before: nothing tagged
        await pilot.pause()
        assert "no dial of this week carries a channel" in str(box.content)
        await pilot.press("c")
        await pilot.pause()
        assert screen.query_one(TeamChart).display and not box.display


async def test_sorting_by_a_deal_column(tmp_path: Path) -> None:
    app = team_app(tmp_path)
    async with app.run_test(size=(200, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        keys = [c.key for c in screen.columns]
        screen.sort_index = keys.index("win_rate")
        screen.action_reverse_sort()
        await pilot.pause()
        assert [r.rep_id for r in screen.rows] == ["rep-01", "rep-02", "rep-03"]


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("size", [(80, 24), (120, 40)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_team_deals_snapshot(
    snap_compare: Any, tmp_path: Path, size: tuple[int, int], language: str
) -> None:
    i18n.set_language(language)
    assert snap_compare(team_app(tmp_path), terminal_size=size)


@pytest.mark.parametrize("language", ["en", "ja"])
def test_team_channels_snapshot(snap_compare: Any, tmp_path: Path, language: str) -> None:
    i18n.set_language(language)
    assert snap_compare(team_app(tmp_path), terminal_size=(120, 40), press=["c"])
