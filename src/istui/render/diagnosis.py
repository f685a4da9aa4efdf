"""The bottleneck verdict in words: its headline, what it rests on, the usual causes.

domain/review.py decides the verdict and keeps its figures; every sentence
about it is written here, once, so the review screen, ``istui report`` and
the team view word the same verdict the same way.
"""

from __future__ import annotations

from collections.abc import Mapping

from istui.domain.deal_rates import SpanDeals
from istui.domain.funnel import FunnelRate, achievement, rate_label
from istui.domain.review import DEAL_STAGE, MIN_DAYS, MIN_DIALS, Diagnosis, shortfall
from istui.i18n import N_, tr, trn
from istui.render.numbers import percent, rate

#: The articles' usual causes for a low rate at a stage (keyed by the lower stage).
STAGE_CAUSES: Mapping[str, tuple[str, ...]] = {
    "connect": ("list quality (wrong numbers, stale leads)", "calling time of day"),
    "contact": ("reaching the decision maker", "opening lines (first 10 seconds)"),
    "meeting": ("talk script", "hearing skills (questions, value proposal)"),
    "deal": ("meeting quality", "handoff information"),
}
VOLUME_CAUSES = ("time use (blocks lost to other work)", "tools", "prioritising the list")
#: The articles' causes of a slow list (リスト消化が遅い → 優先順位付け、判断基準).
SLOW_LIST_CAUSES = (N_("prioritising the leads"), N_("criteria for which leads to call"))


def _scope(d: Diagnosis) -> str:
    if d.so_far:
        return "through yesterday"
    return "this month" if d.month else "this week"


def _result(d: Diagnosis) -> str:
    return (
        f"{d.bottom_label.lower()} {d.got} of {d.goal} "
        f"({percent(achievement(d.got, d.goal))}) {_scope(d)}"
    )


def _rate_line(r: FunnelRate) -> str:
    return (
        f"{r.label}: {rate(r.actual.value, 1)} vs {rate(r.target.value, 1)} target"
        f" ({r.actual.num}/{r.actual.den})"
    )


def _below(r: FunnelRate) -> str:
    return f"{rate(r.actual.value, 1)} vs {rate(r.target.value, 1)}"


def headline(d: Diagnosis) -> str:
    """The verdict in one sentence."""
    if d.verdict == "no export":
        return "no export merged for this week"
    if d.verdict == "no targets":
        if not d.has_funnel:
            return "no funnel configured"
        return f"no {d.bottom_label.lower()} target set"
    if d.verdict == "not enough data":
        return "not enough data for a verdict"
    if d.verdict == "target met":
        return f"target met: {_result(d)}"
    if d.verdict == "volume":
        return (
            f"a volume problem: {d.top_label.lower()} {d.dials} of {d.dial_goal} "
            f"({percent(achievement(d.dials, d.dial_goal))}), {d.dial_goal - d.dials} short"
        )
    if d.verdict == "short":
        return (
            f"target missed but every rate is on target: {_result(d)}; "
            f"volume {d.dials} of {d.dial_goal} is the gap"
        )
    worst = d.below[0]
    return (
        f"the bottleneck is the {worst.label}: {_below(worst)} target "
        f"({percent(shortfall(worst) * 100)} below)"
    )


def deal_lines(d: Diagnosis) -> tuple[str, ...]:
    """The week's deals beside the verdict, in the interface's language (the
    text reports and the screen; the JSON report carries the figures): the win
    rate's basis (open meetings left out, and counted), BANT and cancellations
    of the meetings booked."""
    w = d.deals
    if w is None or not (w.decided or w.figures.set or w.open):
        return ()
    f = w.figures
    branch: tuple[str, ...] = ()
    if d.verdict == "quality" and d.stage == DEAL_STAGE:
        branch = (tr("low win rate → meeting quality, handoff information"),)
    return (
        *branch,
        tr(
            "win rate {value} = deals won ÷ meetings held with an outcome ({won}/{decided}"
            " decided this week)",
            value=rate(w.win_rate.value, 1),
            won=w.won,
            decided=w.decided,
        ),
        trn(
            "{n} meeting still open, left out of the win rate",
            "{n} meetings still open, left out of the win rate",
            w.open,
            n=w.open,
        ),
        tr(
            "BANT rate {bant} ({b}/{held} held) · cancellation rate {cancel}"
            " ({c}/{set} set this week)",
            bant=rate(f.bant_rate.value),
            b=f.bant,
            held=f.held,
            cancel=rate(f.cancel_rate.value),
            c=f.cancelled,
            set=f.set,
        ),
    )


def list_lines(d: Diagnosis) -> tuple[str, ...]:
    """The volume branch's list line: the current list's coverage (リスト消化率)
    against the share of the week's working days gone, slow or on pace."""
    p = d.list_pace
    if d.verdict != "volume" or p is None:
        return ()
    figures = {
        "name": p.item.name,
        "dials": p.dials,
        "size": p.ratio.den,
        "rate": rate(p.ratio.value, 1),
        "gone": rate(p.gone.value, 0),
        "days_gone": p.days_gone,
        "days": p.days,
    }
    if p.slow:
        return (
            tr(
                "the call list is being worked too slowly: {name} {dials} of {size} dialled"
                " ({rate}) with {gone} of the week gone ({days_gone} of {days} working days)",
                **figures,
            ),
        )
    return (
        tr(
            "the call list is on pace: {name} {dials} of {size} dialled ({rate})"
            " with {gone} of the week gone ({days_gone} of {days} working days)",
            **figures,
        ),
    )


def list_pace_json(d: Diagnosis) -> dict[str, object] | None:
    """The list pace's figures for the JSON report (None: not judged)."""
    p = d.list_pace
    if p is None:
        return None
    return {
        "list": p.item.name,
        "dials": p.dials,
        "size": p.ratio.den,
        "coverage": p.ratio.value,
        "days_gone": p.days_gone,
        "days": p.days,
        "slow": p.slow,
    }


def deals_json(w: SpanDeals) -> dict[str, object]:
    """The week's deal figures for the JSON report (numbers, never words)."""
    f = w.figures
    return {
        "won": w.won,
        "lost": w.lost,
        "open": w.open,
        "win_rate": w.win_rate.value,
        "amount": w.amount,
        "set": f.set,
        "cancelled": f.cancelled,
        "held": f.held,
        "bant": f.bant,
        "bant_rate": f.bant_rate.value,
        "cancel_rate": f.cancel_rate.value,
    }


def details(d: Diagnosis) -> tuple[str, ...]:
    """What the verdict rests on, one line each."""
    rates = tuple(_rate_line(r) for r in d.rates)
    if d.verdict == "not enough data":
        return (
            f"{d.dials} {d.top_label.lower()} on {d.dial_days} day(s) {_scope(d)}; a verdict "
            f"needs at least {MIN_DIALS} on {MIN_DAYS} days",
        )
    if d.verdict in ("no targets", "no export"):
        return ()
    if d.verdict == "target met":
        weak = tuple(
            f"but the {r.label} is below target: {_below(r)} ({percent(shortfall(r) * 100)} below)"
            for r in d.below
        )
        return (*weak, *rates)
    if d.verdict == "volume":
        return (_result(d), *list_lines(d), *rates)
    if d.verdict == "short":
        return rates
    return (f"volume met: {d.top_label.lower()} {d.dials} of {d.dial_goal}", _result(d), *rates)


def causes(d: Diagnosis) -> tuple[str, ...]:
    """The articles' usual causes of the problem the verdict names."""
    if d.verdict == "volume" and d.list_pace is not None and d.list_pace.slow:
        return (*VOLUME_CAUSES, *(tr(c) for c in SLOW_LIST_CAUSES))
    if d.verdict in ("volume", "short"):
        return VOLUME_CAUSES
    if d.verdict == "quality" and d.stage:
        return STAGE_CAUSES.get(d.stage, ())
    return ()


def short(d: Diagnosis) -> str:
    """The verdict in a few words, for a table cell (the team view)."""
    if d.verdict == "quality" and d.stage == DEAL_STAGE:
        return "win rate low"
    if d.verdict == "quality" and d.stage:
        return f"{rate_label(d.stage)} low"
    if d.verdict == "volume":
        return "volume problem"
    if d.verdict == "short":
        return "volume (rates on target)"
    return d.verdict
