"""Every screen, in every shipped theme: snapshots, no sideways scrolling at 80×24,
every key in the footer, the help screen and the palette, Escape goes back.

The world is the snapshot harness's (seeded history, FixedClock on a Thursday
afternoon) plus past mid-checks and reflections, so the history and review
screens have words to show. Update the snapshots with ``pytest
tests/test_looks.py --snapshot-update`` and look at the SVGs before committing.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from rich.text import Text
from textual.binding import Binding
from textual.screen import Screen
from textual.widgets import Static
from textual.widgets._footer import FooterKey

from forms_helpers import run_palette_command, until
from istui.domain.calendar import IsoWeek
from istui.services.clock import SystemClock
from istui.services.merge import merge_files
from istui.services.team import load_team_week
from istui.tui.app import IstuiApp
from istui.tui.screens.day_history import DayHistoryScreen
from istui.tui.screens.events import EventsScreen
from istui.tui.screens.forms import FormContext
from istui.tui.screens.help import HelpScreen
from istui.tui.screens.midcheck import MidCheckScreen
from istui.tui.screens.reflection import ReflectionScreen
from istui.tui.screens.review import ReviewScreen
from istui.tui.screens.targets import MonthScreen, PlanScreen
from istui.tui.screens.team import TeamScreen
from istui.tui.screens.today import TodayScreen
from istui.tui.team_app import TeamApp
from istui.tui.widgets.footer import KeysFooter
from snapshot_support import (
    LARGE,
    SHIPPED_THEMES,
    SMALL,
    SnapWorld,
    horizontal_overflow,
    make_world,
    run_snap_app,
    snap_app,
    snap_screen,
    snap_world,
)
from team_helpers import W47, export_file, make_rep, team_store

__all__ = ["snap_world"]  # the fixture, imported for pytest

Snap = Callable[..., bool]
Factory = Callable[[IstuiApp], Screen[Any]]


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SnapWorld:
    """The harness's world, with four weeks of mid-checks and reflections added."""
    monkeypatch.delenv("NO_COLOR", raising=False)
    return make_world(tmp_path / "snap", forms=True)


async def settle(pilot: Any, screen: Screen[Any]) -> None:
    """Until the screen's footer shows its keys (it lays them out once the
    bindings are known, a few messages after the screen mounts)."""
    for _ in range(50):
        await pilot.pause()
        if screen.query(FooterKey):
            break
    await pilot.pause()


def _ctx(app: IstuiApp) -> FormContext:
    return FormContext(app.config, app.store, app.clock)


def _today(app: IstuiApp) -> Any:
    return app.clock.now().date()


#: Every screen of the rep's app, pushed over Today (None: Today itself).
SCREENS: dict[str, Factory | None] = {
    "today": None,
    "midcheck": lambda app: MidCheckScreen(_ctx(app), _today(app), "12:00"),
    "reflection": lambda app: ReflectionScreen(_ctx(app), _today(app)),
    "history": lambda app: DayHistoryScreen(_ctx(app)),
    "events": lambda app: EventsScreen(app.session),
    "review": lambda app: ReviewScreen(app.config, app.store, app.clock, IsoWeek.of(_today(app))),
    "plan": lambda app: PlanScreen(app.session),
    "month": lambda app: MonthScreen(app.session),
    "help": lambda app: HelpScreen(app.config, app.help_keys(), app.help_sections()[1]),
}
#: The key that opens each screen from Today (the month view is two keys: p, ctrl+t).
KEYS = {
    "midcheck": ["k"],
    "reflection": ["r"],
    "history": ["h"],
    "events": ["s"],
    "review": ["w"],
    "plan": ["p"],
    "month": ["p", "ctrl+t"],
    "help": ["question_mark"],
}
SCREEN_CLASSES: dict[str, type[Screen[Any]]] = {
    "midcheck": MidCheckScreen,
    "reflection": ReflectionScreen,
    "history": DayHistoryScreen,
    "events": EventsScreen,
    "review": ReviewScreen,
    "plan": PlanScreen,
    "month": MonthScreen,
    "help": HelpScreen,
}
OTHER = [name for name in SCREENS if name != "today"]


def make_team(base: Path, theme: str | None = None) -> TeamApp:
    out = base / "out"
    out.mkdir(parents=True)
    files = []
    for index, (rep_id, name) in enumerate(
        [("rep-01", "山田 太郎"), ("rep-02", "佐藤 花子"), ("rep-03", "Lee Ann")]
    ):
        files.append(export_file(make_rep(base / "reps", rep_id, name, seed=index + 1), out))
    team = team_store(base / "team")
    merge_files(team, files)
    week = load_team_week(team, W47.start, W47.end)
    return TeamApp(team=team, week=week, clock=SystemClock(), theme_override=theme)


# ------------------------------------------------------------------ snapshots
@pytest.mark.parametrize("theme", SHIPPED_THEMES)
@pytest.mark.parametrize("name", [n for n in OTHER if n != "help"])  # help: test_snapshots_themes
def test_screen_small(snap_compare: Snap, world: SnapWorld, name: str, theme: str) -> None:
    assert snap_screen(snap_compare, world, SCREENS[name], theme, SMALL)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
@pytest.mark.parametrize("name", ["review", "reflection"])  # today: test_snapshots_themes
def test_main_screen_large(snap_compare: Snap, world: SnapWorld, name: str, theme: str) -> None:
    assert snap_screen(snap_compare, world, SCREENS[name], theme, LARGE)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_team_screen(snap_compare: Snap, tmp_path: Path, theme: str, size: tuple[int, int]) -> None:
    assert snap_compare(make_team(tmp_path, theme), terminal_size=size)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
def test_team_rep_small(snap_compare: Snap, tmp_path: Path, theme: str) -> None:
    assert snap_compare(make_team(tmp_path, theme), terminal_size=SMALL, press=["enter"])


# ------------------------------------------------------------ 80×24 fits
@pytest.mark.parametrize("name", list(SCREENS))
async def test_no_screen_needs_horizontal_scrolling_at_80x24(world: SnapWorld, name: str) -> None:
    async with run_snap_app(world) as (app, pilot):
        await pilot.pause()
        factory = SCREENS[name]
        if factory is not None:
            await app.push_screen(factory(app))
        await settle(pilot, app.screen)
        assert horizontal_overflow(app.screen) == []
        assert app.screen.query(KeysFooter), f"{name} has no KeysFooter"


@pytest.mark.parametrize("press", [[], ["enter"]], ids=["team", "rep"])
async def test_team_screens_fit_80x24(tmp_path: Path, press: list[str]) -> None:
    app = make_team(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press(*press)
        await settle(pilot, app.screen)
        assert isinstance(app.screen, ReviewScreen if press else TeamScreen)
        assert horizontal_overflow(app.screen) == []
        assert app.screen.query(KeysFooter)


async def test_team_table_fits_then_shows_everything_when_wide(tmp_path: Path) -> None:
    app = make_team(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        labels = [c.label for c in screen.columns]
        assert "Emails" not in labels and "Issue" in labels and "Conn" in labels
        await pilot.press("s")  # sort by the next column, kept across the re-layout
        sorted_by = screen.columns[screen.sort_index].key
        await pilot.resize_terminal(200, 40)
        await until(pilot, lambda: "Emails" in {c.label for c in screen.columns})
        labels = [c.label for c in screen.columns]
        assert {"Emails", "Bottleneck", "Reflected"} <= set(labels)
        assert screen.columns[screen.sort_index].key == sorted_by
        assert horizontal_overflow(screen) == []


# ----------------------------------------------------------- keys and flow
async def test_logging_keys_work_the_moment_the_app_starts(world: SnapWorld) -> None:
    app = snap_app(world, "istui-dark")
    day = world.clock.now().date()
    before = len(world.store.day_events(day))
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("c", "o", "m", "e")  # no pause: the very first keys
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    kinds = [e.kind for e in world.store.day_events(day)[before:]]
    assert kinds == ["call", "connect", "meeting", "email"]


@pytest.mark.parametrize("name", OTHER)
async def test_each_screen_is_its_key_away_and_escape_comes_back(
    world: SnapWorld, name: str
) -> None:
    async with run_snap_app(world) as (app, pilot):
        await pilot.pause()
        today = app.screen
        await pilot.press(*KEYS[name])
        await pilot.pause()
        assert isinstance(app.screen, SCREEN_CLASSES[name])
        for _ in KEYS[name]:
            await pilot.press("escape")
            await pilot.pause()
        assert app.screen is today


def _shown_bindings(screen: Screen[Any]) -> list[Binding]:
    return [
        b
        for b in Binding.make_bindings(type(screen).BINDINGS)
        if b.show and b.description and b.action not in {"app.help"}
    ]


@pytest.mark.parametrize("name", OTHER)
async def test_every_key_of_a_screen_is_in_its_footer_help_and_palette(
    world: SnapWorld, name: str
) -> None:
    async with run_snap_app(world) as (app, pilot):
        await pilot.pause()
        factory = SCREENS[name]
        assert factory is not None
        screen = factory(app)
        await app.push_screen(screen)
        await settle(pilot, screen)
        width, height = app.size
        footer = {
            k.action
            for k in screen.query(FooterKey)
            if k.region.width and k.region.right <= width and k.region.bottom <= height
        }
        for binding in _shown_bindings(screen):
            assert binding.action in footer, f"{name}: {binding.key} not visible in the footer"
        if name == "help":
            return
        here, _ = app.help_sections(screen)
        assert here is not None and here.title.endswith("this screen")
        described = {d for _, d in here.keys}
        palette = {c.name for c in app.palette_commands(screen)}
        for binding in Binding.make_bindings(type(screen).BINDINGS):
            if binding.description and binding.action != "app.help":
                assert binding.description in described, f"{name}: {binding.key} not in help"
                assert binding.description in palette, f"{name}: {binding.key} not in palette"
        # and help opens from this screen (f1 works even where a text field takes ?)
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        body = str(app.screen.query_one("#help-body", Static).render())
        assert body.startswith(here.title)
        await pilot.press("escape")
        await pilot.pause()
        back: Screen[Any] = app.screen
        assert back is screen


async def test_help_lists_every_screens_keys(world: SnapWorld) -> None:
    async with run_snap_app(world) as (app, pilot):
        await pilot.press("question_mark")
        await pilot.pause()
        body = app.screen.query_one("#help-body", Static).render()
        text = body.plain if isinstance(body, Text) else str(body)
        for title in ("Mid-check", "Reflection", "Day history", "Weekly review", "Month view"):
            assert title in text
        classes: list[type[Screen[Any]]] = [*SCREEN_CLASSES.values(), TeamScreen]
        for cls in classes:
            for binding in Binding.make_bindings(cls.BINDINGS):
                if binding.description and cls is not HelpScreen:
                    assert binding.description in text, f"{cls.__name__}: {binding.key}"


async def test_palette_reaches_every_screen_from_today(world: SnapWorld) -> None:
    async with run_snap_app(world) as (app, pilot):
        await pilot.pause()
        commands = {c.name: c for c in app.palette_commands(app.screen)}
        opens = {
            "Mid-check": MidCheckScreen,
            "Reflect": ReflectionScreen,
            "History": DayHistoryScreen,
            "Review": ReviewScreen,
            "Targets": PlanScreen,
            "Month view": MonthScreen,
            "Help": HelpScreen,
        }
        for name, cls in opens.items():
            result = commands[name].callback()
            if result is not None:
                await result
            await pilot.pause()
            assert isinstance(app.screen, cls), name
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TodayScreen), name
        assert not [c for c in commands if c.startswith(("Focus", "Copy"))]  # Textual's own


async def test_team_palette_and_help_reach_its_keys(tmp_path: Path) -> None:
    app = make_team(tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await run_palette_command(pilot, "reverse")
        screen = app.screen
        assert isinstance(screen, TeamScreen) and screen.reverse
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        text = str(app.screen.query_one("#help-body", Static).render())
        assert "Sort" in text and "Open rep" in text
        await pilot.press("escape")
        await pilot.pause()
        back: Screen[Any] = app.screen
        assert back is screen


async def test_a_midcheck_falling_due_leaves_focus_and_screens_alone(world: SnapWorld) -> None:
    """The notice is a toast and a mark: no screen is pushed, focus does not move."""
    clock = world.clock
    clock.set(clock.now().replace(hour=11, minute=59, second=50))
    async with run_snap_app(world) as (app, pilot):
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert "midcheck" not in today.marks
        stack = list(app.screen_stack)
        focused = app.focused
        clock.set(clock.now().replace(hour=12, minute=0, second=5))
        today._tick()
        await pilot.pause()
        assert "midcheck" in today.marks
        assert any("mid-check" in str(n.message) for n in app._notifications)
        assert list(app.screen_stack) == stack
        assert app.focused is focused
        await pilot.press("c")  # and logging goes on
        await pilot.pause()
        assert app.screen is today


@pytest.mark.parametrize("name", list(SCREENS))
async def test_a_toast_never_covers_a_footer_key(world: SnapWorld, name: str) -> None:
    """Textual puts toasts one row above the bottom; a wrapped footer is taller.
    Every screen, with the mid-check due (its toast and mark showing)."""
    from textual.widgets._toast import Toast

    clock = world.clock
    clock.set(clock.now().replace(hour=12, minute=5))
    async with run_snap_app(world, notifications=True) as (app, pilot):
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "midcheck" in app.screen.marks
        factory = SCREENS[name]
        if factory is not None:
            await app.push_screen(factory(app))
        await settle(pilot, app.screen)
        app.notify("a long notice that takes a few lines of the toast " * 2)
        rows = 2 if name in {"today", "review"} else 1
        await until(pilot, lambda: app.screen.query_one(KeysFooter).region.height >= rows)
        footer = app.screen.query_one(KeysFooter)
        assert footer.region.height >= rows
        toasts = list(app.screen.query(Toast))
        assert toasts
        for toast in toasts:
            assert not toast.region.overlaps(footer.region), (toast.region, footer.region)


async def test_today_at_80x24_shows_counters_rates_and_pace_above_the_footer(
    world: SnapWorld,
) -> None:
    from istui.tui.widgets.today import MetricRow, PacePanel, RatesPanel

    async with run_snap_app(world) as (app, pilot):
        await settle(pilot, app.screen)
        footer = app.screen.query_one(KeysFooter).region
        panels = [*app.screen.query(MetricRow), *app.screen.query(RatesPanel)]
        panels += list(app.screen.query(PacePanel))
        assert len(panels) == len(world.config.metrics.all) + 2
        for widget in panels:
            region = widget.region
            assert region.height and region.bottom <= footer.y, widget
            assert widget.virtual_size.height <= region.height, widget  # nothing cut off
