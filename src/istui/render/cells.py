"""Column padding by terminal cells, so Japanese labels line up in tables.

``f"{label:<12}"`` counts characters, but 商談 takes four cells, not two.
"""

from __future__ import annotations

import unicodedata


def cells(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def fit(text: str, width: int) -> str:
    """``text`` cut to at most ``width - 1`` cells and padded to ``width``."""
    out, used = "", 0
    for ch in text:
        size = cells(ch)
        if used + size > width - 1:
            break
        out += ch
        used += size
    return out + " " * (width - used)
