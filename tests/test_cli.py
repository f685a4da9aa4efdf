"""The command line: log, undo, status, doctor, --version; errors are one line,
usage errors exit 2, data errors exit 1, and a refused command writes nothing."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_helpers import files, one_error_line, run
from istui import __version__
from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.store import Store
from istui.store.backups import backup_files
from istui.store.layout import day_relpath

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)  # Monday, 90 of 480 minutes worked


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store"


def day_kinds(db: Path, day: date) -> list[str]:
    return [e.kind for e in Store(db).day_events(day)]


# ---------------------------------------------------------------------- log


def test_log_prints_the_updated_status_line(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "log", "call")
    assert result.exit_code == 0, result.output
    assert result.stdout == "calls 1/100 · conn 0/25 0% · mtg 0/4 · email 0/40 · pace -18\n"
    result = run(config_path, db, "log", "meeting", "-n", "2")
    assert result.stdout.startswith("calls 3/100 · conn 2/25 67% · mtg 2/4 ·")
    assert day_kinds(db, NOW.date()) == ["call", "meeting", "meeting"]
    events = Store(db).day_events(NOW.date())
    assert all(e.at == NOW and e.at.utcoffset() == timedelta(hours=9) for e in events)


def test_log_a_configured_counter(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "log", "email", "-n", "5")
    assert result.exit_code == 0
    assert "email 5/40" in result.stdout
    assert "calls 0/100" in result.stdout  # a counter is not a dial


def test_backfill_to_a_past_day(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "log", "connect", "--at", "2026-11-20T10:15")
    assert result.exit_code == 0, result.output
    # The status shown is that day's, as it landed (a Friday: pace = count - target).
    assert result.stdout == "calls 1/100 · conn 1/25 100% · mtg 0/4 · email 0/40 · pace -99\n"
    (event,) = Store(db).day_events(date(2026, 11, 20))
    assert event.at == datetime(2026, 11, 20, 10, 15, tzinfo=JST)
    assert event.at.utcoffset() == timedelta(hours=9)
    assert Store(db).day_events(NOW.date()) == []


def test_backfill_earlier_today_and_exactly_now_are_allowed(config_path: Path, db: Path) -> None:
    assert run(config_path, db, "log", "call", "--at", "2026-11-23T09:05").exit_code == 0
    assert run(config_path, db, "log", "call", "--at", "2026-11-23T10:30:00").exit_code == 0
    assert len(day_kinds(db, NOW.date())) == 2


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["log", "dial"], "unknown kind 'dial'"),
        (["log", "contact"], "unknown kind 'contact'"),  # not in this config's funnel
        (["log", "call", "-n", "0"], "-n"),
        (["log", "call", "-n", "-3"], "-n"),
        (["log", "call", "-n", "lots"], "-n"),
        (["log", "call", "--at", "2026-02-30T10:00"], "not a real date and time"),
        (["log", "call", "--at", "yesterday"], "not a real date and time"),
        (["log", "call", "--at", "2026-11-23T10:31"], "in the future"),
        (["log", "call", "--at", "2026-11-24T09:00"], "in the future"),
        (["log", "call", "--at", "2026-11-23T02:00+00:00"], "in the future"),
        (["log"], "Missing argument"),
        (["log", "call", "--bogus"], "No such option"),
        (["status", "--date", "2026-11-24"], "in the future"),
        (["status", "--date", "2026-02-30"], "not a real date"),
        (["status", "--date", "23/11/2026"], "not a real date"),
        (["nosuchcommand"], "No such command"),
    ],
)
def test_usage_errors_exit_2_with_one_line_and_write_nothing(
    config_path: Path, db: Path, args: list[str], message: str
) -> None:
    run(config_path, db, "log", "call")
    before = files(db)
    result = run(config_path, db, *args)
    line = one_error_line(result, 2)
    assert message in line
    assert files(db) == before


def test_refused_log_on_a_fresh_machine_creates_no_store(config_path: Path, db: Path) -> None:
    one_error_line(run(config_path, db, "log", "dial"), 2)
    one_error_line(run(config_path, db, "log", "call", "--at", "2026-11-23T11:00"), 2)
    assert not db.exists()


# --------------------------------------------------------------------- undo


def test_undo_says_which_and_never_goes_below_zero(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "undo")
    assert result.exit_code == 0 and result.stdout == "nothing to undo today\n"
    run(config_path, db, "log", "call")
    run(config_path, db, "log", "meeting", now=NOW + timedelta(minutes=5))
    result = run(config_path, db, "undo", now=NOW + timedelta(minutes=6))
    assert result.exit_code == 0
    first, second = result.stdout.splitlines()
    assert first == "undid meeting logged at 10:35:00"
    assert second.startswith("calls 1/100 · conn 0/25")
    assert run(config_path, db, "undo").stdout.startswith("undid call")
    assert run(config_path, db, "undo").stdout == "nothing to undo today\n"
    assert day_kinds(db, NOW.date()) == []


def test_undo_only_touches_today(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "--at", "2026-11-20T10:00")
    assert run(config_path, db, "undo").stdout == "nothing to undo today\n"
    assert day_kinds(db, date(2026, 11, 20)) == ["call"]


# ------------------------------------------------------------------- status


def test_status_line_and_json(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "-n", "5")
    run(config_path, db, "log", "connect", "-n", "2")
    run(config_path, db, "log", "meeting")
    line = run(config_path, db, "status")
    assert line.exit_code == 0
    assert line.stdout == "calls 8/100 · conn 3/25 38% · mtg 1/4 · email 0/40 · pace -11\n"
    result = run(config_path, db, "status", "--json")
    assert result.exit_code == 0
    data = json.loads(result.stdout)
    assert data["date"] == "2026-11-23"
    assert data["counts"] == {"call": 8, "connect": 3, "meeting": 1, "email": 0}
    assert data["targets"] == {"call": 100, "connect": 25, "meeting": 4, "email": 40}
    assert data["rates"]["connect"] == {"actual": 3 / 8, "target": 0.25}
    assert data["pace"]["delta"] == -11
    assert data["pace"]["phase"] == "working"


def test_status_of_a_past_day_and_a_day_off(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "--at", "2026-11-20T16:00")
    result = run(config_path, db, "status", "--json", "--date", "2026-11-20")
    data = json.loads(result.stdout)
    assert data["date"] == "2026-11-20" and data["counts"]["call"] == 1
    assert data["pace"]["phase"] == "after work"
    saturday = run(config_path, db, "status", "--date", "2026-11-21")
    assert saturday.stdout == "calls 0/0 · conn 0/0 – · mtg 0/0 · email 0/0\n"


def test_status_never_writes_events(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call")
    before = files(db)
    for _ in range(3):
        assert run(config_path, db, "status").exit_code == 0
    assert files(db) == before


def test_status_uses_the_config_target_in_force_each_day(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", "--at", "2026-11-20T10:00")
    text = config_path.read_text(encoding="utf-8").replace("call = 100", "call = 120")
    config_path.write_text(text, encoding="utf-8")
    assert "calls 0/120" in run(config_path, db, "status").stdout
    assert "calls 1/100" in run(config_path, db, "status", "--date", "2026-11-20").stdout


def test_japanese_labels_and_name_do_not_break_the_cli(config_path: Path, db: Path) -> None:
    text = config_path.read_text(encoding="utf-8").replace(
        "[labels]\n", '[labels]\nmeeting = "アポ"\n'
    )
    config_path.write_text(text, encoding="utf-8")
    result = run(config_path, db, "log", "meeting")
    assert result.exit_code == 0
    assert json.loads(run(config_path, db, "status", "--json").stdout)["counts"]["meeting"] == 1


# --------------------------------------------------------------- data errors


def _corrupt_today(db: Path) -> Path:
    path = db / day_relpath(NOW.date())
    path.write_bytes(b'{"_meta": {"1": {"format"')
    return path


@pytest.mark.parametrize(
    "args",
    [["log", "call"], ["status"], ["status", "--json"], ["undo"], ["log", "call", "-n", "3"]],
)
def test_corrupt_day_file_exits_1_with_one_line_naming_it(
    config_path: Path, db: Path, args: list[str]
) -> None:
    run(config_path, db, "log", "call")
    path = _corrupt_today(db)
    before = files(db)
    line = one_error_line(run(config_path, db, *args), 1)
    assert str(path) in line and "corrupt JSON" in line
    assert {k: v for k, v in files(db).items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")
    }


@pytest.mark.parametrize("args", [["log", "call"], ["status"], ["undo"]])
def test_corrupt_store_marker_exits_1(config_path: Path, db: Path, args: list[str]) -> None:
    run(config_path, db, "log", "call")
    (db / "store.json").write_bytes(b"")
    before = files(db)
    line = one_error_line(run(config_path, db, *args), 1)
    assert str(db / "store.json") in line and "empty file" in line
    assert files(db) == before


def test_db_that_is_a_file_or_a_foreign_folder(config_path: Path, tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    line = one_error_line(run(config_path, afile, "log", "call"), 1)
    assert str(afile) in line and "is a file" in line
    assert afile.read_text() == "mine"
    folder = tmp_path / "photos"
    folder.mkdir()
    (folder / "a.jpg").write_bytes(b"\xff\xd8")
    line = one_error_line(run(config_path, folder, "status"), 1)
    assert str(folder) in line and "not an istui store" in line
    assert sorted(p.name for p in folder.iterdir()) == ["a.jpg"]


def test_unwritable_store_or_config_location_exits_1(config_path: Path, tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    line = one_error_line(run(config_path, afile / "store", "log", "call"), 1)
    assert str(afile) in line
    line = one_error_line(run(afile / "config.toml", tmp_path / "s", "status"), 1)
    assert "cannot write the default config" in line
    assert afile.read_text() == "mine"


def test_disk_full_while_logging_exits_1_and_keeps_the_day(
    config_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    run(config_path, db, "log", "call")
    before = files(db)

    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full)
    line = one_error_line(run(config_path, db, "log", "call"), 1)
    monkeypatch.undo()
    assert "No space left on device" in line
    assert {k: v for k, v in files(db).items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")
    }


def test_tui_does_not_start_on_an_unreadable_day_of_this_week(
    config_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from istui.tui.app import IstuiApp

    def never(self: object) -> None:
        raise AssertionError("the app started")

    monkeypatch.setattr(IstuiApp, "run", never)
    run(config_path, db, "log", "call")  # Monday
    path = db / day_relpath(NOW.date())
    path.write_bytes(b"")
    line = one_error_line(run(config_path, db, now=NOW + timedelta(days=2)), 1)  # Wednesday
    assert str(path) in line and "empty file" in line


def test_bad_config_exits_1_naming_file_and_key(config_path: Path, db: Path) -> None:
    text = config_path.read_text(encoding="utf-8").replace("call = 100", "call = -5")
    config_path.write_text(text, encoding="utf-8")
    for args in (["log", "call"], ["status"], ["undo"]):
        line = one_error_line(run(config_path, db, *args), 1)
        assert str(config_path) in line and "[targets].call" in line
    assert not db.exists()


def test_first_run_writes_the_default_config_and_works(tmp_path: Path, db: Path) -> None:
    # (the folder must exist: --config into a missing folder is refused, #15)
    config_path = tmp_path / "fresh" / "config.toml"
    config_path.parent.mkdir()
    result = run(config_path, db, "log", "call")
    assert result.exit_code == 0, result.output
    assert config_path.is_file()
    assert result.stdout.startswith("calls 1/100")
    assert f"istui: new config (the commented default) at {config_path}\n" in result.stderr


# ------------------------------------------------------------------- doctor


def _two_days(config_path: Path, db: Path) -> None:
    """Monday's logs, then Tuesday's first log (which makes backup 2026-11-24)."""
    run(config_path, db, "log", "call", "-n", "3")
    run(config_path, db, "log", "meeting")
    run(config_path, db, "log", "call", now=NOW + timedelta(days=1))


def test_doctor_on_a_clean_store(config_path: Path, db: Path) -> None:
    _two_days(config_path, db)
    result = run(config_path, db, "doctor", now=NOW + timedelta(days=1))
    assert result.exit_code == 0, result.output
    assert result.stdout.splitlines() == [
        f"store: {db}",
        "backups: 2 (newest 2026-11-24)",
        "all files read cleanly",
    ]


def test_doctor_list_and_restore(config_path: Path, db: Path) -> None:
    tue = NOW + timedelta(days=1)
    _two_days(config_path, db)
    assert run(config_path, db, "doctor", "--list", now=tue).stdout == "2026-11-23\n2026-11-24\n"
    backup = {rel: p.read_bytes() for rel, p in backup_files(db, "2026-11-24").items()}
    # Nothing is broken: the default restore changes nothing and points to --all.
    result = run(config_path, db, "doctor", "--restore", "2026-11-24", now=tue)
    assert result.exit_code == 0, result.output
    assert "nothing to restore" in result.stdout
    assert "istui doctor --restore 2026-11-24 --all" in result.stdout
    assert day_kinds(db, tue.date()) == ["call"]
    result = run(config_path, db, "doctor", "--restore", "2026-11-24", "--all", now=tue)
    assert result.exit_code == 0, result.output
    lines = result.stdout.splitlines()
    assert "removing days/2026/2026-11-24.json (1 event now)" in lines
    assert lines[-1].startswith("restored 2026-11-24; the state before it is kept as backup ")
    live = {k: v for k, v in files(db).items() if not k.startswith("backups/")}
    assert live == backup
    assert day_kinds(db, tue.date()) == []  # Tuesday's log came after the backup
    listed = run(config_path, db, "doctor", "--list", now=tue).stdout.splitlines()
    assert len(listed) == 3 and any(name.startswith("pre-restore-") for name in listed)


def test_doctor_suggests_the_newest_dated_backup_not_a_pre_restore_one(
    config_path: Path, db: Path
) -> None:
    tue = NOW + timedelta(days=1)
    _two_days(config_path, db)
    path = db / day_relpath(NOW.date())
    path.write_bytes(b"")
    assert run(config_path, db, "doctor", "--restore", "2026-11-23", now=tue).exit_code == 0
    path.write_bytes(b"")  # broken again
    result = run(config_path, db, "doctor", now=tue)
    assert result.exit_code == 1
    assert "backups: 3 (newest 2026-11-24)" in result.stdout
    assert "to restore: istui doctor --restore 2026-11-24" in result.stdout


def test_doctor_with_no_backups(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call")
    result = run(config_path, db, "doctor", "--list")
    assert result.exit_code == 0
    assert result.stdout.startswith("no backups yet")
    line = one_error_line(run(config_path, db, "doctor", "--restore", "2026-11-01"), 1)
    assert "no such backup" in line


def test_doctor_finds_a_corrupt_file_and_restores_it(config_path: Path, db: Path) -> None:
    tue = NOW + timedelta(days=1)
    _two_days(config_path, db)
    path = db / day_relpath(NOW.date())
    path.write_bytes(b"")
    result = run(config_path, db, "doctor", now=tue)
    assert result.exit_code == 1
    assert f"problem: {path}: empty file" in result.stdout
    assert "to restore: istui doctor --restore 2026-11-24" in result.stdout
    assert result.stderr == "istui: 1 file cannot be read\n"
    result = run(config_path, db, "doctor", "--restore", "2026-11-24", now=tue)
    assert result.exit_code == 0, result.output
    assert "restored days/2026/2026-11-23.json from 2026-11-24" in result.stdout
    assert "the state before it is kept as backup pre-restore-2026-11-24" in result.stdout
    assert day_kinds(db, NOW.date()) == ["call", "call", "call", "meeting"]
    assert day_kinds(db, tue.date()) == ["call"]  # made after the backup: kept
    assert run(config_path, db, "doctor", now=tue).exit_code == 0


def test_doctor_restore_keeps_a_backfilled_day_made_after_the_backup(
    config_path: Path, db: Path
) -> None:
    """QA: restoring a broken file used to roll the whole store back and delete
    a past day backfilled after the backup, without a word."""
    tue = NOW + timedelta(days=1)
    _two_days(config_path, db)
    friday = "2026-11-20T15:00:00+09:00"
    assert run(config_path, db, "log", "call", "--at", friday, now=tue).exit_code == 0
    (db / day_relpath(NOW.date())).write_bytes(b"")
    result = run(config_path, db, "doctor", "--restore", "2026-11-24", now=tue)
    assert result.exit_code == 0, result.output
    assert day_kinds(db, date(2026, 11, 20)) == ["call"]
    assert day_kinds(db, NOW.date()) == ["call", "call", "call", "meeting"]


def test_doctor_restore_names_a_broken_file_the_backup_lacks(config_path: Path, db: Path) -> None:
    tue = NOW + timedelta(days=1)
    _two_days(config_path, db)
    path = db / day_relpath(tue.date())  # made after backup 2026-11-24
    path.write_bytes(b"")
    result = run(config_path, db, "doctor", "--restore", "2026-11-24", now=tue)
    assert result.exit_code == 1
    assert "not in backup 2026-11-24: days/2026/2026-11-24.json" in result.stdout
    assert path.read_bytes() == b""


def test_doctor_all_needs_restore(config_path: Path, db: Path) -> None:
    one_error_line(run(config_path, db, "doctor", "--all"), 2)


def test_doctor_runs_and_restores_when_store_json_is_broken(config_path: Path, db: Path) -> None:
    tue = NOW + timedelta(days=1)
    _two_days(config_path, db)
    (db / "store.json").write_bytes(b"\x00\x00")
    result = run(config_path, db, "doctor", now=tue)
    assert result.exit_code == 1
    assert f"problem: {db / 'store.json'}" in result.stdout
    assert "Traceback" not in result.output
    assert run(config_path, db, "doctor", "--list", now=tue).exit_code == 0
    assert run(config_path, db, "doctor", "--restore", "2026-11-24", now=tue).exit_code == 0
    assert run(config_path, db, "status", now=tue).exit_code == 0


def test_an_empty_config_is_refused_and_nothing_is_written(config_path: Path, db: Path) -> None:
    config_path.write_bytes(b"")
    line = one_error_line(run(config_path, db, "log", "call"), 1)
    assert (
        line
        == f"istui: {config_path}: [targets].call: missing; every funnel metric needs a daily target"
    )
    assert not db.exists()


def test_log_caps_n(config_path: Path, db: Path) -> None:
    """QA: -n 100000 was accepted (a 10 MB day file)."""
    line = one_error_line(run(config_path, db, "log", "call", "-n", "100000"), 2)
    assert "100000" in line and "500" in line
    assert not db.exists()
    assert run(config_path, db, "log", "call", "-n", "500").exit_code == 0
    assert "at most 500" in run(config_path, db, "log", "--help").stdout


def test_undo_date_undoes_a_past_days_last_event(config_path: Path, db: Path) -> None:
    friday = "2026-11-20T15:00:00+09:00"
    run(config_path, db, "log", "call")
    run(config_path, db, "log", "meeting", "--at", friday)
    result = run(config_path, db, "undo", "--date", "2026-11-20")
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith("undid meeting logged at 2026-11-20 15:00:00")
    assert day_kinds(db, date(2026, 11, 20)) == []
    assert day_kinds(db, NOW.date()) == ["call"]
    assert run(config_path, db, "undo", "--date", "2026-11-20").stdout == (
        "nothing to undo on 2026-11-20\n"
    )
    for bad in ("2026-11-24", "2026-02-30"):
        one_error_line(run(config_path, db, "undo", "--date", bad), 2)
    assert day_kinds(db, NOW.date()) == ["call"]


def test_version(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "--version")
    assert result.exit_code == 0
    assert result.stdout == f"istui, version {__version__}\n"
    assert not db.exists()


def test_help_lists_the_public_commands(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "--help")
    assert result.exit_code == 0
    for name in ("log", "undo", "status", "demo", "doctor"):
        assert name in result.stdout


# ---------------------------------------------------------- real processes


def run_python(tmp_path: Path, *argv: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``python *argv`` in a fresh process on a frozen clock, with its store and
    config under tmp_path (proc-store, proc-config.toml); ``env`` adds to or
    overrides those variables."""
    return subprocess.run(
        [sys.executable, *argv],
        env={
            **os.environ,
            "ISTUI_NOW": "2026-11-23T10:30:00+09:00",
            "ISTUI_DB": str(tmp_path / "proc-store"),
            "ISTUI_CONFIG": str(tmp_path / "proc-config.toml"),
            **env,
        },
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def istui(tmp_path: Path, *args: str, **env: str) -> subprocess.CompletedProcess[str]:
    """``istui *args`` in a fresh process (see run_python)."""
    return run_python(tmp_path, "-m", "istui", *args, **env)


def test_subprocess_log_status_undo_with_frozen_clock(tmp_path: Path) -> None:
    first = istui(tmp_path, "log", "call", "-n", "2")
    assert first.returncode == 0, first.stderr
    assert first.stdout.startswith("calls 2/100")
    assert (tmp_path / "proc-config.toml").is_file()
    status = istui(tmp_path, "status", "--json")
    assert json.loads(status.stdout)["counts"]["call"] == 2
    undo = istui(tmp_path, "undo")
    assert undo.returncode == 0 and undo.stdout.startswith("undid call logged at 10:30:00")


@pytest.mark.parametrize(
    ("args", "code"),
    [
        (["log", "call", "--at", "2026-02-30T10:00"], 2),
        (["log", "call", "--at", "2026-12-01T10:00"], 2),
        (["log", "nope"], 2),
        (["log", "call", "-n", "0"], 2),
    ],
)
def test_subprocess_errors_are_one_line_without_traceback(
    tmp_path: Path, args: list[str], code: int
) -> None:
    assert istui(tmp_path, "log", "call").returncode == 0
    store = tmp_path / "proc-store"
    before = files(store)
    result = istui(tmp_path, *args)
    assert result.returncode == code
    assert result.stdout == ""
    assert len(result.stderr.splitlines()) == 1 and result.stderr.startswith("istui: ")
    assert files(store) == before


def test_subprocess_corrupt_store_exits_1_without_traceback(tmp_path: Path) -> None:
    assert istui(tmp_path, "log", "call").returncode == 0
    path = tmp_path / "proc-store" / day_relpath(date(2026, 11, 23))
    path.write_bytes(b"\x00" * 64)
    for args in (["status"], ["log", "call"]):
        result = istui(tmp_path, *args)
        assert result.returncode == 1
        assert result.stderr.count("\n") == 1 and "Traceback" not in result.stderr
        assert str(path) in result.stderr
    assert path.read_bytes() == b"\x00" * 64


def test_subprocess_version() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "istui", "--version"], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0 and result.stdout.strip() == f"istui, version {__version__}"


LAYERING = """
import sys
from istui.cli import cli
for args in (["log", "call"], ["log", "meeting", "-n", "2"], ["status"], ["status", "--json"], ["undo"]):
    try:
        cli.main(args=args, prog_name="istui")
    except SystemExit as exc:
        assert not exc.code, (args, exc.code)
heavy = sorted(
    m for m in sys.modules
    if m.split(".")[0] in ("textual", "textual_plotext", "plotext") or m.startswith("istui.tui")
)
assert not heavy, heavy
print("ok")
"""


def test_log_and_status_never_import_textual(tmp_path: Path) -> None:
    result = run_python(tmp_path, "-c", LAYERING)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines()[-1] == "ok"
    # The commands really ran (the check is not vacuous).
    assert "calls 3/100" in result.stdout


def test_layering_check_would_catch_a_textual_import(tmp_path: Path) -> None:
    result = run_python(tmp_path, "-c", "import textual\n" + LAYERING)
    assert result.returncode != 0 and "textual" in result.stderr


@pytest.mark.parametrize(
    ("name", "value", "message"),
    [
        ("ISTUI_NOW", "garbage", "ISTUI_NOW: 'garbage' is not a date and time"),
        ("ISTUI_NOW", "2026-02-30T10:00", "ISTUI_NOW"),
        ("ISTUI_TZ", "Mars/Base", "ISTUI_TZ: 'Mars/Base' is not a time zone"),
        ("ISTUI_TZ", "../../etc/passwd", "ISTUI_TZ"),
    ],
)
def test_bad_clock_environment_is_one_line(
    tmp_path: Path, name: str, value: str, message: str
) -> None:
    result = istui(tmp_path, "status", **{name: value})
    assert result.returncode == 1
    assert result.stderr.startswith(f"istui: {message}") and result.stderr.count("\n") == 1
    assert not (tmp_path / "proc-store").exists()


def test_frozen_clock_in_a_named_zone(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from istui.services.clock import clock_from_env

    monkeypatch.setenv("ISTUI_TZ", "America/New_York")
    monkeypatch.setenv("ISTUI_NOW", "2026-11-01T01:30")  # the first, daylight 01:30
    assert clock_from_env().now().isoformat() == "2026-11-01T01:30:00-04:00"
    monkeypatch.setenv("ISTUI_NOW", "2026-11-01T06:30:00+00:00")
    assert clock_from_env().now().isoformat() == "2026-11-01T01:30:00-05:00"


@pytest.mark.parametrize(
    ("at", "stored"),
    [
        ("2026-11-01T01:30", "2026-11-01T01:30:00-04:00"),  # ambiguous: the first 01:30
        ("2026-11-01T03:00", "2026-11-01T03:00:00-05:00"),
        # 02:30 on 2026-03-08 never happened there: refused (tests/test_bad_input.py)
        ("2026-03-08T01:59", "2026-03-08T01:59:00-05:00"),
    ],
)
def test_backfill_in_a_dst_zone_keeps_real_offsets(
    config_path: Path, db: Path, at: str, stored: str
) -> None:
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    clock = FixedClock(datetime(2026, 11, 23, 10, 30, tzinfo=ny), ny)
    env = Env(config_option=str(config_path), db_option=str(db), clock=clock)
    result = CliRunner().invoke(cli, ["log", "call", "--at", at], obj=env)
    assert result.exit_code == 0, result.output
    day = date.fromisoformat(at[:10])
    (event,) = Store(db).day_events(day)
    assert event.at.isoformat() == stored
