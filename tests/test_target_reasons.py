"""Targets change for a reason: who set each version and why, `targets history`,
schema-1 versions upgraded, and the days judged against a target the rep lowered."""

from __future__ import annotations

import json
from datetime import date, datetime
from pathlib import Path

import pytest

from cli_helpers import JST, files, one_error_line, run
from istui.domain.calendar import IsoWeek, WorkCalendar
from istui.domain.targets import TargetVersion, lowered_days
from istui.services.config import default_config_text
from istui.store import Store
from istui.store.layout import STORE_SCHEMA, TARGETS
from review_helpers import day_outcomes

W47 = IsoWeek(2026, 47)


@pytest.fixture
def paths(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    return config, tmp_path / "db"


def test_set_with_a_reason_is_listed_by_history(paths: tuple[Path, Path]) -> None:
    config, db = paths
    result = run(config, db, "targets", "set", "call=80", "--reason", "leads", "--why", "list dry")
    assert result.exit_code == 0, result.output
    history = run(config, db, "targets", "history")
    assert history.exit_code == 0
    text = history.stdout
    assert "#1 from the start: call 100" in text
    assert "set by the config (config, —); why: no reason given" in text
    assert "#2 from 2026-11-23: call 80" in text
    assert (
        "set by the rep (cli, 2026-11-23T10:30+09:00); why: a change in lead supply: list dry"
        in text
    )
    data = json.loads(run(config, db, "targets", "history", "--json").stdout)
    last = data["versions"][-1]
    assert (last["by"], last["reason"], last["reason_text"]) == ("rep", "leads", "list dry")
    assert last["values"]["call"] == 80


def test_plan_apply_records_the_plan_and_its_reason(paths: tuple[Path, Path]) -> None:
    config, db = paths
    args = ["targets", "plan", "--deals", "10", "--win-rate", "25%", "--meeting-rate", "10%"]
    args += ["--connect-rate", "30%", "--apply", "--reason", "period-start"]
    assert run(config, db, *args).exit_code == 0
    last = json.loads(run(config, db, "targets", "history", "--json").stdout)["versions"][-1]
    assert (last["by"], last["reason"], last["source"]) == ("plan", "period_start", "plan")


def test_japanese_history_uses_the_articles_terms(paths: tuple[Path, Path]) -> None:
    config, db = paths
    run(config, db, "targets", "set", "call=80", "--reason", "market")
    text = run(config, db, "--lang", "ja", "targets", "history").stdout
    assert "市場環境の変化" in text


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--reason", "weather"], "--reason: 'weather' is not one of market"),
        (["--why", "two\nlines"], "--why: reason_text must be one line"),
        (["--why", "x" * 201], "--why: reason_text is longer than 200"),
    ],
)
def test_a_bad_reason_is_one_line_and_writes_nothing(
    paths: tuple[Path, Path], args: list[str], what: str
) -> None:
    config, db = paths
    run(config, db, "targets", "show")
    before = files(db)
    line = one_error_line(run(config, db, "targets", "set", "call=80", *args), 2)
    assert what in line
    assert files(db) == before


def test_plan_reason_without_apply_is_a_usage_error(paths: tuple[Path, Path]) -> None:
    config, db = paths
    args = ["targets", "plan", "--deals", "10", "--win-rate", "25%", "--meeting-rate", "10%"]
    line = one_error_line(run(config, db, *args, "--connect-rate", "30%", "--reason", "market"), 2)
    assert "only with --apply" in line


def _schema_1_targets(db: Path) -> None:
    """targets.json as istui wrote it before versions said who and why."""
    db.mkdir(parents=True)
    (db / "store.json").write_text(json.dumps({"format": "istui-store", "schema": 1}))
    old = {
        "_meta": {"1": {"format": "istui-store", "schema": 1}},
        "versions": {
            "1": {"effective": "1970-01-01", "values": {"call": 100}, "source": "config"},
            "2": {
                "effective": "2026-11-24",
                "values": {"call": 60},
                "single_day": True,
                "source": "reflection",
                "set_at": "2026-11-23T18:00:00+09:00",
            },
        },
    }
    (db / TARGETS).write_text(json.dumps(old))


def test_schema_1_versions_read_and_are_upgraded_on_the_next_write(tmp_path: Path) -> None:
    db = tmp_path / "db"
    _schema_1_targets(db)
    store = Store(db)
    versions = store.target_versions()
    assert [v.setter for v in versions] == ["config", "rep"]
    assert all(v.reason == "" for v in versions)
    store.set_targets(date(2026, 11, 25), {"call": 90}, reason="headcount")
    data = json.loads((db / TARGETS).read_text())
    assert data["_meta"]["1"]["schema"] == STORE_SCHEMA == 2
    assert [r["by"] for r in data["versions"].values()] == ["config", "rep", "rep"]
    assert data["versions"]["3"]["reason"] == "headcount"


def test_a_bad_by_in_a_store_file_is_named(tmp_path: Path) -> None:
    with pytest.raises(ValueError, match="by must be one of config, rep, plan"):
        TargetVersion.from_record({"effective": "2026-11-01", "values": {}, "by": "boss"})


def _versions() -> list[TargetVersion]:
    usual = TargetVersion(date(1970, 1, 1), {"call": 100, "meeting": 4})
    lowered = TargetVersion(
        date(2026, 11, 17), {"call": 60, "meeting": 4}, single_day=True, source="reflection"
    )
    raised = TargetVersion(
        date(2026, 11, 18), {"call": 120, "meeting": 5}, single_day=True, source="reflection"
    )
    return [usual, lowered, raised]


def test_only_days_asked_lower_than_usual_are_lowered() -> None:
    days = W47.days
    found = lowered_days(_versions(), days, WorkCalendar())
    assert [(d.day, d.keys, d.usual["call"]) for d in found] == [
        (date(2026, 11, 17), ("call",), 100)
    ]


def test_the_weekly_review_marks_the_lowered_day(paths: tuple[Path, Path]) -> None:
    config, db = paths
    run(config, db, "targets", "show")
    store = Store(db)
    store.add_target_version(_versions()[1])
    from test_review_store_cli import write_events

    write_events(store, day_outcomes(date(2026, 11, 17), calls=70, connects=20, meetings=2))
    now = datetime(2026, 11, 23, 10, 0, tzinfo=JST)
    text = run(config, db, "report", "--week", "2026-W47", now=now).stdout
    assert "Tue 11-17 ↓" in text
    assert "2026-11-17: judged against targets the rep lowered: call 60 (usual 100)" in text
    data = json.loads(run(config, db, "report", "--week", "2026-W47", "--format", "json").stdout)
    assert data["lowered_days"] == [
        {
            "date": "2026-11-17",
            "targets": {"call": 60, "meeting": 4},
            "usual": {"call": 100, "connect": 25, "meeting": 4, "email": 40},
            "lowered": ["call"],
        }
    ]
