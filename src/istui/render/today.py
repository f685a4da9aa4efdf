"""The day as text: the one-line status of ``istui status`` (tmux, a prompt).

Stdlib only through render.numbers: ``istui status`` runs every few seconds
and must not import Rich or Textual.
"""

from __future__ import annotations

from istui.domain.pace import DayPhase
from istui.domain.today import DayView
from istui.render.numbers import rate


def needed_words(
    per_hour: float | None,
    *,
    hours_left: float | None = None,
    unit: str = "",
    out_of_reach: bool = False,
) -> str:
    """What the rest of the day asks for: "day over", "target reached", "out of
    reach today" (more than the day can give, see domain.pace.out_of_reach),
    else the figure a hour, over ``hours_left`` hours when given ("12.5 / hour
    for 3.0 h"), else in ``unit`` ("12.5 dials/hour needed")."""
    if per_hour is None:
        return "day over"
    if per_hour == 0:
        return "target reached"
    if out_of_reach:
        return "out of reach today"
    if hours_left is not None:
        return f"{per_hour:.1f} / hour for {hours_left:.1f} h"
    return f"{per_hour:.1f} {unit}/hour needed"


def status_line(view: DayView) -> str:
    """One line for a tmux status bar or a shell prompt.

    e.g. ``calls 42/100 · conn 9/25 36% · mtg 2/4 · pace -6``
    """
    rates = {r.key: r for r in view.rates}
    parts = []
    for line in view.lines:
        part = f"{line.metric.short} {line.count}/{line.target}"
        found = rates.get(line.metric.key)
        if found is not None and found.upper == (view.lines[0].metric.key if view.lines else ""):
            part += f" {rate(found.actual.value)}"
        parts.append(part)
    head = view.headline
    if head is not None and view.phase not in (DayPhase.OFF,):
        parts.append(f"pace {head.pace.delta:+d}")
    return " · ".join(parts)
