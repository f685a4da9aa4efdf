"""The status line's and ``istui status --json``'s moving part: the pace, joined
to the parts that change only with a write.

No imports but ``istui.i18n`` (stdlib): the lean `istui status`
(``istui.lean``) renders the cached parts through these, ``render.today``
renders a DayView through them, so both print the same bytes, in the language
in force (the status cache records which: ``store.status_cache``).
"""

from __future__ import annotations

from istui.domain.daymath import ratio_value
from istui.i18n import tr, trp
from istui.render.numbers import rate

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms on `istui status`
if TYPE_CHECKING:
    from typing import Any


#: The default short label of each known metric (services.config.KNOWN_METRICS):
#: those are istui's words, shown in the language in force; a short label of
#: the rep's own metric (its key) is shown as it is.
DEFAULT_SHORTS = {
    "call": "calls",
    "connect": "conn",
    "contact": "cont",
    "meeting": "mtg",
    "email": "email",
}


def status_word(key: str, short: str) -> str:
    """The metric's word in the status line, in the language in force."""
    if DEFAULT_SHORTS.get(key) != short:
        return short
    words = {
        "calls": trp("status line", "calls"),
        "conn": trp("status line", "conn"),
        "cont": trp("status line", "cont"),
        "mtg": trp("status line", "mtg"),
        "email": trp("status line", "email"),
    }
    return words[short]


def count_part(short: str, count: int, target: int, rate_value: float | bool | None) -> str:
    """One metric's part: ``calls 42/100``, or ``conn 9/25 36%`` with the rate
    from the top of the funnel (``rate_value`` False: no rate shown)."""
    part = f"{short} {count}/{target}"
    if rate_value is not False:
        part += f" {rate(rate_value if isinstance(rate_value, float) else None)}"
    return part


def day_model(
    metrics: list[tuple[str, str]],
    stages: dict[str, list[str]],
    rates: list[tuple[str, str]],
    counts: dict[str, int],
    targets: dict[str, int],
) -> dict[str, Any]:
    """What the cache keeps to rebuild the day's parts after a write
    (``figures_of``): metrics as (key, short), the metric keys each kind adds
    to, the funnel's (lower, upper) rate pairs, the counts and targets."""
    return {
        "metrics": [list(m) for m in metrics],
        "stages": stages,
        "rates": [list(r) for r in rates],
        "counts": counts,
        "targets": targets,
    }


def figures_of(model: dict[str, Any], day: str) -> tuple[list[str], dict[str, Any]]:
    """The count parts of the line and the JSON head of ``istui status --json``
    from a day model (the same bytes as ``render.today`` gives from a DayView)."""
    counts: dict[str, int] = model["counts"]
    targets: dict[str, int] = model["targets"]
    metrics = [(str(k), str(s)) for k, s in model["metrics"]]
    head = metrics[0][0] if metrics else ""
    rates: dict[str, dict[str, float | None]] = {}
    shown: dict[str, float | None] = {}
    for lower, upper in model["rates"]:
        actual = ratio_value(counts.get(lower, 0), counts.get(upper, 0))
        rates[lower] = {
            "actual": actual,
            "target": ratio_value(targets.get(lower, 0), targets.get(upper, 0)),
        }
        if upper == head:
            shown[lower] = actual
    parts = [
        count_part(
            status_word(key, short), counts.get(key, 0), targets.get(key, 0), shown.get(key, False)
        )
        for key, short in metrics
    ]
    body = {
        "date": day,
        "counts": {key: counts.get(key, 0) for key, _ in metrics},
        "targets": {key: targets.get(key, 0) for key, _ in metrics},
        "rates": rates,
    }
    return parts, body


def counted(model: dict[str, Any], kind: str, n: int) -> dict[str, Any]:
    """The model after ``n`` more events of ``kind`` (a kind it knows)."""
    counts = dict(model["counts"])
    for key in model["stages"][kind]:
        counts[key] = counts.get(key, 0) + n
    return {**model, "counts": counts}


def join_status(parts: list[str], pace_delta: int | None) -> str:
    """The line from its count parts and the headline's pace (None: not shown)."""
    if pace_delta is not None:
        parts = [*parts, tr("pace {delta:+d}", delta=pace_delta)]
    return " · ".join(parts)


def pace_json(
    phase: str,
    fraction: float,
    expected: float,
    delta: int,
    projected: int | None,
    needed_per_hour: float | None,
) -> dict[str, object]:
    """``istui status --json``'s pace object (the headline's pace)."""
    return {
        "phase": phase,
        "day_fraction": round(fraction, 4),
        "expected": round(expected, 1),
        "delta": delta,
        "projected": projected,
        "needed_per_hour": None if needed_per_hour is None else round(needed_per_hour, 1),
    }
