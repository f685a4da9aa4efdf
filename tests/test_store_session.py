"""DaySession, the live day behind the Today screen (no Textual): other writers,
the midnight rollover, undo, and the week so far."""

from __future__ import annotations

from datetime import date, datetime, timedelta

from istui.clock import FixedClock
from istui.config import Config
from istui.session import DaySession
from istui.store import Store


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
