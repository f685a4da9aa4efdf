"""Use cases of the targets: the month so far and the suggested daily targets.

Read from the store through a Context; the arithmetic is domain.month's and
domain.suggest's, the text render.month's and the CLI's.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date

from istui.domain.funnel import Event
from istui.domain.month import MonthView, build_month_view
from istui.domain.suggest import Suggestions, suggest
from istui.domain.totals import daily_totals
from istui.services.context import Context


def month_view(ctx: Context, year: int, month: int) -> MonthView:
    """The month's actual vs target and its landing, as of the context's clock
    (the CLI's ``istui targets month`` and the month screen)."""
    store, config = ctx.store, ctx.config
    first = date(year, month, 1)
    last = date(year, month, _calendar.monthrange(year, month)[1])
    end = min(last, ctx.today())
    events = store.events_between(first, end) if end >= first else []
    return build_month_view(
        events,
        config.metrics,
        store.target_versions(),
        config.calendar,
        config.hours,
        year,
        month,
        ctx.now(),
    )


def suggestions(ctx: Context, days: int) -> Suggestions:
    """Daily targets suggested from the last ``days`` past working days with events."""
    store, config = ctx.store, ctx.config
    today = ctx.today()
    candidates = [
        d for d in store.days_with_data() if d < today and config.calendar.is_working_day(d)
    ]
    # Newest first until enough days with events (a file may hold a reflection only).
    picked: list[date] = []
    events: list[Event] = []
    for day in reversed(candidates):
        day_events = store.day_events(day)
        if day_events:
            picked.insert(0, day)
            events.extend(day_events)
        if len(picked) == days:
            break
    versions = store.target_versions()
    history = daily_totals(events, picked, config.metrics, versions, config.calendar)
    return suggest(history, config.metrics, days)
