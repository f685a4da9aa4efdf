"""Pilot tests of the Today screen: keys in, counts shown *and* stored.

Everything runs on an injected FixedClock; waits are bounded loops of short
pauses that stop as soon as the screen shows what is expected, never a timed
assertion.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import replace
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from rich.cells import cell_len
from textual.pilot import Pilot
from textual.widgets import Digits, Static

from istui.render.cells import clip
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.store import Store, StoreError
from istui.store.backups import backup_files
from istui.store.layout import day_relpath
from istui.tui.app import IstuiApp
from istui.tui.screens.help import HelpScreen
from istui.tui.screens.today import TodayScreen
from istui.tui.widgets.today import BigFigure, MetricRow, TopBar

JST = timezone(timedelta(hours=9))


def screen_text(app: IstuiApp) -> str:
    """What the terminal shows right now, as plain text lines."""
    strips = app.screen._compositor.render_strips()
    return "\n".join("".join(seg.text for seg in strip).rstrip() for strip in strips)


def row_text(app: IstuiApp, key: str) -> str:
    """The text one metric row shows on screen."""
    return app.screen.query_one(f"#metric-{key}", MetricRow).render().plain


def shown_count(app: IstuiApp, key: str) -> tuple[int, int]:
    """(count, target) as the metric row shows them."""
    match = re.search(r"\s(\d+) / (\d+)", row_text(app, key))
    assert match, row_text(app, key)
    return int(match.group(1)), int(match.group(2))


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool], pauses: int = 40) -> bool:
    """Let the app run (timers included) until ``condition`` holds, at most ``pauses`` times."""
    for _ in range(pauses):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


def stored_counts(store: Store, clock: FixedClock) -> dict[str, int]:
    kinds: dict[str, int] = {}
    for event in store.day_events(clock.now().date()):
        kinds[event.kind] = kinds.get(event.kind, 0) + 1
    return kinds


@pytest.fixture
def app(config: Config, store: Store, clock: FixedClock) -> IstuiApp:
    return IstuiApp(config=config, store=store, clock=clock)


async def test_funnel_keys_show_and_store_outcome_counts(
    app: IstuiApp, store: Store, clock: FixedClock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press(*"ccccc", "o", "o", "m")
        await pilot.pause()
        assert shown_count(app, "call") == (8, 100)
        assert shown_count(app, "connect") == (3, 25)
        assert shown_count(app, "meeting") == (1, 4)
        assert shown_count(app, "email") == (0, 40)
        text = screen_text(app)
        assert re.search(r"Calls\s+8 / 100", text)
        assert re.search(r"Connects\s+3 / 25", text)
        assert re.search(r"Meetings\s+1 / 4", text)
        # the rates follow the outcome model: 3 of 8 calls, 1 of 3 connects
        assert "3 of 8 calls" in text
        assert "1 of 3 connects" in text
    assert stored_counts(store, clock) == {"call": 5, "connect": 2, "meeting": 1}
    events = store.day_events(clock.now().date())
    assert len({e.id for e in events}) == 8
    assert all(e.at == clock.now() for e in events)


async def test_logging_keys_work_immediately_after_start(
    app: IstuiApp, store: Store, clock: FixedClock
) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "e")
        assert stored_counts(store, clock) == {"call": 1, "email": 1}
        await pilot.pause()
        assert "last email at 10:30:00" in screen_text(app)
        await pilot.pause()
        assert shown_count(app, "call") == (1, 100)
        assert shown_count(app, "email") == (1, 40)


async def test_undo_removes_the_last_event(app: IstuiApp, store: Store, clock: FixedClock) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "c", "m", "u")
        await pilot.pause()
        assert shown_count(app, "call") == (2, 100)
        assert shown_count(app, "meeting") == (0, 4)
        assert shown_count(app, "connect") == (0, 25)
    assert stored_counts(store, clock) == {"call": 2}


async def test_undo_on_an_empty_day_never_goes_below_zero(
    config: Config, store: Store, clock: FixedClock
) -> None:
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("u", "u", "u")
        await pilot.pause()
        for key in ("call", "connect", "meeting", "email"):
            assert shown_count(app, key)[0] == 0
        assert "-1" not in row_text(app, "call")
        assert "nothing logged yet today" in screen_text(app)
        assert any("nothing to undo" in n.message for n in app._notifications)
        await pilot.press("c", "u", "u")
        await pilot.pause()
        assert shown_count(app, "call") == (0, 100)
    assert store.day_events(clock.now().date()) == []


async def test_undo_only_touches_today(config: Config, store: Store, clock: FixedClock) -> None:
    yesterday = datetime(2026, 11, 22, 16, 0, tzinfo=JST)
    store.log("call", 3, at=yesterday)
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("u")
        await pilot.pause()
        assert shown_count(app, "call") == (0, 100)
    assert len(store.day_events(yesterday.date())) == 3


async def test_rollover_at_midnight_starts_a_new_day_and_keeps_yesterday(
    config: Config, store: Store, tmp_path: Path
) -> None:
    clock = FixedClock(datetime(2026, 11, 23, 23, 59, tzinfo=JST))
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c", "c", "o")
        await pilot.pause()
        assert shown_count(app, "call") == (3, 100)
        yesterday_file = store.root / day_relpath(clock.now().date())
        before = yesterday_file.read_bytes()

        clock.set(datetime(2026, 11, 24, 0, 0, 30, tzinfo=JST))
        assert await wait_until(pilot, lambda: "2026-11-24" in screen_text(app))
        text = screen_text(app)
        assert "2026-11-23" not in text
        for key in ("call", "connect", "meeting", "email"):
            assert shown_count(app, key)[0] == 0
        assert re.search(r"Calls\s+0 / 100", text)

        # keys now log on the new day
        await pilot.press("m")
        await pilot.pause()
        assert shown_count(app, "meeting") == (1, 4)
    assert yesterday_file.read_bytes() == before
    old = store.day_events(datetime(2026, 11, 23).date())
    assert sorted(e.kind for e in old) == ["call", "call", "connect"]
    new = store.day_events(datetime(2026, 11, 24).date())
    assert [e.kind for e in new] == ["meeting"]


@pytest.mark.parametrize(
    ("moment", "calls", "expected"),
    [
        # 10:30: 90 of 480 working minutes gone -> 18.75 expected of 100
        (
            datetime(2026, 11, 23, 10, 30, tzinfo=JST),
            25,
            [
                "day passed    19%",
                "expected now    19",
                "ahead +6",
                "landing        133",
                "11.5 / hour for 6.5 h",
            ],
        ),
        # 14:00: the lunch break does not count -> half the day gone
        (
            datetime(2026, 11, 23, 14, 0, tzinfo=JST),
            40,
            [
                "day passed    50%",
                "expected now    50",
                "behind -10",
                "landing         80",
                "15.0 / hour for 4.0 h",
            ],
        ),
        # 12:30: on the break, the clock of the working day stands still at 3 h
        (
            datetime(2026, 11, 23, 12, 30, tzinfo=JST),
            100,
            ["on a break", "day passed    38%", "ahead +62", "target reached"],
        ),
    ],
)
async def test_pace_at_fixed_times_is_shown(
    config: Config, store: Store, moment: datetime, calls: int, expected: list[str]
) -> None:
    clock = FixedClock(moment)
    store.log("call", calls, at=moment)
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        text = screen_text(app)
        for fragment in expected:
            assert fragment in text, fragment
        assert f"{moment:%H:%M:%S}" in text


async def test_pace_follows_the_clock_without_a_key(
    config: Config, store: Store, clock: FixedClock
) -> None:
    store.log("call", 25, at=clock.now())
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert "ahead +6" in screen_text(app)
        clock.set(datetime(2026, 11, 23, 14, 0, tzinfo=JST))
        assert await wait_until(pilot, lambda: "behind -25" in screen_text(app))
        assert "14:00:00" in screen_text(app)


async def test_a_write_by_another_process_shows_up_within_the_poll(
    app: IstuiApp, store: Store, clock: FixedClock
) -> None:
    other = Store(store.root, today=lambda: clock.now().date())
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert shown_count(app, "call") == (1, 100)
        other.log("connect", 2, at=clock.now())
        assert await wait_until(pilot, lambda: shown_count(app, "connect") == (2, 25))
        assert shown_count(app, "call") == (3, 100)
        # and a key pressed afterwards builds on the other process's events
        await pilot.press("c")
        await pilot.pause()
        assert shown_count(app, "call") == (4, 100)
    assert stored_counts(store, clock) == {"call": 2, "connect": 2}


async def test_help_opens_with_question_mark_and_escape_closes(app: IstuiApp) -> None:
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("question_mark")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
        assert "istui — help" in screen_text(app)
        # the funnel note is further down the (scrolling) help body
        body = app.screen.query_one("#help-body", Static)
        assert "How counting works" in str(body.render())
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        # keys log again once help is closed
        await pilot.press("c")
        await pilot.pause()
        assert shown_count(app, "call") == (1, 100)


async def test_a_store_error_while_logging_is_a_notification_not_a_crash(
    app: IstuiApp, store: Store, clock: FixedClock, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_log(*args: object, **kwargs: object) -> None:
        raise StoreError(f"{store.root}/days/2026/2026-11-23.json: cannot write: disk full")

    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("c")
        await pilot.pause()
        monkeypatch.setattr(store, "log_seen", broken_log)  # what the Today screen calls
        await pilot.press("c")
        await pilot.pause()
        assert app.is_running
        assert isinstance(app.screen, TodayScreen)
        messages = [n.message for n in app._notifications]
        assert any("not logged" in m and "disk full" in m for m in messages), messages
        assert "not logged" in screen_text(app)
        assert shown_count(app, "call") == (1, 100)
        monkeypatch.undo()
        await pilot.press("c")
        await pilot.pause()
        assert shown_count(app, "call") == (2, 100)
    assert stored_counts(store, clock) == {"call": 2}


async def test_a_corrupt_day_file_written_meanwhile_is_reported_not_fatal(
    app: IstuiApp, store: Store, clock: FixedClock
) -> None:
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        await pilot.press("c")
        await pilot.pause()
        path = store.root / day_relpath(clock.now().date())
        path.write_bytes(b'{"_meta": {"1": ')
        assert await wait_until(
            pilot, lambda: any("corrupt JSON" in n.message for n in app._notifications)
        )
        assert app.is_running
        assert shown_count(app, "call") == (1, 100)


@pytest.mark.parametrize("size", [(80, 24), (120, 40), (200, 50)])
async def test_the_screen_reads_at_every_size(
    app: IstuiApp, store: Store, clock: FixedClock, size: tuple[int, int]
) -> None:
    store.log("call", 30, at=clock.now())
    async with app.run_test(size=size) as pilot:
        await pilot.pause()
        text = screen_text(app)
        assert "山田 太郎" in text
        assert "Mon 2026-11-23" in text
        assert "Pace" in text and "Rates" in text
        assert "Undo" in text  # the footer
        large = size[1] >= 32
        assert ("Hour by hour" in text) is large
        assert ("needed / hour" in text) is large  # the big figures
        assert ("This week" in text) is (large and size[0] >= 110)


async def test_week_strip_picks_up_a_backfill_on_an_earlier_day(
    config: Config, store: Store
) -> None:
    clock = FixedClock(datetime(2026, 11, 25, 10, 30, tzinfo=JST))  # a Wednesday
    store.log("call", 7, at=datetime(2026, 11, 23, 15, 0, tzinfo=JST))
    app = IstuiApp(config=config, store=store, clock=clock)
    other = Store(store.root, today=lambda: clock.now().date())
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        assert re.search(r"Mon 23\s+7/100", screen_text(app))
        assert re.search(r"Tue 24\s+0/100", screen_text(app))
        other.log("call", 2, at=datetime(2026, 11, 24, 11, 0, tzinfo=JST))
        await pilot.press("c")
        assert await wait_until(pilot, lambda: bool(re.search(r"Tue 24\s+2/100", screen_text(app))))
        assert re.search(r"Wed 25\s+1/100", screen_text(app))
        # the week so far sums each day's count against each day's target
        assert re.search(r"so far\s+10/300", screen_text(app))


async def test_big_figures_say_behind_in_words_and_sign(
    config: Config, store: Store, clock: FixedClock
) -> None:
    store.log("call", 10, at=clock.now())  # 10 of 18.75 expected at 10:30
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        figures = list(app.screen.query(BigFigure))
        shown = [
            (str(f.query_one(".big-label", Static).render()), f.query_one(Digits).value)
            for f in figures
        ]
        assert shown == [
            ("calls / target", "10/100"),
            ("behind", "-9"),
            ("landing", "53"),
            ("needed / hour", "13.8"),
        ]
        assert figures[1].has_class("-behind")
        await pilot.press(*"c" * 12)
        await pilot.pause()
        assert figures[1].query_one(Digits).value == "+3"
        assert figures[1].has_class("-ahead")
        await pilot.press(*"c" * 78)
        await pilot.pause()
        assert figures[0].query_one(Digits).value == "100/100"
        assert figures[3].query_one(".big-label").render().plain == "target reached"  # type: ignore[union-attr]


# ------------------------------------------------------------------ the top bar
LONG_NAME = "寿限無寿限無五劫の擦り切れ海砂利水魚の水行末雲来末風来末食う"  # 30 characters


def test_fit_cells_counts_wide_characters_double() -> None:
    assert len(LONG_NAME) == 30
    cut = clip(LONG_NAME, 11)
    assert cell_len(cut) <= 11 and cut.endswith("…")
    assert clip("佐藤", 4) == "佐藤"


async def test_a_long_japanese_name_leaves_clock_phase_and_mark_on_the_top_bar(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """A long rep name gives way in the top bar: clock, phase and marks always show."""
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


async def test_the_first_key_of_a_day_does_not_build_the_backup_in_its_handler(
    config: Config, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import threading

    from istui.services.session import DaySession
    from istui.store.backups import complete_daily_backup

    monday = datetime(2026, 11, 23, 10, 30, tzinfo=JST)
    today = [monday.date() - timedelta(days=1)]
    store = Store(tmp_path / "store", today=lambda: today[0])
    for days_back in range(1, 31):  # a month of history (and Sunday's backup)
        store.log("call", at=monday - timedelta(days=days_back))
    assert store.backups() == ["2026-11-22"]
    today[0] = monday.date()

    in_key = [False]
    builds: list[tuple[bool, bool]] = []  # (inside the key's handler, on the main thread)
    real_log = DaySession.log

    def log(self: DaySession, kind: str) -> object:
        in_key[0] = True
        try:
            return real_log(self, kind)
        finally:
            in_key[0] = False

    def build(*args: object, **kwargs: object) -> None:
        builds.append((in_key[0], threading.current_thread() is threading.main_thread()))
        complete_daily_backup(*args, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(DaySession, "log", log)
    monkeypatch.setattr("istui.store.core.complete_daily_backup", build)
    app = IstuiApp(config=config, store=store, clock=FixedClock(monday))
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        assert await wait_until(pilot, lambda: bool(builds) and len(store.backups()) == 2)
        assert builds == [(False, False)]  # after the key's handler, in a worker thread
        assert store.backups() == ["2026-11-22", "2026-11-23"]
        await pilot.press("c")  # once a day
        await pilot.pause()
    assert builds == [(False, False)]
    assert len(store.day_events(monday.date())) == 2
    backed = backup_files(store.root, "2026-11-23")
    assert day_relpath(monday.date()) not in backed  # made after the backup's moment
    assert len(backed) == 30 + 1  # the month, and store.json
