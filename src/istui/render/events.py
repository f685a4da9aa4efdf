"""A day's events as text: the rows of ``istui events`` and the events screen,
their JSON shape (a public contract), and what an edit or an undo did.

Stdlib only: ``istui undo`` and ``istui events`` import neither Rich nor Textual.
A note comes from a file (untrusted): the store refuses control characters in
one, and callers escape markup where it is shown in Textual.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from istui.domain.edits import Edited, Undone
from istui.domain.funnel import Event, MetricSet
from istui.i18n import tr, trp

#: How many leading characters of an id the text listing shows; the commands
#: accept any unique prefix of at least 4.
SHORT_ID = 8


def printable(text: str) -> str:
    """``text`` for a terminal: control characters (an escape sequence in a kind
    read from a file) become "?"."""
    return "".join("?" if ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 else ch for ch in text)


def short_id(event: Event) -> str:
    return event.id[:SHORT_ID]


def kind_label(kind: str, metrics: MetricSet) -> str:
    """The metric's label, or the raw kind for one the config no longer has."""
    metric = metrics.get(kind)
    return metric.label if metric is not None else kind


def newest_first(events: Iterable[Event]) -> list[Event]:
    """Latest time first; among equal times, the one logged later first."""
    ordered = list(enumerate(events))
    ordered.sort(key=lambda item: (item[1].at, item[0]), reverse=True)
    return [event for _, event in ordered]


def event_rows(events: Sequence[Event]) -> list[str]:
    """One line per event, newest first: time, short id, kind (as ``--kind`` takes
    it), note."""
    rows = []
    width = max((len(e.kind) for e in events), default=0)
    for event in newest_first(events):
        row = f"{event.at:%H:%M:%S}  {short_id(event)}  {event.kind:<{width}}"
        rows.append(f"{row}  {event.note}".rstrip())
    return rows


def events_json(events: Sequence[Event]) -> list[dict[str, str]]:
    """Newest first, keys id, at, time, kind, note (note "" when none): stable."""
    return [
        {
            "id": e.id,
            "at": e.at.isoformat(),
            "time": f"{e.at:%H:%M:%S}",
            "kind": e.kind,
            "note": e.note,
        }
        for e in newest_first(events)
    ]


def _when(event: Event, with_date: bool) -> str:
    return f"{event.at:%Y-%m-%d %H:%M:%S}" if with_date else f"{event.at:%H:%M:%S}"


def undone_text(undone: Undone, *, with_date: bool = False) -> str:
    """What one undo did, in one line."""
    event = undone.event
    when = _when(event, with_date)
    if undone.action == "log":
        return tr("undid {kind} logged at {when}", kind=event.kind, when=when)
    restored = undone.restored or event
    if undone.action == "delete":
        return tr("undid the delete: {kind} at {when} is back", kind=restored.kind, when=when)
    return tr(
        "undid the edit of {kind} at {when}: {what} again",
        kind=event.kind,
        when=when,
        what=_what(restored),
    )


def _what(event: Event) -> str:
    if event.note:
        return tr("{kind}, note {note}", kind=event.kind, note=repr(event.note))
    return tr("{kind}, no note", kind=event.kind)


def edited_text(edited: Edited, *, with_date: bool = False) -> str:
    """What one edit or delete did, in one line."""
    before, after = edited.before, edited.after
    when = _when(before, with_date)
    if after is None:
        return tr("deleted {kind} at {when} (undo brings it back)", kind=before.kind, when=when)
    if not edited.changed:
        return tr("unchanged: {kind} at {when}", kind=before.kind, when=when)
    parts = []
    if after.kind != before.kind:
        parts.append(f"{before.kind} -> {after.kind}")
    if after.note != before.note:
        parts.append(tr("note {note}", note=repr(after.note)) if after.note else tr("note removed"))
    return tr(
        "changed {kind} at {when}: {changes}",
        kind=before.kind,
        when=when,
        changes=trp("list", ", ").join(parts),
    )
