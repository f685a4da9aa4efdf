"""Events in the day files: the key-press write path (append, undo) and the reads.

Why one file per day: TinyDB's stock storage rewrites the whole file on every
write, so a single file makes each logged dial cost more as history grows
(~240 ms at a year). A day file stays a few tens of KB whatever the history, so
a write costs the same on day one and in year two; and a key press appends to
the bytes it wrote last (see ``log_seen``) rather than dumping the day again.
A little over 400 lines: the append, the undo journal and the reads are one
write path over one file format.
"""

from __future__ import annotations

import contextlib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, datetime, timedelta
from typing import Any, TypeVar

from istui.domain.edits import Edited, Undone
from istui.domain.funnel import Event, check_note
from istui.i18n import tr
from istui.store.append import new_event_id, spliced
from istui.store.core import DayFile, StoreBase, new_file, os_errors
from istui.store.files import (
    Signature,
    StoreError,
    atomic_write_bytes,
    dump_json,
    parsed,
    read_bytes_signed,
    writes_deferred,
)
from istui.store.layout import CHANGES_TABLE, DAYS, EVENTS_TABLE, day_relpath

_R = TypeVar("_R")

#: Edits and deletes a day's undo journal keeps (the oldest go first); logs
#: need no entry (see ``_undo_step``).
MAX_JOURNAL = 200


class UnknownEvent(LookupError):
    """No event with that id (or id prefix) on that day, or more than one."""


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

    def log(
        self,
        kind: str,
        n: int = 1,
        *,
        at: datetime,
        note: str = "",
        tags: Mapping[str, str] | None = None,
    ) -> list[Event]:
        """Record ``n`` outcomes of ``kind`` at ``at`` (an aware local time), each
        with ``note`` (checked by ``check_note``; empty: none) and ``tags`` (the
        call list, channel and segment it was dialled from)."""
        if n < 1:
            raise ValueError("n must be at least 1")
        if at.tzinfo is None:
            raise ValueError("timestamps must carry their UTC offset")
        return self.log_seen(kind, n, at=at, note=note, tags=tags)[0]

    def log_seen(
        self,
        kind: str,
        n: int = 1,
        *,
        at: datetime,
        seen: DaySnapshot | None = None,
        note: str = "",
        tags: Mapping[str, str] | None = None,
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
        if note:
            note = check_note(note)
        t = tags or {}
        list_, channel, segment = t.get("list", ""), t.get("channel", ""), t.get("segment", "")
        events = [Event(new_event_id(), at, kind, note, list_, channel, segment) for _ in range(n)]
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

    # ------------------------------------------------- edits, deletes, undo
    def undo_seen(self, day: date) -> tuple[Undone | None, DaySnapshot | None]:
        """``undo``, also giving the day as left (see ``log_seen``)."""
        return self._rewrite(day, self._undo_step)

    def undo(self, day: date) -> Undone | None:
        """Undo the day's last change, whatever it was (the rule: ``domain.edits``);
        None when there is nothing to undo."""
        return self.undo_seen(day)[0]

    def undo_last(self, day: date) -> Event | None:
        """``undo``, giving the event the undone change touched (the event removed,
        for a log)."""
        undone = self.undo(day)
        return None if undone is None else undone.event

    def edit_event_seen(
        self, day: date, ref: str, *, kind: str | None = None, note: str | None = None
    ) -> tuple[Edited, DaySnapshot | None]:
        """Change one event's kind and/or note (``ref``: its id or a unique prefix of
        at least 4 characters), keeping its id and time; nothing is written when
        nothing changes. Raises UnknownEvent, or ValueError for a bad note."""
        if note is not None:
            note = check_note(note)

        def change(docs: dict[str, dict[str, Any]], journal: list[dict[str, Any]]) -> Edited:
            key, before = self._find(day, docs, ref)
            after = replace(
                before,
                kind=before.kind if kind is None else kind,
                note=before.note if note is None else note,
            )
            edited = Edited(before, after)
            if edited.changed:
                docs[key] = after.to_record()
                _journal(journal, "edit", key, before, docs)
            return edited

        edited, snapshot = self._rewrite(day, change)
        assert edited is not None
        return edited, snapshot

    def edit_event(
        self, day: date, ref: str, *, kind: str | None = None, note: str | None = None
    ) -> Edited:
        return self.edit_event_seen(day, ref, kind=kind, note=note)[0]

    def delete_event_seen(self, day: date, ref: str) -> tuple[Edited, DaySnapshot | None]:
        """Remove one event (see ``edit_event_seen`` for ``ref``); undoable."""

        def change(docs: dict[str, dict[str, Any]], journal: list[dict[str, Any]]) -> Edited:
            key, before = self._find(day, docs, ref)
            del docs[key]
            _journal(journal, "delete", key, before, docs)
            return Edited(before, None)

        edited, snapshot = self._rewrite(day, change)
        assert edited is not None
        return edited, snapshot

    def delete_event(self, day: date, ref: str) -> Edited:
        return self.delete_event_seen(day, ref)[0]

    def _find(
        self, day: date, docs: Mapping[str, Mapping[str, Any]], ref: str
    ) -> tuple[str, Event]:
        """The document key and event of ``ref`` among ``docs``."""
        ref = ref.strip().lower()
        exact = [k for k, r in docs.items() if r.get("id") == ref]
        keys = exact or (
            [k for k, r in docs.items() if str(r.get("id", "")).startswith(ref)]
            if len(ref) >= 4
            else []
        )
        if not keys:
            raise UnknownEvent(
                tr(
                    "no event {ref} on {day}; `istui events --date {day}` lists them",
                    ref=repr(ref),
                    day=day,
                )
            )
        if len(keys) > 1:
            raise UnknownEvent(
                tr(
                    "{ref} names {count} events on {day}; give more of the id",
                    ref=repr(ref),
                    count=len(keys),
                    day=day,
                )
            )
        return keys[0], self._event(day, docs[keys[0]])

    def _undo_step(
        self, docs: dict[str, dict[str, Any]], journal: list[dict[str, Any]]
    ) -> Undone | None:
        """Reverse the day's last change in ``docs`` and ``journal``.

        Logs are not journaled (a key press writes nothing but its event); each
        journal entry records the day's last event (its document key and id) as
        the edit left it. So the last change is a log when the day's last event
        is not the one the newest entry saw (a later document, or the same key
        reused by an event logged after a delete); otherwise it is that entry.
        """
        top_key, top_id = _top(docs)
        last = journal[-1] if journal else None
        log_is_newer = (
            last is None
            or top_key > last["seq"]
            or (top_key == last["seq"] and top_key > 0 and top_id != last["top"])
        )
        if log_is_newer:
            if not docs:
                return None
            removed = self._event_record(docs.pop(str(top_key)))
            return Undone("log", removed)
        assert last is not None
        journal.pop()
        before = self._event_record(last["before"])
        key = str(last["doc"])
        if last["op"] == "edit":
            held = next((k for k, r in docs.items() if r.get("id") == before.id), None)
            now = self._event_record(docs[held]) if held is not None else before
            docs[held if held is not None else _free_key(docs, key)] = before.to_record()
            return Undone("edit", now, before)
        docs[_free_key(docs, key)] = before.to_record()
        return Undone("delete", before, before)

    def _event_record(self, record: Mapping[str, Any]) -> Event:
        try:
            return Event.from_record(record)
        except ValueError as exc:
            raise StoreError(
                tr("{path}: undo journal: {error}", path=self.root, error=exc)
            ) from None

    def _rewrite(
        self,
        day: date,
        change: Callable[[dict[str, dict[str, Any]], list[dict[str, Any]]], _R | None],
    ) -> tuple[_R | None, DaySnapshot | None]:
        """One read-modify-write of the day's events and undo journal, under the
        lock with a fresh read, written atomically once (nothing when ``change``
        returns None or raises). The events table is written last, so the next
        key press can append to these bytes (see ``_appended``)."""
        relpath = day_relpath(day)
        path = self.root / relpath
        with self._locked(relpath), os_errors(path):
            try:
                raw: bytes | None = read_bytes_signed(path)[0]
            except FileNotFoundError:
                raw = None
            data = self._parsed(path, raw).data if raw is not None else new_file()
            self._events_of(day, data)  # every event readable before anything changes
            docs = {k: dict(v) for k, v in data.get(EVENTS_TABLE, {}).items()}
            journal = _journal_of(path, data.get(CHANGES_TABLE, {}))
            result = change(docs, journal)
            if result is None or (
                docs == data.get(EVENTS_TABLE, {})
                and len(journal) == len(data.get(CHANGES_TABLE, {}))
            ):
                return result, None
            written = {k: v for k, v in data.items() if k not in (EVENTS_TABLE, CHANGES_TABLE)}
            if journal:
                written[CHANGES_TABLE] = {str(i): e for i, e in enumerate(journal, 1)}
            written[EVENTS_TABLE] = dict(sorted(docs.items(), key=lambda item: int(item[0])))
            out = dump_json(written)
            atomic_write_bytes(path, out)
            after = None if writes_deferred() else self.signature(relpath)
            events = self._events_of(day, written)
            # an edit, a delete or an undo moves the status line as a log does
            self._status_written(relpath, written, events)
        file = DayFile(out, written, canonical=True)
        return result, DaySnapshot(day, after, events, file)

    def _event(self, day: date, record: Mapping[str, Any]) -> Event:
        return parsed(Event.from_record, record, self.root / day_relpath(day))

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


def _top(docs: Mapping[str, Mapping[str, Any]]) -> tuple[int, str]:
    """The day's last event: its document key (0: none) and its id."""
    key = max(map(int, docs), default=0)
    return key, (str(docs[str(key)].get("id", "")) if key else "")


def _free_key(docs: Mapping[str, Any], key: str) -> str:
    """``key`` when no event holds it, else one past the last."""
    return key if key not in docs else str(_top(docs)[0] + 1)


def _journal(
    journal: list[dict[str, Any]], op: str, key: str, before: Event, docs: Mapping[str, Any]
) -> None:
    """Add an entry for an edit or delete of document ``key`` (see ``_undo_step``)."""
    seq, top = _top(docs)
    journal.append(
        {"op": op, "doc": int(key), "before": before.to_record(), "seq": seq, "top": top}
    )
    del journal[:-MAX_JOURNAL]


def _journal_of(path: Any, table: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The day's undo journal, oldest first, each entry checked (the file is untrusted)."""
    entries = []
    for key in sorted(table, key=int):
        entry = table[key]
        ok = (
            entry.get("op") in ("edit", "delete")
            and isinstance(entry.get("doc"), int)
            and not isinstance(entry.get("doc"), bool)
            and entry["doc"] > 0
            and isinstance(entry.get("seq"), int)
            and not isinstance(entry.get("seq"), bool)
            and isinstance(entry.get("top"), str)
            and isinstance(entry.get("before"), dict)
        )
        if not ok:
            raise StoreError(
                tr(
                    "{path}: table {table} has a bad entry {key}",
                    path=path,
                    table=CHANGES_TABLE,
                    key=repr(key),
                )
            )
        entries.append(dict(entry))
    return entries


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
