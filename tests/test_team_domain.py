"""The team week's arithmetic: bottleneck, rates as sums, notes read defensively."""

from __future__ import annotations

from datetime import date, datetime, timedelta, timezone

from istui.domain.calendar import WorkCalendar
from istui.domain.model import Event, Metric, MetricSet
from istui.domain.team import (
    RepInput,
    help_requests,
    is_reflected,
    note_rank,
    team_bottleneck,
    team_week,
)

JST = timezone(timedelta(hours=9))
FUNNEL = MetricSet(
    funnel=tuple(Metric(k, k.capitalize(), k, "", True) for k in ("call", "connect", "meeting")),
    counters=(Metric("email", "Email", "email", "", False),),
)
MON = date(2026, 11, 16)


def test_bottleneck_worked_example_names_the_meeting_stage() -> None:
    # The articles' example: 1,200 dials on target, connect rate 30 % on target,
    # meeting rate 3.3 % vs 5.5 %: 12 meetings against 20.
    counts = {"call": 1200, "connect": 360, "meeting": 12}
    targets = {"call": 1200, "connect": 360, "meeting": 20}
    verdict = team_bottleneck(counts, targets, FUNNEL)
    assert (verdict.kind, verdict.stage) == ("quality", "meeting")
    assert "talk script" in verdict.text


def test_bottleneck_volume_thin_on_target() -> None:
    targets = {"call": 500, "connect": 125, "meeting": 20}
    volume = team_bottleneck({"call": 300, "connect": 90, "meeting": 9}, targets, FUNNEL)
    assert volume.kind == "volume" and "60%" in volume.text
    assert team_bottleneck({"call": 10, "connect": 1, "meeting": 0}, targets, FUNNEL).kind == "thin"
    done = team_bottleneck({"call": 480, "connect": 120, "meeting": 21}, targets, FUNNEL)
    assert done.kind == "on-target"
    low_connect = team_bottleneck({"call": 520, "connect": 80, "meeting": 15}, targets, FUNNEL)
    assert low_connect.stage == "connect"


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
    week = team_week([a, b], MON, MON + timedelta(days=6))
    # a: 10/100 = 10 %, b: 5/10 = 50 %; average 30 %, the sum is 15/110.
    assert (week.connect_rate.num, week.connect_rate.den) == (15, 110)
    assert week.hours[10].den == 100 and week.hours[11].num == 5
    assert week.targets["call"] == 200
    assert week.reps[0].achievement("call") == 100.0


def test_help_requests_read_many_shapes() -> None:
    records = [
        {"help": True, "help_text": "リストが欲しい"},
        {"need_help": False, "help_text": "not a request"},
        {"help_request": {"need": True, "text": "同行してほしい"}},
        {"help_request": "ロープレをお願いします"},
        {"help": True},
        {"help": True, "help_text": "done", "help_resolved": True},
        {"help": True, "help_text": "draft only", "draft": True},
    ]
    assert help_requests(records) == [
        "リストが欲しい", "同行してほしい", "ロープレをお願いします", "(help asked)",
    ]  # fmt: skip


def test_reflected_skips_drafts_and_note_rank_prefers_newer_then_fuller() -> None:
    assert not is_reflected([{"draft": True, "went_well": "x"}])
    assert is_reflected([{"went_well": "x", "submitted": True}])
    old = [{"text": "a", "updated_at": "2026-11-17T18:00:00+09:00"}]
    new = [{"text": "b", "updated_at": "2026-11-17T10:00:00+00:00"}]  # 19:00 JST, later
    assert note_rank(new) > note_rank(old)
    bare = [{"updated_at": "2026-11-17T18:00:00+09:00"}]
    assert note_rank(old) > note_rank(bare)
