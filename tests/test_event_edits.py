"""Editing the day's events in the store: change a kind or a note, delete, all by
id and each undoable, with ``undo`` reversing the day's last change whatever it was."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from istui.domain.funnel import MAX_EVENT_NOTE, Event, count_events
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.session import DaySession
from istui.store import Store, StoreError
from istui.store.events import UnknownEvent
from istui.store.layout import CHANGES_TABLE, EVENTS_TABLE, day_relpath

JST = timezone(timedelta(hours=9))
MON = date(2026, 11, 23)


def at(hh: int, mm: int = 0) -> datetime:
    return datetime(2026, 11, 23, hh, mm, tzinfo=JST)


def raw(store: Store) -> dict[str, object]:
    data: dict[str, object] = json.loads((store.root / day_relpath(MON)).read_bytes())
    return data


def test_edit_kind_and_note_keep_id_and_time(store: Store) -> None:
    first, second = store.log("call", 2, at=at(10))
    edited = store.edit_event(MON, second.id, kind="connect", note="折り返し希望")
    assert edited.before == second
    assert edited.after == Event(second.id, second.at, "connect", "折り返し希望")
    assert store.day_events(MON) == [first, edited.after]
    # the events table stays the file's last, so key presses keep appending
    assert list(raw(store))[-1] == EVENTS_TABLE


def test_a_note_is_optional_and_older_records_still_read(store: Store) -> None:
    (plain,) = store.log("call", at=at(10))
    assert "note" not in raw(store)[EVENTS_TABLE]["1"]  # type: ignore[index]
    (noted,) = store.log("call", at=at(10, 5), note="  受付で止まる ")
    assert noted.note == "受付で止まる"
    assert store.day_events(MON) == [plain, noted]


def test_bad_notes_are_refused_and_nothing_is_written(store: Store) -> None:
    (event,) = store.log("call", at=at(10))
    before = (store.root / day_relpath(MON)).read_bytes()
    for bad in ("x" * (MAX_EVENT_NOTE + 1), "two\nlines", "bell\x07"):
        with pytest.raises(ValueError):
            store.edit_event(MON, event.id, note=bad)
        with pytest.raises(ValueError):
            store.log("call", at=at(10), note=bad)
    assert (store.root / day_relpath(MON)).read_bytes() == before


def test_ids_by_unique_prefix_and_unknown_ids(store: Store) -> None:
    (event,) = store.log("call", at=at(10))
    assert store.edit_event(MON, event.id[:6].upper(), kind="meeting").after is not None
    with pytest.raises(UnknownEvent, match="no event"):
        store.edit_event(MON, "nope", kind="call")
    with pytest.raises(UnknownEvent, match="no event"):
        store.delete_event(MON, event.id[:3])  # too short to be a prefix
    with pytest.raises(UnknownEvent):
        store.delete_event(MON + timedelta(days=1), event.id)  # another day


def test_an_unchanged_edit_writes_nothing_and_is_not_an_undo_step(store: Store) -> None:
    (event,) = store.log("call", at=at(10))
    before = (store.root / day_relpath(MON)).read_bytes()
    assert not store.edit_event(MON, event.id, kind="call").changed
    assert (store.root / day_relpath(MON)).read_bytes() == before
    undone = store.undo(MON)
    assert undone is not None and undone.action == "log"


def test_undo_reverses_the_last_change_whatever_it_was(store: Store) -> None:
    a, b, c = store.log("call", 3, at=at(10))
    store.edit_event(MON, a.id, kind="connect")
    store.delete_event(MON, b.id)
    (d,) = store.log("meeting", at=at(11))
    store.edit_event(MON, c.id, note="again")
    steps = []
    while (undone := store.undo(MON)) is not None:
        steps.append((undone.action, undone.event.id))
    assert steps == [
        ("edit", c.id),
        ("log", d.id),
        ("delete", b.id),
        ("edit", a.id),
        ("log", c.id),
        ("log", b.id),
        ("log", a.id),
    ]
    assert store.day_events(MON) == []


def test_a_deleted_event_comes_back_with_its_id_and_place(store: Store) -> None:
    a, b, c = store.log("call", 3, at=at(10))
    store.delete_event(MON, b.id)
    undone = store.undo(MON)
    assert undone is not None and undone.action == "delete" and undone.restored == b
    assert store.day_events(MON) == [a, b, c]


def test_a_log_after_deleting_the_last_event_is_undone_first(store: Store) -> None:
    """The new event takes the deleted one's document key; undo still tells them apart."""
    a, b = store.log("call", 2, at=at(10))
    store.delete_event(MON, b.id)
    (c,) = store.log("connect", at=at(10, 30))
    first, second = store.undo(MON), store.undo(MON)
    assert first is not None and (first.action, first.event) == ("log", c)
    assert second is not None and (second.action, second.restored) == ("delete", b)
    assert store.day_events(MON) == [a, b]


def test_undo_last_still_gives_the_event(store: Store) -> None:
    (a,) = store.log("call", at=at(10))
    edited = store.edit_event(MON, a.id, kind="connect").after
    assert store.undo_last(MON) == edited
    assert store.undo_last(MON) == a
    assert store.undo_last(MON) is None


def test_a_bad_journal_is_one_line_and_nothing_is_written(store: Store) -> None:
    (a,) = store.log("call", at=at(10))
    store.edit_event(MON, a.id, kind="connect")
    path = store.root / day_relpath(MON)
    data = json.loads(path.read_bytes())
    data[CHANGES_TABLE]["1"]["seq"] = "many"
    path.write_text(json.dumps(data))
    before = path.read_bytes()
    with pytest.raises(StoreError, match=CHANGES_TABLE):
        store.undo(MON)
    assert path.read_bytes() == before


def test_edits_are_durable_for_another_store_object(store: Store, tmp_path: Path) -> None:
    (a,) = store.log("call", at=at(10))
    store.edit_event(MON, a.id, note="n")
    other = Store(store.root)
    assert other.day_events(MON)[0].note == "n"
    assert other.undo(MON) is not None
    assert store.day_events(MON)[0].note == ""


# ------------------------------------------------------------------- property

KINDS = ("call", "connect", "meeting", "email")
op = st.one_of(
    st.tuples(st.just("log"), st.sampled_from(KINDS), st.integers(1, 3)),
    st.tuples(st.just("edit"), st.sampled_from(KINDS), st.integers(0, 50)),
    st.tuples(st.just("note"), st.text(alphabet="ab あ", max_size=5), st.integers(0, 50)),
    st.tuples(st.just("delete"), st.none(), st.integers(0, 50)),
    st.tuples(st.just("undo"), st.none(), st.none()),
)


@settings(
    max_examples=100,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(ops=st.lists(op, max_size=25))
def test_any_sequence_keeps_counts_equal_to_events_and_undo_steps_back(
    tmp_path_factory: pytest.TempPathFactory, config: Config, clock: FixedClock, ops: list[Any]
) -> None:
    """Counts read back from disk always equal the counts of the day's events, and
    each undo gives back exactly the day as it was before the change it undoes."""
    store = Store(tmp_path_factory.mktemp("prop") / "db", today=lambda: MON)
    history: list[list[Event]] = []  # the day before each change still undoable
    for name, value, index in ops:
        events = store.day_events(MON)
        if name == "undo":
            undone = store.undo(MON)
            assert (undone is None) == (not history)
            if history:
                assert store.day_events(MON) == history.pop()
        elif name == "log":
            for _ in range(index):
                history.append(events)
                events = [*events, *store.log(str(value), at=at(9 + len(events) % 8))]
        elif events:
            target = events[index % len(events)]
            if name == "delete":
                store.delete_event(MON, target.id)
                history.append(events)
            else:
                edit = {"kind": value} if name == "edit" else {"note": value}
                if store.edit_event(MON, target.id, **edit).changed:
                    history.append(events)
        fresh = Store(store.root)
        on_disk = fresh.day_events(MON)
        assert len({e.id for e in on_disk}) == len(on_disk)
        # what Today shows, from a session that reads the day afresh
        view_counts = {
            line.metric.key: line.count for line in DaySession(config, fresh, clock).view().lines
        }
        assert view_counts == count_events(on_disk, config.metrics)
        by_kind = {k: sum(e.kind == k for e in on_disk) for k in KINDS}
        assert view_counts["call"] == by_kind["call"] + by_kind["connect"] + by_kind["meeting"]
        assert view_counts["meeting"] == by_kind["meeting"]
        assert view_counts["email"] == by_kind["email"]
