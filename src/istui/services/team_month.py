"""The team's month (the lead's monthly evaluation per rep): the month's days
read as the team week reads a week (domain.team over any span: each rep
against their own targets, the team as sums over sums, each rep's bottleneck
by the one diagnosis), and the days each rep was judged against targets they
lowered for themselves (from the target versions their exports carried)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import date

from istui.domain.calendar import date_range
from istui.domain.monthly import month_days
from istui.domain.targets import LoweredDay, TargetVersion, lowered_days
from istui.domain.team import TeamWeek
from istui.services.team import calendar_from, load_team_week
from istui.store.team import TeamStore


@dataclass(frozen=True)
class TeamMonth:
    year: int
    month: int
    figures: TeamWeek  # the month's days: every rep, the team's sums
    lowered: Mapping[str, tuple[LoweredDay, ...]]

    @property
    def label(self) -> str:
        return f"{self.year:04d}-{self.month:02d}"


def load_team_month(team: TeamStore, year: int, month: int) -> TeamMonth:
    days = month_days(year, month)
    figures = load_team_week(team, days[0], days[-1])
    reps = tuple(
        replace(rep, bottleneck=replace(rep.bottleneck, month=True)) for rep in figures.reps
    )
    figures = replace(figures, reps=reps)
    return TeamMonth(year, month, figures, team_lowered(team, figures))


def team_lowered(team: TeamStore, figures: TeamWeek) -> dict[str, tuple[LoweredDay, ...]]:
    """Each rep's days of ``figures`` (to the team store's today) judged against
    targets the rep lowered, from the target versions their exports carried."""
    records = team.reps()
    today = team.today()
    shown: list[date] = list(date_range(figures.start, min(figures.end, today)))
    lowered: dict[str, tuple[LoweredDay, ...]] = {}
    every = team.team_target_versions()  # one read for the team, not one a rep
    for rep in figures.reps:
        versions = []
        for record in every.get(rep.rep_id, ()):
            try:
                versions.append(TargetVersion.from_record(record))
            except ValueError:
                continue  # checked at the merge; one that is not is left out, not fatal
        found = lowered_days(versions, shown, calendar_from(records.get(rep.rep_id, {})))
        if found:
            lowered[rep.rep_id] = found
    return lowered
