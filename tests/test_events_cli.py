"""`istui events`, `istui event ID`, `istui undo -n`, `log --at HH:MM` and
`log --note`: bad input is one line, exit 2, nothing written."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from cli_helpers import files, one_error_line, run
from istui.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)
FRI = date(2026, 11, 20)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store"


def listed(config_path: Path, db: Path, *args: str) -> list[dict[str, str]]:
    result = run(config_path, db, "events", "--json", *args)
    assert result.exit_code == 0, result.output
    document = json.loads(result.stdout)
    assert list(document) == ["date", "events"]
    events: list[dict[str, str]] = document["events"]
    return events


def test_log_at_a_time_of_day_and_with_a_note(config_path: Path, db: Path) -> None:
    assert run(config_path, db, "log", "connect", "--at", "09:45", "--note", "受付").exit_code == 0
    assert run(config_path, db, "log", "call", "--at", "10:05:30").exit_code == 0
    events = listed(config_path, db)
    assert [(e["time"], e["kind"], e["note"]) for e in events] == [
        ("10:05:30", "call", ""),
        ("09:45:00", "connect", "受付"),
    ]
    assert all(list(e) == ["id", "at", "time", "kind", "note"] for e in events)
    assert events[1]["at"] == "2026-11-23T09:45:00+09:00"
    text = run(config_path, db, "events").stdout.splitlines()
    assert text[0].startswith("10:05:30  " + events[0]["id"][:8] + "  call")
    assert text[1].endswith("connect  受付")


def test_events_of_another_day_and_of_an_empty_one(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "meeting", "--at", "2026-11-20T15:00")
    assert [e["kind"] for e in listed(config_path, db, "--date", "2026-11-20")] == ["meeting"]
    assert listed(config_path, db) == []
    assert run(config_path, db, "events").stdout == "no events on 2026-11-23\n"


def test_event_changes_kind_and_note_and_deletes_by_id(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "-n", "2")
    first, second = listed(config_path, db)
    result = run(config_path, db, "event", first["id"][:6], "--kind", "connect")
    assert result.exit_code == 0, result.output
    head, status = result.stdout.splitlines()
    assert head == "changed call at 10:30:00: call -> connect"
    assert status.startswith("calls 2/100 · conn 1/25")
    assert run(config_path, db, "event", first["id"], "--note", "再架電").exit_code == 0
    after = listed(config_path, db)
    assert (after[0]["id"], after[0]["kind"], after[0]["note"]) == (
        first["id"],
        "connect",
        "再架電",
    )
    result = run(config_path, db, "event", second["id"], "--delete")
    assert result.stdout.startswith("deleted call at 10:30:00")
    assert [e["id"] for e in listed(config_path, db)] == [first["id"]]
    assert run(config_path, db, "event", first["id"], "--note", "").exit_code == 0
    assert listed(config_path, db)[0]["note"] == ""


def test_event_on_a_past_day(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "--at", "2026-11-20T15:00")
    (only,) = listed(config_path, db, "--date", "2026-11-20")
    result = run(config_path, db, "event", only["id"], "--date", "2026-11-20", "--kind", "meeting")
    assert result.stdout.startswith("changed call at 2026-11-20 15:00:00: call -> meeting")
    assert [e.kind for e in Store(db).day_events(FRI)] == ["meeting"]


def test_undo_takes_back_edits_deletes_and_logs(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "-n", "2")
    first, second = listed(config_path, db)
    run(config_path, db, "event", first["id"], "--kind", "meeting")
    run(config_path, db, "event", second["id"], "--delete")
    result = run(config_path, db, "undo", "-n", "2")
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert lines[0] == "undid the delete: call at 10:30:00 is back"
    assert lines[1] == "undid the edit of meeting at 10:30:00: call, no note again"
    assert lines[2].startswith("calls 2/100 · conn 0/25")
    assert [(e["id"], e["kind"]) for e in listed(config_path, db)] == [
        (first["id"], "call"),
        (second["id"], "call"),
    ]
    result = run(config_path, db, "undo", "-n", "5")
    assert result.stdout.splitlines()[:3] == [
        "undid call logged at 10:30:00",
        "undid call logged at 10:30:00",
        "nothing more to undo",
    ]
    assert listed(config_path, db) == []


BAD = [
    (["undo", "-n", "0"], "out of range"),
    (["undo", "-n", "101"], "out of range"),
    (["undo", "-n", "9" * 400], "out of range"),
    (["undo", "-n", "x"], "-n"),
    (["log", "call", "--at", "24:00"], "--at"),
    (["log", "call", "--at", "10:31"], "in the future"),
    (["log", "call", "--at", "9:5"], "--at"),
    (["log", "call", "--note", "x" * 201], "at most 200"),
    (["log", "call", "--note", "two\nlines"], "control character"),
    (["events", "--date", ""], "--date"),
    (["events", "--date", "2026-11-24"], "in the future"),
    (["event", "zzzz", "--kind", "call"], "no event"),
    (["event", "ID", "--kind", "calls"], "unknown kind"),
    (["event", "ID", "--delete", "--note", "x"], "--delete goes alone"),
    (["event", "ID"], "say what to change"),
    (["event", "ID", "--note", "x" * 201], "at most 200"),
    (["event", "ID", "--date", "2026-02-30", "--delete"], "--date"),
]


@pytest.mark.parametrize(("args", "says"), BAD)
def test_bad_input_is_one_line_exit_2_and_nothing_written(
    config_path: Path, db: Path, args: list[str], says: str
) -> None:
    run(config_path, db, "log", "call", "--at", "10:00")
    (event,) = listed(config_path, db)
    before = files(db)
    line = one_error_line(run(config_path, db, *[event["id"] if a == "ID" else a for a in args]), 2)
    assert says in line
    after = files(db)
    assert {k: v for k, v in after.items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")
    }


def test_an_ambiguous_prefix_is_refused(config_path: Path, db: Path, tmp_path: Path) -> None:
    store = Store(db)
    store.log("call", at=NOW - timedelta(minutes=5))
    store.log("call", at=NOW - timedelta(minutes=4))
    path = next(db.glob("days/*/*.json"))
    data = json.loads(path.read_bytes())
    data["events"]["1"]["id"] = "abcd0001"
    data["events"]["2"]["id"] = "abcd0002"
    path.write_text(json.dumps(data))
    assert "names 2 events" in one_error_line(run(config_path, db, "event", "abcd", "--delete"), 2)
    assert run(config_path, db, "event", "abcd0002", "--delete").exit_code == 0
