"""What the team store holds for the days one export covers, as the merge plan
reads it: each day's events, targets, notes and which export supplied it, read
inside the merge's transaction and changed in memory, then written back.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from istui.services.export import MIDCHECKS_KEY, REFLECTION_KEY
from istui.store.team import DayRow


@dataclass
class DayState:
    events: dict[str, dict[str, str]]
    targets: dict[str, Any] | None
    notes: dict[str, list[Any] | None]
    #: ``exported_at`` (UTC ISO) of the export whose events the day holds: the
    #: newest merged export covering the day. None: unknown, older than any export.
    supplied: str | None = None
    #: Whether ``supplied`` is recorded (a team store merged before the record
    #: existed, upgraded from its folder, has only its targets' time to go by:
    #: the newest export merged for the day, whose events it holds along with
    #: older ones).
    supplied_recorded: bool = False
    changed: bool = False


def day_state(day: date, row: DayRow | None, events: dict[str, dict[str, str]]) -> DayState:
    if row is None:
        row = DayRow(day)
    targets = (
        None if row.targets is None else {"values": row.targets, "exported_at_utc": row.targets_at}
    )
    supplied = _supplied(row.supplied_at)
    return DayState(
        events=events,
        targets=targets,
        notes={MIDCHECKS_KEY: row.midchecks, REFLECTION_KEY: row.reflection},
        supplied=supplied or (_supplied(row.targets_at) if targets else None),
        supplied_recorded=supplied is not None,
    )


def day_row(day: date, state: DayState) -> DayRow:
    targets = state.targets
    return DayRow(
        day=day,
        supplied_at=state.supplied if state.supplied_recorded else None,
        targets=None if targets is None else dict(targets["values"]),
        targets_at=None if targets is None else str(targets.get("exported_at_utc")),
        midchecks=state.notes[MIDCHECKS_KEY],
        reflection=state.notes[REFLECTION_KEY],
    )


def _supplied(stamp: object) -> str | None:
    """An ``exported_at_utc`` when it is an aware time, else None."""
    return stamp if isinstance(stamp, str) and _moment(stamp) is not None else None


def _moment(text: str) -> datetime | None:
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    return moment if moment.tzinfo is not None else None


def newer(export_at: str, supplied: str | None) -> int:
    """1 when an export made at ``export_at`` is newer than the one that supplied
    a day, 0 when made at the same moment, -1 when older (unknown: older than any)."""
    if supplied is None:
        return 1
    mine, theirs = _moment(export_at), _moment(supplied)
    assert mine is not None and theirs is not None  # both checked when read
    return (mine > theirs) - (mine < theirs)


def target_rank(doc: Mapping[str, Any]) -> tuple[str, str]:
    from istui.domain.team import canonical

    return (str(doc.get("exported_at_utc", "")), canonical(doc.get("values", {})))
