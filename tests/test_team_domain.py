"""The team week's arithmetic: the review's diagnosis, rates as sums, the forms' notes."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta, timezone

from istui.domain.calendar import WorkCalendar
from istui.domain.funnel import Event, Metric, MetricSet
from istui.domain.notes import DayNotes, read_day_notes
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.review import week_diagnosis
from istui.domain.team import RepInput, note_rank, note_stamp, team_week
from istui.render import diagnosis as diagnosis_text
from istui.render.forms import said_tag

JST = timezone(timedelta(hours=9))
FUNNEL = MetricSet(
    funnel=tuple(Metric(k, k.capitalize(), k, "", True) for k in ("call", "connect", "meeting")),
    counters=(Metric("email", "Email", "email", "", False),),
)
MON = date(2026, 11, 16)


def _events(day: date, kinds: dict[str, int], hour: int = 10) -> list[Event]:
    out = []
    for kind, n in kinds.items():
        for i in range(n):
            at = datetime(day.year, day.month, day.day, hour, 0, tzinfo=JST)
            out.append(Event(f"{day}-{kind}-{hour}-{i}", at, kind))
    return out


def test_team_rates_are_sums_not_averages() -> None:
    targets = {MON: {"call": 100, "connect": 25, "meeting": 4}}
    a = RepInput(
        "a", "A", FUNNEL, WorkCalendar(), _events(MON, {"call": 90, "connect": 10}), targets
    )
    b = RepInput(
        "b", "B", FUNNEL, WorkCalendar(), _events(MON, {"call": 5, "connect": 5}, 11), targets
    )
    week = team_week([a, b], MON, MON + timedelta(days=6), date(2026, 11, 23))
    # a: 10/100 = 10 %, b: 5/10 = 50 %; average 30 %, the sum is 15/110.
    assert (week.connect_rate.num, week.connect_rate.den) == (15, 110)
    assert week.hours[10].den == 100 and week.hours[11].num == 5
    assert week.targets["call"] == 200
    assert week.reps[0].achievement("call") == 100.0


def _worked_example_rep(notes: dict[date, DayNotes] | None = None) -> RepInput:
    """The articles' example over five days: 1,200 dials and a 30 % connect rate
    on target, 12 meetings against 20 (3.3 % vs 5.5 %)."""
    days = [MON + timedelta(days=i) for i in range(5)]
    events: list[Event] = []
    for day in days:
        events += _events(day, {"call": 168, "connect": 69, "meeting": 3})
    events = [e for e in events if not (e.kind == "meeting" and e.at.day == 20)]  # 12 meetings
    targets = {d: {"call": 240, "connect": 72, "meeting": 4} for d in days}
    return RepInput("a", "A", FUNNEL, WorkCalendar(), events, targets, notes_by_day=notes or {})


def test_the_team_bottleneck_is_the_weekly_reviews_diagnosis() -> None:
    rep = _worked_example_rep()
    days = [MON + timedelta(days=i) for i in range(7)]
    after = team_week([rep], days[0], days[-1], date(2026, 11, 23)).reps[0]
    assert after.bottleneck == week_diagnosis(after.days, FUNNEL, date(2026, 11, 23))
    assert (after.bottleneck.verdict, after.bottleneck.stage) == ("quality", "meeting")
    assert "talk script" in diagnosis_text.causes(after.bottleneck)
    assert diagnosis_text.short(after.bottleneck) == "meeting rate low"
    # Mid-week the team view judges the finished days, as the rep's review does.
    wednesday = team_week([rep], days[0], days[-1], date(2026, 11, 18)).reps[0]
    assert wednesday.bottleneck == week_diagnosis(wednesday.days, FUNNEL, date(2026, 11, 18))
    assert "through yesterday" in " ".join(diagnosis_text.details(wednesday.bottleneck))


def test_help_requests_and_reflected_days_come_from_the_forms_records() -> None:
    tue, wed = MON + timedelta(days=1), MON + timedelta(days=2)
    at = datetime(2026, 11, 17, 18, 30, tzinfo=JST)
    check = MidCheck(slot="12:00", rating=3, need_help=True, help_text="リストが欲しい")
    notes = {
        tue: read_day_notes(
            tue,
            [check.submit(at).to_record(), MidCheck(slot="15:30", need_help=True).to_record()],
            [Reflection(day=tue, help_request="同行してほしい").submit(at).to_record()],
        ),
        wed: read_day_notes(
            wed, [], [Reflection(day=wed, went_well="下書き", help_request="x").to_record()]
        ),
    }
    rep = team_week([_worked_example_rep(notes)], MON, MON + timedelta(days=6), MON).reps[0]
    assert [(said_tag(s), s.text) for s in rep.help] == [
        ("Tue mid-check", "リストが欲しい"),
        ("Tue reflection", "同行してほしい"),
    ]
    reflected = dict(rep.reflected)
    assert reflected[tue] is True
    assert reflected[wed] is False  # a draft is not a reflection yet
    assert reflected[MON] is False


def test_note_rank_trusts_the_forms_changed_at_only() -> None:
    tue = MON + timedelta(days=1)
    early = datetime(2026, 11, 17, 18, 0, tzinfo=JST)
    late = datetime(2026, 11, 18, 9, 0, tzinfo=JST)
    edited = Reflection(day=tue, went_well="直した版").submit(early)
    edited = replace(edited, changed_at=late)
    # The first copy carries a later time elsewhere (its submission, say a
    # clock that ran ahead), but it was last changed before the edit.
    first = Reflection(day=tue, went_well="最初の版").submit(early).to_record()
    first["submitted_at"] = "2026-11-19T09:00:00+09:00"
    assert note_rank([edited.to_record()]) > note_rank([first])
    assert note_stamp([edited.to_record()]) == "2026-11-18T00:00:00+00:00"
    old = [{"changed_at": "2026-11-17T18:00:00+09:00", "working": "a"}]
    new = [{"changed_at": "2026-11-17T10:00:00+00:00", "working": "b"}]  # 19:00 JST, later
    assert note_rank(new) > note_rank(old)
    bare = [{"changed_at": "2026-11-17T18:00:00+09:00"}]
    assert note_rank(old) > note_rank(bare)  # same time: the fuller copy
