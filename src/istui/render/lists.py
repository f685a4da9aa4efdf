"""The week cut by channel, segment and list (the articles' 分解分析) as text:
dials, connect rate, meeting rate, meetings per slice (sums over sums), and
each list's coverage (リスト消化率 = dials on the list ÷ its size).

Channel, segment and list names come from the config and the events (untrusted):
callers pass the rows through ``safe.one_line`` / ``md_cell``.
"""

from __future__ import annotations

from collections.abc import Sequence

from istui.domain.lists import Coverage, Slice
from istui.i18n import tr, trp
from istui.render.numbers import NO_VALUE, rate


def slice_header(by: str) -> list[str]:
    channel, segment = trp("decomposition", "channel"), trp("decomposition", "segment")
    return [
        channel if by == "channel" else segment,
        trp("decomposition", "dials"),
        trp("decomposition", "connect rate"),
        trp("decomposition", "meeting rate"),
        trp("decomposition", "meetings"),
    ]


def slice_rows(slices: Sequence[Slice], funnel: Sequence[str]) -> list[list[str]]:
    """One row per slice: its name ("(none)" for dials without one), dials, the
    connect rate and meeting rate (÷ contacts with a contact stage) of its own
    counts, meetings. ``funnel``: the funnel's keys, top first."""
    keys = list(funnel)
    top = keys[0] if keys else ""
    connect = "connect" if "connect" in keys else ""
    meeting = "meeting" if "meeting" in keys else ""
    upper = "contact" if "contact" in keys else connect
    out = []
    for s in slices:
        out.append(
            [
                s.value or trp("decomposition", "(none)"),
                str(s.counts.get(top, 0)),
                rate(s.rate(connect, top).value, 1) if connect else NO_VALUE,
                rate(s.rate(meeting, upper).value, 1) if meeting and upper else NO_VALUE,
                str(s.counts.get(meeting, 0)) if meeting else NO_VALUE,
            ]
        )
    return out


def coverage_lines(items: Sequence[Coverage]) -> list[str]:
    """ "Webinar 11月: 12 of 40 dialled (30.0%)" per list (size unknown: the dials)."""
    lines = []
    for c in items:
        ratio = c.ratio
        if ratio is None:
            lines.append(tr("{name}: {dials} dials (no size set)", name=c.item.name, dials=c.dials))
        else:
            lines.append(
                tr(
                    "{name}: {dials} of {size} dialled ({rate})",
                    name=c.item.name,
                    dials=c.dials,
                    size=ratio.den,
                    rate=rate(ratio.value, 1),
                )
            )
    return lines


def table_lines(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A plain table measured in terminal cells (Japanese names line up): the
    first column left-aligned, the figures right-aligned."""
    from istui.render.cells import cells, pad

    table = [list(header), *(list(r) for r in rows)]
    widths = [max(cells(r[i]) for r in table) for i in range(len(header))]
    out = []
    for row in table:
        parts = [
            pad(c, w) if i == 0 else " " * (w - cells(c)) + c
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(parts).rstrip())
    return out


def slices_json(slices: Sequence[Slice]) -> list[dict[str, object]]:
    """Each slice for the JSON report: its value and counts (no words)."""
    return [{"value": s.value, "counts": dict(s.counts)} for s in slices]


def coverage_json(items: Sequence[Coverage]) -> list[dict[str, object]]:
    return [
        {
            "list": c.item.name,
            "size": c.item.size,
            "dials": c.dials,
            "coverage": None if c.ratio is None else c.ratio.value,
        }
        for c in items
    ]
