"""What the rep's app (IstuiApp) and the lead's team app (TeamApp) share.

Both register istui's themes (shipped, the user's, any extra folder), start on
``--theme`` or the configured ``[ui].theme`` and show every theme problem as a
notification once mounted; both offer istui's command palette and open help
on F1; both take their clock from the caller (the CLI builds it from the
environment), so no screen of either reads the wall clock by itself.
"""

from __future__ import annotations

from collections.abc import Iterable
from functools import partial
from importlib.resources import files
from pathlib import Path
from typing import Any

from textual.app import App, SystemCommand
from textual.binding import Binding
from textual.command import CommandPalette
from textual.screen import Screen

from istui import i18n
from istui.i18n import N_, os_reason, tr
from istui.services.clock import Clock
from istui.services.config import DEFAULTS, ConfigError, set_config_value
from istui.tui.commands import IstuiCommands, PaletteCommand
from istui.tui.screens.help import HelpScreen
from istui.tui.themes import load_themes, shipped_themes_dir, user_themes_dir

#: The .tcss files: package data (istui/styles), found through importlib.resources.
STYLES = Path(str(files("istui").joinpath("styles")))

#: The theme when the config names none (the config's own default).
DEFAULT_THEME: str = DEFAULTS["ui"]["theme"]

#: Each language by its own name, as the palette offers it (never translated:
#: a rep who cannot read the current language still finds their own).
LANGUAGE_NAMES = {"en": "English", "ja": "日本語"}

#: Textual's own words that istui shows: the palette's key in the footer, its
#: search field and its system commands (English in Textual; the catalog's
#: ids here, translated where they are shown).
TEXTUAL_WORDS = (
    N_("palette"),
    N_("Open the command palette"),
    N_("Search for commands…"),
    N_("Theme"),
    N_("Change the current theme"),
    N_("Quit"),
    N_("Quit the application as soon as possible"),
    N_("Keys"),
    N_("Hide the keys and widget help panel"),
    N_("Show help for the focused widget and a summary of available keys"),
    N_("Minimize"),
    N_("Minimize the widget and restore to normal size"),
    N_("Maximize"),
    N_("Maximize the focused widget"),
    N_("Screenshot"),
    N_("Save an SVG 'screenshot' of the current screen"),
)


class AppBase(App[None]):
    """Themes, the palette, help and the clock; subclasses say what help shows."""

    BINDINGS = [
        Binding("ctrl+q", "quit", N_("Quit"), show=False),
        Binding("f1", "help", N_("Help"), show=False),
    ]
    COMMANDS = App.COMMANDS | {IstuiCommands}
    #: Textual's system commands the palette leaves out (by their English title).
    HIDDEN_SYSTEM_COMMANDS: frozenset[str] = frozenset()

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
        #: The config file the app keeps the rep's choices in (theme, language).
        self.config_path = config_path
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
        known = ", ".join(self.istui_themes) or tr("none")
        self.theme_warnings.append(
            tr(
                "{where}: no theme named {wanted!r} (istui themes: {known}); using {fallback}",
                where=where,
                wanted=wanted,
                known=known,
                fallback=fallback,
            )
        )
        return fallback

    def notify_theme_warnings(self) -> None:
        """Each theme problem as a notification (call once the first screen is up)."""
        for warning in self.theme_warnings:
            self.notify(warning, severity="warning", timeout=10)

    def action_command_palette(self) -> None:
        """Textual's palette, its search field in the language in force."""
        if self.use_command_palette and not isinstance(self.screen, CommandPalette):
            self.push_screen(
                CommandPalette(placeholder=tr("Search for commands…"), id="--command-palette")
            )

    def get_system_commands(self, screen: Screen[Any]) -> Iterable[SystemCommand]:
        """Textual's own commands (less HIDDEN_SYSTEM_COMMANDS), translated."""
        for command in super().get_system_commands(screen):
            if command.title not in self.HIDDEN_SYSTEM_COMMANDS:
                yield command._replace(title=tr(command.title), help=tr(command.help))

    def help_screen(self) -> Screen[Any]:
        """The help to open over the current screen."""
        raise NotImplementedError

    def action_help(self) -> None:
        if not isinstance(self.screen, HelpScreen):
            self.push_screen(self.help_screen())

    # -- the language, switched in the running app ---------------------------------

    def language_commands(self) -> list[PaletteCommand]:
        """One palette entry per language: "Language: 日本語", "Language: English"."""
        now = i18n.current_language()
        commands = []
        for code in i18n.LANGUAGES:
            name = LANGUAGE_NAMES.get(code, code)
            help_line = (
                tr("the language now")
                if code == now
                else tr("switch the interface to this language now (kept in the config)")
            )
            commands.append(
                PaletteCommand(f"Language: {name}", help_line, partial(self.switch_language, code))
            )
        return commands

    def unsaved_text(self) -> str | None:
        """The title of an open screen holding typed text that only its own
        save keeps (a rebuilt screen would lose it), or None."""
        for screen in self.screen_stack:
            holds = getattr(screen, "holds_unsaved_text", None)
            if callable(holds) and holds():
                return tr(str(getattr(screen, "unsaved_title", type(screen).__name__)))
        return None

    async def switch_language(self, language: str) -> None:
        """Speak ``language`` from now on: kept as [ui].language in the config,
        the footer and every screen redrawn. Forms that save as typed are
        written on the way (their unmount flushes the draft); a screen holding
        text only its own save keeps stops the switch, so nothing typed is lost."""
        if language == i18n.current_language():
            return
        blocking = self.unsaved_text()
        if blocking is not None:
            self.notify(
                tr(
                    "language not changed: {screen} holds typed text not saved yet "
                    "(save or close it first)",
                    screen=blocking,
                ),
                severity="warning",
                markup=False,
            )
            return
        i18n.set_language(language)
        saved = self._save_language(language)
        await self.rebuild_screens()
        self.refresh_bindings()
        if saved:
            self.notify(tr("Language: {name} (kept in the config)", name=LANGUAGE_NAMES[language]))

    def _save_language(self, language: str) -> bool:
        """[ui].language = ``language`` in the config; False (and a warning) if not."""
        if self.config_path is None:
            return False
        try:
            set_config_value(self.config_path, "ui", "language", language)
        except ConfigError as exc:  # already one line naming the file
            self.notify(
                tr("language not saved: {error}", error=exc), severity="warning", markup=False
            )
            return False
        except (OSError, UnicodeError) as exc:
            reason = os_reason(exc)
            self.notify(
                tr("language not saved to {path}: {reason}", path=self.config_path, reason=reason),
                severity="warning",
                markup=False,
            )
            return False
        return True

    async def rebuild_screens(self) -> None:
        """Every screen made anew (in the language now in force)."""
        raise NotImplementedError
