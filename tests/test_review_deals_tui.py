"""The weekly review's deals section (Summary pane): the week's deals (set,
held, cancelled, won, 受注率, キャンセル率, 受注金額) and the week by channel
and segment (dials, connect rate, meeting rate, meetings, deals won); hidden
for a rep with neither. Pilot tests, snapshots 80x24 / 120x40, en / ja."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest

from istui import i18n
from istui.domain.calendar import IsoWeek
from istui.domain.deals import Deal, DealStep
from istui.domain.funnel import Event
from istui.services.clock import FixedClock
from istui.services.config import default_config_text, load_config
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.screens.review import ReviewScreen
from istui.tui.widgets.review_deals import ReviewDeals
from snapshot_support import LARGE, SMALL, SnapCompare, SnapWorld, bare_world, snap_screen

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 26, 11, 50, tzinfo=JST)  # Thursday of W48, before the 12:00 mid-check
W48 = IsoWeek(2026, 48)
TAGS = {
    "webinar": {"list": "Webinar 11月", "channel": "webinar", "segment": "IT 100-499"},
    "cold": {"list": "cold", "channel": "outbound", "segment": "製造"},
}


def at(day: int, hh: int, mm: int = 0, ss: int = 0) -> datetime:
    return datetime(2026, 11, day, hh, mm, ss, tzinfo=JST)


def meeting_id(n: int) -> str:
    return f"{n:02d}" + "d" * 6 + f"{n:024d}"


def seed(store: Store) -> None:
    """Mon-Thu: each day 8 webinar dials (2 connects, 1 meeting) and 12 cold
    ones (3 connects, 1 meeting on Mon and Tue)."""
    n = 0
    for day in (23, 24, 25, 26):
        events: list[Event] = []
        for source, dials, connects, meetings in (
            ("webinar", 8, 2, 1),
            ("cold", 12, 3, 1 if day < 25 else 0),
        ):
            for i in range(dials):
                kind = "meeting" if i < meetings else "connect" if i < connects else "call"
                when = at(day, 9 if source == "webinar" else 13, i)
                if kind == "meeting":
                    n += 1
                    events.append(Event(meeting_id(n), when, kind, **TAGS[source]))
                else:
                    events.append(Event(f"{source}{day}{i:026d}", when, kind, **TAGS[source]))
        store.add_day_events(at(day, 9).date(), events)


def move(store: Store) -> None:
    """Meeting 1 (webinar, Mon) held and won ¥800,000; 2 (cold, Mon) cancelled;
    3 (webinar, Tue) held and lost; the rest open."""

    def step(n: int, booked: datetime, *steps: DealStep) -> None:
        for s in steps:

            def apply(d: Deal, s: DealStep = s) -> Deal:
                return d.with_step(s)

            store.change_deal(meeting_id(n), booked, apply)

    step(1, at(23, 9), DealStep("held", at(24, 10)), DealStep("won", at(25, 10), amount=800000))
    step(2, at(23, 13), DealStep("cancelled", at(24, 11), reason="日程都合"))
    step(3, at(24, 9), DealStep("held", at(25, 15)), DealStep("lost", at(25, 16), reason="予算"))


@pytest.fixture
def world(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> SnapWorld:
    monkeypatch.delenv("NO_COLOR", raising=False)
    world = bare_world(tmp_path, NOW)
    seed(world.store)
    return world


def section_text(app: IstuiApp) -> str:
    widget = app.screen.query_one(ReviewDeals)
    if not widget.display:
        return ""
    from rich.console import Console

    console = Console(width=200, record=True, color_system=None)
    console.print(widget.content)
    return console.export_text()


async def test_the_summary_shows_the_weeks_deals_and_the_cut_by_channel(world: SnapWorld) -> None:
    move(world.store)
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await app.push_screen(ReviewScreen(world.config, world.store, world.clock, W48))
        await pilot.pause()
        text = section_text(app)
    assert "Deals of the week (商談)" in text
    assert "set 6 · held 2 · cancelled 1 · won 1 · still open 3" in text
    assert "win rate 50.0% (1/2 decided) · cancellation rate 16.7% (1/6 set)" in text
    assert "amount won ¥800,000" in text
    rows = {line.split()[0]: line.split() for line in text.splitlines() if line.strip()}
    # channel, dials, connect rate, meeting rate, meetings, won: sums over the slice
    assert rows["webinar"] == ["webinar", "32", "25.0%", "50.0%", "4", "1"]
    assert rows["outbound"] == ["outbound", "48", "25.0%", "16.7%", "2", "0"]
    assert rows["IT"] == ["IT", "100-499", "32", "25.0%", "50.0%", "4", "1"]
    assert "製造" in rows


async def test_the_section_is_hidden_for_a_rep_without_deals_or_lists(tmp_path: Path) -> None:
    config_path = tmp_path / "config.toml"
    config_path.write_text(default_config_text("rep-01", "r"), encoding="utf-8")
    config = load_config(config_path)
    clock = FixedClock(NOW)
    store = Store(tmp_path / "store", today=lambda: clock.now().date())
    store.add_day_events(NOW.date(), [Event("x" * 32, at(26, 9), "call")])
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await app.push_screen(ReviewScreen(config, store, clock, W48))
        await pilot.pause()
        assert section_text(app) == ""


async def test_the_section_follows_the_week_and_the_language(world: SnapWorld) -> None:
    move(world.store)
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock)
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await app.push_screen(ReviewScreen(world.config, world.store, world.clock, W48))
        await pilot.pause()
        i18n.set_language("ja")
        await pilot.press("left_square_bracket")  # last week: no dial, no deal booked
        await pilot.pause()
        assert "商談設定 0" in section_text(app)
        await pilot.press("right_square_bracket")
        await pilot.pause()
        text = section_text(app)
    assert "受注率 50.0%" in text and "キャンセル率 16.7%" in text and "受注金額 ¥800,000" in text


@pytest.mark.parametrize("language", ["en", "ja"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=lambda s: f"{s[0]}x{s[1]}")
def test_review_deals_snapshot(
    snap_compare: SnapCompare, world: SnapWorld, size: tuple[int, int], language: str
) -> None:
    move(world.store)
    i18n.set_language(language)

    async def scroll(pilot: object) -> None:
        from textual.containers import VerticalScroll

        app = world_app[0]
        app.screen.query_one("#summary", VerticalScroll).scroll_end(animate=False)

    world_app: list[IstuiApp] = []

    def factory(app: IstuiApp) -> ReviewScreen:
        world_app.append(app)
        return ReviewScreen(world.config, world.store, world.clock, W48)

    assert snap_screen(snap_compare, world, factory, "istui-dark", size, run_before=scroll)
