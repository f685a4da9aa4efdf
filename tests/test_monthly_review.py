"""The monthly review: the article's example through the month's diagnosis, a
month in progress and a past month, the weeks side by side, the words saved,
next month's plan from the real rates, and `istui report --month`."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, datetime, time
from pathlib import Path

import pytest

from cli_helpers import JST, files, one_error_line, run
from domain_fixtures import BASIC as DEFAULT_METRICS
from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.funnel import Event
from istui.domain.monthly import MonthWords, build_month_review
from istui.domain.targets import TargetVersion
from istui.render import diagnosis
from istui.services.config import default_config_text
from istui.store import Store
from review_helpers import day_outcomes

#: February 2027: Monday the 1st to Sunday the 28th, exactly 20 working days.
CAL = WorkCalendar(workdays=frozenset(range(5)), holidays=frozenset())
HOURS = WorkHours(time(9), time(17), ())
#: The article's month: 20 meetings a month, 1,200 dials, a 30 % connect rate.
ARTICLE_TARGETS = [TargetVersion(date(1970, 1, 1), {"call": 60, "connect": 18, "meeting": 1})]


def article_events() -> list[Event]:
    """1,200 dials, 360 connects, 12 meetings over February's 20 working days."""
    days = [d for d in CAL.month_working_days(2027, 2)]
    events: list[Event] = []
    for i, day in enumerate(days):
        events += day_outcomes(day, calls=60, connects=18, meetings=1 if i < 12 else 0)
    return events


def test_the_articles_month_finds_the_meeting_rate() -> None:
    review = build_month_review(
        article_events(),
        DEFAULT_METRICS,
        ARTICLE_TARGETS,
        CAL,
        HOURS,
        2027,
        2,
        datetime(2027, 3, 1, 9, tzinfo=JST),
    )
    assert review.landed and not review.in_progress
    lines = {x.metric.key: x for x in review.view.lines}
    assert (lines["meeting"].actual, lines["meeting"].target) == (12, 20)
    assert lines["meeting"].percent == 60
    d = review.diagnosis
    assert (d.verdict, d.stage) == ("quality", "meeting")
    rates = {r.key: r for r in d.rates}
    assert round(rates["connect"].actual.value or 0, 3) == 0.3
    assert round((rates["meeting"].actual.value or 0) * 100, 1) == 3.3
    assert round((rates["meeting"].target.value or 0) * 100, 1) == 5.6
    assert diagnosis.headline(d).startswith("the bottleneck is the meeting rate: 3.3% vs 5.6%")
    assert "meeting 12 of 20 (60%) this month" in diagnosis.details(d)
    assert "hearing skills (questions, value proposal)" in diagnosis.causes(d)
    # The weeks side by side: four whole weeks of February.
    assert [str(w.week) for w in review.weeks] == ["2027-W05", "2027-W06", "2027-W07", "2027-W08"]
    assert [w.counts["meeting"] for w in review.weeks] == [5, 5, 2, 0]
    # Next month: March's 23 working days x 1 meeting at 3.3 % and 30 %.
    plan = review.next_plan
    assert (plan.year, plan.month, plan.goal) == (2027, 3, 23)
    assert plan.plan is not None
    assert plan.plan.monthly == {"meeting": 23, "connect": 690, "call": 2300}
    assert plan.plan.daily == {"call": 100, "connect": 30, "meeting": 1}


def test_a_month_in_progress_is_judged_to_date() -> None:
    now = datetime(2027, 2, 15, 13, tzinfo=JST)  # Monday: 10 days done, half of today
    events = [e for e in article_events() if e.day <= now.date()]
    review = build_month_review(events, DEFAULT_METRICS, ARTICLE_TARGETS, CAL, HOURS, 2027, 2, now)
    assert review.in_progress and not review.landed
    assert review.view.days_done == 10
    assert review.diagnosis.so_far
    assert [d.day for d in review.days][-1] == now.date()
    meeting = next(x for x in review.view.lines if x.metric.key == "meeting")
    assert meeting.landing is not None and meeting.landing > meeting.actual


@pytest.fixture
def cli_store(tmp_path: Path) -> tuple[Path, Path]:
    config = tmp_path / "config.toml"
    config.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    db = tmp_path / "db"
    run(config, db, "targets", "show")
    store = Store(db)
    events = []
    for i, day in enumerate(CAL.month_working_days(2026, 11)):
        events += day_outcomes(day, calls=100, connects=25, meetings=4 if i % 2 else 2)
    by_day: dict[date, list[Event]] = {}
    for e in events:
        by_day.setdefault(e.day, []).append(e)
    for day, evs in by_day.items():
        store.add_day_events(day, evs)
    store.save_month_words(
        2026,
        11,
        MonthWords(why="電話が =SUM(A1) 少ない", so_what="午後が弱い", now_what="朝に架電"),
        at=datetime(2026, 12, 1, 9, tzinfo=JST),
    )
    return config, db


DEC = datetime(2026, 12, 2, 9, tzinfo=JST)


def test_report_month_text_of_a_past_month(cli_store: tuple[Path, Path]) -> None:
    config, db = cli_store
    result = run(config, db, "report", "--month", "2026-11", now=DEC)
    assert result.exit_code == 0, result.output
    text = result.stdout
    assert "Monthly review · November 2026 · 山田 太郎 (rep-01)" in text
    assert "The month has landed: final figures." in text
    assert "Why: 電話が =SUM(A1) 少ない" in text
    assert "Now What: 朝に架電" in text
    assert "The month's weeks (actual/target)" in text
    assert "Next month's plan" in text


def test_report_month_json_and_csv(cli_store: tuple[Path, Path]) -> None:
    config, db = cli_store
    data = json.loads(
        run(config, db, "report", "--month", "2026-11", "--format", "json", now=DEC).stdout
    )
    assert data["month"] == "2026-11" and data["landed"] is True
    assert data["metrics"]["meeting"]["actual"] == 11 * 2 + 10 * 4
    assert data["review"]["so_what"] == "午後が弱い"
    assert data["next_plan"]["month"] == "2026-12"
    rows = list(
        csv.reader(
            io.StringIO(
                run(config, db, "report", "--month", "2026-11", "--format", "csv", now=DEC).stdout
            )
        )
    )
    assert rows[0][:4] == ["rep_id", "month", "row", "key"]
    assert ["rep-01", "2026-11", "metric", "call", "2100", "2100", "2100", "", ""] in rows


def test_report_month_markdown_neutralises_the_reps_words(cli_store: tuple[Path, Path]) -> None:
    config, db = cli_store
    md = run(config, db, "report", "--month", "2026-11", "--format", "markdown", now=DEC).stdout
    assert md.startswith("# Monthly review · November 2026")
    assert "## What / Why / So What / Now What" in md


def test_report_month_in_japanese(cli_store: tuple[Path, Path]) -> None:
    config, db = cli_store
    text = run(config, db, "--lang", "ja", "report", "--month", "2026-11", now=DEC).stdout
    assert "月次レビュー" in text


@pytest.mark.parametrize(
    ("args", "what"),
    [
        (["--month", "2026-13"], "--month"),
        (["--month", "2027-01"], "--month: 2027-01 is in the future"),
        (["--month", "2026-11", "--week", "2026-W47"], "not with --week"),
    ],
)
def test_report_month_bad_input(cli_store: tuple[Path, Path], args: list[str], what: str) -> None:
    config, db = cli_store
    before = files(db)
    assert what in one_error_line(run(config, db, "report", *args, now=DEC), 2)
    assert files(db) == before


def test_month_words_round_trip_and_bounds(tmp_path: Path) -> None:
    store = Store(tmp_path / "db")
    at = datetime(2026, 11, 30, 18, tzinfo=JST)
    saved = store.save_month_words(2026, 11, MonthWords(why="a"), at=at)
    assert store.month_words(2026, 11) == saved
    assert store.month_words(2026, 10).empty
    from istui.store import StoreError

    with pytest.raises(StoreError, match="why is longer than 2000"):
        store.save_month_words(2026, 11, MonthWords(why="x" * 2001), at=at)
    assert store.month_words(2026, 11).why == "a"


def test_the_month_marks_a_day_the_rep_lowered() -> None:
    lowered = TargetVersion(
        date(2027, 2, 9), {"call": 30, "connect": 18, "meeting": 1}, single_day=True,
        source="reflection",
    )  # fmt: skip
    review = build_month_review(
        article_events(), DEFAULT_METRICS, [*ARTICLE_TARGETS, lowered], CAL, HOURS, 2027, 2,
        datetime(2027, 3, 1, 9, tzinfo=JST),
    )  # fmt: skip
    assert [(d.day, d.keys, d.usual["call"]) for d in review.lowered] == [
        (date(2027, 2, 9), ("call",), 60)
    ]
    calls = next(x for x in review.view.lines if x.metric.key == "call")
    assert calls.target == 1200 - 30  # that day was judged against its own target
