"""The bottleneck verdict in words: its headline, what it rests on, the usual causes.

domain/review.py decides the verdict and keeps its figures; every sentence
about it is written here, once, so the review screen, ``istui report`` and
the team view word the same verdict the same way. In Japanese the sentences
use the article's terms (docs/glossary.md: 行動量の問題, 質の問題, ボトルネック).
"""

from __future__ import annotations

from collections.abc import Mapping

from istui.domain.deal_rates import SpanDeals
from istui.domain.funnel import FunnelRate, achievement
from istui.domain.review import DEAL_STAGE, MIN_DAYS, MIN_DIALS, Diagnosis, shortfall
from istui.i18n import N_, tr, trn, trp
from istui.render.labels import rate_name
from istui.render.numbers import count, percent, rate

#: The articles' usual causes for a low rate at a stage (keyed by the lower stage).
STAGE_CAUSES: Mapping[str, tuple[str, ...]] = {
    "connect": (N_("list quality (wrong numbers, stale leads)"), N_("calling time of day")),
    "contact": (N_("reaching the decision maker"), N_("opening lines (first 10 seconds)")),
    "meeting": (N_("talk script"), N_("hearing skills (questions, value proposal)")),
    "deal": (N_("meeting quality"), N_("handoff information")),
}
VOLUME_CAUSES = (
    N_("time use (blocks lost to other work)"),
    N_("tools"),
    N_("prioritising the list"),
)
#: The articles' causes of a slow list (リスト消化が遅い → 優先順位付け、判断基準).
SLOW_LIST_CAUSES = (N_("prioritising the leads"), N_("criteria for which leads to call"))


def _result(d: Diagnosis) -> str:
    fields = {
        "label": d.bottom_label.lower(),
        "got": count(d.got),
        "goal": count(d.goal),
        "percent": percent(achievement(d.got, d.goal)),
    }
    if d.so_far:
        return tr("{label} {got} of {goal} ({percent}) through yesterday", **fields)
    if d.month:
        return tr("{label} {got} of {goal} ({percent}) this month", **fields)
    return tr("{label} {got} of {goal} ({percent}) this week", **fields)


def _rate_line(r: FunnelRate) -> str:
    return tr(
        "{rate}: {actual} vs {target} target ({num}/{den})",
        rate=rate_name(r.key),
        actual=rate(r.actual.value, 1),
        target=rate(r.target.value, 1),
        num=count(r.actual.num),
        den=count(r.actual.den),
    )


def headline(d: Diagnosis) -> str:
    """The verdict in one sentence."""
    if d.verdict == "no export":
        return tr("no export merged for this week")
    if d.verdict == "no targets":
        if not d.has_funnel:
            return tr("no funnel configured")
        return tr("no {label} target set", label=d.bottom_label.lower())
    if d.verdict == "not enough data":
        return tr("not enough data for a verdict")
    if d.verdict == "target met":
        return tr("target met: {result}", result=_result(d))
    if d.verdict == "volume":
        return tr(
            "a volume problem: {label} {dials} of {goal} ({percent}), {short} short",
            label=d.top_label.lower(),
            dials=count(d.dials),
            goal=count(d.dial_goal),
            percent=percent(achievement(d.dials, d.dial_goal)),
            short=count(d.dial_goal - d.dials),
        )
    if d.verdict == "short":
        return tr(
            "target missed but every rate is on target: {result}; volume {dials} of {goal} is the gap",
            result=_result(d),
            dials=count(d.dials),
            goal=count(d.dial_goal),
        )
    worst = d.below[0]
    return tr(
        "the bottleneck is the {rate}: {actual} vs {target} target ({below} below)",
        rate=rate_name(worst.key),
        actual=rate(worst.actual.value, 1),
        target=rate(worst.target.value, 1),
        below=percent(shortfall(worst) * 100),
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
        "dials": count(p.dials),
        "size": count(p.ratio.den),
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
        fields = {
            "dials": count(d.dials),
            "label": d.top_label.lower(),
            "days": d.dial_days,
            "min_dials": MIN_DIALS,
            "min_days": MIN_DAYS,
        }
        if d.so_far:
            text = trn(
                "{dials} {label} on {days} day through yesterday; a verdict needs at least {min_dials} on {min_days} days",
                "{dials} {label} on {days} days through yesterday; a verdict needs at least {min_dials} on {min_days} days",
                d.dial_days,
                **fields,
            )
        elif d.month:
            text = trn(
                "{dials} {label} on {days} day this month; a verdict needs at least {min_dials} on {min_days} days",
                "{dials} {label} on {days} days this month; a verdict needs at least {min_dials} on {min_days} days",
                d.dial_days,
                **fields,
            )
        else:
            text = trn(
                "{dials} {label} on {days} day this week; a verdict needs at least {min_dials} on {min_days} days",
                "{dials} {label} on {days} days this week; a verdict needs at least {min_dials} on {min_days} days",
                d.dial_days,
                **fields,
            )
        return (text,)
    if d.verdict in ("no targets", "no export"):
        return ()
    if d.verdict == "target met":
        weak = tuple(
            tr(
                "but the {rate} is below target: {actual} vs {target} ({below} below)",
                rate=rate_name(r.key),
                actual=rate(r.actual.value, 1),
                target=rate(r.target.value, 1),
                below=percent(shortfall(r) * 100),
            )
            for r in d.below
        )
        return (*weak, *rates)
    if d.verdict == "volume":
        return (_result(d), *list_lines(d), *rates)
    if d.verdict == "short":
        return rates
    met = tr(
        "volume met: {label} {dials} of {goal}",
        label=d.top_label.lower(),
        dials=count(d.dials),
        goal=count(d.dial_goal),
    )
    return (met, _result(d), *rates)


def causes(d: Diagnosis) -> tuple[str, ...]:
    """The articles' usual causes of the problem the verdict names."""
    if d.verdict == "volume" and d.list_pace is not None and d.list_pace.slow:
        return tuple(tr(c) for c in (*VOLUME_CAUSES, *SLOW_LIST_CAUSES))
    if d.verdict in ("volume", "short"):
        return tuple(tr(c) for c in VOLUME_CAUSES)
    if d.verdict == "quality" and d.stage:
        return tuple(tr(c) for c in STAGE_CAUSES.get(d.stage, ()))
    return ()


def causes_line(d: Diagnosis) -> str:
    """ "usual causes: talk script; hearing skills …", or "" when none."""
    found = causes(d)
    return tr("usual causes: {causes}", causes=trp("list", "; ").join(found)) if found else ""


#: The verdicts as one word or two, for a table cell.
SHORT_VERDICTS: Mapping[str, str] = {
    "volume": N_("volume problem"),
    "short": N_("volume (rates on target)"),
    "no export": N_("no export"),
    "no targets": N_("no targets"),
    "not enough data": N_("not enough data"),
    "target met": N_("target met"),
    "quality": N_("quality problem"),
}


def short(d: Diagnosis) -> str:
    """The verdict in a few words, for a table cell (the team view)."""
    if d.verdict == "quality" and d.stage == DEAL_STAGE:
        return "win rate low"
    if d.verdict == "quality" and d.stage:
        return tr("{rate} low", rate=rate_name(d.stage))
    known = SHORT_VERDICTS.get(d.verdict)
    return tr(known) if known else d.verdict
