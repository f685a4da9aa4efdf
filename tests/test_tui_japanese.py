"""The TUI in Japanese (#13): every screen's picture at 80x24 and 120x40 with
no English UI word of the catalog on it, Today with Japanese labels that
keeps its percentage column and its whole footer at 80x24, and the palette's
language switch (the language, the config, and nothing typed lost).

The clock is injected (snapshot_support's Thursday 14:40 JST, the team's
Monday) and the language set by the test, never read from the machine.
Update the pictures after an intended change with ``--snapshot-update`` and
look at them (tests/__snapshots__/test_tui_japanese/) before committing.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from babel.messages.pofile import read_po
from textual.app import App
from textual.pilot import Pilot
from textual.widgets import Input

from forms_helpers import until
from istui import i18n
from istui.i18n import tr
from istui.services.config import load_config
from istui.tui.screens.midcheck import MidCheckScreen
from istui.tui.screens.review_forms import ActionForm
from istui.tui.screens.today import TodayScreen
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.today import MetricRow
from ja_screens import SCREENS, Reach, ja_team_app, ja_world, screen_lines
from snapshot_support import LARGE, ROOT, SMALL, horizontal_overflow, make_world, snap_app

Snap = Callable[..., bool]

#: English that is the same on a Japanese screen: key names, file and command
#: words, theme names (istui-dark).
SAME_IN_BOTH = frozenset(
    {
        "istui", "ctrl", "enter", "space", "PATH", "team", "json", "status",
        "HH:MM", "YYYY-MM-DD", "YYYY-MM", "MM-DD", "Textual", "Caps Lock", "dark", "light", "contrast",
    }
)  # fmt: skip


#: English the TUI shows but other areas write, translated in their own catalog
#: files (po/ja/<area>.po, parallel work of #13): allowed only while that file
#: is not there. Once it is merged, the check is whole again by itself, and a
#: word of the area still in English on a Japanese screen fails it.
ELSEWHERE: dict[str, frozenset[str]] = {
    # render/: the review's tables and diagnosis, the plan chain and its
    # warnings, the month lines, the team table and totals, needed/hour, the
    # mid-check mark, the status line on the events screen.
    "render": frozenset(
        {
            "Help", "Week", "actual", "below", "call", "change", "connect", "connect rate",
            "connects", "contact", "meeting",
            "deals", "done", "hour", "landing", "last", "meeting rate", "meetings",
            "mid-check", "month", "needed", "of target", "pace", "rate", "reflection",
            "target", "this week", "to date", "today", "volume", "week", "working",
            "working days", "days", "the month",
        }
    ),
    # the config's defaults (services/config.py, with the CLI): the objection
    # pick-list, the metrics' short names (the status line's "email")
    "cli": frozenset({"using", "email"}),
}  # fmt: skip


def pending_elsewhere() -> frozenset[str]:
    """The ELSEWHERE words whose area's catalog file is not merged yet."""
    folder = ROOT / "po" / "ja"
    return frozenset().union(
        *(words for area, words in ELSEWHERE.items() if not (folder / f"{area}.po").exists())
    )


@pytest.fixture
def ja(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("NO_COLOR", raising=False)
    i18n.set_language("ja")


def _app(reach: Reach, folder: Path) -> App[Any]:
    if reach.team:
        return ja_team_app(folder / "team")
    return snap_app(ja_world(folder / "rep"), "istui-dark")


async def _reach(pilot: Pilot[Any], reach: Reach) -> None:
    """Press the keys that open the screen (the snapshot steadies the cursors:
    conftest's snap_compare)."""
    await pilot.pause()
    for key in reach.keys:
        await pilot.press(key)
        await pilot.pause()
    await pilot.pause(0.5 if "ctrl+p" in reach.keys else 0.2)
    await pilot.pause()


# -- every screen's picture ---------------------------------------------------------


@pytest.mark.parametrize("size", [SMALL, LARGE], ids=lambda s: f"{s[0]}x{s[1]}")
@pytest.mark.parametrize("reach", SCREENS, ids=lambda r: r.name)
def test_screen_in_japanese(
    snap_compare: Snap, tmp_path: Path, ja: None, reach: Reach, size: tuple[int, int]
) -> None:
    """The picture, and no English UI word of the catalog on it (read from the
    same run: a toast shown then counts too)."""
    app = _app(reach, tmp_path)
    shown: list[str] = []

    async def before(pilot: Pilot[Any]) -> None:
        await _reach(pilot, reach)
        shown.extend(screen_lines(app))
        # a reminder's toast shows over a pushed screen or not, by timing
        app.clear_notifications()
        await pilot.pause()

    assert snap_compare(app, terminal_size=size, run_before=before)
    assert shown, "the screen was read"
    assert english_on(shown, catalog_phrases()) == [], reach.name


# -- no English UI word -------------------------------------------------------------


@functools.cache
def _catalog_phrases() -> frozenset[str]:
    return frozenset(catalog_phrases_uncached())


def catalog_phrases() -> set[str]:
    """``catalog_phrases_uncached()``, read once per test process."""
    return set(_catalog_phrases())


def catalog_phrases_uncached() -> set[str]:
    """The English words and phrases of the catalog (every area's message ids):
    each id's runs of letters between its fields and punctuation, of at least
    four letters ("Undo", "connect rate", "Today and anywhere")."""
    phrases: set[str] = set()
    for path in sorted((ROOT / "po" / "ja").glob("*.po")):
        with path.open("rb") as f:
            catalog = read_po(f, locale="ja")
        for message in catalog:
            ids = message.id if isinstance(message.id, tuple | list) else (message.id,)
            for ident in ids:
                text = re.sub(r"\{[^}]*\}", "|", str(ident))
                for chunk in re.split(r"[^A-Za-z' -]+|\s{2,}| - ", text):
                    chunk = chunk.strip(" -'")
                    if sum(c.isalpha() for c in chunk) >= 4:
                        phrases.add(chunk)
    return phrases - SAME_IN_BOTH - pending_elsewhere()


def english_on(lines: list[str], phrases: set[str]) -> list[str]:
    text = "\n".join(lines)
    return sorted(
        phrase
        for phrase in phrases
        if re.search(rf"(?<![A-Za-z]){re.escape(phrase)}(?![A-Za-z])", text)
    )


def test_the_catalog_has_english_phrases_to_look_for() -> None:
    phrases = catalog_phrases()
    assert {"Undo", "Rates", "Today and anywhere", "What is working"} <= phrases
    assert len(phrases) > 200


async def test_english_words_are_found_in_english(tmp_path: Path) -> None:
    """The check can fail: the same screen in English shows the catalog's words."""
    app = _app(Reach("today"), tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await _reach(pilot, Reach("today"))
        found = english_on(screen_lines(app), catalog_phrases())
    assert {"Rates", "Pace", "Undo", "Reflect"} <= set(found)


# -- Today fits at 80x24 with Japanese labels ----------------------------------------


async def test_today_in_japanese_keeps_percentages_and_whole_footer(
    tmp_path: Path, ja: None
) -> None:
    app = _app(Reach("today"), tmp_path)
    async with app.run_test(size=SMALL) as pilot:
        await _reach(pilot, Reach("today"))
        screen = app.screen
        assert isinstance(screen, TodayScreen)
        assert horizontal_overflow(screen) == []
        lines = screen_lines(app)
        for row in screen.query(MetricRow):
            label = row.line.metric.label
            shown = next(line for line in lines if f"] {label}" in line)
            assert re.search(r"\d+%$", shown), shown  # the percentage, whole, at the end
            assert row.region.right <= 80
        footer = screen.query_one(KeysFooter)
        assert footer.region.bottom == 24
        keys = "\n".join(lines[footer.region.y : footer.region.bottom])
        for active in screen.active_bindings.values():
            binding = active.binding
            if binding.show and binding.description:
                display = binding.key_display or app.get_key_display(binding)
                assert f"{display} {binding.description}" in keys, keys
        assert f"r {tr('Reflect')}" in keys and "q 終了" in keys


# -- the palette's language switch ---------------------------------------------------


async def _palette(pilot: Pilot[Any], query: str) -> None:
    await pilot.press("ctrl+p")
    await pilot.pause()
    for character in query:
        await pilot.press(character)
    await pilot.pause(0.3)
    await pilot.press("enter")
    await pilot.pause(0.3)


async def test_palette_switches_the_running_app_to_japanese_and_back(tmp_path: Path) -> None:
    world = ja_world(tmp_path / "rep")
    app = snap_app(world, "istui-dark")
    assert world.config.path is not None
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        assert "Reflect" in "\n".join(screen_lines(app))
        await _palette(pilot, "日本語")
        assert i18n.current_language() == "ja"
        assert load_config(world.config.path).language == "ja"
        assert isinstance(app.screen, TodayScreen)
        shown = "\n".join(screen_lines(app))
        assert "振り返り" in shown and "ペース" in shown and "Reflect" not in shown
        await _palette(pilot, "English")
        assert i18n.current_language() == "en"
        assert load_config(world.config.path).language == "en"
        assert "Reflect" in "\n".join(screen_lines(app))


async def test_switching_language_keeps_a_form_typed_into(tmp_path: Path) -> None:
    """A mid-check half written: the switch writes its draft and the reopened
    form has every word; the rep's counts are untouched."""
    world = ja_world(tmp_path / "rep")
    app = snap_app(world, "istui-dark")
    day = world.clock.now().date()
    before = len(world.store.day_events(day))
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, MidCheckScreen))
        await pilot.press("4", "tab")
        for character in "朝の架電が良い":
            await pilot.press(character)
        await pilot.pause()
        await _palette(pilot, "日本語")
        assert i18n.current_language() == "ja"
        assert isinstance(app.screen, TodayScreen)
        await pilot.press("k")
        await until(pilot, lambda: isinstance(app.screen, MidCheckScreen))
        form = app.screen
        assert isinstance(form, MidCheckScreen)
        assert form._input("working") == "朝の架電が良い"
        assert form.read_form()["rating"] == 4
    assert len(world.store.day_events(day)) == before


async def test_switch_waits_for_a_form_only_its_save_keeps(tmp_path: Path) -> None:
    """An action typed into the review's form is not saved until ctrl+s: the
    switch is refused, said why, and the text stays where it was typed."""
    world = ja_world(tmp_path / "rep")
    app = snap_app(world, "istui-dark")
    async with app.run_test(size=LARGE, notifications=True) as pilot:
        await pilot.pause()
        await pilot.press("w", "a")
        await until(pilot, lambda: isinstance(app.screen, ActionForm))
        for character in "call list B":
            await pilot.press("space" if character == " " else character)
        await _palette(pilot, "日本語")
        assert i18n.current_language() == "en"
        assert isinstance(app.screen, ActionForm)
        assert app.screen.query_one("#f-action", Input).value == "call list B"
        assert any("language not changed" in n.message for n in app._notifications)


async def test_today_rows_line_up_in_cells_with_japanese_labels(tmp_path: Path, ja: None) -> None:
    """Counts, bars and percentages start at the same column on every row, and
    the week strip's columns too, whatever width the labels' characters take."""
    from rich.cells import cell_len

    app = _app(Reach("today"), tmp_path)
    async with app.run_test(size=LARGE) as pilot:
        await _reach(pilot, Reach("today"))
        rows = [row.render().plain for row in app.screen.query(MetricRow)]
        assert len(rows) == 4 and any("アポ獲得" in row for row in rows)
        slash = {cell_len(row[: row.index(" / ")]) for row in rows}
        percent_end = {cell_len(row.rstrip()) for row in rows}
        assert len(slash) == 1 and len(percent_end) == 1, rows
        lines = screen_lines(app)
        week = [line for line in lines if re.search(r"\d+/\d+\s*$", line) and "/" in line[60:]]
        ends = {cell_len(line) for line in week}
        assert len(week) >= 5 and len(ends) == 1, week


def test_bindings_keep_english_ids_and_show_the_language_in_force() -> None:
    """A Binding's description stays the catalog's English id; what screens
    read (active_bindings) is translated when read, so a switch needs no rebuild
    of the bindings."""
    from textual.binding import Binding

    from istui.tui.bindings import translated

    binding = Binding("r", "reflect", "Reflect", tooltip="open the end-of-day reflection")
    i18n.set_language("ja")
    shown = translated(binding)
    assert (shown.description, shown.tooltip) == ("振り返り", "終業時の振り返りを開く")
    assert binding.description == "Reflect"
    own = Binding("c", "log('call')", "Reflect")  # a logging key: the rep's own label
    assert translated(own).description == "Reflect"
    i18n.set_language("en")
    assert translated(binding).description == "Reflect"


async def test_the_team_view_switches_language_from_the_palette(tmp_path: Path) -> None:
    """The lead's app offers the same entries; its team view is rebuilt on the
    week it showed."""
    app = ja_team_app(tmp_path / "team")
    async with app.run_test(size=LARGE) as pilot:
        await pilot.pause()
        await pilot.press("right_square_bracket")
        await pilot.pause()
        week = app.screen.week  # type: ignore[attr-defined]
        await _palette(pilot, "日本語")
        assert i18n.current_language() == "ja"
        shown = "\n".join(screen_lines(app))
        assert "並べ替え" in shown and "Sort" not in shown
        assert app.screen.week == week  # type: ignore[attr-defined]


async def test_the_week_strip_shows_a_long_japanese_label_whole(tmp_path: Path, ja: None) -> None:
    """A Japanese default config's 商談設定数 is 10 cells: the week strip's
    columns widen to it rather than cut it to 商談設定… (200x50, room to spare)."""
    world = make_world(tmp_path / "rep")
    assert "商談設定数" in [m.label for m in world.config.metrics.all]
    app = snap_app(world, "istui-dark")
    async with app.run_test(size=(200, 50)) as pilot:
        await pilot.pause()
        lines = screen_lines(app)
    header = [
        line for line in lines if "架電数" in line and "接続数" in line and "件中" not in line
    ]
    assert any(line.rstrip().endswith("商談設定数") or "商談設定数 " in line for line in header), (
        header
    )
    assert not any("商談設定…" in line for line in lines)
