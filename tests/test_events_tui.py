"""Pilot tests of the events screen: fix an outcome and a note from the list and
see Today's counts change; delete (with a confirm); add a dial at a time."""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import datetime, timedelta, timezone

from textual.pilot import Pilot
from textual.widgets import Input, OptionList, Select

from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.screens.events import AddForm, ConfirmDelete, EventsScreen, NoteForm
from istui.tui.screens.today import TodayScreen
from istui.tui.widgets.today import MetricRow

JST = timezone(timedelta(hours=9))
MON = datetime(2026, 11, 23, tzinfo=JST).date()


def at(hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, 23, hh, mm, tzinfo=JST)


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], pauses: int = 40) -> bool:
    for _ in range(pauses):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def today_count(app: IstuiApp, key: str) -> int:
    today = next(s for s in app.screen_stack if isinstance(s, TodayScreen))
    text = today.query_one(f"#metric-{key}", MetricRow).render().plain
    match = re.search(r"\s(\d+) / \d+", text)
    assert match, text
    return int(match.group(1))


def rows(app: IstuiApp) -> list[str]:
    option_list = app.screen.query_one(OptionList)
    return [str(option_list.get_option_at_index(i).prompt) for i in range(option_list.option_count)]


async def open_events(pilot: Pilot[None]) -> EventsScreen:
    await pilot.press("s")
    assert await wait_until(pilot, lambda: isinstance(pilot.app.screen, EventsScreen))
    screen = pilot.app.screen
    assert isinstance(screen, EventsScreen)
    return screen


async def test_change_an_outcome_and_a_note_and_counts_follow(
    config: Config, store: Store, clock: FixedClock
) -> None:
    first, second = store.log("call", 2, at=at(9, 50))
    (third,) = store.log("connect", at=at(10, 5))
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        assert today_count(app, "meeting") == 0
        await open_events(pilot)
        assert rows(app)[0].startswith("10:05:00  Connects")  # newest first
        await pilot.press("m")  # the top row was a meeting, really
        assert await wait_until(pilot, lambda: rows(app)[0].startswith("10:05:00  Meetings"))
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, NoteForm))
        await pilot.press(*"next tue", "enter")
        assert await wait_until(pilot, lambda: "next tue" in rows(app)[0])
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert today_count(app, "meeting") == 1
        assert today_count(app, "connect") == 1
        assert today_count(app, "call") == 3
    events = Store(store.root).day_events(MON)
    assert [(e.id, e.kind, e.note) for e in events] == [
        (first.id, "call", ""),
        (second.id, "call", ""),
        (third.id, "meeting", "next tue"),
    ]


async def test_a_note_is_edited_not_replaced_and_undo_takes_an_edit_back(
    config: Config, store: Store, clock: FixedClock
) -> None:
    store.log("call", at=at(10), note="受付")
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events(pilot)
        await pilot.press("enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, NoteForm))
        await pilot.press(*"で止まる", "enter")  # typed after the saved note, not over it
        assert await wait_until(pilot, lambda: "受付で止まる" in rows(app)[0])
        await pilot.press("u")
        assert await wait_until(pilot, lambda: rows(app)[0].endswith("受付"))
    assert Store(store.root).day_events(MON)[0].note == "受付"


async def test_delete_asks_first_and_undo_brings_it_back(
    config: Config, store: Store, clock: FixedClock
) -> None:
    a, b = store.log("call", 2, at=at(10))
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events(pilot)
        await pilot.press("delete")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDelete))
        await pilot.press("n")
        assert await wait_until(pilot, lambda: isinstance(app.screen, EventsScreen))
        assert len(rows(app)) == 2
        await pilot.press("delete")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ConfirmDelete))
        await pilot.press("y")
        assert await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert [e.id for e in Store(store.root).day_events(MON)] == [a.id]
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: isinstance(app.screen, TodayScreen))
        assert today_count(app, "call") == 1
        await pilot.press("u")  # Today's undo takes back the delete too
        assert await wait_until(pilot, lambda: today_count(app, "call") == 2)
    assert Store(store.root).day_events(MON) == [a, b]


async def test_add_a_forgotten_dial_at_a_time_of_day(
    config: Config, store: Store, clock: FixedClock
) -> None:
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await open_events(pilot)
        await pilot.press("plus")
        assert await wait_until(pilot, lambda: isinstance(app.screen, AddForm))
        form = app.screen
        assert form.focused is form.query_one("#f-time", Input)
        await pilot.press(*"09:15", "enter")
        form.query_one("#f-kind", Select).value = "connect"
        form.query_one("#f-event-note", Input).focus()
        await pilot.press(*"後で", "enter")
        assert await wait_until(pilot, lambda: isinstance(app.screen, EventsScreen))
        assert await wait_until(pilot, lambda: rows(app) == ["09:15:00  Connects    後で"])
        await pilot.press("escape")
        assert await wait_until(pilot, lambda: today_count(app, "connect") == 1)
    (event,) = Store(store.root).day_events(MON)
    assert (event.at, event.kind, event.note) == (at(9, 15), "connect", "後で")


async def test_a_later_time_or_a_bad_one_is_refused_and_nothing_written(
    config: Config, store: Store, clock: FixedClock
) -> None:
    app = IstuiApp(config=config, store=store, clock=clock)  # now is 10:30
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await open_events(pilot)
        for bad in ("11:00", "9.15", "25:00"):
            await pilot.press("plus")
            assert await wait_until(pilot, lambda: isinstance(app.screen, AddForm))
            await pilot.press(*bad, "ctrl+s")
            assert await wait_until(pilot, lambda: isinstance(app.screen, EventsScreen))
        assert rows(app) == []
    assert Store(store.root).day_events(MON) == []


async def test_another_day_by_brackets_and_never_past_today(
    config: Config, store: Store, clock: FixedClock
) -> None:
    store.log("meeting", at=at(15) - timedelta(days=3))  # Friday
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        screen = await open_events(pilot)
        await pilot.press("right_square_bracket")
        assert screen.day == MON
        for _ in range(3):
            await pilot.press("left_square_bracket")
        assert await wait_until(pilot, lambda: len(rows(app)) == 1)
        assert screen.day == MON - timedelta(days=3)
        await pilot.press("o")
        assert await wait_until(pilot, lambda: "Connects" in rows(app)[0])
    assert [e.kind for e in Store(store.root).day_events(MON - timedelta(days=3))] == ["connect"]
