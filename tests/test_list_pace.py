"""The volume branch's second cause: 「リスト消化が遅い」. With dials short and a
current list of known size, the diagnosis sets the list's coverage over the
judged days (リスト消化率 = dials on the list ÷ its size) against the share of
the week's working days gone, and says so with the numbers."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, timedelta

from istui import i18n
from istui.domain.calendar import IsoWeek, WorkCalendar
from istui.domain.funnel import Event
from istui.domain.lists import CallList, ListSettings
from istui.domain.review import WeekReview, build_week_review
from istui.domain.targets import TargetVersion
from istui.render import diagnosis as words
from istui.services.config import Config
from review_helpers import day_outcomes

W47 = IsoWeek(2026, 47)  # Mon 2026-11-16 .. Sun 11-22
THURSDAY = date(2026, 11, 19)
TARGETS = [
    TargetVersion(effective=date(2020, 1, 1), values={"call": 100, "connect": 30, "meeting": 4})
]
WEBINAR = CallList("Webinar 11月", size=300, channel="webinar")


def short_week(days: int = 4) -> list[Event]:
    """60 dials a day (of 100), 30 of them on the webinar list."""
    events: list[Event] = []
    for i in range(days):
        day = day_outcomes(W47.monday + timedelta(days=i), calls=60, connects=18, meetings=2)
        events += [replace(e, list=WEBINAR.name) if n % 2 else e for n, e in enumerate(day)]
    return events


def review(
    config: Config, events: list[Event], today: date, current: CallList | None
) -> WeekReview:
    settings = ListSettings(lists=(WEBINAR,) if current is None else (current,))
    return build_week_review(
        events, config.metrics, TARGETS, WorkCalendar(), W47, today,
        lists=settings, current=current,
    )  # fmt: skip


def test_a_slow_list_is_named_with_its_coverage_against_the_week_gone(config: Config) -> None:
    d = review(config, short_week(), THURSDAY, WEBINAR).diagnosis
    assert d.verdict == "volume"
    pace = d.list_pace
    assert pace is not None
    # Mon-Wed judged (today's dials are not due yet): 90 of 300 = 30 % vs 3 of 5 days = 60 %
    assert (pace.dials, pace.ratio.den, pace.days_gone, pace.days) == (90, 300, 3, 5)
    assert pace.slow
    line = (
        "the call list is being worked too slowly: Webinar 11月 90 of 300 dialled (30.0%)"
        " with 60% of the week gone (3 of 5 working days)"
    )
    assert line in words.details(d)
    assert words.causes(d)[-2:] == ("prioritising the leads", "criteria for which leads to call")
    assert words.list_pace_json(d) == {
        "list": "Webinar 11月", "dials": 90, "size": 300, "coverage": 0.3,
        "days_gone": 3, "days": 5, "slow": True,
    }  # fmt: skip
    i18n.set_language("ja")
    ja = words.list_lines(d)[0]
    assert "リスト消化が遅い" in ja and "90/300件" in ja and "30.0%" in ja and "60%" in ja
    assert "判断基準" in "、".join(words.causes(d))


def test_a_list_on_pace_says_so_and_adds_no_cause(config: Config) -> None:
    small = replace(WEBINAR, size=120)  # 90 of 120 = 75 % vs 60 % gone
    d = review(config, short_week(), THURSDAY, small).diagnosis
    assert d.list_pace is not None and not d.list_pace.slow
    assert any(
        x.startswith("the call list is on pace: Webinar 11月 90 of 120") for x in words.details(d)
    )
    assert "criteria for which leads to call" not in words.causes(d)


def test_no_list_line_without_a_size_a_volume_verdict_or_a_dial_on_it(config: Config) -> None:
    assert (
        review(config, short_week(), THURSDAY, replace(WEBINAR, size=None)).diagnosis.list_pace
        is None
    )
    assert review(config, short_week(), THURSDAY, None).diagnosis.list_pace is None
    full = []
    for i in range(5):
        full += day_outcomes(W47.monday + timedelta(days=i), calls=100, connects=30, meetings=4)
    on_target = review(config, full, date(2026, 11, 30), WEBINAR).diagnosis
    assert on_target.verdict != "volume" and on_target.list_pace is None
    # a finished week the current list was never dialled in says nothing of it
    untagged = [replace(e, list="") for e in short_week(5)]
    assert review(config, untagged, date(2026, 11, 30), WEBINAR).diagnosis.list_pace is None


def test_a_finished_week_is_judged_whole(config: Config) -> None:
    d = review(config, short_week(5), date(2026, 11, 30), WEBINAR).diagnosis
    assert d.list_pace is not None
    assert (d.list_pace.dials, d.list_pace.days_gone, d.list_pace.days) == (150, 5, 5)
    assert d.list_pace.slow  # 50 % of the list with the whole week gone
