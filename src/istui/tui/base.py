"""What the rep's app (IstuiApp) and the lead's team app (TeamApp) share.

Both register istui's themes (shipped, the user's, any extra folder), start on
``--theme`` or the configured ``[ui].theme`` and show every theme problem as a
notification once mounted; both offer istui's command palette and open help
on F1; both take their clock from the caller (the CLI builds it from the
environment), so no screen of either reads the wall clock by itself.
"""

from __future__ import annotations

from importlib.resources import files
from pathlib import Path
from typing import Any

from textual.app import App
from textual.binding import Binding
from textual.screen import Screen

from istui.services.clock import Clock
from istui.services.config import DEFAULTS
from istui.tui.commands import IstuiCommands
from istui.tui.screens.help import HelpScreen
from istui.tui.themes import load_themes, shipped_themes_dir, user_themes_dir

#: The .tcss files: package data (istui/styles), found through importlib.resources.
STYLES = Path(str(files("istui").joinpath("styles")))

#: The theme when the config names none (the config's own default).
DEFAULT_THEME: str = DEFAULTS["ui"]["theme"]


class AppBase(App[None]):
    """Themes, the palette, help and the clock; subclasses say what help shows."""

    BINDINGS = [
        Binding("ctrl+q", "quit", "Quit", show=False),
        Binding("f1", "help", "Help", show=False),
    ]
    COMMANDS = App.COMMANDS | {IstuiCommands}

    def __init__(
        self,
        *,
        clock: Clock,
        configured_theme: str = DEFAULT_THEME,
        config_path: Path | None = None,
        theme_override: str | None = None,
        extra_theme_dirs: list[Path] | None = None,
    ) -> None:
        super().__init__()
        self.clock = clock
        loaded = load_themes([shipped_themes_dir(), user_themes_dir(), *(extra_theme_dirs or [])])
        for theme in loaded.themes:
            self.register_theme(theme)
        #: Our themes (shipped and the user's), listed first in the palette.
        self.istui_themes = [theme.name for theme in loaded.themes]
        self.theme_warnings = loaded.warnings
        self.theme = self._starting_theme(theme_override, configured_theme, config_path)

    def _starting_theme(self, override: str | None, configured: str, path: Path | None) -> str:
        """--theme, else [ui].theme; an unknown name warns and falls back."""
        where = "--theme" if override else f"{path or 'config'}: [ui].theme"
        wanted = override or configured
        if wanted in self.available_themes:
            return wanted
        fallback = DEFAULT_THEME if DEFAULT_THEME in self.available_themes else "textual-dark"
        known = ", ".join(self.istui_themes) or "none"
        self.theme_warnings.append(
            f"{where}: no theme named {wanted!r} (istui themes: {known}); using {fallback}"
        )
        return fallback

    def notify_theme_warnings(self) -> None:
        """Each theme problem as a notification (call once the first screen is up)."""
        for warning in self.theme_warnings:
            self.notify(warning, severity="warning", timeout=10)

    def help_screen(self) -> Screen[Any]:
        """The help to open over the current screen."""
        raise NotImplementedError

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(self.help_screen())
