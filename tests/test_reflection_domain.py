"""Mid-check and reflection rules: due logic, limits, widths, snapshots."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.funnel import Event
from istui.domain.reflection import (
    MIDCHECK_LIMITS,
    FigureSnapshot,
    MidCheck,
    MidStatus,
    Reflection,
    due_slot,
    hourly_series,
    midcheck_slots,
    next_working_day,
    parse_target,
    reflection_due,
    slot_to_open,
    snapshot_of,
)
from istui.domain.today import build_day_view
from istui.render.cells import cells as display_width
from istui.render.cells import clip as clip_to_width
from istui.render.forms import count_label, midcheck_mark
from istui.services.config import Config

JST = timezone(timedelta(hours=9))
HOURS = WorkHours()
TIMES = (time(12, 0), time(15, 30))
DAY = date(2026, 11, 23)


def states(clock: time, checks: list[MidCheck] | None = None, working: bool = True) -> list[str]:
    return [s.state.value for s in midcheck_slots(TIMES, checks or [], HOURS, clock, working)]


def test_display_width_counts_wide_characters_double() -> None:
    assert display_width("abc") == 3
    assert display_width("上手くいった点") == 14
    assert display_width("ｱｲｳ") == 3  # half-width katakana is narrow
    assert display_width("が") == 2
    assert display_width("か\u3099") == 2  # combining voiced mark takes no column


def test_clip_to_width_never_splits_a_wide_character() -> None:
    assert clip_to_width("受付突破ができない", 7) == "受付突…"
    assert display_width(clip_to_width("受付突破ができない", 8)) <= 8
    assert clip_to_width("short", 10) == "short"


def test_count_label_counts_characters_against_the_limit() -> None:
    assert count_label("気づき", 300) == "3/300"


def test_midcheck_falls_due_at_its_time_and_is_missed_after_its_window() -> None:
    assert states(time(11, 59)) == ["upcoming", "upcoming"]
    assert states(time(12, 0)) == ["due", "upcoming"]
    assert states(time(15, 29)) == ["due", "upcoming"]
    assert states(time(15, 30)) == ["missed", "due"]
    assert states(time(18, 0)) == ["missed", "missed"]


def test_done_and_skipped_checks_stay_what_they_are() -> None:
    checks = [
        MidCheck("12:00", MidStatus.SKIPPED),
        MidCheck("15:30", MidStatus.DONE, rating=3),
    ]
    assert states(time(16, 0), checks) == ["skipped", "done"]
    assert states(time(10, 0), checks) == ["skipped", "done"]


def test_a_draft_does_not_settle_a_check() -> None:
    assert states(time(12, 30), [MidCheck("12:00", rating=4)]) == ["due", "upcoming"]


def test_nothing_falls_due_on_a_day_off() -> None:
    assert states(time(13, 0), working=False) == ["upcoming", "upcoming"]


def test_the_mark_shows_due_then_skipped() -> None:
    slots = midcheck_slots(TIMES, [], HOURS, time(12, 1), True)
    assert midcheck_mark(slots) == "⚑ mid-check due"
    skipped = [MidCheck("12:00", MidStatus.SKIPPED)]
    slots = midcheck_slots(TIMES, skipped, HOURS, time(13, 0), True)
    assert midcheck_mark(slots) == "12:00 skipped"
    missed = midcheck_slots(TIMES, [], HOURS, time(15, 0), True)
    assert midcheck_mark(missed) == "⚑ mid-check due"
    assert midcheck_mark(midcheck_slots(TIMES, [], HOURS, time(18, 0), True)) == ""
    done = [MidCheck("12:00", MidStatus.DONE, rating=2)]
    assert midcheck_mark(midcheck_slots(TIMES, done, HOURS, time(13, 0), True)) == ""


def test_the_key_opens_the_due_check_else_the_next_early_else_the_last() -> None:
    early = midcheck_slots(TIMES, [], HOURS, time(10, 0), True)
    assert due_slot(early) is None
    assert slot_to_open(early).name == "12:00"  # type: ignore[union-attr]
    due = midcheck_slots(TIMES, [], HOURS, time(15, 40), True)
    assert slot_to_open(due).name == "15:30"  # type: ignore[union-attr]
    done = [MidCheck("12:00", MidStatus.DONE, rating=3), MidCheck("15:30", MidStatus.SKIPPED)]
    late = midcheck_slots(TIMES, done, HOURS, time(19, 0), True)
    assert slot_to_open(late).name == "15:30"  # type: ignore[union-attr]
    assert slot_to_open([]) is None


def test_the_block_rating_is_required_and_only_1_to_5() -> None:
    check = MidCheck("12:00")
    with pytest.raises(ValueError, match="required"):
        check.submit(datetime(2026, 11, 23, 12, 5, tzinfo=JST))
    for bad in (0, 6, -1, True, "3"):
        with pytest.raises(ValueError):
            MidCheck("12:00", rating=bad).validated()  # type: ignore[arg-type]
    done = MidCheck("12:00", rating=5).submit(datetime(2026, 11, 23, 12, 5, tzinfo=JST))
    assert done.status is MidStatus.DONE and done.submitted_at == done.changed_at


def test_text_is_cut_to_its_limit() -> None:
    long = "あ" * 500
    check = MidCheck("12:00", working=long).validated()
    assert len(check.working) == MIDCHECK_LIMITS["working"]


def test_a_stored_record_with_a_rating_out_of_range_is_refused() -> None:
    record = MidCheck("12:00", rating=3).to_record()
    record["rating"] = 9
    with pytest.raises(ValueError, match="12:00"):
        MidCheck.from_record(record)
    record["rating"] = None
    record["status"] = "done"
    with pytest.raises(ValueError, match="without a block rating"):
        MidCheck.from_record(record)


def test_snapshot_of_a_day_view_round_trips(config: Config) -> None:
    moment = datetime(2026, 11, 23, 12, 0, tzinfo=JST)
    kinds = ["call"] * 20 + ["connect"] * 5 + ["meeting"]
    events = [
        Event(str(i), moment - timedelta(minutes=i * 5), kind) for i, kind in enumerate(kinds)
    ]
    view = build_day_view(
        events, config.metrics, config.targets, config.hours, config.calendar, DAY, moment
    )
    snap = snapshot_of(view)
    call = snap.line("call")
    assert call is not None and call.count == 26 and call.target == 100
    assert call.expected == pytest.approx(37.5)
    assert call.delta == -12
    assert snap.needed_per_hour == pytest.approx(74 / 5)
    rate = next(r for r in snap.rates if r.key == "connect")
    assert (rate.num, rate.den, rate.target_num, rate.target_den) == (6, 26, 25, 100)
    back = FigureSnapshot.from_record(snap.to_record())
    assert back.to_record() == snap.to_record()
    assert back.hourly[11]["call"] == view.hourly[11]["call"]


def test_hourly_series_covers_the_working_hours_and_stray_hours() -> None:
    hours, series = hourly_series({10: {"call": 4}, 19: {"call": 1}}, ["call"], HOURS)
    assert hours == [9, 10, 11, 12, 13, 14, 15, 16, 17, 19]
    assert series["call"][1] == 4 and series["call"][-1] == 1


def test_reflection_round_trips_japanese_and_drops_blank_plan_lines_on_submit() -> None:
    at = datetime(2026, 11, 23, 18, 20, tzinfo=JST)
    draft = Reflection(
        day=DAY,
        went_well="午前中に商談を2件設定できた",
        hard="予算の話で切り返せず",
        learning="「今の運用で困っていること」から聞く",
        objections=("no budget", "no budget", "bad timing"),
        actions=("", "受付には部署名を先に伝える", ""),
        tomorrow_targets={"call": 110},
        focus=4,
        energy=2,
    )
    assert Reflection.from_record(draft.to_record()) == draft.validated()
    assert draft.validated().actions == ("", "受付には部署名を先に伝える", "")
    done = draft.submit(at)
    assert done.submitted and done.changed_at == at and done.submitted_at == at
    assert done.actions == ("受付には部署名を先に伝える",)
    assert done.objections == ("no budget", "bad timing")
    later = done.submit(at + timedelta(hours=1))
    assert later.submitted_at == at and later.changed_at == at + timedelta(hours=1)


def test_reflection_ratings_and_targets_are_checked() -> None:
    with pytest.raises(ValueError, match="focus"):
        Reflection(day=DAY, focus=6).validated()
    with pytest.raises(ValueError, match="target"):
        Reflection(day=DAY, tomorrow_targets={"call": -1}).validated()
    assert parse_target(" 120 ") == 120
    assert parse_target("") is None
    for bad in ("1.5", "-3", "１２", "99999"):
        with pytest.raises(ValueError):
            parse_target(bad)


def test_reflection_is_due_after_the_working_day_until_done() -> None:
    cal = WorkCalendar()
    end = datetime(2026, 11, 23, 18, 0, tzinfo=JST)
    assert not reflection_due(HOURS, end - timedelta(minutes=1), DAY, cal, False)
    assert reflection_due(HOURS, end, DAY, cal, False)
    assert not reflection_due(HOURS, end, DAY, cal, True)
    saturday = datetime(2026, 11, 28, 19, 0, tzinfo=JST)
    assert not reflection_due(HOURS, saturday, saturday.date(), cal, False)


def test_tomorrow_after_a_friday_is_monday() -> None:
    cal = WorkCalendar(holidays=frozenset({date(2026, 11, 24)}))
    assert next_working_day(date(2026, 11, 20), cal) == date(2026, 11, 23)
    assert next_working_day(date(2026, 11, 23), cal) == date(2026, 11, 25)


@given(st.text(max_size=60), st.integers(min_value=1, max_value=80))
def test_clipped_text_always_fits_its_columns(text: str, width: int) -> None:
    clipped = clip_to_width(text, width)
    assert display_width(clipped) <= width
    if display_width(text) <= width:
        assert clipped == text


@given(st.text(alphabet="あいう漢字abc１２ｱ", max_size=40))
def test_display_width_agrees_with_rich(text: str) -> None:
    from rich.cells import cell_len

    assert display_width(text) == cell_len(text)
