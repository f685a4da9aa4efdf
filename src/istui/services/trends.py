"""Trends as use cases: a rep's metrics and rates over the last weeks (from the
rep's own store, or a rep's inside the team store), and the team's with each
rep's beside it (domain/trends.py does the arithmetic)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date

from istui.domain.calendar import IsoWeek
from istui.domain.funnel import Event, count_events, count_kinds
from istui.domain.trends import TREND_WEEKS, Trend, build_trends, combine, trend_weeks, week_counts
from istui.services.config import Config
from istui.services.team import metric_set_from
from istui.store import Store
from istui.store.team import TeamStore


def load_trends(
    config: Config,
    store: Store,
    week: IsoWeek,
    today: date,
    *,
    covered: frozenset[date] | None = None,
    count: int = TREND_WEEKS,
) -> tuple[Trend, ...]:
    """The rep's trends over ``count`` weeks ending with ``week`` (one read of
    those days' events; nothing after today)."""
    weeks = trend_weeks(week, count)
    last = min(weeks[-1].sunday, today)
    by_day: dict[date, list[Event]] = {}
    if weeks[0].monday <= last:
        for event in store.events_between(weeks[0].monday, last):
            by_day.setdefault(event.day, []).append(event)
    days = {day: count_events(events, config.metrics) for day, events in by_day.items()}
    return build_trends(week_counts(weeks, days, today, covered=covered), config.metrics)


@dataclass(frozen=True)
class TeamTrends:
    """The team's trends (sums, sums over sums) and each rep's, by rep id."""

    weeks: tuple[IsoWeek, ...]
    team: tuple[Trend, ...]
    reps: Mapping[str, tuple[Trend, ...]]
    names: Mapping[str, str]

    def team_trend(self, kind: str, key: str) -> Trend | None:
        return next((t for t in self.team if (t.kind, t.key) == (kind, key)), None)

    def rep_trend(self, rep_id: str, kind: str, key: str) -> Trend | None:
        return next((t for t in self.reps.get(rep_id, ()) if (t.kind, t.key) == (kind, key)), None)


def load_team_trends(team: TeamStore, week: IsoWeek, count: int = TREND_WEEKS) -> TeamTrends:
    """Every rep's trends from the team store (one query for the events of all,
    one for the days merged exports covered), and the team's: for each metric
    and rate, in the order the reps' funnels give them, the reps that have it."""
    today = team.today()
    weeks = trend_weeks(week, count)
    start, last = weeks[0].monday, min(weeks[-1].sunday, today)
    reps = team.reps()
    counted = team.team_kind_counts(start, last) if start <= last else {}
    rows = team.team_day_rows(start, last) if start <= last else {}
    per_rep: dict[str, tuple[Trend, ...]] = {}
    names: dict[str, str] = {}
    for rep_id in sorted(reps):
        record = reps[rep_id]
        metrics = metric_set_from(record)
        kinds: dict[date, dict[str, int]] = {}
        for day, _hour, kind, n in counted.get(rep_id, ()):
            kinds.setdefault(day, {})
            kinds[day][kind] = kinds[day].get(kind, 0) + n
        days = {day: count_kinds(k, metrics) for day, k in kinds.items()}
        covered = frozenset(rows.get(rep_id, {}))
        per_rep[rep_id] = build_trends(week_counts(weeks, days, today, covered=covered), metrics)
        names[rep_id] = str(record.get("name") or rep_id)
    order: list[tuple[str, str]] = []
    for trends in per_rep.values():
        for t in trends:
            if (t.kind, t.key) not in order:
                order.append((t.kind, t.key))
    order.sort(key=lambda pair: pair[0] != "metric")  # metrics first, then rates (stable)
    team_trends = []
    for kind, key in order:
        mine = [t for ts in per_rep.values() for t in ts if (t.kind, t.key) == (kind, key)]
        team_trends.append(combine(mine))
    return TeamTrends(weeks, tuple(team_trends), per_rep, names)
