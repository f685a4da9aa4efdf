"""The day history tells a skipped mid-check from a done one."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime

from rich.cells import cell_len

from istui.clock import FixedClock
from istui.config import Config
from istui.domain.reflection import MidCheck, MidStatus, Reflection
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.history import day_label


def _check(slot: str, status: MidStatus) -> MidCheck:
    return replace(MidCheck(slot=slot), status=status, rating=3)


def test_history_label_shows_a_skipped_check_apart_from_a_done_one() -> None:
    day = date(2026, 11, 20)
    done = Reflection(day=day, submitted=True, changed_at=datetime(2026, 11, 20, 19, 0))
    both = day_label(
        day, [_check("12:00", MidStatus.DONE), _check("15:30", MidStatus.DONE)], done, 2
    )
    one_skipped = day_label(
        day, [_check("12:00", MidStatus.SKIPPED), _check("15:30", MidStatus.DONE)], done, 2
    )
    assert both.endswith("✓ 2/2")
    assert one_skipped.endswith("✓ 1/2 ✗1")
    assert both != one_skipped


async def test_history_list_fits_a_label_with_a_skipped_check_on_one_line(
    config: Config, store: Store, clock: FixedClock
) -> None:
    from textual.widgets import OptionList

    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        days = app.screen.query_one(OptionList)
        label = day_label(date(2026, 11, 20), [_check("12:00", MidStatus.SKIPPED)], None, 2)
        room = days.scrollable_content_region.width - days.scrollbar_size_vertical
        assert cell_len(label) <= room, (label, room)
