"""The weekly 1on1 on record: the rep's answers to the seven questions, kept
with the week (domain.md, "1on1"; seeds/000: 1on1の基本フォーマット and
7つの質問).

The articles' loop is KPI check → 1on1 → action → next KPI check. The actions
agreed in the 1on1 are the week's review actions (domain/weekplan.py: the
plan decided at this week's review, for next week); this record keeps what
was said, so the next 1on1 can look back at it beside those actions' done
state.

The format's time guide is a guide: ``phase_at`` says which phase the clock
suggests, and nothing is ever closed or moved on by it.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

from istui.domain.moments import NaiveTime, aware_time
from istui.i18n import tr

#: The seven questions, in the article's order (their words are render's).
QUESTION_COUNT = 7
#: The longest answer to one question, in characters.
ANSWER_LIMIT = 1000
#: The articles' advice on silence after a question: wait at least this long.
SILENCE_SECONDS = 15
#: The record's fields that are the rep's (and lead's) words: ``--no-notes``
#: leaves exactly these out of an export.
ONE_ON_ONE_TEXT_FIELDS = ("answers",)
#: The format's phases and their minutes (45 in all): ice-break, current
#: state, the real issue, the rep's own solutions, next actions.
PHASES: tuple[tuple[str, int], ...] = (
    ("ice_break", 5),
    ("current_state", 10),
    ("real_issue", 15),
    ("solutions", 10),
    ("actions", 5),
)
TOTAL_MINUTES = sum(minutes for _, minutes in PHASES)


def answer_key(number: int) -> str:
    """The record key of question ``number`` (1-7): ``q1`` … ``q7``."""
    return f"q{number}"


@dataclass(frozen=True)
class PhaseAt:
    """Where a 1on1 stands by the clock: the phase the guide suggests (index
    into PHASES), the seconds spent in it, and whether the whole format's time
    has passed (the conversation goes on if it needs to)."""

    index: int
    into: int
    over: bool

    @property
    def key(self) -> str:
        return PHASES[self.index][0]


def phase_at(elapsed_seconds: float) -> PhaseAt:
    """The phase the time guide points at after ``elapsed_seconds``."""
    seconds = max(0, int(elapsed_seconds))
    start = 0
    for index, (_key, minutes) in enumerate(PHASES):
        end = start + minutes * 60
        if seconds < end:
            return PhaseAt(index, seconds - start, False)
        start = end
    last = len(PHASES) - 1
    return PhaseAt(last, seconds - (start - PHASES[last][1] * 60), True)


def _aware(value: Any, what: str) -> datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise ValueError(tr("1on1 {what} is not a time", what=what))
    try:
        return aware_time(value)
    except NaiveTime:
        raise ValueError(tr("1on1 {what} has no UTC offset", what=what)) from None
    except ValueError:
        raise ValueError(
            tr("1on1 {what} {value} is not a time", what=what, value=repr(value[:40]))
        ) from None


@dataclass(frozen=True)
class OneOnOne:
    """One week's 1on1: the answers by question number (blank when not asked or
    not said), when it began and when it was last changed."""

    answers: tuple[str, ...] = field(default=("",) * QUESTION_COUNT)
    started_at: datetime | None = None
    changed_at: datetime | None = None

    def __post_init__(self) -> None:
        if len(self.answers) != QUESTION_COUNT:
            raise ValueError(f"a 1on1 has {QUESTION_COUNT} answers, not {len(self.answers)}")
        for number, text in enumerate(self.answers, 1):
            check_answer(text, number)

    @property
    def answered(self) -> int:
        return sum(1 for a in self.answers if a.strip())

    @property
    def empty(self) -> bool:
        return not self.answered

    def answer(self, number: int) -> str:
        return self.answers[number - 1]

    def to_record(self) -> dict[str, Any]:
        return {
            "answers": {answer_key(n): a for n, a in enumerate(self.answers, 1) if a},
            "started_at": None if self.started_at is None else self.started_at.isoformat(),
            "changed_at": None if self.changed_at is None else self.changed_at.isoformat(),
        }

    @classmethod
    def from_record(cls, record: Mapping[str, Any]) -> OneOnOne:
        """A stored or exported record; ValueError naming what is wrong. A record
        exported with ``--no-notes`` has no answers: they read as blank."""
        if not isinstance(record, Mapping):
            raise ValueError(tr("1on1 record is not an object"))
        raw = record.get("answers") or {}
        if not isinstance(raw, Mapping):
            raise ValueError(tr("1on1 answers are not an object"))
        known = {answer_key(n) for n in range(1, QUESTION_COUNT + 1)}
        for key in raw:
            if key not in known:
                raise ValueError(
                    tr("1on1 answers: unknown question {key}", key=repr(str(key)[:20]))
                )
        answers = []
        for number in range(1, QUESTION_COUNT + 1):
            text = raw.get(answer_key(number), "")
            if not isinstance(text, str):
                raise ValueError(tr("1on1 answer {number} is not text", number=number))
            answers.append(text)
        return cls(
            answers=tuple(answers),
            started_at=_aware(record.get("started_at"), "started_at"),
            changed_at=_aware(record.get("changed_at"), "changed_at"),
        )


def check_answer(text: str, number: int) -> None:
    if not isinstance(text, str):
        raise ValueError(tr("1on1 answer {number} is not text", number=number))
    if len(text) > ANSWER_LIMIT:
        raise ValueError(
            tr(
                "1on1 answer {number} has {length} characters (at most {limit})",
                number=number,
                length=len(text),
                limit=ANSWER_LIMIT,
            )
        )
    if any(ord(c) < 32 and c not in "\t" for c in text):
        raise ValueError(
            tr("1on1 answer {number} holds a line break or control character", number=number)
        )
