"""Wrapping sentences and notes to a width in terminal cells, Japanese included.

The one line-breaking rule of istui's text (reports, sheets, anything render/
folds): widths in cells (render/cells.py), English broken at spaces, Japanese
between any two characters, and the basic 禁則処理 (kinsoku) rule:

- no line begins with a closing mark or small kana that belongs to the
  character before it (。、，．」』）】〕〉》！？ー・：；…‥ and the like);
- no line ends with an opening mark (「『（【〔〈《 and the like);
- continuation lines keep the indent of the line they continue (a note
  "  - 商談…" wraps under its own text, not at the margin).

A run that cannot be broken and is wider than the line (a URL, a row of
closing marks) is cut by cells, the only case the rule gives way.
"""

from __future__ import annotations

import re

from istui.render.cells import cells

#: A list item's marker: its continuation lines hang under its text.
_MARKER = re.compile(r"^(?:[-*•・]|\d{1,3}[.)]|\[[ x]\])\s+")

#: May not begin a line (行頭禁則): closing brackets and quotes, sentence
#: punctuation, the long-vowel mark, iteration marks and small kana.
NO_START = frozenset(
    "。、，．,.」』）〕］｝〉》】〙〗〟’”)]}>"
    "！？!?ー－‐・：；:;…‥ゝゞヽヾ々〻"
    "ぁぃぅぇぉっゃゅょゎゕゖァィゥェォッャュョヮヵヶㇰㇱㇲㇳㇴㇵㇶㇷㇸㇹㇺㇻㇼㇽㇾㇿ"
    "%％°′″℃"
)
#: May not end a line (行末禁則): opening brackets and quotes.
NO_END = frozenset("「『（〔［｛〈《【〘〖〝‘“([{<")


def _atoms(text: str) -> list[tuple[str, bool]]:
    """``text`` as unbreakable pieces, each with whether a space precedes it.

    A run of narrow non-space characters (an English word, 3.5%, a URL) is one
    piece; a wide character is a piece of its own; a piece beginning with a
    closing mark joins the piece before it, and a piece after one ending with
    an opening mark joins that one (across a space too).
    """
    pieces: list[tuple[str, bool]] = []
    space = False
    glue_next = False  # the last piece ended with an opening mark
    word = ""

    def push(piece: str) -> None:
        nonlocal space, glue_next
        if pieces and (glue_next or piece[0] in NO_START):
            before, had_space = pieces[-1]
            pieces[-1] = (before + (" " if space else "") + piece, had_space)
        else:
            pieces.append((piece, space))
        space = False
        glue_next = piece[-1] in NO_END

    for ch in text:
        if ch in " \t":
            if word:
                push(word)
                word = ""
            space = True
        elif cells(ch) >= 2:
            if word:
                push(word)
                word = ""
            push(ch)
        else:
            word += ch
    if word:
        push(word)
    return pieces


def _cut(piece: str, width: int) -> list[str]:
    """A piece too wide for any line, cut into lines of at most ``width`` cells."""
    out, line, used = [], "", 0
    for ch in piece:
        w = cells(ch)
        if line and used + w > width:
            out.append(line)
            line, used = "", 0
        line += ch
        used += w
    if line:
        out.append(line)
    return out


def wrap_line(text: str, width: int, *, indent: str | None = None) -> list[str]:
    """One line of text folded to ``width`` cells. Continuation lines start
    with ``indent``; by default the line's own leading spaces, and under the
    text of a list item ("- ", "1. ", "[ ] ")."""
    stripped = text.lstrip(" ")
    lead = text[: len(text) - len(stripped)]
    marker = _MARKER.match(stripped)
    hang = lead + " " * (cells(marker.group(0)) if marker else 0) if indent is None else indent
    if not stripped.strip():
        return [text.rstrip()]
    # An indent that leaves no room for a wide character is dropped: the text
    # must show somewhere (a line narrower than its own indent).
    if width - cells(lead) < 2:
        lead = ""
    if width - cells(hang) < 2:
        hang = ""
    lines: list[str] = []
    line, used = lead, 0
    room = max(1, width - cells(lead))
    for piece, spaced in _atoms(stripped):
        w = cells(piece)
        gap = 1 if spaced and used else 0
        if used and used + gap + w > room:
            lines.append(line.rstrip())
            line, used, gap = hang, 0, 0
            room = max(1, width - cells(hang))
        if w > room:  # alone on its line and still too wide: cut by cells
            parts = _cut(piece, room)
            for part in parts[:-1]:
                lines.append((line + part).rstrip())
                line = hang
                room = max(1, width - cells(hang))
            piece = parts[-1]
            w = cells(piece)
        line += " " * gap + piece
        used += gap + w
    lines.append(line.rstrip())
    return lines


def wrap(text: str, width: int, *, indent: str | None = None) -> list[str]:
    """``text`` (lines separated by newlines) folded to ``width`` cells, each
    line's continuations under its own indent (or ``indent``)."""
    out: list[str] = []
    for line in text.split("\n"):
        out += wrap_line(line, width, indent=indent)
    return out
