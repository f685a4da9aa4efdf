"""A harness for snapshot tests of any istui screen in any shipped theme.

Every snapshot runs on a seeded store (four weeks of generated history), a
FixedClock and a fixed terminal size, so it never depends on the real date,
the wall clock or the terminal. A new screen needs only a factory:

    from snapshot_support import SHIPPED_THEMES, SMALL, snap_screen, snap_world

    @pytest.mark.parametrize("theme", SHIPPED_THEMES)
    def test_midcheck(snap_compare, snap_world, theme):
        assert snap_screen(snap_compare, snap_world, lambda app: MidCheckScreen(app.session), theme, SMALL)

``snap_world`` is a fixture (import it into the test module); use
``world.store`` / ``world.clock`` to add the screen's own records first.
``horizontal_overflow(screen)`` lists what would need horizontal scrolling
(assert it is empty at 80×24); ``async with run_snap_app(world) as (app, pilot):``
drives the app on the same world.
"""

from __future__ import annotations

from collections.abc import AsyncIterator, Awaitable, Callable, Iterable
from contextlib import asynccontextmanager
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from textual.pilot import Pilot
from textual.screen import Screen
from textual.widget import Widget

from istui.services.clock import FixedClock
from istui.services.config import Config, default_config_text, load_config
from istui.services.demo import fill_forms, fill_history
from istui.store import Store
from istui.tui.app import IstuiApp
from world_cache import copy_built

JST = timezone(timedelta(hours=9))
ROOT = Path(__file__).resolve().parents[1]
SHIPPED_THEMES = sorted(p.stem for p in (ROOT / "src" / "istui" / "themes").glob("*.toml"))
SMALL = (80, 24)
LARGE = (120, 40)
#: Thursday afternoon: the week strip has days to show, the day is well under way.
SNAP_MOMENT = datetime(2026, 11, 26, 14, 40, tzinfo=JST)
SNAP_SEED = 20261126

ScreenFactory = Callable[[IstuiApp], Screen[Any]]


@dataclass
class SnapWorld:
    """A rep's config and store with seeded history, and the clock they run on."""

    config: Config
    store: Store
    clock: FixedClock
    folder: Path


#: pytest-textual-snapshot's ``snap_compare`` fixture.
SnapCompare = Callable[..., bool]


def make_world(
    folder: Path, *, moment: datetime = SNAP_MOMENT, seed: int = SNAP_SEED, forms: bool = False
) -> SnapWorld:
    """The seeded world in ``folder`` (with four weeks of mid-checks and
    reflections too when ``forms``). Built once per test process and copied:
    the seeding is the same every time, and writing it durably (an fsync a
    file) was a third of a snapshot test's CPU."""

    def build(target: Path) -> None:
        world = bare_world(target, moment)
        store, config = world.store, world.config
        fill_history(store, moment, 28, hours=config.hours, calendar=config.calendar, seed=seed)
        if forms:
            fill_forms(store, config, moment, 28)

    copy_built(("world", moment, seed, forms), build, folder)
    clock = FixedClock(moment)
    config = load_config(folder / "config.toml")
    store = Store(folder / "store", today=lambda: clock.now().date())
    return SnapWorld(config, store, clock, folder)


def bare_world(folder: Path, moment: datetime) -> SnapWorld:
    """A rep's default config and a store with its targets and nothing else,
    on a FixedClock at ``moment``: for a test that writes its own records."""
    config_path = folder / "config.toml"
    config_path.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    config = load_config(config_path)
    clock = FixedClock(moment)
    store = Store(folder / "store", today=lambda: clock.now().date())
    store.sync_config_targets(config.targets, moment.date())
    return SnapWorld(config, store, clock, folder)


@pytest.fixture
def snap_world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SnapWorld:
    monkeypatch.delenv("NO_COLOR", raising=False)
    return make_world(tmp_path / "snap")


def snap_app(world: SnapWorld, theme: str) -> IstuiApp:
    return IstuiApp(config=world.config, store=world.store, clock=world.clock, theme_override=theme)


@asynccontextmanager
async def run_snap_app(
    world: SnapWorld, size: tuple[int, int] = SMALL, *, theme: str = "istui-dark", **run_test: Any
) -> AsyncIterator[tuple[IstuiApp, Pilot[Any]]]:
    """``snap_app(world, theme)`` running headless at ``size``, with its pilot, for
    the tests that drive the app rather than take its picture."""
    app = snap_app(world, theme)
    async with app.run_test(size=size, **run_test) as pilot:
        yield app, pilot


def snap_screen(
    snap_compare: Callable[..., bool],
    world: SnapWorld,
    screen_factory: ScreenFactory | None,
    theme: str,
    size: tuple[int, int],
    *,
    press: Iterable[str] = (),
    run_before: Callable[[Pilot[Any]], Awaitable[None] | None] | None = None,
) -> bool:
    """Snapshot ``screen_factory(app)`` pushed over Today (None: Today itself)."""
    app = snap_app(world, theme)

    async def before(pilot: Pilot[Any]) -> None:
        await pilot.pause()
        assert app.theme == theme, app.theme_warnings
        if screen_factory is not None:
            await app.push_screen(screen_factory(app))
            await pilot.pause()
        if run_before is not None:
            result = run_before(pilot)
            if result is not None:
                await result
        # A reminder's toast (posted as Today mounts) shows on a screen pushed
        # over it or not, by timing: the pictures leave toasts out (the flow
        # tests check them).
        app.clear_notifications()
        await pilot.pause()

    return snap_compare(app, press=press, terminal_size=size, run_before=before)


def horizontal_overflow(screen: Screen[Any]) -> list[str]:
    """Widgets whose content is wider than they are (they would need horizontal
    scrolling, or hide content past the edge, as a one-row Footer does)."""
    problems = []
    width = screen.size.width
    nodes: list[Widget] = [screen, *screen.walk_children(Widget)]
    for node in nodes:
        if not node.display or not node.region.width:
            continue
        if node.region.right > width:
            problems.append(f"{node!r} ends at column {node.region.right} (> {width})")
        elif node.is_scrollable and node.virtual_size.width > node.scrollable_content_region.width:
            problems.append(
                f"{node!r} holds {node.virtual_size.width} columns in "
                f"{node.scrollable_content_region.width}"
            )
    return problems
