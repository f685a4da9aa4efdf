"""The clock, injected everywhere so no test depends on the wall clock.

``ISTUI_NOW`` (an ISO 8601 time with offset) freezes the clock for scripts,
demos and tests that run istui in a subprocess; ``ISTUI_TZ`` names the zone.
"""

from __future__ import annotations

import os
from datetime import UTC, datetime, timedelta, tzinfo
from typing import Protocol

from istui.i18n import tr


class Clock(Protocol):
    def now(self) -> datetime:
        """The current moment as an aware local datetime."""
        ...


class SystemClock:
    def __init__(self, zone: tzinfo | None = None) -> None:
        self.zone = zone

    def now(self) -> datetime:
        if self.zone is not None:
            return datetime.now(self.zone)
        return datetime.now().astimezone()


class FixedClock:
    """A clock that stands still until moved: for tests and frozen demos."""

    def __init__(self, moment: datetime, zone: tzinfo | None = None) -> None:
        if moment.tzinfo is None:
            raise ValueError("FixedClock needs an aware datetime")
        self.zone = zone
        self.moment = moment

    def now(self) -> datetime:
        return self.moment.astimezone(self.zone) if self.zone else self.moment

    def set(self, moment: datetime) -> None:
        self.moment = moment

    def advance(self, **kwargs: float) -> None:
        """Move on by real elapsed time. Aware arithmetic in a ZoneInfo zone is
        wall-clock arithmetic, which skips the repeated hour of a DST fall-back;
        going through UTC keeps every minute."""
        zone = self.moment.tzinfo
        self.moment = (self.moment.astimezone(UTC) + timedelta(**kwargs)).astimezone(zone)


class ShiftedClock:
    """Another clock moved by a fixed offset: it keeps ticking, at another time.

    The demo uses it so that a newcomer always sees a working day in progress,
    whatever the hour they try it.
    """

    def __init__(self, base: Clock, offset: timedelta) -> None:
        self.base = base
        self.offset = offset

    def now(self) -> datetime:
        return self.base.now() + self.offset


def clock_from_env() -> Clock:
    """The clock the environment asks for; ValueError with one clear line when
    ISTUI_TZ or ISTUI_NOW cannot be understood."""
    zone: tzinfo | None = None
    zone_name = os.environ.get("ISTUI_TZ")
    if zone_name:
        from zoneinfo import ZoneInfo

        try:
            zone = ZoneInfo(zone_name)
        except (KeyError, ValueError, OSError):  # ZoneInfoNotFoundError is a KeyError
            raise ValueError(
                tr("ISTUI_TZ: {zone} is not a time zone", zone=repr(zone_name))
            ) from None
    frozen = os.environ.get("ISTUI_NOW")
    if frozen:
        try:
            moment = datetime.fromisoformat(frozen)
        except ValueError:
            raise ValueError(
                tr(
                    "ISTUI_NOW: {value} is not a date and time (e.g. 2026-11-23T10:30:00+09:00)",
                    value=repr(frozen),
                )
            ) from None
        if moment.tzinfo is None:
            moment = moment.replace(tzinfo=zone) if zone else moment.astimezone()
        return FixedClock(moment, zone)
    return SystemClock(zone)
