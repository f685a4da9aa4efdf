"""The weekly review as a document: text, markdown (a ready 1on1 sheet), JSON
and CSV (``istui report``). The rows are render/review.py's, the screen's too.

Long (~440 lines) because every sentence of four formats is a whole
translatable string with named fields (istui.i18n), which the formatter spreads
over several lines; the formats share their rows through render/review.py.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any

from istui.domain.review import SlotLine
from istui.domain.weekplan import WeekPlan
from istui.i18n import tr, trp
from istui.render import dates, diagnosis, lists
from istui.render import review as rows
from istui.render.cells import table
from istui.render.forms import said_tag
from istui.render.machine import in_source_language
from istui.render.numbers import NO_VALUE

# The 1on1's questions and follow-ups live with the 1on1 (render/oneonone.py):
# one wording for the sheet and the screen, the article's own in Japanese.
from istui.render.oneonone import NO_PROBLEM_PROMPTS as NO_PROBLEM_PROMPTS
from istui.render.oneonone import ONE_ON_ONE_QUESTIONS as ONE_ON_ONE_QUESTIONS
from istui.render.oneonone import answers_lines, no_problem_line, silence_line
from istui.render.report_formats import ReportFormats, rate_cell
from istui.render.safe import csv_cell, md_cell, md_table, one_line, terminal
from istui.render.target_history import lowered_json, lowered_lines
from istui.render.wrap import wrap
from istui.services.review import ReviewBundle

FORMATS = ("text", "markdown", "json", "csv")

#: The width the text report folds the rep's words to (a terminal's 80 cells).
TEXT_WIDTH = 80


# ----------------------------------------------------------------------- text
def _hour(best: str | None) -> str | None:
    """The best hour ("10h", 10時) as the reports show it."""
    if best and best.endswith("h") and best[:-1].isdigit():
        return tr("{hour}h", hour=best[:-1])
    return best


def _plan_lines(plan: WeekPlan) -> list[str]:
    lines = [" ".join(rows.action_row(a)) for a in plan.actions] or [tr("(no actions)")]
    if plan.focus_lists or plan.focus_approach:
        lines.append(tr("focus lists: {text}", text=one_line(plan.focus_lists) or NO_VALUE))
        lines.append(tr("focus approach: {text}", text=one_line(plan.focus_approach) or NO_VALUE))
    return lines


def _quoted(tag: str, text: str, indent: str) -> list[str]:
    """One quoted answer, folded to the report's width under its own indent."""
    return wrap(f"{indent}{one_line(tag)}: {one_line(text)}", TEXT_WIDTH, indent=indent + "  ")


def _decomposition_text(bundle: ReviewBundle) -> list[str]:
    """The week by channel and segment, and list coverage (none: no dial carried a list)."""
    from istui.i18n import tr

    r = bundle.review
    out: list[str] = []
    funnel = [x.metric.key for x in r.lines if x.metric.funnel]
    for by, slices in (("channel", r.by_channel), ("segment", r.by_segment)):
        if slices and any(s.value for s in slices):
            out += ["", tr("By channel") if by == "channel" else tr("By segment")]
            rows_ = [[one_line(c) for c in row] for row in lists.slice_rows(slices, funnel)]
            out += lists.table_lines(lists.slice_header(by), rows_)
    if r.coverage:
        out += ["", tr("List coverage (リスト消化率, last 8 weeks)")]
        out += ["  " + one_line(x) for x in lists.coverage_lines(r.coverage)]
    return out


def to_text(bundle: ReviewBundle) -> str:
    r = bundle.review
    out = [rows.title(bundle), ""]
    out += [tr("unreadable: {problem}", problem=one_line(p)) for p in bundle.problems]
    if bundle.problems:
        out.append("")
    out += table(rows.kpi_header(r), [rows.kpi_row(x) for x in r.lines])
    out.append("")
    out += table(rows.rate_header(r), [rows.rate_row(x) for x in r.rates])
    out += ["", trp("report", "Diagnosis")]
    for x in rows.diagnosis_lines(bundle):
        out += wrap("  " + x, TEXT_WIDTH, indent="    ")
    out += _decomposition_text(bundle)
    out += ["", trp("report", "By day")]
    out += table(*rows.day_table(bundle))
    out += ["  " + x for x in lowered_lines(r.lowered)]
    own = tr("last 8 weeks")  # (not inside the call below: extraction misses nested calls)
    scope = rows.best_hour_scope(r.when, own)
    out += [
        "",
        tr("Best hour ({scope}): {hour}", scope=scope, hour=_hour(r.when.best_hour) or NO_VALUE),
    ]
    out += ["", tr("The week's words")]
    if bundle.words.empty:
        out.append("  " + tr("(no mid-checks or reflections this week)"))
    for name, items in rows.word_sections(bundle):
        if items:
            out.append(f"  {name}")
            for s in items:
                out += _quoted(said_tag(s), s.text, "    ")
    if bundle.words.objections:
        out.append("  " + tr("Objections: {objections}", objections=rows.objections_line(bundle)))
    if bundle.words.energy:
        out.append("  " + tr("Energy: {energy}", energy=rows.energy_line(bundle)))
    out += [
        "  " + tr("(unreadable: {problem})", problem=one_line(p)) for p in bundle.words.problems
    ]
    out += ["", tr("Last week's actions")]
    out += ["  " + x for x in _plan_lines(bundle.last_plan)]
    out += ["", trp("report", "Next week")]
    out += ["  " + x for x in _plan_lines(bundle.plan)]
    return terminal("\n".join(out), multiline=True) + "\n"


# ------------------------------------------------------------------- markdown


def to_markdown(bundle: ReviewBundle) -> str:
    r = bundle.review
    out = [
        tr(
            "# 1on1 sheet — {rep} · week {week}",
            rep=rows.rep_label(bundle.rep_name, bundle.rep_id),
            week=dates.week_name(r.week),
        ),
        "",
    ]
    out.append(f"{rows.title(bundle)}")
    if bundle.problems:
        out.append("")
        out += [tr("> **unreadable:** {problem}  ", problem=md_cell(p)) for p in bundle.problems]
    out += ["", tr("## Summary"), ""]
    out += md_table(rows.kpi_header(r), [rows.kpi_row(x) for x in r.lines])
    out.append("")
    out += md_table(rows.rate_header(r), [rows.rate_row(x) for x in r.rates])
    if r.lowered:
        out.append("")
        out += [f"- **{md_cell(x)}**" for x in lowered_lines(r.lowered)]
    out += ["", tr("## Diagnosis"), ""]
    lines = rows.diagnosis_lines(bundle)
    out.append(f"**{lines[0]}**")
    out += [f"- {x}" for x in lines[1:]]
    if r.when.best_hour:
        own = tr("the last 8 weeks")
        scope = rows.best_hour_scope(r.when, own)
        out.append(
            tr(
                "- best calling hour over {scope}: {hour}",
                scope=scope,
                hour=_hour(r.when.best_hour),
            )
        )
    out += ["", tr("## The week's words"), ""]
    if bundle.words.empty:
        out.append(tr("_No mid-checks or reflections this week._"))
    for (key, items), (name, _) in zip(
        rows.word_items(bundle), rows.word_sections(bundle), strict=True
    ):
        if items and key != "help_requests":
            out.append(f"**{name}**")
            out += [f"- {one_line(said_tag(s))}: {one_line(s.text)}" for s in items]
            out.append("")
    if bundle.words.objections:
        out.append(
            tr("**Objections heard:** {objections}", objections=rows.objections_line(bundle))
        )
    if bundle.words.energy:
        out.append(tr("**Energy:** {energy}", energy=rows.energy_line(bundle)))
    out += [tr("- _unreadable: {problem}_", problem=one_line(p)) for p in bundle.words.problems]
    out += ["", tr("## Open help requests"), ""]
    helps = bundle.words.help_requests
    out += [f"- [ ] {one_line(said_tag(s))}: {one_line(s.text)}" for s in helps] or [
        tr("_None this week._")
    ]
    action_header = [
        trp("report", "done"),
        trp("report", "action"),
        trp("report", "owner"),
        trp("report", "deadline"),
    ]
    out += ["", tr("## Last week's actions"), ""]
    last = bundle.last_plan
    if last.actions:
        out += md_table(action_header, [rows.action_row(a) for a in last.actions])
        done = sum(1 for a in last.actions if a.done)
        out.append("")
        out.append(tr("{done} of {total} done.", done=done, total=len(last.actions)))
    else:
        out.append(tr("_No actions were set last week._"))
    if bundle.last_talk is not None and not bundle.last_talk.empty:
        out += ["", tr("## Last week's 1on1"), ""]
        out += [f"- {md_cell(line)}" for line in answers_lines(bundle.last_talk)]
    out += ["", tr("## Next week"), ""]
    if bundle.plan.actions:
        out += md_table(action_header, [rows.action_row(a) for a in bundle.plan.actions])
    else:
        out.append(tr("_Decide at least one action: what, who, by when._"))
    out.append("")
    out.append(tr("- focus lists: {text}", text=one_line(bundle.plan.focus_lists) or NO_VALUE))
    out.append(
        tr(
            "- focus script / approach: {text}",
            text=one_line(bundle.plan.focus_approach) or NO_VALUE,
        )
    )
    out += ["", tr("## Questions for the conversation"), ""]
    out += [f"{i}. {tr(q)}" for i, q in enumerate(ONE_ON_ONE_QUESTIONS, 1)]
    out += ["", no_problem_line(), silence_line()]
    return terminal("\n".join(out), multiline=True) + "\n"


# ----------------------------------------------------------------- json, csv
def _ratio(num: int, den: int) -> dict[str, Any]:
    return {"num": num, "den": den, "value": num / den if den else None}


@in_source_language
def to_data(bundle: ReviewBundle) -> dict[str, Any]:
    r = bundle.review
    d = r.diagnosis

    def slots(items: Sequence[SlotLine]) -> list[dict[str, Any]]:
        return [
            {"slot": s.label, "calls": s.calls, "connects": s.connects, "meetings": s.meetings}
            for s in items
        ]

    def plan(p: WeekPlan) -> dict[str, Any]:
        return {
            "actions": [a.to_record() for a in p.actions],
            "focus": {"lists": p.focus_lists, "approach": p.focus_approach},
        }

    return {
        "rep": {"id": bundle.rep_id, "name": bundle.rep_name},
        "week": str(r.week),
        "start": r.week.monday.isoformat(),
        "end": r.week.sunday.isoformat(),
        "in_progress": r.in_progress,
        "exported": r.exported,
        "problems": list(bundle.problems),
        "through": r.through.isoformat(),
        "metrics": {
            x.metric.key: {
                "actual": x.actual,
                "target": x.target,
                "percent": x.percent,
                "previous": x.previous if x.previous_known else None,
                "previous_target": x.previous_target if x.previous_known else None,
                "change": x.change,
            }
            for x in r.lines
        },
        "rates": {
            x.rate.key: {
                "actual": _ratio(x.rate.actual.num, x.rate.actual.den),
                "target": _ratio(x.rate.target.num, x.rate.target.den),
                "previous": _ratio(x.previous.num, x.previous.den) if x.previous_known else None,
            }
            for x in r.rates
        },
        "days": [
            {"date": t.day.isoformat(), "counts": dict(t.counts), "targets": dict(t.targets)}
            for t in r.days
        ],
        "lowered_days": lowered_json(r.lowered),
        "diagnosis": {
            "verdict": d.verdict,
            "headline": diagnosis.headline(d),
            "stage": d.stage,
            "details": list(diagnosis.details(d)),
            "causes": list(diagnosis.causes(d)),
            "deals": None if d.deals is None else diagnosis.deals_json(d.deals),
            "list_pace": diagnosis.list_pace_json(d),
        },
        "by_channel": lists.slices_json(r.by_channel),
        "by_segment": lists.slices_json(r.by_segment),
        "coverage": lists.coverage_json(r.coverage),
        "when": {
            "history_from": r.when.history_from.isoformat(),
            "best_hour": r.when.best_hour,
            # The weeks the window's figures come from: null for the rep's own
            # store (all 8), the merged weeks for a rep inside a team store.
            "weeks": None if r.when.weeks is None else [str(w) for w in r.when.weeks],
            "by_hour_week": slots(r.when.by_hour_week),
            "by_hour_history": slots(r.when.by_hour_history),
            "by_weekday_week": slots(r.when.by_weekday_week),
            "by_weekday_history": slots(r.when.by_weekday_history),
        },
        "words": {
            key: [{"date": s.day.isoformat(), "source": s.source, "text": s.text} for s in items]
            for key, items in rows.word_items(bundle)
        }
        | {
            "objections": dict(bundle.words.objections),
            "energy": {day.isoformat(): level for day, level in bundle.words.energy},
            "problems": list(bundle.words.problems),
        },
        "plan": plan(bundle.plan),
        "last_plan": plan(bundle.last_plan),
        "one_on_one": None if bundle.talk is None else bundle.talk.to_record(),
        "last_one_on_one": None if bundle.last_talk is None else bundle.last_talk.to_record(),
    }


CSV_HEADER = ["rep_id", "week", "row", "key", "actual", "target", "previous", "num", "den"]


def csv_rows(bundle: ReviewBundle) -> Iterator[list[object]]:
    """The figures, one row per metric, rate and day (long form, for a spreadsheet)."""
    r = bundle.review
    base = [csv_cell(bundle.rep_id), str(r.week)]
    for x in r.lines:
        previous = x.previous if x.previous_known else ""
        yield [*base, "metric", csv_cell(x.metric.key), x.actual, x.target, previous, "", ""]
    for y in r.rates:
        a = y.rate.actual
        yield [
            *base,
            "rate",
            csv_cell(y.rate.key),
            rate_cell(a.value),
            rate_cell(y.rate.target.value),
            rate_cell(y.previous.value if y.previous_known else None),
            a.num,
            a.den,
        ]
    for t in r.days:
        day = f"day {t.day.isoformat()}"
        for key, count in t.counts.items():
            yield [*base, day, csv_cell(key), count, t.targets.get(key, 0), "", "", ""]


REPORT = ReportFormats(to_text, to_markdown, to_data, CSV_HEADER, csv_rows)


def render(bundle: ReviewBundle, fmt: str) -> str:
    return REPORT.render(bundle, fmt)
