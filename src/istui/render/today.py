"""The day as text: the one-line status of ``istui status`` (tmux, a prompt).

Stdlib only through render.numbers: ``istui status`` runs every few seconds
and must not import Rich or Textual.
"""

from __future__ import annotations

from istui.domain.pace import DayPhase
from istui.domain.today import DayView
from istui.i18n import tr
from istui.render.statusline import count_part, join_status, pace_json

__all__ = [
    "count_parts",
    "join_status",
    "needed_words",
    "pace_json",
    "status_line",
    "view_json_head",
]


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
        return tr("day over")
    if per_hour == 0:
        return tr("target reached")
    if out_of_reach:
        return tr("out of reach today")
    if hours_left is not None:
        return tr("{rate} / hour for {hours} h", rate=f"{per_hour:.1f}", hours=f"{hours_left:.1f}")
    return tr("{rate} {unit}/hour needed", rate=f"{per_hour:.1f}", unit=unit)


def count_parts(view: DayView) -> list[str]:
    """The status line's parts that change only with the counts and targets:
    ``calls 42/100``, ``conn 9/25 36%``, ``mtg 2/4``."""
    head = view.lines[0].metric.key if view.lines else ""
    shown = {r.key: r.actual.value for r in view.rates if r.upper == head}
    return [
        count_part(line.metric.short, line.count, line.target, shown.get(line.metric.key, False))
        for line in view.lines
    ]


def status_line(view: DayView) -> str:
    """One line for a tmux status bar or a shell prompt.

    e.g. ``calls 42/100 · conn 9/25 36% · mtg 2/4 · pace -6``
    """
    head = view.headline
    shown = head is not None and view.phase not in (DayPhase.OFF,)
    return join_status(count_parts(view), head.pace.delta if head and shown else None)


def view_json_head(view: DayView) -> dict[str, object]:
    """``istui status --json`` without its pace (which moves with the clock)."""
    return {
        "date": view.day.isoformat(),
        "counts": {line.metric.key: line.count for line in view.lines},
        "targets": {line.metric.key: line.target for line in view.lines},
        "rates": {r.key: {"actual": r.actual.value, "target": r.target.value} for r in view.rates},
    }
