"""Words are never replaced by accident: per form, reopen, type, the earlier text
is still there, and undo (ctrl+z) gives back what was there; redo (ctrl+y)
again. The main answers are multi-line areas that show the whole answer."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

from textual.widgets import Input, Static

from forms_helpers import at, run_app, type_text
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.weekplan import ReviewAction
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.forms import load_midchecks, load_reflection, save_midcheck, save_reflection
from istui.store import Store
from istui.tui.screens.midcheck import MidCheckScreen
from istui.tui.screens.reflection import ReflectionScreen
from istui.tui.screens.review_forms import ActionForm, FocusForm
from istui.tui.widgets.forms import AnswerArea, TextInput

DAY = date(2026, 11, 23)
LONG = (
    "受付で「担当者は不在です」と言われ、折り返しの約束を取れずに終わる電話が午前だけで十件以上あった。"
    * 2
)


async def test_reflection_reopened_keeps_the_answer_and_undo_gives_it_back(
    config: Config, store: Store, clock: FixedClock
) -> None:
    save_reflection(store, replace(Reflection(day=DAY), went_well="朝の架電", hard="受付"))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        assert isinstance(app.screen, ReflectionScreen)
        went_well = app.screen.query_one("#in-went_well", AnswerArea)
        assert app.focused is went_well
        await type_text(pilot, "が良かった")
        assert went_well.value == "朝の架電が良かった"
        await pilot.press("ctrl+z")
        assert went_well.value == "朝の架電"
        await pilot.press("ctrl+y")
        assert went_well.value == "朝の架電が良かった"
        await pilot.press("ctrl+z")
        await pilot.press("tab")  # into the next filled area: the cursor lands at its end
        await type_text(pilot, "突破")
        assert app.screen.query_one("#in-hard", AnswerArea).value == "受付突破"
        await pilot.press("escape")
        await pilot.pause()
    reflection = load_reflection(store, DAY)
    assert reflection is not None
    assert (reflection.went_well, reflection.hard) == ("朝の架電", "受付突破")


async def test_a_reflection_one_line_field_has_undo_too(
    config: Config, store: Store, clock: FixedClock
) -> None:
    save_reflection(store, replace(Reflection(day=DAY), actions=("朝一で架電",)))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        action = app.screen.query_one("#in-action1", TextInput)
        action.focus()
        await pilot.pause()
        await type_text(pilot, "する")
        await pilot.press("ctrl+a", "ctrl+k")  # wipe it: one step of its own
        assert action.value == ""
        await pilot.press("ctrl+z")
        assert action.value == "朝一で架電する"
        await pilot.press("ctrl+z")
        assert action.value == "朝一で架電"
        await pilot.press("ctrl+z")  # the text it opened with is the floor
        assert action.value == "朝一で架電"
        await pilot.press("ctrl+y", "ctrl+y")
        assert action.value == ""
        await pilot.press("ctrl+z")
        await pilot.press("escape")
        await pilot.pause()
    reflection = load_reflection(store, DAY)
    assert reflection is not None and reflection.actions[0] == "朝一で架電する"


async def test_midcheck_reopened_keeps_the_lines_and_undo_gives_them_back(
    config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(12, 10))
    save_midcheck(store, DAY, replace(MidCheck(slot="12:00"), rating=4, working="short opener"))
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("k")
        await pilot.pause()
        assert isinstance(app.screen, MidCheckScreen)
        await pilot.press("tab")  # from the rating into the first line
        working = app.screen.query_one("#in-working", AnswerArea)
        assert app.focused is working
        await type_text(pilot, " works")
        assert working.value == "short opener works"
        await pilot.press("ctrl+z")
        assert working.value == "short opener"
        await pilot.press("escape")
        await pilot.pause()
    (check,) = load_midchecks(store, DAY)
    assert check.working == "short opener" and check.rating == 4


async def test_a_long_answer_shows_whole_and_keeps_its_count_and_limit(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("r")
        await pilot.pause()
        area = app.screen.query_one("#in-went_well", AnswerArea)
        area.value = LONG[:82]
        await pilot.pause()
        assert area.size.height >= 3  # wrapped over rows, not a one-line tail
        assert area.virtual_size.height <= area.size.height  # all of it in view
        count = app.screen.query_one("#field-went_well .field-count", Static)
        assert str(count.render()) == "82/300"
        area.value = LONG * 4  # pasted past the limit: cut at it
        await pilot.pause()
        assert len(area.value) == 300
        await type_text(pilot, "あ")
        assert len(area.value) == 300 and str(count.render()) == "300/300"
        area.value = "改行\nなし"
        await pilot.press("enter")  # enter moves on; an answer is one paragraph
        assert area.value == "改行 なし"
        assert app.focused is not area


async def test_review_forms_reopened_keep_their_text_and_undo(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        action = ReviewAction(id=1, action="トーク改訂", owner="山田", deadline=None, done=False)
        await app.push_screen(ActionForm(action, "山田"))
        await pilot.pause()
        field = app.screen.query_one("#f-action", Input)
        field.focus()
        await pilot.pause()
        await type_text(pilot, "版")
        assert field.value == "トーク改訂版"
        await pilot.press("ctrl+z")
        assert field.value == "トーク改訂"
        await pilot.press("escape")
        await app.push_screen(FocusForm("新規リスト", "決裁者"))
        await pilot.pause()
        lists = app.screen.query_one("#f-lists", Input)
        lists.focus()
        await pilot.pause()
        await type_text(pilot, "A")
        assert lists.value == "新規リストA"
        await pilot.press("ctrl+z")
        assert lists.value == "新規リスト"
