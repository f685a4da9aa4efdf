"""Pilot tests and snapshots of the 商談 / pipeline screen: each step by key,
undo a step, the reason / amount / BANT modals, and a meeting held today on
Today's top bar. Snapshots use fixed deal ids (a seeded world's are random)."""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from istui import i18n
from istui.domain.deals import DealStep
from istui.domain.funnel import Event
from istui.tui.app import IstuiApp
from istui.tui.screens.deals import AmountForm, BantForm, DealsScreen, ReasonPicker
from istui.tui.screens.today import TodayScreen
from istui.tui.widgets.today import TopBar
from snapshot_support import LARGE, SMALL, SnapCompare, SnapWorld, bare_world, snap_screen

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 26, 11, 50, tzinfo=JST)  # before the 12:00 mid-check (no toast)


def at(day: int, hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, day, hh, mm, tzinfo=JST)


def fixed_id(n: int) -> str:
    return f"{n:02d}" + "d" * 6 + f"{n:024d}"


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SnapWorld:
    monkeypatch.delenv("NO_COLOR", raising=False)
    world = bare_world(tmp_path, NOW)
    store = world.store
    for n, day in enumerate((23, 24, 24, 25, 26), start=1):
        calls = [Event(f"c{n}{i:030d}", at(day, 9, i), "call") for i in range(3)]
        store.add_day_events(
            at(day, 9).date(), [*calls, Event(fixed_id(n), at(day, 10), "meeting")]
        )
    return world


def rows(app: IstuiApp) -> list[str]:
    if not isinstance(app.screen, DealsScreen):
        return [""] * 5
    option_list = app.screen.query_one(OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], pauses: int = 40) -> bool:
    for _ in range(pauses):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def open_deals(pilot: Pilot[None]) -> DealsScreen:
    await pilot.press("g")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, DealsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, DealsScreen)
    return screen


def state_of(world: SnapWorld, n: int) -> str:
    (deal,) = [d for d in world.store.deal_records() if d.id == fixed_id(n)]
    return deal.state


async def test_each_step_by_key_and_undo(world: SnapWorld) -> None:
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_deals(pilot)
        assert len(rows(app)) == 5 and fixed_id(1)[:8] in rows(app)[0]
        await pilot.press("h")  # the first row: held
        assert await wait_until(pilot, lambda: "held" in rows(app)[0])
        assert state_of(world, 1) == "held"
        await pilot.press("v")
        assert await wait_until(pilot, lambda: isinstance(app.screen, BantForm))
        await pilot.press("b", "a", "n", "t", "4", "enter")
        assert await wait_until(pilot, lambda: "BANT BANT" in rows(app)[0])
        assert "handoff 4/5" in rows(app)[0]
        await pilot.press("w")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AmountForm))
        await pilot.press(*"1,200,000", "enter")
        assert await wait_until(pilot, lambda: len(rows(app)) == 4)  # won: no longer open
        assert state_of(world, 1) == "won"
        await pilot.press("a")  # every deal
        assert await wait_until(pilot, lambda: len(rows(app)) == 5)
        assert "¥1,200,000" in rows(app)[0]
        await pilot.press("up", "u")  # the cursor stayed on its deal (the 2nd): up, undo the win
        assert await wait_until(pilot, lambda: "qualified" in rows(app)[0])
        assert state_of(world, 1) == "qualified"
        await pilot.press("down", "x")  # the second: cancelled, with a reason
        assert await wait_until(pilot, lambda: isinstance(app.screen, ReasonPicker))
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: "cancelled" in rows(app)[1])
        assert "no reply" in rows(app)[1]
        await pilot.press("w")  # won before held: refused, nothing written
        assert await wait_until(pilot, lambda: isinstance(app.screen, AmountForm))
        await pilot.press("5", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, DealsScreen))
        assert state_of(world, 2) == "cancelled"
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))


async def test_a_meeting_held_today_shows_on_today(world: SnapWorld) -> None:
    world.store.change_deal(
        fixed_id(5), at(26, 10), lambda d: d.with_step(DealStep("held", at(26, 11)))
    )
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        bar = app.screen.query_one(TopBar).render()
        assert "商談 1 held today (0 won)" in str(bar)
        await open_deals(pilot)
        await pilot.press("down", "h")  # the second open row (24th) held now too
        assert await wait_until(pilot, lambda: state_of(world, 2) == "held")
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        await pilot.pause()
        assert "商談 2 held today" in str(app.screen.query_one(TopBar).render())


def _moved(world: SnapWorld) -> None:
    store = world.store
    store.change_deal(fixed_id(1), at(23, 10), lambda d: d.with_step(DealStep("held", at(24, 10))))
    store.change_deal(
        fixed_id(1), at(23, 10), lambda d: d.with_step(DealStep("won", at(25, 10), amount=800000))
    )
    store.change_deal(
        fixed_id(2),
        at(24, 10),
        lambda d: d.with_step(
            DealStep("scheduled", at(24, 11), on=at(27, 0).date(), name="株式会社サンプル")
        ),
    )
    store.change_deal(fixed_id(3), at(24, 10), lambda d: d.with_step(DealStep("held", at(26, 10))))


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=lambda s: f"{s[0]}x{s[1]}")
def test_pipeline_snapshot(
    snap_compare: SnapCompare, world: SnapWorld, size: tuple[int, int], language: str
) -> None:
    _moved(world)
    i18n.set_language(language)
    assert snap_screen(
        snap_compare, world, lambda app: DealsScreen(app.session.context), "istui-dark", size
    )
