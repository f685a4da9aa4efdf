"""Pilot tests of the mid-check, reflection and day-history screens."""

from __future__ import annotations

from dataclasses import replace
from datetime import date, datetime, timedelta

from rich.cells import cell_len
from textual.geometry import Region
from textual.widgets import Input, OptionList, Static
from textual_plotext import PlotextPlot

from forms_helpers import at, run_app, type_text
from istui.domain.reflection import MidCheck, MidStatus, Reflection
from istui.domain.targets import targets_in_force
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.forms import load_midchecks, load_reflection
from istui.store import Store
from istui.tui.screens.day_history import DayHistoryScreen, day_label
from istui.tui.screens.midcheck import MidCheckScreen
from istui.tui.screens.reflection import ReflectionScreen
from istui.tui.screens.today import TodayScreen
from istui.tui.widgets.forms import AnswerArea, RatingPicker

DAY = date(2026, 11, 23)


async def test_a_midcheck_falling_due_while_dialling_loses_no_key(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(11, 59, 50))
    async with run_app(config, store, clock) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        await pilot.press("c", "o", "m", "c")
        assert "midcheck" not in screen.marks
        clock.set(at(12, 0, 5))
        # keys pressed around the tick that finds the check due
        await pilot.press("c", "c")
        screen._tick()
        await pilot.press("o", "m", "c")
        screen._tick()
        await pilot.press("c", "o")
        await pilot.pause()
        assert app.screen is screen  # never pushed a screen over the dialling
        assert isinstance(screen, TodayScreen)
        assert isinstance(app.focused, type(None)) or app.focused.screen is screen
        assert screen.marks["midcheck"] == "⚑ mid-check due"
        bar = screen.query_one("#topbar", Static)
        (line,) = bar.render_lines(Region(0, 0, bar.size.width, 1))
        assert "⚑ mid-check due" in "".join(seg.text for seg in line)  # whole, at 80 columns
        toasts = [n.message for n in app._notifications]
        assert sum("mid-check 12:00 is due" in m for m in toasts) == 1  # once, not every tick
    kinds = [e.kind for e in store.day_events(DAY)]
    assert len(kinds) == 11
    assert kinds.count("call") == 6 and kinds.count("connect") == 3 and kinds.count("meeting") == 2


async def test_a_filled_midcheck_is_stored_with_its_snapshot(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(11, 0))
    store.log("call", 30, at=at(10, 0))
    store.log("connect", 8, at=at(10, 30))
    store.log("meeting", 1, at=at(11, 0))
    clock.set(at(12, 10))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, MidCheckScreen)
        assert app.screen.slot == "12:00"
        await pilot.press("4", "tab")
        await type_text(pilot, "冒頭の一言を短くした")
        await pilot.press("tab")
        await type_text(pilot, "no answer")
        await pilot.press("tab", "tab", "space", "tab")
        await type_text(pilot, "ロープレ")
        clock.set(at(12, 14))
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "midcheck" not in app.screen.marks
    (check,) = load_midchecks(store, DAY)
    assert check.status is MidStatus.DONE and check.rating == 4
    assert check.working == "冒頭の一言を短くした"
    assert check.blocking == "no answer"
    assert check.need_help and check.help_text == "ロープレ"
    assert check.submitted_at == at(12, 14)
    snap = check.snapshot
    assert snap is not None and snap.at == at(12, 10)  # the figures the rep saw
    call = snap.line("call")
    assert call is not None and (call.count, call.target, call.expected) == (39, 100, 37.5)
    assert snap.pace_delta == 2 and snap.needed_per_hour == (100 - 39) / 5


async def test_the_rating_cannot_be_outside_1_to_5_and_is_required(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(12, 5))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        picker = app.screen.query_one(RatingPicker)
        assert app.focused is picker
        await pilot.press("0", "6", "9", "7")
        assert picker.rating is None
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert isinstance(app.screen, MidCheckScreen)  # refused: rating required
        assert any("required" in n.message for n in app._notifications)
        await pilot.press("5")
        assert picker.rating == 5
    (check,) = load_midchecks(store, DAY)  # closing on exit kept the draft
    assert check.status is MidStatus.DRAFT and check.rating == 5


async def test_skipping_a_check_stays_visible_as_skipped(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(12, 5))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("ctrl+n")
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert screen.marks["midcheck"] == "12:00 skipped"
        await pilot.press("c")
    assert load_midchecks(store, DAY)[0].status is MidStatus.SKIPPED
    assert len(store.day_events(DAY)) == 1


async def test_a_check_can_be_opened_early(config: Config, store: Store, clock: FixedClock) -> None:
    async with run_app(config, store, clock) as (app, pilot):  # 10:30, nothing due yet
        assert "midcheck" not in app.screen.marks  # type: ignore[attr-defined]
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, MidCheckScreen) and app.screen.slot == "12:00"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert load_midchecks(store, DAY) == []  # opening and closing wrote nothing


async def test_text_fields_show_a_count_and_stop_at_their_limit(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("tab")
        await type_text(pilot, "受付突破")
        count = app.screen.query_one("#field-working .field-count", Static)
        assert str(count.render()) == "4/120"
        field = app.screen.query_one("#in-working", AnswerArea)
        field.value = "あ" * 117
        field.cursor_position = 117
        await type_text(pilot, "いうえおか")
        assert len(field.value) == 120
        assert str(count.render()) == "120/120"


async def test_closing_the_app_mid_typing_keeps_the_draft(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "途中まで")
        await pilot.press("ctrl+q")  # before the debounce has written anything
    reflection = load_reflection(store, DAY)
    assert reflection is not None and reflection.went_well == "途中まで"
    assert not reflection.submitted
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        assert app.screen.query_one("#in-went_well", AnswerArea).value == "途中まで"


async def test_reflection_opens_with_went_well_in_view_and_typing_lands_there(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """The reflection opens with its first field on screen, and typing lands there."""
    clock.set(clock.now().replace(hour=18, minute=30))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        await pilot.press("r")
        await pilot.pause()
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, ReflectionScreen)
        went_well = screen.query_one("#in-went_well", AnswerArea)
        assert app.focused is went_well
        body = screen.query_one("#form-body")
        assert body.region.contains_region(went_well.region), (went_well.region, body.region)
        await pilot.press(*"電話がつながった")
        await pilot.pause()
        assert went_well.value == "電話がつながった"
        assert screen.query_one("#in-hard", AnswerArea).value == ""


async def test_the_reflection_is_reminded_after_hours_and_submitted_with_targets(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(17, 0))
    store.log("call", 90, at=at(10, 0))
    store.log("connect", 20, at=at(14, 0))
    store.log("meeting", 3, at=at(16, 0))
    clock.set(at(18, 20))
    async with run_app(config, store, clock) as (app, pilot):
        today = app.screen
        assert isinstance(today, TodayScreen)
        assert today.marks["reflection"] == "⚑ reflection due"
        assert "midcheck" not in today.marks
        assert any("reflection" in n.message for n in app._notifications)
        await pilot.press("c")  # still counting after hours
        await pilot.press("r")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReflectionScreen)
        await type_text(pilot, "午前中に商談を設定できた")
        await pilot.press("tab")
        await type_text(pilot, "予算の切り返し")
        await pilot.press("tab")
        await type_text(pilot, "金曜の夕方は決裁者がつかまる")
        await pilot.press("tab", "space", "down", "down", "space", "tab")
        await type_text(pilot, "今は忙しい")
        await pilot.press("tab")
        await type_text(pilot, "紹介先リストから架電")
        form.query_one("#target-call", Input).value = "120"
        form.query_one("#focus", RatingPicker).action_pick(4)
        form.query_one("#energy", RatingPicker).action_pick(2)
        await pilot.pause()
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is today
        assert isinstance(today, TodayScreen)
        assert "reflection" not in today.marks
    reflection = load_reflection(store, DAY)
    assert reflection is not None and reflection.submitted
    assert reflection.went_well == "午前中に商談を設定できた"
    assert reflection.hard == "予算の切り返し"
    assert reflection.learning == "金曜の夕方は決裁者がつかまる"
    assert reflection.objections == ("no budget", "using a competitor")
    assert reflection.objections_other == "今は忙しい"
    assert reflection.actions == ("紹介先リストから架電",)
    assert (reflection.focus, reflection.energy) == (4, 2)
    assert reflection.changed_at == at(18, 20)
    assert reflection.snapshot is not None
    assert reflection.snapshot.line("call").count == 90 + 20 + 3 + 1  # type: ignore[union-attr]
    tomorrow = DAY + timedelta(days=1)
    targets = targets_in_force(store.target_versions(), tomorrow, config.calendar)
    assert targets["call"] == 120 and targets["connect"] == 25
    assert targets_in_force(store.target_versions(), DAY, config.calendar)["call"] == 100


async def test_the_reflection_chart_renders_at_80x24(
    config: Config, store: Store, clock: FixedClock
) -> None:
    for hour, n in ((9, 12), (10, 15), (13, 9), (16, 14)):
        store.log("call", n, at=at(hour, 20))
        store.log("connect", n // 3, at=at(hour, 40))
    clock.set(at(18, 30))
    async with run_app(config, store, clock, reflect_day=DAY) as (app, pilot):
        await pilot.pause()
        plot = app.screen.query_one(PlotextPlot)
        assert plot.size.width > 40 and plot.size.height >= 8
        lines = plot.render_lines(Region(0, 0, plot.size.width, plot.size.height))
        assert all(strip.cell_length == plot.size.width for strip in lines)
        text = "".join(seg.text for strip in lines for seg in strip)
        assert "10h" in text and "16h" in text and "calls" in text
        assert "█" in text or "▇" in text or "▄" in text


async def test_japanese_round_trips_and_renders_at_the_right_width(
    config: Config, store: Store, clock: FixedClock
) -> None:
    words = "上手くいった点：受付突破"
    clock.set(at(18, 5))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, words)
        assert str(app.screen.query_one("#field-went_well .field-count", Static).render()) == (
            f"{len(words)}/300"
        )
        await pilot.press("ctrl+s")
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, DayHistoryScreen)
        detail = history.query_one("#history-reflection", Static)
        width = detail.size.width
        strips = detail.render_lines(Region(0, 0, width, detail.size.height))
        assert all(strip.cell_length == width for strip in strips)
        rows = ["".join(seg.text for seg in strip) for strip in strips]
        row = next(r for r in rows if words in r)
        # the full-width characters take two columns each: the row still fits
        assert cell_len(row) == width
        assert cell_len(words) == 2 * len(words)
    assert load_reflection(store, DAY).went_well == words  # type: ignore[union-attr]


async def test_day_history_shows_a_past_day_and_edits_its_reflection(
    config: Config, store: Store, clock: FixedClock
) -> None:
    from istui.services.demo import fill_forms, fill_history

    fill_history(store, clock.now(), 7, hours=config.hours, calendar=config.calendar)
    fill_forms(store, config, clock.now(), 7)
    friday = date(2026, 11, 20)
    before = load_reflection(store, friday)
    assert before is not None and before.submitted
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("h")
        await pilot.pause()
        await pilot.press("down")
        await pilot.pause()
        history = app.screen
        assert isinstance(history, DayHistoryScreen) and history.current == friday
        shown = str(history.query_one("#history-reflection", Static).render())
        assert before.went_well in shown
        checks = str(history.query_one("#history-checks", Static).render())
        assert "Mid-check 12:00" in checks and "Mid-check 15:30" in checks
        await pilot.press("e")
        await pilot.pause()
        form = app.screen
        assert isinstance(form, ReflectionScreen) and form.day == friday
        assert form.query_one("#in-went_well", AnswerArea).value == before.went_well
        assert form.query_one("#target-call", Input).disabled  # Monday already here
        await pilot.press("end")
        await type_text(pilot, "（追記）")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert app.screen is history
        assert "（追記）" in str(history.query_one("#history-reflection", Static).render())
        label = str(history.query_one(OptionList).get_option_at_index(1).prompt)
        assert label == "11-20 Fri ✓ 2/2"
        await pilot.press("escape")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    after = load_reflection(store, friday)
    assert after is not None and after.went_well == before.went_well + "（追記）"
    assert after.submitted_at == before.submitted_at
    assert after.changed_at == clock.now()


def _check(slot: str, status: MidStatus) -> MidCheck:
    return replace(MidCheck(slot=slot), status=status, rating=3)


def test_history_label_shows_a_skipped_check_apart_from_a_done_one() -> None:
    """The day history tells a skipped mid-check from a done one."""
    day = date(2026, 11, 20)
    done = Reflection(day=day, submitted=True, changed_at=datetime(2026, 11, 20, 19, 0))
    both = day_label(
        day, [_check("12:00", MidStatus.DONE), _check("15:30", MidStatus.DONE)], done, 2
    )
    one_skipped = day_label(
        day, [_check("12:00", MidStatus.SKIPPED), _check("15:30", MidStatus.DONE)], done, 2
    )
    assert both.endswith("✓ 2/2")
    assert one_skipped.endswith("✓ 1/2 ✗1")
    assert both != one_skipped


async def test_history_list_fits_a_label_with_a_skipped_check_on_one_line(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        await pilot.press("h")
        await pilot.pause()
        days = app.screen.query_one(OptionList)
        label = day_label(date(2026, 11, 20), [_check("12:00", MidStatus.SKIPPED)], None, 2)
        room = days.scrollable_content_region.width - days.scrollbar_size_vertical
        assert cell_len(label) <= room, (label, room)


async def test_istui_reflect_opens_the_form_alone_and_escape_quits(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock, reflect_day=date(2026, 11, 20)) as (app, pilot):
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        await type_text(pilot, "金曜")
        await pilot.press("escape")
        await pilot.pause()
        assert app._exit  # closing the form quits: `istui reflect` returns to the shell
    assert load_reflection(store, date(2026, 11, 20)).went_well == "金曜"  # type: ignore[union-attr]


async def test_the_reflection_reminder_repeats_every_half_hour_until_done(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(17, 50))
    async with run_app(config, store, clock) as (app, pilot):
        screen = app.screen
        assert isinstance(screen, TodayScreen)

        def reminders() -> int:
            return sum("working day is over" in n.message for n in app._notifications)

        screen._tick()
        await pilot.pause()
        assert reminders() == 0 and "reflection" not in screen.marks
        for minutes, expected in ((10, 1), (20, 1), (31, 1), (40, 2)):
            clock.set(at(18, 0) + timedelta(minutes=minutes - 10))
            screen._tick()
            await pilot.pause()  # a toast is a message: let it arrive
            assert reminders() == expected, minutes
        assert screen.marks["reflection"] == "⚑ reflection due"
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "ok")
        await pilot.press("ctrl+s")
        await pilot.pause()
        assert "reflection" not in screen.marks
        clock.set(at(19, 30))
        screen._tick()
        await pilot.pause()
        assert reminders() == 2


async def test_reopening_the_reflection_and_typing_keeps_the_saved_answer(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """Focusing a filled field never selects it: the first key appends, not replaces."""
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        await type_text(pilot, "朝の架電")
        await pilot.press("tab")
        await type_text(pilot, "hard")
        await pilot.press("ctrl+q")
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        went_well = app.screen.query_one("#in-went_well", AnswerArea)
        assert app.focused is went_well
        await type_text(pilot, "が良かった")
        assert went_well.value == "朝の架電が良かった"
        await pilot.press("tab")  # Tab into the next filled field
        await pilot.press("x")
        assert app.screen.query_one("#in-hard", AnswerArea).value == "hardx"
        await pilot.press("ctrl+q")
    reflection = load_reflection(store, DAY)
    assert reflection is not None
    assert (reflection.went_well, reflection.hard) == ("朝の架電が良かった", "hardx")


async def test_reopening_a_midcheck_and_typing_keeps_the_saved_answer(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(12, 10))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        await pilot.press("4", "tab")
        await type_text(pilot, "short opener")
        await pilot.press("ctrl+q")
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, MidCheckScreen)
        working = app.screen.query_one("#in-working", AnswerArea)
        working.focus()
        await pilot.pause()
        await pilot.press("!")
        assert working.value == "short opener!"


def test_no_text_field_of_the_app_selects_on_focus() -> None:
    """Every form field is the one TextInput: the rule has one home."""
    from istui.tui.widgets.forms import TextInput

    assert TextInput().select_on_focus is False
    assert TextInput(select_on_focus=True).select_on_focus is True
