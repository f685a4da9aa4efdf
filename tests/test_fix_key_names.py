"""The k key is named for what it opens: the mid-check."""

from __future__ import annotations

from istui.clock import FixedClock
from istui.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp


async def test_the_k_key_reads_mid_check_in_footer_and_palette(
    config: Config, store: Store, clock: FixedClock
) -> None:
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        commands = {c.name: c for c in app.palette_commands(app.screen)}
        assert "Mid-check" in commands and "Check" not in commands
        assert "on this screen" not in commands["Mid-check"].help_line
