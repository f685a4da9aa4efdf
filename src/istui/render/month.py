"""The month view as text: the basis of the landing and the month's table
(``istui targets month`` and the targets screen print the same lines)."""

from __future__ import annotations

import calendar as _calendar

from istui.domain.month import MonthView
from istui.render.cells import fit
from istui.render.numbers import count, percent, rate


def month_title(year: int, month: int) -> str:
    """A month as the plan and the month view name it: "November 2026"."""
    return f"{_calendar.month_name[month]} {year}"


def month_basis(view: MonthView) -> str:
    """What the landing rests on: the working days done and left."""
    total = len(view.working_days)
    if view.elapsed <= 0:
        return f"no working time of {month_title(view.year, view.month)} has passed yet ({total} working days)"
    if view.days_done == total:
        return f"all {total} working days done: the month has landed"
    if view.today_share:
        return (
            f"{view.days_done} of {total} working days done + "
            f"{percent(view.today_share * 100, spaced=True)} of today, "
            f"{view.days_left} left after today"
        )
    return f"{view.days_done} of {total} working days done, {view.days_left} left"


def month_lines(view: MonthView) -> list[str]:
    """The month view as text (the CLI's output and the screen's table)."""
    lines = [f"{month_title(view.year, view.month)}: {month_basis(view)}"]
    lines.append(
        f"{'metric':<12}{'actual':>8}{'target':>8}{'achieved':>10}{'landing':>9}{'of target':>11}"
    )
    for line in view.lines:
        lines.append(
            f"{fit(line.metric.label, 12)}{line.actual:>8,}{line.target:>8,}"
            f"{percent(line.percent):>10}{count(line.landing):>9}"
            f"{percent(line.landing_percent):>11}"
        )
    for funnel_rate in view.rates:
        lines.append(
            f"{funnel_rate.label}: {rate(funnel_rate.actual.value)} "
            f"(target {rate(funnel_rate.target.value)})"
        )
    lines.append("landing = actual ÷ working days done × all working days of the month")
    return lines
