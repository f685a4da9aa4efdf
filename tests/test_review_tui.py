"""The review screen: keys, the actions editor, and snapshots at 80×24 and 120×40."""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from textual.widgets import ContentSwitcher, DataTable, Input

from forms_helpers import run_app
from istui.domain.calendar import IsoWeek
from istui.domain.weekplan import ReviewAction
from istui.services.clock import FixedClock
from istui.services.config import Config, load_config
from istui.services.demo import build_demo
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.screens.review import ReviewScreen
from istui.tui.screens.review_forms import ActionForm
from istui.tui.screens.today import TodayScreen

W47 = IsoWeek(2026, 47)


async def test_w_opens_the_current_week_and_escape_goes_back(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("w")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.week == IsoWeek(2026, 48)
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert screen.week == W47
        assert screen.bundle is not None and screen.bundle.week == W47
        await pilot.press("right_square_bracket", "right_square_bracket")
        assert screen.week == IsoWeek(2026, 49)
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("c")  # logging keys still work on Today
        await pilot.pause()
    assert len(store.day_events(date(2026, 11, 23))) == 1


async def test_a_corrupt_day_file_is_named_inside_the_screen(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """Never a blank screen: the title, the panes and a line naming the file."""
    from textual.widgets import Static

    from istui.store.layout import day_relpath

    bad = store.root / day_relpath(date(2026, 11, 17))
    bad.parent.mkdir(parents=True, exist_ok=True)
    bad.write_text("{broken", encoding="utf-8")
    async with run_app(config, store, clock, start_week=W47) as (app, pilot):
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen) and screen.bundle is not None
        title = str(screen.query_one("#review-title", Static).render())
        assert "2026-W47" in title
        problems = screen.query_one("#review-problems", Static)
        assert problems.display
        text = str(problems.render())
        assert "2026-11-17.json" in text and "left out of the figures" in text
        assert screen.query_one(ContentSwitcher).current == "summary"
        assert len(screen.bundle.review.days) == 7  # the other days are still shown


async def test_number_keys_switch_tabs(config: Config, store: Store, clock: FixedClock) -> None:
    async with run_app(config, store, clock, start_week=W47) as (app, pilot):
        await pilot.pause()
        panes = app.screen.query_one(ContentSwitcher)
        for key, tab in [
            ("2", "chart"),
            ("3", "when"),
            ("4", "words"),
            ("5", "next"),
            ("1", "summary"),
        ]:
            await pilot.press(key)
            assert panes.current == tab


async def test_adding_an_action_saves_it_with_owner_and_deadline(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock, start_week=W47) as (app, pilot):
        await pilot.pause()
        await pilot.press("a")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)
        await pilot.press(*"トーク改訂", "enter")
        app.screen.query_one("#f-owner", Input).value = "lead"
        await pilot.press("enter", *"2026-02-30", "enter")
        await pilot.pause()
        assert isinstance(app.screen, ActionForm)  # an impossible deadline keeps the form open
        app.screen.query_one("#f-deadline", Input).value = "2026-11-27"
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        table = app.screen.query_one("#next-actions", DataTable)
        assert table.row_count == 1
        await pilot.press("1", "x")  # away from the pane, x first brings it up...
        await pilot.pause()
        assert app.screen.query_one(ContentSwitcher).current == "next"
        assert store.week_plan(2026, 47).actions[0].done is False
        await pilot.press("x")  # ...then ticks the action under the cursor
        await pilot.pause()
    (action,) = store.week_plan(2026, 47).actions
    assert (action.action, action.owner, action.deadline, action.done) == (
        "トーク改訂",
        "lead",
        date(2026, 11, 27),
        True,
    )


async def test_last_weeks_actions_can_be_ticked_off(
    config: Config, store: Store, clock: FixedClock
) -> None:
    decided = clock.now() - timedelta(days=3)
    store.add_action(2026, 46, ReviewAction(0, "opener A/B", "me", None, False), at=decided)
    async with run_app(config, store, clock, start_week=W47) as (app, pilot):
        await pilot.pause()
        await pilot.press("5")
        app.screen.query_one("#last-actions", DataTable).focus()
        await pilot.press("x")
        await pilot.pause()
    assert store.week_plan(2026, 46).actions[0].done is True
    assert store.week_plan(2026, 47).actions == ()
    # the tick is stamped with the app's clock (what the team merge compares)
    (stamp,) = store.read_table("weeks/2026-W46.json", "changed")
    assert stamp["changed_at"] == clock.now().isoformat()


async def test_editing_the_focus(config: Config, store: Store, clock: FixedClock) -> None:
    async with run_app(config, store, clock, start_week=W47) as (_, pilot):
        await pilot.pause()
        await pilot.press("f")
        await pilot.pause()
        await pilot.press(*"list B", "enter", *"question first", "enter")
        await pilot.pause()
    plan = store.week_plan(2026, 47)
    assert (plan.focus_lists, plan.focus_approach) == ("list B", "question first")


# ----------------------------------------------------------------- snapshots
@pytest.fixture
def demo_app(tmp_path: Path, clock: FixedClock) -> IstuiApp:
    """The seeded demo as is (history, mid-checks, reflections and each past
    week's actions come with it), frozen clock."""
    config_path, db_path = build_demo(tmp_path / "demo", clock.now(), seed=7)
    config = load_config(config_path)
    store = Store(db_path, today=lambda: clock.now().date())
    return IstuiApp(config=config, store=store, clock=clock, start_week=W47)


SNAPSHOTS: list[tuple[tuple[int, int], list[str]]] = [
    ((80, 24), []),
    ((120, 40), []),
    ((80, 24), ["5"]),
    ((120, 40), ["2"]),
    ((120, 40), ["4"]),
]


@pytest.mark.parametrize(
    ("size", "keys"),
    SNAPSHOTS,
    ids=["80x24", "120x40", "80x24-next", "120x40-chart", "120x40-words"],
)
def test_review_snapshot(
    snap_compare: Any, demo_app: IstuiApp, size: tuple[int, int], keys: list[str]
) -> None:
    assert snap_compare(demo_app, terminal_size=size, press=keys)


def test_the_demo_fills_every_pane_of_the_review(demo_app: IstuiApp) -> None:
    """`istui demo`: mid-checks, reflections and last week's actions, not just numbers."""
    from istui.services.review import load_review

    bundle = load_review(demo_app.config, demo_app.store, W47, W47.sunday)
    words = bundle.words
    assert words.midcheck_count and words.reflection_count and not words.problems
    assert words.worked and words.blocked and words.learnings and words.help_requests
    assert words.plans and words.objections and words.energy
    assert bundle.last_plan.actions and bundle.plan.actions
    assert {a.done for a in bundle.last_plan.actions} == {True, False}
    assert bundle.plan.focus_lists and bundle.last_plan.focus_approach


@pytest.mark.parametrize(
    ("peak", "scale"),
    [(0, (1, 1)), (4, (4, 1)), (7, (8, 2)), (110, (150, 50)), (91, (100, 20)), (516, (600, 200))],
)
def test_the_chart_y_axis_has_whole_number_ticks(peak: int, scale: tuple[int, int]) -> None:
    from istui.tui.widgets.review import y_scale

    top, step = y_scale(peak)
    assert (top, step) == scale
    assert top >= peak and top % step == 0 and top // step <= 5


async def test_m_steps_the_chart_through_the_funnel(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock, start_week=W47) as (app, pilot):
        await pilot.press("m")  # brings the chart up first
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        assert screen.query_one(ContentSwitcher).current == "chart"
        assert screen.chart_metric == 0
        await pilot.press("m")
        await pilot.pause()
        assert screen.chart_metric == 1
