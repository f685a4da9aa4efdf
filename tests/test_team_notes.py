"""The team view's narrow reader of a day's forms (domain.notes.read_day_gist,
reflection_gist, snapshot.check_snapshot_record) gives what the forms' own
reader (read_day_notes) gives of everything the team reads: whether the
reflection reads at all, submitted, the help request, the help asked in
mid-checks, the problem lines, and the same exception where the full reader
raises one, on every record shape (each field, at every level, given every
kind of value)."""

from __future__ import annotations

import copy
from datetime import date, datetime, timedelta, timezone
from typing import Any

import pytest

from istui.domain.notes import read_day_gist, read_day_notes
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.snapshot import FigureSnapshot, LineFigure, RateFigure

JST = timezone(timedelta(hours=9))
DAY = date(2026, 11, 17)
AT = datetime(2026, 11, 17, 18, 40, tzinfo=JST)

#: Every kind of value a hand edit or another tool could leave in a field.
VALUES: list[Any] = [
    None, "", "x", "12", "1.5", "1e3", "True", 0, 1, -1, 3, 6, 10**30, 1.5, 1e400, True,
    False, [], [1], [{}], [{"a": 1}], {}, {"a": 1}, {"9": {"call": 1}}, {"9": 1},
    "2026-11-17", "2026-11-17T18:40:00", "2026-11-17T18:40:00+09:00", "\x07help\u202e",
    "x" * 300,
]  # fmt: skip
_ABSENT = object()


def snapshot_record() -> dict[str, Any]:
    return FigureSnapshot(
        at=AT,
        phase="after work",
        fraction=1.0,
        lines=(
            LineFigure("call", "Calls", 102, 100, 100.0, default=True),
            LineFigure("connect", "Connects", 33, 25, 25.0),
        ),
        rates=(RateFigure("connect", 33, 102, 25, 100),),
        pace_delta=2,
        projected=102,
        needed_per_hour=0.5,
        remaining_hours=0.0,
        hourly={9: {"call": 7, "connect": 3}, 10: {"call": 6}},
    ).to_record()


def reflection_record(*, submitted: bool = True) -> dict[str, Any]:
    form = Reflection(
        day=DAY,
        went_well="決裁者に繋がった",
        hard="受付突破",
        learning="午前10時台",
        objections=("no budget",),
        objections_other="来期",
        actions=("決裁者リストを先に架電",),
        tomorrow_targets={"call": 100},
        focus=4,
        energy=3,
        help_request="同行をお願いしたい",
        snapshot=FigureSnapshot.from_record(snapshot_record()),
    )
    return (form.submit(AT) if submitted else form).to_record()


def midcheck_record() -> dict[str, Any]:
    return (
        MidCheck(slot="12:00", rating=3, need_help=True, help_text="台本を見てほしい")
        .submit(AT)
        .to_record()
    )


def _set(record: dict[str, Any], path: tuple[Any, ...], value: Any) -> dict[str, Any]:
    changed = copy.deepcopy(record)
    target: Any = changed
    for step in path[:-1]:
        target = target[step]
    if value is _ABSENT:
        del target[path[-1]]
    else:
        target[path[-1]] = value
    return changed


def _paths(record: Any, prefix: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every field's path, at every level (lists' first item, tables' keys)."""
    found = []
    if isinstance(record, dict):
        for key, value in record.items():
            found.append((*prefix, key))
            found += _paths(value, (*prefix, key))
    elif isinstance(record, list) and record:
        found.append((*prefix, 0))
        found += _paths(record[0], (*prefix, 0))
    return found


def shapes() -> list[Any]:
    base = reflection_record()
    out: list[Any] = [base, reflection_record(submitted=False), None, "x", [], [base], 3]
    for path in _paths(base):
        out += [_set(base, path, value) for value in [*VALUES, _ABSENT]]
    return out


def midcheck_shapes() -> list[Any]:
    base = midcheck_record()
    base["snapshot"] = snapshot_record()
    out: list[Any] = [base, None, "x", [], 3]
    for path in _paths(base):
        out += [_set(base, path, value) for value in [*VALUES, _ABSENT]]
    return out


def outcome(reader: Any, midchecks: list[Any], reflections: list[Any]) -> Any:
    try:
        notes = reader(DAY, midchecks, reflections)
    except Exception as exc:  # the same exception escapes both, or neither
        return ("raises", type(exc))
    r = notes.reflection
    return (
        None if r is None else (r.day, r.submitted, r.help_request),
        notes.reflected,
        notes.help_requests(),
        notes.problems,
        [(c.slot, c.status, c.need_help, c.help_text) for c in notes.midchecks],
    )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_gist_reads_every_reflection_shape_as_the_forms_reader(language: str) -> None:
    from istui import i18n

    i18n.set_language(language)
    seen = set()
    for record in shapes():
        full = outcome(read_day_notes, [], [record])
        assert outcome(read_day_gist, [], [record]) == full, record
        seen.add(repr(full[0])[:40] if full[0] != "raises" else repr(full))
    # the shapes reach every outcome: read, refused (a problem line), raised
    assert any(o.startswith("('raises'") for o in seen)
    assert any(o == "None" for o in seen)
    assert len(seen) > 3


def test_the_gist_keeps_the_midchecks_and_the_last_reflection() -> None:
    first, last = reflection_record(), reflection_record(submitted=False)
    checks = [midcheck_record(), _set(midcheck_record(), ("rating",), None)]
    for reflections in ([], [first], [first, last], [last, first], [first, "x"]):
        for mids in ([], checks, checks[:1]):
            assert outcome(read_day_gist, mids, reflections) == outcome(
                read_day_notes, mids, reflections
            )


@pytest.mark.parametrize("language", ["en", "ja"])
def test_the_gist_reads_every_midcheck_shape_as_the_forms_reader(language: str) -> None:
    from istui import i18n

    i18n.set_language(language)
    outcomes = set()
    for record in midcheck_shapes():
        full = outcome(read_day_notes, [record], [])
        assert outcome(read_day_gist, [record], []) == full, record
        outcomes.add(repr(full)[:30])
    assert len(outcomes) > 3
