"""The lean `istui status` (istui.lean): what it imports, that its answer is
always the store's, and that everything it does not handle reads exactly as
click's (issue 17)."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from istui.domain.funnel import Event
from istui.store.backups import backup_files
from probes import CLICK
from probes import LEAN_MODULES as PROBE

NOW = "2026-11-23T10:30:00+09:00"


def run(
    args: list[str], env: dict[str, str], *, code: str = "from istui.lean import main; main()"
) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run(
        [sys.executable, "-c", code if "argv" in code else _argv(code), *args],
        env=env,
        capture_output=True,
    )


def _argv(code: str) -> str:
    return 'import sys; sys.argv = ["istui", *sys.argv[1:]]\n' + code.replace("; ", "\n")


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = dict(os.environ)
    environ.pop("ISTUI_TZ", None)
    environ.update(
        ISTUI_NOW=NOW, ISTUI_DB=str(tmp_path / "store"), ISTUI_CONFIG=str(tmp_path / "c.toml")
    )
    return environ


def istui(args: list[str], env: dict[str, str]) -> str:
    done = run(args, env)
    assert done.returncode == 0, done.stderr
    return done.stdout.decode()


def store_answer(args: list[str], env: dict[str, str], store: Path) -> str:
    """What the store gives: the same call with the cache deleted (which the
    call then writes again)."""
    (store / "status.json").unlink(missing_ok=True)
    return istui(args, env)


@pytest.mark.parametrize("args", [["status"], ["status", "--json"]])
def test_status_from_the_cache_imports_only_what_it_needs(
    args: list[str], env: dict[str, str]
) -> None:
    istui(["log", "call"], env)
    done = run(args, env, code=PROBE)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stderr.decode().strip().splitlines()[-1]))
    assert "istui.lean" in modules and "istui.store.status_cache" in modules
    heavy = {"click", "textual", "tinydb", "rich", "dataclasses", "typing", "pathlib", "tomllib"}
    assert modules & heavy == set()
    assert not {m for m in modules if m.startswith(("istui.cli", "istui.services"))}


def test_log_on_the_lean_path_imports_only_what_it_needs(env: dict[str, str]) -> None:
    istui(["log", "call"], {**env, "ISTUI_NOW": "2026-11-22T10:00:00+09:00"})
    istui(["log", "call"], env)  # the day's first write (and backup) by the store
    done = run(["log", "connect", "-n", "2"], env, code=PROBE)
    assert done.returncode == 0, done.stderr
    modules = set(json.loads(done.stderr.decode().strip().splitlines()[-1]))
    assert "istui.store.append" in modules
    heavy = {"click", "textual", "tinydb", "rich", "dataclasses", "typing", "pathlib", "uuid"}
    assert modules & heavy == set()
    assert not {m for m in modules if m.startswith(("istui.cli", "istui.services"))}


def test_log_on_the_lean_path_writes_what_the_store_writes(
    env: dict[str, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    day_file = store / "days" / "2026" / "2026-11-23.json"
    istui(["log", "email"], {**env, "ISTUI_NOW": "2026-11-22T10:00:00+09:00"})
    istui(["log", "call"], env)
    lean_line = run(["log", "connect", "-n", "2"], env, code=PROBE)  # the lean path ran
    assert lean_line.returncode == 0 and b"istui.store.append" in lean_line.stderr
    raw = day_file.read_bytes()
    data = json.loads(raw)
    # the very bytes the store's own dump gives, ids in order, each event once
    assert json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() == raw
    assert list(data["events"]) == ["1", "2", "3"]
    assert [e["kind"] for e in data["events"].values()] == ["call", "connect", "connect"]
    assert len({e["id"] for e in data["events"].values()}) == 3
    assert all(len(e["id"]) == 32 for e in data["events"].values())
    # the line it printed is the store's, and so is what status says after it
    printed = lean_line.stdout.decode()
    assert printed == store_answer(["status"], env, store)
    assert "calls 3/100 · conn 2/25 67%" in printed
    for args in (["status"], ["status", "--json"]):
        istui(["log", "meeting"], env)
        assert istui(args, env) == store_answer(args, env, store)
    assert istui(["doctor"], env).endswith("all files read cleanly\n")


def test_the_cache_is_what_a_write_leaves(env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    line = istui(["log", "call"], env)
    assert (store / "status.txt").read_text() == line
    assert istui(["status"], env) == line
    assert json.loads((store / "status.json").read_text())["day"] == "2026-11-23"


def test_the_cache_is_never_stale(env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    config = tmp_path / "c.toml"
    istui(["log", "call"], env)

    def same(moment: str = NOW) -> None:
        at = {**env, "ISTUI_NOW": moment}
        for args in (["status"], ["status", "--json"]):
            cached = istui(args, at)
            assert cached == store_answer(args, at, store)
            assert istui(args, at) == cached  # and from the cache rewritten

    same()
    # another process writes (the cache it leaves is its own: drop it, and
    # write behind the cache's back by hand)
    istui(["log", "connect", "-n", "3"], env)
    same()
    before = istui(["status"], env)
    day_file = store / "days" / "2026" / "2026-11-23.json"
    data = json.loads(day_file.read_text())
    data["events"]["99"] = {"id": "f" * 32, "at": NOW, "kind": "call"}
    day_file.write_text(json.dumps(data))
    after = istui(["status"], env)
    assert after != before and "calls 5/" in after
    same()
    # a target change
    istui(["targets", "set", "call=60"], env)
    assert "calls 5/60" in istui(["status"], env)
    same()
    # a config edit (working hours) without any write to the store
    text = config.read_text().replace('end = "18:00"', 'end = "12:00"')
    config.write_text(text)
    assert istui(["status"], env) == store_answer(["status"], env, store)
    same()
    # later the same day (pace moves with the clock), then midnight
    same("2026-11-23T11:45:10+09:00")
    same("2026-11-24T00:00:01+09:00")
    assert "calls 0/" in istui(["status"], {**env, "ISTUI_NOW": "2026-11-24T08:00:00+09:00"})


def test_the_cache_follows_a_restore(env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    day1 = {**env, "ISTUI_NOW": "2026-11-22T10:00:00+09:00"}
    istui(["log", "call"], day1)  # the store has a day: the 23rd's first write backs it up
    istui(["log", "call", "-n", "5"], env)
    _wait_for(store / "backups" / "2026-11-23")  # (taken by a detached child)
    _wait_for_gone(store / "backups" / ".pending-2026-11-23")
    istui(["status"], env)
    istui(["doctor", "--restore", "2026-11-23", "--all"], env)
    # a restore removes the cache (a backup holds none): nothing stale is left to cat
    assert not (store / "status.txt").exists()
    restored = istui(["status"], env)
    assert "calls 0/" in restored
    assert restored == store_answer(["status"], env, store)
    assert (store / "status.txt").read_text().startswith("calls 0/")


BAD = [
    ["status", "--jsn"],
    ["status", "extra"],
    ["status", "--json", "--json", "x"],
    ["--db"],
    ["--db", "", "status"],
    ["--config"],
    ["--bogus", "status"],
    ["status", "--date", "2026-02-30"],
    ["status", "--date", "2099-01-01"],
    ["log"],
    ["log", "call", "2"],
    ["log", "nope"],
    ["log", "call", "-n", "0"],
    ["log", "call", "-n", "x"],
    ["stat"],
    ["status", "-h"],
    ["--help"],
    ["--version"],
]


@pytest.mark.parametrize("args", BAD, ids=[" ".join(a) for a in BAD])
def test_what_the_lean_path_does_not_handle_reads_exactly_as_click(
    args: list[str], env: dict[str, str]
) -> None:
    istui(["log", "call"], env)  # a current cache: the lean path is armed
    lean = run(args, env)
    clicked = run(args, env, code=CLICK)
    assert (lean.returncode, lean.stdout, lean.stderr) == (
        clicked.returncode,
        clicked.stdout,
        clicked.stderr,
    )


def test_a_bad_clock_is_still_reported_by_the_full_path(env: dict[str, str]) -> None:
    istui(["log", "call"], env)
    done = run(["status"], {**env, "ISTUI_NOW": "yesterday"})
    assert done.returncode == 1
    assert b"ISTUI_NOW" in done.stderr


#: The lean entry point with the backup made slow, to see who waits for it.
SLOW_BACKUP = """
import sys, time
sys.argv = ["istui", *sys.argv[1:]]
from istui.store import backups
real = backups.complete_daily_backup
def slow(*args, **kwargs):
    time.sleep(3)
    real(*args, **kwargs)
backups.complete_daily_backup = slow
from istui.lean import main
main()
"""


def _wait_for(path: Path) -> None:
    import time

    for _ in range(300):
        if path.exists():
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never appeared")


def test_the_first_write_of_a_day_does_not_wait_for_the_backup(
    env: dict[str, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    sunday = {**env, "ISTUI_NOW": "2026-11-22T10:00:00+09:00"}
    istui(["log", "email"], sunday)
    istui(["log", "email"], sunday)  # (a new store's second write takes its first backup)
    before = {
        p.relative_to(store).as_posix(): p.read_bytes()
        for p in sorted(store.rglob("*.json"))
        if not p.relative_to(store).as_posix().startswith(("backups/", "status"))
    }
    done = run(["log", "call"], env, code=SLOW_BACKUP)  # Monday's first write
    assert done.returncode == 0, done.stderr
    backup = store / "backups" / "2026-11-23"
    # the process (and its output pipe) ended while the backup was still being taken
    assert not backup.exists(), sorted(p.name for p in (store / "backups").iterdir())
    assert (store / "backups" / ".pending-2026-11-23" / "days" / "2026").is_dir()
    assert done.stdout.decode() == store_answer(["status"], env, store)
    _wait_for(backup)
    _wait_for_gone(store / "backups" / ".pending-2026-11-23")
    # it holds the store as it was before the day's first change
    # (resolved through its manifest: it holds only what changed since the 22nd's)
    held = {rel: p.read_bytes() for rel, p in backup_files(store, "2026-11-23").items()}
    assert held == before
    # once a day: later writes leave it alone
    stamp = backup.stat().st_ino
    istui(["log", "call"], env)
    istui(["log", "connect"], env)
    assert backup.stat().st_ino == stamp
    assert not (store / "backups" / ".pending-2026-11-23").exists()
    # and restorable: rolled back, Monday's dials are gone, Sunday's are there
    istui(["doctor", "--restore", "2026-11-23", "--all"], env)
    assert not (store / "days" / "2026" / "2026-11-23.json").exists()
    assert "calls 0/" in istui(["status"], env)
    assert "email 2/" in istui(["status"], sunday)


def _wait_for_gone(path: Path) -> None:
    import time

    for _ in range(300):
        if not path.exists():
            return
        time.sleep(0.05)
    raise AssertionError(f"{path} never went")


def test_a_backup_left_pending_is_taken_by_the_next_write(
    env: dict[str, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    sunday = {**env, "ISTUI_NOW": "2026-11-22T10:00:00+09:00"}
    istui(["log", "email"], sunday)
    istui(["log", "email"], sunday)
    sunday_file = (store / "days" / "2026" / "2026-11-22.json").read_bytes()
    # the child that takes it dies first (here: it cannot even start)
    killed = SLOW_BACKUP.replace("time.sleep(3)\n    real(*args, **kwargs)", "raise SystemExit")
    assert run(["log", "call"], env, code=killed).returncode == 0
    import time

    time.sleep(0.5)
    assert not (store / "backups" / "2026-11-23").exists()
    # Sunday changes after Monday's first write (a backfill): the backup still
    # holds Sunday as it was before Monday's first change
    istui(["log", "email", "--at", "2026-11-22T11:00"], env)
    backup = store / "backups" / "2026-11-23"
    assert backup.is_dir()
    assert (backup / "days" / "2026" / "2026-11-22.json").read_bytes() == sunday_file
    assert not (backup / "days" / "2026" / "2026-11-23.json").exists()


def lean(args: list[str], env: dict[str, str]) -> str:
    """``istui(args)``, checked to have been answered by the lean path (no click)."""
    done = run(args, env, code=PROBE)
    assert done.returncode == 0, done.stderr
    lines = done.stderr.decode().strip().splitlines()
    assert lines, "the full path answered (the cache was not current)"
    modules = set(json.loads(lines[-1]))
    assert "istui.lean" in modules and "click" not in modules
    return done.stdout.decode()


def test_edits_deletes_and_undo_keep_the_cache_current(env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    day_file = store / "days" / "2026" / "2026-11-23.json"
    istui(["log", "call", "-n", "3"], env)
    lean(["log", "call"], env)

    def same() -> None:
        for args in (["status"], ["status", "--json"]):
            assert lean(args, env) == store_answer(args, env, store)

    ids = [e["id"] for e in json.loads(istui(["events", "--json"], env))["events"]]
    # an edit of an event's outcome (`istui event ID --kind`)
    istui(["event", ids[-1], "--kind", "connect"], env)
    assert "conn 1/" in lean(["status"], env)
    same()
    # a note, and a delete
    istui(["event", ids[0][:6], "--note", "折り返し 15時"], env)
    same()
    istui(["event", ids[1], "--delete"], env)
    assert "calls 3/" in lean(["status"], env)
    same()
    # undo, one change and then two
    istui(["undo"], env)
    assert "calls 4/" in lean(["status"], env)
    same()
    istui(["undo", "-n", "2"], env)
    assert "calls 4/" in lean(["status"], env) and "conn 0/" in lean(["status"], env)
    same()
    # and the lean log appends to a file with an undo journal and notes as the
    # store does: its own dump, byte for byte, events last
    istui(["event", ids[2], "--note", "留守電"], env)
    printed = lean(["log", "meeting", "-n", "2"], env)
    raw = day_file.read_bytes()
    data = json.loads(raw)
    assert json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode() == raw
    assert list(data)[-1] == "events" and "changes" in data
    records = list(data["events"].values())
    assert [r["kind"] for r in records[-2:]] == ["meeting", "meeting"]
    assert all(set(r) == {"id", "at", "kind"} for r in records[-2:])
    assert all(Event.from_record(r).to_record() == r for r in records)  # the store's shape
    assert printed == store_answer(["status"], env, store)
    # which undo takes back first, as after the store's own log
    istui(["undo"], env)
    assert "mtg 1/" in lean(["status"], env)
    same()
    assert istui(["doctor"], env).endswith("all files read cleanly\n")


def test_the_lean_path_keeps_the_full_paths_refusals(env: dict[str, str], tmp_path: Path) -> None:
    store = tmp_path / "store"
    day_file = store / "days" / "2026" / "2026-11-23.json"
    istui(["log", "call"], env)
    lean(["log", "call"], env)  # the lean path is armed

    def as_click(args: list[str], at: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
        done, clicked = run(args, at), run(args, at, code=CLICK)
        assert (done.returncode, done.stdout, done.stderr) == (
            clicked.returncode,
            clicked.stdout,
            clicked.stderr,
        )
        return done

    # a store or config named into a folder that does not exist: exit 2, nothing made
    missing = tmp_path / "nope"
    for args, at in [
        (["--db", str(missing / "store"), "log", "call"], env),
        (["--db", str(missing / "store"), "status"], env),
        (["--config", str(missing / "c.toml"), "log", "call"], env),
        (["status"], {**env, "ISTUI_CONFIG": str(missing / "c.toml")}),
        (["log", "call"], {**env, "ISTUI_DB": str(missing / "store")}),
    ]:
        assert as_click(args, at).returncode == 2
        assert not missing.exists()
    # an unknown kind, a bad -n: click's usage errors (with the nearest kind)
    assert b"did you mean call?" in as_click(["log", "calls"], env).stderr
    assert as_click(["log", "call", "-n", "501"], env).returncode == 2
    # a bad targets.json (a hand edit past the bound): log refuses before writing
    before = day_file.read_bytes()
    targets = store / "targets.json"
    good = targets.read_bytes()
    targets.write_bytes(good.replace(b'"call":100', b'"call":1000000'))
    done = run(["log", "call"], env)
    assert done.returncode == 1 and b"targets.json" in done.stderr
    assert day_file.read_bytes() == before
    targets.write_bytes(good)
    istui(["status"], env)
    # the config gone: the full path writes the default again and says so
    (tmp_path / "c.toml").unlink()
    done = run(["log", "call"], env)
    assert done.returncode == 0 and b"istui: new config" in done.stderr
    assert lean(["status"], env) == store_answer(["status"], env, store)
    # store.json gone: refused as the full path refuses a folder that is no store
    (store / "store.json").unlink()
    before = day_file.read_bytes()
    done = as_click(["log", "call"], env)
    assert done.returncode == 1 and b"not an istui store" in done.stderr
    assert day_file.read_bytes() == before
    assert as_click(["status"], env).returncode == 1
