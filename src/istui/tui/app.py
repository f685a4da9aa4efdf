"""The istui Textual app: themes, the screens, and the keys that reach them."""

from __future__ import annotations

from datetime import date
from pathlib import Path

from textual.app import App
from textual.binding import Binding

from istui.clock import Clock
from istui.config import Config
from istui.session import DaySession
from istui.store import Store
from istui.themes import load_themes, shipped_themes_dir, user_themes_dir
from istui.tui.help import HelpScreen
from istui.tui.today import TodayScreen

STYLES = Path(__file__).parent / "styles"

APP_KEYS = [
    ("u", "undo today's last event"),
    ("k", "mid-check (the one due, or the next one early)"),
    ("r", "end-of-day reflection"),
    ("h", "day history: past figures, checks, reflections"),
    ("?", "this help"),
    ("esc", "back / close"),
    ("ctrl+p", "command palette"),
    ("q", "quit"),
]


class IstuiApp(App[None]):
    CSS_PATH = [
        STYLES / "app.tcss",
        STYLES / "today.tcss",
        STYLES / "help.tcss",
        STYLES / "forms.tcss",
    ]
    TITLE = "istui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    BINDINGS = [Binding("ctrl+q", "quit", "Quit", show=False)]

    def __init__(
        self,
        *,
        config: Config,
        store: Store,
        clock: Clock,
        theme_override: str | None = None,
        extra_theme_dirs: list[Path] | None = None,
        reflect_day: date | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.clock = clock
        self.session = DaySession(config, store, clock)
        #: Set by `istui reflect`: open that day's reflection alone; closing it quits.
        self.reflect_day = reflect_day
        loaded = load_themes([shipped_themes_dir(), user_themes_dir(), *(extra_theme_dirs or [])])
        for theme in loaded.themes:
            self.register_theme(theme)
        self.theme_warnings = loaded.warnings
        wanted = theme_override or config.theme
        if wanted in self.available_themes:
            self.theme = wanted
        else:
            self.theme_warnings.append(f"theme {wanted!r} not found; using istui-dark")
            if "istui-dark" in self.available_themes:
                self.theme = "istui-dark"

    def on_mount(self) -> None:
        if self.reflect_day is not None:
            from istui.tui.forms import FormContext, ReflectionScreen

            ctx = FormContext(self.config, self.store, self.clock)
            self.push_screen(ReflectionScreen(ctx, self.reflect_day), lambda _: self.exit())
        else:
            self.push_screen(TodayScreen(self.session))
        for warning in self.theme_warnings:
            self.notify(warning, severity="warning", timeout=8)

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config, APP_KEYS))
