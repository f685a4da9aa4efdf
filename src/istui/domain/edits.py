"""What an undo of the day's last change undid: a log, an edit or a delete.

The rule (the store applies it, see ``store.events``): ``undo`` reverses the
day's most recent change, whatever it was. A logged event is one change (``log
-n 5`` is five), an edit of one event's kind or note is one, a delete is one.
Undoing a log removes that event; undoing an edit puts the event's previous
kind and note back; undoing a delete puts the event back, with its id, its time
and its place in the day's order. Every change keeps the event's id, so the
team merge's newest-export rule carries a correction to the lead.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from istui.domain.funnel import Event

Action = Literal["log", "edit", "delete"]


@dataclass(frozen=True)
class Undone:
    """One change undone: what it was, and the event it touched.

    ``event`` is the event as the change left it (a log: the event removed; an
    edit: the edited version, now replaced); ``restored`` the event as it is again
    after the undo (None for a log, which leaves no event).
    """

    action: Action
    event: Event
    restored: Event | None = None


@dataclass(frozen=True)
class Edited:
    """One event before and after an edit or a delete (``after`` None: deleted)."""

    before: Event
    after: Event | None

    @property
    def changed(self) -> bool:
        return self.before != self.after
