"""Deals won against the monthly target, with the landing forecast (着地予測), on
the monthly review screen (y) and the month view (p, ctrl+t), as `istui
targets month` prints them; neither screen changes for a rep with no monthly
deal target who never moved a deal on. Pilot tests; snapshots 80x24 / 120x40,
English and Japanese."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import Static

from istui import i18n
from istui.domain.deals import Deal, DealStep
from istui.services.config import load_config
from istui.tui.app import IstuiApp
from istui.tui.screens.month_review import MonthReviewScreen
from istui.tui.screens.targets import MonthScreen
from snapshot_support import LARGE, SMALL, SnapWorld, make_world, run_snap_app, snap_screen


def with_deals(world: SnapWorld, *, targets: bool = True) -> SnapWorld:
    """Monthly targets of 4 deals and ¥4,000,000; two of November's first
    meetings won (¥1,500,000 and ¥500,000), a third lost."""
    path = world.folder / "config.toml"
    text = path.read_text(encoding="utf-8")
    if targets:
        text = text.replace("monthly_won = 0", "monthly_won = 4")
        text = text.replace("monthly_amount = 0", "monthly_amount = 4000000")
        assert "monthly_won = 4" in text and "monthly_amount = 4000000" in text
    path.write_text(text, encoding="utf-8")
    config = load_config(path)
    meetings = [
        e
        for e in world.store.events_between(date(2026, 11, 2), date(2026, 11, 20))
        if e.kind == "meeting"
    ]
    for event, steps in zip(
        meetings,
        [
            ("held", ("won", 1_500_000)),
            ("held", ("won", 500_000)),
            ("held", ("lost", None)),
        ],
        strict=False,
    ):
        later = event.at + timedelta(days=2)
        held, (outcome, amount) = steps
        for s in (
            DealStep(held, later),
            DealStep(outcome, later, amount=amount, reason="予算" if outcome == "lost" else ""),
        ):

            def apply(d: Deal, s: DealStep = s) -> Deal:
                return d.with_step(s)

            world.store.change_deal(event.id, event.at, apply)
    return SnapWorld(config, world.store, world.clock, world.folder)


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SnapWorld:
    monkeypatch.delenv("NO_COLOR", raising=False)
    return with_deals(make_world(tmp_path / "w"))


def text_of(app: IstuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def test_the_monthly_review_shows_deals_won_against_target_and_landing(
    world: SnapWorld,
) -> None:
    async with run_snap_app(world, LARGE) as (app, pilot):
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, MonthReviewScreen)
        deals = screen.bundle.deals
        assert deals is not None and (deals.won, deals.target, deals.amount) == (2, 4, 2_000_000)
        assert deals.landing is not None and deals.landing >= 2
        figures = text_of(app, "#month-figures")
    line = f"Deals won 2 of 4 (50%) · landing {deals.landing} ({deals.landing * 25}%)"
    assert line in figures
    assert "Amount won ¥2,000,000 of ¥4,000,000 (50%) · landing ¥" in figures


async def test_the_month_view_shows_them_too(world: SnapWorld) -> None:
    async with run_snap_app(world, LARGE) as (app, pilot):
        await pilot.pause()
        await pilot.press("p", "ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        body = text_of(app, "#month-body")
        assert "Deals won 2 of 4 (50%) · landing" in body
        assert "Amount won ¥2,000,000 of ¥4,000,000" in body
        await pilot.press("right")  # December: nothing won yet, no days elapsed
        await pilot.pause()
        assert "Deals won 0 of 4 (0%) · landing –" in text_of(app, "#month-body")


async def test_deals_without_targets_still_show_won_and_no_deals_shows_nothing(
    tmp_path: Path,
) -> None:
    moved = with_deals(make_world(tmp_path / "a"), targets=False)
    async with run_snap_app(moved, LARGE) as (app, pilot):
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Deals won 2 of – (–)" in text_of(app, "#month-figures")
    plain = make_world(tmp_path / "b")
    async with run_snap_app(plain, LARGE) as (app, pilot):
        await pilot.pause()
        await pilot.press("y")
        await pilot.pause()
        assert "Deals won" not in text_of(app, "#month-figures")
        await pilot.press("escape", "p", "ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        assert "Deals won" not in text_of(app, "#month-body")


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("keys", [["y"], ["p", "ctrl+t"]], ids=["review", "view"])
def test_month_deals_snapshot(
    snap_compare: Any, world: SnapWorld, size: tuple[int, int], language: str, keys: list[str]
) -> None:
    i18n.set_language(language)
    assert snap_screen(snap_compare, world, None, "istui-dark", size, press=keys)
