"""A stored time read back from its ISO text: the one rule every record uses.

Every time istui writes (an event, a deal step, a form's stamps, a 1on1) is
aware, so a time read back must parse and must carry its UTC offset. Each
reader words its own error (naming its record and field); the rule is here.
"""

from __future__ import annotations

from datetime import datetime


class NaiveTime(ValueError):
    """ISO text of a time without a UTC offset."""


def aware_time(text: str) -> datetime:
    """``text`` as an aware time: ValueError when it is not an ISO time,
    NaiveTime (a ValueError) when it has no UTC offset."""
    moment = datetime.fromisoformat(text)
    if moment.tzinfo is None:
        raise NaiveTime(text)
    return moment
