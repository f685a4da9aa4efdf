"""#15: bad input never crashes. Each bad value from the command line, the
config or a store file is one line naming it, exit 2 (usage) or 1 (data), and
nothing is written."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_helpers import files, one_error_line, run
from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)
HUGE = "9" * 400


@pytest.fixture
def db(tmp_path: Path, config_path: Path) -> Path:
    """A store that already exists (so "nothing written" compares two states)."""
    path = tmp_path / "store"
    assert run(config_path, path, "log", "call").exit_code == 0
    return path


BAD_USAGE = [
    (["targets", "set", f"call={HUGE}"], "400-digit"),
    (["targets", "set", f"call={'9' * 5000}"], "5000-digit"),
    (["targets", "set", "call=100001"], "at most 100,000"),
    (["targets", "set", "call=90", "--weekday", "mon", "--weekday", "tue"], "one weekday"),
    (["targets", "set", "call=90", "--weekday", "mon", "--weekday", "mon"], "twice"),
    (["targets", "month", "--month", "9999-12"], "9999"),
    (["targets", "month", "--month", "0001-01"], "outside 1970-2999"),
    (["targets", "show", "--date", "9999-12-31"], "9999"),
    (["targets", "show", "--date", ""], "--date: empty"),
    (
        [
            "targets",
            "plan",
            "--deals",
            HUGE,
            "--win-rate",
            ".2",
            "--meeting-rate",
            ".1",
            "--connect-rate",
            ".3",
        ],
        "--deals",
    ),
    (
        [
            "targets",
            "plan",
            "--deals",
            "20",
            "--win-rate",
            "0.0001",
            "--meeting-rate",
            "0.0001",
            "--connect-rate",
            "0.0001",
            "--apply",
        ],
        "above the largest daily target",
    ),
    (
        [
            "targets",
            "plan",
            "--deals",
            "1",
            "--win-rate",
            ".2",
            "--meeting-rate",
            ".1",
            "--connect-rate",
            ".3",
            "--month",
            "9999-12",
        ],
        "9999",
    ),
    (["report", "--week", "0001-W01"], "outside 1970-2999"),
    (["report", "--week", "9999-W52"], "outside 1970-2999"),
    (["review", "--week", "0001-W01"], "outside 1970-2999"),
    (["export", "--week", "9999-W52"], "outside 1970-2999"),
    (["export", "--week", ""], "--week"),
    (["export", "--from", "0001-01-01", "--to", "0001-01-07"], "outside 1970-2999"),
    (["team", "--db", "team", "--week", "0001-W01"], "outside 1970-2999"),
    (["report", "--team", "team", "--week", "9999-W52"], "outside 1970-2999"),
    (["log", "call", "--at", "0001-01-01T00:00"], "outside 1970-2999"),
    (["log", "call", "--at", ""], "--at: empty"),
    (["log", "call", "-n", "501"], "-n"),
    (["log", "call", "-n", HUGE], "-n"),
    (["log", "calls"], "did you mean call?"),
    (["log", "Meetings"], "did you mean meeting?"),
    (["undo", "--date", ""], "--date: empty"),
    (["status", "--date", ""], "--date: empty"),
    (["reflect", "--date", ""], "--date: empty"),
    (["doctor", "--list", "--restore", "B"], "exclude each other"),
]


@pytest.mark.parametrize(("args", "says"), BAD_USAGE, ids=lambda v: str(v)[:40])
def test_bad_input_is_one_line_exit_2_and_writes_nothing(
    config_path: Path, db: Path, args: list[str], says: str
) -> None:
    before = files(db)
    config_before = config_path.read_bytes()
    line = one_error_line(run(config_path, db, *args), 2)
    assert says in line
    assert files(db) == before
    assert config_path.read_bytes() == config_before


def test_a_wrong_kind_without_a_near_one_lists_the_known(config_path: Path, db: Path) -> None:
    line = one_error_line(run(config_path, db, "log", "xyzzy"), 2)
    assert "did you mean" not in line and "known: call, connect, meeting, email" in line


def test_a_single_weekday_still_works(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "targets", "set", "call=80", "--weekday", "fri")
    assert result.exit_code == 0, result.output
    assert "on Fridays: call 80" in result.stdout


# -- a huge number already in a file ---------------------------------------------------


def test_a_huge_target_in_the_config_is_refused_naming_file_and_key(
    config_path: Path, tmp_path: Path
) -> None:
    text = config_path.read_text(encoding="utf-8").replace("call = 100", f"call = {HUGE}")
    config_path.write_text(text, encoding="utf-8")
    store = tmp_path / "fresh-store"
    for args in (["status"], ["log", "call"]):
        line = one_error_line(run(config_path, store, *args), 1)
        assert str(config_path) in line and "[targets].call" in line and "400-digit" in line
    assert not store.exists()


def test_a_5000_digit_number_in_the_config_is_one_line(config_path: Path, tmp_path: Path) -> None:
    text = config_path.read_text(encoding="utf-8").replace("call = 100", f"call = {'9' * 5000}")
    config_path.write_text(text, encoding="utf-8")
    line = one_error_line(run(config_path, tmp_path / "s", "status"), 1)
    assert str(config_path) in line and "not valid TOML" in line


@pytest.mark.parametrize(
    "text",
    [
        "[ui]\ntheme = " + "[" * 5000 + "]" * 5000 + "\n",
        "x = " + "{a = " * 3000 + "1" + "}" * 3000 + "\n",
    ],
    ids=["deep-array", "deep-table"],
)
def test_a_deeply_nested_config_is_one_line(tmp_path: Path, text: str) -> None:
    path = tmp_path / "deep.toml"
    path.write_text(text, encoding="utf-8")
    line = one_error_line(run(path, tmp_path / "s", "status"), 1)
    assert str(path) in line and ("nested too deeply" in line or "not valid TOML" in line)
    assert path.read_text(encoding="utf-8") == text


def test_a_huge_target_already_in_the_store_is_refused_not_a_crash(
    config_path: Path, db: Path
) -> None:
    targets = db / "targets.json"
    data = json.loads(targets.read_text(encoding="utf-8"))
    version = next(iter(data["versions"].values()))
    version["values"]["call"] = int(HUGE)
    targets.write_text(json.dumps(data), encoding="utf-8")
    before = files(db)
    for args in (["status"], ["log", "call"], ["targets", "show"]):
        line = one_error_line(run(config_path, db, *args), 1)
        assert "targets.json" in line and "400-digit" in line
    assert files(db) == before
    doctor = run(config_path, db, "doctor")
    assert doctor.exit_code == 1 and "targets.json" in doctor.stdout


def test_a_deeply_nested_store_file_is_one_line(config_path: Path, db: Path) -> None:
    day = next((db / "days").rglob("*.json"))
    day.write_text("[" * 100_000 + "]" * 100_000, encoding="utf-8")
    line = one_error_line(run(config_path, db, "status"), 1)
    assert day.name in line


def test_the_store_never_takes_a_target_out_of_bounds(store: Store, clock: FixedClock) -> None:
    from istui.store import StoreError

    before = (store.root / "targets.json").read_bytes()
    with pytest.raises(StoreError, match="at most 100,000"):
        store.set_targets(clock.now().date(), {"call": 10**400})
    assert (store.root / "targets.json").read_bytes() == before


# -- local times a DST change skips or repeats (America/New_York) ---------------------


def ny_clock() -> FixedClock:
    from zoneinfo import ZoneInfo

    ny = ZoneInfo("America/New_York")
    return FixedClock(datetime(2026, 11, 23, 10, 30, tzinfo=ny), ny)


def test_a_local_time_that_never_happened_is_refused(config_path: Path, db: Path) -> None:
    before = files(db)
    line = one_error_line(run(config_path, db, "log", "call", "--at", "2026-03-08T02:30",
                        clock=ny_clock()), 2)  # fmt: skip
    assert "2026-03-08T02:30 never happened" in line and "jumped forward" in line
    assert files(db) == before


def test_an_ambiguous_local_time_is_the_first_of_the_two(config_path: Path, db: Path) -> None:
    result = run(config_path, db, "log", "call", "--at", "2026-11-01T01:30", clock=ny_clock())
    assert result.exit_code == 0, result.output
    (event,) = Store(db).day_events(date(2026, 11, 1))
    assert event.at.isoformat() == "2026-11-01T01:30:00-04:00"  # fold=0: still summer time


# -- paths that point nowhere ---------------------------------------------------------


def test_db_in_a_missing_folder_is_refused_and_nothing_made(
    config_path: Path, tmp_path: Path
) -> None:
    typo = tmp_path / "no-such-folder" / "store"
    line = one_error_line(run(config_path, typo, "log", "call"), 2)
    assert "--db" in line and "does not exist" in line
    assert not typo.parent.exists()


def test_config_in_a_missing_folder_is_refused_and_nothing_made(tmp_path: Path) -> None:
    typo = tmp_path / "no-such-folder" / "config.toml"
    line = one_error_line(run(typo, tmp_path / "store", "status"), 2)
    assert "--config" in line and "does not exist" in line
    assert not typo.parent.exists() and not (tmp_path / "store").exists()


@pytest.mark.parametrize("variable", ["ISTUI_DB", "ISTUI_CONFIG"])
def test_a_mistyped_variable_is_refused_naming_it(
    tmp_path: Path, config_path: Path, monkeypatch: pytest.MonkeyPatch, variable: str
) -> None:
    typo = tmp_path / "typo" / "x"
    monkeypatch.setenv(variable, str(typo))
    if variable == "ISTUI_DB":
        monkeypatch.setenv("ISTUI_CONFIG", str(config_path))
    env = Env(clock=FixedClock(NOW))
    result = CliRunner().invoke(cli, ["status"], obj=env, catch_exceptions=False)
    line = one_error_line(result, 2)
    assert variable in line and str(typo) in line
    assert not typo.parent.exists()


def test_a_new_store_is_announced_once_with_its_path(config_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "new-store"
    first = run(config_path, db, "log", "call")
    assert first.exit_code == 0
    assert first.stderr == f"istui: new store at {db}\n"
    second = run(config_path, db, "log", "call")
    assert second.exit_code == 0 and second.stderr == ""


def test_the_default_store_may_still_be_made_on_first_run(
    config_path: Path, tmp_path: Path
) -> None:
    env = Env(config_option=str(config_path), clock=FixedClock(NOW))
    result = CliRunner().invoke(cli, ["log", "call"], obj=env, catch_exceptions=False)
    assert result.exit_code == 0, result.output
    made = tmp_path / "xdg-data" / "istui"
    assert (made / "store.json").is_file()
    assert result.stderr == f"istui: new store at {made}\n"


# -- the config's own edits -----------------------------------------------------------


def test_themes_use_on_a_symlinked_config_edits_its_target(
    config_path: Path, tmp_path: Path
) -> None:
    link = tmp_path / "link.toml"
    link.symlink_to(config_path)
    result = CliRunner().invoke(cli, ["--config", str(link), "themes", "--use", "istui-light"])
    assert result.exit_code == 0, result.output
    assert link.is_symlink()
    assert 'theme = "istui-light"' in config_path.read_text(encoding="utf-8")


# -- doctor and the temp files of killed writes -----------------------------------------


def test_doctor_removes_stale_temp_files_only(config_path: Path, db: Path) -> None:
    import os
    import time

    day_dir = next((db / "days").rglob("*.json")).parent
    old = time.time() - 3600
    stale = [db / ".targets.json.0123456789ab.tmp", day_dir / ".2026-11-23.json.abcdefabcdef.tmp"]
    for path in stale:
        path.write_bytes(b"half a write")
        os.utime(path, (old, old))
    recent = db / ".store.json.fedcba987654.tmp"
    recent.write_bytes(b"a write under way")
    foreign = [db / "notes.tmp", db / ".targets.json.not-ours.tmp"]
    for path in foreign:
        path.write_bytes(b"not istui's")
        os.utime(path, (old, old))
    before = {k: v for k, v in files(db).items() if not k.endswith(".tmp")}
    result = run(config_path, db, "doctor")
    assert result.exit_code == 0, result.output
    for path in stale:
        assert not path.exists()
        assert f"removed {path.relative_to(db)} (left by a write that was killed)" in result.stdout
    assert recent.exists() and f"left {recent.relative_to(db)} alone" in result.stdout
    assert all(path.exists() for path in foreign)
    assert {k: v for k, v in files(db).items() if not k.endswith(".tmp")} == before
    again = run(config_path, db, "doctor")
    assert "removed" not in again.stdout


def test_doctor_waits_for_the_lock_before_removing(store: Store) -> None:
    """A writer holding the lock is between its temp file and its rename: doctor
    must not remove anything until it is done (here: the lock is held, so the
    removal happens only once it is released)."""
    import os
    import threading
    import time

    tmp = store.root / ".targets.json.0123456789ab.tmp"
    tmp.write_bytes(b"x")
    old = time.time() - 3600
    os.utime(tmp, (old, old))
    other = Store(store.root)
    done = threading.Event()
    with store._lock.held():

        def clean() -> None:
            other.clean_temp_files()
            done.set()

        worker = threading.Thread(target=clean)
        worker.start()
        assert not done.wait(0.3)
        assert tmp.exists()
    worker.join(5)
    assert done.is_set() and not tmp.exists()
