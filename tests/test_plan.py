"""Back-calculation: the article's worked example, exactness, rounding, working days."""

from __future__ import annotations

import math
from datetime import date
from fractions import Fraction
from pathlib import Path

import pytest
from hypothesis import given
from hypothesis import strategies as st

from istui.domain.calendar import WorkCalendar
from istui.domain.plan import (
    Plan,
    PlanInputError,
    back_calculate,
    default_effective,
    parse_deals,
    parse_month,
    parse_rate,
)
from istui.render.numbers import number_text
from istui.render.plan import apply_problem, chain_lines, warning_text
from istui.services.config import default_config_text, parse_config

WEEKDAYS = WorkCalendar()


def article_plan(month: int = 12) -> Plan:
    return back_calculate(
        10, Fraction(25, 100), Fraction(10, 100), Fraction(30, 100), 2026, month, WEEKDAYS
    )


def test_article_worked_example_is_exact() -> None:
    plan = back_calculate(
        10, parse_rate("0.25", "w"), parse_rate("0.10", "m"), parse_rate("0.30", "c"), 2026, 12,
        WEEKDAYS,
    )  # fmt: skip
    meetings, connects, dials = plan.steps
    assert (meetings.exact, meetings.planned) == (Fraction(40), 40)
    assert (connects.exact, connects.planned) == (Fraction(400), 400)
    assert dials.exact == Fraction(4000, 3)  # 1,333.3…, exactly
    assert dials.planned == 1334  # rounded up, never 1,333
    assert dict(plan.monthly) == {"meeting": 40, "connect": 400, "call": 1334}
    assert len(plan.working_days) == 23
    assert plan.daily["call"] == 58  # 1,334 ÷ 23 = 58 exactly
    assert plan.daily["connect"] == 18  # 400 ÷ 23 = 17.39 → 18
    assert plan.daily["meeting"] == 2  # 40 ÷ 23 = 1.74 → 2
    lines = chain_lines(plan)
    assert lines[0] == "10 deals ÷ 25 % win rate = 40 meetings"
    assert lines[1] == "40 meetings ÷ 10 % meeting rate = 400 connects"
    assert lines[2] == "400 connects ÷ 30 % connect rate = 1,333.3 → 1,334 dials"
    assert lines[3] == "1,334 dials ÷ 23 working days of December 2026 = 58 a day"


def test_exact_arithmetic_where_float_rounds_one_too_many() -> None:
    # In binary floating point 21 ÷ 0.35 is 60.00000000000001: ceil gives 61.
    assert math.ceil(21 / 0.35) == 61
    plan = back_calculate(
        21, Fraction(1), parse_rate("0.35", "m"), Fraction(1, 2), 2026, 12, WEEKDAYS
    )
    assert plan.steps[1].exact == 60
    assert plan.steps[1].planned == 60
    assert not plan.steps[1].rounded_up
    assert plan.monthly["call"] == 120


rates = (
    st.fractions(min_value=Fraction(1, 1000), max_value=1)
    .map(lambda f: f.limit_denominator(1000))
    .filter(lambda f: f > 0)
)


@given(st.integers(min_value=1, max_value=500), rates, rates, rates)
def test_never_plans_below_the_goal_and_never_more_than_needed(
    deals: int, win: Fraction, meeting: Fraction, connect: Fraction
) -> None:
    plan = back_calculate(deals, win, meeting, connect, 2026, 12, WEEKDAYS)
    upper = deals
    for step in plan.steps:
        assert step.planned * step.rate >= upper  # enough to reach the stage below
        assert (step.planned - 1) * step.rate < upper  # and not one more than needed
        upper = step.planned
    for key, daily in plan.daily.items():
        assert daily * len(plan.working_days) >= plan.monthly[key]


def test_impossible_day_is_warned_not_capped() -> None:
    plan = back_calculate(
        30, Fraction(25, 100), Fraction(5, 100), Fraction(20, 100), 2026, 12, WEEKDAYS
    )
    # 30 ÷ 25 % = 120 meetings ÷ 5 % = 2,400 connects ÷ 20 % = 12,000 dials ÷ 23 = 521.7
    assert plan.daily["call"] == 522
    messages = [warning_text(plan, w) for w in plan.warnings]
    assert any("522 dials a day" in m and "impossible" in m for m in messages)


def test_rates_outside_typical_ranges_warn() -> None:
    plan = back_calculate(
        10, Fraction(25, 100), Fraction(2, 100), Fraction(50, 100), 2026, 12, WEEKDAYS
    )
    keys = {w.key for w in plan.warnings}
    assert "meeting" in keys and "connect" in keys and "win" not in keys
    typical = back_calculate(
        8, Fraction(25, 100), Fraction(10, 100), Fraction(30, 100), 2026, 12, WEEKDAYS
    )  # 1,067 dials ÷ 23 = 47 a day: only the dials are unusual
    assert [w.key for w in typical.warnings] == ["call"]
    busy = back_calculate(
        20, Fraction(25, 100), Fraction(10, 100), Fraction(30, 100), 2026, 12, WEEKDAYS
    )  # 2,667 ÷ 23 = 116 a day: nothing to warn about
    assert busy.daily["call"] == 116
    assert busy.warnings == ()


@pytest.mark.parametrize(
    ("year", "month", "count"),
    [(2026, 12, 23), (2026, 11, 21), (2026, 2, 20), (2027, 1, 21), (2024, 2, 21)],
)
def test_working_days_of_real_months(year: int, month: int, count: int) -> None:
    assert len(WEEKDAYS.month_working_days(year, month)) == count
    plan = back_calculate(1, Fraction(1), Fraction(1), Fraction(1), year, month, WEEKDAYS)
    assert len(plan.working_days) == count


def test_configured_holidays_reduce_the_working_days(tmp_path: Path) -> None:
    text = default_config_text("rep", "rep").replace(
        "holidays = []",
        # Two weekday holidays and one on a Sunday (which changes nothing).
        'holidays = ["2026-11-03", "2026-11-23", "2026-11-01"]',
    )
    config = parse_config(text, tmp_path / "c.toml")
    days = config.calendar.month_working_days(2026, 11)
    assert len(days) == 19
    assert date(2026, 11, 3) not in days and date(2026, 11, 23) not in days
    plan = back_calculate(
        10, Fraction(25, 100), Fraction(10, 100), Fraction(30, 100), 2026, 11, config.calendar
    )
    assert plan.daily["call"] == 71  # 1,334 ÷ 19 = 70.2 → 71
    assert "1,334 dials ÷ 19 working days of November 2026 = 70.2 → 71 a day" in chain_lines(plan)


def test_month_without_working_days_has_no_daily_figure() -> None:
    nobody = WorkCalendar(workdays=frozenset())
    plan = back_calculate(1, Fraction(1), Fraction(1), Fraction(1), 2026, 12, nobody)
    assert plan.daily == {}
    assert any(w.key == "days" for w in plan.warnings)
    assert apply_problem(plan, date(2026, 11, 23)) is not None


def test_apply_starts_at_the_month_or_today() -> None:
    plan = article_plan()
    assert default_effective(plan, date(2026, 11, 23)) == date(2026, 12, 1)
    nov = article_plan(11)
    assert default_effective(nov, date(2026, 11, 23)) == date(2026, 11, 23)
    assert apply_problem(nov, date(2026, 11, 23)) is None
    assert "over" in (apply_problem(nov, date(2026, 12, 1)) or "")


@pytest.mark.parametrize(
    ("text", "value"),
    [("0.25", Fraction(1, 4)), ("25%", Fraction(1, 4)), (" 25 % ", Fraction(1, 4)),
     ("1", Fraction(1)), ("100%", Fraction(1)), ("12.5%", Fraction(1, 8)), (".3", Fraction(3, 10))],
)  # fmt: skip
def test_rates_parse_exactly(text: str, value: Fraction) -> None:
    assert parse_rate(text, "rate") == value


@pytest.mark.parametrize("text", ["0", "0%", "1.5", "150%", "-0.2", "abc", "", "25%%", "1e-1"])
def test_bad_rates_name_the_value(text: str) -> None:
    with pytest.raises(PlanInputError, match="--win-rate"):
        parse_rate(text, "--win-rate")


def test_a_rate_above_one_says_fraction_or_percent() -> None:
    """QA: "2 is not a rate in (0, 1] (or 0–100%)" read as if 2 were inside 0–100."""
    with pytest.raises(PlanInputError) as err:
        parse_rate("2", "--win-rate")
    assert str(err.value) == (
        "--win-rate: 2 is not a rate: give a fraction in (0, 1] like 0.25, or a percent like 25%"
    )
    assert parse_rate("2%", "--win-rate") == Fraction(1, 50)


@pytest.mark.parametrize("text", ["0", "-3", "1.5", "ten", ""])
def test_bad_deals(text: str) -> None:
    with pytest.raises(PlanInputError, match="--deals"):
        parse_deals(text, "--deals")


@pytest.mark.parametrize("text", ["2026-13", "2026-00", "12-2026", "2026-1x", "2026", "0000-01"])
def test_bad_months(text: str) -> None:
    with pytest.raises(PlanInputError, match="not a real month"):
        parse_month(text, "--month")


def test_number_text_never_makes_a_fraction_look_whole() -> None:
    assert number_text(Fraction(4000, 3)) == "1,333.3"
    assert number_text(Fraction(2000, 23)) == "86.96"  # 86.957 is not "87.0"
    assert number_text(Fraction(1334)) == "1,334"


def test_fit_pads_by_terminal_cells() -> None:
    from istui.render.cells import cells, fit

    assert fit("アポ", 6) == "アポ  "
    assert cells(fit("商談設定数です", 8)) == 8  # cut to 7 cells at most, then padded
    assert fit("Meetings", 12) == "Meetings    "


def test_contact_stage_adds_a_step() -> None:
    plan = back_calculate(
        10, Fraction(1, 4), Fraction(1, 10), Fraction(3, 10), 2026, 12, WEEKDAYS,
        contact_rate=Fraction(6, 10),
    )  # fmt: skip
    assert dict(plan.monthly) == {"meeting": 40, "contact": 400, "connect": 667, "call": 2224}
    assert plan.daily_keys == ("call", "connect", "contact", "meeting")
    lines = chain_lines(plan)
    assert "40 meetings ÷ 10 % meeting rate = 400 contacts" in lines
    assert "400 contacts ÷ 60 % contact rate = 666.7 → 667 connects" in lines
    assert "667 connects ÷ 30 % connect rate = 2,223.3 → 2,224 dials" in lines
    assert plan.daily["contact"] == 18  # 400 ÷ 23 = 17.4 → 18
