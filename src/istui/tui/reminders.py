"""Mid-check and reflection reminders on the Today screen.

A reminder is a toast plus a persistent mark in the top bar; it never pushes a
screen or moves focus, so a rep mid-dial keeps pressing c/o/m and every key
still counts.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, datetime, timedelta

from istui.domain.calendar import local_time
from istui.domain.reflection import (
    MidCheck,
    Reflection,
    Slot,
    due_slot,
    midcheck_slots,
    reflection_due,
)
from istui.i18n import tr
from istui.render.forms import midcheck_mark
from istui.services.forms import load_midchecks, load_reflection
from istui.services.session import DaySession
from istui.store import StoreError

#: The reflection reminder is repeated this often until the reflection is done.
REMIND_EVERY = timedelta(minutes=30)
MIDCHECK_MARK = "midcheck"
REFLECTION_MARK = "reflection"


class FormReminders:
    """Keeps a screen's marks in step with the day's mid-checks and reflection."""

    def __init__(
        self,
        session: DaySession,
        marks: dict[str, str],
        notify: Callable[..., object],
        alert: Callable[[str, str], object] | None = None,
    ) -> None:
        self.session = session
        self.marks = marks
        self.notify = notify
        #: Reaches a rep looking at another window (the bell, a desktop
        #: notification) when a check falls due, as the rep chose.
        self.alert = alert
        self.checks: list[MidCheck] = []
        self.reflection: Reflection | None = None
        self._loaded_day: date | None = None
        self._announced: set[str] = set()
        self._reminded_at: datetime | None = None

    def reload(self) -> None:
        day = self.session.day
        try:
            self.checks = load_midchecks(self.session.store, day)
            self.reflection = load_reflection(self.session.store, day)
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        if self._loaded_day != day:
            self._announced.clear()
            self._reminded_at = None
            self._loaded_day = day

    def slots(self) -> list[Slot]:
        config = self.session.config
        now = self.session.clock.now()
        return midcheck_slots(
            config.midchecks,
            self.checks,
            config.hours,
            local_time(now),
            config.calendar.is_working_day(self.session.day),
        )

    def update(self, *, reload: bool = False) -> None:
        """Recompute the marks; toast once when a check falls due, and every
        REMIND_EVERY while the reflection is due."""
        if reload or self._loaded_day != self.session.day:
            self.reload()
        config = self.session.config
        now = self.session.clock.now()
        slots = self.slots()
        marks = self.marks
        mark = midcheck_mark(slots)
        if mark:
            marks[MIDCHECK_MARK] = mark
        else:
            marks.pop(MIDCHECK_MARK, None)
        due = due_slot(slots)
        if due is not None and due.name not in self._announced:
            self._announced.add(due.name)
            message = tr(
                "mid-check {slot} is due: press k when you are between calls", slot=due.name
            )
            self.notify(message, title=tr("mid-check"), timeout=8)
            if self.alert is not None:
                self.alert(tr("istui mid-check"), message)
        done = self.reflection is not None and self.reflection.submitted
        if reflection_due(config.hours, now, self.session.day, config.calendar, done):
            marks.pop(MIDCHECK_MARK, None)  # the day's checks are over; one mark fits
            marks[REFLECTION_MARK] = tr("⚑ reflection due")
            if self._reminded_at is None or now - self._reminded_at >= REMIND_EVERY:
                self._reminded_at = now
                message = tr("the working day is over: press r for the end-of-day reflection")
                self.notify(message, title=tr("reflection"), timeout=8)
                if self.alert is not None:
                    self.alert(tr("istui reflection"), message)
        else:
            marks.pop(REFLECTION_MARK, None)
