"""The back-calculation (逆算) as text: each step's arithmetic, then the daily figures."""

from __future__ import annotations

from istui.domain.plan import LABELS, RATE_NAMES, Plan
from istui.render.numbers import number_text, percent_text


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
        lines.append(f"{plan.month_name}: no working day, so no daily figure")
        return lines
    for key in plan.daily_keys:
        exact = plan.daily_exact[key]
        shown = number_text(exact)
        arrow = "" if exact.denominator == 1 else f" → {plan.daily[key]:,}"
        lines.append(
            f"{plan.monthly[key]:,} {LABELS[key]} ÷ {n} working days of {plan.month_name} "
            f"= {shown}{arrow} a day"
        )
    return lines
