"""What a weekly review decides: actions (owner, deadline, done) and next week's focus.

The articles insist a review ends in decisions, not in numbers read aloud; the
plan is stored with the reviewed week and shown again, with its done state, at
the next week's review so the loop closes.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from istui.i18n import tr

#: The rep's own words in each table (what ``--no-notes`` leaves out of an export).
ACTION_TEXT_FIELDS = ("action", "owner")
FOCUS_TEXT_FIELDS = ("lists", "approach")


def parse_deadline(text: str) -> date | None:
    """An empty deadline is allowed; otherwise a real YYYY-MM-DD (ValueError)."""
    text = text.strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValueError(
            tr("deadline {text} is not a real date (YYYY-MM-DD)", text=repr(text))
        ) from None


@dataclass(frozen=True)
class ReviewAction:
    id: int
    action: str
    owner: str
    deadline: date | None
    done: bool

    def to_record(self) -> dict[str, Any]:
        return {
            "action": self.action,
            "owner": self.owner,
            "deadline": self.deadline.isoformat() if self.deadline else None,
            "done": self.done,
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> ReviewAction:
        deadline = record.get("deadline")
        try:
            when = date.fromisoformat(str(deadline)) if deadline else None
        except ValueError:
            when = None
        return cls(
            id=int(record.get("doc_id", 0)),
            action=str(record.get("action") or ""),
            owner=str(record.get("owner") or ""),
            deadline=when,
            done=bool(record.get("done")),
        )


@dataclass(frozen=True)
class WeekPlan:
    actions: tuple[ReviewAction, ...] = ()
    focus_lists: str = ""
    focus_approach: str = ""

    @property
    def open_actions(self) -> tuple[ReviewAction, ...]:
        return tuple(a for a in self.actions if not a.done)
