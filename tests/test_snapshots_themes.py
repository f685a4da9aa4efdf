"""Snapshots of the Today and help screens in every shipped theme.

Update after an intended change with ``pytest tests/test_snapshots_themes.py
--snapshot-update`` and look at the SVGs (tests/__snapshots__/) before committing.
Other screens add their snapshots with the same harness (snapshot_support.py).
"""

from __future__ import annotations

from collections.abc import Callable

import pytest

from istui.tui.app import IstuiApp
from istui.tui.help import HelpScreen
from snapshot_support import (
    LARGE,
    SHIPPED_THEMES,
    SMALL,
    SnapWorld,
    make_world,
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
        app.set_mark("midcheck", "◆ mid-check due", toast="Afternoon mid-check is due")

    assert snap_screen(snap_compare, snap_world, None, "istui-contrast", SMALL, run_before=announce)
