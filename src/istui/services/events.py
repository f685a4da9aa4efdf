"""The events screen's one calculation outside the store: a time of day the rep
types (a forgotten dial) as an aware moment on a given day."""

from __future__ import annotations

import re
from datetime import UTC, date, datetime, time

from istui.i18n import tr
from istui.services.clock import Clock

_HHMM = re.compile(r"^([01]?\d|2[0-3]):([0-5]\d)$")


def moment_at(clock: Clock, day: date, text: str) -> datetime:
    """``text`` (HH:MM) on ``day`` in the clock's zone; raises ValueError naming
    what is wrong: not a time, or later than now.

    A wall time that a daylight-saving change skips gets the offset of the real
    instant it names (as ``istui log --at`` does).
    """
    match = _HHMM.match(text.strip())
    if match is None:
        raise ValueError(tr("{text} is not a time of day (HH:MM)", text=repr(text.strip())))
    now = clock.now()
    zone = getattr(clock, "zone", None) or now.tzinfo
    naive = datetime.combine(day, time(int(match[1]), int(match[2])))
    moment = naive.replace(tzinfo=zone).astimezone(UTC).astimezone(zone)
    if moment > now:
        raise ValueError(tr("{text} is later than now", text=text.strip()))
    return moment
