"""Gathering one week's review from the store, outside Textual.

Shared by the review screen and ``istui report``: reads the events of the
8-week window only (``history_span``), the week's mid-checks and reflections,
and the plans stored for this week and the week before.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from istui.config import Config
from istui.domain.notes import WeekWords, condense
from istui.domain.review import IsoWeek, WeekReview, build_week_review, history_span
from istui.domain.weekplan import WeekPlan
from istui.store import Store


@dataclass(frozen=True)
class ReviewBundle:
    """Everything one week's review shows."""

    rep_id: str
    rep_name: str
    review: WeekReview
    words: WeekWords
    plan: WeekPlan  # decided at this week's review (for next week)
    last_plan: WeekPlan  # decided at last week's review: the loop to close

    @property
    def week(self) -> IsoWeek:
        return self.review.week


def load_review(config: Config, store: Store, week: IsoWeek, today: date) -> ReviewBundle:
    start, end = history_span(week)
    events = store.events_between(start, end)
    review = build_week_review(
        events, config.metrics, store.target_versions(), config.calendar, week, today
    )
    previous = week.shift(-1)
    return ReviewBundle(
        rep_id=config.rep_id,
        rep_name=config.rep_name,
        review=review,
        words=condense(store.week_notes(week.days)),
        plan=store.week_plan(week.year, week.week),
        last_plan=store.week_plan(previous.year, previous.week),
    )
