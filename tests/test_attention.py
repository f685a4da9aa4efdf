"""#15 B in the app: a logging key typed with Caps Lock on still logs, and a
due mid-check or reflection reaches a rep looking at another window (a bell,
a desktop notification through the terminal), when the rep opted in."""

from __future__ import annotations

from forms_helpers import run_app
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp


async def test_caps_lock_logging_keys_log_the_same_and_say_so(
    config: Config, store: Store, clock: FixedClock
) -> None:
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("C", "O", "M", "c")
        await pilot.pause()
        kinds = [e.kind for e in store.day_events(clock.now().date())]
        assert kinds == ["call", "connect", "meeting", "call"]
        told = [str(n.message) for n in app._notifications if "Caps Lock" in str(n.message)]
        assert told == ["C logged as c (Calls): is Caps Lock on?"]  # once, not per key


async def test_upper_case_app_keys_do_nothing_new(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("c", "U", "Q", "X")  # not logging keys: no undo, no quit, no log
        await pilot.pause()
        assert [e.kind for e in store.day_events(clock.now().date())] == ["call"]
        assert app.is_running
