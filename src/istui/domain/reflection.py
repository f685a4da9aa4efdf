"""Mid-checks and the end-of-day reflection, as data.

The numbers say what happened; these forms are where a rep says why and what
to change. They feed the weekly review, the 1on1 and the team merge, so every
answer is its own field (not one blob of text), and each form keeps the
snapshot of the figures it was made against, so a later review sees what the
rep saw. Pure: no I/O, no Textual.

Long (~450 lines) because the two forms share their validation, record
format and due rules; the figure snapshot they carry is domain/snapshot.py.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime, time, timedelta
from enum import Enum
from types import MappingProxyType
from typing import Any, TypedDict

from istui.domain.calendar import WorkCalendar, WorkHours, local_time
from istui.domain.snapshot import FigureSnapshot as FigureSnapshot  # re-exported for the TUI
from istui.domain.snapshot import check_snapshot_record, moment_from
from istui.domain.snapshot import hourly_series as hourly_series  # re-exported for the TUI
from istui.domain.snapshot import snapshot_of as snapshot_of  # re-exported for the TUI
from istui.i18n import N_, tr

RATING_MIN, RATING_MAX = 1, 5

#: Length limits of the text fields, in characters (a Japanese character is one
#: character but two cells: see render.cells).
MIDCHECK_LIMITS: Mapping[str, int] = MappingProxyType(
    {"working": 120, "blocking": 120, "adjustment": 120, "help_text": 120}
)
REFLECTION_LIMITS: Mapping[str, int] = MappingProxyType(
    {
        "went_well": 300,
        "hard": 300,
        "learning": 300,
        "objections_other": 120,
        "action": 120,
        "help_request": 200,
    }
)
#: The fields of each record that hold the rep's own words: what ``--no-notes``
#: leaves out of an export (ratings, flags, pick-list values, the figure
#: snapshot and the times stay).
MIDCHECK_TEXT_FIELDS = ("working", "blocking", "adjustment", "help_text")
REFLECTION_TEXT_FIELDS = (
    "went_well", "hard", "learning", "objections_other", "actions", "help_request",
)  # fmt: skip
#: The field both records keep their last change in (the merge's "newest change wins").
CHANGED_FIELD = "changed_at"
PLAN_ACTIONS = 3  # tomorrow's plan: up to three concrete actions
TARGET_MAX = 9999


#: Unicode's control characters (category Cc: U+0000-U+001F and U+007F-U+009F,
#: fixed by the standard) but the tab: one regular expression rather than a
#: category look-up a character (the team view reads a thousand forms).
_CONTROL = re.compile("[\x00-\x08\x0a-\x1f\x7f-\x9f]")


def clean_text(value: object, limit: int) -> str:
    """A text answer: a string, stripped of control characters, cut to its limit."""
    if value is None:
        return ""
    if not isinstance(value, str):
        raise ValueError(tr("expected text, got {value}", value=repr(value)))
    return _CONTROL.sub("", value)[:limit]


#: A rating's name in an error line (translated where it is shown).
BLOCK_RATING = N_("block rating")


def check_rating(value: object, what: str, *, required: bool = False) -> int | None:
    """A 1–5 pick; None when not given (and not required)."""
    if value is None:
        if required:
            raise ValueError(tr("{what} is required (1-5)", what=tr(what)))
        return None
    if isinstance(value, bool) or not isinstance(value, int):
        raise ValueError(
            tr("{what} must be a whole number 1-5, got {value}", what=tr(what), value=repr(value))
        )
    if not RATING_MIN <= value <= RATING_MAX:
        raise ValueError(tr("{what} must be 1-5, got {value}", what=tr(what), value=value))
    return value


def _iso(moment: datetime | None) -> str | None:
    return moment.isoformat() if moment else None


def _snapshot(record: object, figures: bool) -> FigureSnapshot | None:
    """A form's figure snapshot (None when not a table); ``figures`` False: only
    checked, as ``FigureSnapshot.from_record`` would (the same refusals)."""
    if not isinstance(record, Mapping):
        return None
    if figures:
        return FigureSnapshot.from_record(record)
    check_snapshot_record(record)
    return None


class _Stamps(TypedDict):
    """What both forms keep beside the rep's answers: the figures they were
    made against, their last change and their first submission."""

    snapshot: FigureSnapshot | None
    changed_at: datetime | None
    submitted_at: datetime | None


def _stamps_record(form: MidCheck | Reflection) -> dict[str, object]:
    return {
        "snapshot": form.snapshot.to_record() if form.snapshot else None,
        "changed_at": _iso(form.changed_at),
        "submitted_at": _iso(form.submitted_at),
    }


def _stamps_from(record: Mapping[str, object], *, figures: bool = True) -> _Stamps:
    """The stamps of a stored form; ValueError naming a bad one. ``figures``
    False: the figure snapshot is checked the same, and left out."""
    return _Stamps(
        snapshot=_snapshot(record.get("snapshot"), figures),
        changed_at=moment_from(record.get("changed_at"), "changed_at"),
        submitted_at=moment_from(record.get("submitted_at"), "submitted_at"),
    )


# ------------------------------------------------------------------ mid-check
class MidStatus(Enum):
    DRAFT = "draft"
    DONE = "done"
    SKIPPED = "skipped"


def slot_name(at: time) -> str:
    return f"{at:%H:%M}"


@dataclass(frozen=True)
class MidCheck:
    """One morning or afternoon mid-check: a block rating and a few short lines."""

    slot: str  # the configured time it belongs to, "12:00"
    status: MidStatus = MidStatus.DRAFT
    rating: int | None = None
    working: str = ""
    blocking: str = ""
    adjustment: str = ""
    need_help: bool = False
    help_text: str = ""
    snapshot: FigureSnapshot | None = None
    changed_at: datetime | None = None
    submitted_at: datetime | None = None

    @property
    def settled(self) -> bool:
        """Done or skipped: it no longer falls due."""
        return self.status is not MidStatus.DRAFT

    def validated(self) -> MidCheck:
        """A copy with text cut to its limits; ValueError naming a bad field."""
        check_rating(self.rating, BLOCK_RATING)
        return replace(
            self,
            working=clean_text(self.working, MIDCHECK_LIMITS["working"]),
            blocking=clean_text(self.blocking, MIDCHECK_LIMITS["blocking"]),
            adjustment=clean_text(self.adjustment, MIDCHECK_LIMITS["adjustment"]),
            help_text=clean_text(self.help_text, MIDCHECK_LIMITS["help_text"]),
        )

    def submit(self, at: datetime) -> MidCheck:
        """Mark done; the block rating is the one required answer."""
        check_rating(self.rating, BLOCK_RATING, required=True)
        return replace(
            self.validated(),
            status=MidStatus.DONE,
            changed_at=at,
            submitted_at=self.submitted_at or at,
        )

    def skip(self, at: datetime) -> MidCheck:
        return replace(self.validated(), status=MidStatus.SKIPPED, changed_at=at)

    def to_record(self) -> dict[str, object]:
        return {
            "slot": self.slot,
            "status": self.status.value,
            "rating": self.rating,
            "working": self.working,
            "blocking": self.blocking,
            "adjustment": self.adjustment,
            "need_help": self.need_help,
            "help_text": self.help_text,
            **_stamps_record(self),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object], *, figures: bool = True) -> MidCheck:
        """Rebuild a mid-check; ValueError naming what is wrong. ``figures``
        False: its figure snapshot is checked the same, and left out."""
        slot = record.get("slot")
        if not isinstance(slot, str) or not slot:
            raise ValueError(tr("mid-check without a slot"))
        try:
            status = MidStatus(record.get("status", "draft"))
        except ValueError:
            raise ValueError(
                tr(
                    "mid-check {slot}: unknown status {status}",
                    slot=slot,
                    status=repr(record.get("status")),
                )
            ) from None
        try:
            check = cls(
                slot=slot,
                status=status,
                rating=check_rating(record.get("rating"), BLOCK_RATING),
                working=clean_text(record.get("working"), MIDCHECK_LIMITS["working"]),
                blocking=clean_text(record.get("blocking"), MIDCHECK_LIMITS["blocking"]),
                adjustment=clean_text(record.get("adjustment"), MIDCHECK_LIMITS["adjustment"]),
                need_help=bool(record.get("need_help", False)),
                help_text=clean_text(record.get("help_text"), MIDCHECK_LIMITS["help_text"]),
                **_stamps_from(record, figures=figures),
            )
        except ValueError as exc:
            raise ValueError(tr("mid-check {slot}: {problem}", slot=slot, problem=exc)) from None
        if status is MidStatus.DONE and check.rating is None:
            raise ValueError(tr("mid-check {slot}: done without a block rating", slot=slot))
        return check


class SlotState(Enum):
    UPCOMING = "upcoming"
    DUE = "due"
    DONE = "done"
    SKIPPED = "skipped"
    MISSED = "missed"


@dataclass(frozen=True)
class Slot:
    name: str
    at: time
    state: SlotState
    check: MidCheck | None


def midcheck_slots(
    times: Iterable[time],
    checks: Iterable[MidCheck],
    hours: WorkHours,
    clock_time: time,
    working_day: bool,
) -> list[Slot]:
    """Each configured mid-check with its state at ``clock_time``.

    A check falls due at its time and stays due until the next one's time (the
    last until the end of the working day); left unanswered after that it is
    missed. Done and skipped checks stay what they are; nothing falls due on a
    day off.
    """
    by_slot = {c.slot: c for c in checks}
    ordered = sorted(set(times))
    slots = []
    for index, at in enumerate(ordered):
        name = slot_name(at)
        check = by_slot.get(name)
        window_end = ordered[index + 1] if index + 1 < len(ordered) else hours.end
        if check is not None and check.status is MidStatus.DONE:
            state = SlotState.DONE
        elif check is not None and check.status is MidStatus.SKIPPED:
            state = SlotState.SKIPPED
        elif not working_day or clock_time < at:
            state = SlotState.UPCOMING
        elif clock_time < window_end:
            state = SlotState.DUE
        else:
            state = SlotState.MISSED
        slots.append(Slot(name, at, state, check))
    return slots


def due_slot(slots: Sequence[Slot]) -> Slot | None:
    return next((s for s in slots if s.state is SlotState.DUE), None)


def slot_to_open(slots: Sequence[Slot]) -> Slot | None:
    """The check the mid-check key opens: the one due, else the next one (early),
    else the latest (to review or change it)."""
    due = due_slot(slots)
    if due is not None:
        return due
    upcoming = next((s for s in slots if s.state is SlotState.UPCOMING), None)
    if upcoming is not None:
        return upcoming
    return slots[-1] if slots else None


def mark_slot(slots: Sequence[Slot]) -> tuple[Slot | None, bool]:
    """What the Today screen's mark is about: (the check due, or else the latest
    passed check when it was skipped; whether one is due). Missed checks are
    left to the day history. render/forms.py words it."""
    due = due_slot(slots)
    if due is not None:
        return due, True
    passed = [s for s in slots if s.state in (SlotState.SKIPPED, SlotState.DONE, SlotState.MISSED)]
    if passed and passed[-1].state is SlotState.SKIPPED:
        return passed[-1], False
    return None, False


# ----------------------------------------------------------------- reflection
@dataclass(frozen=True)
class Reflection:
    """The end-of-day reflection (終業時の振り返り) of one day."""

    day: date
    went_well: str = ""  # 上手くいった点
    hard: str = ""  # 課題点
    learning: str = ""  # 気づき
    objections: tuple[str, ...] = ()  # picked from the config's pick-list
    objections_other: str = ""
    actions: tuple[str, ...] = ()  # tomorrow's plan: concrete actions
    tomorrow_targets: Mapping[str, int] = field(default_factory=dict)
    focus: int | None = None
    energy: int | None = None
    help_request: str = ""
    submitted: bool = False
    snapshot: FigureSnapshot | None = None
    changed_at: datetime | None = None
    submitted_at: datetime | None = None

    def validated(self) -> Reflection:
        """A copy with text cut to limits; ValueError naming a bad field."""
        targets = _checked_ratings(self.focus, self.energy, self.tomorrow_targets)
        limit = REFLECTION_LIMITS
        actions = tuple(clean_text(a, limit["action"]) for a in self.actions)[:PLAN_ACTIONS]
        return replace(
            self,
            went_well=clean_text(self.went_well, limit["went_well"]),
            hard=clean_text(self.hard, limit["hard"]),
            learning=clean_text(self.learning, limit["learning"]),
            objections=tuple(dict.fromkeys(o for o in self.objections if o)),
            objections_other=clean_text(self.objections_other, limit["objections_other"]),
            actions=actions,
            tomorrow_targets=MappingProxyType(targets),
            help_request=clean_text(self.help_request, limit["help_request"]),
        )

    @property
    def plan(self) -> tuple[str, ...]:
        """Tomorrow's actions, blank lines left out."""
        return tuple(a.strip() for a in self.actions if a.strip())

    def submit(self, at: datetime) -> Reflection:
        done = self.validated()
        return replace(
            done,
            actions=done.plan,
            submitted=True,
            changed_at=at,
            submitted_at=self.submitted_at or at,
        )

    def to_record(self) -> dict[str, object]:
        return {
            "day": self.day.isoformat(),
            "went_well": self.went_well,
            "hard": self.hard,
            "learning": self.learning,
            "objections": list(self.objections),
            "objections_other": self.objections_other,
            "actions": list(self.actions),
            "tomorrow_targets": dict(self.tomorrow_targets),
            "focus": self.focus,
            "energy": self.energy,
            "help_request": self.help_request,
            "submitted": self.submitted,
            **_stamps_record(self),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> Reflection:
        try:
            day, objections, actions, targets = _lists_of(record)
            return cls(
                day=day,
                went_well=str(record.get("went_well") or ""),
                hard=str(record.get("hard") or ""),
                learning=str(record.get("learning") or ""),
                objections=tuple(str(o) for o in objections),
                objections_other=str(record.get("objections_other") or ""),
                actions=tuple(str(a) for a in actions),
                tomorrow_targets={str(k): v for k, v in targets.items()},
                focus=record.get("focus"),  # type: ignore[arg-type]
                energy=record.get("energy"),  # type: ignore[arg-type]
                help_request=str(record.get("help_request") or ""),
                submitted=bool(record.get("submitted", False)),
                **_stamps_from(record),
            ).validated()
        except (KeyError, TypeError, ValueError) as exc:
            raise ValueError(tr("bad reflection: {problem}", problem=exc)) from None


def _checked_ratings(
    focus: object, energy: object, tomorrow: Mapping[str, object]
) -> dict[str, int]:
    """The ratings and tomorrow's targets of a reflection, checked in the
    order ``Reflection.validated`` (and so ``reflection_gist``) refuses them."""
    check_rating(focus, N_("focus"))
    check_rating(energy, N_("energy"))
    targets = {}
    for key, value in tomorrow.items():
        if isinstance(value, bool) or not isinstance(value, int):
            raise ValueError(tr("tomorrow's target {key} must be a whole number", key=key))
        if not 0 <= value <= TARGET_MAX:
            raise ValueError(
                tr(
                    "tomorrow's target {key} must be 0-{limit}, got {value}",
                    key=key,
                    limit=TARGET_MAX,
                    value=value,
                )
            )
        targets[key] = value
    return targets


def _lists_of(
    record: Mapping[str, object],
) -> tuple[date, list[object], list[object], Mapping[Any, Any]]:
    """A reflection record's day and its list and table fields, checked (both
    readers refuse a record alike: ``Reflection.from_record`` and
    ``reflection_gist``)."""
    day = date.fromisoformat(str(record["day"]))
    objections = record.get("objections") or []
    actions = record.get("actions") or []
    targets = record.get("tomorrow_targets") or {}
    if not isinstance(objections, list) or not isinstance(actions, list):
        raise ValueError(tr("objections and actions must be lists"))
    if not isinstance(targets, Mapping):
        raise ValueError(tr("tomorrow_targets must be a table"))
    return day, objections, actions, targets


def reflection_gist(record: Mapping[str, object]) -> tuple[date, bool, str]:
    """(day, submitted, help request) of a reflection record exactly as
    ``Reflection.from_record`` reads them, and the same refusals (the same
    checks in the same order), without building the form or its figure
    snapshot: the team view reads only these two of a thousand forms
    (tests/test_team_notes.py holds the two readers to the same answer on
    every record shape). Keep it in step with ``from_record``."""
    try:
        day, objections, actions, targets = _lists_of(record)
        snap = record.get("snapshot")
        for key in ("went_well", "hard", "learning"):
            record.get(key)
        for o in objections:
            str(o)
        record.get("objections_other")
        for a in actions:
            str(a)
        tomorrow = {str(k): v for k, v in targets.items()}
        focus, energy = record.get("focus"), record.get("energy")
        help_request = str(record.get("help_request") or "")
        submitted = bool(record.get("submitted", False))
        if isinstance(snap, Mapping):
            check_snapshot_record(snap)
        moment_from(record.get("changed_at"), "changed_at")
        moment_from(record.get("submitted_at"), "submitted_at")
        # Reflection.validated
        _checked_ratings(focus, energy, tomorrow)
        return day, submitted, clean_text(help_request, REFLECTION_LIMITS["help_request"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValueError(tr("bad reflection: {problem}", problem=exc)) from None


def reflection_due(
    hours: WorkHours, now: datetime, day: date, calendar: WorkCalendar, done: bool
) -> bool:
    """After the end of a working day, until the day's reflection is submitted."""
    if done or now.date() != day or not calendar.is_working_day(day):
        return False
    return local_time(now) >= hours.end


def next_working_day(day: date, calendar: WorkCalendar) -> date:
    """The day tomorrow's targets apply to: the next working day (Monday after a Friday)."""
    candidate = day + timedelta(days=1)
    for _ in range(366):
        if calendar.is_working_day(candidate):
            return candidate
        candidate += timedelta(days=1)
    return day + timedelta(days=1)


def parse_target(text: str) -> int | None:
    """A target typed in the form: empty is "not set"; ValueError otherwise."""
    text = text.strip()
    if not text:
        return None
    if not text.isascii() or not text.isdigit():
        raise ValueError(tr("{text} is not a whole number", text=repr(text)))
    value = int(text)
    if value > TARGET_MAX:
        raise ValueError(tr("{value} is more than {limit}", value=value, limit=TARGET_MAX))
    return value
