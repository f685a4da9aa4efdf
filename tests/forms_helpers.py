"""Helpers shared by the pilot tests of the rep's app (Today, palette, forms, plan, review)."""

from __future__ import annotations

from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime, timedelta, timezone

from textual import events
from textual.keys import _character_to_key
from textual.pilot import Pilot

from istui.services.clock import FixedClock
from istui.services.config import Config
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


async def until(pilot: Pilot[None], holds: Callable[[], bool], seconds: float = 5.0) -> None:
    """Let the app run until ``holds()`` (at most ``seconds``): a relayout, a
    recomposed footer or the palette's matches take a few frames, and a fixed
    pause is too short on a loaded machine. The caller still asserts, so a
    condition that never holds fails the test."""
    for _ in range(int(seconds / 0.05)):
        if holds():
            return
        await pilot.pause(0.05)


async def run_palette_command(pilot: Pilot[None], query: str) -> None:
    """Open the palette, type ``query``, wait for its matches and run the first."""
    await pilot.press("ctrl+p", *query)
    await palette_searched(pilot, query)
    await pilot.press("enter")
    await pilot.pause()


async def palette_searched(pilot: Pilot[None], query: str) -> None:
    """Until the open palette's search for exactly ``query`` has finished with
    matches (its searches run in a worker, one per keystroke)."""
    from textual.command import CommandInput, CommandList, CommandPalette
    from textual.worker import WorkerState

    app = pilot.app

    def searched() -> bool:
        palette = app.screen
        if not isinstance(palette, CommandPalette):
            return False
        busy = any(
            w.group == CommandPalette._GATHER_COMMANDS_GROUP
            and w.state in (WorkerState.PENDING, WorkerState.RUNNING)
            for w in palette.workers
        )
        return (
            not busy
            and palette.query_one(CommandInput).value == query
            and palette.query_one(CommandList).option_count > 0
        )

    await until(pilot, searched)
