"""The keyboard-first flow: the palette reaches everything, keys show in the footer
and help, the mouse works, and notices never take the keyboard away."""

from __future__ import annotations

from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen
from textual.widgets import Footer, Static
from textual.widgets._footer import FooterKey

from forms_helpers import make_app, palette_searched, run_app, run_palette_command, until
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.screens.help import HelpScreen
from istui.tui.screens.today import TodayScreen
from istui.tui.widgets.footer import KeysFooter, wrap_rows
from istui.tui.widgets.today import TopBar


def kinds(store: Store, clock: FixedClock) -> list[str]:
    return [e.kind for e in store.day_events(clock.now().date())]


class OtherScreen(Screen[None]):
    """Stands in for a screen another branch builds (mid-check, history, ...)."""

    BINDINGS = [
        Binding("escape", "app.pop_screen", "Back"),
        Binding("s", "save", "Save the check"),
    ]

    def __init__(self) -> None:
        super().__init__()
        self.saved = 0

    def compose(self):  # type: ignore[no-untyped-def]
        yield Static("other")
        yield Footer()

    def action_save(self) -> None:
        self.saved += 1


async def test_palette_lists_actions_screens_and_themes(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        names = {c.name: c for c in app.palette_commands(app.screen)}
        for name in ("Log Calls", "Log Connects", "Log Meetings", "Log Emails", "Undo"):
            assert name in names
        assert names["Log Connects"].key == "o"
        assert names["Log Calls"].help_line.endswith("key c")  # not eaten as markup
        system = [c.title for c in app.get_system_commands(app.screen)]
        assert "Screenshot" in system and "Theme" not in system and "Quit" not in system
        assert names["Quit"].key == "q" and names["Theme…"].key == "f2"
        assert "also counts calls" in names["Log Connects"].help
        for name in ("Today", "Help", "Theme…"):
            assert name in names
        for theme in ("istui-dark", "istui-light", "istui-contrast"):
            assert f"Theme: {theme}" in names
        # each logging action is listed once, under its own name
        assert "Calls" not in names


async def test_palette_runs_a_logging_command(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("ctrl+p")
        assert isinstance(app.screen, CommandPalette)
        await pilot.press(*"log meetings")
        await palette_searched(pilot, "log meetings")
        await pilot.press("enter")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
    assert kinds(store, clock) == ["meeting"]


async def test_palette_opens_help_and_goes_back_to_today(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await run_palette_command(pilot, "help")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


async def test_new_keys_on_today_reach_palette_and_help(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """A screen key another branch adds to Today shows up without more wiring."""
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        # z: a key nothing binds (g and y, once spare, are the pipeline's and the month's)
        today._bindings.bind("z", "app.push_screen('other')", "Yet another")
        app.install_screen(OtherScreen(), "other")
        names = {c.name: c for c in app.palette_commands(today)}
        assert names["Yet another"].key == "z"
        assert ("z", "yet another") in app.help_keys()
        await run_palette_command(pilot, "yet another")
        assert isinstance(app.screen, OtherScreen)


async def test_palette_from_another_screen_lists_its_actions_first(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        other = OtherScreen()
        await app.push_screen(other)
        commands = app.palette_commands(other)
        assert commands[0].name in {"Back", "Save the check"}
        names = [c.name for c in commands]
        assert "Save the check" in names and "Log Calls" in names and "Today" in names
        await run_palette_command(pilot, "save the check")
        assert other.saved == 1
        # Today from the palette closes the other screen
        await run_palette_command(pilot, "today")
        assert isinstance(app.screen, TodayScreen)


async def test_registered_command_is_listed(
    config: Config, store: Store, clock: FixedClock
) -> None:
    app = make_app(config, store, clock)
    calls: list[str] = []
    app.register_command("Team", "the whole team's day", lambda: calls.append("team"), key="g")
    async with app.run_test(size=(80, 24)) as pilot:
        await run_palette_command(pilot, "team")
    assert calls == ["team"]


async def test_every_today_key_is_in_footer_and_help(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        footer_keys = {k.key for k in app.screen.query(FooterKey)}
        assert {"c", "o", "m", "e", "u", "question_mark", "q"} <= footer_keys
        help_keys = {key for key, _ in app.help_keys()}
        assert {"u", "?", "q", "esc", "ctrl+p", "f2"} <= help_keys
        await pilot.press("question_mark")
        await pilot.pause()
        body = str(app.screen.query_one("#help-body", Static).render())
        for metric in config.metrics.all:
            assert f"{metric.bind}  {metric.label}" in body
        assert "f2" in body and "ctrl+p" in body


async def test_the_k_key_reads_mid_check_in_footer_and_palette(
    config: Config, store: Store, clock: FixedClock
) -> None:
    """The k key is named for what it opens: the mid-check."""
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        commands = {c.name: c for c in app.palette_commands(app.screen)}
        assert "Mid-check" in commands and "Check" not in commands
        assert "on this screen" not in commands["Mid-check"].help_line


async def test_footer_keys_work_with_the_mouse(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        by_key = {k.key: k for k in app.screen.query(FooterKey)}
        await pilot.click(by_key["c"])
        await pilot.click(by_key["o"])
        await pilot.pause()
        await pilot.click(by_key["question_mark"])
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)
    assert kinds(store, clock) == ["call", "connect"]


async def test_marks_are_a_toast_and_a_persistent_mark_never_a_modal(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        # a name of the test's own: the reminders own "midcheck" and clear it on
        # the next tick when no check is due (10:30 here), which made this flaky
        app.set_mark("test-mark", "◆ mid-check due", toast="Mid-check due: press k")
        await pilot.pause()
        assert isinstance(app.screen, TodayScreen)
        assert "◆ mid-check due" in str(app.screen.query_one(TopBar).render())
        assert any("Mid-check due" in str(n.message) for n in app._notifications)
        await pilot.press("c")  # logging goes on undisturbed
        app.clear_mark("test-mark")
        await pilot.pause()
        assert "mid-check" not in str(app.screen.query_one(TopBar).render())
    assert kinds(store, clock) == ["call"]


async def test_theme_key_opens_the_picker(config: Config, store: Store, clock: FixedClock) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.press("f2")
        await pilot.pause()
        assert isinstance(app.screen, CommandPalette)
        await pilot.press("escape")
        assert isinstance(app.screen, TodayScreen)


def visible_keys(app: IstuiApp) -> dict[str, FooterKey]:
    """Footer keys wholly on screen (a key scrolled past the edge has no visible region)."""
    width, height = app.size
    return {
        k.key: k
        for k in app.screen.query(FooterKey)
        if k.region.width and k.region.right <= width and k.region.bottom <= height
    }


SCREEN_KEYS = [("k", "Mid-check"), ("r", "Reflect"), ("h", "History"), ("w", "Week")]
SCREEN_KEYS += [("p", "Plan"), ("z", "Team")]  # z: unbound (g and y are screens' keys now)


async def test_footer_wraps_instead_of_hiding_keys_at_80_columns(
    config: Config, store: Store, clock: FixedClock
) -> None:
    pressed: list[str] = []
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        for key, label in SCREEN_KEYS:
            today._bindings.bind(key, f"screen.record('{key}')", label)
        today.action_record = lambda key: pressed.append(key)  # type: ignore[attr-defined]
        today.refresh_bindings()
        wanted = {k for k, _ in SCREEN_KEYS} | {"c", "o", "m", "e", "u", "q"}
        # The footer recomposes, then lays out: a few frames, more on a busy machine.
        await until(pilot, lambda: wanted <= set(visible_keys(app)))
        footer = today.query_one(KeysFooter)
        assert footer.size.height >= 2
        shown = visible_keys(app)
        assert wanted <= set(shown)
        await pilot.click(shown["z"])  # on the second row
        await pilot.pause()
        await pilot.resize_terminal(250, 40)
        await until(pilot, lambda: today.query_one(KeysFooter).size.height == 1)
        assert today.query_one(KeysFooter).size.height == 1  # all fit in one row again
    assert pressed == ["z"]


def test_wrap_rows_fills_rows_greedily() -> None:
    assert wrap_rows([10, 10, 10], 30) == [[0, 1, 2]]
    assert wrap_rows([10, 10, 10], 25) == [[0, 1], [2]]
    assert wrap_rows([40, 5], 30) == [[0], [1]]  # a key wider than the row still shows
    assert wrap_rows([], 30) == [[]]
