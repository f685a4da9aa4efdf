"""Gathering one month's review from the store (the month screen and
``istui report --month``), saving its words, and applying next month's plan."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from istui.domain.deal_rates import DealMonth
from istui.domain.monthly import MonthReview, MonthWords, build_month_review
from istui.domain.plan import apply_block, default_effective
from istui.domain.targets import TargetVersion
from istui.services.config import Config
from istui.services.targets import month_inputs, shown_month_deals
from istui.store import Store


@dataclass(frozen=True)
class MonthBundle:
    rep_id: str
    rep_name: str
    review: MonthReview
    #: Deals won and 受注金額 against the monthly targets, with their landing
    #: (None: no monthly deal target and no deal ever moved on).
    deals: DealMonth | None = None


def load_month_review(
    config: Config, store: Store, year: int, month: int, now: datetime
) -> MonthBundle:
    """The month's review as of ``now``: reads the month's days (to today), the
    target versions and the month's words; a store error is raised."""
    inputs = month_inputs(config, store, year, month, now)
    review = build_month_review(*inputs, store.month_words(year, month))
    deals = shown_month_deals(config, store.deal_records(), review.view, now.date())
    return MonthBundle(config.rep_id, config.rep_name, review, deals)


def save_month_words(
    store: Store, year: int, month: int, words: MonthWords, at: datetime
) -> MonthWords:
    return store.save_month_words(year, month, words, at=at)


def apply_next_plan(
    config: Config, store: Store, review: MonthReview, today: date, at: datetime
) -> TargetVersion | None:
    """Make next month's plan the daily targets from its first day (or today,
    never a past day); None when there is no plan or it cannot be applied."""
    plan = review.next_plan.plan
    if plan is None or apply_block(plan, today) is not None:
        return None
    known = set(config.metrics.keys)
    values = {k: v for k, v in plan.daily.items() if k in known}
    return store.set_targets(
        default_effective(plan, today),
        values,
        source="plan",
        set_at=at,
    )
