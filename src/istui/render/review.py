"""The weekly review's rows and lines, shared by the review screen and the
report (render/review_report.py), so the screen and the report never disagree.

Formatting only: every figure comes from the ReviewBundle. Every word from a
file (labels, names, actions, objections) is one line of plain text here
(render.safe.one_line); the outputs add their own escaping (markdown cells).
"""

from __future__ import annotations

from datetime import date

from istui.domain.calendar import WEEKDAY_NAMES, IsoWeek
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
from istui.i18n import N_, tr, trn, trp
from istui.render import dates, diagnosis
from istui.render.labels import rate_name
from istui.render.numbers import NO_VALUE, count, percent, points, rate
from istui.render.safe import one_line
from istui.services.review import ReviewBundle


def kpi_row(line: KpiLine) -> list[str]:
    """Last week and the change read "–" where last week is not known."""
    change = line.change
    return [
        one_line(line.metric.label),
        count(line.actual),
        count(line.target),
        percent(line.percent),
        count(line.previous) if line.previous_known else NO_VALUE,
        NO_VALUE if change is None else f"{change:+d}",
    ]


def rate_row(line: RateLine) -> list[str]:
    r = line.rate
    return [
        rate_name(r.key),
        rate(r.actual.value, 1),
        rate(r.target.value, 1),
        f"{count(r.actual.num)}/{count(r.actual.den)}",
        rate(line.previous.value, 1),
        points(line.change),
    ]


#: The review tables' headers in English (each output shows kpi_header/rate_header).
KPI_HEADER = ["metric", "actual", "target", "achieved", "last week", "change"]
RATE_HEADER = ["rate", "actual", "target", "of", "last week", "change"]


def to_date(review: WeekReview) -> str:
    """ "" for a whole week; "Mon–Wed" for the week in progress (the days covered)."""
    if not review.in_progress:
        return ""
    return days_span(review.week.monday, review.through)


def days_span(first: date, last: date) -> str:
    """ "Mon–Wed" (or "Mon" for one day): the days a week in progress covers."""
    return dates.weekday_span(first, last)


def best_hour_scope(when: WhenCallsWork, own: str) -> str:
    """Over which weeks "when calls work" and the best hour are taken: ``own``
    (each output's words for the last 8 weeks) in the rep's own store; in a
    team store the weeks merged into it, "the merged weeks W41, W46–W47 (3 of
    8)"."""
    if when.weeks is None:
        return own
    if not when.weeks:
        return tr("no merged week of the last {weeks}", weeks=HISTORY_WEEKS)
    runs: list[list[IsoWeek]] = []
    for week in when.weeks:
        if runs and runs[-1][-1].shift(1) == week:
            runs[-1].append(week)
        else:
            runs.append([week])
    names = trp("list", ", ").join(dates.week_run(r[0], r[-1]) for r in runs)
    n = len(when.weeks)
    return trn(
        "the merged week {names} ({n} of {weeks})",
        "the merged weeks {names} ({n} of {weeks})",
        n,
        names=names,
        n=n,
        weeks=HISTORY_WEEKS,
    )


def kpi_header(review: WeekReview) -> list[str]:
    """The week in progress reads "to date", against the target due so far and
    the same weekdays of last week."""
    if not review.in_progress:
        return [
            trp("report", "metric"),
            trp("report", "actual"),
            trp("report", "target"),
            trp("report", "achieved"),
            trp("report", "last week"),
            trp("report", "change"),
        ]
    return [
        trp("report", "metric"),
        trp("report", "to date"),
        trp("report", "due"),
        trp("report", "achieved"),
        trp("report", "last {days}", days=to_date(review)),
        trp("report", "change"),
    ]


def rate_header(review: WeekReview) -> list[str]:
    last = trp("report", "last {days}", days=to_date(review))
    return [
        trp("report", "rate"),
        trp("report", "to date") if review.in_progress else trp("report", "actual"),
        trp("report", "target"),
        trp("report", "of"),
        last if review.in_progress else trp("report", "last week"),
        trp("report", "change"),
    ]


#: The slot tables' header in English (each output shows slot_header()).
SLOT_HEADER = ["", "calls", "conn.", "rate", "mtgs"]


def slot_header() -> list[str]:
    """The hour and weekday tables' header in the language in force."""
    return [
        "",
        trp("report", "calls"),
        trp("report", "conn."),
        trp("report", "rate"),
        trp("report", "mtgs"),
    ]


def slot_label(slot: SlotLine) -> str:
    """An hour ("09h", 9時) or a weekday ("Mon", 月) as the slot tables show it."""
    if slot.label.endswith("h") and slot.label[:-1].isdigit():
        return tr("{hour}h", hour=slot.label[:-1])
    names = [d.capitalize() for d in WEEKDAY_NAMES]
    return dates.weekday_name(names.index(slot.label)) if slot.label in names else slot.label


def slot_row(slot: SlotLine) -> list[str]:
    return [
        slot_label(slot),
        count(slot.calls),
        count(slot.connects),
        rate(slot.connect_rate.value, 1),
        count(slot.meetings),
    ]


def action_row(action: ReviewAction, *, short_date: bool = False) -> list[str]:
    """``short_date``: MM-DD, for the narrow tables of the screen (the week is known)."""
    deadline = NO_VALUE
    if action.deadline:
        deadline = (
            dates.month_day(action.deadline) if short_date else dates.iso_or_full(action.deadline)
        )
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
            dates.day_month(d.day) + (" ↓" if d.day in lowered else ""),
            *(f"{count(d.counts.get(m.key, 0))}/{count(d.targets.get(m.key, 0))}" for m in funnel),
        ]
        for d in r.days
    ]
    return [trp("report", "day"), *(one_line(m.label) for m in funnel)], rows


def title(bundle: ReviewBundle) -> str:
    r = bundle.review
    fields = {
        "week": dates.week_name(r.week),
        "span": dates.date_span(r.week.monday, r.week.sunday),
        "rep": one_line(bundle.rep_name),
        "days": to_date(r),
        "as_of": dates.day_month(r.as_of),
    }
    if r.in_progress:
        text = tr(
            "Week {week} · {span} (in progress: {days} to date, as of {as_of}) · {rep}", **fields
        )
    else:
        text = tr("Week {week} · {span} · {rep}", **fields)
    if not r.exported:
        text = tr("{title} · no export merged for this week", title=text)
    return text


def diagnosis_lines(bundle: ReviewBundle) -> list[str]:
    d = bundle.review.diagnosis
    lines = [diagnosis.headline(d), *diagnosis.details(d)]
    if diagnosis.causes(d):
        lines.append(diagnosis.causes_line(d))
    lines += diagnosis.deal_lines(d)
    return [one_line(line) for line in lines]


#: The week's words by section: the JSON key, the heading (translated where shown).
WORD_SECTIONS: tuple[tuple[str, str], ...] = (
    ("what_worked", N_("What worked")),
    ("what_blocked", N_("What blocked")),
    ("learnings", N_("Learnings")),
    ("adjustments", N_("Adjustments")),
    ("help_requests", N_("Help requests")),
    ("plans", N_("Plans")),
    ("other_objections", N_("Other objections")),
)


def word_items(bundle: ReviewBundle) -> list[tuple[str, tuple[Said, ...]]]:
    """Each section's JSON key and its quoted answers."""
    w = bundle.words
    said = (
        w.worked,
        w.blocked,
        w.learnings,
        w.adjustments,
        w.help_requests,
        w.plans,
        w.other_objections,
    )
    return [(key, items) for (key, _), items in zip(WORD_SECTIONS, said, strict=True)]


def word_sections(bundle: ReviewBundle) -> list[tuple[str, tuple[Said, ...]]]:
    """Each section's heading in the language in force, and its quoted answers."""
    headings = dict(WORD_SECTIONS)
    return [(tr(headings[key]), items) for key, items in word_items(bundle)]


def energy_line(bundle: ReviewBundle) -> str:
    return " · ".join(f"{dates.weekday(day)} {level}" for day, level in bundle.words.energy)


def objections_line(bundle: ReviewBundle) -> str:
    return trp("list", ", ").join(f"{one_line(name)} ×{n}" for name, n in bundle.words.objections)
