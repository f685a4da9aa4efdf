"""`istui deals` and `istui deal ID STEP`: every booked meeting is a deal; a
step that does not follow, a bad amount, an unknown reason or a future date is
one line, exit 2, nothing written; deal steps never change the dial counts."""

from __future__ import annotations

import json
from datetime import datetime, timedelta, timezone
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from cli_helpers import files, one_error_line, run
from istui.services.config import default_config_text

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store"


def listed(config_path: Path, db: Path, *args: str, now: datetime = NOW) -> dict[str, Any]:
    result = run(config_path, db, "deals", "--json", *args, now=now)
    assert result.exit_code == 0, result.output
    document: dict[str, Any] = json.loads(result.stdout)
    return document


def booked(config_path: Path, db: Path, n: int = 1) -> list[str]:
    for _ in range(n):
        assert run(config_path, db, "log", "meeting", "--at", "09:30").exit_code == 0
    assert run(config_path, db, "log", "call", "--at", "09:40").exit_code == 0
    return [d["id"] for d in listed(config_path, db)["deals"]]


def step(config_path: Path, db: Path, deal_id: str, *args: str) -> str:
    result = run(config_path, db, "deal", deal_id[:6], *args)
    assert result.exit_code == 0, result.output
    return result.stdout


def test_every_meeting_is_a_deal_moved_on_step_by_step(config_path: Path, db: Path) -> None:
    (deal_id,) = booked(config_path, db)
    step(config_path, db, deal_id, "scheduled", "--on", "2026-11-26", "--name", "ACME 株式会社")
    step(config_path, db, deal_id, "held", "--at", "2026-11-23T10:00")
    step(config_path, db, deal_id, "qualified", "--bant", "b,a,n,t", "--score", "4")
    out = step(config_path, db, deal_id, "won", "--amount", "1,200,000")
    assert out == f"Deal {deal_id[:8]}: won, now won.\n"
    (deal,) = listed(config_path, db)["deals"]
    assert deal["state"] == "won" and deal["amount"] == 1_200_000
    assert (deal["bant"], deal["score"], deal["name"]) == ("bant", 4, "ACME 株式会社")
    assert deal["scheduled_for"] == "2026-11-26"
    assert [s["step"] for s in deal["steps"]] == ["scheduled", "held", "qualified", "won"]
    figures = listed(config_path, db)["figures"]
    assert (figures["won"], figures["win_rate"], figures["amount"]) == (1, 1.0, 1_200_000)
    text = run(config_path, db, "deals").stdout
    assert text.splitlines()[0].startswith(f"{deal_id[:8]}  2026-11-26  won ")
    assert "¥1,200,000" in text and "BANT BANT" in text


def test_open_lists_only_open_deals_and_undo_and_reopen(config_path: Path, db: Path) -> None:
    first, second = booked(config_path, db, 2)
    step(config_path, db, first, "cancelled", "--reason", "Rescheduled")
    assert [d["id"] for d in listed(config_path, db, "--open")["deals"]] == [second]
    step(config_path, db, first, "reopen")
    assert len(listed(config_path, db, "--open")["deals"]) == 2
    step(config_path, db, first, "noshow")
    out = step(config_path, db, first, "undo")
    assert out == f"Deal {first[:8]}: last step undone, now booked.\n"
    deals = {d["id"]: d for d in listed(config_path, db)["deals"]}
    assert deals[first]["state"] == "booked"
    assert [s["step"] for s in deals[first]["steps"]] == ["cancelled", "reopen"]
    assert deals[first]["changed_at"] is not None


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["won", "--amount", "5"], "is booked: won follows held or qualified"),
        (["held", "--at", "2026-11-23T11:00"], "in the future"),
        (["held", "--at", "2026-11-22T11:00"], "before its last change"),
        (["cancelled", "--reason", "aliens"], "unknown reason 'aliens'"),
        (["won"], "won needs --amount"),
        (["held", "--amount", "5"], "--amount does not go with held"),
        (["qualified", "--bant", "b,x"], "'x' is not one of"),
        (["scheduled", "--on", "2026-02-30"], "not a real date"),
        (["scheduled", "--on", "2026-11-01"], "before the meeting was booked"),
        (["scheduled"], "needs a date"),
        (["signed"], "Invalid value for 'STEP'"),
        (["undo"], "no step to undo"),
    ],
)
def test_bad_steps_are_one_line_exit_2_nothing_written(
    config_path: Path, db: Path, args: list[str], message: str
) -> None:
    (deal_id,) = booked(config_path, db)
    before = files(db)
    line = one_error_line(run(config_path, db, "deal", deal_id[:6], *args), 2)
    assert message in line
    assert files(db) == before


@pytest.mark.parametrize(
    ("amount", "message"), [("-5", "must be 1 to"), ("1e6", "not a whole amount"), ("10" * 8, "")]
)
def test_a_negative_or_absurd_amount_is_refused(
    config_path: Path, db: Path, amount: str, message: str
) -> None:
    (deal_id,) = booked(config_path, db)
    step(config_path, db, deal_id, "held")
    before = files(db)
    line = one_error_line(run(config_path, db, "deal", deal_id[:6], "won", "--amount", amount), 2)
    assert message in line
    assert files(db) == before


def test_an_unknown_deal_id_is_refused(config_path: Path, db: Path) -> None:
    booked(config_path, db)
    before = files(db)
    assert "no deal 'ffffff'" in one_error_line(run(config_path, db, "deal", "ffffff", "held"), 2)
    assert "too short" in one_error_line(run(config_path, db, "deal", "ab", "held"), 2)
    assert files(db) == before


def test_a_broken_deals_file_is_one_line_exit_1(config_path: Path, db: Path) -> None:
    booked(config_path, db)
    (db / "deals.json").write_text('{"_meta": {"1": {"schema": 1}}, "deals": {"1": {"id": 5}}}')
    line = one_error_line(run(config_path, db, "deals"), 1)
    assert "deals.json" in line and "without an id" in line


def test_japanese_listing(config_path: Path, db: Path) -> None:
    (deal_id,) = booked(config_path, db)
    step(config_path, db, deal_id, "held")
    text = run(config_path, db, "--lang", "ja", "deals").stdout  # (the CLI decides its language)
    assert "実施" in text and "商談設定" in text


def _day_counts(config_path: Path, db: Path) -> Any:
    result = run(config_path, db, "status", "--json")
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)["counts"]


@given(
    st.lists(
        st.sampled_from(
            ["held", "noshow", "cancelled", "qualified", "won", "lost", "reopen", "undo"]
        ),
        max_size=6,
    )
)
# Each example is a whole CLI session (a dozen commands): 30 of them cover the
# step sequences well, where the default 100 cost half a minute of CI.
@settings(max_examples=30)
def test_deal_steps_never_change_dial_counts(tmp_path_factory: Any, steps: list[str]) -> None:
    root = tmp_path_factory.mktemp("prop")
    config_path = root / "config.toml"
    config_path.write_text(default_config_text("rep-01", "r"), encoding="utf-8")
    db = root / "store"
    (deal_id,) = booked(config_path, db)
    before = _day_counts(config_path, db)
    events_before = run(config_path, db, "events", "--json").stdout
    for name in steps:
        args = {"won": ["--amount", "100"]}.get(name, [])
        run(config_path, db, "deal", deal_id[:6], name, *args)
    assert _day_counts(config_path, db) == before
    assert run(config_path, db, "events", "--json").stdout == events_before


def test_the_weekly_report_carries_the_deals(config_path: Path, db: Path) -> None:
    assert run(config_path, db, "log", "meeting", "--at", "2026-11-19T10:00").exit_code == 0
    (deal_id,) = [d["id"] for d in listed(config_path, db)["deals"]]
    step(config_path, db, deal_id, "held", "--at", "2026-11-20T10:00")
    step(config_path, db, deal_id, "lost", "--reason", "price", "--at", "2026-11-20T12:00")
    text = run(config_path, db, "report", "--week", "2026-W47").stdout
    assert "win rate 0.0% = deals won ÷ meetings held with an outcome (0/1" in text
    assert "0 meetings still open" in text
    document = json.loads(
        run(config_path, db, "report", "--week", "2026-W47", "--format", "json").stdout
    )
    assert document["diagnosis"]["deals"]["lost"] == 1
    assert document["diagnosis"]["deals"]["win_rate"] == 0.0
