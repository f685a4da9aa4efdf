from datetime import datetime
from pathlib import Path

from istui.domain.funnel import Event, MetricSet, count_events
from istui.services.clock import FixedClock
from istui.services.config import Config


def test_outcome_model_counts_stages_above(config: Config, clock: FixedClock) -> None:
    metrics: MetricSet = config.metrics
    kinds = ["call"] * 5 + ["connect"] * 2 + ["meeting"]
    events = [Event(str(i), clock.now(), k) for i, k in enumerate(kinds)]
    counts = count_events(events, metrics)
    assert counts["call"] == 8
    assert counts["connect"] == 3
    assert counts["meeting"] == 1
    assert counts["email"] == 0


def test_demo_moment_is_always_inside_a_working_day() -> None:
    from datetime import datetime, timedelta, timezone

    from istui.domain.calendar import WorkCalendar, WorkHours
    from istui.services.demo import demo_moment

    JST = timezone(timedelta(hours=9))

    hours, calendar = WorkHours(), WorkCalendar()
    during = datetime(2026, 11, 23, 10, 0, tzinfo=JST)  # Monday, working
    assert demo_moment(during, hours, calendar) == during
    early = datetime(2026, 11, 23, 4, 5, tzinfo=JST)
    assert demo_moment(early, hours, calendar) == datetime(2026, 11, 23, 14, 30, tzinfo=JST)
    sunday = datetime(2026, 11, 29, 20, 0, tzinfo=JST)
    assert demo_moment(sunday, hours, calendar) == datetime(2026, 11, 27, 14, 30, tzinfo=JST)


def test_demo_name_has_no_demo_suffix(tmp_path: Path) -> None:
    """The demo rep's name does not repeat "(demo)" next to its id."""
    from istui.services.config import load_config
    from istui.services.demo import build_demo

    config_path, _ = build_demo(tmp_path, datetime.fromisoformat("2026-11-23T10:30:00+09:00"))
    assert load_config(config_path).rep_name == "デモ 花子"


def test_shifted_clock_keeps_ticking_at_its_offset(clock: FixedClock) -> None:
    from datetime import timedelta

    from istui.services.clock import ShiftedClock

    shifted = ShiftedClock(clock, timedelta(hours=4))
    assert shifted.now() == clock.now() + timedelta(hours=4)
    clock.advance(minutes=5)
    assert shifted.now() == clock.now() + timedelta(hours=4)
