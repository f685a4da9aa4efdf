"""#15 B in the app: a logging key typed with Caps Lock on still logs, and a
due mid-check or reflection reaches a rep looking at another window (a bell,
a desktop notification through the terminal), when the rep opted in."""

from __future__ import annotations

from pathlib import Path

import pytest

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


# -- the bell and the desktop notification ----------------------------------------------


async def _due_midcheck_writes(config: Config, store: Store, clock: FixedClock) -> list[str]:
    """What the app writes to the terminal around 12:00, while the rep dials on."""
    from forms_helpers import at
    from istui.tui.screens.today import TodayScreen

    written: list[str] = []
    clock.set(at(11, 59, 50))
    app = IstuiApp(config=config, store=store, clock=clock)
    app.attention.write = written.append  # the driver's writer, in a real terminal
    async with app.run_test(size=(80, 24)) as pilot:
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await pilot.press("c")
        screen._tick()
        assert written == []  # nothing due yet
        clock.set(at(12, 0, 5))
        screen._tick()
        await pilot.press("c", "o")
        screen._tick()  # still due: written once, not every tick
        await pilot.pause()
        assert app.screen is screen and app.focused is None  # focus never taken
    assert [e.kind for e in store.day_events(clock.now().date())] == ["call", "call", "connect"]
    return written


async def test_a_due_midcheck_rings_and_notifies_when_opted_in(
    config: Config, store: Store, clock: FixedClock
) -> None:
    from dataclasses import replace

    opted = replace(config, bell=True, desktop_notify=True)
    written = await _due_midcheck_writes(opted, store, clock)
    message = "mid-check 12:00 is due: press k when you are between calls"
    assert written == [
        f"\x07\x1b]9;istui mid-check: {message}\x07\x1b]777;notify;istui mid-check;{message}\x07"
    ]


async def test_nothing_is_written_with_the_options_off(
    config: Config, store: Store, clock: FixedClock
) -> None:
    assert (config.bell, config.desktop_notify) == (False, False)  # the defaults
    assert await _due_midcheck_writes(config, store, clock) == []


async def test_the_bell_alone(config: Config, store: Store, clock: FixedClock) -> None:
    from dataclasses import replace

    assert await _due_midcheck_writes(replace(config, bell=True), store, clock) == ["\x07"]


async def test_the_reflection_falling_due_notifies(
    config: Config, store: Store, clock: FixedClock
) -> None:
    from dataclasses import replace

    from forms_helpers import at

    written: list[str] = []
    clock.set(at(18, 0, 5))
    app = IstuiApp(config=replace(config, desktop_notify=True), store=store, clock=clock)
    app.attention.write = written.append
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
    assert (
        len(written) == 1 and "]777;notify;istui reflection;the working day is over" in (written[0])
    )


def test_notification_text_is_stripped_of_control_characters() -> None:
    from istui.render.terminal import desktop_notification, notification_text

    hostile = "mtg\x07\x1b]0;pwned\x07 ok;\u202etxt\x9b2J\nnext"
    clean = notification_text(hostile)
    assert clean == "mtg]0,pwned ok,txt2J next"
    escape = desktop_notification("title\x1b;x", hostile)
    body = escape.split("\x1b]777;notify;", 1)[1]
    assert escape.count("\x07") == 2 and escape.count("\x1b") == 2  # only the two openers
    assert body == "title,x;mtg]0,pwned ok,txt2J next\x07"
    assert len(notification_text("x" * 500)) == 200


async def test_palette_toggles_are_kept_in_the_config(
    config: Config, store: Store, clock: FixedClock
) -> None:
    from istui.services.config import load_config

    assert config.path is not None
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        names = [c.name for c in app.palette_commands(app.screen)]
        assert "Bell when a check is due: turn on" in names
        assert "Desktop notification when a check is due: turn on" in names
        command = next(c for c in app.palette_commands(app.screen) if c.name.startswith("Desktop"))
        command.callback()
        await pilot.press("c")  # the logging keys still work right after
        await pilot.pause()
        assert app.attention.desktop and not app.attention.bell
        names = [c.name for c in app.palette_commands(app.screen)]
        assert "Desktop notification when a check is due: turn off" in names
    reread = load_config(config.path)
    assert (reread.bell, reread.desktop_notify) == (False, True)
    assert "# istui configuration" in config.path.read_text(encoding="utf-8")  # comments kept
    assert [e.kind for e in store.day_events(clock.now().date())] == ["call"]


def test_the_config_switches_are_booleans(tmp_path: Path) -> None:
    from istui.services.config import ConfigError, load_config

    path = tmp_path / "c.toml"
    base = "[targets]\ncall = 100\nconnect = 25\nmeeting = 4\n"
    path.write_text(base + "[ui]\nbell = true\ndesktop_notify = true\n", encoding="utf-8")
    loaded = load_config(path)
    assert loaded.bell and loaded.desktop_notify
    path.write_text(base + '[ui]\nbell = "yes"\n', encoding="utf-8")
    with pytest.raises(ConfigError, match=r"\[ui\]\.bell: must be true or false"):
        load_config(path)


async def test_the_real_driver_hands_its_writer_to_the_app(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """Outside tests the app runs on the platform's driver; made, it hands the
    app its write (the one writer of the terminal)."""
    from textual.app import App

    app = IstuiApp(config=config, store=store, clock=clock)
    driver_class = app.get_driver_class()
    assert issubclass(driver_class, App.get_driver_class(app))
    driver = driver_class(app)
    assert app.attention.write == driver.write
