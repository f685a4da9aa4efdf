"""The month view as text: the basis of the landing (着地予測) and the month's
table (``istui targets month`` and the targets screen print the same lines)."""

from __future__ import annotations

from istui.domain.month import MonthView
from istui.i18n import tr, trp
from istui.render import dates
from istui.render.cells import cells, fit
from istui.render.labels import rate_name
from istui.render.numbers import count, percent, rate


def month_title(year: int, month: int) -> str:
    """A month as the plan and the month view name it: "November 2026", 2026年11月."""
    return dates.month_title(year, month)


def month_basis(view: MonthView) -> str:
    """What the landing rests on: the working days done and left."""
    total = len(view.working_days)
    if view.elapsed <= 0:
        return tr(
            "no working time of {month} has passed yet ({total} working days)",
            month=month_title(view.year, view.month),
            total=total,
        )
    if view.days_done == total:
        return tr("all {total} working days done: the month has landed", total=total)
    if view.today_share:
        return tr(
            "{done} of {total} working days done + {share} of today, {left} left after today",
            done=view.days_done,
            total=total,
            share=percent(view.today_share * 100, spaced=True),
            left=view.days_left,
        )
    return tr(
        "{done} of {total} working days done, {left} left",
        done=view.days_done,
        total=total,
        left=view.days_left,
    )


def _right(text: str, width: int) -> str:
    return " " * max(0, width - cells(text)) + text


def month_lines(view: MonthView) -> list[str]:
    """The month view as text (the CLI's output and the screen's table)."""
    lines = [
        tr(
            "{month}: {basis}",
            month=month_title(view.year, view.month),
            basis=month_basis(view),
        )
    ]
    heads = (
        trp("report", "actual"),
        trp("report", "target"),
        trp("report", "achieved"),
        trp("report", "landing"),
        trp("report", "of target"),
    )
    widths = [max(w, cells(h) + 1) for w, h in zip((8, 8, 10, 9, 11), heads, strict=True)]
    first = max([12, *(cells(line.metric.label) + 1 for line in view.lines)])
    first = min(first, 16)
    lines.append(
        fit(trp("report", "metric"), first)
        + "".join(_right(h, w) for h, w in zip(heads, widths, strict=True))
    )
    for line in view.lines:
        cols = (
            count(line.actual),
            count(line.target),
            percent(line.percent),
            count(line.landing),
            percent(line.landing_percent),
        )
        lines.append(
            fit(line.metric.label, first)
            + "".join(_right(c, w) for c, w in zip(cols, widths, strict=True))
        )
    for funnel_rate in view.rates:
        lines.append(
            tr(
                "{rate_name}: {rate} (target {target})",
                rate_name=rate_name(funnel_rate.key),
                rate=rate(funnel_rate.actual.value),
                target=rate(funnel_rate.target.value),
            )
        )
    lines.append(tr("landing = actual ÷ working days done × all working days of the month"))
    return lines
