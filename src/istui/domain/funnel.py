"""Metrics, the dial funnel, logged events, and the funnel's rates.

The funnel is an *outcome* model: each dial is logged once, with the deepest
stage it reached. A dial that booked a meeting also connected and was a call,
so counting a stage counts every event at that stage or deeper. That is why a
connect rate or meeting rate can never exceed 100 %.

Across days or reps a rate is the sum of numerators over the sum of
denominators, never an average of rates; a Ratio keeps both parts so that
adding two of them is that sum. Achievement (actual ÷ target) is
``achievement``, the one place that division is written.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime
from functools import cached_property

from istui.domain.daymath import ratio_value
from istui.domain.moments import NaiveTime, aware_time
from istui.i18n import tr


class Labelled:
    """A metric's ``label``: istui's own default ``name`` (an English catalog
    message id) in the language in force now, a configured name as it is."""

    name: str
    default: bool

    @property
    def label(self) -> str:
        return tr(self.name) if self.default else self.name


@dataclass(frozen=True)
class Metric(Labelled):
    """One thing a rep counts: a funnel stage or an independent counter.

    ``name`` is the label as configured, or istui's own default (English, a
    catalog message id) when ``default``; ``label`` is what is shown, the
    default in the language in force now (it can change while the app runs).
    Exports and stored records keep ``name``, never a translation.
    """

    key: str
    name: str
    short: str
    bind: str
    funnel: bool
    default: bool = False


@dataclass(frozen=True)
class MetricSet:
    """The funnel stages (top first) and the counters that stand alone."""

    funnel: tuple[Metric, ...]
    counters: tuple[Metric, ...] = ()

    @property
    def all(self) -> tuple[Metric, ...]:
        return self.funnel + self.counters

    @property
    def keys(self) -> tuple[str, ...]:
        return tuple(m.key for m in self.all)

    def get(self, key: str) -> Metric | None:
        for metric in self.all:
            if metric.key == key:
                return metric
        return None

    def stages_counted(self, kind: str) -> tuple[str, ...]:
        """The metric keys one event of ``kind`` adds to.

        A funnel outcome adds to its own stage and every stage above it; a
        counter adds to itself; a kind this set does not know (an event merged
        from a rep with another config) still counts for itself, so nothing is
        lost.
        """
        return self._stages.get(kind) or (kind,)

    @cached_property
    def _stages(self) -> dict[str, tuple[str, ...]]:
        """Each funnel key's stages (the first stage of a key wins), built once:
        counting a team's week asks for them tens of thousands of times."""
        stages: dict[str, tuple[str, ...]] = {}
        for index, metric in enumerate(self.funnel):
            stages.setdefault(metric.key, tuple(m.key for m in self.funnel[: index + 1]))
        return stages


#: The longest note a dial may carry (a line, not an essay: the reflection
#: holds the day's words).
MAX_EVENT_NOTE = 200


def check_note(text: str) -> str:
    """``text`` as an event's note (surrounding spaces gone); raises ValueError
    naming what is wrong: too long, or a control character (a note is one line)."""
    note = text.strip()
    if len(note) > MAX_EVENT_NOTE:
        raise ValueError(
            tr(
                "note is {length} characters (at most {limit})",
                length=len(note),
                limit=MAX_EVENT_NOTE,
            )
        )
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in note):
        raise ValueError(tr("note has a control character (a note is one line of text)"))
    return note


#: The most characters of a dial's list, channel or segment tag.
MAX_EVENT_TAG = 40


@dataclass(frozen=True)
class Event:
    """One logged outcome: its own id, an aware timestamp, its kind, and an
    optional one-line note (empty: none; older files have no note field); the
    call list it was dialled from, that list's lead channel and target segment
    (empty: none; see domain.lists)."""

    id: str
    at: datetime
    kind: str
    note: str = ""
    list: str = ""
    channel: str = ""
    segment: str = ""

    @property
    def day(self) -> date:
        """The local date when it happened, in the offset it was logged with."""
        return self.at.date()

    def to_record(self, *, note: bool = True) -> dict[str, str]:
        """The stored shape; ``note`` only when there is one (and ``note`` is True)."""
        record = {"id": self.id, "at": self.at.isoformat(), "kind": self.kind}
        if note and self.note:
            record["note"] = self.note
        for tag in ("list", "channel", "segment"):
            value = getattr(self, tag)
            if value:
                record[tag] = value
        return record

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> Event:
        """Rebuild an event; raises ValueError naming what is wrong."""
        ev_id, at, kind = record.get("id"), record.get("at"), record.get("kind")
        if not isinstance(ev_id, str) or not ev_id:
            raise ValueError(tr("event without an id"))
        if not isinstance(kind, str) or not kind:
            raise ValueError(tr("event {id} without a kind", id=ev_id))
        if not isinstance(at, str):
            raise ValueError(tr("event {id} without a timestamp", id=ev_id))
        try:
            when = aware_time(at)
        except NaiveTime:
            raise ValueError(
                tr("event {id} timestamp {at} has no UTC offset", id=ev_id, at=repr(at))
            ) from None
        except ValueError:
            raise ValueError(
                tr("event {id} has an impossible timestamp {at}", id=ev_id, at=repr(at))
            ) from None
        raw_note = record.get("note", "")
        if not isinstance(raw_note, str):
            raise ValueError(tr("event {id} has a note that is not text", id=ev_id))
        try:
            note = check_note(raw_note)
        except ValueError as exc:
            raise ValueError(tr("event {id}: {problem}", id=ev_id, problem=exc)) from None
        tags = []
        for tag in ("list", "channel", "segment"):
            value = record.get(tag, "")
            if not isinstance(value, str) or len(value) > MAX_EVENT_TAG:
                raise ValueError(
                    tr("event {id} has a {tag} that is not a short name", id=ev_id, tag=tag)
                )
            if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in value):
                raise ValueError(
                    tr("event {id} has a {tag} with a control character", id=ev_id, tag=tag)
                )
            tags.append(value)
        return cls(ev_id, when, kind, note, *tags)


def count_events(events: Iterable[Event], metrics: MetricSet) -> dict[str, int]:
    """Counts per metric key under the outcome model (every known key present)."""
    counts = dict.fromkeys(metrics.keys, 0)
    stages: dict[str, tuple[str, ...]] = {}  # per kind, looked up once (runs on every key)
    for event in events:
        keys = stages.get(event.kind)
        if keys is None:
            keys = stages[event.kind] = metrics.stages_counted(event.kind)
        for key in keys:
            counts[key] = counts.get(key, 0) + 1
    return counts


def count_kinds(kinds: Mapping[str, int], metrics: MetricSet) -> dict[str, int]:
    """Counts per metric from counts of raw outcome kinds (same rule as count_events)."""
    counts = dict.fromkeys(metrics.keys, 0)
    for kind, n in kinds.items():
        for key in metrics.stages_counted(kind):
            counts[key] = counts.get(key, 0) + n
    return counts


# ------------------------------------------------------------------ rates
def achievement(actual: float, target: float) -> float | None:
    """Actual as a percent of target (42 of 100 is 42.0); None without a target."""
    return actual / target * 100 if target else None


@dataclass(frozen=True)
class Ratio:
    num: int
    den: int

    @property
    def value(self) -> float | None:
        """The rate, or None when there is nothing to divide by."""
        return ratio_value(self.num, self.den)

    def __add__(self, other: Ratio) -> Ratio:
        return Ratio(self.num + other.num, self.den + other.den)


@dataclass(frozen=True)
class FunnelRate:
    """The conversion from one funnel stage to the next, actual against target."""

    key: str  # the lower stage's key: "connect" for the connect rate (named by render/labels)
    upper: str
    actual: Ratio
    target: Ratio

    @property
    def gap(self) -> float | None:
        """Actual minus target rate, in rate points; None when either is unknown."""
        a, t = self.actual.value, self.target.value
        return None if a is None or t is None else a - t


def funnel_rates(
    counts: Mapping[str, int], targets: Mapping[str, int], metrics: MetricSet
) -> list[FunnelRate]:
    """Each consecutive stage's conversion, with the rate its targets imply."""
    rates = []
    for upper, lower in zip(metrics.funnel, metrics.funnel[1:], strict=False):
        rates.append(
            FunnelRate(
                key=lower.key,
                upper=upper.key,
                actual=Ratio(counts.get(lower.key, 0), counts.get(upper.key, 0)),
                target=Ratio(targets.get(lower.key, 0), targets.get(upper.key, 0)),
            )
        )
    return rates
