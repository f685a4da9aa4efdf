"""The weekly review: a week's totals against its target, and where the funnel leaks.

Everything the review screen and ``istui report`` show is computed here, from
the raw events of the 8 weeks ending with the reviewed week (that window also
holds the previous week, for the change, and feeds "when calls work").

The diagnosis follows the articles' flow: target met? If not, were the volume
KPIs (the top of the funnel: dials) met? No → a volume problem, by how much.
Yes → a quality problem at the stage whose rate falls furthest below its
target rate (relative shortfall, so a 30 % connect rate and a 5 % meeting rate
compare fairly), with the articles' usual causes for that stage. When the rep
moves their deals on (and a target win rate is set), the funnel runs on to 受注:
the win rate (won ÷ meetings held with an outcome, decided that week) is one
more stage, "deal", whose causes are meeting quality and handoff information;
meetings not yet decided are left out of it and counted. Long (~410 lines):
the week's figures, the diagnosis and its inputs are one computation.

The verdict is data (which branch, which stage, the figures it rests on);
its sentences and the usual causes in words are render/diagnosis.py's, so a
translated interface words the same verdict.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

from istui.domain.calendar import WEEKDAY_NAMES, IsoWeek, WorkCalendar
from istui.domain.deal_rates import SpanDeals, span_deals, won_between
from istui.domain.deals import Deal
from istui.domain.funnel import (
    Event,
    FunnelRate,
    Metric,
    MetricSet,
    Ratio,
    achievement,
    count_events,
    funnel_rates,
)
from istui.domain.lists import (
    CallList,
    Coverage,
    ListPace,
    ListSettings,
    Slice,
    coverage,
    decompose,
    list_pace,
    won_by,
)
from istui.domain.targets import LoweredDay, TargetVersion, lowered_days, targets_over
from istui.domain.totals import DayTotals, daily_totals, span_total
from istui.i18n import tr

#: Weeks in the "when calls work" window, ending with the reviewed week.
HISTORY_WEEKS = 8
#: Below this many dials in the week (or its finished days), no verdict: "not enough data".
MIN_DIALS = 100
#: Below this many days with at least one dial, no verdict either.
MIN_DAYS = 2
#: Volume counts as met at this share of its target (the articles' floor is 90 %;
#: a few dials short should not hide a real rate problem).
VOLUME_MET_SHARE = 0.95
#: Below this many deals decided (won or lost) in the week, the win rate is no stage.
MIN_DECIDED = 5
#: The win-rate stage's key (the funnel's deal stage, after the meeting).
DEAL_STAGE = "deal"


def history_span(week: IsoWeek) -> tuple[date, date]:
    """The days whose events a review of ``week`` reads (and nothing else)."""
    return week.shift(-(HISTORY_WEEKS - 1)).monday, week.sunday


def days_to_date(days: Sequence[date], today: date) -> tuple[list[date], bool]:
    """The days of a week (or span) that are judged as of ``today``, and whether
    it is in progress: the week in progress "to date" (its days up to today,
    whose targets are due by now), a finished week whole.

    The one rule for the rep's own review and for the team view's row of that
    rep, so the two show the same figures."""
    listed = list(days)
    in_progress = bool(listed) and listed[0] <= today <= listed[-1]
    return ([d for d in listed if d <= today] if in_progress else listed), in_progress


@dataclass(frozen=True)
class KpiLine:
    """One metric's week: actual vs the week's target, and last week beside it.

    ``previous_known`` is False when last week's figures are not there to
    compare with (a team store into which that week was never merged): the
    previous figures are then 0 but mean nothing, and ``change`` is None."""

    metric: Metric
    actual: int
    target: int
    previous: int
    previous_target: int
    previous_known: bool = True

    @property
    def percent(self) -> float | None:
        return achievement(self.actual, self.target)

    @property
    def change(self) -> int | None:
        return self.actual - self.previous if self.previous_known else None


@dataclass(frozen=True)
class RateLine:
    """One funnel rate over the week (sums over sums) and last week's."""

    rate: FunnelRate
    previous: Ratio
    previous_known: bool = True

    @property
    def change(self) -> float | None:
        """Rate points gained since last week; None when either week is empty
        or last week is not known."""
        a, p = self.rate.actual.value, self.previous.value
        if not self.previous_known:
            return None
        return None if a is None or p is None else a - p


@dataclass(frozen=True)
class Diagnosis:
    """The verdict, and the figures it rests on (render/diagnosis.py words it).

    ``verdict``: "not enough data" | "no targets" | "target met" | "volume" |
    "quality" | "short" (missed with every rate on target). ``stage``: the
    funnel key the verdict points at (the dial for volume, the weakest stage
    for quality). ``below``: the rates under their target, weakest first.
    """

    verdict: str
    stage: str | None = None
    #: Judged over the finished days of a week in progress.
    so_far: bool = False
    #: The top stage (dials): its name (a Metric's name and default flag, so
    #: the label is shown in the language in force), count, goal, days with a dial.
    top_name: str = ""
    top_default: bool = False
    dials: int = 0
    dial_goal: int = 0
    dial_days: int = 0
    #: The bottom stage (meetings): its name, count and goal.
    bottom_name: str = ""
    bottom_default: bool = False
    got: int = 0
    goal: int = 0
    rates: tuple[FunnelRate, ...] = ()
    below: tuple[FunnelRate, ...] = ()
    #: A funnel is configured at all.
    has_funnel: bool = True
    #: The week's deals, when the rep moves them on (None: not judged).
    deals: SpanDeals | None = None
    #: Judged over a month's days (the monthly review), not a week's.
    month: bool = False
    #: A volume verdict with a current list of known size: its coverage over
    #: the judged days against the share of the week gone (リスト消化率).
    list_pace: ListPace | None = None

    @property
    def top_label(self) -> str:
        """The top stage's label as shown now (the language in force)."""
        return tr(self.top_name) if self.top_default else self.top_name

    @property
    def bottom_label(self) -> str:
        return tr(self.bottom_name) if self.bottom_default else self.bottom_name


def shortfall(rate: FunnelRate) -> float:
    """How far a rate falls below its target, relative to it (0 when on target)."""
    a, t = rate.actual.value, rate.target.value
    return 0.0 if a is None or not t else (t - a) / t


@dataclass(frozen=True)
class SlotLine:
    """Calls, connects and meetings in one hour of day or one weekday."""

    label: str
    calls: int
    connects: int
    meetings: int

    @property
    def connect_rate(self) -> Ratio:
        return Ratio(self.connects, self.calls)


@dataclass(frozen=True)
class WhenCallsWork:
    by_hour_week: tuple[SlotLine, ...]
    by_hour_history: tuple[SlotLine, ...]
    by_weekday_week: tuple[SlotLine, ...]
    by_weekday_history: tuple[SlotLine, ...]
    history_from: date
    best_hour: str | None  # over the history window, by connect rate (≥ MIN_SLOT_CALLS)
    #: The weeks of the window whose days are there (a team store holds the
    #: weeks merged into it); None: the whole window (the rep's own store).
    weeks: tuple[IsoWeek, ...] | None = None


#: An hour needs this many dials in the window before it can be called "best".
MIN_SLOT_CALLS = 30


@dataclass(frozen=True)
class WeekReview:
    week: IsoWeek
    as_of: date
    in_progress: bool
    days: tuple[DayTotals, ...]
    lines: tuple[KpiLine, ...]
    rates: tuple[RateLine, ...]
    dial_days: int
    diagnosis: Diagnosis
    when: WhenCallsWork
    #: False when none of the reviewed days is there (a team store into which
    #: no export of this week was merged): the zeros mean "no export".
    exported: bool = True
    #: The week cut by lead channel and target segment (分解: sums per slice),
    #: and each list's coverage over the 8-week window; empty when no dial of
    #: the week carries a list.
    by_channel: tuple[Slice, ...] = ()
    by_segment: tuple[Slice, ...] = ()
    coverage: tuple[Coverage, ...] = ()
    #: The days judged against targets the rep lowered for themselves (from the
    #: reflection), with the usual targets: always shown beside the figures.
    lowered: tuple[LoweredDay, ...] = ()
    #: The week's deals to date (booked, held, cancelled, won; None: the rep
    #: does not move deals on), for the review's deals pane.
    deals: SpanDeals | None = None
    #: The week's deals won by the channel and segment their meeting was
    #: booked on (empty: no deals, or no dial of the week carries a list).
    won_by_channel: Mapping[str, int] = field(default_factory=dict)
    won_by_segment: Mapping[str, int] = field(default_factory=dict)

    @property
    def through(self) -> date:
        """The last day the figures cover (today for the week in progress)."""
        return self.as_of if self.in_progress else self.week.sunday

    def line(self, key: str) -> KpiLine | None:
        for line in self.lines:
            if line.metric.key == key:
                return line
        return None


def _slots(events: Iterable[Event], metrics: MetricSet, by: str) -> tuple[SlotLine, ...]:
    funnel = [m.key for m in metrics.funnel]
    if not funnel:
        return ()
    groups: dict[int, list[Event]] = {}
    for event in events:
        if event.kind not in funnel:
            continue
        slot = event.at.hour if by == "hour" else event.day.weekday()
        groups.setdefault(slot, []).append(event)
    top, second, bottom = funnel[0], funnel[1 % len(funnel)], funnel[-1]
    lines = []
    for slot, evs in sorted(groups.items()):
        counts = count_events(evs, metrics)
        label = f"{slot:02d}h" if by == "hour" else WEEKDAY_NAMES[slot].capitalize()
        lines.append(SlotLine(label, counts[top], counts[second], counts[bottom]))
    return tuple(lines)


def when_calls_work(
    week_events: Sequence[Event], history_events: Sequence[Event], metrics: MetricSet, start: date
) -> WhenCallsWork:
    by_hour_history = _slots(history_events, metrics, "hour")
    eligible = [s for s in by_hour_history if s.calls >= MIN_SLOT_CALLS]
    best = max(eligible, key=lambda s: s.connect_rate.value or 0.0, default=None)
    return WhenCallsWork(
        by_hour_week=_slots(week_events, metrics, "hour"),
        by_hour_history=by_hour_history,
        by_weekday_week=_slots(week_events, metrics, "weekday"),
        by_weekday_history=_slots(history_events, metrics, "weekday"),
        history_from=start,
        best_hour=best.label if best else None,
    )


def diagnose(
    counts: Mapping[str, int],
    targets: Mapping[str, int],
    metrics: MetricSet,
    dial_days: int,
    *,
    so_far: bool = False,
    deals: SpanDeals | None = None,
    win_target: int = 0,
) -> Diagnosis:
    """The articles' bottleneck flow over one week's sums (see the module doc).

    ``deals`` and ``win_target`` (a percent; 0: none): the win rate joins the
    rates as the stage "deal" once MIN_DECIDED deals were decided."""
    funnel = metrics.funnel
    if not funnel:
        return Diagnosis("no targets", has_funnel=False)
    top, bottom = funnel[0], funnel[-1]
    dials = counts.get(top.key, 0)
    base = Diagnosis(
        "",
        so_far=so_far,
        top_name=top.name,
        top_default=top.default,
        dials=dials,
        dial_goal=targets.get(top.key, 0),
        dial_days=dial_days,
        bottom_name=bottom.name,
        bottom_default=bottom.default,
        got=counts.get(bottom.key, 0),
        goal=targets.get(bottom.key, 0),
        deals=deals,
    )
    if dials < MIN_DIALS or dial_days < MIN_DAYS:
        return replace(base, verdict="not enough data")
    if base.goal <= 0:
        return replace(base, verdict="no targets")
    rates = tuple(funnel_rates(counts, targets, metrics))
    if deals is not None and win_target > 0 and deals.decided >= MIN_DECIDED:
        win = FunnelRate(DEAL_STAGE, bottom.key, deals.win_rate, Ratio(win_target, 100))
        rates = (*rates, win)
    below = tuple(sorted((r for r in rates if shortfall(r) > 0), key=shortfall, reverse=True))
    found = replace(base, rates=rates, below=below)
    deal_short = any(r.key == DEAL_STAGE for r in below)
    if found.got >= found.goal and not deal_short:
        # Met thanks to volume: a weak stage still deserves a word before it bites.
        return replace(found, verdict="target met")
    if found.dial_goal and dials < found.dial_goal * VOLUME_MET_SHARE:
        return replace(found, verdict="volume", stage=top.key)
    if not below:
        return replace(found, verdict="short", stage=top.key)
    return replace(found, verdict="quality", stage=below[0].key)


def week_diagnosis(
    days: Sequence[DayTotals],
    metrics: MetricSet,
    today: date,
    *,
    deals: Sequence[Deal] | None = None,
    win_target: int = 0,
) -> Diagnosis:
    """The diagnosis of a week from its days (each with its own target in force).

    The one diagnosis of istui: the weekly review and the team view both call
    it, so a lead sees the same verdict as the rep. For the week in progress it
    judges the finished days (before ``today``) only: today's target is not due
    before evening.
    """
    in_progress = bool(days) and days[0].day <= today <= days[-1].day
    judged = [d for d in days if d.day < today] if in_progress else list(days)
    counts, targets = span_total(judged)
    top = metrics.funnel[0].key if metrics.funnel else ""
    dial_days = sum(1 for d in judged if d.counts.get(top, 0) > 0)
    week_deals = None
    if deals is not None and judged:
        week_deals = span_deals(deals, judged[0].day, judged[-1].day)
    return diagnose(
        counts,
        targets,
        metrics,
        dial_days,
        so_far=in_progress,
        deals=week_deals,
        win_target=win_target,
    )


def build_week_review(
    events: Iterable[Event],
    metrics: MetricSet,
    versions: Iterable[TargetVersion],
    calendar: WorkCalendar,
    week: IsoWeek,
    today: date,
    *,
    covered: frozenset[date] | None = None,
    deals: Sequence[Deal] | None = None,
    win_target: int = 0,
    lists: ListSettings | None = None,
    current: CallList | None = None,
) -> WeekReview:
    """The review of ``week`` from the events of ``history_span(week)``.

    For the week in progress everything is "to date": the days up to
    ``today`` (no future days), the targets due on them, and last week's same
    weekdays for the change; the diagnosis judges the finished days (before
    ``today``). A finished week is shown whole.

    ``current``: the list being dialled now; with a volume verdict its pace
    joins the diagnosis (``Diagnosis.list_pace``) for the week in progress, or
    a past week in which it was dialled.

    ``covered``: the days whose figures are there at all (a team store: the
    days some merged export covered); None for the rep's own store, where
    every day is. Last week's figures count only when all its compared days
    are covered; "when calls work" names the covered weeks it is taken over.
    """
    listed_versions = list(versions)
    start, end = history_span(week)
    # The week in progress is shown "to date": its days up to today, against the
    # targets due on them, beside the same weekdays of last week.
    span, in_progress = days_to_date(week.days, today)
    prev_span = [d - timedelta(weeks=1) for d in span]
    previous_known = covered is None or all(d in covered for d in prev_span)
    history = [e for e in events if start <= e.day <= end]
    this = [e for e in history if span[0] <= e.day <= span[-1]]
    last = [e for e in history if prev_span[0] <= e.day <= prev_span[-1]]
    counts, prev_counts = count_events(this, metrics), count_events(last, metrics)
    targets = targets_over(listed_versions, span, calendar)
    prev_targets = targets_over(listed_versions, prev_span, calendar)
    lines = tuple(
        KpiLine(
            m,
            counts.get(m.key, 0),
            targets.get(m.key, 0),
            prev_counts.get(m.key, 0),
            prev_targets.get(m.key, 0),
            previous_known,
        )
        for m in metrics.all
    )
    prev_rates = {r.key: r.actual for r in funnel_rates(prev_counts, prev_targets, metrics)}
    rates = tuple(
        RateLine(
            r, prev_rates.get(r.key, Ratio(0, 0)) if previous_known else Ratio(0, 0), previous_known
        )
        for r in funnel_rates(counts, targets, metrics)
    )
    days = tuple(daily_totals(this, span, metrics, listed_versions, calendar))
    top = metrics.funnel[0].key if metrics.funnel else ""
    dial_days = sum(1 for d in days if d.counts.get(top, 0) > 0)
    diagnosis = week_diagnosis(days, metrics, today, deals=deals, win_target=win_target)
    on_list = current is not None and any(e.list == current.name for e in this)
    if diagnosis.verdict == "volume" and current is not None and (in_progress or on_list):
        judged = [d for d in span if d < today] if in_progress else span
        working = calendar.working_days(week.monday, week.sunday)
        pace = list_pace(this, current, judged, working)
        diagnosis = replace(diagnosis, list_pace=pace)
    when = when_calls_work(this, history, metrics, start)
    if covered is not None:
        merged = sorted({IsoWeek.of(d) for d in covered if start <= d <= end})
        when = replace(when, weeks=tuple(merged))
    tagged = any(e.list or e.channel or e.segment for e in this)
    won = [x.id for x in won_between(deals, span[0], span[-1])] if deals and tagged else []
    top_key = metrics.funnel[0].key if metrics.funnel else ""
    return WeekReview(
        by_channel=tuple(decompose(this, metrics, "channel")) if tagged else (),
        by_segment=tuple(decompose(this, metrics, "segment")) if tagged else (),
        coverage=tuple(coverage(history, lists, top_key)) if tagged and lists else (),
        week=week,
        as_of=today,
        in_progress=in_progress,
        days=days,
        lines=lines,
        rates=rates,
        dial_days=dial_days,
        diagnosis=diagnosis,
        when=when,
        exported=covered is None or any(d in covered for d in span),
        lowered=lowered_days(listed_versions, span, calendar),
        deals=None if deals is None else span_deals(deals, span[0], span[-1]),
        won_by_channel=won_by(won, history, "channel") if won else {},
        won_by_segment=won_by(won, history, "segment") if won else {},
    )
