"""The day as text: the one-line status of ``istui status`` (tmux, a prompt).

Stdlib only through render.numbers: ``istui status`` runs every few seconds
and must not import Rich or Textual.
"""

from __future__ import annotations

from istui.domain.pace import DayPhase
from istui.domain.today import DayView
from istui.render.numbers import rate


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
