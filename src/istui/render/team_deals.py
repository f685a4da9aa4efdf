"""The team view's deals (#14): per-rep columns (deals won, win rate,
cancellation rate; at full width also meetings set and the amount won) fitted
to the terminal's width, and the team's figures by channel as text.

Rep names and channel names come from exports (untrusted): the screen shows
cells through ``safe.widget_text``; the channel table's rows go through
``safe.one_line`` here.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from istui.domain.deal_rates import SpanDeals
from istui.domain.funnel import Ratio
from istui.domain.team import RepWeek, TeamWeek
from istui.i18n import tr, trp
from istui.render.cells import cells
from istui.render.deals import money
from istui.render.lists import slice_header, slice_rows, table_lines
from istui.render.numbers import NO_VALUE, rate
from istui.render.safe import one_line
from istui.render.team import Column, rate_text

#: From this width every deal column shows, with its full label.
FULL = 200
#: A DataTable cell's padding (one cell each side) and the table's scrollbar.
CELL_PADDING = 2
SCROLLBAR = 2


def _rate_sort(ratio: Ratio | None) -> tuple[float, str]:
    value = None if ratio is None else ratio.value
    return (-1.0 if value is None else value, "")


def deal_columns(week: TeamWeek, *, full: bool) -> list[Column]:
    """The deal columns in the order they are given room: won, win rate,
    cancellation rate, set, amount won. None when no rep moves deals on."""
    if not week.deals:
        return []
    by_rep = {rep_id: w for rep_id, _, w in week.deals}

    def of(rep: RepWeek) -> SpanDeals | None:
        return by_rep.get(rep.rep_id)

    def count(pick: Callable[[SpanDeals], int]) -> Callable[[RepWeek], str]:
        return lambda r: NO_VALUE if (w := of(r)) is None else str(pick(w))

    def count_sort(pick: Callable[[SpanDeals], int]) -> Callable[[RepWeek], tuple[float, str]]:
        return lambda r: (-1.0 if (w := of(r)) is None else float(pick(w)), "")

    def win(r: RepWeek) -> Ratio | None:
        w = of(r)
        return None if w is None else w.win_rate

    def cancel(r: RepWeek) -> Ratio | None:
        w = of(r)
        return None if w is None else w.figures.cancel_rate

    def amount(r: RepWeek) -> str:
        w = of(r)
        return NO_VALUE if w is None else money(w.amount)

    def won(w: SpanDeals) -> int:
        return w.won

    def booked(w: SpanDeals) -> int:
        return w.figures.set

    def amount_of(w: SpanDeals) -> int:
        return w.amount

    rate_columns = [
        Column(
            "cancel_rate",
            trp("team deals", "Cancellation rate") if full else trp("team deals short", "Cxl %"),
            lambda r: rate_text(cancel(r)),
            lambda r: _rate_sort(cancel(r)),
        ),
        Column("deals_set", trp("team deals", "Set"), count(booked), count_sort(booked)),
    ]
    if not full:
        # Narrow: deals won and the win rate in one cell, "2 50%", as the
        # narrow table shows a count beside its percent.
        def won_win(r: RepWeek) -> str:
            w = of(r)
            return NO_VALUE if w is None else f"{w.won} {rate(w.win_rate.value)}"

        return [
            Column("deals_won", trp("team deals", "Won"), won_win, lambda r: _rate_sort(win(r))),
            *rate_columns,
        ]
    return [
        Column("deals_won", trp("team deals", "Won"), count(won), count_sort(won)),
        Column(
            "win_rate",
            trp("team deals", "Win rate"),
            lambda r: rate_text(win(r)),
            lambda r: _rate_sort(win(r)),
        ),
        *rate_columns,
        Column("amount_won", trp("team deals", "Amount won"), amount, count_sort(amount_of)),
    ]


def column_cells(column: Column, reps: Sequence[RepWeek]) -> int:
    """The cells a column takes in the table: its widest label or cell, padded."""
    widest = max([cells(column.label), *(cells(column.cell(r)) for r in reps)])
    return widest + CELL_PADDING


#: The columns given up, in this order, for the deal columns below FULL (the
#: drill-down and the totals line still have them).
YIELDING = ("reflected", "help")
#: The deal columns a narrow table makes room for (won with the win rate, and
#: the cancellation rate); the meetings set only when there is room left.
MUST_FIT = 2


def with_deal_columns(week: TeamWeek, columns: list[Column], width: int) -> list[Column]:
    """``columns`` with the deal columns, inserted before the bottleneck: all of
    them at FULL; below it, won/win rate and the cancellation rate, making room
    by dropping the YIELDING columns if need be, then what else fits."""
    extra = deal_columns(week, full=width >= FULL)
    if not extra:
        return columns
    base = list(columns)
    if width < FULL:

        def used(cols: Sequence[Column]) -> int:
            return sum(column_cells(c, week.reps) for c in cols) + SCROLLBAR

        for key in YIELDING:
            if used([*base, *extra[:MUST_FIT]]) <= width:
                break
            base = [c for c in base if c.key != key]
        fitted: list[Column] = []
        for column in extra:
            if used([*base, *fitted, column]) > width:
                break
            fitted.append(column)
        extra = fitted
    keys = [c.key for c in base]
    at = keys.index("bottleneck") if "bottleneck" in keys else len(base)
    return [*base[:at], *extra, *base[at:]]


def channel_lines(week: TeamWeek) -> list[str]:
    """The team by channel (each rep's funnel, summed): a cell-measured table."""
    if not week.by_channel:
        return [tr("no dial of this week carries a channel (pick a list on Today with /)")]
    funnel = [k for k in ("call", "connect", "contact", "meeting") if k in week.keys]
    rows = [[one_line(c) for c in row] for row in slice_rows(week.by_channel, funnel)]
    return table_lines(slice_header("channel"), rows)
