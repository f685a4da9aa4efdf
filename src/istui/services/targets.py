"""Use cases of the targets: the month so far and the suggested daily targets.

Read from the store through a Context; the arithmetic is domain.month's and
domain.suggest's, the text render.month's and the CLI's.
"""

from __future__ import annotations

import calendar as _calendar
from datetime import date, timedelta

from istui.domain.deal_rates import DealMonth, HistoryRates, deal_month, history_rates, span_deals
from istui.domain.deals import deals_from
from istui.domain.funnel import Event, count_events
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


def deal_month_view(ctx: Context, view: MonthView) -> DealMonth:
    """The month's deals won and 受注金額 against the config's monthly targets."""
    first = date(view.year, view.month, 1)
    last = date(view.year, view.month, _calendar.monthrange(view.year, view.month)[1])
    settings = ctx.config.deals
    return deal_month(
        ctx.store.deal_records(),
        first,
        last,
        ctx.today(),
        len(view.working_days),
        view.elapsed,
        settings.monthly_won,
        settings.monthly_amount,
    )


def deal_month_shown(ctx: Context, view: MonthView) -> DealMonth | None:
    """The month's deals for a screen: None for a rep with no monthly deal
    target who never moved a deal on (their screen stays as it was)."""
    settings = ctx.config.deals
    if not (settings.monthly_won or settings.monthly_amount or ctx.store.deal_records()):
        return None
    return deal_month_view(ctx, view)


#: The weeks ``--from-history`` looks back by default.
HISTORY_WEEKS = 8


def rates_from_history(ctx: Context, weeks: int) -> tuple[HistoryRates, date, date]:
    """The rep's own rates over the last ``weeks`` whole weeks before today
    (the finished days: yesterday back), and the span they rest on."""
    end = ctx.today() - timedelta(days=1)
    start = end - timedelta(days=7 * weeks - 1)
    store, config = ctx.store, ctx.config
    events = store.events_between(start, end)
    counts = count_events(events, config.metrics)
    meetings = [(e.id, e.at) for e in events if e.kind == "meeting"]
    deals = deals_from(meetings, store.deal_records())
    return history_rates(counts, span_deals(deals, start, end)), start, end


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
