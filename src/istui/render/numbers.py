"""Every number-to-text rule of istui: percents, rates, rate points, figures.

One glyph for "no value" (``NO_VALUE``, an en dash), one percent style
("36%", decimals by ``digits``; "25 %" only where ``spaced`` asks for it), one
rate style (a ratio shown as a percent, through the same rule).

Stdlib only and cheap to import: ``istui status`` prints through it.
"""

from __future__ import annotations

import math

# not typing's (importing typing costs ~2 ms on `istui status`); fractions pulls in
# decimal (~3 ms): both stay off the status line's path
TYPE_CHECKING = False
if TYPE_CHECKING:
    from fractions import Fraction

#: What every report, table and status line shows for a figure that has no
#: value (no target, nothing to divide by).
NO_VALUE = "–"


def _percent_sign(text: str, spaced: bool) -> str:
    return f"{text} %" if spaced else f"{text}%"


def percent(value: float | None, digits: int = 0, *, spaced: bool = False) -> str:
    """A figure already in percent: achievement 36.4 → "36%" (``digits`` decimals)."""
    if value is None:
        return NO_VALUE
    return _percent_sign(f"{value:.{digits}f}", spaced)


def rate(value: float | None, digits: int = 0) -> str:
    """A ratio shown as a percent: 0.214 → "21%", with ``digits=1`` "21.4%"."""
    return percent(None if value is None else value * 100, digits)


def points(value: float | None) -> str:
    """A change of a rate in percentage points: 0.012 → "+1.2 pt"."""
    return NO_VALUE if value is None else f"{value * 100:+.1f} pt"


def count(value: int | None) -> str:
    """A whole figure with thousands separators: 1,334."""
    return NO_VALUE if value is None else f"{value:,}"


def number_text(value: Fraction, decimals: int = 1) -> str:
    """An exact figure for people: 1,334 when whole, else 1,333.3 (more digits
    only when one decimal would make a fraction look whole)."""
    if value.denominator == 1:
        return f"{value.numerator:,}"
    from fractions import Fraction

    for places in range(decimals, 7):
        scaled = value * 10**places
        rounded = math.floor(scaled + Fraction(1, 2))
        if rounded % 10**places:
            whole, frac = divmod(rounded, 10**places)
            return f"{whole:,}.{frac:0{places}d}".rstrip("0")
    return f"{math.floor(value):,}.000000…"


def percent_text(rate: Fraction) -> str:
    """An exact rate as the plan writes it: 25 %, 12.5 %, 7.25 % (no trailing zeros)."""
    return _percent_sign(number_text(rate * 100), spaced=True)
