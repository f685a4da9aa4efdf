"""Shared fixtures. Every test runs with its own config and data dirs, so no
test can touch a real user's store, and with an injected clock."""

from __future__ import annotations

import inspect
from collections.abc import Awaitable, Callable, Iterable, Iterator
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, settings
from textual.pilot import Pilot
from textual.widgets import Input, TextArea

from istui import i18n
from istui.services.clock import FixedClock
from istui.services.config import Config, default_config_text, load_config
from istui.store import Store

JST = timezone(timedelta(hours=9))

# One hypothesis profile for every property test: no deadline, since a loaded
# CI machine (two cores, tests in parallel) must not fail a test for being slow.
settings.register_profile(
    "istui", deadline=None, suppress_health_check=[HealthCheck.too_slow], print_blob=True
)
settings.load_profile("istui")


@pytest.fixture(autouse=True)
def isolated_dirs(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "xdg-config"))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg-data"))
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "xdg-cache"))  # the holiday cache
    monkeypatch.setenv("HOME", str(tmp_path / "home"))
    for name in ("ISTUI_DB", "ISTUI_CONFIG", "ISTUI_NOW", "ISTUI_TZ", "NO_COLOR"):
        monkeypatch.delenv(name, raising=False)
    # The locale is injected: no test depends on the machine's language. A test
    # of Japanese sets it (or i18n.set_language) itself; English is restored.
    monkeypatch.setenv("LANG", "C.UTF-8")
    for name in ("LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        monkeypatch.delenv(name, raising=False)
    i18n.set_language("en")
    yield
    i18n.set_language("en")


@pytest.fixture
def clock() -> FixedClock:
    """Monday 2026-11-23, 10:30 in Tokyo: a third of the working day gone."""
    return FixedClock(datetime(2026, 11, 23, 10, 30, tzinfo=JST))


@pytest.fixture
def config_path(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    return path


@pytest.fixture
def config(config_path: Path) -> Config:
    return load_config(config_path)


@pytest.fixture
def store(tmp_path: Path, clock: FixedClock, config: Config) -> Store:
    s = Store(tmp_path / "store", today=lambda: clock.now().date())
    s.sync_config_targets(config.targets, clock.now().date())
    return s


async def steady_cursors(pilot: Pilot[Any]) -> None:
    """Stop every text field's cursor blinking on the current screen, and draw
    each again: a blinking cursor is in the picture or not by when it is taken
    (under load, past its half second), and a line painted before the focus
    landed would keep showing none."""
    for field in pilot.app.screen.query(Input):
        field.cursor_blink = False
        field.refresh()
    for area in pilot.app.screen.query(TextArea):
        area.cursor_blink = False
        # its line cache leaves the cursor out of the key once blinking stops:
        # emptied, so the lines are drawn with the cursor where it is now
        area.notify_style_update()
        area.refresh()
    await pilot.pause()


@pytest.fixture
def snap_compare(snap_compare: Callable[..., bool]) -> Callable[..., bool]:
    """pytest-textual-snapshot's ``snap_compare``, with the keys pressed and
    the cursors steadied before the picture is taken (see steady_cursors)."""

    def compare(
        app: Any,
        press: Iterable[str] = (),
        terminal_size: tuple[int, int] = (80, 24),
        run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
    ) -> bool:
        async def before(pilot: Pilot[Any]) -> None:
            if run_before is not None:
                result = run_before(pilot)
                if inspect.isawaitable(result):
                    await result
            await pilot.pause()
            await pilot.press(*press)
            await pilot.wait_for_scheduled_animations()
            await pilot.pause()
            await steady_cursors(pilot)

        return snap_compare(app, terminal_size=terminal_size, run_before=before)

    return compare
