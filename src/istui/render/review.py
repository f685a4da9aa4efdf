"""The weekly review's rows and lines, shared by the review screen and the
report (render/review_report.py), so the screen and the report never disagree.

Formatting only: every figure comes from the ReviewBundle. Every word from a
file (labels, names, actions, objections) is one line of plain text here
(render.safe.one_line); the outputs add their own escaping (markdown cells).
"""

from __future__ import annotations

from datetime import date

from istui.domain.calendar import IsoWeek
from istui.domain.notes import Said
from istui.domain.review import (
    HISTORY_WEEKS,
    KpiLine,
    RateLine,
    SlotLine,
    WeekReview,
    WhenCallsWork,
)
from istui.domain.weekplan import ReviewAction
from istui.render import diagnosis
from istui.render.numbers import NO_VALUE, percent, points, rate
from istui.render.safe import one_line
from istui.services.review import ReviewBundle


def kpi_row(line: KpiLine) -> list[str]:
    """Last week and the change read "–" where last week is not known."""
    change = line.change
    return [
        one_line(line.metric.label),
        str(line.actual),
        str(line.target),
        percent(line.percent),
        str(line.previous) if line.previous_known else NO_VALUE,
        NO_VALUE if change is None else f"{change:+d}",
    ]


def rate_row(line: RateLine) -> list[str]:
    r = line.rate
    return [
        one_line(r.label),
        rate(r.actual.value, 1),
        rate(r.target.value, 1),
        f"{r.actual.num}/{r.actual.den}",
        rate(line.previous.value, 1),
        points(line.change),
    ]


KPI_HEADER = ["metric", "actual", "target", "achieved", "last week", "change"]
RATE_HEADER = ["rate", "actual", "target", "of", "last week", "change"]


def to_date(review: WeekReview) -> str:
    """ "" for a whole week; "Mon–Wed" for the week in progress (the days covered)."""
    if not review.in_progress:
        return ""
    return days_span(review.week.monday, review.through)


def days_span(first: date, last: date) -> str:
    """ "Mon–Wed" (or "Mon" for one day): the days a week in progress covers."""
    return f"{first:%a}" if last == first else f"{first:%a}–{last:%a}"


def best_hour_scope(when: WhenCallsWork, own: str) -> str:
    """Over which weeks "when calls work" and the best hour are taken: ``own``
    (each output's words for the last 8 weeks) in the rep's own store; in a
    team store the weeks merged into it, "the merged weeks W41, W46–W47 (3 of
    8)"."""
    if when.weeks is None:
        return own
    if not when.weeks:
        return f"no merged week of the last {HISTORY_WEEKS}"
    runs: list[list[IsoWeek]] = []
    for week in when.weeks:
        if runs and runs[-1][-1].shift(1) == week:
            runs[-1].append(week)
        else:
            runs.append([week])
    names = ", ".join(
        f"W{r[0].week:02d}" if len(r) == 1 else f"W{r[0].week:02d}–W{r[-1].week:02d}" for r in runs
    )
    n = len(when.weeks)
    return f"the merged week{'s' if n != 1 else ''} {names} ({n} of {HISTORY_WEEKS})"


def kpi_header(review: WeekReview) -> list[str]:
    """The week in progress reads "to date", against the target due so far and
    the same weekdays of last week."""
    if not review.in_progress:
        return KPI_HEADER
    return ["metric", "to date", "due", "achieved", f"last {to_date(review)}", "change"]


def rate_header(review: WeekReview) -> list[str]:
    if not review.in_progress:
        return RATE_HEADER
    return ["rate", "to date", "target", "of", f"last {to_date(review)}", "change"]


SLOT_HEADER = ["", "calls", "conn.", "rate", "mtgs"]


def slot_row(slot: SlotLine) -> list[str]:
    return [
        slot.label,
        str(slot.calls),
        str(slot.connects),
        rate(slot.connect_rate.value, 1),
        str(slot.meetings),
    ]


def action_row(action: ReviewAction, *, short_date: bool = False) -> list[str]:
    """``short_date``: MM-DD, for the narrow tables of the screen (the week is known)."""
    deadline = NO_VALUE
    if action.deadline:
        deadline = f"{action.deadline:%m-%d}" if short_date else action.deadline.isoformat()
    return [
        "[x]" if action.done else "[ ]",
        one_line(action.action),
        one_line(action.owner) if action.owner else NO_VALUE,
        deadline,
    ]


def rep_label(name: str, rep_id: str) -> str:
    """ "name (id)", or just the name when it already shows the id ("デモ 花子 (demo)")."""
    name, rep_id = one_line(name), one_line(rep_id)
    return name if not rep_id or rep_id in name else f"{name} ({rep_id})"


def day_table(bundle: ReviewBundle) -> tuple[list[str], list[list[str]]]:
    """Each day's funnel counts over that day's own target."""
    r = bundle.review
    funnel = [line.metric for line in r.lines if line.metric.funnel]
    lowered = {x.day for x in r.lowered}  # judged against the rep's own lower targets
    rows = [
        [
            f"{d.day:%a %m-%d}" + (" ↓" if d.day in lowered else ""),
            *(f"{d.counts.get(m.key, 0)}/{d.targets.get(m.key, 0)}" for m in funnel),
        ]
        for d in r.days
    ]
    return ["day", *(one_line(m.label) for m in funnel)], rows


def title(bundle: ReviewBundle) -> str:
    r = bundle.review
    state = (
        f" (in progress: {to_date(r)} to date, as of {r.as_of:%a %m-%d})" if r.in_progress else ""
    )
    missing = "" if r.exported else " · no export merged for this week"
    return (
        f"Week {r.week} · {r.week.monday:%Y-%m-%d} – {r.week.sunday:%Y-%m-%d}{state}"
        f" · {one_line(bundle.rep_name)}{missing}"
    )


def diagnosis_lines(bundle: ReviewBundle) -> list[str]:
    d = bundle.review.diagnosis
    lines = [diagnosis.headline(d), *diagnosis.details(d)]
    if diagnosis.causes(d):
        lines.append("usual causes: " + "; ".join(diagnosis.causes(d)))
    lines += diagnosis.deal_lines(d)
    return [one_line(line) for line in lines]


def word_sections(bundle: ReviewBundle) -> list[tuple[str, tuple[Said, ...]]]:
    w = bundle.words
    return [
        ("What worked", w.worked),
        ("What blocked", w.blocked),
        ("Learnings", w.learnings),
        ("Adjustments", w.adjustments),
        ("Help requests", w.help_requests),
        ("Plans", w.plans),
        ("Other objections", w.other_objections),
    ]


def energy_line(bundle: ReviewBundle) -> str:
    return " · ".join(f"{day:%a} {level}" for day, level in bundle.words.energy)


def objections_line(bundle: ReviewBundle) -> str:
    return ", ".join(f"{one_line(name)} ×{n}" for name, n in bundle.words.objections)
