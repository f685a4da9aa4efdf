"""The figures a mid-check or reflection was made against, frozen as data.

A FigureSnapshot is a DayView at one moment (counts against expected, rates,
pace), stored with the form so the day history shows what the rep saw then.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import datetime
from types import MappingProxyType
from typing import Any

from istui.domain.calendar import WorkHours
from istui.domain.funnel import Labelled, Ratio, achievement
from istui.domain.moments import NaiveTime, aware_time
from istui.domain.today import DayView
from istui.i18n import tr


def moment_from(value: object, what: str) -> datetime | None:
    """An aware time stored as ISO text; None when absent, ValueError naming ``what``."""
    if value in (None, ""):
        return None
    try:
        return aware_time(str(value))
    except NaiveTime:
        raise ValueError(
            tr("{what} {value} has no UTC offset", what=what, value=repr(value))
        ) from None
    except ValueError:
        raise ValueError(tr("{what} {value} is not a time", what=what, value=repr(value))) from None


@dataclass(frozen=True)
class LineFigure(Labelled):
    """One metric at the moment of the snapshot: ``name`` as stored (the
    configured label, or istui's English default when ``default``), ``label``
    as shown now (a default in the current language: Labelled)."""

    key: str
    name: str
    count: int
    target: int
    expected: float
    default: bool = False

    @property
    def percent(self) -> float | None:
        return achievement(self.count, self.target)

    @property
    def delta(self) -> int:
        return round(self.count - self.expected)


@dataclass(frozen=True)
class RateFigure:
    """A funnel rate at the moment of the snapshot, by its lower stage's key
    (render/labels.rate_name names it in the language in force)."""

    key: str
    num: int
    den: int
    target_num: int
    target_den: int

    @property
    def actual(self) -> float | None:
        return Ratio(self.num, self.den).value

    @property
    def target(self) -> float | None:
        return Ratio(self.target_num, self.target_den).value


@dataclass(frozen=True)
class FigureSnapshot:
    """The figures a form was made against, frozen as data."""

    at: datetime
    phase: str
    fraction: float
    lines: tuple[LineFigure, ...]
    rates: tuple[RateFigure, ...]
    pace_delta: int | None
    projected: int | None
    needed_per_hour: float | None
    remaining_hours: float
    hourly: Mapping[int, Mapping[str, int]] = field(default_factory=dict)

    def line(self, key: str) -> LineFigure | None:
        return next((line for line in self.lines if line.key == key), None)

    @property
    def headline(self) -> LineFigure | None:
        return self.lines[0] if self.lines else None

    def to_record(self) -> dict[str, object]:
        return {
            "at": self.at.isoformat(),
            "phase": self.phase,
            "fraction": round(self.fraction, 4),
            "lines": [
                {
                    "key": ln.key,
                    "label": ln.name,
                    **({"default_label": True} if ln.default else {}),
                    "count": ln.count,
                    "target": ln.target,
                    "expected": round(ln.expected, 2),
                }
                for ln in self.lines
            ],
            "rates": [
                {
                    "key": r.key,
                    # Older istui reads a label here; the name shown comes
                    # from the key (render/labels), so this is the key.
                    "label": r.key,
                    "num": r.num,
                    "den": r.den,
                    "target_num": r.target_num,
                    "target_den": r.target_den,
                }
                for r in self.rates
            ],
            "pace_delta": self.pace_delta,
            "projected": self.projected,
            "needed_per_hour": (
                None if self.needed_per_hour is None else round(self.needed_per_hour, 2)
            ),
            "remaining_hours": round(self.remaining_hours, 2),
            "hourly": {str(h): dict(c) for h, c in self.hourly.items()},
        }

    @classmethod
    def from_record(cls, record: Mapping[str, object]) -> FigureSnapshot:
        try:
            at = moment_from(record["at"], "snapshot time")
            if at is None:
                raise ValueError(tr("snapshot without a time"))
            lines = tuple(
                LineFigure(
                    key=str(d["key"]),
                    name=str(d["label"]),
                    count=int(d["count"]),
                    target=int(d["target"]),
                    expected=float(d["expected"]),
                    default=d.get("default_label") is True,
                )
                for d in _records(record.get("lines"))
            )
            rates = tuple(
                RateFigure(
                    key=str(d["key"]),
                    num=int(d["num"]),
                    den=int(d["den"]),
                    target_num=int(d["target_num"]),
                    target_den=int(d["target_den"]),
                )
                for d in _records(record.get("rates"))
            )
            hourly_raw = record.get("hourly") or {}
            if not isinstance(hourly_raw, Mapping):
                raise ValueError(tr("hourly is not a table"))
            hourly = {
                int(h): MappingProxyType({str(k): int(v) for k, v in counts.items()})
                for h, counts in hourly_raw.items()
            }
            delta, projected, needed = (
                record.get("pace_delta"),
                record.get("projected"),
                record.get("needed_per_hour"),
            )
            return cls(
                at=at,
                phase=str(record.get("phase", "")),
                fraction=float(str(record.get("fraction", 0.0))),
                lines=lines,
                rates=rates,
                pace_delta=None if delta is None else int(str(delta)),
                projected=None if projected is None else int(str(projected)),
                needed_per_hour=None if needed is None else float(str(needed)),
                remaining_hours=float(str(record.get("remaining_hours", 0.0))),
                hourly=MappingProxyType(hourly),
            )
        except (KeyError, TypeError, ValueError, AttributeError) as exc:
            raise ValueError(tr("bad figure snapshot: {problem}", problem=exc)) from None


def check_snapshot_record(record: Mapping[str, object]) -> None:
    """What ``FigureSnapshot.from_record`` refuses, without building the
    snapshot: the same conversions in the same order, their results dropped
    (``str()`` of a decoded value never fails, so only the look-up is kept;
    the team view only asks whether a form reads, and
    tests/test_team_notes.py holds the two to the same answer on every
    record shape). Keep it in step with ``from_record``."""
    try:
        at = moment_from(record["at"], "snapshot time")
        if at is None:
            raise ValueError(tr("snapshot without a time"))
        for d in _records(record.get("lines")):
            d["key"], d["label"]  # (a missing one is refused: KeyError)
            int(d["count"])
            int(d["target"])
            float(d["expected"])
        for d in _records(record.get("rates")):
            d["key"]
            int(d["num"])
            int(d["den"])
            int(d["target_num"])
            int(d["target_den"])
        hourly_raw = record.get("hourly") or {}
        if not isinstance(hourly_raw, Mapping):
            raise ValueError(tr("hourly is not a table"))
        for h, counts in hourly_raw.items():
            int(h)
            for _key, n in counts.items():
                int(n)
        delta, projected, needed = (
            record.get("pace_delta"),
            record.get("projected"),
            record.get("needed_per_hour"),
        )
        float(str(record.get("fraction", 0.0)))
        if delta is not None:
            int(str(delta))
        if projected is not None:
            int(str(projected))
        if needed is not None:
            float(str(needed))
        float(str(record.get("remaining_hours", 0.0)))
    except (KeyError, TypeError, ValueError, AttributeError) as exc:
        raise ValueError(tr("bad figure snapshot: {problem}", problem=exc)) from None


def _records(value: object) -> list[Mapping[str, Any]]:
    if value is None:
        return []
    if not isinstance(value, list) or not all(
        type(v) is dict or isinstance(v, Mapping) for v in value
    ):
        raise ValueError(tr("expected a list of tables"))
    return value


def snapshot_of(view: DayView) -> FigureSnapshot:
    """Freeze a DayView: counts vs expected by now, rates, pace, dials/hour needed."""
    head = view.headline
    return FigureSnapshot(
        at=view.now,
        phase=view.phase.value,
        fraction=view.fraction,
        lines=tuple(
            LineFigure(
                key=ln.metric.key,
                name=ln.metric.name,
                count=ln.count,
                target=ln.target,
                expected=ln.pace.expected,
                default=ln.metric.default,
            )
            for ln in view.lines
        ),
        rates=tuple(
            RateFigure(
                key=r.key,
                num=r.actual.num,
                den=r.actual.den,
                target_num=r.target.num,
                target_den=r.target.den,
            )
            for r in view.rates
        ),
        pace_delta=head.pace.delta if head else None,
        projected=head.pace.projected if head else None,
        needed_per_hour=head.pace.needed_per_hour if head else None,
        remaining_hours=head.pace.remaining_hours if head else 0.0,
        hourly=MappingProxyType(
            {h: MappingProxyType(dict(c)) for h, c in sorted(view.hourly.items())}
        ),
    )


def hourly_series(
    hourly: Mapping[int, Mapping[str, int]], keys: Sequence[str], hours: WorkHours
) -> tuple[list[int], dict[str, list[int]]]:
    """Hour-by-hour counts of ``keys`` over the working hours (and any hour with
    activity outside them), for the reflection chart."""
    last = hours.end.hour - (1 if hours.end.minute == 0 else 0)
    span = set(range(hours.start.hour, last + 1)) | {
        h for h, c in hourly.items() if any(c.values())
    }
    ordered = sorted(span)
    return ordered, {k: [hourly.get(h, {}).get(k, 0) for h in ordered] for k in keys}
