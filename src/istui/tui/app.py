"""The istui Textual app: themes, the screens, and the keys that reach them.

Just over 400 lines because every screen the rep opens is reached from here
(Today's keys, the palette's commands, the language switch that rebuilds the
screens); splitting the openers from the app would scatter one list of routes.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from datetime import date
from functools import partial
from pathlib import Path
from typing import Any

from textual.binding import Binding
from textual.driver import Driver
from textual.screen import Screen
from textual.theme import Theme

from istui.domain.calendar import IsoWeek
from istui.i18n import N_, os_reason, tr
from istui.services.clock import Clock
from istui.services.config import Config, ConfigError, set_config_value
from istui.services.keys import HELP_KEYS, THEME
from istui.services.session import DaySession
from istui.store import Store, StoreError
from istui.tui.attention import Attention, attention_driver
from istui.tui.base import STYLES, AppBase
from istui.tui.commands import PaletteCommand, binding_commands, dedupe, screen_bindings
from istui.tui.screens.help import HelpScreen, HelpSection, binding_keys
from istui.tui.screens.today import TodayScreen

#: The attention switches: config key -> (Attention attribute, what the rep reads).
ATTENTION_SWITCHES = {
    "bell": ("bell", N_("Bell when a check is due")),
    "desktop_notify": ("desktop", N_("Desktop notification when a check is due")),
}

#: The help's "Today and anywhere" keys, from the one list they are bound from
#: (the descriptions are catalog ids, translated where help shows them).
APP_KEYS = [(key.shown, key.help) for key in HELP_KEYS]


class IstuiApp(AppBase):
    CSS_PATH = [
        STYLES / "app.tcss",
        STYLES / "today.tcss",
        STYLES / "help.tcss",
        STYLES / "review.tcss",
        STYLES / "oneonone.tcss",
        STYLES / "targets.tcss",
        STYLES / "forms.tcss",
        STYLES / "events.tcss",
        STYLES / "deals.tcss",
    ]
    TITLE = "istui"
    HORIZONTAL_BREAKPOINTS = [(0, "-narrow"), (110, "-wide")]
    VERTICAL_BREAKPOINTS = [(0, "-short"), (32, "-tall")]
    #: Textual's "Theme" and "Quit" commands: ours show their keys.
    HIDDEN_SYSTEM_COMMANDS = frozenset({"Theme", "Quit"})
    BINDINGS = [Binding(THEME.key, THEME.action, THEME.description, show=False)]

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
        super().__init__(
            clock=clock,
            configured_theme=config.theme,
            config_path=config.path,
            theme_override=theme_override,
            extra_theme_dirs=extra_theme_dirs,
        )
        self.config = config
        self.store = store
        self.session = DaySession(config, store, clock)
        #: The day's backup, due after the first change of a day: built in a
        #: worker thread once the key's handler has returned (see the method).
        store.backup_runner = self._build_backup_when_idle
        self.start_week = start_week
        #: Set by `istui reflect`: open that day's reflection alone; closing it quits.
        self.reflect_day = reflect_day
        #: The theme last written to (or read from) the config; a change from the
        #: palette that differs is persisted, a --theme for one run is not.
        self._kept_theme = self.theme
        #: Commands other parts of the app add to the palette (register_command).
        self.extra_commands: list[PaletteCommand] = []
        #: The bell and desktop notifications when a check falls due (opt-in).
        self.attention = Attention(bell=config.bell, desktop=config.desktop_notify)

    def _build_backup_when_idle(self, build: Callable[[], None]) -> None:
        """Run the day's backup build off the key path: scheduled after the
        messages being handled (the key's), then in a thread, under a lock of its
        own (``Store.complete_backup_elsewhere``). Not running (yet, or any
        more: a form saved on the way out): built now, in this thread, which
        holds the store's lock already (so never ``build``: its own lock would
        wait for this one)."""
        if not self.is_running:
            self.store.complete_backup()
            return
        self.call_later(self.run_worker, build, thread=True, group="backup", exit_on_error=False)

    def get_driver_class(self) -> type[Driver]:
        """The platform's driver, handing its writer to ``attention``."""
        return attention_driver(super().get_driver_class())

    # -- attention: the bell and desktop notifications ----------------------------

    def alert(self, title: str, body: str) -> None:
        """A check fell due: ring and notify as the rep chose (never moves focus)."""
        self.attention.alert(title, body)

    def toggle_attention(self, key: str) -> None:
        """Turn [ui].bell or [ui].desktop_notify on or off, kept in the config."""
        value = not getattr(self.attention, ATTENTION_SWITCHES[key][0])
        setattr(self.attention, ATTENTION_SWITCHES[key][0], value)
        what = tr(ATTENTION_SWITCHES[key][1])
        if self.config.path is not None:
            try:
                set_config_value(self.config.path, "ui", key, value)
            except ConfigError as exc:
                message = (
                    tr("{what}: on for now; not saved: {error}", what=what, error=exc)
                    if value
                    else tr("{what}: off for now; not saved: {error}", what=what, error=exc)
                )
                self.notify(message, severity="warning", markup=False)
                return
        if self.config.path is None:
            self.notify(tr("{what}: on", what=what) if value else tr("{what}: off", what=what))
        else:
            self.notify(
                tr("{what}: on (kept in the config)", what=what)
                if value
                else tr("{what}: off (kept in the config)", what=what)
            )

    def on_mount(self) -> None:
        self.theme_changed_signal.subscribe(self, self._theme_changed)
        if self.reflect_day is not None:
            from istui.tui.screens.forms import FormContext
            from istui.tui.screens.reflection import ReflectionScreen

            ctx = FormContext(self.config, self.store, self.clock)
            self.push_screen(ReflectionScreen(ctx, self.reflect_day), lambda _: self.exit())
        else:
            self.push_screen(TodayScreen.for_session(self.session))
            if self.start_week is not None:
                self.open_review(self.start_week)
        self.notify_theme_warnings()

    def _theme_changed(self, theme: Theme) -> None:
        """Keep a theme chosen in the app (palette, F2) in [ui].theme."""
        if theme.name == self._kept_theme:
            return
        self._kept_theme = theme.name
        if self.config.path is None:
            return
        try:
            set_config_value(self.config.path, "ui", "theme", theme.name)
        except ConfigError as exc:  # already one line naming the file
            self.notify(tr("theme not saved: {error}", error=exc), severity="warning", markup=False)
        except (OSError, UnicodeError) as exc:
            reason = os_reason(exc)
            self.notify(
                tr("theme not saved to {path}: {reason}", path=self.config.path, reason=reason),
                severity="warning",
                markup=False,
            )

    # -- the command palette ---------------------------------------------------

    def register_command(
        self, name: str, help: str, callback: Callable[[], Any], key: str = ""
    ) -> None:
        """Add a command to the palette (for screens reached without a Today key).
        ``name`` and ``help`` are catalog ids (marked N_): shown translated."""
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
            PaletteCommand(
                tr("Today"), tr("back to the calling block"), self.action_today, key="esc"
            )
        )
        commands.append(
            PaletteCommand(
                tr("Help"), tr("every key, and how counting works"), self.action_help, key="?"
            )
        )
        commands.append(
            PaletteCommand(
                tr("Month view"),
                tr("the month so far against its target, and where it lands (着地予測)"),
                self.action_month,
                key="p ^t",
            )
        )
        commands += [
            replace(command, name=tr(command.name), help=tr(command.help))
            for command in self.extra_commands
        ]
        for key, (attribute, what) in ATTENTION_SWITCHES.items():
            now_on = getattr(self.attention, attribute)
            commands.append(
                PaletteCommand(
                    tr("{what}: turn off", what=tr(what))
                    if now_on
                    else tr("{what}: turn on", what=tr(what)),
                    (
                        tr(
                            "now on; for a mid-check or the reflection falling due while "
                            "you look at another window (kept as [ui].{key})",
                            key=key,
                        )
                        if now_on
                        else tr(
                            "now off; for a mid-check or the reflection falling due while "
                            "you look at another window (kept as [ui].{key})",
                            key=key,
                        )
                    ),
                    partial(self.toggle_attention, key),
                )
            )
        commands += self.language_commands()
        for name in self.istui_themes:
            commands.append(
                PaletteCommand(
                    tr("Theme: {name}", name=name),
                    tr("switch to this theme now (kept in the config)"),
                    partial(self.set_theme, name),
                )
            )
        commands.append(
            PaletteCommand(
                tr("Theme…"),
                tr("pick from every theme, Textual's own included"),
                self.action_change_theme,
                key="f2",
            )
        )
        return dedupe(commands)

    def set_theme(self, name: str) -> None:
        self.theme = name

    async def rebuild_screens(self) -> None:
        """A fresh Today screen (or the reflection ``istui reflect`` opened) in
        place of every screen: the forms on the stack write their drafts as
        they go (DraftForm flushes on unmount)."""
        while len(self.screen_stack) > 1:
            await self.pop_screen()
        if self.reflect_day is not None:
            from istui.tui.screens.forms import FormContext
            from istui.tui.screens.reflection import ReflectionScreen

            ctx = FormContext(self.config, self.store, self.clock)
            await self.push_screen(ReflectionScreen(ctx, self.reflect_day), lambda _: self.exit())
            return
        await self.push_screen(TodayScreen.for_session(self.session))

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

    def action_month_review(self, year: int = 0, month: int = 0) -> None:
        """The monthly review (key y on Today: this month)."""
        from istui.tui.screens.forms import FormContext
        from istui.tui.screens.month_review import MonthReviewScreen

        if isinstance(self.screen, MonthReviewScreen):
            return
        if not year:
            today = self.clock.now().date()
            year, month = today.year, today.month
        try:
            screen = MonthReviewScreen(
                FormContext(self.config, self.store, self.clock), year, month
            )
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        self.push_screen(screen)

    def help_screen(self) -> HelpScreen:
        here, others = self.help_sections(self.screen)
        return HelpScreen(self.config, self.help_keys(), others, here=here)

    def help_sections(
        self, current: Screen[Any] | None = None
    ) -> tuple[HelpSection | None, list[HelpSection]]:
        """``current``'s keys (None on Today), and every other screen's keys, read
        from the screens' bindings."""
        from istui.tui.screens.day_history import DayHistoryScreen
        from istui.tui.screens.deals import DealsScreen
        from istui.tui.screens.events import EventsScreen
        from istui.tui.screens.midcheck import MidCheckScreen
        from istui.tui.screens.oneonone import OneOnOneScreen
        from istui.tui.screens.reflection import ReflectionScreen
        from istui.tui.screens.review import ReviewScreen
        from istui.tui.screens.targets import MonthScreen, PlanScreen
        from istui.tui.screens.team import TeamScreen  # its keys, in the help

        screens: list[tuple[str, type[Screen[Any]]]] = [
            (tr("Mid-check (k)"), MidCheckScreen),
            (tr("Reflection (r)"), ReflectionScreen),
            (tr("Day history (h)"), DayHistoryScreen),
            (tr("Events (s)"), EventsScreen),
            (tr("Deals (g)"), DealsScreen),
            (tr("Weekly review (w)"), ReviewScreen),
            (tr("1on1 (o on the weekly review)"), OneOnOneScreen),
            (tr("Targets plan (p)"), PlanScreen),
            (tr("Month view (p, then ctrl+t)"), MonthScreen),
            (tr("Team view (istui team --team PATH)"), TeamScreen),
        ]
        sections = [HelpSection(t, binding_keys(self, cls.BINDINGS)) for t, cls in screens]
        for index, (title, cls) in enumerate(screens):
            if type(current) is cls:
                here = sections.pop(index)
                return HelpSection(tr("{title}: this screen", title=title), here.keys), sections
        return None, sections

    def help_keys(self) -> list[tuple[str, str]]:
        """APP_KEYS, then any other key the Today screen binds (other screens' keys)."""
        keys = [(key, tr(description)) for key, description in APP_KEYS]
        shown = {key for key, _ in keys}
        today = self.today_screen()
        if today is None:
            return keys
        logging = {m.bind for m in self.config.metrics.all}
        for key, binding in screen_bindings(today):
            display = binding.key_display or key
            if binding.show and binding.description and display not in shown and key not in logging:
                shown.add(display)
                keys.append((display, binding.description.lower()))
        return keys
