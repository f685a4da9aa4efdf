"""DaySession, the live day behind the Today screen (no Textual): other writers,
the midnight rollover, undo, and the week so far."""

from __future__ import annotations

import copy
import json
import os
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.session import DaySession
from istui.store import Store, StoreError
from istui.store.core import DayFile, new_file
from istui.store.events import _appended
from istui.store.files import dump_json
from istui.store.layout import day_relpath


def counts(session: DaySession) -> dict[str, int]:
    return {line.metric.key: line.count for line in session.view().lines}


def test_log_and_undo_update_the_view(config: Config, store: Store, clock: FixedClock) -> None:
    session = DaySession(config, store, clock)
    for kind in ["call"] * 5 + ["connect"] * 2 + ["meeting"]:
        session.log(kind)
    assert counts(session) == {"call": 8, "connect": 3, "meeting": 1, "email": 0}
    undone = session.undo()
    assert undone is not None and undone.kind == "meeting"
    assert counts(session) == {"call": 7, "connect": 2, "meeting": 0, "email": 0}
    for _ in range(10):
        session.undo()
    assert session.undo() is None
    assert all(v == 0 for v in counts(session).values())


def test_poll_notices_a_write_by_another_process(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    assert session.poll() is False
    other = Store(store.root, today=lambda: clock.now().date())  # e.g. `istui log` in a shell
    other.log("meeting", at=clock.now())
    assert session.poll() is True
    assert counts(session)["meeting"] == 1
    assert session.poll() is False
    other.undo_last(clock.now().date())
    assert session.poll() is True
    assert counts(session)["meeting"] == 0


def test_midnight_rollover_starts_a_new_day_and_keeps_yesterday(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    session.log("call")
    session.log("connect")
    monday = session.day
    clock.set(datetime.combine(monday + timedelta(days=1), datetime.min.time(), clock.now().tzinfo))
    clock.advance(seconds=1)
    assert session.poll() is True
    assert session.day == monday + timedelta(days=1)
    assert all(v == 0 for v in counts(session).values())
    assert session.view().day == monday + timedelta(days=1)
    assert len(store.day_events(monday)) == 2
    # Undo after midnight never reaches into yesterday.
    assert session.undo() is None
    assert len(store.day_events(monday)) == 2


def test_logging_after_midnight_without_a_poll_goes_to_the_new_day(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    session.log("call")
    clock.advance(hours=14)  # 00:30 Tuesday
    event = session.log("call")
    assert event.day == date(2026, 11, 24)
    assert session.day == date(2026, 11, 24)
    assert counts(session)["call"] == 1


def test_week_so_far_judges_each_day_against_its_target(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.advance(days=2)  # Wednesday 2026-11-25
    store.log("call", 3, at=clock.now() - timedelta(days=2))
    store.log("meeting", at=clock.now() - timedelta(days=1))
    store.sync_config_targets(dict(config.targets, call=120), clock.now().date())
    session = DaySession(config, store, clock)
    session.log("call")
    week = session.week_so_far()
    assert [t.day for t in week] == [date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 25)]
    assert [t.counts["call"] for t in week] == [3, 1, 1]
    assert [t.targets["call"] for t in week] == [100, 100, 120]
    assert week[1].counts["meeting"] == 1


def test_a_key_press_sees_a_write_made_since_the_last_poll(
    config: Config, store: Store, clock: FixedClock
) -> None:
    # The session keeps the day as it wrote it and does not read the file back;
    # a write by another process between two key presses must still be counted.
    session = DaySession(config, store, clock)
    session.log("call")
    other = Store(store.root, today=lambda: clock.now().date())
    other.log("meeting", at=clock.now())
    session.log("connect")  # no poll in between that could have caught it
    assert [e.kind for e in session.events] == ["call", "meeting", "connect"]
    assert session.events == store.day_events(clock.now().date())
    assert counts(session) == {"call": 3, "connect": 2, "meeting": 1, "email": 0}


def test_the_session_keeps_exactly_what_is_on_disk(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    for kind in ["call", "connect", "call", "meeting"]:
        session.log(kind)
        assert session.events == store.day_events(clock.now().date())
        assert session.poll() is False  # its own write is not news
    session.undo()
    assert session.events == store.day_events(clock.now().date())
    assert session.poll() is False


def test_targets_changed_by_another_process_show_at_the_next_poll(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    assert session.targets["call"] == 100
    other = Store(store.root, today=lambda: clock.now().date())
    other.set_targets(clock.now().date(), {"call": 120})
    assert session.poll() is True
    assert session.targets["call"] == 120


def test_todays_week_row_from_the_view_matches_the_events(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    for kind in ["call", "connect", "meeting", "email", "call"]:
        session.log(kind)
    from_events = session.week_so_far()[-1]
    from_view = session.week_so_far(session.view())[-1]
    assert from_view == from_events
    assert from_view.counts == {"call": 4, "connect": 2, "meeting": 1, "email": 1}


# ------------------------------------------------ the key-press write path
# A key press re-reads today's file under the lock but parses it only when its
# bytes differ from the ones the session last wrote or read, and appends the new
# event to those bytes instead of dumping the whole day again. These tests hold
# that shortcut to the plain read-parse-dump it replaces.


def day_file(store: Store, clock: FixedClock) -> Path:
    """Today's day file in ``store``."""
    return store.root / day_relpath(clock.now().date())


def is_plain_dump(raw: bytes) -> bool:
    """Whether ``raw`` is exactly what dump_json gives for what it holds."""
    return raw == dump_json(json.loads(raw))


def test_a_rewrite_with_the_same_size_and_mtime_is_still_counted(
    config: Config, store: Store, clock: FixedClock
) -> None:
    # A signature (mtime, size, inode) can repeat within one clock tick; the
    # write path compares bytes, so a same-size rewrite it did not make is seen.
    session = DaySession(config, store, clock)
    session.log("call")
    session.log("call")
    path = day_file(store, clock)
    before = path.stat()
    forged = path.read_bytes().replace(b'"kind":"call"', b'"kind":"mtg0"', 1)
    assert len(forged) == before.st_size
    path.write_bytes(forged.replace(b"mtg0", b"xxxx"))
    os.utime(path, ns=(before.st_atime_ns, before.st_mtime_ns))
    session.log("connect")
    kinds = [e.kind for e in store.day_events(clock.now().date())]
    assert kinds == ["xxxx", "call", "connect"]
    assert session.events == store.day_events(clock.now().date())


def test_the_bytes_written_are_the_plain_dump_of_the_day(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    path = day_file(store, clock)
    for kind in ["call", "connect", "email", "meeting", "call"]:
        session.log(kind)
        assert is_plain_dump(path.read_bytes())
    session.undo()
    session.log("call")
    assert [e.kind for e in session.events] == ["call", "connect", "email", "meeting", "call"]
    assert session.events == store.day_events(clock.now().date())


def test_a_day_file_formatted_by_another_tool_is_parsed_and_rewritten(
    config: Config, store: Store, clock: FixedClock
) -> None:
    # An indented file (a rep who pretty-printed it, a restore from elsewhere):
    # its bytes cannot take a splice, so the day is dumped whole once.
    session = DaySession(config, store, clock)
    session.log("call")
    path = day_file(store, clock)
    path.write_text(json.dumps(json.loads(path.read_bytes()), indent=2) + "\n")
    session.poll()
    session.log("connect")
    session.log("meeting")
    assert json.loads(path.read_bytes())["events"].keys() == {"1", "2", "3"}
    assert [e.kind for e in store.day_events(clock.now().date())] == [
        "call",
        "connect",
        "meeting",
    ]


def test_a_backfill_to_another_day_keeps_the_live_day(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    session.log("call")
    yesterday = clock.now() - timedelta(days=1)
    (event,), snapshot = store.log_seen("connect", at=yesterday, seen=session._day)
    assert snapshot is not None and snapshot.day == yesterday.date()
    assert snapshot.events == (event,)
    assert [e.kind for e in session.events] == ["call"]
    assert session.poll() is False


def test_a_foreign_day_file_is_refused_and_left_as_it_was(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    session.log("call")
    path = day_file(store, clock)
    path.write_bytes(b'{"events": {"x": 1}}')
    with pytest.raises(StoreError, match=r"2026-11-23\.json: table events has a bad document"):
        session.log("call")
    assert path.read_bytes() == b'{"events": {"x": 1}}'


_RECORDS = st.lists(
    st.fixed_dictionaries(
        {"id": st.text(min_size=1, max_size=8), "kind": st.sampled_from(["call", "電話", 'x"y'])}
    ),
    min_size=1,
    max_size=3,
)


@given(
    batches=st.lists(_RECORDS, max_size=6),
    start=st.sampled_from(["none", "empty", "gapped", "later-table"]),
)
def test_appending_gives_the_same_bytes_as_dumping(
    batches: list[list[dict[str, str]]], start: str
) -> None:
    file: DayFile | None = None
    ids: list[int] = []
    if start != "none":
        data: dict[str, Any] = {**new_file(), "events": {}}
        if start == "gapped":  # ids as an undo, then a hand edit, can leave them
            data["events"] = {"1": {"id": "a", "kind": "call"}, "7": {"id": "b", "kind": "call"}}
            ids = [1, 7]
        if start == "later-table":  # a table after "events": no splice, a dump
            data["notes"] = {"1": {"text": "メモ"}}
        file = DayFile(dump_json(data), data, canonical=True)
    for records in batches:
        before = copy.deepcopy(file.data) if file is not None else None
        appended = _appended(file, "events", records)
        if file is not None:
            assert file.data == before  # the snapshot it came from is left alone
        file = appended
        assert file.raw == dump_json(file.data)
        assert json.loads(file.raw) == file.data
        ids += range(max(ids, default=0) + 1, max(ids, default=0) + 1 + len(records))
        assert [int(k) for k in file.data["events"]] == ids  # TinyDB's ids: one past the largest


def test_bytes_in_another_format_found_under_the_lock_are_dumped_whole(
    config: Config, store: Store, clock: FixedClock
) -> None:
    # No poll between the rewrite and the writes: the re-read under the lock is
    # what finds the foreign bytes (with a trailing newline, which a splice
    # before the last two bytes would turn into broken JSON).
    session = DaySession(config, store, clock)
    session.log("call")
    path = day_file(store, clock)
    pretty = json.dumps(json.loads(path.read_bytes()), indent=2, ensure_ascii=False) + "\n"
    path.write_text(pretty, encoding="utf-8")
    store.log("connect", at=clock.now())  # as `istui log` writes
    assert is_plain_dump(path.read_bytes())
    path.write_text(pretty, encoding="utf-8")
    _, snapshot = store.log_seen("meeting", at=clock.now(), seen=session._day)
    raw = path.read_bytes()
    assert is_plain_dump(raw)
    assert snapshot is not None and snapshot.file is not None and snapshot.file.raw == raw
    assert [e.kind for e in snapshot.events] == ["call", "meeting"]


def test_a_bad_event_found_under_the_lock_stops_the_write(
    config: Config, store: Store, clock: FixedClock
) -> None:
    # Refused before writing, not after: a rep told "not logged" who presses the
    # key again must not have logged the dial twice.
    session = DaySession(config, store, clock)
    session.log("call")
    path = day_file(store, clock)
    data = json.loads(path.read_bytes())
    data["events"]["1"]["at"] = "2026-02-30T10:00:00+09:00"
    path.write_bytes(dump_json(data))
    for write in (
        lambda: store.log_seen("call", at=clock.now(), seen=session._day),
        lambda: store.log("call", at=clock.now()),
    ):
        with pytest.raises(StoreError, match=r"2026-11-23\.json: .*impossible timestamp"):
            write()
        assert path.read_bytes() == dump_json(data)


def test_the_key_after_an_undo_appends_to_the_undos_bytes(
    config: Config, store: Store, clock: FixedClock
) -> None:
    session = DaySession(config, store, clock)
    for kind in ["call", "connect", "call"]:
        session.log(kind)
    session.undo()
    path = day_file(store, clock)
    assert session._day.file is not None and session._day.file.raw == path.read_bytes()
    session.log("meeting")
    assert [e.kind for e in session.events] == ["call", "connect", "meeting"]
    assert session.events == store.day_events(clock.now().date())
    assert is_plain_dump(path.read_bytes())
