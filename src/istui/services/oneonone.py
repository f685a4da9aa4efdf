"""The week's 1on1 as a use case: what the 1on1 screen shows (the week's
review, this week's 1on1, last week's 1on1 beside its actions' done state) and
saving the answers as they are typed.

The actions agreed in the 1on1 are the week's review actions (the plan decided
at this week's review, for next week): the screen writes them with the store's
``add_action``, so the review, the export and the next 1on1 see one list.
"""

from __future__ import annotations

from dataclasses import dataclass, replace
from datetime import date, datetime

from istui.domain.calendar import IsoWeek
from istui.domain.oneonone import OneOnOne
from istui.services.config import Config
from istui.services.review import ReviewBundle, load_review
from istui.store import Store, StoreError


@dataclass(frozen=True)
class OneOnOneBundle:
    """Everything the 1on1 screen shows."""

    review: ReviewBundle
    talk: OneOnOne | None  # this week's, None before anything was said
    last_talk: OneOnOne | None  # last week's: looked back at beside its actions
    #: This week's 1on1 is on record but cannot be read: shown read-only, so
    #: typing never replaces the rep's words with a new record.
    locked: bool = False

    @property
    def week(self) -> IsoWeek:
        return self.review.week


def load_one_on_one(
    config: Config,
    store: Store,
    week: IsoWeek,
    today: date,
    *,
    covered: frozenset[date] | None = None,
) -> OneOnOneBundle:
    """The week's review (kept going past unreadable files, as the screen's),
    and this and last week's 1on1 (an unreadable one is a line of its problems)."""
    review = load_review(config, store, week, today, strict=False, covered=covered)
    locked = False
    if review.talk is None:
        try:
            locked = store.one_on_one_record(week.year, week.week) is not None
        except StoreError:
            locked = True
    return OneOnOneBundle(review, review.talk, review.last_talk, locked)


def save_answers(
    store: Store,
    week: IsoWeek,
    answers: tuple[str, ...],
    *,
    started_at: datetime,
    now: datetime,
    before: OneOnOne | None,
) -> OneOnOne:
    """Write the week's answers as typed; keeps when the 1on1 first began."""
    base = before or OneOnOne(started_at=started_at)
    talk = replace(
        base,
        answers=answers,
        started_at=base.started_at or started_at,
        changed_at=now,
    )
    store.save_one_on_one(week.year, week.week, talk)
    return talk
