"""Helpers shared by the pilot tests of the rep's app (Today, palette, forms, plan, review)."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from istui.clock import FixedClock
from istui.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp

JST = timezone(timedelta(hours=9))


def at(hour: int, minute: int = 0, second: int = 0, day: int = 23) -> datetime:
    return datetime(2026, 11, day, hour, minute, second, tzinfo=JST)


def make_app(config: Config, store: Store, clock: FixedClock, **kwargs: object) -> IstuiApp:
    return IstuiApp(config=config, store=store, clock=clock, **kwargs)  # type: ignore[arg-type]


@asynccontextmanager
async def run_app(
    config: Config, store: Store, clock: FixedClock, **kwargs: object
) -> AsyncIterator[tuple[IstuiApp, Pilot[None]]]:
    """The app, built now from the store and clock as they stand, running at 80×24.

    ``async with run_app(config, store, clock) as (app, pilot):`` is
    ``app = make_app(...)`` and ``async with app.run_test(size=(80, 24)) as pilot:``.
    """
    app = make_app(config, store, clock, **kwargs)
    async with app.run_test(size=(80, 24)) as pilot:
        yield app, pilot


async def type_text(pilot: Pilot[None], text: str) -> None:
    """Type text key by key, as a rep would (Japanese characters included).

    Pilot.press loses full-width punctuation such as "：" (it looks the key up
    by a Unicode name it cannot find); a terminal sends the character itself,
    so those are sent as the key event a terminal produces.
    """
    for char in text:
        if char == " ":
            await pilot.press("space")
        elif char.isalnum() or char.isascii():
            await pilot.press(char)
        else:
            driver = pilot.app._driver
            assert driver is not None
            event = events.Key(_character_to_key(char), char)
            event.set_sender(pilot.app)
            driver.send_message(event)
            await pilot.pause()
