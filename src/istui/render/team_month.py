"""The team's month as markdown, JSON or CSV (``istui report --team T --month
YYYY-MM``): per rep each KPI against target and achievement, the rates, the
month's bottleneck and the days judged against lowered targets; the team's
totals as sums over sums."""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping, Sequence
from typing import Any

from istui.domain.targets import LoweredDay
from istui.domain.team import RepWeek, TeamWeek
from istui.i18n import tr, trn, trp
from istui.render.month import month_title
from istui.render.numbers import percent
from istui.render.safe import csv_cell, md_cell, md_table, one_line, terminal
from istui.render.target_history import lowered_json, lowered_text
from istui.render.team import _ratio_json, missing_text, rate_text, rep_cells, report_json
from istui.services.team_month import TeamMonth

FORMATS = ("markdown", "csv", "json")


def month_markdown(month: TeamMonth) -> str:
    week = month.figures
    lines = [
        "# " + md_cell(tr("Team month {month}", month=month_title(month.year, month.month))),
        "",
    ]
    notes = []
    if week.in_progress and week.through is not None:
        notes.append(tr("in progress: to date through {day}", day=week.through.isoformat()))
    if missing_text(week):
        notes.append(missing_text(week))
    if notes:
        lines += ["_" + "; ".join(md_cell(n) for n in notes) + "._", ""]
    head = [
        trp("team month", "Rep"),
        *week.keys,
        trp("team month", "Connect rate"),
        trp("team month", "Meeting rate"),
        tr("Bottleneck of the month"),
        tr("Lowered days"),
    ]
    rows = [
        [*rep_cells(week, rep), str(len(month.lowered.get(rep.rep_id, ())))] for rep in week.reps
    ]
    team_cells = [
        "**" + trp("team month", "Team") + "**",
        *(
            f"{week.counts.get(k, 0)}/{week.targets.get(k, 0)} {percent(week.achievement(k))}"
            for k in week.keys
        ),
        rate_text(week.connect_rate),
        rate_text(week.meeting_rate),
        "",
        str(sum(len(v) for v in month.lowered.values())),
    ]
    lines += md_table(head, [*rows, team_cells])
    lines += [
        "",
        trp(
            "team month",
            "Team rates are sums of numerators over sums of denominators, never averages of rates.",
        ),
    ]
    if month.lowered:
        lines += ["", "## " + tr("Days judged against targets the rep lowered"), ""]
        for rep in week.reps:
            for day in month.lowered.get(rep.rep_id, ()):
                lines.append(f"- {md_cell(one_line(rep.name))}: {md_cell(lowered_text(day))}")
    lines.append("")
    return terminal("\n".join(lines), multiline=True)


def month_json(month: TeamMonth) -> dict[str, Any]:
    data = report_json(month.figures)
    for rep in data["reps"]:
        rep["lowered_days"] = lowered_json(month.lowered.get(rep["rep_id"], ()))
        rep.pop("help_requests", None)
        rep.pop("reflected", None)
    data["team"].pop("hours", None)
    data["team"]["connect_rate"] = _ratio_json(month.figures.connect_rate)
    return {"month": month.label, **data}


CSV_HEADER = ["month", "rep_id", "name", "key", "actual", "target", "achievement", "bottleneck"]


def month_csv(month: TeamMonth) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(CSV_HEADER)
    week = month.figures
    for rep in week.reps:
        for key in rep.metrics.keys:
            achieved = rep.achievement(key)
            writer.writerow(
                [
                    month.label,
                    csv_cell(rep.rep_id),
                    csv_cell(rep.name),
                    csv_cell(key),
                    rep.counts.get(key, 0) if rep.exported else "",
                    rep.targets.get(key, 0) if rep.exported else "",
                    "" if achieved is None else f"{achieved:.1f}",
                    rep.bottleneck.verdict,
                ]
            )
    for key in week.keys:
        achieved = week.achievement(key)
        writer.writerow(
            [
                month.label,
                "",
                "team",
                csv_cell(key),
                week.counts.get(key, 0),
                week.targets.get(key, 0),
                "" if achieved is None else f"{achieved:.1f}",
                "",
            ]
        )
    return out.getvalue()


def team_month_report(month: TeamMonth, fmt: str) -> str:
    from istui.render.safe import json_text

    if fmt == "markdown":
        return month_markdown(month)
    if fmt == "csv":
        return month_csv(month)
    return json_text(month_json(month)) + "\n"


def lowered_summary(reps: Sequence[RepWeek], lowered: Mapping[str, Sequence[LoweredDay]]) -> str:
    """One line for the team view: who was judged against targets they lowered."""
    parts = [
        tr(
            "{name}: {days}",
            name=one_line(rep.name),
            days=", ".join(f"{d.day:%m-%d}" for d in lowered[rep.rep_id]),
        )
        for rep in reps
        if lowered.get(rep.rep_id)
    ]
    if not parts:
        return ""
    return tr("↓ judged against targets the rep lowered: {reps}", reps="; ".join(parts))


def month_title_text(week: TeamWeek, year: int, month: int) -> str:
    """The team view's title in month mode."""
    title = tr("Team month {month}", month=month_title(year, month))
    if week.in_progress and week.through is not None:
        title += " (" + tr("in progress: to date through {day}", day=week.through.isoformat()) + ")"
    return title + " · " + trn("{n} rep", "{n} reps", len(week.reps), n=len(week.reps))
