"""Builders shared by the weekly-review tests."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

from istui.domain.funnel import Event

JST = timezone(timedelta(hours=9))


def day_outcomes(
    day: date, *, calls: int, connects: int = 0, meetings: int = 0, hour: int = 10
) -> list[Event]:
    """Events for one day whose stage counts are calls/connects/meetings (outcome model)."""
    assert calls >= connects >= meetings
    kinds = (
        ["meeting"] * meetings + ["connect"] * (connects - meetings) + ["call"] * (calls - connects)
    )
    start = datetime.combine(day, time(hour, 0), tzinfo=JST)
    return [
        Event(f"{day.isoformat()}-{i}", start + timedelta(seconds=20 * i), kind)
        for i, kind in enumerate(kinds)
    ]
