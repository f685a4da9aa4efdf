"""Targets in force: versions, single-day overrides, weekdays, days off."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from domain_fixtures import BASIC, JST, events_of
from istui.domain.calendar import WorkCalendar
from istui.domain.targets import TargetVersion, targets_in_force, targets_over, version_in_force
from istui.domain.totals import daily_totals

CAL = WorkCalendar()
V1 = TargetVersion(date(2026, 1, 1), {"call": 100, "connect": 25, "meeting": 4})
V2 = TargetVersion(date(2026, 11, 16), {"call": 120, "connect": 30, "meeting": 5})
MON, TUE, SAT = date(2026, 11, 23), date(2026, 11, 24), date(2026, 11, 28)


def test_no_versions_no_targets() -> None:
    assert version_in_force([], MON) is None
    assert targets_in_force([], MON, CAL) == {}


def test_a_day_before_the_first_version_has_no_targets() -> None:
    assert targets_in_force([V1], date(2025, 12, 31), CAL) == {}


def test_past_days_keep_the_version_in_force_then() -> None:
    versions = [V1, V2]
    assert targets_in_force(versions, date(2026, 11, 13), CAL)["call"] == 100
    assert targets_in_force(versions, date(2026, 11, 16), CAL)["call"] == 120
    assert targets_in_force(versions, MON, CAL)["call"] == 120


def test_listing_order_does_not_override_effective_dates() -> None:
    # A version listed later but effective earlier does not replace a newer one.
    assert targets_in_force([V2, V1], MON, CAL)["call"] == 120


def test_among_versions_effective_the_same_day_the_last_set_wins() -> None:
    again = TargetVersion(date(2026, 11, 16), {"call": 90})
    assert targets_in_force([V1, V2, again], MON, CAL) == {"call": 90}


def test_single_day_override_applies_on_its_date_only() -> None:
    tomorrow = TargetVersion(TUE, {"call": 80, "connect": 20, "meeting": 3}, single_day=True)
    versions = [V1, V2, tomorrow]
    assert targets_in_force(versions, TUE, CAL)["call"] == 80
    assert targets_in_force(versions, MON, CAL)["call"] == 120
    assert targets_in_force(versions, date(2026, 11, 25), CAL)["call"] == 120
    assert version_in_force(versions, TUE) is tomorrow


def test_single_day_override_wins_even_over_a_later_listed_ordinary_version() -> None:
    tomorrow = TargetVersion(TUE, {"call": 80}, single_day=True)
    later = TargetVersion(TUE, {"call": 130})
    assert targets_in_force([tomorrow, later], TUE, CAL) == {"call": 80}


def test_weekday_figures_override_the_plain_values() -> None:
    friday_light = TargetVersion(
        date(2026, 1, 1), {"call": 100, "meeting": 4}, weekdays={4: {"call": 60}}
    )
    assert targets_in_force([friday_light], date(2026, 11, 27), CAL) == {"call": 60, "meeting": 4}
    assert targets_in_force([friday_light], date(2026, 11, 26), CAL) == {
        "call": 100,
        "meeting": 4,
    }


def test_non_working_day_asks_for_zero_of_everything() -> None:
    assert targets_in_force([V1], SAT, CAL) == {"call": 0, "connect": 0, "meeting": 0}
    holiday = WorkCalendar(holidays=frozenset({MON}))
    assert targets_in_force([V1], MON, holiday) == {"call": 0, "connect": 0, "meeting": 0}


def test_a_single_day_plan_for_a_day_off_is_kept() -> None:
    saturday_push = TargetVersion(SAT, {"call": 40}, single_day=True)
    assert targets_in_force([V1, saturday_push], SAT, CAL) == {"call": 40}


def test_targets_over_a_week_sum_each_days_target_in_force() -> None:
    week = [MON + timedelta(days=i) for i in range(7)]
    holiday = WorkCalendar(holidays=frozenset({date(2026, 11, 25)}))
    tuesday = TargetVersion(TUE, {"call": 50, "connect": 10, "meeting": 1}, single_day=True)
    total = targets_over([V1, V2, tuesday], week, holiday)
    # Mon 120, Tue 50, Wed holiday 0, Thu 120, Fri 120, weekend 0.
    assert total == {"call": 410, "connect": 100, "meeting": 16}


def test_version_record_round_trip() -> None:
    version = TargetVersion(
        date(2026, 11, 23),
        {"call": 100, "アポ": 4},
        weekdays={4: {"call": 60}},
        single_day=True,
        source="plan",
        set_at=datetime(2026, 11, 22, 18, 5, tzinfo=JST),
    )
    back = TargetVersion.from_record(version.to_record())
    assert back.effective == version.effective
    assert dict(back.values) == {"call": 100, "アポ": 4}
    assert {k: dict(v) for k, v in back.weekdays.items()} == {4: {"call": 60}}
    assert back.single_day and back.source == "plan" and back.set_at == version.set_at
    assert back.for_day(date(2026, 11, 27)) == {"call": 60, "アポ": 4}


@pytest.mark.parametrize(
    "record",
    [
        {},
        {"effective": "2026-02-30", "values": {}},
        {"effective": "2026-11-23", "values": [1, 2]},
        {"effective": "2026-11-23", "values": {"call": "many"}},
        {"effective": "2026-11-23", "values": {}, "weekdays": [1]},
        {"effective": "2026-11-23", "values": {}, "weekdays": {"fri": {"call": 1}}},
        {"effective": "2026-11-23", "values": {}, "set_at": "yesterday"},
    ],
)
def test_bad_version_record_is_a_value_error(record: dict[str, object]) -> None:
    with pytest.raises(ValueError, match="bad target version"):
        TargetVersion.from_record(record)


def test_daily_totals_judge_each_day_against_its_own_target() -> None:
    fri = date(2026, 11, 13)
    events = events_of(["call"] * 3 + ["meeting"], start=datetime(2026, 11, 13, 10, tzinfo=JST))
    events += events_of(["connect"] * 2, start=datetime(2026, 11, 16, 10, tzinfo=JST))
    days = [fri, date(2026, 11, 14), date(2026, 11, 16)]
    totals = daily_totals(events, days, BASIC, [V1, V2], CAL)
    assert [t.day for t in totals] == days
    assert totals[0].counts == {"call": 4, "connect": 1, "meeting": 1, "email": 0}
    assert totals[0].targets["call"] == 100 and totals[0].working
    assert totals[0].percent("call") == pytest.approx(4)
    assert totals[1].counts["call"] == 0 and not totals[1].working
    assert totals[1].percent("call") is None  # a day off asks for nothing
    assert totals[2].targets["call"] == 120 and totals[2].counts["connect"] == 2
    assert totals[2].percent("email") is None  # no email target in these versions
