"""The reflection opens with its first field on screen, and typing lands there."""

from __future__ import annotations

from textual.widgets import Input

from istui.clock import FixedClock
from istui.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.forms import ReflectionScreen


async def test_reflection_opens_with_went_well_in_view_and_typing_lands_there(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(clock.now().replace(hour=18, minute=30))
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        went_well = screen.query_one("#in-went_well", Input)
        assert app.focused is went_well
        body = screen.query_one("#form-body")
        assert body.region.contains_region(went_well.region), (went_well.region, body.region)
        await pilot.press(*"電話がつながった")
        await pilot.pause()
        assert went_well.value == "電話がつながった"
        assert screen.query_one("#in-hard", Input).value == ""
