"""The weekly review's arithmetic and the articles' bottleneck flow."""

from __future__ import annotations

from datetime import date, datetime, timedelta

import pytest

from istui.domain.calendar import IsoWeek, WorkCalendar
from istui.domain.funnel import Event
from istui.domain.notes import condense, read_day_notes
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.review import build_week_review, diagnose, history_span
from istui.domain.targets import TargetVersion
from istui.render import diagnosis as diagnosis_text
from istui.render.forms import said_tag
from istui.services.config import Config
from review_helpers import JST, day_outcomes

CAL = WorkCalendar()
W47 = IsoWeek(2026, 47)  # Mon 2026-11-16 .. Sun 2026-11-22


def version(effective: date, **values: int) -> TargetVersion:
    return TargetVersion(effective=effective, values=values)


ARTICLE_TARGETS = [version(date(2020, 1, 1), call=240, connect=72, meeting=4)]


def article_week() -> list[Event]:
    """1,200 dials, 360 connects (30 %), 12 meetings (3.3 %) over five days."""
    events: list[Event] = []
    for i, meetings in enumerate([3, 3, 2, 2, 2]):
        events += day_outcomes(
            W47.monday + timedelta(days=i), calls=240, connects=72, meetings=meetings
        )
    return events


def test_the_articles_worked_example_names_the_meeting_stage(config: Config) -> None:
    review = build_week_review(
        article_week(), config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 11, 30)
    )
    meetings = review.line("meeting")
    assert meetings is not None
    assert (meetings.actual, meetings.target) == (12, 20)
    assert meetings.percent == pytest.approx(60.0)
    calls = review.line("call")
    assert calls is not None and (calls.actual, calls.target) == (1200, 1200)
    rates = {r.rate.key: r.rate for r in review.rates}
    assert rates["connect"].actual.value == pytest.approx(0.30)
    assert rates["connect"].target.value == pytest.approx(0.30)
    assert rates["meeting"].actual.value == pytest.approx(12 / 360)
    d = review.diagnosis
    assert d.verdict == "quality"
    assert d.stage == "meeting"
    assert "meeting rate" in diagnosis_text.headline(d)
    assert "3.3%" in diagnosis_text.headline(d)
    assert any("talk script" in c for c in diagnosis_text.causes(d))
    assert any("hearing" in c for c in diagnosis_text.causes(d))


def test_a_low_connect_rate_points_at_list_quality_and_hours(config: Config) -> None:
    counts = {"call": 1200, "connect": 240, "meeting": 16, "email": 0}
    targets = {"call": 1200, "connect": 360, "meeting": 20}
    d = diagnose(counts, targets, config.metrics, dial_days=5)
    assert (d.verdict, d.stage) == ("quality", "connect")
    assert any("list quality" in c for c in diagnosis_text.causes(d))
    assert any("time of day" in c for c in diagnosis_text.causes(d))


def test_a_volume_problem_week_says_by_how_much(config: Config) -> None:
    events: list[Event] = []
    for i in range(5):
        events += day_outcomes(W47.monday + timedelta(days=i), calls=60, connects=18, meetings=3)
    review = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    d = review.diagnosis
    assert d.verdict == "volume"
    assert "300 of 1,200" in diagnosis_text.headline(d)
    assert "900 short" in diagnosis_text.headline(d)
    assert d.stage == "call"


def test_an_empty_week_is_not_enough_data(config: Config) -> None:
    review = build_week_review([], config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    assert review.diagnosis.verdict == "not enough data"
    assert all(line.actual == 0 for line in review.lines)
    assert all(r.rate.actual.value is None for r in review.rates)
    assert review.when.by_hour_week == ()
    assert review.dial_days == 0


def test_one_busy_day_is_still_too_thin_for_a_verdict(config: Config) -> None:
    events = day_outcomes(W47.monday, calls=300, connects=90, meetings=1)
    review = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    assert review.diagnosis.verdict == "not enough data"
    assert "1 day" in diagnosis_text.details(review.diagnosis)[0]


def test_a_met_target_is_said_plainly(config: Config) -> None:
    counts = {"call": 1200, "connect": 360, "meeting": 25}
    targets = {"call": 1200, "connect": 360, "meeting": 20}
    assert diagnose(counts, targets, config.metrics, dial_days=5).verdict == "target met"


def test_the_week_target_sums_each_days_target_in_force(config: Config) -> None:
    """Targets change on Wednesday: Mon–Tue at 100 dials, Wed–Fri at 150."""
    versions = [
        version(date(2020, 1, 1), call=100, connect=25, meeting=4),
        version(date(2026, 11, 18), call=150, connect=30, meeting=5),
    ]
    review = build_week_review([], config.metrics, versions, CAL, W47, date(2026, 12, 1))
    calls = review.line("call")
    assert calls is not None and calls.target == 2 * 100 + 3 * 150
    meetings = review.line("meeting")
    assert meetings is not None and meetings.target == 2 * 4 + 3 * 5
    assert [d.targets.get("call") for d in review.days[:5]] == [100, 100, 150, 150, 150]
    assert review.days[5].targets.get("call") == 0  # Saturday asks for nothing
    # last week was all under the old version
    assert calls.previous_target == 500


def test_rates_are_sums_over_sums_never_averages_of_rates(config: Config) -> None:
    """Mon 1 of 10 (10 %), Tue 40 of 100 (40 %): the week is 41/110, not 25 %."""
    events = day_outcomes(W47.monday, calls=10, connects=1) + day_outcomes(
        W47.monday + timedelta(days=1), calls=100, connects=40
    )
    review = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    connect = next(r for r in review.rates if r.rate.key == "connect")
    assert (connect.rate.actual.num, connect.rate.actual.den) == (41, 110)
    assert connect.rate.actual.value == pytest.approx(41 / 110)
    assert connect.rate.actual.value != pytest.approx((0.1 + 0.4) / 2)


def test_previous_week_and_change(config: Config) -> None:
    last = W47.shift(-1)
    events = day_outcomes(last.monday, calls=100, connects=20) + day_outcomes(
        W47.monday, calls=130, connects=39
    )
    review = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    calls = review.line("call")
    assert calls is not None and (calls.actual, calls.previous, calls.change) == (130, 100, 30)
    connect = next(r for r in review.rates if r.rate.key == "connect")
    assert connect.change == pytest.approx(0.30 - 0.20)


@pytest.mark.parametrize(
    ("text", "monday", "sunday"),
    [
        ("2026-W53", date(2026, 12, 28), date(2027, 1, 3)),
        ("2027-W01", date(2027, 1, 4), date(2027, 1, 10)),
        ("2020-W53", date(2020, 12, 28), date(2021, 1, 3)),
        ("2025-W01", date(2024, 12, 30), date(2025, 1, 5)),
        ("2026W47", date(2026, 11, 16), date(2026, 11, 22)),
    ],
)
def test_iso_week_edges(text: str, monday: date, sunday: date) -> None:
    week = IsoWeek.parse(text)
    assert (week.monday, week.sunday) == (monday, sunday)


@pytest.mark.parametrize(
    "text", ["2027-W53", "2026-W00", "2026-W54", "2026-47", "W47", "", "2026-Wxx"]
)
def test_weeks_that_do_not_exist_are_refused(text: str) -> None:
    with pytest.raises(ValueError, match="ISO week"):
        IsoWeek.parse(text)


def test_stepping_across_the_year_boundary() -> None:
    w53 = IsoWeek(2026, 53)
    assert w53.shift(1) == IsoWeek(2027, 1)
    assert IsoWeek(2027, 1).shift(-1) == w53
    assert IsoWeek(2026, 1).shift(-1) == IsoWeek(2025, 52)
    assert IsoWeek.of(date(2027, 1, 1)) == w53  # Jan 1 2027 belongs to 2026-W53
    assert str(w53) == "2026-W53"


def test_a_week_across_the_year_boundary_counts_both_years_days(config: Config) -> None:
    w53 = IsoWeek(2026, 53)
    events = day_outcomes(date(2026, 12, 31), calls=120, connects=30, meetings=2)
    events += day_outcomes(date(2027, 1, 1), calls=80, connects=20, meetings=1)
    events += day_outcomes(date(2027, 1, 4), calls=999, connects=1)  # 2027-W01: not counted
    versions = [version(date(2020, 1, 1), call=100, connect=25, meeting=4)]
    holidays = WorkCalendar(holidays=frozenset({date(2027, 1, 1)}))
    review = build_week_review(events, config.metrics, versions, holidays, w53, date(2027, 2, 1))
    calls = review.line("call")
    assert calls is not None and calls.actual == 200
    assert calls.target == 4 * 100  # Mon–Fri less the New Year holiday
    assert review.days[0].day == date(2026, 12, 28)
    assert review.days[-1].day == date(2027, 1, 3)
    nxt = build_week_review(
        events, config.metrics, versions, holidays, w53.shift(1), date(2027, 2, 1)
    )
    nxt_calls = nxt.line("call")
    assert nxt_calls is not None and (nxt_calls.actual, nxt_calls.previous) == (999, 200)


def test_history_span_is_the_eight_weeks_ending_with_the_week() -> None:
    start, end = history_span(IsoWeek(2027, 1))
    assert start == date(2026, 11, 16)  # 2026-W47 Monday
    assert end == date(2027, 1, 10)
    assert (end - start).days + 1 == 56


def test_when_calls_work_by_hour_and_weekday(config: Config) -> None:
    events = day_outcomes(W47.monday, calls=40, connects=20, meetings=2, hour=10)
    events += day_outcomes(W47.monday + timedelta(days=1), calls=40, connects=4, hour=14)
    events += day_outcomes(W47.shift(-3).monday, calls=50, connects=5, hour=14)  # history only
    review = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    when = review.when
    week_hours = {s.label: s for s in when.by_hour_week}
    assert (week_hours["10h"].calls, week_hours["10h"].connects, week_hours["10h"].meetings) == (
        40,
        20,
        2,
    )
    hist = {s.label: s for s in when.by_hour_history}
    assert (hist["14h"].calls, hist["14h"].connects) == (90, 9)
    assert when.best_hour == "10h"
    days = {s.label: s for s in when.by_weekday_history}
    assert days["Mon"].calls == 40 + 50
    assert days["Tue"].calls == 40


def test_the_week_in_progress_is_judged_on_its_finished_days(config: Config) -> None:
    """On Wednesday, Mon-Tue at 100 dials each of 240: a volume problem through
    yesterday; Wednesday's own dials and target wait for the evening."""
    events = []
    for i in range(3):
        events += day_outcomes(W47.monday + timedelta(days=i), calls=100, connects=30, meetings=1)
    review = build_week_review(
        events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 11, 18)
    )
    assert review.in_progress
    assert review.diagnosis.verdict == "volume"
    assert "200 of 480" in diagnosis_text.headline(review.diagnosis)
    assert "through yesterday" in diagnosis_text.details(review.diagnosis)[0]
    calls = review.line("call")
    assert calls is not None and (calls.actual, calls.target) == (300, 720)  # due to date
    monday = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, W47.monday)
    assert monday.diagnosis.verdict == "not enough data"


def _done_check(slot: str, **fields: object) -> dict[str, object]:
    """A mid-check record exactly as the forms write it (MidCheck.to_record)."""
    at = datetime(2026, 11, 17, 12, 5, tzinfo=JST)
    return MidCheck(slot=slot, rating=4, **fields).submit(at).to_record()  # type: ignore[arg-type]


def test_the_weeks_words_are_condensed_with_day_and_source() -> None:
    tue, fri = date(2026, 11, 17), date(2026, 11, 20)
    submitted = datetime(2026, 11, 20, 18, 30, tzinfo=JST)
    tuesday = read_day_notes(
        tue,
        [
            _done_check(
                "12:00",
                working="朝のリストが良い",
                blocking="受付で止まる",
                need_help=True,
                help_text="トークを一緒に見てほしい",
            ),
            _done_check("15:30", adjustment="call after 16h"),
            # a draft and a skipped check are not yet said
            MidCheck(slot="17:00", working="draft words").to_record(),
        ],
        [],
    )
    friday = read_day_notes(
        fri,
        [],
        [
            Reflection(
                day=fri,
                went_well="2 meetings",
                hard="gatekeepers",
                learning="ask for the owner",
                objections=("no budget", "no need"),
                objections_other="今は忙しい",
                actions=("list B", "", "new opener"),
                energy=3,
                focus=4,
                help_request="同行してほしい",
            )
            .submit(submitted)
            .to_record()
        ],
    )
    words = condense([friday, tuesday])
    assert [s.text for s in words.worked] == ["朝のリストが良い", "2 meetings"]
    assert said_tag(words.worked[0]) == "Tue mid-check"
    assert [s.text for s in words.blocked] == ["受付で止まる", "gatekeepers"]
    assert [s.text for s in words.adjustments] == ["call after 16h"]
    assert [(said_tag(s), s.text) for s in words.help_requests] == [
        ("Tue mid-check", "トークを一緒に見てほしい"),
        ("Fri reflection", "同行してほしい"),
    ]
    assert words.learnings[0].text == "ask for the owner"
    assert words.objections == (("no budget", 1), ("no need", 1))
    assert [s.text for s in words.other_objections] == ["今は忙しい"]
    assert words.plans[0].text == "list B · new opener"
    assert words.energy == ((fri, 3),)
    assert (words.midcheck_count, words.reflection_count) == (2, 1)
    assert words.problems == ()


def test_a_draft_reflection_is_not_yet_said_and_help_needs_the_flag() -> None:
    day = date(2026, 11, 17)
    draft = Reflection(day=day, went_well="途中", help_request="まだ下書き").to_record()
    notes = read_day_notes(
        day, [_done_check("12:00", help_text="text without the yes", need_help=False)], [draft]
    )
    assert not notes.reflected
    assert notes.help_requests() == []
    assert condense([notes]).worked == ()


def test_odd_records_do_not_break_the_words() -> None:
    day = date(2026, 11, 17)
    notes = read_day_notes(
        day,
        [{"working": "no slot"}, _done_check("12:00", working="読める")],
        [{"went_well": "no day"}],
    )
    words = condense([notes])
    assert [s.text for s in words.worked] == ["読める"]
    assert len(words.problems) == 2
    assert all(p.startswith("2026-11-17: ") for p in words.problems)
    assert "mid-check without a slot" in words.problems[0]
    assert condense([]).empty


def test_event_timestamps_keep_their_offset_for_hours(config: Config) -> None:
    at = datetime(2026, 11, 16, 9, 30, tzinfo=JST)
    events = [Event(str(i), at, "call") for i in range(5)]
    review = build_week_review(events, config.metrics, ARTICLE_TARGETS, CAL, W47, date(2026, 12, 1))
    assert [s.label for s in review.when.by_hour_week] == ["09h"]


def test_the_week_in_progress_is_compared_to_date_with_the_same_weekdays(
    config: Config,
) -> None:
    """On Tuesday of W48: Mon-Tue against the targets due on Mon-Tue, beside Mon-Tue
    of W47 (not W47's whole week), and no future days in the daily figures."""
    metrics = config.metrics
    w48 = W47.shift(1)
    events = []
    for i in range(5):  # last week: 100 dials a day, Mon-Fri
        events += day_outcomes(W47.monday + timedelta(days=i), calls=100, connects=30, meetings=2)
    for i in range(2):  # this week, Mon-Tue: 60 dials a day
        events += day_outcomes(w48.monday + timedelta(days=i), calls=60, connects=20, meetings=1)
    tuesday = w48.monday + timedelta(days=1)
    review = build_week_review(events, metrics, ARTICLE_TARGETS, CAL, w48, tuesday)
    calls = review.line("call")
    assert calls is not None
    assert (calls.actual, calls.target) == (120, 480)  # two days' targets due, not five
    assert (calls.previous, calls.change) == (200, -80)  # W47 Mon-Tue, not 500
    assert [d.day for d in review.days] == [w48.monday, tuesday]  # nothing after today
    assert review.through == tuesday
    full = build_week_review(events, metrics, ARTICLE_TARGETS, CAL, W47, tuesday)
    whole = full.line("call")
    assert whole is not None and (whole.actual, whole.target) == (500, 1200)
    assert len(full.days) == 7 and full.through == W47.sunday


def test_target_met_with_a_weak_rate_names_the_rate(config: Config) -> None:
    """Volume carried the week past target: the verdict stays, a detail names the
    meeting rate below its target."""
    counts = {"call": 1500, "connect": 450, "meeting": 21}
    targets = {"call": 1200, "connect": 360, "meeting": 20}
    d = diagnose(counts, targets, config.metrics, 5)
    assert d.verdict == "target met"
    assert diagnosis_text.details(d)[0].startswith("but the meeting rate is below target")
    ok = diagnose({**counts, "meeting": 30}, targets, config.metrics, 5)
    assert ok.verdict == "target met" and not any("below" in x for x in diagnosis_text.details(ok))
