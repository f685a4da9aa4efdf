"""Call lists, lead channels and target segments: the articles' decomposition
(分解分析: チャネル分解 by lead source, ターゲット分解 by 業界・企業規模) and
list coverage (リスト消化率 = dials on the list ÷ its size).

A rep works one list at a time; every dial logged while it is current carries
the list's name, channel and segment (``Event.list`` / ``channel`` /
``segment``), so the figures can be cut by any of them afterwards, as sums.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from datetime import date

from istui.domain.funnel import Event, MetricSet, Ratio, count_events

#: The longest list, channel or segment name (one line).
MAX_TAG = 40
#: The largest list size (ten million leads: more is a typo).
MAX_LIST_SIZE = 10_000_000
#: The event fields a tag is kept in, in this order.
TAGS = ("list", "channel", "segment")


def tag_problem(text: str) -> str:
    """What is wrong with ``text`` as a list, channel or segment name ("": nothing)."""
    if not text.strip() or text != text.strip():
        return "must be a name without surrounding spaces"
    if len(text) > MAX_TAG:
        return f"is {len(text)} characters (at most {MAX_TAG})"
    if any(ord(ch) < 32 or 0x7F <= ord(ch) < 0xA0 for ch in text):
        return "has a control character"
    return ""


@dataclass(frozen=True)
class CallList:
    """A named call list: its size (None: unknown), its channel and segment ("": none)."""

    name: str
    size: int | None = None
    channel: str = ""
    segment: str = ""

    @property
    def tags(self) -> dict[str, str]:
        """What a dial on this list carries."""
        return {"list": self.name, "channel": self.channel, "segment": self.segment}


@dataclass(frozen=True)
class ListSettings:
    """The config's pick-lists: channels, segments, and the named lists."""

    channels: tuple[str, ...] = ()
    segments: tuple[str, ...] = ()
    lists: tuple[CallList, ...] = ()

    def get(self, name: str) -> CallList | None:
        for item in self.lists:
            if item.name == name:
                return item
        return None

    @property
    def names(self) -> tuple[str, ...]:
        return tuple(item.name for item in self.lists)


@dataclass(frozen=True)
class Slice:
    """One channel's (segment's, list's) figures: counts as sums, rates as sums over sums."""

    value: str  # "" : dials without one
    counts: Mapping[str, int]

    def rate(self, lower: str, upper: str) -> Ratio:
        return Ratio(self.counts.get(lower, 0), self.counts.get(upper, 0))


def decompose(events: Iterable[Event], metrics: MetricSet, by: str) -> list[Slice]:
    """The events cut by ``by`` ("list", "channel" or "segment"), largest first
    by dials; each slice's counts follow the outcome model (count_events)."""
    if by not in TAGS:
        raise ValueError(f"cannot decompose by {by!r} (one of {', '.join(TAGS)})")
    groups: dict[str, list[Event]] = {}
    for event in events:
        groups.setdefault(getattr(event, by), []).append(event)
    top = metrics.funnel[0].key if metrics.funnel else ""
    slices = [Slice(value, count_events(group, metrics)) for value, group in groups.items()]
    slices.sort(key=lambda s: (-s.counts.get(top, 0), s.value))
    return slices


@dataclass(frozen=True)
class Coverage:
    """リスト消化率: the dials on a list ÷ its size (None: size unknown)."""

    item: CallList
    dials: int

    @property
    def ratio(self) -> Ratio | None:
        return None if not self.item.size else Ratio(self.dials, self.item.size)


def coverage(events: Iterable[Event], settings: ListSettings, dial_key: str) -> list[Coverage]:
    """Each configured list's coverage: its dials (events counting as ``dial_key``,
    the funnel's top, i.e. every funnel event) over the span ÷ its size."""
    dials = dict.fromkeys(settings.names, 0)
    for event in events:
        if event.list in dials and event.kind != "" and dial_key:
            dials[event.list] += 1
    return [Coverage(item, dials[item.name]) for item in settings.lists]


@dataclass(frozen=True)
class ListPace:
    """The current list's coverage over a period (リスト消化率 = its dials in the
    period ÷ its size) against the share of the period's working days gone: the
    volume branch's second cause, 「リスト消化が遅い」, when coverage lags."""

    item: CallList
    dials: int
    days_gone: int
    days: int

    @property
    def ratio(self) -> Ratio:
        return Ratio(self.dials, self.item.size or 0)

    @property
    def gone(self) -> Ratio:
        return Ratio(self.days_gone, self.days)

    @property
    def slow(self) -> bool:
        covered, gone = self.ratio.value, self.gone.value
        return covered is not None and gone is not None and covered < gone


def list_pace(
    events: Iterable[Event], item: CallList, judged: Iterable[date], working: Iterable[date]
) -> ListPace | None:
    """``item``'s pace over a period whose working days are ``working``, judged
    over the days ``judged`` (the finished ones): the dials on the list on those
    days (as ``coverage`` counts them) against the working days among them.
    None when the list has no size or the period no working day."""
    days = set(working)
    if not item.size or not days:
        return None
    seen = set(judged)
    dials = sum(1 for e in events if e.list == item.name and e.kind != "" and e.day in seen)
    return ListPace(item, dials, len(days & seen), len(days))


def won_by(won: Iterable[str], events: Iterable[Event], by: str) -> dict[str, int]:
    """Deals won cut by ``by``: each won deal (by id: a deal's id is its
    meeting's event id) counts for the channel (segment, list) its meeting was
    booked on; a meeting not among ``events`` is not counted."""
    if by not in TAGS:
        raise ValueError(f"cannot decompose by {by!r} (one of {', '.join(TAGS)})")
    ids = set(won)
    out: dict[str, int] = {}
    for event in events:
        if event.id in ids and event.kind == "meeting":
            value = getattr(event, by)
            out[value] = out.get(value, 0) + 1
    return out
