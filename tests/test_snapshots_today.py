"""Snapshot tests of the Today screen at the sizes reps use.

A FixedClock on a Thursday mid-morning and four weeks of seeded demo history
(istui.services.demo.fill_history) make every run draw the same screen: event ids are
random uuid4s but never shown, and there is no input widget, so no cursor
blinks. Regenerate after an intended change with
``pytest tests/test_snapshots_today.py --snapshot-update`` and review the SVGs.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.demo import fill_history
from istui.store import Store
from istui.tui.app import IstuiApp

JST = timezone(timedelta(hours=9))
THURSDAY = datetime(2026, 11, 26, 10, 30, tzinfo=JST)


@pytest.fixture
def demo_app(config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> IstuiApp:
    monkeypatch.delenv("NO_COLOR", raising=False)
    clock = FixedClock(THURSDAY)
    store = Store(tmp_path / "demo-store", today=lambda: clock.now().date())
    store.sync_config_targets(config.targets, clock.now().date())
    written = fill_history(
        store, clock.now(), 28, hours=config.hours, calendar=config.calendar, seed=11
    )
    assert written > 1000
    return IstuiApp(config=config, store=store, clock=clock)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)], ids=lambda s: f"{s[0]}x{s[1]}")
def test_today_screen(
    snap_compare: Callable[..., bool], demo_app: IstuiApp, size: tuple[int, int]
) -> None:
    assert snap_compare(demo_app, terminal_size=size)


def test_today_screen_after_logging(snap_compare: Callable[..., bool], demo_app: IstuiApp) -> None:
    """A dial that booked a meeting: every funnel count moves, the last line says so."""
    assert snap_compare(demo_app, press=["m", "c"], terminal_size=(80, 24))
