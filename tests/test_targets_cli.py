"""`istui targets …`: output, applying, and every bad input (exit 2, nothing changed)."""

from __future__ import annotations

import os
import subprocess
import sys
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner, Result

from istui.cli import cli
from istui.services.config import default_config_text
from istui.services.demo import fill_history
from istui.store import Store

JST = timezone(timedelta(hours=9))
NOW = "2026-11-23T10:30:00+09:00"
ARTICLE = [
    "--deals",
    "10",
    "--win-rate",
    "0.25",
    "--meeting-rate",
    "0.10",
    "--connect-rate",
    "0.30",
]


class Istui:
    def __init__(self, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
        self.db = tmp_path / "db"
        self.config = tmp_path / "config.toml"
        self.config.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
        monkeypatch.setenv("ISTUI_NOW", NOW)
        self.runner = CliRunner()

    def __call__(self, *args: str) -> Result:
        return self.runner.invoke(
            cli, ["--db", str(self.db), "--config", str(self.config), *args], catch_exceptions=False
        )

    @property
    def targets_bytes(self) -> bytes:
        return (self.db / "targets.json").read_bytes()


@pytest.fixture
def istui(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Istui:
    return Istui(tmp_path, monkeypatch)


def test_plan_prints_the_chain(istui: Istui) -> None:
    result = istui("targets", "plan", *ARTICLE, "--month", "2026-12")
    assert result.exit_code == 0, result.output
    for line in (
        "Plan for December 2026: 10 deals, 23 working days",
        "10 deals ÷ 25 % win rate = 40 meetings",
        "400 connects ÷ 30 % connect rate = 1,333.3 → 1,334 dials",
        "1,334 dials ÷ 23 working days of December 2026 = 58 a day",
        "Daily targets: call 58 · connect 18 · meeting 2",
        "warning: 58 dials a day is below the typical 80–120",
        "not applied",
    ):
        assert line in result.output
    assert not (istui.db / "targets.json").exists()  # planning alone writes nothing


def test_plan_takes_percentages_and_defaults_to_this_month(istui: Istui) -> None:
    result = istui(
        "targets", "plan", "--deals", "10", "--win-rate", "25%", "--meeting-rate", "10 %",
        "--connect-rate", "30%",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "November 2026: 10 deals, 21 working days" in result.output


def test_plan_apply_sets_targets_from_the_month(istui: Istui) -> None:
    result = istui("targets", "plan", *ARTICLE, "--month", "2026-12", "--apply")
    assert result.exit_code == 0, result.output
    assert "applied from 2026-12-01: call 58 · connect 18 · meeting 2 · email 40" in result.output
    show = istui("targets", "show", "--date", "2026-12-01")
    assert "from 2026-12-01, set by plan" in show.output
    assert "Calls" in show.output and "58" in show.output
    today = istui("targets", "show")
    assert "Calls          100" in today.output  # today keeps its own target


def test_plan_apply_from_a_later_day(istui: Istui) -> None:
    result = istui(
        "targets", "plan", *ARTICLE, "--month", "2026-12", "--apply", "--from", "2026-12-07"
    )
    assert result.exit_code == 0, result.output
    assert "applied from 2026-12-07" in result.output
    assert "Calls          100" in istui("targets", "show", "--date", "2026-12-04").output


def test_impossible_plan_is_shown_with_a_warning(istui: Istui) -> None:
    result = istui(
        "targets", "plan", "--deals", "10", "--win-rate", "25%", "--meeting-rate", "2%",
        "--connect-rate", "10%", "--month", "2026-12",
    )  # fmt: skip
    assert result.exit_code == 0
    assert "Daily targets: call 870" in result.output
    assert "likely impossible" in result.output


def with_contact_stage(istui: Istui) -> None:
    text = istui.config.read_text(encoding="utf-8")
    istui.config.write_text(
        text.replace(
            'funnel = ["call", "connect", "meeting"]',
            'funnel = ["call", "connect", "contact", "meeting"]',
        ).replace("meeting = 4\n", "contact = 15\nmeeting = 4\n"),
        encoding="utf-8",
    )


def test_contact_stage_needs_a_contact_rate(istui: Istui) -> None:
    with_contact_stage(istui)
    istui("targets", "show")
    before = istui.targets_bytes
    missing = istui("targets", "plan", *ARTICLE, "--month", "2026-12", "--apply")
    assert missing.exit_code == 2
    assert "--contact-rate: needed because the funnel has a contact stage" in missing.stderr
    assert istui.targets_bytes == before
    result = istui(
        "targets", "plan", *ARTICLE, "--contact-rate", "60%", "--month", "2026-12", "--apply"
    )
    assert result.exit_code == 0, result.output
    assert "400 contacts ÷ 60 % contact rate = 666.7 → 667 connects" in result.output
    assert "Daily targets: call 97 · connect 29 · contact 18 · meeting 2" in result.output
    assert "contact 18" in result.output.splitlines()[-1]


def test_set_and_show(istui: Istui) -> None:
    result = istui("targets", "set", "call=90", "meeting=5")
    assert result.exit_code == 0, result.output
    assert "from 2026-11-23: call 90 · meeting 5" in result.output
    show = istui("targets", "show").output
    assert (
        "Calls           90" in show
        and "Meetings         5" in show
        and "Connects        25" in show
    )
    past = istui("targets", "show", "--date", "2026-11-20").output
    assert "Calls          100" in past
    weekday = istui("targets", "set", "call=70", "--weekday", "Friday", "--from", "2026-11-27")
    assert weekday.exit_code == 0, weekday.output
    assert "on Fridays" in weekday.output
    assert "Calls           70" in istui("targets", "show", "--date", "2026-11-27").output
    assert "Calls           90" in istui("targets", "show", "--date", "2026-11-26").output
    weekend = istui("targets", "show", "--date", "2026-11-28").output
    assert "not a working day" in weekend


def test_suggest_and_month(istui: Istui) -> None:
    store = Store(istui.db)
    fill_history(store, datetime(2026, 11, 23, 10, 30, tzinfo=JST), 35, seed=5)
    result = istui("targets", "suggest")
    assert result.exit_code == 0, result.output
    assert "based on 20 working days, 2026-10-26 to 2026-11-20" in result.output
    assert "past connect rate" in result.output
    assert "istui targets set call=" in result.output
    short = istui("targets", "suggest", "--days", "5")
    assert "based on 5 working days" in short.output
    month = istui("targets", "month")
    assert month.exit_code == 0, month.output
    assert "November 2026: 15 of 21 working days done + 19 % of today, 5 left after today" in (
        month.output
    )
    assert "landing" in month.output


def test_suggest_skips_days_without_events(istui: Istui) -> None:
    store = Store(istui.db)
    fill_history(store, datetime(2026, 11, 23, 10, 30, tzinfo=JST), 35, seed=5)
    with store.transaction("days/2026/2026-11-20.json") as db:  # a reflection only
        db.table("events").truncate()
        db.table("reflection").insert({"note": "研修で架電なし"})
    result = istui("targets", "suggest")
    assert "based on 20 working days, 2026-10-23 to 2026-11-19" in result.output


def test_suggest_with_too_little_history(istui: Istui) -> None:
    store = Store(istui.db)
    fill_history(store, datetime(2026, 11, 23, 10, 30, tzinfo=JST), 3, seed=5)
    result = istui("targets", "suggest")
    assert result.exit_code == 0
    assert "too little history" in result.output
    assert "1 working day(s) logged" in result.output


BAD = [
    (["plan", "--deals", "0", *ARTICLE[2:]], "--deals: 0"),
    (["plan", "--deals", "-3", *ARTICLE[2:]], "--deals: -3"),
    (["plan", "--deals", "ten", *ARTICLE[2:]], "--deals: 'ten'"),
    (["plan", "--deals", "1.5", *ARTICLE[2:]], "--deals: '1.5'"),
    (["plan", *ARTICLE[:2], "--win-rate", "0", *ARTICLE[4:]], "--win-rate: 0"),
    (["plan", *ARTICLE[:2], "--win-rate", "1.5", *ARTICLE[4:]], "--win-rate: 1.5"),
    (["plan", *ARTICLE[:2], "--win-rate", "150%", *ARTICLE[4:]], "--win-rate: 150%"),
    (["plan", *ARTICLE[:2], "--win-rate", "-0.2", *ARTICLE[4:]], "--win-rate: '-0.2'"),
    (["plan", *ARTICLE[:4], "--meeting-rate", "0%", *ARTICLE[6:]], "--meeting-rate: 0%"),
    (["plan", *ARTICLE[:6], "--connect-rate", "2"], "--connect-rate: 2"),
    (["plan", *ARTICLE[:6], "--connect-rate", "abc"], "--connect-rate: 'abc'"),
    (["plan", *ARTICLE, "--month", "2026-13"], "--month: '2026-13'"),
    (["plan", *ARTICLE, "--month", "12-2026"], "--month: '12-2026'"),
    (["plan", *ARTICLE, "--from", "2026-12-01"], "--from: only with --apply"),
    (["plan", *ARTICLE, "--month", "2026-12", "--apply", "--from", "2026-11-01"], "in the past"),
    (["plan", *ARTICLE, "--month", "2026-12", "--apply", "--from", "2026-02-30"], "2026-02-30"),
    (["plan", *ARTICLE, "--month", "2026-10", "--apply"], "October 2026 is over"),
    (["plan", *ARTICLE, "--month", "2026-12", "--apply", "--from", "2027-01-04"], "after December"),
    (["plan", *ARTICLE[2:]], "--deals"),
    (["plan", *ARTICLE, "--contact-rate", "60%"], "the funnel has no contact stage"),
    (["set"], "at least one KEY=N"),
    (["set", "call=abc"], "'call=abc'"),
    (["set", "call=-1"], "'call=-1'"),
    (["set", "dials=3"], "unknown metric 'dials'"),
    (["set", "call=1", "call=2"], "given twice"),
    (["set", "call=90", "--weekday", "xyz"], "--weekday: 'xyz'"),
    (["set", "call=90", "--weekday", "fridayyy"], "--weekday: 'fridayyy'"),
    (["set", "call=90", "--from", "2026-11-22"], "in the past"),
    (["set", "call=90", "--from", "soon"], "--from: 'soon'"),
    (["show", "--date", "2026-11-31"], "--date: '2026-11-31'"),
    (["suggest", "--days", "0"], "--days"),
    (["month", "--month", "2026-13"], "--month: '2026-13'"),
]


@pytest.mark.parametrize(("args", "named"), BAD, ids=[" ".join([*a[:1], n]) for a, n in BAD])
def test_bad_input_exits_2_and_changes_nothing(istui: Istui, args: list[str], named: str) -> None:
    assert istui("targets", "show").exit_code == 0  # records the config's targets
    before = istui.targets_bytes
    result = istui("targets", *args)
    assert result.exit_code == 2, result.output
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("istui: ")
    assert named in lines[0]
    assert "Traceback" not in result.output
    assert istui.targets_bytes == before


def test_targets_cli_does_not_import_textual(istui: Istui) -> None:
    code = (
        "import sys\n"
        "from istui.cli import cli\n"
        "for args in (['targets', 'plan', '--deals', '5', '--win-rate', '25%', '--meeting-rate',"
        " '10%', '--connect-rate', '30%'], ['targets', 'month'], ['targets', 'suggest']):\n"
        "    try:\n"
        f"        cli.main(['--db', {str(istui.db)!r}, '--config', {str(istui.config)!r}, *args])\n"
        "    except SystemExit as exc:\n"
        "        assert not exc.code, exc.code\n"
        "assert 'textual' not in sys.modules, 'textual imported'\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        env={**os.environ, "ISTUI_NOW": NOW},
    )
    assert done.returncode == 0, done.stderr
    assert "Plan for November 2026" in done.stdout


def test_japanese_labels_pass_through(istui: Istui) -> None:
    text = istui.config.read_text(encoding="utf-8")
    istui.config.write_text(
        text.replace('# Optional display names, e.g. meeting = "アポ"', 'meeting = "アポ"'),
        encoding="utf-8",
    )
    assert "アポ" in istui("targets", "show").output
    month = istui("targets", "month").output.splitlines()
    calls = next(line for line in month if line.startswith("Calls"))
    meetings = next(line for line in month if line.startswith("アポ"))
    # Columns line up in terminal cells: アポ is two characters but four cells.
    assert len(meetings) == len(calls) - 2
