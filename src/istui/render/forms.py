"""The forms' small words: a field's visible count, the mid-check mark, and
where a quoted answer came from."""

from __future__ import annotations

from collections.abc import Sequence

from istui.domain.notes import Said
from istui.domain.reflection import Slot, mark_slot
from istui.i18n import tr, trp
from istui.render import dates


def count_label(text: str, limit: int) -> str:
    """The visible count under a field, e.g. ``12/120`` (characters, as the
    limit counts them)."""
    return f"{len(text)}/{limit}"


def midcheck_mark(slots: Sequence[Slot]) -> str:
    """The Today screen's mark (short: it shares one 80-column line with the
    name, date, clock and phase): a check due, else the latest check if it was
    skipped."""
    slot, due = mark_slot(slots)
    if due:
        return tr("⚑ mid-check due")
    return tr("{slot} skipped", slot=slot.name) if slot is not None else ""


def said_tag(said: Said) -> str:
    """Where a quoted answer came from: its weekday and form, e.g. ``Tue 12:00``."""
    return f"{dates.weekday(said.day)} {source_name(said.source)}"


def source_name(source: str) -> str:
    """Which form an answer came from, as shown (the stored value is the key)."""
    if source == "mid-check":
        return trp("form", "mid-check")
    if source == "reflection":
        return trp("form", "reflection")
    return source
