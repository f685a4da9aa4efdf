"""The bottleneck flow's third branch: volume and the meeting rate on target,
受注率 far below → 商談品質・引継ぎ情報, with the BANT and cancellation figures
beside it; open meetings are left out of the win rate and counted."""

from __future__ import annotations

from datetime import date, timedelta

import pytest

from istui import i18n
from istui.domain.calendar import IsoWeek, WorkCalendar
from istui.domain.deal_rates import DealFigures, SpanDeals
from istui.domain.deals import Deal, DealStep
from istui.domain.funnel import Event
from istui.domain.review import build_week_review, diagnose
from istui.domain.targets import TargetVersion
from istui.render import diagnosis as words
from istui.services.config import Config
from review_helpers import day_outcomes

W47 = IsoWeek(2026, 47)
TARGETS = [
    TargetVersion(effective=date(2020, 1, 1), values={"call": 100, "connect": 30, "meeting": 4})
]


def week_on_target() -> list[Event]:
    """500 dials, 150 connects (30 %), 20 meetings (13 %): volume and rates on target."""
    events: list[Event] = []
    for i in range(5):
        events += day_outcomes(W47.monday + timedelta(days=i), calls=100, connects=30, meetings=4)
    return events


def deals_of(events: list[Event], won: int, lost: int, cancelled: int = 0) -> list[Deal]:
    meetings = [e for e in events if e.kind == "meeting"]
    deals = []
    for i, event in enumerate(meetings):
        deal = Deal(event.id, event.at)
        later = event.at + timedelta(hours=2)
        if i < cancelled:
            deal = deal.with_step(DealStep("cancelled", later))
        elif i < cancelled + won + lost:
            deal = deal.with_step(DealStep("held", later))
            if i < cancelled + won:
                deal = deal.with_step(DealStep("won", later, amount=500_000))
            else:
                deal = deal.with_step(DealStep("qualified", later, bant="bn"))
                deal = deal.with_step(DealStep("lost", later, reason="no budget"))
        deals.append(deal)
    return deals


def test_a_low_win_rate_with_volume_and_meetings_on_target_names_meeting_quality(
    config: Config,
) -> None:
    events = week_on_target()
    deals = deals_of(events, won=1, lost=9, cancelled=2)  # 10 % vs 25 %; 8 still open
    review = build_week_review(
        events, config.metrics, TARGETS, WorkCalendar(), W47, date(2026, 11, 30),
        deals=deals, win_target=25,
    )  # fmt: skip
    d = review.diagnosis
    assert (d.verdict, d.stage) == ("quality", "deal")
    assert "win rate" in words.headline(d) and "10.0%" in words.headline(d)
    assert words.causes(d) == ("meeting quality", "handoff information")
    lines = words.deal_lines(d)
    assert "low win rate → meeting quality, handoff information" in lines
    assert any("(1/10 decided this week)" in line for line in lines)
    assert "8 meetings still open, left out of the win rate" in lines
    assert any("BANT rate 0% (0/10 held)" in line and "(2/20 set" in line for line in lines)
    assert words.short(d) == "win rate low"
    i18n.set_language("ja")
    assert "受注率が低い → 商談品質・引継ぎ情報" in words.deal_lines(d)


def test_an_on_target_win_rate_leaves_the_target_met(config: Config) -> None:
    events = week_on_target()
    review = build_week_review(
        events, config.metrics, TARGETS, WorkCalendar(), W47, date(2026, 11, 30),
        deals=deals_of(events, won=3, lost=7), win_target=25,
    )  # fmt: skip
    assert review.diagnosis.verdict == "target met"


def test_too_few_decided_deals_are_no_stage_and_open_is_never_lost(config: Config) -> None:
    counts = {"call": 500, "connect": 150, "meeting": 20, "email": 0}
    targets = {"call": 500, "connect": 150, "meeting": 20}
    few = SpanDeals(DealFigures(set=20, held=4, open_booked=16), won=0, lost=4, open=16)
    d = diagnose(counts, targets, config.metrics, dial_days=5, deals=few, win_target=25)
    assert d.verdict == "target met"
    assert all(r.key != "deal" for r in d.rates)
    assert few.win_rate.value == 0.0 and few.open == 16


@pytest.mark.parametrize("target", [0])
def test_no_win_target_no_deal_stage(config: Config, target: int) -> None:
    events = week_on_target()
    review = build_week_review(
        events, config.metrics, TARGETS, WorkCalendar(), W47, date(2026, 11, 30),
        deals=deals_of(events, won=0, lost=10), win_target=target,
    )  # fmt: skip
    assert review.diagnosis.verdict == "target met"
