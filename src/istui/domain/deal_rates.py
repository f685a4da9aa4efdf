"""The figures of a set of deals (商談) and the articles' rates with their
typical ranges (003's KPI tables).

Rates are sums over sums (``Ratio``). A deal still open is counted as open,
never as lost: the win rate divides by the held meetings whose outcome is
known (won or lost), and the figures say how many are still open.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from istui.domain.deals import (
    BOOKED,
    CANCELLED,
    HELD,
    HELD_STATES,
    LOST,
    NOSHOW,
    QUALIFIED,
    WON,
    Deal,
)
from istui.domain.funnel import Ratio


# ------------------------------------------------------------------ figures
@dataclass(frozen=True)
class DealFigures:
    """Counts over a set of deals (one rep's or a team's), added as sums."""

    set: int = 0  # 商談設定数
    cancelled: int = 0
    noshow: int = 0
    held: int = 0  # 実施 (held, qualified, won, lost)
    qualified: int = 0  # 有効商談
    bant: int = 0  # BANT取得 (all four)
    won: int = 0
    lost: int = 0
    open_booked: int = 0  # not yet held, not cancelled
    open_held: int = 0  # held, outcome not known yet
    amount: int = 0  # 受注金額 (exact whole units)

    def __add__(self, other: DealFigures) -> DealFigures:
        return DealFigures(**{name: getattr(self, name) + getattr(other, name) for name in _FIELDS})

    @property
    def open(self) -> int:
        return self.open_booked + self.open_held

    @property
    def cancel_rate(self) -> Ratio:
        """商談キャンセル率 = キャンセル数 ÷ 商談設定数."""
        return Ratio(self.cancelled, self.set)

    @property
    def win_rate(self) -> Ratio:
        """受注率 = 受注数 ÷ 実施した商談数 whose outcome is known (open ones excluded)."""
        return Ratio(self.won, self.won + self.lost)

    @property
    def bant_rate(self) -> Ratio:
        """BANT取得率 = BANT取得商談数 ÷ 総商談数 (the meetings held)."""
        return Ratio(self.bant, self.held)

    @property
    def average_amount(self) -> int | None:
        """平均受注単価 = 受注金額 ÷ 受注数, rounded to a whole unit (None: none won)."""
        if not self.won:
            return None
        return (2 * self.amount + self.won) // (2 * self.won)  # round half up, exact


_FIELDS = tuple(DealFigures.__dataclass_fields__)


def deal_figures(deals: Iterable[Deal]) -> DealFigures:
    """The figures of ``deals`` as they stand."""
    counts = dict.fromkeys(_FIELDS, 0)
    for deal in deals:
        state = deal.state
        counts["set"] += 1
        if state == CANCELLED:
            counts["cancelled"] += 1
        elif state == NOSHOW:
            counts["noshow"] += 1
        elif state == BOOKED:
            counts["open_booked"] += 1
        if state in HELD_STATES:
            counts["held"] += 1
            if state in (HELD, QUALIFIED):
                counts["open_held"] += 1
        if deal.qualified:
            counts["qualified"] += 1
        if deal.bant_complete:
            counts["bant"] += 1
        if state == WON:
            counts["won"] += 1
            counts["amount"] += deal.amount or 0
        elif state == LOST:
            counts["lost"] += 1
    return DealFigures(**counts)


def booked_between(deals: Iterable[Deal], start: date, end: date) -> list[Deal]:
    """The deals booked from ``start`` to ``end`` inclusive (the cohort the rates judge)."""
    return [d for d in deals if start <= d.booked_at.date() <= end]


def won_between(deals: Iterable[Deal], start: date, end: date) -> list[Deal]:
    """The deals standing won whose win is dated from ``start`` to ``end``."""
    won = []
    for deal in deals:
        at = deal.step_at(WON) if deal.state == WON else None
        if at is not None and start <= at.date() <= end:
            won.append(deal)
    return won


# --------------------------------------------------------- the articles' rates
@dataclass(frozen=True)
class RateDefinition:
    """One of the articles' rates: its key, its typical range (None: no bound)."""

    key: str
    low: float | None
    high: float | None


#: The articles' typical ranges (003's KPI tables).
RATE_RANGES: dict[str, RateDefinition] = {
    d.key: d
    for d in (
        RateDefinition("connect_rate", 0.20, 0.35),  # 接続率 = 接続数 ÷ 架電数
        RateDefinition("contact_rate", 0.15, 0.25),  # コネクト率 = 有効コンタクト数 ÷ 架電数
        RateDefinition("meeting_rate", 0.05, 0.15),  # 商談化率 = 商談設定数 ÷ 有効コンタクト数
        RateDefinition("bant_rate", 0.70, 0.85),  # BANT取得率
        RateDefinition("win_rate", 0.20, 0.35),  # 受注率 = 受注数 ÷ 実施した商談数
        RateDefinition("cancel_rate", None, 0.10),  # 商談キャンセル率 ≤ 10 %
    )
}


@dataclass(frozen=True)
class ArticleRate:
    """A rate as the articles define it, with which denominator it used."""

    key: str
    ratio: Ratio
    #: The stage divided by ("call", "contact", "connect", "set", "held", "decided").
    over: str
    low: float | None
    high: float | None

    @property
    def out_of_range(self) -> str:
        """ "low" or "high" when outside the articles' typical range, else ""."""
        value = self.ratio.value
        if value is None:
            return ""
        if self.low is not None and value < self.low:
            return "low"
        if self.high is not None and value > self.high:
            return "high"
        return ""


def article_rates(counts: Mapping[str, int], figures: DealFigures) -> list[ArticleRate]:
    """接続率, コネクト率 (with a contact stage), 商談化率 (÷ 有効コンタクト with a
    contact stage, else ÷ 接続数), BANT取得率, 受注率, 商談キャンセル率.

    ``counts`` are the funnel's counts (outcome model: a stage counts every
    event at it or deeper); a stage the rep does not track is absent.
    """

    def make(key: str, num: int, den: int, over: str) -> ArticleRate:
        r = RATE_RANGES[key]
        return ArticleRate(key, Ratio(num, den), over, r.low, r.high)

    calls = counts.get("call", 0)
    rates = []
    if "connect" in counts:
        rates.append(make("connect_rate", counts["connect"], calls, "call"))
    if "contact" in counts:
        rates.append(make("contact_rate", counts["contact"], calls, "call"))
    if "meeting" in counts:
        if "contact" in counts:
            rates.append(make("meeting_rate", counts["meeting"], counts["contact"], "contact"))
        elif "connect" in counts:
            rates.append(make("meeting_rate", counts["meeting"], counts["connect"], "connect"))
    rates.append(make("bant_rate", figures.bant, figures.held, "held"))
    rates.append(make("win_rate", figures.won, figures.won + figures.lost, "decided"))
    rates.append(make("cancel_rate", figures.cancelled, figures.set, "set"))
    return rates


@dataclass(frozen=True)
class SpanDeals:
    """The deals of a span of days, as the weekly review judges them: the figures
    of the meetings booked in it (cancellations, BANT), the outcomes decided in it
    (the win rate: won ÷ won + lost), and the deals still open at its end."""

    figures: DealFigures
    won: int
    lost: int
    open: int
    #: 受注金額 of the deals won in the span (exact whole units).
    amount: int = 0

    @property
    def win_rate(self) -> Ratio:
        return Ratio(self.won, self.won + self.lost)

    @property
    def decided(self) -> int:
        return self.won + self.lost


def span_deals(deals: Iterable[Deal], start: date, end: date) -> SpanDeals:
    """``SpanDeals`` of the days ``start`` to ``end`` inclusive."""
    listed = list(deals)
    won = lost = still_open = amount = 0
    for deal in listed:
        if deal.state in (WON, LOST):
            at = deal.step_at(deal.state)
            if at is not None and start <= at.date() <= end:
                if deal.state == WON:
                    won += 1
                    amount += deal.amount or 0
                else:
                    lost += 1
        if deal.is_open and deal.booked_at.date() <= end:
            still_open += 1
    figures = deal_figures(booked_between(listed, start, end))
    return SpanDeals(figures, won, lost, still_open, amount)


@dataclass(frozen=True)
class HistoryRates:
    """The rates a plan can take from the rep's own past weeks (sums over sums),
    with what each rests on: ``win`` over the deals decided in the span."""

    win: Ratio
    meeting: Ratio  # meetings ÷ connects, or ÷ contacts with a contact stage
    connect: Ratio  # connects ÷ dials
    contact: Ratio | None  # contacts ÷ connects (None: no contact stage)
    held: int  # meetings held in the span (the win rate's basis is ``win.den``)


def history_rates(counts: Mapping[str, int], deals: SpanDeals) -> HistoryRates:
    """``counts``: the funnel's counts over the span (outcome model)."""
    has_contact = "contact" in counts
    upper = counts.get("contact", 0) if has_contact else counts.get("connect", 0)
    return HistoryRates(
        win=deals.win_rate,
        meeting=Ratio(counts.get("meeting", 0), upper),
        connect=Ratio(counts.get("connect", 0), counts.get("call", 0)),
        contact=Ratio(counts.get("contact", 0), counts.get("connect", 0)) if has_contact else None,
        held=deals.figures.held,
    )


@dataclass(frozen=True)
class DealMonth:
    """The month's deals won and 受注金額 against their monthly targets (0: none),
    with the landing forecast at the pace per working day so far."""

    won: int
    target: int
    amount: int
    amount_target: int
    landing: int | None
    amount_landing: int | None


def deal_month(
    deals: Iterable[Deal],
    first: date,
    last: date,
    today: date,
    working_days: int,
    elapsed: float,
    target: int,
    amount_target: int,
) -> DealMonth:
    """Deals won from ``first`` to ``min(last, today)``, carried forward as the
    month view carries every metric (actual ÷ working days elapsed × working days)."""
    won_deals = won_between(deals, first, min(last, today))
    won = len(won_deals)
    amount = sum(d.amount or 0 for d in won_deals)
    if elapsed > 0:
        landing: int | None = round(won / elapsed * working_days)
        amount_landing: int | None = round(amount / elapsed * working_days)
    else:
        landing = amount_landing = None
    return DealMonth(won, target, amount, amount_target, landing, amount_landing)
