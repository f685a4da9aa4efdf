"""Snapshots of the Today and help screens in every shipped theme.

Update after an intended change with ``pytest tests/test_snapshots_themes.py
--snapshot-update`` and look at the SVGs (tests/__snapshots__/) before committing.
Other screens add their snapshots with the same harness (snapshot_support.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from forms_helpers import until
from istui.tui.app import IstuiApp
from istui.tui.screens.help import HelpScreen
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.today import HourStrip, WeekStrip
from snapshot_support import (
    LARGE,
    SHIPPED_THEMES,
    SMALL,
    SnapWorld,
    horizontal_overflow,
    make_world,
    run_snap_app,
    snap_screen,
    snap_world,
)

__all__ = ["snap_world"]  # the fixture, imported for pytest

Snap = Callable[..., bool]


def help_screen(app: IstuiApp) -> HelpScreen:
    return HelpScreen(app.config, app.help_keys())


def test_shipped_themes_are_the_three_expected() -> None:
    assert {"istui-dark", "istui-light", "istui-contrast"} <= set(SHIPPED_THEMES)


def test_seeded_world_is_the_same_every_time(tmp_path) -> None:  # type: ignore[no-untyped-def]
    """The snapshots rely on fill_history being deterministic for a seed."""
    a, b = make_world(tmp_path / "a"), make_world(tmp_path / "b")
    day = a.clock.now().date()
    assert [(e.at, e.kind) for e in a.store.day_events(day)] == [
        (e.at, e.kind) for e in b.store.day_events(day)
    ]
    assert len(a.store.day_events(day)) > 20


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
def test_today_small(snap_compare: Snap, snap_world: SnapWorld, theme: str) -> None:
    assert snap_screen(snap_compare, snap_world, None, theme, SMALL)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
def test_today_large(snap_compare: Snap, snap_world: SnapWorld, theme: str) -> None:
    assert snap_screen(snap_compare, snap_world, None, theme, LARGE)


@pytest.mark.parametrize("theme", SHIPPED_THEMES)
def test_help_small(snap_compare: Snap, snap_world: SnapWorld, theme: str) -> None:
    assert snap_screen(snap_compare, snap_world, help_screen, theme, SMALL)


def test_today_small_with_a_mark_and_a_toast(snap_compare: Snap, snap_world: SnapWorld) -> None:
    """A due notice: a mark in the top bar and a toast, the Today screen still in front."""

    def announce(pilot) -> None:  # type: ignore[no-untyped-def]
        app = pilot.app
        assert isinstance(app, IstuiApp)
        # the reminders' own text: their half-second tick sets this mark too
        app.set_mark("midcheck", "⚑ mid-check due", toast="Afternoon mid-check is due")

    assert snap_screen(snap_compare, snap_world, None, "istui-contrast", SMALL, run_before=announce)


@pytest.mark.parametrize("with_help", [False, True])
async def test_nothing_needs_horizontal_scrolling_at_80x24(
    snap_world: SnapWorld, with_help: bool
) -> None:
    async with run_snap_app(snap_world) as (app, pilot):
        await pilot.pause()
        if with_help:
            await pilot.press("question_mark")
            await pilot.pause()
        assert horizontal_overflow(app.screen) == []


async def test_overflow_check_catches_a_footer_that_hides_keys(snap_world: SnapWorld) -> None:
    """The check must fail for Textual's one-row Footer with more keys than fit."""
    from textual.widgets import Footer

    async with run_snap_app(snap_world) as (app, pilot):
        await pilot.pause()
        today = app.screen
        await today.query_one(KeysFooter).remove()
        await today.mount(Footer())
        for key in "krhwpg":
            today._bindings.bind(key, f"app.bell_{key}", f"Screen {key}")
        today.refresh_bindings()
        await until(pilot, lambda: any("Footer" in p for p in horizontal_overflow(today)))
        assert any("Footer" in problem for problem in horizontal_overflow(today))


async def test_large_today_shows_hours_and_week_small_does_not(snap_world: SnapWorld) -> None:
    async with run_snap_app(snap_world, LARGE) as (app, pilot):
        await pilot.pause()
        assert app.screen.query_one(HourStrip).region.height > 5
        assert app.screen.query_one(WeekStrip).region.height > 3
        await pilot.resize_terminal(*SMALL)
        await until(pilot, lambda: app.screen.query_one(WeekStrip).region.height == 0)
        assert app.screen.query_one(HourStrip).region.height == 0
        assert app.screen.query_one(WeekStrip).region.height == 0
