"""The week's words: mid-checks and reflections, read defensively and condensed.

The ONE place that knows the field names of the mid-check and reflection
records kept in the day files (tables ``midchecks`` and ``reflection``,
written by the forms feature). Align this module if those records change;
everything else sees only MidCheckNote, ReflectionNote and WeekWords.
Missing tables, fields or odd types are tolerated: a note is never lost to a
typo, it just shows less.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

MIDCHECK_TABLE = "midchecks"
REFLECTION_TABLE = "reflection"


def _text(record: Mapping[str, Any], key: str) -> str:
    value = record.get(key)
    if value is None or isinstance(value, bool):
        return ""
    if isinstance(value, list):
        return ", ".join(str(v) for v in value if v)
    return str(value).strip()


def _int(record: Mapping[str, Any], key: str) -> int | None:
    value = record.get(key)
    if isinstance(value, bool):
        return None
    try:
        return int(value) if value is not None and value != "" else None
    except (TypeError, ValueError):
        return None


@dataclass(frozen=True)
class MidCheckNote:
    day: date
    at: str
    block_rating: int | None
    working: str
    blocking: str
    adjustment: str
    need_help: bool
    help_text: str

    @classmethod
    def from_record(cls, day: date, record: Mapping[str, Any]) -> MidCheckNote:
        help_text = _text(record, "help_text")
        return cls(
            day=day,
            at=_text(record, "at"),
            block_rating=_int(record, "block_rating"),
            working=_text(record, "working"),
            blocking=_text(record, "blocking"),
            adjustment=_text(record, "adjustment"),
            need_help=bool(record.get("need_help")) or False,
            help_text=help_text,
        )


@dataclass(frozen=True)
class ReflectionNote:
    day: date
    went_well: str
    hard: str
    learning: str
    objections: tuple[str, ...]
    objections_note: str
    plan: str
    focus: str
    energy: int | None
    help_request: str
    submitted: bool

    @classmethod
    def from_record(cls, day: date, record: Mapping[str, Any]) -> ReflectionNote:
        raw = record.get("objections")
        if isinstance(raw, str):
            objections: tuple[str, ...] = (raw,) if raw.strip() else ()
        elif isinstance(raw, list | tuple):
            objections = tuple(str(o).strip() for o in raw if str(o).strip())
        else:
            objections = ()
        return cls(
            day=day,
            went_well=_text(record, "went_well"),
            hard=_text(record, "hard"),
            learning=_text(record, "learning"),
            objections=objections,
            objections_note=_text(record, "objections_note"),
            plan=_text(record, "plan"),
            focus=_text(record, "focus"),
            energy=_int(record, "energy"),
            help_request=_text(record, "help_request"),
            submitted=bool(record.get("submitted", True)),
        )


def midchecks_from(day: date, records: Iterable[Mapping[str, Any]]) -> list[MidCheckNote]:
    return [MidCheckNote.from_record(day, r) for r in records if isinstance(r, Mapping)]


def reflections_from(day: date, records: Iterable[Mapping[str, Any]]) -> list[ReflectionNote]:
    """A day's reflection (normally one document; the last one wins if several)."""
    notes = [ReflectionNote.from_record(day, r) for r in records if isinstance(r, Mapping)]
    return notes[-1:]


def one_line(text: str) -> str:
    """Condensed means one line per note: line breaks become " / "."""
    return " / ".join(part.strip() for part in text.splitlines() if part.strip())


@dataclass(frozen=True)
class Said:
    """One thing the rep wrote, with when and where (``Tue mid-check``)."""

    day: date
    source: str
    text: str

    def __post_init__(self) -> None:
        object.__setattr__(self, "text", one_line(self.text))

    @property
    def tag(self) -> str:
        return f"{self.day:%a} {self.source}"


@dataclass(frozen=True)
class WeekWords:
    worked: tuple[Said, ...]
    blocked: tuple[Said, ...]
    learnings: tuple[Said, ...]
    adjustments: tuple[Said, ...]
    help_requests: tuple[Said, ...]
    objections: tuple[tuple[str, int], ...]  # most frequent first
    plans: tuple[Said, ...]
    energy: tuple[tuple[date, int], ...]
    midcheck_count: int
    reflection_count: int

    @property
    def empty(self) -> bool:
        return not (self.midcheck_count or self.reflection_count)


def condense(midchecks: Iterable[MidCheckNote], reflections: Iterable[ReflectionNote]) -> WeekWords:
    """Group what the rep wrote all week by what it says, keeping day and source."""
    mids, refs = list(midchecks), list(reflections)
    worked, blocked, learnings, adjust, helps, plans = [], [], [], [], [], []
    for m in mids:
        if m.working:
            worked.append(Said(m.day, "mid-check", m.working))
        if m.blocking:
            blocked.append(Said(m.day, "mid-check", m.blocking))
        if m.adjustment:
            adjust.append(Said(m.day, "mid-check", m.adjustment))
        if m.need_help or m.help_text:
            helps.append(Said(m.day, "mid-check", m.help_text or "asked for help"))
    tally: Counter[str] = Counter()
    energy = []
    for r in refs:
        if r.went_well:
            worked.append(Said(r.day, "reflection", r.went_well))
        if r.hard:
            blocked.append(Said(r.day, "reflection", r.hard))
        if r.learning:
            learnings.append(Said(r.day, "reflection", r.learning))
        if r.help_request:
            helps.append(Said(r.day, "reflection", r.help_request))
        plan = " · ".join(p for p in (r.plan, r.focus) if p)
        if plan:
            plans.append(Said(r.day, "plan", plan))
        tally.update(r.objections)
        if r.energy is not None:
            energy.append((r.day, r.energy))

    def ordered(items: list[Said]) -> tuple[Said, ...]:
        return tuple(sorted(items, key=lambda s: s.day))

    return WeekWords(
        worked=ordered(worked),
        blocked=ordered(blocked),
        learnings=ordered(learnings),
        adjustments=ordered(adjust),
        help_requests=ordered(helps),
        objections=tuple(sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))),
        plans=ordered(plans),
        energy=tuple(sorted(energy)),
        midcheck_count=len(mids),
        reflection_count=len(refs),
    )
