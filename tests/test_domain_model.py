"""The outcome model: an event's kind is the deepest funnel stage it reached."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain_fixtures import BASIC, JST, WITH_CONTACT, events_of
from istui.domain.funnel import Event, count_events, count_kinds


def test_five_calls_two_connects_one_meeting_read_8_3_1() -> None:
    counts = count_events(events_of(["call"] * 5 + ["connect"] * 2 + ["meeting"]), BASIC)
    assert counts == {"call": 8, "connect": 3, "meeting": 1, "email": 0}


def test_order_of_logging_does_not_matter() -> None:
    kinds = ["meeting", "call", "connect", "call", "call", "connect", "call", "call"]
    assert count_events(events_of(kinds), BASIC) == {
        "call": 8,
        "connect": 3,
        "meeting": 1,
        "email": 0,
    }


def test_no_events_gives_zero_for_every_known_metric() -> None:
    assert count_events([], WITH_CONTACT) == {
        "call": 0,
        "connect": 0,
        "contact": 0,
        "meeting": 0,
        "email": 0,
    }


def test_optional_contact_stage_sits_between_connect_and_meeting() -> None:
    kinds = ["call"] * 4 + ["connect"] * 3 + ["contact"] * 2 + ["meeting"]
    counts = count_events(events_of(kinds), WITH_CONTACT)
    assert counts == {"call": 10, "connect": 6, "contact": 3, "meeting": 1, "email": 0}


def test_stages_counted_follow_the_funnel() -> None:
    assert WITH_CONTACT.stages_counted("call") == ("call",)
    assert WITH_CONTACT.stages_counted("contact") == ("call", "connect", "contact")
    assert WITH_CONTACT.stages_counted("meeting") == ("call", "connect", "contact", "meeting")
    assert BASIC.stages_counted("meeting") == ("call", "connect", "meeting")


def test_counters_stand_alone_outside_the_funnel() -> None:
    counts = count_events(events_of(["email"] * 3 + ["call"]), BASIC)
    assert counts == {"call": 1, "connect": 0, "meeting": 0, "email": 3}
    assert BASIC.stages_counted("email") == ("email",)


def test_unknown_kinds_are_kept_under_their_own_key() -> None:
    # An event merged from a rep whose config has a "contact" stage or an
    # "sms" counter still counts for itself and adds nothing else.
    counts = count_events(events_of(["contact", "sms", "sms", "call"]), BASIC)
    assert counts == {"call": 1, "connect": 0, "meeting": 0, "email": 0, "contact": 1, "sms": 2}


def test_count_kinds_matches_count_events() -> None:
    kinds = ["call"] * 5 + ["connect"] * 2 + ["meeting", "email", "sms"]
    by_kind: dict[str, int] = {}
    for k in kinds:
        by_kind[k] = by_kind.get(k, 0) + 1
    assert count_kinds(by_kind, BASIC) == count_events(events_of(kinds), BASIC)


def test_metric_set_lookup() -> None:
    assert BASIC.keys == ("call", "connect", "meeting", "email")
    assert [m.key for m in BASIC.all] == ["call", "connect", "meeting", "email"]
    assert BASIC.get("email") is not None and BASIC.get("email").funnel is False  # type: ignore[union-attr]
    assert BASIC.get("contact") is None


def test_event_record_round_trip_keeps_offset_and_japanese() -> None:
    event = Event("abc", datetime(2026, 11, 1, 1, 30, tzinfo=timezone(timedelta(hours=-5))), "アポ")
    record = event.to_record()
    assert record == {"id": "abc", "at": "2026-11-01T01:30:00-05:00", "kind": "アポ"}
    back = Event.from_record(record)
    assert back == event
    assert back.at.utcoffset() == timedelta(hours=-5)


def test_event_day_is_the_local_date_in_its_own_offset() -> None:
    # 23:30 in Tokyo is still 14:30 UTC the same day, but 00:30 on the 24th
    # in Tokyo is the 23rd in UTC: the day is the rep's local date.
    late = Event("a", datetime(2026, 11, 24, 0, 30, tzinfo=JST), "call")
    assert late.day.isoformat() == "2026-11-24"
    assert late.at.astimezone(UTC).date().isoformat() == "2026-11-23"


@pytest.mark.parametrize(
    ("record", "message"),
    [
        ({"at": "2026-11-23T10:00:00+09:00", "kind": "call"}, "without an id"),
        ({"id": "", "at": "2026-11-23T10:00:00+09:00", "kind": "call"}, "without an id"),
        ({"id": "x", "at": "2026-11-23T10:00:00+09:00"}, "without a kind"),
        ({"id": "x", "at": 5, "kind": "call"}, "without a timestamp"),
        ({"id": "x", "at": "2026-02-30T10:00:00+09:00", "kind": "call"}, "impossible timestamp"),
        ({"id": "x", "at": "2026-11-23T10:00:00", "kind": "call"}, "no UTC offset"),
    ],
)
def test_event_from_bad_record_names_the_problem(record: dict[str, object], message: str) -> None:
    with pytest.raises(ValueError, match=message):
        Event.from_record(record)


KINDS = st.lists(
    st.sampled_from(["call", "connect", "contact", "meeting", "email", "sms"]), max_size=200
)


@given(KINDS)
def test_funnel_counts_never_grow_down_the_funnel(kinds: list[str]) -> None:
    counts = count_events(events_of(kinds), WITH_CONTACT)
    funnel = [counts[m.key] for m in WITH_CONTACT.funnel]
    assert funnel == sorted(funnel, reverse=True)
    assert all(v >= 0 for v in counts.values())
    # Every funnel outcome is exactly one dial.
    funnel_kinds = {"call", "connect", "contact", "meeting"}
    assert counts["call"] == sum(1 for k in kinds if k in funnel_kinds)
    # Nothing is lost: every event is counted under its own kind's key.
    assert counts["email"] == kinds.count("email")
    assert counts.get("sms", 0) == kinds.count("sms")


@given(KINDS, st.data())
def test_removing_any_event_never_makes_a_count_negative(
    kinds: list[str], data: st.DataObject
) -> None:
    events = events_of(kinds)
    before = count_events(events, WITH_CONTACT)
    if events:
        index = data.draw(st.integers(0, len(events) - 1))
        del events[index]
    after = count_events(events, WITH_CONTACT)
    for key, value in after.items():
        assert 0 <= value <= before.get(key, 0)
