"""The month screen: opened from Today (y) and from the weekly review (y), its
words saved as typed, next month's plan applied with ctrl+n, and its pictures
at 80×24 and 120×40 in English and Japanese."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from istui import i18n
from istui.tui.screens.month_review import MonthReviewScreen
from istui.tui.screens.review import ReviewScreen
from snapshot_support import LARGE, SMALL, SnapWorld, make_world, run_snap_app, snap_screen


@pytest.fixture
def world(tmp_path: Path) -> SnapWorld:
    return make_world(tmp_path / "w")


async def test_y_on_today_opens_this_month_and_words_save_as_typed(world: SnapWorld) -> None:
    async with run_snap_app(world, LARGE) as (app, pilot):
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MonthReviewScreen)
        assert (screen.year, screen.month) == (2026, 11)
        area = screen.query_one("#in-why")
        area.focus()
        await pilot.press(*"list ran dry")
        await pilot.pause(0.5)  # past the draft's debounce
        assert world.store.month_words(2026, 11).why == "list ran dry"
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, MonthReviewScreen)
    # reopened, the words are there (no select-on-focus: typing appends)
    async with run_snap_app(world, LARGE) as (app, pilot):
        await pilot.press("y")
        await pilot.pause()
        area = app.screen.query_one("#in-why")
        area.focus()
        await pilot.press("!")
        await pilot.pause(0.5)
        assert world.store.month_words(2026, 11).why == "list ran dry!"


async def test_y_in_the_weekly_review_opens_that_weeks_month(world: SnapWorld) -> None:
    async with run_snap_app(world, LARGE) as (app, pilot):
        await pilot.press("w")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        for _ in range(4):
            await pilot.press("left_square_bracket")  # 2026-W44: Thursday 10-29
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MonthReviewScreen)
        assert (screen.year, screen.month) == (2026, 10)


async def test_ctrl_n_applies_next_months_plan(world: SnapWorld) -> None:
    async with run_snap_app(world, LARGE, notifications=True) as (app, pilot):
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MonthReviewScreen)
        plan = screen.bundle.review.next_plan.plan
        assert plan is not None
        await pilot.press("ctrl+n")
        await pilot.pause()
    last = world.store.target_versions()[-1]
    assert last.effective == date(2026, 12, 1)
    assert (last.source, last.setter) == ("plan", "plan")
    assert last.values["call"] == plan.daily["call"]


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("language", ["en", "ja"])
def test_month_screen_snapshot(
    snap_compare: Any,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    language: str,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    i18n.set_language(language)
    world = make_world(tmp_path / "snap")
    assert snap_screen(snap_compare, world, None, "istui-dark", size, press=["y"])
