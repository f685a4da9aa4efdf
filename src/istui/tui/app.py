"""The istui Textual app: themes, the screens, and the keys that reach them."""

from __future__ import annotations

from pathlib import Path

from textual.app import App
from textual.binding import Binding

from istui.clock import Clock
from istui.config import Config
from istui.domain.review import IsoWeek
from istui.session import DaySession
from istui.store import Store
from istui.themes import load_themes, shipped_themes_dir, user_themes_dir
from istui.tui.help import HelpScreen
from istui.tui.today import TodayScreen

STYLES = Path(__file__).parent / "styles"

APP_KEYS = [
    ("u", "undo today's last event"),
    ("p", "targets: plan from a deal goal, month view"),
    ("w", "weekly review ([ ] weeks, 1-5 panes, a/e/x actions)"),
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
        STYLES / "review.tcss",
        STYLES / "targets.tcss",
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
        start_week: IsoWeek | None = None,
    ) -> None:
        super().__init__()
        self.config = config
        self.store = store
        self.clock = clock
        self.session = DaySession(config, store, clock)
        self.start_week = start_week
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
        self.push_screen(TodayScreen(self.session))
        if self.start_week is not None:
            self.open_review(self.start_week)
        for warning in self.theme_warnings:
            self.notify(warning, severity="warning", timeout=8)

    def open_review(self, week: IsoWeek) -> None:
        from istui.tui.review import ReviewScreen

        self.push_screen(ReviewScreen(self.config, self.store, self.clock, week))

    def action_review(self) -> None:
        """The weekly review of the current week (key w on the Today screen)."""
        from istui.tui.review import ReviewScreen

        if not isinstance(self.screen, ReviewScreen):
            self.open_review(IsoWeek.of(self.clock.now().date()))

    def action_targets(self) -> None:
        from istui.tui.targets import PlanScreen

        if not isinstance(self.screen, PlanScreen):
            self.push_screen(PlanScreen(self.session))

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(HelpScreen(self.config, APP_KEYS))
