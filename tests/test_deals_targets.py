"""Targets close the loop: monthly targets for deals won and 受注金額 in the month
view with their landing; `istui targets plan --from-history` takes the rep's own
rates and says how many meetings they rest on."""

from __future__ import annotations

from datetime import date, datetime, time, timedelta, timezone
from functools import partial
from pathlib import Path

import pytest

from cli_helpers import one_error_line, run
from istui.domain.deals import Deal, DealStep
from istui.domain.funnel import Event
from istui.services.config import ConfigError, default_config_text, parse_config
from istui.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)  # Monday


@pytest.fixture
def targets_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    text = default_config_text("rep-01", "r")
    text = text.replace("monthly_won = 0", "monthly_won = 10").replace(
        "monthly_amount = 0", "monthly_amount = 20000000"
    )
    path.write_text(text, encoding="utf-8")
    return path


def with_steps(deal: Deal, steps: tuple[DealStep, ...]) -> Deal:
    for step in steps:
        deal = deal.with_step(step)
    return deal


def history(db: Path) -> None:
    """Four weeks before NOW: 1,200 dials, 360 connects, 36 meetings; of those,
    36 held, 9 won (¥1,000,000 each, four this month), 27 lost."""
    store = Store(db, today=lambda: NOW.date())
    start = date(2026, 10, 26)
    n = 0
    for week in range(4):
        for weekday in range(5):
            day = start + timedelta(days=7 * week + weekday)
            at = datetime.combine(day, time(10), tzinfo=JST)
            m = (3, 2, 2, 1, 1)[weekday]  # 9 a week
            kinds = ["call"] * 42 + ["connect"] * (18 - m) + ["meeting"] * m
            events = [
                Event(f"{day}-{i}", at + timedelta(seconds=i), k) for i, k in enumerate(kinds)
            ]
            store.add_day_events(day, events)
            for event in events:
                if event.kind != "meeting":
                    continue
                held = event.at + timedelta(hours=3)
                outcome = (
                    DealStep("won", held, amount=1_000_000)
                    if n % 4 == 0
                    else DealStep("lost", held, reason="price")
                )
                steps = (DealStep("held", held), outcome)
                store.change_deal(event.id, event.at, partial(with_steps, steps=steps))
                n += 1


def test_plan_from_history_takes_the_reps_own_rates(targets_config: Path, tmp_path: Path) -> None:
    db = tmp_path / "store"
    history(db)
    result = run(targets_config, db, "targets", "plan", "--deals", "10", "--from-history", "4")
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "Rates from your last 4 weeks (2026-10-26 – 2026-11-22):" in out
    assert "win rate 25.0%: 9 won of 36 meetings decided (36 held; open ones left out)" in out
    assert "meeting rate 10.0% (36/360) · connect rate 30.0% (360/1200)" in out
    assert "40" in out  # 10 deals ÷ 25 % = 40 meetings


def test_a_typed_rate_wins_over_history_and_no_history_is_usage(
    targets_config: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store"
    history(db)
    typed = run(
        targets_config,
        db,
        "targets",
        "plan",
        "--deals",
        "10",
        "--from-history",
        "--win-rate",
        "50%",
    )
    assert typed.exit_code == 0, typed.output
    assert "Rates from your last 8 weeks" in typed.stdout
    empty = tmp_path / "empty"
    assert run(targets_config, empty, "log", "call").exit_code == 0
    line = one_error_line(
        run(targets_config, empty, "targets", "plan", "--deals", "10", "--from-history"), 2
    )
    assert "--win-rate: your last 8 weeks" in line and "give --win-rate RATE" in line
    missing = run(targets_config, db, "targets", "plan", "--deals", "10", "--win-rate", "25%")
    assert "--meeting-rate: missing" in one_error_line(missing, 2)


def test_the_month_view_shows_deals_won_against_target_and_landing(
    targets_config: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store"
    history(db)
    out = run(targets_config, db, "targets", "month").stdout
    won = next(line for line in out.splitlines() if line.startswith("Deals won"))
    assert won.startswith("Deals won 6 of 10 (60%) · landing ")
    amount = next(line for line in out.splitlines() if line.startswith("Amount won"))
    assert amount.startswith("Amount won ¥6,000,000 of ¥20,000,000 (30%) · landing ¥")


def test_monthly_targets_are_bounded(tmp_path: Path) -> None:
    text = default_config_text("r", "r").replace("monthly_won = 0", "monthly_won = -1")
    with pytest.raises(ConfigError, match=r"\[deals\].monthly_won"):
        parse_config(text, tmp_path / "c.toml")
