"""The week's words: what the mid-checks and reflections said, condensed.

The records themselves belong to the forms (domain/reflection.py: MidCheck and
Reflection, with their own ``from_record``); this module only reads them
through those, so the weekly review, the 1on1 report and the team view see
exactly the fields the forms write. A form counts once the rep has given it:
a mid-check marked done, a reflection submitted. Drafts and skipped checks
are not yet said. A record the forms cannot read is not fatal here: it is
reported as a problem line and the rest of the week still shows.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

from istui.domain.reflection import MidCheck, MidStatus, Reflection, reflection_gist


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


@dataclass(frozen=True)
class DayNotes:
    """One day's forms, as the forms read them."""

    day: date
    midchecks: tuple[MidCheck, ...] = ()
    reflection: Reflection | None = None
    problems: tuple[str, ...] = ()

    @property
    def given_midchecks(self) -> tuple[MidCheck, ...]:
        """The mid-checks the rep submitted (not drafts, not skipped)."""
        return tuple(c for c in self.midchecks if c.status is MidStatus.DONE)

    @property
    def given_reflection(self) -> Reflection | None:
        r = self.reflection
        return r if r is not None and r.submitted else None

    @property
    def reflected(self) -> bool:
        return self.given_reflection is not None

    def help_requests(self) -> list[Said]:
        """Help asked for that day: a mid-check's "I need help" (with its line of
        text) and the reflection's help request."""
        found = [
            Said(self.day, "mid-check", c.help_text.strip() or "asked for help")
            for c in self.given_midchecks
            if c.need_help
        ]
        r = self.given_reflection
        if r is not None and r.help_request.strip():
            found.append(Said(self.day, "reflection", r.help_request))
        return found


def _read_checks(
    day: date, records: Iterable[Mapping[str, Any]], *, figures: bool
) -> tuple[list[MidCheck], list[str]]:
    """A day's mid-checks through their reader, and the problem lines."""
    checks: list[MidCheck] = []
    problems: list[str] = []
    for record in records:
        try:
            checks.append(MidCheck.from_record(record, figures=figures))
        except (ValueError, AttributeError) as exc:
            problems.append(f"{day}: {exc}")  # the forms' messages name the form
    return checks, problems


def read_day_notes(
    day: date,
    midcheck_records: Iterable[Mapping[str, Any]],
    reflection_records: Iterable[Mapping[str, Any]],
) -> DayNotes:
    """A day's records through the forms' own readers; unreadable ones become
    problem lines naming the day and what is wrong."""
    return _day_notes(day, midcheck_records, reflection_records, whole=True)


def read_day_gist(
    day: date,
    midcheck_records: Iterable[Mapping[str, Any]],
    reflection_records: Iterable[Mapping[str, Any]],
) -> DayNotes:
    """What the team view reads of a day (whether it is reflected, the help
    asked for), the same as ``read_day_notes`` gives it: the mid-checks
    through their reader with their figure snapshots checked but not built,
    the reflection through ``reflection_gist`` (the same refusals, without
    building the form), so its ``reflection`` holds only the day,
    ``submitted`` and ``help_request`` (the rep's words are read with
    ``read_day_notes`` when their review opens). ``problems`` are the same
    lines."""
    return _day_notes(day, midcheck_records, reflection_records, whole=False)


def _day_notes(
    day: date,
    midcheck_records: Iterable[Mapping[str, Any]],
    reflection_records: Iterable[Mapping[str, Any]],
    *,
    whole: bool,
) -> DayNotes:
    """``read_day_notes`` (``whole``) or ``read_day_gist``."""
    checks, problems = _read_checks(day, midcheck_records, figures=whole)
    reflection: Reflection | None = None
    listed = list(reflection_records)
    if listed:  # one record a day; the last one wins if a hand edit left several
        try:
            if whole:
                reflection = Reflection.from_record(listed[-1])
            else:
                said, submitted, help_request = reflection_gist(listed[-1])
                reflection = Reflection(day=said, help_request=help_request, submitted=submitted)
        except (ValueError, AttributeError) as exc:
            problems.append(f"{day}: {exc}")
    return DayNotes(
        day=day,
        midchecks=tuple(sorted(checks, key=lambda c: c.slot)),
        reflection=reflection,
        problems=tuple(problems),
    )


@dataclass(frozen=True)
class WeekWords:
    worked: tuple[Said, ...]
    blocked: tuple[Said, ...]
    learnings: tuple[Said, ...]
    adjustments: tuple[Said, ...]
    help_requests: tuple[Said, ...]
    objections: tuple[tuple[str, int], ...]  # picked ones, most frequent first
    other_objections: tuple[Said, ...]
    plans: tuple[Said, ...]
    energy: tuple[tuple[date, int], ...]
    midcheck_count: int
    reflection_count: int
    problems: tuple[str, ...] = ()

    @property
    def empty(self) -> bool:
        return not (self.midcheck_count or self.reflection_count)


def _keep(sink: list[Said], day: date, source: str, text: str) -> None:
    """Keep an answer that says something (not blank)."""
    if text.strip():
        sink.append(Said(day, source, text))


def condense(days: Iterable[DayNotes]) -> WeekWords:
    """Group what the rep said all week by what it says, keeping day and source."""
    worked: list[Said] = []
    blocked: list[Said] = []
    learnings: list[Said] = []
    adjust: list[Said] = []
    helps: list[Said] = []
    others: list[Said] = []
    plans: list[Said] = []
    tally: Counter[str] = Counter()
    energy: list[tuple[date, int]] = []
    problems: list[str] = []
    mids = refs = 0
    for notes in sorted(days, key=lambda n: n.day):
        day = notes.day
        problems.extend(notes.problems)
        for m in notes.given_midchecks:
            mids += 1
            _keep(worked, day, "mid-check", m.working)
            _keep(blocked, day, "mid-check", m.blocking)
            _keep(adjust, day, "mid-check", m.adjustment)
        r = notes.given_reflection
        if r is not None:
            refs += 1
            _keep(worked, day, "reflection", r.went_well)
            _keep(blocked, day, "reflection", r.hard)
            _keep(learnings, day, "reflection", r.learning)
            if r.plan:
                plans.append(Said(day, "plan", " · ".join(r.plan)))
            tally.update(r.objections)
            _keep(others, day, "reflection", r.objections_other)
            if r.energy is not None:
                energy.append((day, r.energy))
        helps.extend(notes.help_requests())
    return WeekWords(
        worked=tuple(worked),
        blocked=tuple(blocked),
        learnings=tuple(learnings),
        adjustments=tuple(adjust),
        help_requests=tuple(helps),
        objections=tuple(sorted(tally.items(), key=lambda kv: (-kv[1], kv[0]))),
        other_objections=tuple(others),
        plans=tuple(plans),
        energy=tuple(energy),
        midcheck_count=mids,
        reflection_count=refs,
        problems=tuple(problems),
    )
