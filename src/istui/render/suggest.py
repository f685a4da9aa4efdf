"""The suggested targets' words: what they are based on, and what to collect first."""

from __future__ import annotations

from istui.domain.suggest import Suggestions
from istui.i18n import tr, trn
from istui.render import dates


def suggest_basis(s: Suggestions) -> str:
    """The working days the suggestion rests on ("based on 20 working days, …")."""
    n = len(s.days)
    if not n:
        return tr("no working day with logged activity yet")
    fields = {
        "n": n,
        "asked": s.days_asked,
        "first": dates.iso_or_full(s.days[0]),
        "last": dates.iso_or_full(s.days[-1]),
    }
    if n >= s.days_asked:
        return trn(
            "based on {n} working day, {first} to {last}",
            "based on {n} working days, {first} to {last}",
            n,
            **fields,
        )
    return trn(
        "based on {n} working day (asked for {asked}), {first} to {last}",
        "based on {n} working days (asked for {asked}), {first} to {last}",
        n,
        **fields,
    )


def suggest_advice(s: Suggestions) -> str:
    """What to collect first when there is too little history."""
    return tr(
        "too little history to suggest targets: {logged} working day(s) logged, "
        "at least {needed} needed. Log every dial outcome (call, connect, meeting) "
        "for {missing} more working day(s), ideally 1–2 months, then run this again.",
        logged=len(s.days),
        needed=s.min_days,
        missing=s.missing,
    )
