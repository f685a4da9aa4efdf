"""A long rep name gives way in the top bar: clock, phase and marks always show."""

from __future__ import annotations

from dataclasses import replace

from rich.cells import cell_len

from istui.clock import FixedClock
from istui.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.today import TodayScreen
from istui.tui.widgets import TopBar, fit_cells

LONG_NAME = "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う"  # 30 characters


def test_fit_cells_counts_wide_characters_double() -> None:
    assert len(LONG_NAME) == 30
    cut = fit_cells(LONG_NAME, 11)
    assert cell_len(cut) <= 11 and cut.endswith("…")
    assert fit_cells("佐藤", 4) == "佐藤"


async def test_a_long_japanese_name_leaves_clock_phase_and_mark_on_the_top_bar(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(clock.now().replace(hour=12, minute=5))
    app = IstuiApp(config=replace(config, rep_name=LONG_NAME), store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        today.refresh_view()
        await pilot.pause()
        bar = today.query_one(TopBar)
        shown = bar._shown
        assert shown is not None
        plain = shown.plain
        assert cell_len(plain) <= 80, plain
        assert "12:05:00" in plain and "2026-11-23" in plain
        assert today.session.view().phase.value in plain
        assert "mid-check due" in plain
        assert "…" in plain and LONG_NAME[:3] in plain
