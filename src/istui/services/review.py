"""Gathering one week's review from the store, outside Textual.

Shared by the review screen and ``istui report``: reads the events of the
8-week window only (``history_span``), the week's mid-checks and reflections,
and the plans stored for this week and the week before.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta
from functools import partial
from typing import TYPE_CHECKING, TypeVar

from istui.domain.calendar import IsoWeek
from istui.domain.deals import Deal, deals_from
from istui.domain.funnel import Event
from istui.domain.notes import WeekWords, condense
from istui.domain.oneonone import OneOnOne
from istui.domain.review import WeekReview, build_week_review, history_span
from istui.domain.targets import TargetVersion
from istui.domain.weekplan import WeekPlan
from istui.services.config import Config
from istui.store import StoreError

if TYPE_CHECKING:
    from istui.store import Store  # the rep's store (TinyDB) loads only where it is opened

T = TypeVar("T")


@dataclass(frozen=True)
class ReviewBundle:
    """Everything one week's review shows."""

    rep_id: str
    rep_name: str
    review: WeekReview
    words: WeekWords
    plan: WeekPlan  # decided at this week's review (for next week)
    last_plan: WeekPlan  # decided at last week's review: the loop to close
    #: Files that could not be read, one line each naming the file and what is
    #: left out: the review shows what it can rather than nothing.
    problems: tuple[str, ...] = ()
    #: The 1on1 of this week and of last week (looked back at beside last
    #: week's actions), None when none is on record.
    talk: OneOnOne | None = None
    last_talk: OneOnOne | None = None

    @property
    def week(self) -> IsoWeek:
        return self.review.week


def load_review(
    config: Config,
    store: Store,
    week: IsoWeek,
    today: date,
    *,
    strict: bool = True,
    covered: frozenset[date] | None = None,
) -> ReviewBundle:
    """``strict`` (the report: a script must not get partial figures) raises the
    first StoreError; otherwise (the screen) each unreadable file becomes one
    line of ``problems`` and the rest is shown.

    ``covered``: for a rep inside a team store, the days merged exports covered
    (TeamStore.covered_days), so weeks never merged read as unknown, not as 0."""
    problems: list[str] = []

    def attempt(read: Callable[[], T], fallback: T, left_out: str) -> T:
        try:
            return read()
        except StoreError as exc:
            if strict:
                raise
            problems.append(f"{exc} ({left_out})")
            return fallback

    start, end = history_span(week)
    events: list[Event] = []
    unreadable: set[date] = set()
    day = start
    while day <= end:  # day by day, so one corrupt file costs one day, not the review
        before = len(problems)
        events += attempt(
            partial(store.day_events, day), [], f"{day:%a %m-%d} left out of the figures"
        )
        if len(problems) > before:
            unreadable.add(day)
        day += timedelta(days=1)
    versions: list[TargetVersion] = attempt(
        store.target_versions, [], "targets unknown: shown as 0"
    )
    records: list[Deal] = attempt(store.deal_records, [], "deals left out of the diagnosis")
    meetings = [(e.id, e.at) for e in events if e.kind == "meeting"]
    current_name = attempt(store.current_list, "", "the current list's pace not judged")
    review = build_week_review(
        events,
        config.metrics,
        versions,
        config.calendar,
        week,
        today,
        covered=covered,
        # a rep who never moves a deal on is not judged on deals (no noise)
        deals=deals_from(meetings, records) if records else None,
        win_target=config.deals.win_rate_target,
        lists=config.lists,
        current=config.lists.get(current_name) if current_name else None,
    )
    previous = week.shift(-1)
    readable = [d for d in week.days if d not in unreadable]
    words = condense(
        attempt(lambda: store.week_notes(readable), [], "the week's words are not shown")
    )
    plan = attempt(
        lambda: store.week_plan(week.year, week.week), WeekPlan(), "this week's plan not shown"
    )
    last_plan = attempt(
        lambda: store.week_plan(previous.year, previous.week),
        WeekPlan(),
        "last week's actions not shown",
    )
    talk = attempt(
        lambda: store.one_on_one(week.year, week.week), None, "this week's 1on1 not shown"
    )
    last_talk = attempt(
        lambda: store.one_on_one(previous.year, previous.week), None, "last week's 1on1 not shown"
    )
    return ReviewBundle(
        rep_id=config.rep_id,
        rep_name=config.rep_name,
        review=review,
        words=words,
        plan=plan,
        last_plan=last_plan,
        problems=tuple(problems),
        talk=talk,
        last_talk=last_talk,
    )
