"""Text from outside (an export, a config, a store) made safe for each output.

One function per output kind, and every string read from a file goes through
the one for where it is shown:

- ``terminal(text)``: a line printed to the terminal (``istui merge``, the text
  and markdown reports). Control characters are dropped: C0 (a tab becomes a
  space), ESC, BEL, DEL, C1 and the bidirectional controls, so no escape
  sequence (OSC 52 clipboard, OSC 0 title, CSI) reaches the terminal and no
  text is shown reversed. ``multiline=True`` keeps newlines where they are
  the text's own structure (a note shown as a paragraph).
- ``one_line(text)``: a line-structured output (a list item, a summary line):
  ``terminal`` and every line break, CR or LS/PS, becomes one space.
- ``md_cell(text)``: a markdown table cell: ``one_line`` with ``|`` and ``\\``
  escaped, so a row stays one row with the same number of cells.
- ``widget_text(text)``: a ``rich.text.Text`` for a Textual widget: ``terminal``
  text as a Text object, never parsed as markup, so ``[@click=…]``,
  ``[link=…]`` and ``[bold]`` are shown as the characters they are.
- ``csv_cell(value)``: a CSV text cell (a name, label, note, pick-list value):
  control characters dropped, and a leading ``=``, ``+``, ``-``, ``@``, tab
  or CR neutralised with a ``'`` so no spreadsheet runs it as a formula.
  Numbers (int, float) are returned as they are.

- ``json_text(data)``: JSON as ``json.dumps`` writes it, with the controls it
  leaves raw (DEL, C1, bidi) written as ``\\uXXXX`` escapes.

Standard library only at import (Rich is imported where a Text is made), so
the CLI's fast paths may use it.
"""

from __future__ import annotations

import json
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from collections.abc import Sequence

    from rich.text import Text

#: Bidirectional controls: embeddings and overrides (U+202A–U+202E), isolates
#: (U+2066–U+2069), the marks LRM, RLM and the Arabic letter mark.
BIDI_CONTROLS = "\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069\u200e\u200f\u061c"

#: Every character no output of istui shows: C0 but tab and newline (handled
#: apart), DEL, C1 (U+0080–U+009F: 0x9b is a one-byte CSI) and the bidi controls.
_CONTROL = re.compile(f"[\x00-\x08\x0b-\x1f\x7f-\x9f{BIDI_CONTROLS}]")
_LINE_BREAKS = re.compile("[\n\u2028\u2029\x85\r\x0b\x0c]+")
#: What a spreadsheet takes as the start of a formula.
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def terminal(text: object, *, multiline: bool = False) -> str:
    """``text`` without a control character (tab → space; newline kept only when
    ``multiline``, CR dropped)."""
    value = str(text)
    if multiline:
        value = value.replace("\r\n", "\n").replace("\u2028", "\n").replace("\u2029", "\n")
    else:
        value = _LINE_BREAKS.sub(" ", value)
    value = value.replace("\t", " ")
    if multiline:
        return "\n".join(_CONTROL.sub("", line) for line in value.split("\n"))
    return _CONTROL.sub("", value)


def one_line(text: object) -> str:
    """``text`` for one line of a line-structured output: line breaks → a space."""
    return terminal(text, multiline=False)


def md_cell(text: object) -> str:
    """``text`` as one markdown table cell (``\\`` and ``|`` escaped, one line)."""
    return one_line(text).replace("\\", "\\\\").replace("|", "\\|")


def md_table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """A markdown table, every cell through md_cell (an empty header cell kept)."""
    lines = ["| " + " | ".join(md_cell(h) or " " for h in header) + " |"]
    lines.append("|" + "|".join("---" for _ in header) + "|")
    lines += ["| " + " | ".join(md_cell(c) for c in row) + " |" for row in rows]
    return lines


def widget_text(
    text: object,
    style: str = "",
    *,
    multiline: bool = False,
    no_wrap: bool | None = None,
    end: str = "\n",
) -> Text:
    """``text`` for a Textual widget: a Text object (never markup), no control
    characters. ``no_wrap`` and ``end`` as Rich's Text takes them (a DataTable
    cell: ``no_wrap=True, end=""``, as the table makes of a string)."""
    from rich.text import Text  # here: the CLI's status line imports this module

    return Text(terminal(text, multiline=multiline), style=style, no_wrap=no_wrap, end=end)


def csv_cell(value: object) -> object:
    """A CSV cell: numbers as they are; text without control characters and,
    when it would start a formula, behind a ``'``."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return value
    text = "" if value is None else str(value)
    clean = terminal(text)
    if text.startswith(_FORMULA_START) or clean.startswith(_FORMULA_START):
        return "'" + clean
    return clean


def json_text(data: object, *, indent: int | None = 2) -> str:
    """JSON for a terminal or a pipe: the data as ``json.dumps`` writes it (UTF-8
    text kept readable), with every character ``terminal`` would drop written as
    a ``\\uXXXX`` escape instead (json.dumps leaves DEL, C1 and the bidi
    controls raw): the same JSON value, nothing a terminal acts on."""
    return json_escaped(json.dumps(data, ensure_ascii=False, indent=indent))


def json_escaped(text: str) -> str:
    """JSON text with DEL, C1 and the bidi controls as ``\\uXXXX`` escapes (they
    can only stand inside its strings, so the value is the same)."""
    return _CONTROL.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
