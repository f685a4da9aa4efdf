"""Metric sets and event builders shared by the domain tests (no fixtures: plain values)."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone

from istui.domain.funnel import Event, Metric, MetricSet

JST = timezone(timedelta(hours=9))
T0 = datetime(2026, 11, 23, 10, 0, tzinfo=JST)


def metric(key: str, funnel: bool = True, short: str | None = None) -> Metric:
    return Metric(
        key=key, name=key.capitalize(), short=short or key[:4], bind=key[0], funnel=funnel
    )


BASIC = MetricSet(
    funnel=(
        metric("call", short="calls"),
        metric("connect", short="conn"),
        metric("meeting", short="mtg"),
    ),
    counters=(metric("email", funnel=False, short="email"),),
)
FUNNEL_ONLY = MetricSet(funnel=BASIC.funnel)
WITH_CONTACT = MetricSet(
    funnel=(metric("call"), metric("connect"), metric("contact"), metric("meeting")),
    counters=(metric("email", funnel=False),),
)


def events_of(
    kinds: list[str], start: datetime = T0, step: timedelta = timedelta(seconds=1)
) -> list[Event]:
    return [Event(f"e{i}", start + step * i, k) for i, k in enumerate(kinds)]
