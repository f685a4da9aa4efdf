"""The monthly review (月次レビュー) as a document: text, markdown, JSON and CSV
(``istui report --month``); the month screen shows the same lines.

The figures are render.month's table (the one month view), the verdict
render.diagnosis's words, the plan render.plan's chain: this module lays them
out in the article's frame, What (the numbers) → Why → So What → Now What.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from istui.domain.monthly import MonthReview, NextPlan
from istui.i18n import N_, tr, trp
from istui.render import diagnosis
from istui.render.cells import table
from istui.render.labels import rate_name
from istui.render.month import month_basis, month_lines, month_title
from istui.render.numbers import percent, rate
from istui.render.plan import chain_lines
from istui.render.report_formats import ReportFormats, rate_cell
from istui.render.review import rep_label
from istui.render.safe import csv_cell, md_cell, md_table, one_line, terminal
from istui.render.target_history import lowered_json, lowered_lines
from istui.services.monthly import MonthBundle

FORMATS = ("text", "markdown", "json", "csv")

#: The review's frame (the article's 月次振り返りのフレームワーク), in order.
FRAME: tuple[tuple[str, str, str], ...] = (
    ("why", N_("Why"), N_("Why did it turn out this way? (要因分析)")),
    ("so_what", N_("So What"), N_("What does it mean: what did you learn?")),
    ("now_what", N_("Now What"), N_("What will you do next month?")),
)


def title(bundle: MonthBundle) -> str:
    r = bundle.review
    return tr(
        "Monthly review · {month} · {rep}",
        month=month_title(r.year, r.month),
        rep=rep_label(bundle.rep_name, bundle.rep_id),
    )


def state_line(r: MonthReview) -> str:
    if r.landed:
        return tr("The month has landed: final figures.")
    if r.in_progress:
        return tr("In progress: the landing is a forecast from the pace so far.")
    return tr("Not begun yet.")


def what_text(r: MonthReview) -> str:
    """What happened, in numbers (filled in: the review's first question)."""
    bottom = next((x for x in reversed(r.view.lines) if x.metric.funnel), None)
    top = next((x for x in r.view.lines if x.metric.funnel), None)
    if bottom is None or top is None:
        return tr("No funnel configured.")
    if r.landed or bottom.landing is None:
        return tr(
            "{bottom} {actual:,} of {target:,} ({percent}); {top} {dials:,} of {dial_target:,}.",
            bottom=bottom.metric.label,
            actual=bottom.actual,
            target=bottom.target,
            percent=percent(bottom.percent),
            top=top.metric.label,
            dials=top.actual,
            dial_target=top.target,
        )
    return tr(
        "{bottom} {actual:,} of {target:,} so far ({percent}), landing at {landing:,} "
        "({landing_percent}); {top} {dials:,} of {dial_target:,}.",
        bottom=bottom.metric.label,
        actual=bottom.actual,
        target=bottom.target,
        percent=percent(bottom.percent),
        landing=bottom.landing,
        landing_percent=percent(bottom.landing_percent),
        top=top.metric.label,
        dials=top.actual,
        dial_target=top.target,
    )


def week_rows(r: MonthReview) -> tuple[list[str], list[list[str]]]:
    """The month's weeks side by side: one column a week, actual/target a metric."""
    header = [trp("month review", "metric")] + [
        f"W{w.week.week:02d} {w.start:%m/%d}–{w.end:%m/%d}" for w in r.weeks
    ]
    rows = []
    for line in r.view.lines:
        key = line.metric.key
        rows.append(
            [one_line(line.metric.label)]
            + [f"{w.counts.get(key, 0):,}/{w.targets.get(key, 0):,}" for w in r.weeks]
        )
    return header, rows


def plan_lines(next_plan: NextPlan) -> list[str]:
    when = month_title(next_plan.year, next_plan.month)
    if next_plan.plan is None:
        if next_plan.problem == "no funnel":
            why = tr("the funnel is not dials → connects → meetings")
        elif next_plan.problem == "no goal":
            why = tr("no meeting target is set for {month}", month=when)
        else:
            why = tr("this month's {key} rate is zero or unknown", key=next_plan.key)
        return [tr("No plan for {month}: {why}.", month=when, why=why)]
    plan = next_plan.plan
    lines = [
        tr(
            "{month}: {goal:,} meetings at this month's real rates",
            month=when,
            goal=next_plan.goal,
        )
    ]
    lines += chain_lines(plan)
    daily = " · ".join(f"{k} {plan.daily[k]:,}" for k in plan.daily_keys)
    lines.append(tr("Daily targets: {figures}", figures=daily))
    return lines


def words_of(r: MonthReview, key: str) -> str:
    return str(getattr(r.words, key))


def to_text(bundle: MonthBundle) -> str:
    r = bundle.review
    d = r.diagnosis
    out = [title(bundle), state_line(r), ""]
    out += month_lines(r.view)
    out += lowered_lines(r.lowered)
    out += ["", tr("Diagnosis (the bottleneck of the month)")]
    out.append("  " + diagnosis.headline(d))
    out += ["  · " + x for x in diagnosis.details(d)]
    causes = diagnosis.causes(d)
    if causes:
        out.append("  " + tr("usual causes: {causes}", causes=", ".join(causes)))
    out += ["", tr("The month's weeks (actual/target)")]
    out += ["  " + x for x in table(*week_rows(r))]
    out += ["", trp("month review", "What") + ": " + what_text(r)]
    for key, label, _question in FRAME:
        out.append(f"{tr(label)}: {one_line(words_of(r, key)) or '—'}")
    out += ["", tr("Next month's plan")]
    out += ["  " + x for x in plan_lines(r.next_plan)]
    return terminal("\n".join(out), multiline=True) + "\n"


def to_markdown(bundle: MonthBundle) -> str:
    r = bundle.review
    d = r.diagnosis
    out = [f"# {md_cell(title(bundle))}", "", state_line(r), f"_{month_basis(r.view)}_", ""]
    out.append("## " + tr("Target vs actual"))
    out.append("")
    head = [
        trp("month review", "metric"),
        trp("month review", "target"),
        trp("month review", "actual"),
        trp("month review", "achieved"),
        trp("month review", "landing"),
    ]
    out += md_table(
        head,
        [
            [
                x.metric.label,
                f"{x.target:,}",
                f"{x.actual:,}",
                percent(x.percent),
                "—" if x.landing is None else f"{x.landing:,} ({percent(x.landing_percent)})",
            ]
            for x in r.view.lines
        ],
    )
    out.append("")
    out += md_table(
        [trp("month review", "rate"), trp("month review", "actual"), trp("month review", "target")],
        [
            [rate_name(f.key), rate(f.actual.value, 1), rate(f.target.value, 1)]
            for f in r.view.rates
        ],
    )
    if r.lowered:
        out.append("")
        out += [f"- **{md_cell(x)}**" for x in lowered_lines(r.lowered)]
    out += ["", "## " + tr("Diagnosis (the bottleneck of the month)"), ""]
    out.append(f"**{md_cell(diagnosis.headline(d))}**")
    out += [f"- {md_cell(x)}" for x in diagnosis.details(d)]
    for cause in diagnosis.causes(d):
        out.append("- " + md_cell(tr("usual cause: {cause}", cause=cause)))
    out += ["", "## " + tr("The month's weeks (actual/target)"), ""]
    out += md_table(*week_rows(r))
    out += [
        "",
        "## " + trp("month review", "What") + " / " + " / ".join(tr(x[1]) for x in FRAME),
        "",
    ]
    what = trp("month review", "What")
    out.append(f"**{what}**: {md_cell(what_text(r))}")
    out.append("")
    for key, label, question in FRAME:
        out.append(f"**{tr(label)}** — {tr(question)}")
        out.append("")
        out.append(md_cell(words_of(r, key)) or "_—_")
        out.append("")
    out += ["## " + tr("Next month's plan"), ""]
    out += [f"- {md_cell(x)}" for x in plan_lines(r.next_plan)]
    return terminal("\n".join(out), multiline=True) + "\n"


def _ratio(num: int, den: int) -> dict[str, Any]:
    return {"num": num, "den": den, "value": num / den if den else None}


def to_data(bundle: MonthBundle) -> dict[str, Any]:
    r = bundle.review
    d = r.diagnosis
    plan = r.next_plan.plan
    return {
        "rep": {"id": bundle.rep_id, "name": bundle.rep_name},
        "month": r.label,
        "in_progress": r.in_progress,
        "landed": r.landed,
        "working_days": len(r.view.working_days),
        "days_done": r.view.days_done,
        "today_share": r.view.today_share,
        "days_left": r.view.days_left,
        "metrics": {
            x.metric.key: {
                "actual": x.actual,
                "target": x.target,
                "percent": x.percent,
                "landing": x.landing,
                "landing_percent": x.landing_percent,
            }
            for x in r.view.lines
        },
        "rates": {
            f.key: {
                "actual": _ratio(f.actual.num, f.actual.den),
                "target": _ratio(f.target.num, f.target.den),
            }
            for f in r.view.rates
        },
        "diagnosis": {
            "verdict": d.verdict,
            "stage": d.stage,
            "headline": diagnosis.headline(d),
            "details": list(diagnosis.details(d)),
            "causes": list(diagnosis.causes(d)),
        },
        "weeks": [
            {
                "week": str(w.week),
                "from": w.start.isoformat(),
                "to": w.end.isoformat(),
                "counts": dict(w.counts),
                "targets": dict(w.targets),
            }
            for w in r.weeks
        ],
        "lowered_days": lowered_json(r.lowered),
        "review": {"what": what_text(r)} | {key: words_of(r, key) for key, _l, _q in FRAME},
        "next_plan": {
            "month": f"{r.next_plan.year:04d}-{r.next_plan.month:02d}",
            "goal": r.next_plan.goal,
            "problem": r.next_plan.problem or None,
            "monthly": dict(plan.monthly) if plan else None,
            "daily": dict(plan.daily) if plan else None,
        },
    }


CSV_HEADER = ["rep_id", "month", "row", "key", "actual", "target", "landing", "num", "den"]


def csv_rows(bundle: MonthBundle) -> Iterator[list[object]]:
    """The figures, one row per metric, rate and week (long form)."""
    r = bundle.review
    base = [csv_cell(bundle.rep_id), r.label]
    for x in r.view.lines:
        landing = "" if x.landing is None else x.landing
        yield [*base, "metric", csv_cell(x.metric.key), x.actual, x.target, landing, "", ""]
    for f in r.view.rates:
        a, t = f.actual, f.target
        yield [
            *base,
            "rate",
            csv_cell(f.key),
            rate_cell(a.value),
            rate_cell(t.value),
            "",
            a.num,
            a.den,
        ]
    for w in r.weeks:
        for key, n in w.counts.items():
            yield [*base, f"week {w.week}", csv_cell(key), n, w.targets.get(key, 0), "", "", ""]


REPORT = ReportFormats(to_text, to_markdown, to_data, CSV_HEADER, csv_rows)


def render(bundle: MonthBundle, fmt: str) -> str:
    return REPORT.render(bundle, fmt)
