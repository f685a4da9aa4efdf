"""The 商談 record, its steps, and the articles' rates on their own numbers."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

import pytest

from istui.domain.deal_rates import DealFigures, article_rates, deal_figures
from istui.domain.deals import (
    CANCELLED,
    HELD,
    LOST,
    QUALIFIED,
    WON,
    Deal,
    DealStep,
    DealStepError,
    deals_from,
    find_deal,
    parse_bant,
)

T0 = datetime(2026, 11, 2, 10, 0, tzinfo=UTC)


def at(hours: float) -> datetime:
    return T0 + timedelta(hours=hours)


def deal(n: int = 0) -> Deal:
    return Deal(f"{n:04d}abcdef{n:020d}", T0)


def month(set_: int, cancelled: int, won: int, lost: int) -> list[Deal]:
    deals = []
    for i in range(set_):
        d = deal(i)
        if i < cancelled:
            d = d.with_step(DealStep(CANCELLED, at(1), reason="rescheduled"))
        else:
            d = d.with_step(DealStep(HELD, at(24)))
            if i < cancelled + won:
                d = d.with_step(DealStep(WON, at(48), amount=1_200_000))
            elif i < cancelled + won + lost:
                d = d.with_step(DealStep(LOST, at(48), reason="no budget"))
        deals.append(d)
    return deals


def test_the_articles_month_40_set_4_cancelled_36_held_9_won() -> None:
    figures = deal_figures(month(40, 4, 9, 27))
    assert (figures.set, figures.cancelled, figures.held, figures.won) == (40, 4, 36, 9)
    assert figures.cancel_rate.value == pytest.approx(0.10)
    assert figures.win_rate.value == pytest.approx(0.25)
    assert figures.amount == 9 * 1_200_000
    assert figures.average_amount == 1_200_000
    assert figures.open == 0


def test_open_meetings_are_open_never_lost() -> None:
    figures = deal_figures(month(40, 4, 9, 17))  # 10 held, no outcome yet
    assert figures.open_held == 10
    assert figures.win_rate.value == pytest.approx(9 / 26)
    booked = deal_figures([deal(1)])
    assert booked.open_booked == 1 and booked.win_rate.value is None


def test_sums_over_sums_across_reps() -> None:
    a, b = deal_figures(month(10, 0, 1, 9)), deal_figures(month(30, 3, 8, 19))
    total = a + b
    assert total.win_rate.value == pytest.approx(9 / 37)
    assert total.cancel_rate.value == pytest.approx(3 / 40)
    assert total == DealFigures() + a + b


def test_the_articles_rates_and_ranges() -> None:
    # 1,333 dials, 400 connects (30 %), 40 meetings set (10 % of connects)
    counts = {"call": 1333, "connect": 400, "meeting": 40}
    rates = {r.key: r for r in article_rates(counts, deal_figures(month(40, 4, 9, 27)))}
    assert rates["connect_rate"].ratio.value == pytest.approx(400 / 1333)
    assert rates["connect_rate"].out_of_range == ""
    assert rates["meeting_rate"].over == "connect"  # no contact stage: ÷ 接続数, said so
    assert rates["meeting_rate"].ratio.value == pytest.approx(0.10)
    assert rates["win_rate"].ratio.value == pytest.approx(0.25)
    assert rates["cancel_rate"].out_of_range == ""
    assert "contact_rate" not in rates
    with_contact = {"call": 1000, "connect": 300, "contact": 200, "meeting": 8}
    rates = {r.key: r for r in article_rates(with_contact, DealFigures())}
    assert rates["contact_rate"].ratio.value == pytest.approx(0.20)
    assert rates["meeting_rate"].over == "contact"
    assert rates["meeting_rate"].ratio.value == pytest.approx(0.04)
    assert rates["meeting_rate"].out_of_range == "low"


def test_cancellation_above_ten_percent_is_a_warning() -> None:
    rates = {r.key: r for r in article_rates({}, deal_figures(month(10, 2, 1, 1)))}
    assert rates["cancel_rate"].out_of_range == "high"


def test_bant_rate_counts_all_four_flags_over_held() -> None:
    deals = []
    for i, flags in enumerate(["bant", "bant", "bnt", ""]):
        d = deal(i).with_step(DealStep(HELD, at(1)))
        deals.append(d.with_step(DealStep(QUALIFIED, at(2), bant=flags, score=4)))
    deals.append(deal(9).with_step(DealStep(HELD, at(1))))
    figures = deal_figures(deals)
    assert (figures.bant, figures.held, figures.qualified) == (2, 5, 4)
    assert figures.bant_rate.value == pytest.approx(0.4)


@pytest.mark.parametrize(
    ("steps", "message"),
    [
        ([DealStep(WON, at(1), amount=5)], "is booked: won follows held or qualified"),
        ([DealStep(HELD, at(1)), DealStep(HELD, at(2))], "is held: held follows booked"),
        ([DealStep(HELD, at(2)), DealStep(LOST, at(1))], "before its last change"),
        ([DealStep("reopen", at(1))], "is booked: reopen follows"),
    ],
)
def test_a_step_that_does_not_follow_is_refused(steps: list[DealStep], message: str) -> None:
    d = deal()
    with pytest.raises(DealStepError, match=message):
        for step in steps:
            d = d.with_step(step)


@pytest.mark.parametrize(
    ("kwargs", "message"),
    [
        ({"step": WON, "amount": -5}, "at least 1"),
        ({"step": WON, "amount": 10**15}, "more than"),
        ({"step": WON}, "needs an amount"),
        ({"step": HELD, "amount": 3}, "goes with won"),
        ({"step": QUALIFIED, "score": 6}, "1 to 5"),
        ({"step": LOST, "reason": "x" * 81}, "at most 80"),
        ({"step": "signed"}, "unknown step"),
    ],
)
def test_bad_values_are_refused(kwargs: dict[str, object], message: str) -> None:
    with pytest.raises(DealStepError, match=message):
        DealStep(at=at(1), **kwargs)  # type: ignore[arg-type]


def test_reopen_goes_back_and_undo_drops_the_last_step() -> None:
    d = deal().with_step(DealStep("scheduled", at(0), on=date(2026, 11, 5), name="ACME"))
    d = d.with_step(DealStep(HELD, at(1))).with_step(DealStep(QUALIFIED, at(2), bant="bant"))
    d = d.with_step(DealStep(LOST, at(3), reason="no budget"))
    assert (d.state, d.reason, d.is_open) == (LOST, "no budget", False)
    d = d.with_step(DealStep("reopen", at(4)))
    assert (d.state, d.reason, d.is_open, d.bant) == (QUALIFIED, "", True, "bant")
    d = d.with_step(DealStep(WON, at(5), amount=3_000_000))
    assert (d.state, d.amount) == (WON, 3_000_000)
    d = d.without_last_step(at(6))
    assert (d.state, d.amount, d.changed_at) == (QUALIFIED, None, at(6))
    assert (d.name, d.scheduled_for) == ("ACME", date(2026, 11, 5))


def test_records_round_trip_and_replay() -> None:
    d = deal().with_step(DealStep(HELD, at(1))).with_step(DealStep(WON, at(2), amount=7))
    assert Deal.from_record(d.to_record()) == d
    bad = d.to_record()
    bad["steps"] = [{"step": "won", "at": at(1).isoformat(), "amount": 7}]
    with pytest.raises(DealStepError, match="won follows"):
        Deal.from_record(bad)


def test_bant_flags() -> None:
    assert parse_bant("t,n,b") == "bnt"
    assert parse_bant("b,a,n,t") == "bant"
    assert parse_bant("") == ""
    with pytest.raises(DealStepError, match="'x'"):
        parse_bant("b,x")


def test_every_meeting_is_a_deal_and_steps_outlive_their_event() -> None:
    moved = deal(2).with_step(DealStep(HELD, at(1)))
    deals = deals_from([(deal(1).id, T0)], [moved])
    assert [d.id for d in deals] == [deal(1).id, deal(2).id]
    assert deals[1].orphan and deals[1].state == HELD
    assert find_deal(deals, deal(1).id[:6]).id == deal(1).id
    with pytest.raises(LookupError, match="too short"):
        find_deal(deals, "000")
    with pytest.raises(LookupError, match="ambiguous"):
        find_deal([Deal("abcd1", T0), Deal("abcd2", T0)], "abcd")
    with pytest.raises(LookupError, match="no deal"):
        find_deal(deals, "ffff")
