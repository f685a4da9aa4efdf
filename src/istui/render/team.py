"""The team week as text: the team report (markdown for the team meeting,
CSV or JSON for other tools: ``istui report --team TEAMDB``) and the cells of
the team screen's table. Formatting only: every figure comes from the TeamWeek.

Long (~450 lines) because the team report's sentences are whole translatable
strings with named fields, spread over several lines each, beside the team
table's columns.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from istui.domain.calendar import IsoWeek
from istui.domain.funnel import Ratio
from istui.domain.team import RepWeek, TeamWeek
from istui.i18n import N_, current_language, tr, trn, trp
from istui.render import dates, diagnosis
from istui.render.diagnosis import deals_json
from istui.render.forms import said_tag
from istui.render.lists import slices_json
from istui.render.machine import in_source_language
from istui.render.numbers import NO_VALUE, count, percent, rate
from istui.render.review import days_span, rep_label
from istui.render.safe import csv_cell, json_text, md_cell, md_table, one_line, terminal

REPORT_FORMATS = ("markdown", "csv", "json")
#: What a rep's figures read when no export of theirs covers the week.
NO_EXPORT = N_("no export")


def rate_text(ratio: Ratio | None) -> str:
    return rate(None if ratio is None else ratio.value, 1)


def reflected_text(rep: RepWeek) -> str:
    return "".join("✓" if done else "·" for _, done in rep.reflected) or NO_VALUE


def metric_cell(rep: RepWeek, key: str) -> str:
    """ "167/200 84%" (to date against the target due, for the week in
    progress); "no export" in the first column of a rep with no export, "–"
    in the others."""
    if not rep.exported:
        return tr(NO_EXPORT) if rep.metrics.keys[:1] == (key,) else NO_VALUE
    if rep.metrics.get(key) is None:
        return NO_VALUE
    target = rep.targets.get(key, 0)
    actual = rep.counts.get(key, 0)
    if not target:
        return count(actual)
    return f"{count(actual)}/{count(target)} {percent(rep.achievement(key))}"


def _label(week: TeamWeek) -> str:
    iso = IsoWeek.spanning(week.start, week.end)
    span = (
        dates.date_span(week.start, week.end)
        if current_language() == "ja"
        else f"{week.start}..{week.end}"
    )
    return span if iso is None else f"{dates.week_name(iso)} ({span})"


def _metric_label(week: TeamWeek, key: str) -> str:
    """A metric's label as the reps' exports name it (in the language in force
    when it is istui's default), else its key."""
    return next((m.label for r in week.reps if (m := r.metrics.get(key))), key)


def progress_text(week: TeamWeek) -> str:
    """The in-progress mark, as the rep's review has it: "in progress: Mon–Wed
    to date, against the target due"; "" for a finished week."""
    if not week.in_progress or week.through is None:
        return ""
    return tr(
        "in progress: {days} to date, against the target due",
        days=days_span(week.start, week.through),
    )


def missing_text(week: TeamWeek) -> str:
    """ "2 reps with no export (left out of the team's figures)", or ""."""
    n = len(week.missing)
    if not n:
        return ""
    return trn(
        "{n} rep with no export (left out of the team's figures)",
        "{n} reps with no export (left out of the team's figures)",
        n,
        n=n,
    )


def _ratio_json(ratio: Ratio | None) -> dict[str, Any] | None:
    if ratio is None:
        return None
    return {"num": ratio.num, "den": ratio.den, "value": ratio.value}


@in_source_language
def report_json(week: TeamWeek) -> dict[str, Any]:
    document = _report_json(week)
    # schema 2's additions, present only when some rep moves deals or dials lists
    if week.deals:
        document["deals"] = {rep_id: deals_json(w) for rep_id, _, w in week.deals}
    if week.by_channel:
        document["by_channel"] = slices_json(week.by_channel)
    return document


def _report_json(week: TeamWeek) -> dict[str, Any]:
    return {
        "from": week.start.isoformat(),
        "to": week.end.isoformat(),
        # The week in progress: every figure to date, through this day.
        "in_progress": week.in_progress,
        "through": week.through.isoformat() if week.through else None,
        "metrics": list(week.keys),
        "reps": [
            {
                "rep_id": rep.rep_id,
                "name": rep.name,
                "exported": rep.exported,
                "counts": dict(rep.counts),
                "targets": dict(rep.targets),
                "achievement": {k: rep.achievement(k) for k in rep.metrics.keys},
                "connect_rate": _ratio_json(rep.connect_rate),
                "meeting_rate": _ratio_json(rep.meeting_rate),
                "bottleneck": {
                    "verdict": rep.bottleneck.verdict,
                    "stage": rep.bottleneck.stage,
                    "headline": diagnosis.headline(rep.bottleneck),
                    "causes": list(diagnosis.causes(rep.bottleneck)),
                },
                "help_requests": [
                    {"date": s.day.isoformat(), "source": s.source, "text": s.text}
                    for s in rep.help
                ],
                "reflected": {d.isoformat(): done for d, done in rep.reflected},
            }
            for rep in week.reps
        ],
        "team": {
            "counts": dict(week.counts),
            "targets": dict(week.targets),
            "achievement": {k: week.achievement(k) for k in week.keys},
            "connect_rate": _ratio_json(week.connect_rate),
            "meeting_rate": _ratio_json(week.meeting_rate),
            "hours": {str(h): _ratio_json(r) for h, r in week.hours.items()},
        },
    }


@in_source_language
def report_csv(week: TeamWeek) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["rep_id", "rep_name", "from", "to"]
    for key in week.keys:
        header += [key, f"{key}_target"]
    header += [
        "connect_rate", "meeting_rate", "bottleneck", "open_help_requests", "days_reflected",
        "through", "exported",
    ]  # fmt: skip
    through = week.through.isoformat() if week.through else week.end.isoformat()
    writer.writerow([csv_cell(h) for h in header])

    def value(ratio: Ratio | None) -> str:
        return "" if ratio is None or ratio.value is None else f"{ratio.value:.4f}"

    for rep in week.reps:
        row: list[Any] = [
            csv_cell(rep.rep_id),
            csv_cell(rep.name),
            week.start.isoformat(),
            week.end.isoformat(),
        ]
        for key in week.keys:
            known = rep.exported and rep.metrics.get(key) is not None
            row += [
                rep.counts.get(key, 0) if known else "",
                rep.targets.get(key, 0) if known else "",
            ]
        row += [
            value(rep.connect_rate),
            value(rep.meeting_rate),
            csv_cell(diagnosis.headline(rep.bottleneck)),
            len(rep.help),
            sum(done for _, done in rep.reflected),
            through,
            "yes" if rep.exported else "no",
        ]
        writer.writerow(row)
    row = ["TEAM", "team", week.start.isoformat(), week.end.isoformat()]
    for key in week.keys:
        row += [week.counts.get(key, 0), week.targets.get(key, 0)]
    row += [
        value(week.connect_rate),
        value(week.meeting_rate),
        "",
        sum(len(r.help) for r in week.reps),
        sum(sum(d for _, d in r.reflected) for r in week.reps),
        through,
        "",
    ]
    writer.writerow(row)
    return out.getvalue()


def rep_cells(week: TeamWeek, rep: RepWeek) -> list[str]:
    """A rep's row of the team tables (the week's and the month's) up to the
    bottleneck: who, each KPI against its target, the two rates, the verdict."""
    return [
        rep_label(rep.name, rep.rep_id),
        *(metric_cell(rep, k) for k in week.keys),
        rate_text(rep.connect_rate),
        rate_text(rep.meeting_rate),
        diagnosis.headline(rep.bottleneck),
    ]


def report_markdown(week: TeamWeek) -> str:
    lines = [tr("# Team week {week}", week=_label(week)), ""]
    notes = [t for t in (progress_text(week), missing_text(week)) if t]
    if notes:
        lines += [tr("_{notes}._", notes=trp("list", "; ").join(notes)), ""]
    head = [
        trp("team", "Rep"),
        *(_metric_label(week, k) for k in week.keys),
        trp("team", "Connect rate"),
        trp("team", "Meeting rate"),
        trp("team", "Bottleneck"),
        trp("team", "Help"),
        trp("team", "Reflected"),
    ]
    rows = [[*rep_cells(week, rep), str(len(rep.help)), reflected_text(rep)] for rep in week.reps]
    team_cells = [
        tr("**Team**"),
        *(
            f"{count(week.counts.get(k, 0))}/{count(week.targets.get(k, 0))} "
            f"{percent(week.achievement(k))}"
            for k in week.keys
        ),
        rate_text(week.connect_rate),
        rate_text(week.meeting_rate),
        "",
        str(sum(len(r.help) for r in week.reps)),
        "",
    ]
    lines += md_table(head, [*rows, team_cells])
    lines += [
        "",
        tr("Team rates are sums of numerators over sums of denominators, never averages of rates."),
    ]
    if week.mixed_meeting_base:
        lines.append(
            tr(
                "Some reps track effective contacts: their meeting rate is over contacts, "
                "the others' over connects."
            )
        )
    lines += [
        "",
        tr("## Connect rate by hour of day (team)"),
        "",
        "| "
        + " | ".join((trp("team", "Hour"), trp("team", "Dials"), trp("team", "Connect rate")))
        + " |",
    ]
    lines.append("|---|---|---|")
    for hour, ratio in week.hours.items():
        lines.append(f"| {hour:02d}:00 | {count(ratio.den)} | {rate_text(ratio)} |")
    lines += _deal_sections(week)
    helps = [(rep, said) for rep in week.reps for said in rep.help]
    lines += ["", tr("## Open help requests"), ""]
    lines += [
        f"- {one_line(rep.name)}, {one_line(said_tag(said))}: {one_line(said.text)}"
        for rep, said in helps
    ] or ["- " + trp("team", "none")]
    lines.append("")
    return terminal("\n".join(lines), multiline=True)


def _deal_sections(week: TeamWeek) -> list[str]:
    """The team report's deals per rep and the team by channel (none: no rows)."""
    from istui.i18n import tr, trp
    from istui.render.deals import money
    from istui.render.lists import slice_header, slice_rows

    lines: list[str] = []
    if week.deals:
        head = [
            trp("team deals", "Rep"), trp("team deals", "Set"), trp("team deals", "Cancelled"),
            trp("team deals", "Cancellation rate"), trp("team deals", "Won"),
            trp("team deals", "Lost"), trp("team deals", "Win rate"),
            trp("team deals", "Amount won"), trp("team deals", "Open"),
        ]  # fmt: skip
        lines += ["", tr("## Deals (商談) by rep"), ""]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for rep_id, name, w in week.deals:
            f = w.figures
            cells = [
                rep_label(name, rep_id), str(f.set), str(f.cancelled),
                rate_text(f.cancel_rate), str(w.won), str(w.lost), rate_text(w.win_rate),
                money(w.amount), str(w.open),
            ]  # fmt: skip
            lines.append("| " + " | ".join(md_cell(c) for c in cells) + " |")
        lines += [
            "",
            tr(
                "Win rate = deals won ÷ meetings held with an outcome, decided this week; "
                "open meetings are left out, never counted as lost."
            ),
        ]
    if week.by_channel:
        funnel = [k for k in ("call", "connect", "contact", "meeting") if k in week.keys]
        head = slice_header("channel")
        lines += ["", tr("## The team by channel"), ""]
        lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
        for row in slice_rows(week.by_channel, funnel):
            lines.append("| " + " | ".join(md_cell(c) for c in row) + " |")
    return lines


def team_report(week: TeamWeek, fmt: str) -> str:
    """The team week as markdown, CSV or JSON text."""
    if fmt == "markdown":
        return report_markdown(week)
    if fmt == "csv":
        return report_csv(week)
    if fmt == "json":
        return json_text(report_json(week)) + "\n"
    raise ValueError(f"unknown report format {fmt!r} (known: {', '.join(REPORT_FORMATS)})")


# ------------------------------------------------------- table for the TUI
@dataclass(frozen=True)
class Column:
    """One sortable column of the team table: its label, cell text and sort key."""

    key: str
    label: str
    cell: Callable[[RepWeek], str]
    sort: Callable[[RepWeek], tuple[float, str]]


def _num(value: float | None) -> float:
    return -1.0 if value is None else value


def team_columns(week: TeamWeek) -> list[Column]:
    columns = [
        Column("rep", trp("team", "Rep"), lambda r: r.name, lambda r: (0.0, r.name)),
    ]
    for key in week.keys:
        label = _metric_label(week, key)
        columns.append(
            Column(
                key,
                label,
                lambda r, k=key: metric_cell(r, k),  # type: ignore[misc]
                lambda r, k=key: (  # type: ignore[misc]
                    _num(r.achievement(k)),
                    f"{r.counts.get(k, 0):012d}",
                ),
            )
        )
    columns += [
        Column(
            "connect_rate",
            trp("team", "Conn %"),
            lambda r: rate_text(r.connect_rate),
            lambda r: (_num(r.connect_rate.value if r.connect_rate else None), ""),
        ),
        Column(
            "meeting_rate",
            trp("team", "Mtg %"),
            lambda r: rate_text(r.meeting_rate),
            lambda r: (_num(r.meeting_rate.value if r.meeting_rate else None), ""),
        ),
        Column(
            "bottleneck",
            trp("team", "Bottleneck"),
            lambda r: diagnosis.short(r.bottleneck),
            lambda r: (0.0, diagnosis.short(r.bottleneck)),
        ),
        Column(
            "help",
            trp("team", "Help"),
            lambda r: str(len(r.help)),
            lambda r: (float(len(r.help)), ""),
        ),
        Column(
            "reflected",
            trp("team", "Reflected"),
            reflected_text,
            lambda r: (float(sum(d for _, d in r.reflected)), ""),
        ),
    ]
    return columns


def sort_reps(week: TeamWeek, column: Column, reverse: bool) -> list[RepWeek]:
    return sorted(week.reps, key=lambda r: (column.sort(r), r.rep_id), reverse=reverse)


def team_totals_line(week: TeamWeek) -> str:
    parts = [
        f"{one_line(_metric_label(week, k))} {count(week.counts.get(k, 0))}/"
        f"{count(week.targets.get(k, 0))} {percent(week.achievement(k))}"
        for k in week.keys
    ]
    parts += [
        tr("connect rate {rate}", rate=rate_text(week.connect_rate)),
        tr("meeting rate {rate}", rate=rate_text(week.meeting_rate)),
    ]
    line = tr("Team: {parts}", parts=" · ".join(parts))
    if week.mixed_meeting_base:
        line = tr("{line} (meeting rate over contacts for reps who track them)", line=line)
    if week.missing:
        line += f" · {missing_text(week)}"
    return line


def hours_line(week: TeamWeek) -> list[str]:
    return [
        f"{hour:02d}:00  {rate_text(ratio):>6}  ({count(ratio.num)}/{count(ratio.den)})"
        for hour, ratio in week.hours.items()
    ]


def title_text(week: TeamWeek) -> str:
    progress = progress_text(week)
    fields = {"week": _label(week), "progress": progress, "n": len(week.reps)}
    if progress:
        return trn(
            "Team week {week} ({progress}) · {n} rep",
            "Team week {week} ({progress}) · {n} reps",
            len(week.reps),
            **fields,
        )
    return trn(
        "Team week {week} · {n} rep", "Team week {week} · {n} reps", len(week.reps), **fields
    )
