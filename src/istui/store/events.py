"""Events in the day files: the key-press write path (append, undo) and the reads.

Why one file per day: TinyDB's stock storage rewrites the whole file on every
write, so a single file makes each logged dial cost more as history grows
(~240 ms at a year). A day file stays a few tens of KB whatever the history, so
a write costs the same on day one and in year two; and a key press appends to
the bytes it wrote last (see ``log_seen``) rather than dumping the day again.
"""

from __future__ import annotations

import contextlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import date, datetime, timedelta
from typing import Any

from istui.domain.funnel import Event
from istui.store.append import new_event_id, spliced
from istui.store.core import DayFile, StoreBase, new_file, os_errors
from istui.store.files import (
    Signature,
    StoreError,
    atomic_write_bytes,
    dump_json,
    read_bytes_signed,
    writes_deferred,
)
from istui.store.layout import DAYS, EVENTS_TABLE, day_relpath
from istui.store.tables import Tables


@dataclass(frozen=True)
class DaySnapshot:
    """A day's events exactly as in the file with ``signature`` (None: no file).

    The live day keeps one, so a write can tell from the signature it finds
    under the lock whether anyone else wrote the day since, and only then parse
    the whole day again.
    """

    day: date
    signature: Signature | None
    events: tuple[Event, ...]
    #: The file these events came from (None: not kept, or no file).
    file: DayFile | None = field(default=None, repr=False, compare=False)


class EventsMixin(StoreBase):
    """The store's events: logging, undoing and reading them by day."""

    def log(self, kind: str, n: int = 1, *, at: datetime) -> list[Event]:
        """Record ``n`` outcomes of ``kind`` at ``at`` (an aware local time)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        if at.tzinfo is None:
            raise ValueError("timestamps must carry their UTC offset")
        return self.log_seen(kind, n, at=at)[0]

    def log_seen(
        self, kind: str, n: int = 1, *, at: datetime, seen: DaySnapshot | None = None
    ) -> tuple[list[Event], DaySnapshot | None]:
        """``log``, also giving the day's events as just written, for a caller that
        keeps the day (``seen``; None: no snapshot wanted, or none could be made).

        The file is re-read under the lock on every write; when its bytes are the
        very ones ``seen`` holds, they are not parsed again, and the new events are
        appended to them rather than the whole day dumped again, so a key press
        costs about the same at the first dial of the day and the three-hundredth.
        """
        if n < 1:
            raise ValueError("n must be at least 1")
        if at.tzinfo is None:
            raise ValueError("timestamps must carry their UTC offset")
        events = [Event(new_event_id(), at, kind) for _ in range(n)]
        day = at.date()
        if writes_deferred():  # a batch: the file on disk is not the one to compare
            with self.transaction(day_relpath(day)) as db:
                db.table(EVENTS_TABLE).insert_multiple([e.to_record() for e in events])
            return events, None
        if seen is not None and seen.day != day:  # a backfill: the snapshot is of another day
            seen = DaySnapshot(day, None, ())
        return events, self._append_events(day, events, seen)

    def _append_events(
        self, day: date, events: list[Event], seen: DaySnapshot | None
    ) -> DaySnapshot | None:
        """Append ``events`` to the day's file; the day as written when ``seen``
        is given (None: the caller keeps no snapshot)."""
        relpath = day_relpath(day)
        path = self.root / relpath
        known = seen.file if seen is not None else None
        with self._locked(relpath), os_errors(path):
            try:
                raw: bytes | None = read_bytes_signed(path)[0]
            except FileNotFoundError:
                raw = None
            found: DayFile | None = None
            held: tuple[Event, ...] = ()
            if known is not None and seen is not None and raw == known.raw:
                found, held = known, seen.events
            elif raw is not None:
                found = self._parsed(path, raw)
                # Every event of the day is read before anything is written: a bad
                # record stops the write here, instead of failing after it (when a
                # rep, told "not logged", would log the dial twice).
                held = self._events_of(day, found.data)
            written = _appended(found, EVENTS_TABLE, [e.to_record() for e in events])
            atomic_write_bytes(path, written.raw)
            after = self.signature(relpath)  # still under the lock
            self._status_written(relpath, written.data, (*held, *events))
        if seen is None:
            return None
        return DaySnapshot(day, after, (*held, *events), written)

    def _events_of(self, day: date, data: Mapping[str, Any] | None) -> tuple[Event, ...]:
        """The day's events in logging order (TinyDB id order)."""
        table = (data or {}).get(EVENTS_TABLE, {})
        ordered = sorted(table.items(), key=lambda item: int(item[0]))
        return tuple(self._event(day, r) for _, r in ordered)

    def day_snapshot(self, day: date) -> DaySnapshot:
        """The day's events with the signature of the file they were read from."""
        file, sig = self._read_file(self.root / day_relpath(day))
        if file is None:
            return DaySnapshot(day, None, ())
        return DaySnapshot(day, sig, self._events_of(day, file.data), file)

    def undo_seen(self, day: date) -> tuple[Event | None, DaySnapshot | None]:
        """``undo_last``, also giving the day as left (see ``log_seen``)."""
        with self._transaction(day_relpath(day)) as (db, written):
            event = self._undo_in(db, day)
        if written.after is None:
            return event, None
        # The bytes just written travel with the snapshot, so the next key press
        # after an undo appends to them too (None when there was nothing to undo).
        file = None
        if written.raw is not None and written.data is not None:
            file = DayFile(written.raw, written.data, canonical=True)
        return event, DaySnapshot(day, written.after, self._events_of(day, written.data), file)

    def undo_last(self, day: date) -> Event | None:
        """Remove the last event logged on ``day`` (last in logging order)."""
        with self.transaction(day_relpath(day)) as db:
            return self._undo_in(db, day)

    def _undo_in(self, db: Tables, day: date) -> Event | None:
        table = db.table(EVENTS_TABLE)
        docs = table.all()
        if not docs:
            return None
        last = max(docs, key=lambda d: d.doc_id)
        table.remove(doc_ids=[last.doc_id])
        return self._event(day, last)

    def _event(self, day: date, record: Mapping[str, Any]) -> Event:
        try:
            return Event.from_record(record)
        except ValueError as exc:
            raise StoreError(f"{self.root / day_relpath(day)}: {exc}") from None

    def day_events(self, day: date) -> list[Event]:
        return [self._event(day, r) for r in self.read_table(day_relpath(day), EVENTS_TABLE)]

    def events_between(self, start: date, end: date) -> list[Event]:
        """Events of the days from start to end inclusive; reads only those days' files."""
        events: list[Event] = []
        day = start
        while day <= end:
            events.extend(self.day_events(day))
            day += timedelta(days=1)
        return events

    def days_with_data(self) -> list[date]:
        days = []
        for path in sorted((self.root / DAYS).glob("*/*.json")):
            with contextlib.suppress(ValueError):
                days.append(date.fromisoformat(path.stem))
        return days


def _appended(file: DayFile | None, table: str, records: list[dict[str, Any]]) -> DayFile:
    """``file`` with ``records`` added to ``table`` under TinyDB's ids (one past
    the largest), as a new DayFile; ``file`` is left as it was.

    When the file's bytes are our own dump and ``table`` is its last table, the
    records are spliced in before the closing braces: the very bytes
    ``dump_json`` would give, without serialising the whole day again.
    """
    data = dict(file.data) if file is not None else new_file()
    docs = dict(data.get(table, {}))
    first = max(map(int, docs), default=0) + 1
    added = {str(first + i): record for i, record in enumerate(records)}
    docs.update(added)
    data[table] = docs
    if (
        file is not None
        and file.canonical
        and table in file.data
        and next(reversed(file.data)) == table
    ):
        raw = spliced(file.raw, bool(file.data[table]), added)
    else:
        raw = dump_json(data)
    return DayFile(raw, data, canonical=True)
