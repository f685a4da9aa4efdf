"""The forms' use cases: the mid-checks and the reflection, a day's record.

What the screens and the CLI call. The store reads and writes the two tables
(``store.forms``); what a reflection's targets for tomorrow mean, and what a
day's history shows, is decided here.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from istui.domain.reflection import MidCheck, Reflection
from istui.domain.targets import TargetVersion, version_in_force
from istui.domain.today import DayView
from istui.services.context import Context
from istui.store import Store
from istui.store.forms import (
    load_day_forms,
    load_midchecks,
    load_reflection,
    save_midcheck,
    save_reflection,
)

__all__ = [
    "DayRecord",
    "apply_tomorrow_targets",
    "day_record",
    "load_day_forms",
    "load_midchecks",
    "load_reflection",
    "save_midcheck",
    "save_reflection",
]


def apply_tomorrow_targets(store: Store, reflection: Reflection, tomorrow: date) -> bool:
    """Record the reflection's own targets for ``tomorrow`` as a single-day target
    version (metrics left blank keep the target otherwise in force), unless the
    version already in force there says the same. True when one was written."""
    if not reflection.tomorrow_targets:
        return False
    versions = store.target_versions()
    base = version_in_force([v for v in versions if not v.single_day], tomorrow)
    values = base.for_day(tomorrow) if base else {}
    values.update(reflection.tomorrow_targets)
    current = version_in_force(versions, tomorrow)
    if current is not None and current.single_day and current.for_day(tomorrow) == values:
        return False
    store.add_target_version(
        TargetVersion(
            effective=tomorrow,
            values=values,
            single_day=True,
            source="reflection",
            set_at=reflection.changed_at,
        )
    )
    return True


@dataclass(frozen=True)
class DayRecord:
    """Everything the day-history screen shows for one day."""

    view: DayView
    midchecks: list[MidCheck]
    reflection: Reflection | None


def day_record(ctx: Context, day: date) -> DayRecord:
    """The day's figures at this moment (``Context.day_view``) and its two forms."""
    checks, reflection = load_day_forms(ctx.store, day)
    return DayRecord(view=ctx.day_view(day), midchecks=checks, reflection=reflection)
