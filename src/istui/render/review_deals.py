"""The weekly review's deals section: the week's deals (set, held, cancelled,
won, 受注率, キャンセル率, 受注金額) and the week cut by channel and segment
(dials, connect rate, meeting rate, meetings, deals won), as text rows.

Channel and segment names come from the config and the events (untrusted):
the rows are passed through ``safe.one_line`` here; the screen shows them as
plain Text, never markup.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence

from istui.domain.deal_rates import SpanDeals
from istui.domain.lists import Slice
from istui.domain.review import WeekReview
from istui.i18n import tr, trp
from istui.render.deals import money
from istui.render.lists import slice_header, slice_rows
from istui.render.numbers import rate
from istui.render.safe import one_line


def has_section(r: WeekReview) -> bool:
    """Shown when the rep moves deals on, or a dial of the week carries a list."""
    return r.deals is not None or bool(r.by_channel or r.by_segment)


def deal_lines(w: SpanDeals, currency: str = "JPY") -> list[str]:
    """The week's deals in three lines: counts, the two rates with their basis, the amount."""
    f = w.figures
    return [
        tr(
            "set {set} · held {held} · cancelled {cancelled} · won {won} · still open {open}",
            set=f.set,
            held=f.held,
            cancelled=f.cancelled,
            won=w.won,
            open=w.open,
        ),
        tr(
            "win rate {win} ({won}/{decided} decided) · cancellation rate {cancel}"
            " ({cancelled}/{set} set)",
            win=rate(w.win_rate.value, 1),
            won=w.won,
            decided=w.decided,
            cancel=rate(f.cancel_rate.value, 1),
            cancelled=f.cancelled,
            set=f.set,
        ),
        tr("amount won {amount}", amount=money(w.amount, currency)),
    ]


def slice_table(
    by: str, slices: Sequence[Slice], won: Mapping[str, int], funnel: Sequence[str]
) -> tuple[list[str], list[list[str]]]:
    """The header and rows of the week by ``by``: the decomposition's columns and
    the deals won on each slice (the meeting's channel or segment)."""
    header = [*slice_header(by), trp("decomposition", "won")]
    rows = [
        [one_line(c) for c in row] + [str(won.get(s.value, 0))]
        for s, row in zip(slices, slice_rows(slices, funnel), strict=True)
    ]
    return header, rows


def slice_tables(r: WeekReview) -> list[tuple[str, list[str], list[list[str]]]]:
    """(caption, header, rows) for each cut with a named slice."""
    funnel = [x.metric.key for x in r.lines if x.metric.funnel]
    out = []
    for by, slices, won in (
        ("channel", r.by_channel, r.won_by_channel),
        ("segment", r.by_segment, r.won_by_segment),
    ):
        if slices and any(s.value for s in slices):
            caption = tr("By channel") if by == "channel" else tr("By segment")
            out.append((caption, *slice_table(by, slices, won, funnel)))
    return out
