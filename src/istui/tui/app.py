"""The istui Textual app: themes, the screens, and the keys that reach them."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import date
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.screen import Screen
from textual.theme import Theme

from istui.domain.calendar import IsoWeek
from istui.services.clock import Clock
from istui.services.config import Config, set_config_value
from istui.services.session import DaySession
from istui.store import Store
from istui.tui.commands import IstuiCommands, PaletteCommand, binding_commands, dedupe
from istui.tui.screens.help import HelpScreen, HelpSection, binding_keys
from istui.tui.screens.today import TodayScreen
from istui.tui.themes import load_themes, shipped_themes_dir, user_themes_dir

STYLES = Path(str(files("istui").joinpath("styles")))

APP_KEYS = [
    ("u", "undo today's last event"),
    ("p", "targets: plan from a deal goal, month view"),
    ("w", "weekly review ([ ] weeks, 1-5 panes, a/e/x actions)"),
    ("k", "mid-check (the one due, or the next one early)"),
    ("r", "end-of-day reflection"),
    ("h", "day history: past figures, checks, reflections"),
    ("?", "this help (f1 where a text field takes ?)"),
    ("esc", "back / close"),
    ("ctrl+p", "command palette: every screen, action and theme by name"),
    ("f2", "choose a theme (kept in the config)"),
    ("q", "quit"),
]

DEFAULT_THEME = "istui-dark"


class IstuiApp(App[None]):
    CSS_PATH = [
        STYLES / "app.tcss",
        STYLES / "today.tcss",
        STYLES / "help.tcss",
        STYLES / "review.tcss",
        STYLES / "targets.tcss",
        STYLES / "forms.tcss",
    ]
    TITLE = "istui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False),
        Binding("f2", "change_theme", "Theme", show=False),
        Binding("f1", "help", "Help", show=False),
    ]
    COMMANDS = App.COMMANDS | {IstuiCommands}

    def __init__(
        self,
        *,
        config: Config,
        store: Store,
        clock: Clock,
        theme_override: str | None = None,
        extra_theme_dirs: list[Path] | None = None,
        start_week: IsoWeek | None = None,
        reflect_day: date | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.clock = clock
        self.session = DaySession(config, store, clock)
        self.start_week = start_week
        #: Set by `istui reflect`: open that day's reflection alone; closing it quits.
        self.reflect_day = reflect_day
        loaded = load_themes([shipped_themes_dir(), user_themes_dir(), *(extra_theme_dirs or [])])
        for theme in loaded.themes:
            self.register_theme(theme)
        #: Our themes (shipped and the user's), listed first in the palette.
        self.istui_themes = [theme.name for theme in loaded.themes]
        self.theme_warnings = loaded.warnings
        self.theme = self._starting_theme(theme_override)
        #: The theme last written to (or read from) the config; a change from the
        #: palette that differs is persisted, a --theme for one run is not.
        self._kept_theme = self.theme
        #: Commands other parts of the app add to the palette (register_command).
        self.extra_commands: list[PaletteCommand] = []

    def _starting_theme(self, override: str | None) -> str:
        """--theme, else [ui].theme; an unknown name warns and falls back."""
        where = "--theme" if override else f"{self.config.path or 'config'}: [ui].theme"
        wanted = override or self.config.theme
        if wanted in self.available_themes:
            return wanted
        fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        known = ", ".join(self.istui_themes) or "none"
        self.theme_warnings.append(
            f"{where}: no theme named {wanted!r} (istui themes: {known}); using {fallback}"
        )
        return fallback

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.reflect_day is not None:
            from istui.tui.screens.forms import FormContext, ReflectionScreen

            ctx = FormContext(self.config, self.store, self.clock)
            self.push_screen(ReflectionScreen(ctx, self.reflect_day), lambda _: self.exit())
        else:
            self.push_screen(TodayScreen(self.session))
            if self.start_week is not None:
                self.open_review(self.start_week)
        for warning in self.theme_warnings:
            self.notify(warning, severity="warning", timeout=10)

    def _theme_changed(self, theme: Theme) -> None:
        """Keep a theme chosen in the app (palette, F2) in [ui].theme."""
        if theme.name == self._kept_theme:
            return
        self._kept_theme = theme.name
        if self.config.path is None:
            return
        try:
            set_config_value(self.config.path, "ui", "theme", theme.name)
        except (OSError, UnicodeError) as exc:
            reason = getattr(exc, "strerror", None) or str(exc)
            self.notify(f"theme not saved to {self.config.path}: {reason}", severity="warning")

    # -- the command palette ---------------------------------------------------

    def register_command(
        self, name: str, help: str, callback: Callable[[], Any], key: str = ""
    ) -> None:
        """Add a command to the palette (for screens reached without a Today key)."""
        self.extra_commands.append(PaletteCommand(name, help, callback, key=key))

    def today_screen(self) -> TodayScreen | None:
        for screen in self.screen_stack:
            if isinstance(screen, TodayScreen):
                return screen
        return None

    def _run_on(self, action: str, screen: Screen[Any]) -> Any:
        return self.run_action(action, screen)

    def palette_commands(self, screen: Screen[Any]) -> list[PaletteCommand]:
        """Every command the palette offers, opened from ``screen``."""
        today = self.today_screen()
        commands: list[PaletteCommand] = []
        if screen is not today and not isinstance(screen, HelpScreen):
            commands += binding_commands(screen, self._run_on)
        if today is not None:
            commands += binding_commands(today, self._run_on)
        commands.append(
            PaletteCommand("Today", "back to the calling block", self.action_today, key="esc")
        )
        commands.append(
            PaletteCommand("Help", "every key, and how counting works", self.action_help, key="?")
        )
        commands.append(
            PaletteCommand(
                "Month view",
                "the month so far against its target, and where it lands (着地予測)",
                self.action_month,
                key="p ^t",
            )
        )
        commands += self.extra_commands
        for name in self.istui_themes:
            commands.append(
                PaletteCommand(
                    f"Theme: {name}",
                    "switch to this theme now (kept in the config)",
                    partial(self.set_theme, name),
                )
            )
        commands.append(
            PaletteCommand(
                "Theme…",
                "pick from every theme, Textual's own included",
                self.action_change_theme,
                key="f2",
            )
        )
        return dedupe(commands)

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands, less "Theme" and "Quit": ours show their keys."""
        for command in super().get_system_commands(screen):
            if command.title not in {"Theme", "Quit"}:
                yield command

    def set_theme(self, name: str) -> None:
        self.theme = name

    def action_today(self) -> None:
        """Back to the Today screen, closing whatever is on top of it."""
        while len(self.screen_stack) > 1 and not isinstance(self.screen, TodayScreen):
            self.pop_screen()

    # -- marks: notifications that never interrupt logging ----------------------

    def set_mark(self, name: str, text: str, *, toast: str | None = None) -> None:
        """A persistent mark in the Today top bar, plus an optional toast.

        Due mid-checks and reflections use this instead of a modal screen, so a
        rep in the middle of logging is never interrupted.
        """
        today = self.today_screen()
        if today is not None:
            today.marks[name] = text
            today.refresh_view()
        if toast:
            self.notify(toast, timeout=8)

    def clear_mark(self, name: str) -> None:
        today = self.today_screen()
        if today is not None and today.marks.pop(name, None) is not None:
            today.refresh_view()

    def open_review(self, week: IsoWeek) -> None:
        from istui.tui.screens.review import ReviewScreen

        self.push_screen(ReviewScreen(self.config, self.store, self.clock, week))

    def action_review(self) -> None:
        """The weekly review of the current week (key w on the Today screen)."""
        from istui.tui.screens.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.open_review(IsoWeek.of(self.clock.now().date()))

    def action_targets(self) -> None:
        from istui.tui.screens.targets import PlanScreen

        if not isinstance(self.screen, PlanScreen):
            self.push_screen(PlanScreen(self.session))

    def action_month(self) -> None:
        from istui.tui.screens.targets import MonthScreen

        if not isinstance(self.screen, MonthScreen):
            self.push_screen(MonthScreen(self.session))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            here, others = self.help_sections(self.screen)
            self.push_screen(HelpScreen(self.config, self.help_keys(), others, here=here))

    def help_sections(
        self, current: Screen[Any] | None = None
    ) -> tuple[HelpSection | None, list[HelpSection]]:
        """``current``'s keys (None on Today), and every other screen's keys, read
        from the screens' bindings."""
        from istui.tui.screens.day_history import DayHistoryScreen
        from istui.tui.screens.forms import MidCheckScreen, ReflectionScreen
        from istui.tui.screens.review import ReviewScreen
        from istui.tui.screens.targets import MonthScreen, PlanScreen
        from istui.tui.screens.team import TeamScreen

        screens: list[tuple[str, type[Screen[Any]]]] = [
            ("Mid-check (k)", MidCheckScreen),
            ("Reflection (r)", ReflectionScreen),
            ("Day history (h)", DayHistoryScreen),
            ("Weekly review (w)", ReviewScreen),
            ("Targets plan (p)", PlanScreen),
            ("Month view (p, then ctrl+t)", MonthScreen),
            ("Team view (istui team --db TEAMDB)", TeamScreen),
        ]
        sections = [HelpSection(t, binding_keys(self, cls.BINDINGS)) for t, cls in screens]
        for index, (title, cls) in enumerate(screens):
            if type(current) is cls:
                here = sections.pop(index)
                return HelpSection(f"{title}: this screen", here.keys), sections
        return None, sections

    def help_keys(self) -> list[tuple[str, str]]:
        """APP_KEYS, then any other key the Today screen binds (other screens' keys)."""
        keys = list(APP_KEYS)
        shown = {key for key, _ in keys}
        today = self.today_screen()
        if today is None:
            return keys
        logging = {m.bind for m in self.config.metrics.all}
        for key, bindings in today._bindings.key_to_bindings.items():
            for binding in bindings:
                display = binding.key_display or key
                if (
                    binding.show
                    and binding.description
                    and display not in shown
                    and key not in logging
                ):
                    shown.add(display)
                    keys.append((display, binding.description.lower()))
        return keys
