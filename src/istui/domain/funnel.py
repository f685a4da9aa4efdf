"""Metrics, the dial funnel and logged events.

The funnel is an *outcome* model: each dial is logged once, with the deepest
stage it reached. A dial that booked a meeting also connected and was a call,
so counting a stage counts every event at that stage or deeper. That is why a
connect rate or meeting rate can never exceed 100 %.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date, datetime


@dataclass(frozen=True)
class Metric:
    """One thing a rep counts: a funnel stage or an independent counter."""

    key: str
    label: str
    short: str
    bind: str
    funnel: bool


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
        for index, metric in enumerate(self.funnel):
            if metric.key == kind:
                return tuple(m.key for m in self.funnel[: index + 1])
        return (kind,)


@dataclass(frozen=True)
class Event:
    """One logged outcome: its own id, an aware timestamp and its kind."""

    id: str
    at: datetime
    kind: str

    @property
    def day(self) -> date:
        """The local date when it happened, in the offset it was logged with."""
        return self.at.date()

    def to_record(self) -> dict[str, str]:
        return {"id": self.id, "at": self.at.isoformat(), "kind": self.kind}

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> Event:
        """Rebuild an event; raises ValueError naming what is wrong."""
        ev_id, at, kind = record.get("id"), record.get("at"), record.get("kind")
        if not isinstance(ev_id, str) or not ev_id:
            raise ValueError("event without an id")
        if not isinstance(kind, str) or not kind:
            raise ValueError(f"event {ev_id} without a kind")
        if not isinstance(at, str):
            raise ValueError(f"event {ev_id} without a timestamp")
        try:
            when = datetime.fromisoformat(at)
        except ValueError:
            raise ValueError(f"event {ev_id} has an impossible timestamp {at!r}") from None
        if when.tzinfo is None:
            raise ValueError(f"event {ev_id} timestamp {at!r} has no UTC offset")
        return cls(ev_id, when, kind)


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
