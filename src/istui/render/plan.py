"""The back-calculation (逆算) as text: each step's arithmetic, then the daily figures."""

from __future__ import annotations

from datetime import date

from istui.domain.plan import Plan, PlanWarning, apply_block
from istui.domain.targets import MAX_DAILY_TARGET
from istui.i18n import tr
from istui.render.labels import COUNT_NAMES, RATE_NAMES, count_name, rate_name
from istui.render.month import month_title
from istui.render.numbers import count, number_text, percent_text

__all__ = ["COUNT_NAMES", "RATE_NAMES", "apply_problem", "chain_lines", "warning_text"]


def chain_lines(plan: Plan) -> list[str]:
    """The chain as printed: each step's arithmetic, then the daily figures."""
    lines = []
    for step in plan.steps:
        result = number_text(step.exact)
        fields = {
            "upper": count(step.upper),
            "upper_name": count_name(step.from_key),
            "rate": percent_text(step.rate),
            "rate_name": rate_name(step.rate_name),
            "result": result,
            "planned": count(step.planned),
            "name": count_name(step.key),
        }
        if step.rounded_up:
            lines.append(
                tr(
                    "{upper} {upper_name} ÷ {rate} {rate_name} = {result} → {planned} {name}",
                    **fields,
                )
            )
        else:
            lines.append(
                tr("{upper} {upper_name} ÷ {rate} {rate_name} = {result} {name}", **fields)
            )
    n = len(plan.working_days)
    month = month_title(plan.year, plan.month)
    if not n:
        lines.append(tr("{month}: no working day, so no daily figure", month=month))
        return lines
    for key in plan.daily_keys:
        exact = plan.daily_exact[key]
        daily: dict[str, object] = {
            "total": count(plan.monthly[key]),
            "name": count_name(key),
            "days": n,
            "month": month,
            "exact": number_text(exact),
            "daily": count(plan.daily[key]),
        }
        if exact.denominator == 1:
            lines.append(
                tr("{total} {name} ÷ {days} working days of {month} = {exact} a day", **daily)
            )
        else:
            lines.append(
                tr(
                    "{total} {name} ÷ {days} working days of {month} = {exact} → {daily} a day",
                    **daily,
                )
            )
    return lines


def warning_text(plan: Plan, w: PlanWarning) -> str:
    """One plan warning as a sentence."""
    if w.kind == "rate":
        fields = {
            "rate_name": rate_name(w.key),
            "rate": percent_text(w.value),
            "low": number_text(w.low * 100),
            "high": number_text(w.high * 100),
        }
        if w.value < w.low:
            return tr("{rate_name} {rate} is below the typical {low}–{high} %", **fields)
        return tr("{rate_name} {rate} is above the typical {low}–{high} %", **fields)
    if w.kind == "days":
        return tr(
            "{month} has no working day: no daily figure",
            month=month_title(plan.year, plan.month),
        )
    typical = {"dials": count(int(w.value)), "low": count(int(w.low)), "high": count(int(w.high))}
    if w.kind == "dials far":
        return tr(
            "{dials} dials a day is far beyond the typical {low}–{high}: "
            "likely impossible; check the rates or the deal goal",
            **typical,
        )
    if w.kind == "dials high":
        return tr("{dials} dials a day is above the typical {low}–{high}", **typical)
    return tr("{dials} dials a day is below the typical {low}–{high}", **typical)


def apply_problem(plan: Plan, today: date) -> str | None:
    """Why this plan cannot become the daily targets, as a sentence (None: it can)."""
    block = apply_block(plan, today)
    if block is None:
        return None
    month = month_title(plan.year, plan.month)
    if block.reason == "no days":
        return tr("{month} has no working day, nothing to apply", month=month)
    if block.reason == "over":
        return tr("{month} is over; plan this month or a later one", month=month)
    return tr(
        "{name} a day would be {value}, above the largest daily target istui takes ({largest})",
        name=count_name(block.key),
        value=count(block.value),
        largest=count(MAX_DAILY_TARGET),
    )
