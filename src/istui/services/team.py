"""Reading a team week out of the team store, and the team report.

``load_team_week`` reads only the asked days' files of each rep; the
arithmetic is domain.team's. ``team_report`` renders the same TeamWeek as
markdown (for the team meeting), CSV or JSON (for other tools): ``istui
report --team TEAMDB``.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from typing import Any

from istui.domain.calendar import WorkCalendar, date_range
from istui.domain.funnel import Metric, MetricSet, Ratio
from istui.domain.notes import MIDCHECK_TABLE, REFLECTION_TABLE, DayNotes, read_day_notes
from istui.domain.team import RepInput, RepWeek, TeamWeek, team_week
from istui.render.review import rep_label
from istui.services.config import Config
from istui.store.files import StoreError
from istui.store.store import day_relpath
from istui.store.team import TeamStore

REPORT_FORMATS = ("markdown", "csv", "json")


def metric_set_from(record: dict[str, Any]) -> MetricSet:
    """The rep's metric set as their export described it (no key bindings here)."""
    metrics = record.get("metrics") or {}
    labels = metrics.get("labels") or {}

    def build(key: str, funnel: bool) -> Metric:
        label = str(labels.get(key) or key.capitalize())
        return Metric(key=key, label=label, short=key[:6], bind="", funnel=funnel)

    return MetricSet(
        funnel=tuple(build(str(k), True) for k in metrics.get("funnel") or ()),
        counters=tuple(build(str(k), False) for k in metrics.get("counters") or ()),
    )


def calendar_from(record: dict[str, Any]) -> WorkCalendar:
    raw = record.get("calendar") or {}
    workdays = raw.get("workdays")
    holidays = set()
    for text in raw.get("holidays") or ():
        try:
            holidays.add(date.fromisoformat(str(text)))
        except ValueError:
            continue
    if not isinstance(workdays, list):
        return WorkCalendar(holidays=frozenset(holidays))
    return WorkCalendar(
        workdays=frozenset(int(d) for d in workdays if isinstance(d, int)),
        holidays=frozenset(holidays),
    )


def rep_config(record: dict[str, Any]) -> Config:
    """The rep's config as far as their export told it (metrics, names, calendar,
    pick-lists): enough to show their weekly review as they see it."""
    rep_id = str(record.get("rep_id") or "rep")
    picks = (record.get("pick_lists") or {}).get("objections")
    return Config(
        path=None,
        rep_id=rep_id,
        rep_name=str(record.get("name") or rep_id),
        metrics=metric_set_from(record),
        targets={},
        calendar=calendar_from(record),
        objections=tuple(str(o) for o in picks) if isinstance(picks, list) else (),
    )


def rep_input(team: TeamStore, record: dict[str, Any], start: date, end: date) -> RepInput:
    rep_id = str(record["rep_id"])
    store = team.rep_store(rep_id)
    kinds: dict[date, dict[str, int]] = {}
    hour_kinds: dict[tuple[int, str], int] = {}
    targets: dict[date, dict[str, int]] = {}
    notes: dict[date, DayNotes] = {}
    for day in date_range(start, end):
        tables = store.read_tables(day_relpath(day))
        if not tables:
            continue
        text_day = day.isoformat()
        day_kinds = kinds.setdefault(day, {})
        for r in tables.get("events", []):
            # The merge stored these from validated events as Event.to_record()
            # (isoformat, local time), so the local date and hour are fixed
            # positions in the text: far cheaper than parsing 30k timestamps.
            at, kind = r.get("at"), r.get("kind")
            if not isinstance(at, str) or not isinstance(kind, str) or len(at) < 19:
                raise StoreError(f"{store.root / day_relpath(day)}: a bad event record")
            if at[:10] != text_day:
                raise StoreError(
                    f"{store.root / day_relpath(day)}: event {r.get('id')} of {at[:10]}"
                )
            day_kinds[kind] = day_kinds.get(kind, 0) + 1
            key = (int(at[11:13]), kind)
            hour_kinds[key] = hour_kinds.get(key, 0) + 1
        for doc in tables.get("day_targets", []):
            values = doc.get("values") or {}
            targets[day] = {str(k): int(v) for k, v in values.items()}
        if tables.get(MIDCHECK_TABLE) or tables.get(REFLECTION_TABLE):
            notes[day] = read_day_notes(
                day, tables.get(MIDCHECK_TABLE, ()), tables.get(REFLECTION_TABLE, ())
            )
    return RepInput(
        rep_id=rep_id,
        name=str(record.get("name") or rep_id),
        metrics=metric_set_from(record),
        calendar=calendar_from(record),
        events=(),
        kinds=kinds,
        hour_kinds=hour_kinds,
        targets_by_day=targets,
        notes_by_day=notes,
    )


def load_team_week(team: TeamStore, start: date, end: date) -> TeamWeek:
    """The team's days ``start``..``end``, judged as of the team store's today
    (so a week in progress is diagnosed as each rep's own review does)."""
    reps = team.reps()
    return team_week(
        [rep_input(team, reps[k], start, end) for k in sorted(reps)], start, end, team.today()
    )


def latest_week(team: TeamStore) -> tuple[int, int] | None:
    weeks = team.weeks_with_data()
    return weeks[-1] if weeks else None


# ----------------------------------------------------------------- render
def pct(value: float | None) -> str:
    return "—" if value is None else f"{value:.0f}%"


def rate_text(ratio: Ratio | None) -> str:
    if ratio is None or ratio.value is None:
        return "—"
    return f"{ratio.value * 100:.1f}%"


def reflected_text(rep: RepWeek) -> str:
    return "".join("✓" if done else "·" for _, done in rep.reflected) or "—"


def metric_cell(rep: RepWeek, key: str) -> str:
    if rep.metrics.get(key) is None:
        return "—"
    target = rep.targets.get(key, 0)
    actual = rep.counts.get(key, 0)
    return f"{actual}/{target} {pct(rep.achievement(key))}" if target else f"{actual}"


def _label(week: TeamWeek) -> str:
    year, number, weekday = week.start.isocalendar()
    if weekday == 1 and (week.end - week.start).days == 6:
        return f"{year}-W{number:02d} ({week.start}..{week.end})"
    return f"{week.start}..{week.end}"


def _ratio_json(ratio: Ratio | None) -> dict[str, Any] | None:
    if ratio is None:
        return None
    return {"num": ratio.num, "den": ratio.den, "value": ratio.value}


def report_json(week: TeamWeek) -> dict[str, Any]:
    return {
        "from": week.start.isoformat(),
        "to": week.end.isoformat(),
        "metrics": list(week.keys),
        "reps": [
            {
                "rep_id": rep.rep_id,
                "name": rep.name,
                "counts": dict(rep.counts),
                "targets": dict(rep.targets),
                "achievement": {k: rep.achievement(k) for k in rep.metrics.keys},
                "connect_rate": _ratio_json(rep.connect_rate),
                "meeting_rate": _ratio_json(rep.meeting_rate),
                "bottleneck": {
                    "verdict": rep.bottleneck.verdict,
                    "stage": rep.bottleneck.stage,
                    "headline": rep.bottleneck.headline,
                    "causes": list(rep.bottleneck.causes),
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


def report_csv(week: TeamWeek) -> str:
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    header = ["rep_id", "rep_name", "from", "to"]
    for key in week.keys:
        header += [key, f"{key}_target"]
    header += [
        "connect_rate", "meeting_rate", "bottleneck", "open_help_requests", "days_reflected",
    ]  # fmt: skip
    writer.writerow(header)

    def value(ratio: Ratio | None) -> str:
        return "" if ratio is None or ratio.value is None else f"{ratio.value:.4f}"

    for rep in week.reps:
        row: list[Any] = [rep.rep_id, rep.name, week.start.isoformat(), week.end.isoformat()]
        for key in week.keys:
            known = rep.metrics.get(key) is not None
            row += [
                rep.counts.get(key, 0) if known else "",
                rep.targets.get(key, 0) if known else "",
            ]
        row += [
            value(rep.connect_rate),
            value(rep.meeting_rate),
            rep.bottleneck.headline,
            len(rep.help),
            sum(done for _, done in rep.reflected),
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
    ]
    writer.writerow(row)
    return out.getvalue()


def _md(text: str) -> str:
    return text.replace("|", "\\|").replace("\n", " ")


def report_markdown(week: TeamWeek) -> str:
    lines = [f"# Team week {_label(week)}", ""]
    head = ["Rep", *week.keys, "Connect rate", "Meeting rate", "Bottleneck", "Help", "Reflected"]
    lines += ["| " + " | ".join(head) + " |", "|" + "---|" * len(head)]
    for rep in week.reps:
        cells = [
            rep_label(rep.name, rep.rep_id),
            *(metric_cell(rep, k) for k in week.keys),
            rate_text(rep.connect_rate),
            rate_text(rep.meeting_rate),
            rep.bottleneck.headline,
            str(len(rep.help)),
            reflected_text(rep),
        ]
        lines.append("| " + " | ".join(_md(c) for c in cells) + " |")
    team_cells = [
        "**Team**",
        *(
            f"{week.counts.get(k, 0)}/{week.targets.get(k, 0)} {pct(week.achievement(k))}"
            for k in week.keys
        ),
        rate_text(week.connect_rate),
        rate_text(week.meeting_rate),
        "",
        str(sum(len(r.help) for r in week.reps)),
        "",
    ]
    lines.append("| " + " | ".join(team_cells) + " |")
    lines += [
        "",
        "Team rates are sums of numerators over sums of denominators, never averages of rates.",
    ]
    if week.mixed_meeting_base:
        lines.append(
            "Some reps track effective contacts: their meeting rate is over contacts, "
            "the others' over connects."
        )
    lines += ["", "## Connect rate by hour of day (team)", "", "| Hour | Dials | Connect rate |"]
    lines.append("|---|---|---|")
    for hour, ratio in week.hours.items():
        lines.append(f"| {hour:02d}:00 | {ratio.den} | {rate_text(ratio)} |")
    helps = [(rep, said) for rep in week.reps for said in rep.help]
    lines += ["", "## Open help requests", ""]
    lines += [f"- {rep.name}, {said.tag}: {_md(said.text)}" for rep, said in helps] or ["- none"]
    lines.append("")
    return "\n".join(lines)


def team_report(week: TeamWeek, fmt: str) -> str:
    """The team week as markdown, CSV or JSON text."""
    if fmt == "markdown":
        return report_markdown(week)
    if fmt == "csv":
        return report_csv(week)
    if fmt == "json":
        return json.dumps(report_json(week), ensure_ascii=False, indent=2) + "\n"
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
        Column("rep", "Rep", lambda r: r.name, lambda r: (0.0, r.name)),
    ]
    for key in week.keys:
        label = next((m.label for r in week.reps if (m := r.metrics.get(key))), key)
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
            "Conn %",
            lambda r: rate_text(r.connect_rate),
            lambda r: (_num(r.connect_rate.value if r.connect_rate else None), ""),
        ),
        Column(
            "meeting_rate",
            "Mtg %",
            lambda r: rate_text(r.meeting_rate),
            lambda r: (_num(r.meeting_rate.value if r.meeting_rate else None), ""),
        ),
        Column(
            "bottleneck",
            "Bottleneck",
            lambda r: r.bottleneck.short,
            lambda r: (0.0, r.bottleneck.short),
        ),
        Column("help", "Help", lambda r: str(len(r.help)), lambda r: (float(len(r.help)), "")),
        Column(
            "reflected",
            "Reflected",
            reflected_text,
            lambda r: (float(sum(d for _, d in r.reflected)), ""),
        ),
    ]
    return columns


def sort_reps(week: TeamWeek, column: Column, reverse: bool) -> list[RepWeek]:
    return sorted(week.reps, key=lambda r: (column.sort(r), r.rep_id), reverse=reverse)


def team_totals_line(week: TeamWeek) -> str:
    parts = [
        f"{k} {week.counts.get(k, 0)}/{week.targets.get(k, 0)} {pct(week.achievement(k))}"
        for k in week.keys
    ]
    parts += [
        f"connect rate {rate_text(week.connect_rate)}",
        f"meeting rate {rate_text(week.meeting_rate)}",
    ]
    line = "Team: " + " · ".join(parts)
    if week.mixed_meeting_base:
        line += " (meeting rate over contacts for reps who track them)"
    return line


def hours_line(week: TeamWeek) -> list[str]:
    return [
        f"{hour:02d}:00  {rate_text(ratio):>6}  ({ratio.num}/{ratio.den})"
        for hour, ratio in week.hours.items()
    ]


def title_text(week: TeamWeek) -> str:
    return f"Team week {_label(week)} · {len(week.reps)} reps"
