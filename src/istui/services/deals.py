"""Use cases of the 商談 (deal): list every booked meeting as a deal, move one on
by a step, undo a step. The CLI (`istui deals`, `istui deal`) and the pipeline
screen both call these, so a step is checked the same way from either.

Every meeting event of the last ``DEAL_WINDOW_DAYS`` is a deal (a meeting
booked longer ago than that and never moved on is no longer in the pipeline);
a deal with recorded steps is listed whatever its age.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta

from istui.domain.deals import (
    CANCELLED,
    LOST,
    SCHEDULED,
    Deal,
    DealStep,
    DealStepError,
    deals_from,
    find_deal,
    meeting_day,
)
from istui.i18n import tr
from istui.services.context import Context

#: How far back booked meetings are read as deals (days).
DEAL_WINDOW_DAYS = 366
#: How far ahead a meeting may be scheduled (days).
MAX_SCHEDULE_AHEAD = 366
#: The funnel stage whose events are booked meetings.
MEETING = "meeting"


def all_deals(context: Context, *, since: date | None = None) -> list[Deal]:
    """Every deal: each meeting event from ``since`` (default: the window) to today
    with its recorded steps, and every recorded deal; by booking time."""
    today = context.today()
    start = since or today - timedelta(days=DEAL_WINDOW_DAYS)
    store = context.store
    meetings = [(e.id, e.at) for e in store.events_between(start, today) if e.kind == MEETING]
    return deals_from(meetings, store.deal_records())


def open_deals(deals: Sequence[Deal]) -> list[Deal]:
    """The open ones, by the day they are (or were) to be held."""
    return sorted((d for d in deals if d.is_open), key=lambda d: (meeting_day(d), d.booked_at))


@dataclass(frozen=True)
class StepInput:
    """A step as the user asked for it, before it is checked."""

    step: str
    at: datetime | None = None
    amount: int | None = None
    reason: str = ""
    bant: str = ""
    score: int | None = None
    on: date | None = None
    name: str = ""


def build_step(context: Context, deal: Deal, wanted: StepInput) -> DealStep:
    """``wanted`` checked against the config's pick-lists and the clock; raises
    DealStepError naming what is wrong."""
    now = context.now()
    at = wanted.at or now
    if at > now:
        raise DealStepError(tr("{at} is in the future", at=f"{at:%Y-%m-%d %H:%M}"))
    reason = wanted.reason.strip()
    settings = context.config.deals
    choices = {CANCELLED: settings.cancel_reasons, LOST: settings.lost_reasons}.get(wanted.step)
    if reason and choices is not None and reason not in choices:
        lowered = {c.lower(): c for c in choices}
        if reason.lower() not in lowered:
            raise DealStepError(
                tr(
                    "unknown reason {reason} (known: {known})",
                    reason=repr(reason),
                    known=", ".join(choices),
                )
            )
        reason = lowered[reason.lower()]
    if wanted.on is not None:
        if wanted.on < deal.booked_at.date():
            raise DealStepError(
                tr(
                    "{day} is before the meeting was booked ({booked})",
                    day=wanted.on,
                    booked=deal.booked_at.date(),
                )
            )
        if wanted.on > context.today() + timedelta(days=MAX_SCHEDULE_AHEAD):
            raise DealStepError(
                tr(
                    "{day} is more than {limit} days ahead",
                    day=wanted.on,
                    limit=MAX_SCHEDULE_AHEAD,
                )
            )
    if wanted.step == SCHEDULED and wanted.on is None and not wanted.name.strip():
        raise DealStepError(tr("scheduled needs a date (--on YYYY-MM-DD) or a name (--name)"))
    return DealStep(
        step=wanted.step,
        at=at,
        reason=reason,
        amount=wanted.amount,
        bant=wanted.bant,
        score=wanted.score,
        on=wanted.on,
        name=wanted.name.strip(),
    )


def move_deal(context: Context, ref: str, wanted: StepInput) -> Deal:
    """Move deal ``ref`` (an id or a prefix of 4+) on by ``wanted``; raises
    LookupError (no such deal) or DealStepError (the step does not follow, a bad
    value), and then nothing is written."""
    deal = find_deal(all_deals(context), ref)
    step = build_step(context, deal, wanted)
    return context.store.change_deal(deal.id, deal.booked_at, lambda d: d.with_step(step))


def undo_deal_step(context: Context, ref: str) -> Deal:
    """Drop deal ``ref``'s last step (a mistake)."""
    deal = find_deal(all_deals(context), ref)
    now = context.now()
    return context.store.change_deal(deal.id, deal.booked_at, lambda d: d.without_last_step(now))


def deals_held_on(deals: Sequence[Deal], day: date) -> list[Deal]:
    """The deals held (実施) on ``day`` (Today shows them)."""
    held = []
    for deal in deals:
        at = deal.step_at("held") if deal.was_held else None
        if at is not None and at.date() == day:
            held.append(deal)
    return held


def deals_held_today(context: Context) -> list[Deal]:
    """Today's held meetings, from the deal records alone (cheap: Today asks on
    opening and whenever the pipeline closes)."""
    return deals_held_on(context.store.deal_records(), context.today())
