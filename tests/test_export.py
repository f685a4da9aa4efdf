"""The rep's export: JSON shape, --no-notes, CSV, file names and CLI errors."""

from __future__ import annotations

import csv
import io
import json
from datetime import date
from pathlib import Path

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.domain.funnel import Event
from istui.domain.reflection import (
    MIDCHECK_TEXT_FIELDS,
    REFLECTION_TEXT_FIELDS,
    MidCheck,
    Reflection,
)
from istui.domain.totals import daily_totals
from istui.services.clock import FixedClock
from istui.services.export import EXPORT_FORMAT, EXPORT_SCHEMA, build_export, strip_text
from team_helpers import (
    NOW,
    W47,
    add_midchecks,
    add_reflection,
    add_review,
    make_rep,
    midcheck,
    reflection,
)


@pytest.fixture
def rep(tmp_path: Path):  # type: ignore[no-untyped-def]
    rep = make_rep(tmp_path, "rep-01", "山田 太郎", seed=3)
    tue = date(2026, 11, 17)
    add_reflection(
        rep, tue, [reflection(tue, "決裁者に繋がった", changed="2026-11-17T18:40:00+09:00")]
    )
    add_midchecks(
        rep,
        tue,
        [
            midcheck("12:00", changed="2026-11-17T12:01:00+09:00", working="朝の架電"),
            midcheck("15:30", changed="2026-11-17T15:31:00+09:00", need_help=True,
                     help_text="リストが古い"),
        ],
    )  # fmt: skip
    add_review(
        rep, 2026, 47, {"actions": [{"action": "トークを変える", "owner": "山田", "done": False}]}
    )
    return rep


def run(rep, *args: str):  # type: ignore[no-untyped-def]
    env = Env(
        config_option=str(rep.config.path),
        db_option=str(rep.store.root),
        clock=FixedClock(NOW),
    )
    return CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)


def test_export_document_is_self_describing(rep) -> None:  # type: ignore[no-untyped-def]
    doc = build_export(rep.config, rep.store, W47, NOW)
    assert doc["format"] == EXPORT_FORMAT and doc["schema"] == EXPORT_SCHEMA
    assert doc["rep"] == {"id": "rep-01", "name": "山田 太郎"}
    assert doc["range"] == {"from": "2026-11-16", "to": "2026-11-22", "week": "2026-W47"}
    events = [Event.from_record(e) for e in doc["events"]]
    assert events == sorted(
        rep.store.events_between(W47.start, W47.end), key=lambda e: (e.at, e.id)
    )
    assert doc["event_count"] == len(events) > 300
    assert all(e["at"].endswith("+09:00") for e in doc["events"])
    assert doc["targets"]["by_day"]["2026-11-16"]["call"] == 100
    assert doc["targets"]["by_day"]["2026-11-21"]["call"] == 0  # Saturday
    assert doc["reflections"][0]["records"][0]["went_well"] == "決裁者に繋がった"
    assert len(doc["midchecks"][0]["records"]) == 2
    assert doc["weekly_reviews"][0]["week"] == "2026-W47"


def test_export_cli_default_name_and_japanese_bytes(rep, tmp_path: Path, monkeypatch) -> None:  # type: ignore[no-untyped-def]
    monkeypatch.chdir(tmp_path)
    result = run(rep, "export", "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    path = tmp_path / "istui-rep-01-2026-W47.json"
    raw = path.read_bytes()
    assert "山田 太郎".encode() in raw and "決裁者に繋がった".encode() in raw
    assert json.loads(raw)["rep"]["id"] == "rep-01"


def test_no_notes_keeps_numbers_and_pick_lists(rep, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    doc = build_export(rep.config, rep.store, W47, NOW, notes=False)
    assert doc["notes_included"] is False
    text = json.dumps(doc, ensure_ascii=False)
    for words in (
        "決裁者に繋がった", "受付突破", "リストが古い", "予算は来期", "トークを変える",
        "決裁者リストを先に架電",
    ):  # fmt: skip
        assert words not in text, words
    kept = doc["reflections"][0]["records"][0]
    assert kept["focus"] == 4 and kept["energy"] == 3
    assert kept["objections"] == ["no budget", "bad timing"]
    assert kept["changed_at"] == "2026-11-17T18:40:00+09:00"
    assert kept["submitted"] is True
    assert not set(REFLECTION_TEXT_FIELDS) & set(kept)
    full = build_export(rep.config, rep.store, W47, NOW)["midchecks"][0]["records"][1]
    pm = doc["midchecks"][0]["records"][1]
    assert pm == {k: v for k, v in full.items() if k not in MIDCHECK_TEXT_FIELDS}
    assert pm["need_help"] is True and pm["rating"] == 3 and pm["slot"] == "15:30"
    # What is left still reads as the forms' records (a review or team view can use it).
    assert Reflection.from_record(kept).submitted
    assert MidCheck.from_record(pm).need_help
    action = doc["weekly_reviews"][0]["tables"]["actions"][0]
    assert action == {"done": False}
    assert len(doc["events"]) == len(build_export(rep.config, rep.store, W47, NOW)["events"])


def test_strip_text_rules() -> None:
    picks = frozenset({"no budget"})
    value = {"a": "free words", "b": ["no budget", "other"], "n": 3, "d": "2026-11-17", "id": "x"}
    assert strip_text(value, picks) == {"b": ["no budget"], "n": 3, "d": "2026-11-17", "id": "x"}


def test_csv_shape(rep, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out.csv"
    result = run(rep, "export", "--week", "2026-W47", "--format", "csv", "-o", str(out))
    assert result.exit_code == 0, result.output
    rows = list(csv.reader(io.StringIO(out.read_text(encoding="utf-8"))))
    assert rows[0] == [
        "rep_id", "rep_name", "event_id", "date", "time", "timestamp", "utc_offset", "kind",
    ]  # fmt: skip
    events = rep.store.events_between(W47.start, W47.end)
    assert len(rows) == 1 + len(events)
    assert all(r[0] == "rep-01" and r[1] == "山田 太郎" for r in rows[1:])
    assert all(date.fromisoformat(r[3]) and r[6] == "+09:00" for r in rows[1:])
    daily = list(csv.reader(io.StringIO((tmp_path / "out-daily.csv").read_text("utf-8"))))
    assert daily[0][:7] == ["rep_id", "rep_name", "date", "weekday", "working_day", "call",
                            "call_target"]  # fmt: skip
    assert [r[2] for r in daily[1:]] == [f"2026-11-{d}" for d in range(16, 23)]
    totals = daily_totals(
        events, [W47.start], rep.config.metrics, rep.store.target_versions(), rep.config.calendar
    )
    monday = dict(zip(daily[0], daily[1], strict=True))
    assert int(monday["call"]) == totals[0].counts["call"]
    assert int(monday["meeting_target"]) == 4
    rate = totals[0].counts["connect"] / totals[0].counts["call"]
    assert float(monday["connect_rate"]) == pytest.approx(rate, abs=1e-4)
    assert sum(1 for r in daily if r[0] == "rep_id") == 1  # one header row


@pytest.mark.parametrize(
    ("args", "needle"),
    [
        (["--week", "2026-W60"], "does not exist"),
        (["--week", "last week"], "not an ISO week"),
        (["--week", "2026-W47", "--from", "2026-11-01"], "exclude each other"),
        (["--from", "2026-11-01"], "go together"),
        (["--from", "2026-11-10", "--to", "2026-11-01"], "before"),
        (["--from", "2026-02-30", "--to", "2026-03-01"], "not a real date"),
        (["--week", "2026-W49"], "--week: 2026-W49 is in the future"),
        (["--from", "2026-12-01", "--to", "2026-12-05"], "--from 2026-12-01 is in the future"),
    ],
)
def test_export_usage_errors(rep, args: list[str], needle: str) -> None:  # type: ignore[no-untyped-def]
    result = run(rep, "export", *args)
    assert result.exit_code == 2
    assert needle in result.output
    assert "Traceback" not in result.output


def test_export_range_and_output_folder(rep, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "exports"
    out.mkdir()
    result = run(rep, "export", "--from", "2026-11-10", "--to", "2026-11-18", "-o", str(out))
    assert result.exit_code == 0, result.output
    path = out / "istui-rep-01-2026-11-10_2026-11-18.json"
    doc = json.loads(path.read_text("utf-8"))
    assert doc["range"]["week"] is None
    assert {w["week"] for w in doc["weekly_reviews"]} == {"2026-W47"}
