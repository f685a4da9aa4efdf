"""The status line's and ``istui status --json``'s moving part: the pace, joined
to the parts that change only with a write.

No imports: the lean `istui status` (``istui.lean``) renders the cached parts
through these, ``render.today`` renders a DayView through them, so both print
the same bytes.
"""

from __future__ import annotations


def join_status(parts: list[str], pace_delta: int | None) -> str:
    """The line from its count parts and the headline's pace (None: not shown)."""
    if pace_delta is not None:
        parts = [*parts, f"pace {pace_delta:+d}"]
    return " · ".join(parts)


def pace_json(
    phase: str,
    fraction: float,
    expected: float,
    delta: int,
    projected: int | None,
    needed_per_hour: float | None,
) -> dict[str, object]:
    """``istui status --json``'s pace object (the headline's pace)."""
    return {
        "phase": phase,
        "day_fraction": round(fraction, 4),
        "expected": round(expected, 1),
        "delta": delta,
        "projected": projected,
        "needed_per_hour": None if needed_per_hour is None else round(needed_per_hour, 1),
    }
