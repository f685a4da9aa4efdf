"""The command palette (ctrl+p): every screen and every action, by name.

Nothing here knows the screens. The palette shows, in order: the commands of
the screen it was opened from, the Today screen's (its keys: logging, undo,
help and the keys that open other screens), the commands registered on the app
(``IstuiApp.register_command``), and the themes. A screen can offer nicer names
than its bindings' descriptions by defining ``palette_commands()``; any binding
shown in the footer that a screen does not name itself is still listed, so a
new key on a screen reaches the palette without further work.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Protocol

from textual.binding import Binding
from textual.command import DiscoveryHit, Hit, Hits, Provider
from textual.markup import escape
from textual.screen import Screen

from istui.i18n import tr

#: Textual's own screen keys (focus next/previous, copy): not istui actions.
TEXTUAL_SCREEN_ACTIONS = frozenset(
    b.action for b in Screen.BINDINGS if isinstance(b, Binding) and not b.show
)


def screen_bindings(screen: Screen[Any]) -> list[tuple[str, Binding]]:
    """The screen's own bindings in its order, as (key, binding): read through
    ``Screen.active_bindings``, so a binding added to the screen at run time is
    there, and one its ``check_action`` hides is not."""
    return [
        (key, active.binding)
        for key, active in screen.active_bindings.items()
        if active.node is screen
    ]


@dataclass(frozen=True)
class PaletteCommand:
    """One palette entry: what the user types to find it, what it does, its key."""

    name: str
    help: str
    callback: Callable[[], Any]
    key: str = ""
    #: The binding action it stands for, so the same action is not listed twice.
    action: str = ""

    @property
    def help_line(self) -> str:
        """The help under the name, with the key (escaped: it is content markup)."""
        return escape(
            tr("{help} · key {key}", help=self.help, key=self.key) if self.key else self.help
        )


class OffersCommands(Protocol):
    def palette_commands(self) -> Iterable[PaletteCommand]: ...


def binding_commands(
    screen: Screen[Any], run: Callable[[str, Screen[Any]], Any]
) -> list[PaletteCommand]:
    """The screen's own ``palette_commands()``, then every other binding with a
    description (shown in the footer or not: the review's pane keys are listed too)."""
    commands: list[PaletteCommand] = []
    offered = getattr(screen, "palette_commands", None)
    if callable(offered):
        commands.extend(offered())
    named = {c.action for c in commands if c.action} | TEXTUAL_SCREEN_ACTIONS
    for key, binding in screen_bindings(screen):
        if not binding.description or binding.action in named:
            continue
        named.add(binding.action)
        display = binding.key_display or key

        def callback(action: str = binding.action) -> Any:
            return run(action, screen)

        commands.append(
            PaletteCommand(
                binding.description,
                binding.tooltip or tr("a key of this screen"),
                callback,
                key=display,
                action=binding.action,
            )
        )
    return commands


def dedupe(commands: Iterable[PaletteCommand]) -> list[PaletteCommand]:
    """First entry of each name wins (the current screen before Today)."""
    seen: set[str] = set()
    out = []
    for command in commands:
        if command.name.casefold() in seen:
            continue
        seen.add(command.name.casefold())
        out.append(command)
    return out


class IstuiCommands(Provider):
    """The palette provider: asks the app for its commands on each search."""

    def _commands(self) -> list[PaletteCommand]:
        build = getattr(self.app, "palette_commands", None)
        if not callable(build):  # an app without its own list (istui team): the screen's keys
            languages = getattr(self.app, "language_commands", None)
            extra = list(languages()) if callable(languages) else []
            return dedupe([*binding_commands(self.screen, self._run), *extra])
        return list(build(self.screen))

    def _run(self, action: str, screen: Screen[Any]) -> Any:
        return self.app.run_action(action, screen)

    async def discover(self) -> Hits:
        for command in self._commands():
            yield DiscoveryHit(command.name, command.callback, help=command.help_line)

    async def search(self, query: str) -> Hits:
        matcher = self.matcher(query)
        for command in self._commands():
            score = max(matcher.match(command.name), matcher.match(command.help_line) * 0.5)
            if score > 0:
                yield Hit(
                    score, matcher.highlight(command.name), command.callback, help=command.help_line
                )
