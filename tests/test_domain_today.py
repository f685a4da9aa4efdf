"""The day view and the status line, at fixed times."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain_fixtures import BASIC, FUNNEL_ONLY, JST, WITH_CONTACT, events_of
from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.funnel import Event, MetricSet, count_events
from istui.domain.pace import DayPhase
from istui.domain.today import DayView, build_day_view
from istui.render.numbers import percent as format_percent
from istui.render.numbers import rate as format_rate
from istui.render.today import status_line

HOURS = WorkHours()
CAL = WorkCalendar()
MON = date(2026, 11, 23)
TARGETS = {"call": 100, "connect": 25, "meeting": 4, "email": 40}


def at(hh: int, mm: int, ss: int = 0, day: date = MON) -> datetime:
    return datetime.combine(day, time(hh, mm, ss), tzinfo=JST)


def kinds(calls: int, connects: int, meetings: int, emails: int = 0) -> list[str]:
    """Kinds giving exactly these stage counts under the outcome model."""
    return (
        ["meeting"] * meetings
        + ["connect"] * (connects - meetings)
        + ["call"] * (calls - connects)
        + ["email"] * emails
    )


def view_at(
    now: datetime,
    kinds_: list[str],
    metrics: MetricSet = BASIC,
    targets: dict[str, int] = TARGETS,
    day: date = MON,
    cal: WorkCalendar = CAL,
) -> DayView:
    events = events_of(kinds_, start=at(9, 5, day=day), step=timedelta(seconds=20))
    return build_day_view(events, metrics, targets, HOURS, cal, day, now)


def test_status_line_matches_the_documented_shape() -> None:
    # 13:50:24 is 230.4 of 480 working minutes: 48 dials expected, 42 made.
    view = view_at(at(13, 50, 24), kinds(42, 9, 2), metrics=FUNNEL_ONLY)
    assert status_line(view) == "calls 42/100 · conn 9/25 21% · mtg 2/4 · pace -6"


def test_status_line_includes_counters_and_japanese_labels_pass_through() -> None:
    view = view_at(at(13, 50, 24), kinds(42, 9, 2, emails=5))
    assert status_line(view) == "calls 42/100 · conn 9/25 21% · mtg 2/4 · email 5/40 · pace -6"


def test_status_line_with_no_dials_shows_an_unknown_rate() -> None:
    view = view_at(at(8, 0), [], metrics=FUNNEL_ONLY)
    assert status_line(view) == "calls 0/100 · conn 0/25 – · mtg 0/4 · pace +0"


def test_status_line_on_a_day_off_has_no_pace() -> None:
    sat = date(2026, 11, 28)
    view = view_at(at(11, 0, day=sat), ["call"] * 3, metrics=FUNNEL_ONLY, day=sat, targets={})
    assert view.phase is DayPhase.OFF
    assert status_line(view) == "calls 3/0 · conn 0/0 0% · mtg 0/0"


def test_today_view_counts_rates_and_pace() -> None:
    view = view_at(at(10, 30), kinds(20, 5, 1, emails=3))
    assert view.day == MON and view.phase is DayPhase.WORKING
    assert view.fraction == pytest.approx(90 / 480)
    assert [(line.metric.key, line.count, line.target) for line in view.lines] == [
        ("call", 20, 100),
        ("connect", 5, 25),
        ("meeting", 1, 4),
        ("email", 3, 40),
    ]
    assert view.headline is not None and view.headline.metric.key == "call"
    assert view.headline.pace.delta == 1  # 20 made, 18.75 expected
    meeting = view.line("meeting")
    assert meeting is not None and meeting.percent == pytest.approx(25)
    assert view.line("nope") is None
    assert [(r.key, r.actual.num, r.actual.den) for r in view.rates] == [
        ("connect", 5, 20),
        ("meeting", 1, 5),
    ]
    assert view.total_events == 20 + 3


def test_hourly_counts_bucket_by_local_hour() -> None:
    events = events_of(["call", "connect"], start=at(9, 59, 59)) + events_of(
        ["meeting"], start=at(14, 0)
    )
    view = build_day_view(events, BASIC, TARGETS, HOURS, CAL, MON, at(15, 0))
    assert dict(view.hourly) == {
        9: {"call": 1, "connect": 0, "meeting": 0, "email": 0},
        10: {"call": 1, "connect": 1, "meeting": 0, "email": 0},
        14: {"call": 1, "connect": 1, "meeting": 1, "email": 0},
    }


def test_only_the_days_own_events_count() -> None:
    events = events_of(["call"] * 2, start=at(10, 0)) + events_of(
        ["call"] * 5, start=at(10, 0, day=MON - timedelta(days=1))
    )
    view = build_day_view(events, BASIC, TARGETS, HOURS, CAL, MON, at(10, 30))
    assert view.line("call").count == 2  # type: ignore[union-attr]
    assert view.total_events == 2


def test_past_day_is_shown_as_it_landed() -> None:
    fri = date(2026, 11, 20)
    view = view_at(at(10, 30), kinds(90, 20, 3), day=fri)
    assert view.phase is DayPhase.AFTER
    assert view.fraction == 1
    head = view.headline
    assert head is not None
    assert head.pace.delta == -10
    assert head.pace.projected == 90
    assert head.pace.needed_per_hour is None
    assert status_line(view).endswith("pace -10")


def test_future_day_has_nothing_expected() -> None:
    tue = date(2026, 11, 24)
    view = build_day_view([], BASIC, TARGETS, HOURS, CAL, tue, at(10, 30))
    assert view.phase is DayPhase.BEFORE and view.fraction == 0


@pytest.mark.parametrize(
    ("clock", "phase", "fraction"),
    [
        (time(8, 30), DayPhase.BEFORE, 0.0),
        (time(12, 30), DayPhase.BREAK, 0.375),
        (time(18, 30), DayPhase.AFTER, 1.0),
    ],
)
def test_phases_of_today(clock: time, phase: DayPhase, fraction: float) -> None:
    now = datetime.combine(MON, clock, tzinfo=JST)
    view = build_day_view([], BASIC, TARGETS, HOURS, CAL, MON, now)
    assert view.phase is phase
    assert view.fraction == pytest.approx(fraction)


def test_holiday_today_is_a_day_off() -> None:
    cal = WorkCalendar(holidays=frozenset({MON}))
    view = build_day_view([], BASIC, {}, HOURS, cal, MON, at(10, 30))
    assert view.phase is DayPhase.OFF
    assert "pace" not in status_line(view)


def test_contact_stage_rates_in_the_view() -> None:
    evs = ["call"] * 6 + ["connect"] * 2 + ["contact"] + ["meeting"]
    view = view_at(at(11, 0), evs, metrics=WITH_CONTACT, targets={})
    counts = {line.metric.key: line.count for line in view.lines}
    assert counts == {"call": 10, "connect": 4, "contact": 2, "meeting": 1, "email": 0}
    assert [r.key for r in view.rates] == ["connect", "contact", "meeting"]
    # Only the first conversion (from dials) is shown on the one-line status.
    assert status_line(view).count("%") == 1


def test_format_helpers() -> None:
    assert format_percent(None) == "–"
    assert format_percent(36.4) == "36%"
    assert format_rate(None) == "–"
    assert format_rate(0.214) == "21%"


@given(
    picks=st.lists(
        st.tuples(
            st.sampled_from(["call", "connect", "contact", "meeting", "email", "unknown"]),
            st.integers(min_value=-1, max_value=1),  # yesterday, today, tomorrow
            st.integers(min_value=0, max_value=24 * 3600 - 1),
        ),
        max_size=60,
    )
)
def test_the_one_pass_view_counts_as_count_events_does(
    picks: list[tuple[str, int, int]],
) -> None:
    events = [
        Event(f"e{i}", at(0, 0, day=MON + timedelta(days=d)) + timedelta(seconds=s), kind)
        for i, (kind, d, s) in enumerate(picks)
    ]
    todays = [e for e in events if e.day == MON]
    view = build_day_view(events, WITH_CONTACT, TARGETS, HOURS, CAL, MON, at(23, 0))
    expected = count_events(todays, WITH_CONTACT)
    assert {line.metric.key: line.count for line in view.lines} == {
        m.key: expected[m.key] for m in WITH_CONTACT.all
    }
    assert view.total_events == len(todays)
    for hour, counts in view.hourly.items():
        assert counts == count_events([e for e in todays if e.at.hour == hour], WITH_CONTACT)
    assert sorted(view.hourly) == sorted({e.at.hour for e in todays})
