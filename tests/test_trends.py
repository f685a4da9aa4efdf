"""Trends over weeks (#16): each metric and rate over the last 8–13 weeks,
weeks with too little data shown as such (never as 0), in the weekly review
and the team view, a rep's trend beside the team's."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from istui import i18n
from istui.domain.calendar import IsoWeek
from istui.domain.funnel import Metric, MetricSet
from istui.domain.trends import (
    MIN_RATE_BASE,
    Trend,
    TrendPoint,
    build_trends,
    combine,
    trend_weeks,
    week_counts,
)
from istui.render.trends import GAP, sparkline, value_text
from istui.services.clock import FixedClock
from istui.services.export import Span
from istui.services.merge import merge_files
from istui.services.team import load_team_week
from istui.services.trends import load_team_trends, load_trends
from istui.store.team import TeamStore
from istui.tui.screens.review import ReviewScreen
from istui.tui.screens.team_trends import TeamTrendsScreen, chart_points
from istui.tui.team_app import TeamApp
from snapshot_support import LARGE, SMALL, SnapCompare, SnapWorld, snap_world
from team_helpers import NOW, export_file, make_rep, team_store

__all__ = ["snap_world"]

FUNNEL = MetricSet(
    funnel=(
        Metric("call", "Calls", "calls", "c", True),
        Metric("connect", "Connects", "conn", "o", True),
        Metric("meeting", "Meetings", "meet", "m", True),
    ),
    counters=(),
)
W47 = IsoWeek(2026, 47)


def counts(calls: int, connects: int = 0, meetings: int = 0) -> dict[str, int]:
    return {"call": calls, "connect": connects, "meeting": meetings}


def trend_of(trends: tuple[Trend, ...], kind: str, key: str) -> Trend:
    return next(t for t in trends if (t.kind, t.key) == (kind, key))


# ------------------------------------------------------------------- domain
def test_a_trend_covers_8_to_13_weeks_ending_with_the_week() -> None:
    weeks = trend_weeks(W47)
    assert len(weeks) == 13 and weeks[-1] == W47 and weeks[0] == IsoWeek(2026, 35)
    assert len(trend_weeks(W47, 8)) == 8
    for bad in (7, 14):
        with pytest.raises(ValueError, match="8 to 13"):
            trend_weeks(W47, bad)


def test_missing_weeks_are_gaps_not_zeros() -> None:
    """W45 had nothing logged (a holiday week): no figures, not 0. A day a merged
    export covered with no dial is a real 0."""
    weeks = trend_weeks(W47, 8)
    days = {
        IsoWeek(2026, 44).monday: counts(200, 60, 6),
        IsoWeek(2026, 46).monday: counts(180, 50, 4),
        IsoWeek(2026, 47).days[1]: counts(10, 3, 0),  # too few dials for a rate
    }
    found = week_counts(weeks, days, W47.sunday)
    by_week = {wc.week: wc for wc in found}
    assert not by_week[IsoWeek(2026, 45)].known and by_week[IsoWeek(2026, 44)].known
    trends = build_trends(found, FUNNEL)
    calls = trend_of(trends, "metric", "call")
    assert [p.value for p in calls.points][-4:] == [200.0, None, 180.0, 10.0]
    rate = trend_of(trends, "rate", "connect")
    assert rate.points[-4].value == pytest.approx(0.3)
    assert rate.points[-3].value is None  # no data
    assert rate.points[-1].value is None and rate.points[-1].den == 10  # thin: < 20 dials
    assert sparkline(calls)[-4:] == f"█{GAP}▇▁" and sparkline(calls)[0] == GAP
    assert value_text(calls, calls.points[-3]) == GAP
    covered = week_counts(weeks, days, W47.sunday, covered=frozenset({IsoWeek(2026, 45).days[2]}))
    zero = build_trends(covered, FUNNEL)[0].points[-3]
    assert zero.value == 0.0 and zero.known


def test_the_week_in_progress_counts_to_date_and_is_marked() -> None:
    today = W47.days[2]
    days = {W47.days[1]: counts(50, 15, 2), W47.days[4]: counts(99, 9, 9)}  # Fri: not yet
    found = week_counts([W47], days, today)
    assert found[0].partial and found[0].counts["call"] == 50
    trend = build_trends(found, FUNNEL)[0]
    assert value_text(trend, trend.points[0]) == "50*"
    assert week_counts([W47.shift(1)], {}, today)[0].known is False  # a future week


def _trend(values: list[float | None], *, partial_last: bool = False) -> Trend:
    weeks = trend_weeks(W47, 8)[-len(values) :] if len(values) <= 8 else trend_weeks(W47)
    points = tuple(
        TrendPoint(w, v, int(v or 0), 0, partial_last and i == len(values) - 1)
        for i, (w, v) in enumerate(zip(weeks, values, strict=False))
    )
    return Trend("call", "Calls", "metric", points)


@pytest.mark.parametrize(
    ("values", "direction"),
    [
        ([100, None, 120, None, 140], "rising"),
        ([140, 130, None, 100], "falling"),
        ([100, 101, 100, 99, 100], "flat"),
        ([100, None, None, 140], None),  # two weeks with figures: too few
        ([0, 0, 0], "flat"),
    ],
)
def test_the_direction_is_over_the_weeks_with_figures(
    values: list[float | None], direction: str | None
) -> None:
    assert _trend(values).direction == direction


def test_the_week_in_progress_does_not_turn_the_direction() -> None:
    assert _trend([100, 110, 120, 5], partial_last=True).direction == "rising"


def test_the_team_is_sums_and_sums_over_sums_of_the_reps_with_figures() -> None:
    weeks = trend_weeks(W47, 8)
    a = build_trends(week_counts(weeks, {weeks[-1].monday: counts(100, 30, 3)}, W47.sunday), FUNNEL)
    b = build_trends(
        week_counts(
            weeks,
            {weeks[-1].monday: counts(300, 60, 3), weeks[-2].monday: counts(15, 5, 1)},
            W47.sunday,
        ),
        FUNNEL,
    )
    c = build_trends(week_counts(weeks, {weeks[-2].monday: counts(10, 2, 0)}, W47.sunday), FUNNEL)
    calls = combine([trend_of(t, "metric", "call") for t in (a, b, c)])
    assert [p.value for p in calls.points][-3:] == [None, 25.0, 400.0]
    rate = combine([trend_of(t, "rate", "connect") for t in (a, b, c)])
    assert rate.points[-1].value == pytest.approx(90 / 400)  # not the mean of 30 % and 20 %
    # two thin weeks (15 and 10 dials) make a team week of 25: over the floor
    assert MIN_RATE_BASE <= 25 and rate.points[-2].value == pytest.approx(7 / 25)
    assert rate.points[0].value is None


def test_the_chart_breaks_its_line_at_a_gap() -> None:
    trend = _trend([100, None, 120, 130])
    assert chart_points(trend) == [[(1.0, 100.0)], [(3.0, 120.0), (4.0, 130.0)]]


# ------------------------------------------------------------------ services
def test_a_reps_trends_from_the_store_with_a_missing_week(snap_world: SnapWorld) -> None:
    world = snap_world
    week = IsoWeek.of(world.clock.now().date())
    trends = load_trends(world.config, world.store, week, world.clock.now().date())
    calls = trend_of(trends, "metric", "call")
    assert len(calls.points) == 13 and calls.points[-1].partial
    assert calls.points[0].value is None  # before the seeded four weeks: no data, not 0
    assert all(p.value for p in calls.points[-4:])


def _team_over_weeks(tmp_path: Path) -> TeamStore:
    """Two reps merged over W41–W47; rep-02 never exported W44."""
    out = tmp_path / "out"
    out.mkdir()
    files = []
    first = IsoWeek(2026, 41)
    for index, (rep_id, name) in enumerate([("rep-01", "山田 太郎"), ("rep-02", "Lee Ann")]):
        rep = make_rep(tmp_path / "reps", rep_id, name, seed=index + 3, days=56)
        if rep_id == "rep-02":
            spans = [
                Span(first.monday, IsoWeek(2026, 43).sunday),
                Span(IsoWeek(2026, 45).monday, W47.sunday),
            ]
        else:
            spans = [Span(first.monday, W47.sunday)]
        for n, span in enumerate(spans):
            files.append(export_file(rep, out, span, name=f"{rep_id}-{n}.json"))
    team = team_store(tmp_path / "team")
    assert merge_files(team, files)[1] == []
    return team


def test_the_team_trend_beside_each_reps(tmp_path: Path) -> None:
    team = _team_over_weeks(tmp_path)
    trends = load_team_trends(team, W47)
    w44 = [p.week for p in trends.team[0].points].index(IsoWeek(2026, 44))
    lee = trends.rep_trend("rep-02", "metric", "call")
    yamada = trends.rep_trend("rep-01", "metric", "call")
    whole = trends.team_trend("metric", "call")
    assert lee is not None and yamada is not None and whole is not None
    assert lee.points[w44].value is None  # never merged: unknown, not 0
    assert whole.points[w44].value == yamada.points[w44].value
    assert whole.points[w44].incomplete and not whole.points[-2].incomplete
    assert value_text(whole, whole.points[w44]).endswith("?")
    assert whole.points[-1].num == yamada.points[-1].num + lee.points[-1].num
    assert whole.points[0].value is None  # W35: before any export
    rate = trends.team_trend("rate", "connect")
    assert rate is not None and rate.kind == "rate"


# ----------------------------------------------------------------------- TUI
async def test_the_review_shows_trends_and_the_numbers_on_demand(snap_world: SnapWorld) -> None:
    from istui.tui.app import IstuiApp

    world = snap_world
    week = IsoWeek.of(world.clock.now().date())
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock, start_week=week)
    async with app.run_test(size=SMALL) as pilot:
        await pilot.pause()
        await pilot.press("6")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReviewScreen)
        body = str(screen.query_one("#trends-body").render())
        assert "Trends over 13 weeks" in body and "connect rate" in body and GAP in body
        await pilot.press("n")
        await pilot.pause()
        body = str(screen.query_one("#trends-body").render())
        assert "W48" in body and "W41" in body and "W40" not in body  # 8 weeks fit 80 columns
        await pilot.press("left_square_bracket")
        await pilot.pause()
        assert "W47" in str(screen.query_one("#trends-body").render())


async def test_the_lead_sees_a_reps_trend_beside_the_teams(tmp_path: Path) -> None:
    team = _team_over_weeks(tmp_path)
    week = load_team_week(team, W47.monday, W47.sunday)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, ReviewScreen)
        await pilot.press("6")
        await pilot.pause()
        body = str(app.screen.query_one("#trends-body").render())
        assert body.count("  team") >= 5  # one team row under each of the rep's rows
        await pilot.press("escape")
        await pilot.pause()
        await pilot.press("t")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamTrendsScreen)
        assert screen.row_keys[0] == "__team__" and len(screen.row_keys) == 3
        assert screen.current() == ("metric", "call")
        await pilot.press("m")
        await pilot.pause()
        assert screen.current() == ("metric", "connect")
        await pilot.press("n")
        await pilot.pause()
        assert screen.numbers
        await pilot.press("escape")
        await pilot.pause()
        assert not isinstance(app.screen, TeamTrendsScreen)


async def _trends_pane(pilot: Any) -> None:
    await pilot.pause()
    await pilot.press("6")
    await pilot.pause()
    pilot.app.clear_notifications()  # the day's mid-check reminder, not this pane
    await pilot.pause()


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_review_trends_snapshot(
    snap_compare: SnapCompare,
    snap_world: SnapWorld,
    size: tuple[int, int],
    lang: str,
) -> None:
    from istui.tui.app import IstuiApp

    i18n.set_language(lang)
    world = snap_world
    week = IsoWeek.of(world.clock.now().date())
    app = IstuiApp(config=world.config, store=world.store, clock=world.clock, start_week=week)
    assert snap_compare(app, terminal_size=size, run_before=_trends_pane)


@pytest.mark.parametrize("lang", ["en", "ja"])
@pytest.mark.parametrize("size", [SMALL, LARGE], ids=["80x24", "120x40"])
def test_team_trends_snapshot(
    snap_compare: SnapCompare,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    size: tuple[int, int],
    lang: str,
) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    i18n.set_language(lang)
    team = _team_over_weeks(tmp_path)
    week = load_team_week(team, W47.monday, W47.sunday)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    assert snap_compare(app, terminal_size=size, press=["t", "down"])
