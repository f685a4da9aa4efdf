"""Suggestions from history, targets in force after a change, and the month view."""

from __future__ import annotations

import math
from datetime import date, datetime, timedelta, timezone
from fractions import Fraction

from istui.domain.calendar import WorkCalendar
from istui.domain.funnel import Event
from istui.domain.month import build_month_view
from istui.domain.suggest import suggest
from istui.domain.targets import targets_in_force, targets_over
from istui.domain.totals import DayTotals, daily_totals
from istui.render.month import month_basis, month_lines
from istui.render.suggest import suggest_advice, suggest_basis
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.demo import fill_history
from istui.store import Store

JST = timezone(timedelta(hours=9))


def history(store: Store, config: Config, today: date) -> list[DayTotals]:
    days = [d for d in store.days_with_data() if d < today]
    events = [e for d in days for e in store.day_events(d)]
    return daily_totals(events, days, config.metrics, store.target_versions(), config.calendar)


def test_suggestions_from_generated_history(
    store: Store, config: Config, clock: FixedClock
) -> None:
    fill_history(store, clock.now(), 40, seed=3)
    totals = history(store, config, clock.now().date())
    result = suggest(totals, config.metrics, 20)
    assert result.enough
    assert len(result.days) == 20
    assert result.days[-1] == date(2026, 11, 20)  # today, in progress, is left out
    assert all(WorkCalendar().is_working_day(d) for d in result.days)
    assert "based on 20 working days" in suggest_basis(result)
    last20 = [t for t in totals if t.day in result.days]
    calls = sum(t.counts["call"] for t in last20)
    line = next(s for s in result.lines if s.metric.key == "call")
    assert line.average == Fraction(calls, 20)
    assert line.minimum == math.ceil(Fraction(calls, 20) * Fraction(9, 10))
    assert line.achievement == (
        math.ceil(Fraction(calls, 20)),
        math.ceil(Fraction(calls * 105, 2000)),
    )
    assert line.stretch == (
        math.ceil(Fraction(calls * 110, 2000)),
        math.ceil(Fraction(calls * 120, 2000)),
    )
    assert line.minimum < line.achievement[0] <= line.achievement[1] < line.stretch[0]
    rate = next(r for r in result.rates if r.key == "connect")
    assert rate.ratio.den == calls  # a rate over days is a sum over a sum


def test_fewer_days_than_asked_says_how_many(
    store: Store, config: Config, clock: FixedClock
) -> None:
    fill_history(store, clock.now(), 20, seed=3)  # 14 working days before today
    result = suggest(history(store, config, clock.now().date()), config.metrics, 20)
    assert result.enough and len(result.days) == 14
    assert "14 working days (asked for 20)" in suggest_basis(result)


def test_too_little_history_invents_nothing(
    store: Store, config: Config, clock: FixedClock
) -> None:
    fill_history(store, clock.now(), 7, seed=3)  # 5 working days before today
    result = suggest(history(store, config, clock.now().date()), config.metrics, 20)
    assert not result.enough
    assert result.lines == ()
    assert "5 working day(s) logged" in suggest_advice(result)
    assert "1–2 months" in suggest_advice(result) and "5 more" in suggest_advice(result)


def test_a_day_is_judged_against_its_own_target_after_a_later_change(
    store: Store, config: Config, clock: FixedClock
) -> None:
    tuesday = date(2026, 11, 17)
    store.log("call", 50, at=datetime(2026, 11, 17, 10, 0, tzinfo=JST))
    store.log("call", 50, at=datetime(2026, 11, 23, 10, 0, tzinfo=JST))
    store.set_targets(date(2026, 11, 23), {"call": 50}, set_at=clock.now())
    versions = store.target_versions()
    events = store.events_between(tuesday, date(2026, 11, 23))
    before, after = daily_totals(
        events, [tuesday, date(2026, 11, 23)], config.metrics, versions, config.calendar
    )
    assert before.targets["call"] == 100 and before.percent("call") == 50
    assert after.targets["call"] == 50 and after.percent("call") == 100
    # Figures not named carry over; the month sums each day's own target.
    assert after.targets["meeting"] == 4
    month = targets_over(versions, config.calendar.month_working_days(2026, 11), config.calendar)
    assert month["call"] == 15 * 100 + 6 * 50


def test_weekday_targets_apply_on_that_weekday_only(
    store: Store, config: Config, clock: FixedClock
) -> None:
    store.set_targets(date(2026, 11, 23), {"call": 60}, weekday=4, set_at=clock.now())
    versions = store.target_versions()
    assert targets_in_force(versions, date(2026, 11, 27), config.calendar)["call"] == 60  # Fri
    assert targets_in_force(versions, date(2026, 11, 26), config.calendar)["call"] == 100  # Thu
    assert targets_in_force(versions, date(2026, 11, 20), config.calendar)["call"] == 100  # before
    # A later plain setting replaces the weekday figure for that metric.
    store.set_targets(date(2026, 11, 30), {"call": 90}, set_at=clock.now())
    versions = store.target_versions()
    assert targets_in_force(versions, date(2026, 12, 4), config.calendar)["call"] == 90


def test_month_view_landing_forecast(store: Store, config: Config) -> None:
    # Friday 2026-11-20 after work: 15 of November's 21 working days done, 6 left.
    now = datetime(2026, 11, 20, 19, 0, tzinfo=JST)
    events = []
    day = date(2026, 11, 1)
    while day <= now.date():
        if config.calendar.is_working_day(day):
            at = datetime.combine(day, datetime.min.time(), JST) + timedelta(hours=10)
            events += [Event(f"{day}-{i}", at, "call") for i in range(9)]
            events.append(Event(f"{day}-m", at, "meeting"))
        day += timedelta(days=1)
    store.set_targets(date(2026, 11, 16), {"call": 50}, set_at=now)
    view = build_month_view(
        events, config.metrics, store.target_versions(), config.calendar, config.hours,
        2026, 11, now,
    )  # fmt: skip
    assert (view.days_done, view.today_share, view.days_left) == (14, 1.0, 6)
    call = next(line for line in view.lines if line.metric.key == "call")
    assert call.actual == 150
    assert call.target == 10 * 100 + 11 * 50  # each day's target in force
    assert call.landing == 210  # 150 ÷ 15 working days × 21
    assert round(call.percent or 0) == 10
    assert "14 of 21 working days done + 100 % of today, 6 left after today" in month_basis(view)
    assert any("landing = actual ÷ working days done" in line for line in month_lines(view))


def test_month_view_future_and_past_months(store: Store, config: Config) -> None:
    now = datetime(2026, 11, 23, 8, 0, tzinfo=JST)
    future = build_month_view(
        [], config.metrics, store.target_versions(), config.calendar, config.hours, 2026, 12, now
    )
    assert all(line.landing is None for line in future.lines)
    assert "no working time" in month_basis(future)
    past_events = [Event("a", datetime(2026, 10, 5, 10, tzinfo=JST), "call")]
    past = build_month_view(
        past_events, config.metrics, store.target_versions(), config.calendar, config.hours,
        2026, 10, now,
    )  # fmt: skip
    assert past.lines[0].landing == 1 == past.lines[0].actual
    assert "the month has landed" in month_basis(past)
