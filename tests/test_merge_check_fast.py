"""The export check reads events column by column (``_events_at_once``) and
falls back to one by one (``_events_one_by_one``) for any file it cannot
accept at once: the two agree on every file the fast one accepts, and every
file it refuses is refused or taken by the careful one exactly as before."""

from __future__ import annotations

import json
from datetime import date
from pathlib import Path
from typing import Any

import msgspec
import pytest

from istui.services.merge import Rejected, load_export
from istui.services.merge import schema as schema_mod
from istui.services.merge.check import _events_at_once, _events_one_by_one
from team_helpers import NOW, export_file, make_rep

KNOWN = frozenset({"call", "connect", "meeting", "email"})
START, END = date(2026, 11, 16), date(2026, 11, 22)


def _events(records: list[dict[str, Any]]) -> list[schema_mod.Event]:
    return msgspec.convert(records, type=list[schema_mod.Event])


def _both(records: list[dict[str, Any]]) -> tuple[Any, Any]:
    """The rows each way (the careful check's message when it refuses);
    the tags are checked in the careful path only."""
    events = _events(records)
    fast = _events_at_once(events, KNOWN, START.isoformat(), END.isoformat())
    if fast is not None:
        assert fast[1] == {}
    try:
        slow: Any = _events_one_by_one(events, KNOWN, sorted(KNOWN), START, END)[0]
    except ValueError as exc:
        slow = str(exc)
    return None if fast is None else fast[0], slow


def test_a_real_export_reads_the_same_both_ways(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    doc = json.loads(export_file(rep, tmp_path).read_text("utf-8"))
    doc["events"][0]["note"] = "  折り返し  "
    doc["events"][1]["note"] = ""
    fast, slow = _both(doc["events"])
    assert fast is not None and fast == slow  # the file's order kept
    assert [e[0] for e in fast] == [e["id"] for e in doc["events"]]
    assert fast[0][4] == "折り返し" and fast[1][4] is None
    assert all(e[1] == e[2][:10] for e in fast)


def _event(at: str, **fields: Any) -> dict[str, Any]:
    return {"id": fields.pop("id", "e1"), "at": at, "kind": fields.pop("kind", "call"), **fields}


OK_AT = "2026-11-17T10:00:00.123456+09:00"


@pytest.mark.parametrize(
    ("records", "words"),
    [
        ([_event(OK_AT, id="")], "without an id"),
        ([_event(OK_AT), _event(OK_AT)], "listed twice"),
        ([_event(OK_AT, kind="visit")], "unknown kind"),
        ([_event("2026-11-31T10:00:00+09:00")], "impossible timestamp"),
        ([_event("2026-11-17T24:00:00+09:00")], "impossible timestamp"),
        ([_event("2026-11-17T10:00:00")], "no UTC offset"),
        ([_event("2026-11-23T10:00:00+09:00")], "outside the range"),
        ([_event(OK_AT, note="a\x1bb")], "control character"),
        # not refused, but not as written: the careful check rewrites the time
        ([_event("2026-11-17T10:00:00.000000+09:00")], None),
        ([_event("2026-11-17 10:00:00+09:00")], None),
        ([_event("2026-11-17T10:00+09:00")], None),
        ([_event("２０２６-11-17T10:00:00+09:00")], "impossible timestamp"),
        # a call list, channel or segment is checked one by one (each tag's rule)
        ([_event(OK_AT, list="展示会リスト")], None),
    ],
)
def test_anything_unusual_goes_one_by_one(records: list[dict[str, Any]], words: str | None) -> None:
    fast, slow = _both(records)
    assert fast is None
    if words is None:
        assert isinstance(slow, list) and slow[0][2].startswith("2026-11-17T10:00:00+09:00"[:13])
    else:
        assert isinstance(slow, str) and words in slow


def test_a_refused_event_is_named_as_before(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-a", "A")
    path = export_file(rep, tmp_path)
    doc = json.loads(path.read_text("utf-8"))
    doc["events"][5]["kind"] = "visit"
    path.write_text(json.dumps(doc), "utf-8")
    with pytest.raises(Rejected) as refused:
        load_export(path, now=NOW)
    assert "events[5].kind" in str(refused.value) and "'visit'" in str(refused.value)
