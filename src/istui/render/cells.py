"""Terminal cells: the one width, padding and fitting rule of istui.

``f"{label:<12}"`` counts characters, but 商談 takes four cells, not two, and
a combining mark (the ゛ of か\u3099) takes none. Every width is Rich's
``cell_len``, the rule the terminal drawing itself follows, so a padded column
lines up exactly where Textual draws it.

Imports Rich: keep this module off the path of ``istui status`` and ``istui
log`` (tests/test_cli_import_path.py); their status line needs no widths.
"""

from __future__ import annotations

from collections.abc import Sequence

from rich.cells import cell_len, set_cell_size

ELLIPSIS = "…"


def cells(text: str) -> int:
    """Terminal cells ``text`` takes (山田 is 4, か\u3099 is 2)."""
    return cell_len(text)


def pad(text: str, width: int) -> str:
    """``text`` left-aligned in ``width`` cells (never cut)."""
    return text + " " * max(0, width - cell_len(text))


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width - 1`` cells and padded to ``width``: a
    table column with at least one space before the next."""
    if width <= 0:
        return ""
    return set_cell_size(text, width - 1) + " "


def clip(text: str, width: int, *, fill: bool = False) -> str:
    """``text`` cut to at most ``width`` cells with an ellipsis, never splitting
    a wide character; text that fits is returned as it is.

    ``fill``: keep the space a halved wide character leaves before the
    ellipsis, so the clipped text takes exactly ``width`` cells (a fixed
    column); otherwise trailing spaces before the ellipsis are dropped.
    """
    if cell_len(text) <= width:
        return text
    if width <= 0:
        return ""
    cut = set_cell_size(text, width - 1)
    return (cut if fill else cut.rstrip()) + ELLIPSIS


def table(header: Sequence[str], rows: Sequence[Sequence[str]]) -> list[str]:
    """Text columns padded in cells: the first left-aligned, the others right
    (the reports' tables)."""
    widths = [max(cells(str(r[i])) for r in [header, *rows]) for i in range(len(header))]
    out = []
    for row in [header, *rows]:
        parts = [
            (pad(str(c), w) if i == 0 else " " * (w - cells(str(c))) + str(c))
            for i, (c, w) in enumerate(zip(row, widths, strict=True))
        ]
        out.append("  ".join(parts).rstrip())
    return out
