"""The back-calculation (逆算) as text: each step's arithmetic, then the daily figures."""

from __future__ import annotations

from datetime import date

from istui.domain.plan import Plan, PlanWarning, apply_block
from istui.domain.targets import MAX_DAILY_TARGET
from istui.render.month import month_title
from istui.render.numbers import number_text, percent_text

LABELS = {
    "deal": "deals",
    "meeting": "meetings",
    "contact": "contacts",
    "connect": "connects",
    "call": "dials",
}
RATE_NAMES = {
    "win": "win rate",
    "meeting": "meeting rate",
    "contact": "contact rate",
    "connect": "connect rate",
}


def chain_lines(plan: Plan) -> list[str]:
    """The chain as printed: each step's arithmetic, then the daily figures."""
    lines = []
    for step in plan.steps:
        result = number_text(step.exact)
        if step.rounded_up:
            result += f" → {step.planned:,}"
        lines.append(
            f"{step.upper:,} {LABELS[step.from_key]} ÷ {percent_text(step.rate)} "
            f"{RATE_NAMES[step.rate_name]} = {result} {LABELS[step.key]}"
        )
    n = len(plan.working_days)
    if not n:
        lines.append(f"{month_title(plan.year, plan.month)}: no working day, so no daily figure")
        return lines
    for key in plan.daily_keys:
        exact = plan.daily_exact[key]
        shown = number_text(exact)
        arrow = "" if exact.denominator == 1 else f" → {plan.daily[key]:,}"
        lines.append(
            f"{plan.monthly[key]:,} {LABELS[key]} ÷ {n} working days of {month_title(plan.year, plan.month)} "
            f"= {shown}{arrow} a day"
        )
    return lines


def warning_text(plan: Plan, w: PlanWarning) -> str:
    """One plan warning as a sentence."""
    if w.kind == "rate":
        side = "below" if w.value < w.low else "above"
        return (
            f"{RATE_NAMES[w.key]} {percent_text(w.value)} is {side} the typical "
            f"{number_text(w.low * 100)}–{number_text(w.high * 100)} %"
        )
    if w.kind == "days":
        return f"{month_title(plan.year, plan.month)} has no working day: no daily figure"
    dials, typical = int(w.value), f"{int(w.low)}–{int(w.high)}"
    if w.kind == "dials far":
        return (
            f"{dials:,} dials a day is far beyond the typical {typical}: "
            "likely impossible; check the rates or the deal goal"
        )
    side = "above" if w.kind == "dials high" else "below"
    return f"{dials:,} dials a day is {side} the typical {typical}"


def apply_problem(plan: Plan, today: date) -> str | None:
    """Why this plan cannot become the daily targets, as a sentence (None: it can)."""
    block = apply_block(plan, today)
    if block is None:
        return None
    if block.reason == "no days":
        return f"{month_title(plan.year, plan.month)} has no working day, nothing to apply"
    if block.reason == "over":
        return f"{month_title(plan.year, plan.month)} is over; plan this month or a later one"
    return (
        f"{LABELS.get(block.key, block.key)} a day would be {block.value:,}, above the "
        f"largest daily target istui takes ({MAX_DAILY_TARGET:,})"
    )
