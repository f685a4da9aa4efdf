"""What the rep's two reports (the week's ``istui review``, the month's ``istui
month``) share: the four formats and how the machine ones are written.

JSON is the report's data as one document and a final newline; CSV is the long
form a spreadsheet reads (a header, then one row per figure, ``\\n`` line ends),
a rate in it to four decimals and an empty cell where there is none. Each
report brings its text, its markdown, its data, its CSV header and its rows.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from istui.render.safe import json_text

BundleT = TypeVar("BundleT")


def csv_text(header: Sequence[object], rows: Iterable[Sequence[object]]) -> str:
    """The header and the rows as CSV text, one line each."""
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue()


def rate_cell(value: float | None) -> str:
    """A rate in a CSV cell: 0.2143; empty where there is none."""
    return "" if value is None else f"{value:.4f}"


@dataclass(frozen=True)
class ReportFormats(Generic[BundleT]):
    """One report's four formats: its text, its markdown, its data (the JSON),
    its CSV header and its CSV rows."""

    text: Callable[[BundleT], str]
    markdown: Callable[[BundleT], str]
    data: Callable[[BundleT], Mapping[str, Any]]
    csv_header: Sequence[str]
    csv_rows: Callable[[BundleT], Iterable[Sequence[object]]]

    def render(self, bundle: BundleT, fmt: str) -> str:
        """The report in ``fmt`` (text, markdown, json or csv)."""
        if fmt == "json":
            return json_text(self.data(bundle)) + "\n"
        if fmt == "csv":
            return csv_text(self.csv_header, self.csv_rows(bundle))
        return {"text": self.text, "markdown": self.markdown}[fmt](bundle)
