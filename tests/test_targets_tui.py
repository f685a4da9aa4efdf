"""The Targets screens: typing updates the chain, apply writes a version, the
month view, and snapshots at 80×24."""

from __future__ import annotations

from datetime import date

from textual.pilot import Pilot
from textual.widgets import Input, Static

from forms_helpers import make_app, run_app
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.demo import fill_history
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.screens.targets import MonthScreen, PlanScreen
from istui.tui.screens.today import TodayScreen
from snapshot_support import SnapCompare


def text_of(app: IstuiApp, selector: str) -> str:
    return str(app.screen.query_one(selector, Static).content)


async def replace(pilot: Pilot[None], field: str, value: str) -> None:
    """Focus one input, clear it and type ``value`` key by key."""
    pilot.app.screen.query_one(f"#plan-{field}", Input).focus()
    await pilot.press("end", "ctrl+u", *value)
    await pilot.pause()


async def test_p_opens_the_plan_with_the_article_example(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("p")
        await pilot.pause()
        assert isinstance(app.screen, PlanScreen)
        chain = text_of(app, "#plan-chain")
        assert "400 connects ÷ 30 % connect rate = 1,333.3 → 1,334 dials" in chain
        assert "1,334 dials ÷ 21 working days of November 2026 = 63.5 → 64 a day" in chain
        assert "64 dials a day is below the typical" in text_of(app, "#plan-warnings")


async def test_typing_updates_the_chain(config: Config, store: Store, clock: FixedClock) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("p")
        await replace(pilot, "deals", "20")
        assert "20 deals ÷ 25 % win rate = 80 meetings" in text_of(app, "#plan-chain")
        await replace(pilot, "month", "2026-12")
        chain = text_of(app, "#plan-chain")
        assert "2,667 dials ÷ 23 working days of December 2026 = 115.96 → 116 a day" in chain
        await replace(pilot, "connect", "150%")
        assert "connect rate: 150% is not a rate" in text_of(app, "#plan-warnings")
        assert "Fix the inputs" in text_of(app, "#plan-chain")
        await replace(pilot, "connect", "10%")
        assert "far beyond the typical" in text_of(app, "#plan-warnings")


async def test_apply_writes_a_version_and_today_follows(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("p")
        await replace(pilot, "win", "abc")
        before = len(store.target_versions())
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert len(store.target_versions()) == before  # a bad input applies nothing
        await replace(pilot, "win", "25%")
        await pilot.press("ctrl+s")
        await pilot.pause()
        latest = store.target_versions()[-1]
        assert latest.effective == date(2026, 11, 23)
        assert (latest.values["call"], latest.values["connect"], latest.values["meeting"]) == (
            64,
            20,
            2,
        )
        assert latest.values["email"] == 40  # not part of the plan: kept
        assert latest.source == "plan"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert app.session.targets["call"] == 64
        await pilot.press("c")  # the logging keys work again at once
        await pilot.pause()
        assert app.session.view().line("call").count == 1  # type: ignore[union-attr]


async def test_month_view_and_back(config: Config, store: Store, clock: FixedClock) -> None:
    fill_history(store, clock.now(), 28, hours=config.hours, calendar=config.calendar, seed=7)
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("p", "ctrl+t")
        await pilot.pause()
        assert isinstance(app.screen, MonthScreen)
        body = text_of(app, "#month-body")
        assert "November 2026: 15 of 21 working days done + 19 % of today" in body
        assert "landing" in body
        await pilot.press("right")
        await pilot.pause()
        assert "December 2026" in text_of(app, "#month-body")
        await pilot.press("escape", "escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)


def test_plan_screen_snapshot(
    snap_compare: SnapCompare, config: Config, store: Store, clock: FixedClock
) -> None:
    async def settle(pilot: Pilot[None]) -> None:
        await pilot.press("p")
        await pilot.pause()
        for widget in pilot.app.screen.query(Input):
            widget.cursor_blink = False
        await pilot.pause()

    assert snap_compare(make_app(config, store, clock), terminal_size=(80, 24), run_before=settle)


def test_month_screen_snapshot(
    snap_compare: SnapCompare, config: Config, store: Store, clock: FixedClock
) -> None:
    fill_history(store, clock.now(), 28, hours=config.hours, calendar=config.calendar, seed=7)
    assert snap_compare(
        make_app(config, store, clock), terminal_size=(80, 24), press=["p", "ctrl+t"]
    )


async def test_contact_stage_gets_its_own_input(config_path, clock: FixedClock, tmp_path) -> None:  # type: ignore[no-untyped-def]
    from istui.services.config import load_config

    text = (
        config_path.read_text(encoding="utf-8")
        .replace(
            'funnel = ["call", "connect", "meeting"]',
            'funnel = ["call", "connect", "contact", "meeting"]',
        )
        .replace("meeting = 4\n", "contact = 15\nmeeting = 4\n")
    )
    config_path.write_text(text, encoding="utf-8")
    config = load_config(config_path)
    store = Store(tmp_path / "contact-store", today=lambda: clock.now().date())
    store.sync_config_targets(config.targets, clock.now().date())
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("p")
        await pilot.pause()
        assert app.screen.query_one("#plan-contact", Input).value == "60%"
        assert "400 contacts ÷ 60 % contact rate = 666.7 → 667 connects" in text_of(
            app, "#plan-chain"
        )
        await replace(pilot, "contact", "0")
        assert "contact rate: 0 is not a rate" in text_of(app, "#plan-warnings")
