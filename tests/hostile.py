"""An adversarial corpus of names and notes, and the checks every output must pass.

Each string is something a rep's export (or a config) can carry: Textual
markup that would run an action or open a link, terminal escape sequences
(OSC 52 writes the clipboard, OSC 0 the window title, CSI moves the cursor),
C1 controls, bidirectional overrides, spreadsheet formulas, line breaks and
table pipes, and very long and full-width text.
"""

from __future__ import annotations

import csv
import io
import re
from collections.abc import Iterable

#: (name for test ids, the string). Every string is a valid display name (not
#: blank once stripped), so an export may carry it as a rep's name.
CORPUS: tuple[tuple[str, str], ...] = (
    ("click-quit", "[@click=app.quit]x[/]"),
    ("click-screenshot", "[@click=app.screenshot('victim.svg','DIR')]x[/]"),
    ("link", "[link=file:///etc/passwd]passwd[/link]"),
    ("bold", "[bold]loud[/bold] [red]red"),
    ("osc52", "clip\x1b]52;c;SGVsbG8=\x07board"),
    ("osc0", "\x1b]0;pwned title\x07name"),
    ("osc8", "\x1b]8;;https://evil.example\x1b\\link\x1b]8;;\x1b\\"),
    ("csi", "\x1b[2J\x1b[31mred\x1b[0m\x1b[1A"),
    ("bel", "ding\x07dong"),
    ("c1-csi", "c1\x9b31mcsi"),
    ("c1-osc", "c1\x9d0;title\x9c"),
    ("del", "del\x7fete"),
    ("nul", "nul\x00byte"),
    ("bidi", "abc\u202edcba\u202c and \u2066iso\u2069 \u200f\u061c"),
    ("formula-hyperlink", '=HYPERLINK("http://evil.example","click")'),
    ("formula-plus", "+1"),
    ("formula-minus", "-2"),
    ("formula-at", "@SUM(A1:A9)"),
    ("tab", "\tx"),
    ("cr", "\rx"),
    ("newline", "line one\nline two\r\nline three"),
    ("pipe", "a | b || c \\| d"),
    ("long", "長" * 2000 + "x" * 3000),
    ("fullwidth", "山田　太郎（ヤマダ）＝＋－＠"),
)

#: Characters no terminal output may contain: C0 but newline, DEL, C1, bidi.
FORBIDDEN = re.compile("[\x00-\x09\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069\u200e\u200f\u061c]")

#: What would make a spreadsheet run a text cell.
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def ids() -> list[str]:
    return [name for name, _ in CORPUS]


def strings() -> list[str]:
    return [text for _, text in CORPUS]


def assert_terminal_safe(output: str) -> None:
    """No escape sequence, control character or bidi control in ``output``."""
    found = FORBIDDEN.search(output)
    if found is not None:
        at = found.start()
        raise AssertionError(
            f"control {found.group()!r} at {at}: {output[max(0, at - 40) : at + 40]!r}"
        )


def cells_of_row(line: str) -> list[str]:
    """A markdown table row's cells (a ``\\|`` is inside a cell)."""
    assert line.startswith("|") and line.endswith("|"), line
    inner = line[1:-1]
    return re.split(r"(?<!\\)\|", inner.replace("\\\\", "\x00"))


def assert_markdown_tables_hold(output: str) -> None:
    """Every markdown table row is one line with as many cells as its header."""
    width = None
    for line in output.splitlines():
        if not line.startswith("|"):
            width = None
            continue
        cells = cells_of_row(line)
        if width is None:
            width = len(cells)
        assert len(cells) == width, f"row with {len(cells)} cells, header {width}: {line[:200]!r}"


def assert_csv_cells_neutral(output: str, text_columns: Iterable[str]) -> list[dict[str, str]]:
    """CSV text cells never start a formula; returns the rows."""
    rows = list(csv.DictReader(io.StringIO(output)))
    for row in rows:
        for column in text_columns:
            value = row[column]
            assert not value.startswith(FORMULA_START), (column, value[:80])
    for header in rows[0] if rows else ():
        assert not header.startswith(FORMULA_START), header
    return rows
