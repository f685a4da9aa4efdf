"""Use cases of the targets: the month so far (and the inputs the month review
shares with it), the month's deals and the suggested daily targets.

Read from the store through a Context; the arithmetic is domain.month's and
domain.suggest's, the text render.month's and the CLI's.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, datetime, timedelta
from typing import NamedTuple

from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.deal_rates import DealMonth, HistoryRates, deal_month, history_rates, span_deals
from istui.domain.deals import Deal, deals_from
from istui.domain.funnel import Event, MetricSet, count_events
from istui.domain.month import MonthView, build_month_view
from istui.domain.monthly import month_days
from istui.domain.suggest import Suggestions, suggest
from istui.domain.targets import TargetVersion
from istui.domain.totals import daily_totals
from istui.services.config import Config
from istui.services.context import Context
from istui.store import Store


class MonthInputs(NamedTuple):
    """What a month's view (and its review) is built from, in the builders'
    order: the month's events up to ``now``, then the config's and store's."""

    events: list[Event]
    metrics: MetricSet
    versions: list[TargetVersion]
    calendar: WorkCalendar
    hours: WorkHours
    year: int
    month: int
    now: datetime


def month_inputs(config: Config, store: Store, year: int, month: int, now: datetime) -> MonthInputs:
    """Reads the month's days up to today (none for a month not begun), then the
    target versions; a store error is raised."""
    days = month_days(year, month)
    end = min(days[-1], now.date())
    events = store.events_between(days[0], end) if end >= days[0] else []
    return MonthInputs(
        events,
        config.metrics,
        store.target_versions(),
        config.calendar,
        config.hours,
        year,
        month,
        now,
    )


def month_view(ctx: Context, year: int, month: int) -> MonthView:
    """The month's actual vs target and its landing, as of the context's clock
    (the CLI's ``istui targets month`` and the month screen)."""
    return build_month_view(*month_inputs(ctx.config, ctx.store, year, month, ctx.now()))


def month_deals(config: Config, records: Sequence[Deal], view: MonthView, today: date) -> DealMonth:
    """The month's deals won and 受注金額 against the config's monthly targets."""
    days = month_days(view.year, view.month)
    settings = config.deals
    return deal_month(
        records,
        days[0],
        days[-1],
        today,
        len(view.working_days),
        view.elapsed,
        settings.monthly_won,
        settings.monthly_amount,
    )


def shown_month_deals(
    config: Config, records: Sequence[Deal], view: MonthView, today: date
) -> DealMonth | None:
    """The month's deals for a screen or review: None for a rep with no monthly
    deal target who never moved a deal on (their screen stays as it was)."""
    settings = config.deals
    if not (settings.monthly_won or settings.monthly_amount or records):
        return None
    return month_deals(config, records, view, today)


def deal_month_view(ctx: Context, view: MonthView) -> DealMonth:
    """The month's deals won and 受注金額 against the config's monthly targets."""
    return month_deals(ctx.config, ctx.store.deal_records(), view, ctx.today())


def deal_month_shown(ctx: Context, view: MonthView) -> DealMonth | None:
    """``shown_month_deals`` of the context's store, as of its clock."""
    return shown_month_deals(ctx.config, ctx.store.deal_records(), view, ctx.today())


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
