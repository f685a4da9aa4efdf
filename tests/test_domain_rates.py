"""Rates are ratios: they add as sums of numerators and denominators."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain_fixtures import BASIC, T0, WITH_CONTACT
from istui import i18n
from istui.domain.funnel import Event, FunnelRate, Ratio, count_events, funnel_rates
from istui.render.labels import rate_name


def test_ratio_value_and_empty_denominator() -> None:
    assert Ratio(1, 4).value == 0.25
    assert Ratio(0, 0).value is None
    assert Ratio(3, 0).value is None


def test_ratios_add_as_sums_never_as_an_average_of_rates() -> None:
    monday, tuesday = Ratio(1, 2), Ratio(1, 100)
    week = monday + tuesday
    assert week == Ratio(2, 102)
    assert week.value == pytest.approx(2 / 102)
    average_of_rates = (0.5 + 0.01) / 2
    assert week.value != pytest.approx(average_of_rates)


def test_sum_over_many_ratios() -> None:
    total = sum((Ratio(n, d) for n, d in [(3, 10), (0, 0), (5, 20)]), Ratio(0, 0))
    assert total == Ratio(8, 30)


def test_funnel_rates_pair_each_stage_with_the_one_above() -> None:
    counts = {"call": 40, "connect": 10, "meeting": 2, "email": 7}
    targets = {"call": 100, "connect": 25, "meeting": 4, "email": 40}
    rates = funnel_rates(counts, targets, BASIC)
    assert rates == [
        FunnelRate("connect", "call", Ratio(10, 40), Ratio(25, 100)),
        FunnelRate("meeting", "connect", Ratio(2, 10), Ratio(4, 25)),
    ]
    assert rates[0].actual.value == 0.25
    assert rates[0].gap == pytest.approx(0.0)
    assert rates[1].gap == pytest.approx(0.2 - 0.16)


def test_funnel_rates_with_contact_stage_measure_meetings_per_contact() -> None:
    counts = {"call": 50, "connect": 15, "contact": 10, "meeting": 2}
    rates = funnel_rates(counts, {}, WITH_CONTACT)
    assert [(r.key, r.upper) for r in rates] == [
        ("connect", "call"),
        ("contact", "connect"),
        ("meeting", "contact"),
    ]
    assert rates[2].actual == Ratio(2, 10)
    assert rate_name(rates[2].key) == "meeting rate"
    assert rate_name(rates[1].key) == "contact rate"
    # No targets: the target rate is unknown, so is the gap.
    assert rates[0].target.value is None and rates[0].gap is None


def test_no_counts_means_unknown_rates_not_zero_division() -> None:
    rates = funnel_rates({}, {}, BASIC)
    assert all(r.actual.value is None and r.gap is None for r in rates)


def test_rate_names_come_from_render_in_the_language_in_force() -> None:
    assert rate_name("connect") == "connect rate"
    assert rate_name("meeting") == "meeting rate"
    assert rate_name("demo") == "demo rate"
    i18n.set_language("ja")
    assert rate_name("connect") == "接続率"
    assert rate_name("meeting") == "商談化率"
    assert rate_name("demo") == "demoの転換率"


@given(st.lists(st.sampled_from(["call", "connect", "contact", "meeting", "email"]), max_size=300))
def test_rates_never_exceed_100_percent_under_the_outcome_model(kinds: list[str]) -> None:
    events = [Event(str(i), T0, k) for i, k in enumerate(kinds)]
    counts = count_events(events, WITH_CONTACT)
    for rate in funnel_rates(counts, {}, WITH_CONTACT):
        value = rate.actual.value
        assert value is None or 0.0 <= value <= 1.0


@given(st.lists(st.tuples(st.integers(0, 500), st.integers(0, 500)), min_size=1, max_size=30))
def test_sum_of_ratios_lies_between_smallest_and_largest_rate(parts: list[tuple[int, int]]) -> None:
    ratios = [Ratio(min(n, d), d) for n, d in parts]
    total = sum(ratios, Ratio(0, 0))
    assert total.num == sum(r.num for r in ratios)
    assert total.den == sum(r.den for r in ratios)
    known = [r.value for r in ratios if r.value is not None]
    if known:
        assert total.value is not None
        assert min(known) - 1e-12 <= total.value <= max(known) + 1e-12
