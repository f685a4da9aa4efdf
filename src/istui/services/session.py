"""The live day behind the Today screen, kept outside Textual.

It owns the cache of today's events and notices writes by other processes
(`istui log` from a shell, a dialer hook) by a cheap stat of today's file, so
the screen only asks for a fresh DayView. A key press costs one locked
read-modify-write of today's file and nothing more: the cache is updated from
what that write wrote, and the targets are re-read only when their file changed.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from istui.domain.edits import Edited, Undone
from istui.domain.funnel import Event
from istui.domain.lists import CallList
from istui.domain.targets import TargetVersion, targets_in_force
from istui.domain.today import DayView, build_day_view
from istui.domain.totals import DayTotals, daily_totals
from istui.services.clock import Clock
from istui.services.config import Config
from istui.services.context import Context
from istui.services.lists import current_call_list, switch_list, tags_of
from istui.store import Store
from istui.store.events import DaySnapshot
from istui.store.files import Signature


class DaySession:
    def __init__(self, config: Config, store: Store, clock: Clock) -> None:
        self.config = config
        self.store = store
        self.clock = clock
        #: The same three as the one context type the forms and use cases take.
        self.context = Context(config, store, clock)
        self.day: date = clock.now().date()
        self._day: DaySnapshot = DaySnapshot(self.day, None, ())
        self._events: list[Event] = []
        self._versions: list[TargetVersion] = []
        self._targets_signature: Signature | None = None
        #: The past days of this week as last totalled, keyed by their files'
        #: signatures: a key press re-reads none of them unless one changed.
        self._week_key: tuple[object, ...] | None = None
        self._week_past: list[DayTotals] = []
        #: The call list being dialled: every dial logged here carries it.
        self.call_list: CallList | None = None
        self.reload()

    def reload(self) -> None:
        """Read today's file and the targets afresh."""
        self._set_day(self.store.day_snapshot(self.day))
        self._versions, self._targets_signature = self.store.target_versions_signed()
        self.call_list = current_call_list(self.context)

    def switch_list(self, name: str) -> CallList | None:
        """Dial from list ``name`` from now on ("": no list)."""
        self.call_list = switch_list(self.context, name)
        return self.call_list

    def _set_day(self, snapshot: DaySnapshot) -> None:
        self._day = snapshot
        self._events = list(snapshot.events)

    def poll(self) -> bool:
        """Catch up with the clock and with other writers; True when something changed."""
        today = self.clock.now().date()
        if today != self.day:
            self.day = today
            self.reload()
            return True
        changed = False
        if self.store.day_signature(self.day) != self._day.signature:
            self._set_day(self.store.day_snapshot(self.day))
            changed = True
        if self.store.targets_signature() != self._targets_signature:
            self._versions, self._targets_signature = self.store.target_versions_signed()
            changed = True
        return changed

    @property
    def events(self) -> list[Event]:
        return list(self._events)

    @property
    def last_event(self) -> Event | None:
        """Today's most recently logged event (what `u` would undo)."""
        return self._events[-1] if self._events else None

    @property
    def targets(self) -> dict[str, int]:
        return targets_in_force(self._versions, self.day, self.config.calendar)

    def view(self) -> DayView:
        c = self.config
        return build_day_view(
            self._events, c.metrics, self.targets, c.hours, c.calendar, self.day, self.clock.now()
        )

    def log(self, kind: str) -> Event:
        """Log one outcome now; the cache is what the write wrote (not read back)."""
        self.poll()
        (event,), snapshot = self.store.log_seen(
            kind, 1, at=self.clock.now(), seen=self._day, tags=tags_of(self.call_list)
        )
        self._after_write(snapshot)
        return event

    def undo(self) -> Event | None:
        """Undo today's last change; the event it touched (see ``undo_change``)."""
        undone = self.undo_change()
        return None if undone is None else undone.event

    def undo_change(self) -> Undone | None:
        """Undo today's last change, a log, an edit or a delete (``domain.edits``)."""
        self.poll()
        undone, snapshot = self.store.undo_seen(self.day)
        self._after_write(snapshot)
        return undone

    def log_at(self, kind: str, at: datetime, note: str = "") -> Event:
        """Log one outcome at ``at`` (a forgotten dial), with an optional note."""
        self.poll()
        (event,), snapshot = self.store.log_seen(
            kind, 1, at=at, seen=self._day, note=note, tags=tags_of(self.call_list)
        )
        self._after_write(snapshot)
        return event

    def edit(
        self, day: date, event_id: str, *, kind: str | None = None, note: str | None = None
    ) -> Edited:
        """Change one event of ``day`` (its kind, its note), keeping its id."""
        self.poll()
        edited, snapshot = self.store.edit_event_seen(day, event_id, kind=kind, note=note)
        self._after_write(snapshot)
        return edited

    def delete(self, day: date, event_id: str) -> Edited:
        """Delete one event of ``day`` (undoable)."""
        self.poll()
        edited, snapshot = self.store.delete_event_seen(day, event_id)
        self._after_write(snapshot)
        return edited

    def day_events(self, day: date) -> list[Event]:
        """``day``'s events in logging order (today's from the cache)."""
        if day == self.day:
            self.poll()
            return self.events
        return list(self.store.day_snapshot(day).events)

    def _after_write(self, snapshot: DaySnapshot | None) -> None:
        if snapshot is not None and snapshot.day == self.day:
            self._set_day(snapshot)
        else:  # the clock crossed midnight between poll and write
            self.poll()

    def week_so_far(self, view: DayView | None = None) -> list[DayTotals]:
        """Monday to today, each day against its own target.

        Earlier days are re-read only when one of their files (or the targets)
        changed, so logging a dial on a Friday costs a few stats, not four reads.
        Today's row is taken from ``view`` (today's, already computed) when given,
        so a key press does not count the day's events twice.
        """
        monday = self.day - timedelta(days=self.day.weekday())
        past = [monday + timedelta(days=i) for i in range(self.day.weekday())]
        key = (
            self.day,
            self.store.targets_signature(),
            *(self.store.day_signature(d) for d in past),
        )
        metrics, calendar = self.config.metrics, self.config.calendar
        if key != self._week_key:
            events = self.store.events_between(past[0], past[-1]) if past else []
            self._week_past = daily_totals(events, past, metrics, self._versions, calendar)
            self._week_key = key
        if view is not None and view.day == self.day:
            today = DayTotals(
                day=self.day,
                counts={line.metric.key: line.count for line in view.lines},
                targets={line.metric.key: line.target for line in view.lines},
                working=calendar.is_working_day(self.day),
            )
            return [*self._week_past, today]
        return [
            *self._week_past,
            *daily_totals(self._events, [self.day], metrics, self._versions, calendar),
        ]
