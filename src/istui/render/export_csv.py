"""``istui export --format csv``: the export document as two CSV texts, events
and daily totals, for a spreadsheet. Text cells (the rep's id and name, metric
keys) go through render.safe.csv_cell, so none is a live formula.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Mapping
from datetime import date
from typing import Any

from istui.domain.calendar import date_range
from istui.domain.funnel import Event, MetricSet, funnel_rates
from istui.domain.totals import daily_totals
from istui.render.safe import csv_cell
from istui.services.config import Config

#: The UTF-8 byte order mark: Excel in a Japanese locale reads a CSV file as
#: UTF-8 only when it starts with one (else as Shift_JIS, and 山田 is garbled).
BOM = "\ufeff"


def with_bom(text: str, bom: bool) -> str:
    """``text`` as a CSV output writes it: after a byte order mark when ``bom``
    (``[export].csv_bom`` or ``--bom``); the rows are the same either way."""
    return BOM + text if bom and not text.startswith(BOM) else text


def _rate_text(num: int, den: int) -> str:
    return f"{num / den:.4f}" if den else ""


def events_csv(document: Mapping[str, Any]) -> str:
    """One row per event: rep, id, local date and time, full timestamp, offset, kind."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(
        ["rep_id", "rep_name", "event_id", "date", "time", "timestamp", "utc_offset", "kind"]
    )
    rep = document["rep"]
    for record in document["events"]:
        event = Event.from_record(record)
        offset = event.at.strftime("%z")
        writer.writerow(
            [
                csv_cell(rep["id"]),
                csv_cell(rep["name"]),
                csv_cell(event.id),
                event.at.date().isoformat(),
                event.at.strftime("%H:%M:%S"),
                event.at.isoformat(),
                f"{offset[:3]}:{offset[3:]}" if offset else "",
                csv_cell(event.kind),
            ]
        )
    return out.getvalue()


def daily_csv(document: Mapping[str, Any], metrics: MetricSet, config: Config) -> str:
    """One row per day: counts and targets per metric, and the funnel rates."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    keys = list(metrics.keys)
    rate_keys = [f"{lower.key}_rate" for lower in metrics.funnel[1:]]
    header = ["rep_id", "rep_name", "date", "weekday", "working_day"]
    for key in keys:
        header += [key, f"{key}_target"]
    header += rate_keys
    writer.writerow([csv_cell(h) for h in header])
    rng = document["range"]
    start, end = date.fromisoformat(rng["from"]), date.fromisoformat(rng["to"])
    events = [Event.from_record(r) for r in document["events"]]
    by_day = document["targets"]["by_day"]
    totals = daily_totals(events, date_range(start, end), metrics, [], config.calendar)
    rep = document["rep"]
    for day in totals:
        targets = by_day.get(day.day.isoformat(), {})
        row: list[Any] = [
            csv_cell(rep["id"]),
            csv_cell(rep["name"]),
            day.day.isoformat(),
            f"{day.day:%a}",
            "yes" if day.working else "no",
        ]
        for key in keys:
            row += [day.counts.get(key, 0), targets.get(key, 0)]
        for rate in funnel_rates(day.counts, targets, metrics):
            row.append(_rate_text(rate.actual.num, rate.actual.den))
        writer.writerow(row)
    return out.getvalue()
