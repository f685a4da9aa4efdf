"""Attention that reaches a rep looking at the dialer or the CRM: when a
mid-check or the reflection falls due, the terminal's bell and a desktop
notification sent through the terminal (render/terminal.py has the escapes).

Both are opt-in ([ui].bell, [ui].desktop_notify) and toggled from the palette.
Neither moves focus or opens a screen: the logging keys keep working.

The escapes go out through Textual's driver, the one writer of the terminal
(a print would tear the screen): the app's driver class is the platform's own
with one addition, handing its ``write`` to the app when it is made.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import cache
from typing import Any

from textual.driver import Driver

from istui.render.terminal import BELL, desktop_notification

Writer = Callable[[str], None]


class Attention:
    """The rep's two switches and the terminal they write to."""

    def __init__(self, *, bell: bool, desktop: bool) -> None:
        self.bell = bell
        self.desktop = desktop
        #: The driver's write; None until the app runs in a real terminal
        #: (tests hand one in).
        self.write: Writer | None = None

    def alert(self, title: str, body: str) -> bool:
        """Ring and notify as the switches say; True when anything was written."""
        if self.write is None or not (self.bell or self.desktop):
            return False
        out = BELL if self.bell else ""
        if self.desktop:
            out += desktop_notification(title, body)
        self.write(out)
        return True


@cache
def attention_driver(base: type[Driver]) -> type[Driver]:
    """``base`` (the platform's driver) handing its ``write`` to the app's
    Attention as it is made."""

    def __init__(self: Driver, app: Any, *args: Any, **kwargs: Any) -> None:
        base.__init__(self, app, *args, **kwargs)
        attention = getattr(app, "attention", None)
        if isinstance(attention, Attention):
            attention.write = self.write

    return type(base.__name__, (base,), {"__init__": __init__, "__module__": base.__module__})
