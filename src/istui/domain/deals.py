"""The 商談 (deal) that every booked meeting becomes, its steps, and its rates.

A dial that booked a meeting is one event of the funnel's ``meeting`` stage;
the deal is what happens to that meeting afterwards, days or weeks later:

    booked ──scheduled (a date, a company or lead name: the deal stays booked)
      ├─ held (実施) ──qualified (有効商談: BANT, handoff score 1–5)
      │     │            └─ won (受注, an amount) / lost (失注, a reason)
      │     └─ won / lost
      ├─ noshow
      └─ cancelled (キャンセル, a reason)

``reopen`` takes a deal that ended (no-show, cancelled, won, lost) back to the
state it ended from; ``undo`` (``without_last_step``) drops the last step as a
mistake. Every step is dated. None of it touches the day's dial events: a deal
is its own record, keyed by the meeting event's id, and the dial counts are
counted from the events alone.

The figures and rates of a set of deals are in ``deal_rates``. Long (~430
lines) because a step's checks, the fold of the steps into a state and the
checks of a record read from a file are one set of rules, kept in one place.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, datetime

from istui.domain.moments import NaiveTime, aware_time
from istui.i18n import tr, trp

# ------------------------------------------------------------------ states
BOOKED = "booked"
HELD = "held"
NOSHOW = "noshow"
CANCELLED = "cancelled"
QUALIFIED = "qualified"
WON = "won"
LOST = "lost"
STATES = (BOOKED, HELD, NOSHOW, CANCELLED, QUALIFIED, WON, LOST)
#: States a deal can still move on from without a reopen.
OPEN_STATES = frozenset({BOOKED, HELD, QUALIFIED})
#: States a deal ends in (``reopen`` takes it back).
ENDED_STATES = frozenset({NOSHOW, CANCELLED, WON, LOST})
#: States that mean the meeting took place (実施).
HELD_STATES = frozenset({HELD, QUALIFIED, WON, LOST})

# ------------------------------------------------------------------- steps
SCHEDULED = "scheduled"
REOPEN = "reopen"
#: Every step, in the order a deal usually takes them (the CLI's choices).
STEPS = (SCHEDULED, HELD, NOSHOW, CANCELLED, QUALIFIED, WON, LOST, REOPEN)
#: Which state each step may follow.
STEP_FROM: dict[str, frozenset[str]] = {
    SCHEDULED: frozenset({BOOKED}),
    HELD: frozenset({BOOKED}),
    NOSHOW: frozenset({BOOKED}),
    CANCELLED: frozenset({BOOKED}),
    QUALIFIED: frozenset({HELD, QUALIFIED}),
    WON: frozenset({HELD, QUALIFIED}),
    LOST: frozenset({HELD, QUALIFIED}),
    REOPEN: ENDED_STATES,
}

#: BANT: budget 予算, authority 決裁権, need ニーズ, timing 導入時期 (in this order).
BANT = "bant"
#: The largest amount a deal may carry (100 billion yen: anything more is a typo).
MAX_AMOUNT = 100_000_000_000
#: The longest reason or company name kept (one line).
MAX_DEAL_TEXT = 80
#: The most steps one deal keeps (a bound on an untrusted file; a real deal takes a handful).
MAX_STEPS = 64


def state_word(state: str) -> str:
    """A state as a refusal names it: in English its key (what ``istui deals
    --json`` says), in Japanese the word the deal lists use."""
    words = {
        BOOKED: trp("deal state", "booked"),
        HELD: trp("deal state", "held"),
        NOSHOW: trp("deal state", "noshow"),
        CANCELLED: trp("deal state", "cancelled"),
        QUALIFIED: trp("deal state", "qualified"),
        WON: trp("deal state", "won"),
        LOST: trp("deal state", "lost"),
    }
    return words.get(state, state)


class DealStepError(ValueError):
    """A step that does not follow, or a value out of bounds: the one line the user sees."""


def check_deal_text(text: str, what: str) -> str:
    """``text`` as a reason or name: one line, bounded; raises DealStepError."""
    value = text.strip()
    if len(value) > MAX_DEAL_TEXT:
        if what == "name":
            problem = tr(
                "name is {length} characters (at most {limit})",
                length=len(value),
                limit=MAX_DEAL_TEXT,
            )
        else:
            problem = tr(
                "reason is {length} characters (at most {limit})",
                length=len(value),
                limit=MAX_DEAL_TEXT,
            )
        raise DealStepError(problem)
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
        if what == "name":
            raise DealStepError(tr("name has a control character (one line of text)"))
        raise DealStepError(tr("reason has a control character (one line of text)"))
    return value


def check_amount(amount: int) -> int:
    """A won deal's amount: whole currency units, 1 to MAX_AMOUNT."""
    if isinstance(amount, bool) or not isinstance(amount, int):
        raise DealStepError(tr("amount {amount} is not a whole number", amount=repr(amount)))
    if amount < 1:
        raise DealStepError(tr("amount {amount} must be at least 1", amount=amount))
    if amount > MAX_AMOUNT:
        raise DealStepError(
            tr(
                "amount {amount} is more than {limit}",
                amount=f"{amount:,}",
                limit=f"{MAX_AMOUNT:,}",
            )
        )
    return amount


def parse_bant(text: str) -> str:
    """``b,a,n,t`` (any subset, any order, commas optional) as the canonical
    flags string (``"bnt"``); "" or "-" for none. Raises DealStepError."""
    raw = text.replace(",", "").replace(" ", "").lower()
    if raw in ("", "-"):
        return ""
    unknown = sorted(set(raw) - set(BANT))
    if unknown:
        raise DealStepError(
            tr(
                "BANT flag {flag} is not one of b (budget), a (authority), n (need), t (timing)",
                flag=repr(unknown[0]),
            )
        )
    return "".join(flag for flag in BANT if flag in raw)


@dataclass(frozen=True)
class DealStep:
    """One dated change of a deal."""

    step: str
    at: datetime
    reason: str = ""
    amount: int | None = None
    #: Qualified: the BANT flags captured ("bant", "bn", ...).
    bant: str = ""
    #: Qualified: field sales' handoff score 1–5 (None: not given).
    score: int | None = None
    #: Scheduled: the meeting's date and the company or lead name.
    on: date | None = None
    name: str = ""

    def __post_init__(self) -> None:
        if self.step not in STEPS:
            raise DealStepError(
                tr(
                    "unknown step {step} (known: {known})",
                    step=repr(self.step),
                    known=", ".join(STEPS),
                )
            )
        if self.at.tzinfo is None:
            raise DealStepError(tr("a step's time needs its UTC offset"))
        check_deal_text(self.reason, "reason")
        check_deal_text(self.name, "name")
        if self.amount is not None:
            check_amount(self.amount)
        if self.step == WON and self.amount is None:
            raise DealStepError(tr("won needs an amount (--amount N, whole units)"))
        if self.step != WON and self.amount is not None:
            raise DealStepError(tr("an amount goes with won, not with {step}", step=self.step))
        if parse_bant(self.bant) != self.bant:
            raise DealStepError(tr("BANT flags {bant} are not canonical", bant=repr(self.bant)))
        if self.bant and self.step != QUALIFIED:
            raise DealStepError(tr("BANT flags go with qualified, not with {step}", step=self.step))
        if self.score is not None:
            if isinstance(self.score, bool) or not 1 <= self.score <= 5:
                raise DealStepError(
                    tr("handoff score {score} must be 1 to 5", score=repr(self.score))
                )
            if self.step != QUALIFIED:
                raise DealStepError(
                    tr("a handoff score goes with qualified, not with {step}", step=self.step)
                )
        if self.reason and self.step not in (CANCELLED, LOST):
            raise DealStepError(
                tr("a reason goes with cancelled or lost, not with {step}", step=self.step)
            )
        if (self.on is not None or self.name) and self.step != SCHEDULED:
            raise DealStepError(
                tr("a date or name goes with scheduled, not with {step}", step=self.step)
            )

    def to_record(self) -> dict[str, object]:
        record: dict[str, object] = {"step": self.step, "at": self.at.isoformat()}
        if self.reason:
            record["reason"] = self.reason
        if self.amount is not None:
            record["amount"] = self.amount
        if self.step == QUALIFIED:
            record["bant"] = self.bant
        if self.score is not None:
            record["score"] = self.score
        if self.on is not None:
            record["on"] = self.on.isoformat()
        if self.name:
            record["name"] = self.name
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> DealStep:
        """Rebuild a step from a file; raises DealStepError naming what is wrong."""
        step, at = record.get("step"), record.get("at")
        if not isinstance(step, str):
            raise DealStepError(tr("a step without a name"))
        when = _aware(at, tr("step {step}", step=step))
        texts = {k: record.get(k, "") for k in ("reason", "bant", "name")}
        for key, value in texts.items():
            if not isinstance(value, str):
                raise DealStepError(tr("step {step}: {key} is not text", step=step, key=key))
        amount, score, on = record.get("amount"), record.get("score"), record.get("on")
        for key, value in (("amount", amount), ("score", score)):
            if value is not None and (isinstance(value, bool) or not isinstance(value, int)):
                raise DealStepError(
                    tr(
                        "step {step}: {key} {value} is not a whole number",
                        step=step,
                        key=key,
                        value=repr(value),
                    )
                )
        day = None
        if on is not None:
            if not isinstance(on, str):
                raise DealStepError(
                    tr("step {step}: date {on} is not a date", step=step, on=repr(on))
                )
            try:
                day = date.fromisoformat(on)
            except ValueError:
                raise DealStepError(
                    tr("step {step}: {on} is not a real date", step=step, on=repr(on))
                ) from None
        return cls(
            step=step,
            at=when,
            reason=str(texts["reason"]),
            amount=amount if isinstance(amount, int) else None,
            bant=str(texts["bant"]),
            score=score if isinstance(score, int) else None,
            on=day,
            name=str(texts["name"]),
        )


def _aware(value: object, what: str) -> datetime:
    if not isinstance(value, str):
        raise DealStepError(tr("{what} has no time", what=what))
    try:
        return aware_time(value)
    except NaiveTime:
        raise DealStepError(
            tr("{what} time {value} has no UTC offset", what=what, value=repr(value))
        ) from None
    except ValueError:
        raise DealStepError(
            tr("{what} has an impossible time {value}", what=what, value=repr(value))
        ) from None


@dataclass(frozen=True)
class Deal:
    """The meeting booked by event ``id`` at ``booked_at``, and its steps."""

    id: str
    booked_at: datetime
    steps: tuple[DealStep, ...] = ()
    #: When the deal last changed (a step, or an undo); None: never.
    changed_at: datetime | None = None
    #: The meeting event is gone (deleted or changed to another outcome) but the
    #: deal has steps: kept, never dropped silently.
    orphan: bool = field(default=False, compare=False)

    # ------------------------------------------------------------ the fold
    @property
    def history(self) -> tuple[str, ...]:
        """The states the deal went through, booked first (reopen pops one)."""
        states = [BOOKED]
        for step in self.steps:
            if step.step == SCHEDULED:
                continue
            if step.step == REOPEN:
                if len(states) > 1:
                    states.pop()
                continue
            states.append(step.step)
        return tuple(states)

    @property
    def state(self) -> str:
        return self.history[-1]

    @property
    def is_open(self) -> bool:
        return self.state in OPEN_STATES

    @property
    def was_held(self) -> bool:
        return self.state in HELD_STATES

    def _last(self, step_name: str) -> DealStep | None:
        """The last step of this name that still counts (not undone by a reopen)."""
        live = self._live_steps()
        for step in reversed(live):
            if step.step == step_name:
                return step
        return None

    def _live_steps(self) -> list[DealStep]:
        """The steps that made the current state (a reopened ending drops out)."""
        live: list[DealStep] = []
        for step in self.steps:
            if step.step == REOPEN:
                for index in range(len(live) - 1, -1, -1):
                    if live[index].step != SCHEDULED:
                        del live[index]
                        break
                continue
            live.append(step)
        return live

    @property
    def scheduled_for(self) -> date | None:
        step = self._last(SCHEDULED)
        return step.on if step is not None else None

    @property
    def name(self) -> str:
        step = self._last(SCHEDULED)
        return step.name if step is not None else ""

    @property
    def amount(self) -> int | None:
        """The won amount, while the deal stands won."""
        step = self._last(WON)
        return step.amount if step is not None and self.state == WON else None

    @property
    def bant(self) -> str:
        step = self._last(QUALIFIED)
        return step.bant if step is not None else ""

    @property
    def score(self) -> int | None:
        step = self._last(QUALIFIED)
        return step.score if step is not None else None

    @property
    def reason(self) -> str:
        """Why it was cancelled or lost, while it stands so."""
        if self.state not in (CANCELLED, LOST):
            return ""
        step = self._last(self.state)
        return step.reason if step is not None else ""

    @property
    def qualified(self) -> bool:
        """有効商談: qualified at some point and not reopened back before it."""
        return QUALIFIED in self.history

    @property
    def bant_complete(self) -> bool:
        """BANT取得: all four flags captured."""
        return self.qualified and self.bant == BANT

    def step_at(self, step_name: str) -> datetime | None:
        step = self._last(step_name)
        return step.at if step is not None else None

    @property
    def ended_at(self) -> datetime | None:
        """When it reached the state it stands in (None: still booked)."""
        live = [s for s in self._live_steps() if s.step != SCHEDULED]
        return live[-1].at if live else None

    @property
    def when(self) -> datetime:
        """The deal's latest step time, or its booking."""
        return self.steps[-1].at if self.steps else self.booked_at

    # ----------------------------------------------------------- changes
    def with_step(self, step: DealStep) -> Deal:
        """This deal moved on by ``step``; raises DealStepError when it does not follow."""
        allowed = STEP_FROM[step.step]
        if self.state not in allowed:
            # The step stays the word typed; the states read as words (English: keys).
            first, *rest = sorted(allowed)
            follows = state_word(first)
            for other in rest:
                follows = tr("{either} or {other}", either=follows, other=state_word(other))
            problem = tr(
                "deal {id} is {state}: {step} follows {allowed}",
                id=self.id[:8],
                state=state_word(self.state),
                step=step.step,
                allowed=follows,
            )
            raise DealStepError(problem)
        # (a schedule is a note on the booking, set whenever: it orders nothing)
        last = max((s.at for s in self.steps if s.step != SCHEDULED), default=self.booked_at)
        if step.step != SCHEDULED and step.at < last:
            raise DealStepError(
                tr(
                    "deal {id}: {step} at {at} is before its last change ({last})",
                    id=self.id[:8],
                    step=step.step,
                    at=f"{step.at:%Y-%m-%d %H:%M}",
                    last=f"{last:%Y-%m-%d %H:%M}",
                )
            )
        if len(self.steps) >= MAX_STEPS:
            raise DealStepError(
                tr("deal {id} has {limit} steps already", id=self.id[:8], limit=MAX_STEPS)
            )
        return replace(self, steps=(*self.steps, step), changed_at=step.at)

    def without_last_step(self, at: datetime) -> Deal:
        """The last step undone (a mistake); raises DealStepError when there is none."""
        if not self.steps:
            raise DealStepError(tr("deal {id} has no step to undo", id=self.id[:8]))
        return replace(self, steps=self.steps[:-1], changed_at=at)

    # ------------------------------------------------------------ records
    def to_record(self) -> dict[str, object]:
        record: dict[str, object] = {
            "id": self.id,
            "booked_at": self.booked_at.isoformat(),
            "steps": [step.to_record() for step in self.steps],
        }
        if self.changed_at is not None:
            record["changed_at"] = self.changed_at.isoformat()
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> Deal:
        """Rebuild a deal from a file, replaying every step (so a file can never
        hold a deal in a state its steps do not lead to)."""
        deal_id = record.get("id")
        if not isinstance(deal_id, str) or not deal_id or len(deal_id) > 64:
            raise DealStepError(tr("a deal without an id"))
        where = tr("deal {id}", id=deal_id[:8])
        booked = _aware(record.get("booked_at"), where)
        raw_steps = record.get("steps", [])
        if not isinstance(raw_steps, list) or len(raw_steps) > MAX_STEPS:
            raise DealStepError(
                tr(
                    "deal {id}: steps are not a list of at most {limit}",
                    id=deal_id[:8],
                    limit=MAX_STEPS,
                )
            )
        deal = cls(deal_id, booked)
        try:
            for raw in raw_steps:
                if not isinstance(raw, Mapping):
                    raise DealStepError(tr("a step that is not a record"))
                deal = deal.with_step(DealStep.from_record(raw))
        except DealStepError as exc:
            raise DealStepError(tr("deal {id}: {problem}", id=deal_id[:8], problem=exc)) from None
        changed = record.get("changed_at")
        changed_at = _aware(changed, where) if changed is not None else None
        return replace(deal, changed_at=changed_at)


def deals_from(meetings: Iterable[tuple[str, datetime]], records: Iterable[Deal]) -> list[Deal]:
    """Every deal: one per meeting event (id, time), with the steps recorded for
    it, plus recorded deals whose meeting is gone (``orphan``); by booking time."""
    by_id = {deal.id: deal for deal in records}
    deals = []
    for event_id, at in meetings:
        recorded = by_id.pop(event_id, None)
        deals.append(recorded if recorded is not None else Deal(event_id, at))
    deals.extend(replace(deal, orphan=True) for deal in by_id.values() if deal.steps)
    deals.sort(key=lambda d: (d.booked_at, d.id))
    return deals


def find_deal(deals: Sequence[Deal], ref: str) -> Deal:
    """The deal whose id is ``ref`` or starts with it (4+ characters); raises
    LookupError naming the problem."""
    ref = ref.strip().lower()
    if len(ref) < 4:
        raise LookupError(
            tr("deal id {ref} is too short (give 4 or more characters)", ref=repr(ref))
        )
    found = [d for d in deals if d.id == ref] or [d for d in deals if d.id.startswith(ref)]
    if not found:
        raise LookupError(tr("no deal {ref} (see: istui deals)", ref=repr(ref)))
    if len(found) > 1:
        raise LookupError(
            tr(
                "deal id {ref} is ambiguous ({count} deals start with it)",
                ref=repr(ref),
                count=len(found),
            )
        )
    return found[0]


def meeting_day(deal: Deal) -> date:
    """The date a deal is listed under: its scheduled date, else its booking date."""
    return deal.scheduled_for or deal.booked_at.date()
