"""Snapshots of the mid-check and reflection forms at 80×24 and 120×40.

Fixed clock, fixed events, drafts with Japanese text: nothing depends on the
wall clock. Update with `pytest --snapshot-update` after a deliberate change,
and look at the SVGs before committing them.
"""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from forms_helpers import at, make_app
from istui.domain.reflection import MidCheck, Reflection
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.forms import save_midcheck, save_reflection
from istui.store import Store

DAY = date(2026, 11, 23)
SIZES = [(80, 24), (120, 40)]


def fill_day(store: Store) -> None:
    for hour, calls, connects, meetings in (
        (9, 9, 3, 0),
        (10, 12, 4, 1),
        (11, 8, 3, 1),
        (13, 7, 1, 0),
        (14, 10, 3, 0),
        (15, 9, 2, 1),
        (16, 11, 5, 1),
        (17, 6, 2, 0),
    ):
        store.log("call", calls, at=at(hour, 10))
        store.log("connect", connects, at=at(hour, 30))
        if meetings:
            store.log("meeting", meetings, at=at(hour, 50))


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_midcheck_form(
    snap_compare: Any, size: tuple[int, int], config: Config, store: Store, clock: FixedClock
) -> None:
    fill_day(store)
    clock.set(at(15, 20))  # 12:00 done, 15:30 opened early: no toast in the picture
    save_midcheck(store, DAY, MidCheck("12:00", rating=4).submit(at(12, 5)))
    save_midcheck(
        store,
        DAY,
        MidCheck("15:30", rating=3, working="冒頭15秒のトークを短くした", need_help=True),
    )
    app = make_app(config, store, clock)
    assert snap_compare(app, press=["k"], terminal_size=size)


@pytest.mark.parametrize("size", SIZES, ids=["80x24", "120x40"])
def test_reflection_form(
    snap_compare: Any,
    size: tuple[int, int],
    config: Config,
    store: Store,
    clock: FixedClock,
    tmp_path: Path,
) -> None:
    fill_day(store)
    clock.set(at(18, 30))
    save_reflection(
        store,
        Reflection(
            day=DAY,
            went_well="午前中に商談を2件設定できた。導入事例を先に話す流れが効いた",
            hard="予算の話で切り返せなかった",
            objections=("no budget",),
            focus=4,
            changed_at=at(18, 25),
        ),
    )
    app = make_app(config, store, clock, reflect_day=DAY)
    assert snap_compare(app, terminal_size=size)


def test_day_history_80x24(
    snap_compare: Any, config: Config, store: Store, clock: FixedClock
) -> None:
    from istui.services.demo import fill_forms, fill_history

    fill_history(store, clock.now(), 7, hours=config.hours, calendar=config.calendar)
    fill_forms(store, config, clock.now(), 7)
    app = make_app(config, store, clock)
    assert snap_compare(app, press=["h", "down"], terminal_size=(80, 24))
