"""The suggested targets' words: what they are based on, and what to collect first."""

from __future__ import annotations

from istui.domain.suggest import Suggestions


def suggest_basis(s: Suggestions) -> str:
    """The working days the suggestion rests on ("based on 20 working days, …")."""
    n = len(s.days)
    if not n:
        return "no working day with logged activity yet"
    span = f"{s.days[0].isoformat()} to {s.days[-1].isoformat()}"
    note = "" if n >= s.days_asked else f" (asked for {s.days_asked})"
    return f"based on {n} working day{'s' if n != 1 else ''}{note}, {span}"


def suggest_advice(s: Suggestions) -> str:
    """What to collect first when there is too little history."""
    return (
        f"too little history to suggest targets: {len(s.days)} working day(s) logged, "
        f"at least {s.min_days} needed. Log every dial outcome (call, connect, meeting) "
        f"for {s.missing} more working day(s), ideally 1–2 months, then run this again."
    )
