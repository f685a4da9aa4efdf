"""The team database: untrusted exports refused with the store unchanged, a
merge that survives SIGKILL, concurrent merges, a full disk, and the upgrade
of a team folder written by istui 0.1."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import sqlite3
import subprocess
import sys
import tarfile
import time
import uuid
from contextlib import closing
from datetime import date, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.services.merge import merge_files
from istui.store.team import TeamStore
from team_helpers import JST, NOW, snapshot, team_dump, team_store

FIXTURE = Path(__file__).parent / "fixtures" / "team-folder-v1.tar.gz"
LEAD_NOW = NOW + timedelta(hours=4)


def synthetic_export(
    rep_id: str,
    monday: date,
    *,
    per_day: int = 100,
    days: int = 7,
    exported_at: datetime = NOW,
    name: str | None = None,
    seed: object = 0,
) -> dict[str, Any]:
    """A valid export of ``days`` days from ``monday`` with ``per_day`` events a day."""
    rng = random.Random(f"{rep_id}-{monday}-{seed}")
    events = []
    for offset in range(days):
        day = monday + timedelta(days=offset)
        for i in range(per_day):
            at = datetime(day.year, day.month, day.day, 9, 0, tzinfo=JST) + timedelta(
                seconds=i * (30000 // per_day) + rng.randrange(30000 // per_day)
            )
            kind = rng.choice(("call", "call", "call", "connect", "meeting", "email"))
            events.append({"id": uuid.UUID(int=rng.getrandbits(128)).hex, "at": at.isoformat(),
                           "kind": kind})  # fmt: skip
    end = monday + timedelta(days=days - 1)
    return {
        "format": "istui-export",
        "schema": 1,
        "istui_version": "0.1.0",
        "exported_at": exported_at.isoformat(),
        "rep": {"id": rep_id, "name": name or f"担当 {rep_id}"},
        "range": {"from": monday.isoformat(), "to": end.isoformat(), "week": None},
        "notes_included": True,
        "metrics": {
            "funnel": ["call", "connect", "meeting"],
            "counters": ["email"],
            "labels": {"call": "Calls", "connect": "Connects", "meeting": "Meetings"},
        },
        "calendar": {"workdays": [0, 1, 2, 3, 4], "holidays": []},
        "event_count": len(events),
        "events": events,
        "targets": {
            "by_day": {
                (monday + timedelta(days=d)).isoformat(): {"call": 100, "connect": 25}
                for d in range(days)
            },
            "versions": [],
        },
        "midchecks": [],
        "reflections": [],
        "weekly_reviews": [],
    }


def write(path: Path, doc: Any) -> Path:
    path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
    return path


def invoke(*args: str) -> Any:
    return CliRunner().invoke(
        cli, list(args), obj=Env(clock=FixedClock(LEAD_NOW)), catch_exceptions=False
    )


W47 = date(2026, 11, 16)


@pytest.fixture
def existing(tmp_path: Path) -> tuple[TeamStore, Path]:
    """A team store holding one rep's week, and a good export of another rep."""
    team = team_store(tmp_path / "team.db")
    first = write(tmp_path / "first.json", synthetic_export("rep-01", W47, per_day=5))
    _, rejected = merge_files(team, [first], now=LEAD_NOW)
    assert not rejected
    good = write(tmp_path / "good.json", synthetic_export("rep-02", W47, per_day=5))
    return team, good


# ------------------------------------------------- an export is untrusted input
def _bad_exports(tmp: Path) -> list[tuple[Path, str, str]]:
    """(file, the field its refusal names, words of the problem)."""
    base = synthetic_export("rep-09", W47, per_day=2)
    cases: list[tuple[Path, str, str]] = []

    def case(name: str, doc: Any, field: str, words: str) -> None:
        cases.append((write(tmp / name, doc), field, words))

    future = dict(base, exported_at="9999-12-31T23:59:59+09:00", events=[], event_count=0)
    case("year9999.json", future, "exported_at", "later than this machine's clock")
    wide = dict(base, range={"from": "2000-01-01", "to": "2100-12-31", "week": None})
    case("2000-2100.json", wide, "range", "three years")
    # a year no store holds is refused as such (#15), before the range's length
    widest = dict(base, range={"from": "0001-01-01", "to": "9999-12-31", "week": None})
    case("1-9999.json", widest, "range", "outside 1970-2999")
    case("count-text.json", dict(base, event_count="many"), "event_count", "expected int")
    case("count-wrong.json", dict(base, event_count=3), "event_count", "event_count says 3")
    raw = json.dumps(base).replace('"event_count": 14', '"event_count": 1' + "0" * 5000)
    (tmp / "digits.json").write_text(raw, encoding="utf-8")
    cases.append((tmp / "digits.json", "event_count", "out of range"))
    big_target = json.loads(json.dumps(base))
    big_target["targets"]["by_day"]["2026-11-16"]["call"] = 10**12
    case("big-target.json", big_target, "targets.by_day", "")
    note = json.loads(json.dumps(base))
    note["midchecks"] = [{"date": "2026-11-17", "records": [{"slot": "12:00", "n": 10**15}]}]
    case("big-note-number.json", note, "midchecks", "out of range")
    # carried records are bounded by the schema's types: depth, text, items
    deep = json.loads(json.dumps(base))
    nested: Any = 1
    for _ in range(8):
        nested = [nested]
    deep["reflections"] = [{"date": "2026-11-17", "records": [{"day": "2026-11-17", "x": nested}]}]
    case("deep-note.json", deep, "reflections[0].records[0]", "got array")
    long_text = json.loads(json.dumps(base))
    long_text["weekly_reviews"] = [
        {"week": "2026-W47", "tables": {"actions": [{"text": "x" * 4001}]}}
    ]
    case("long-review.json", long_text, "weekly_reviews[0].tables", "length <= 4000")
    wide_version = json.loads(json.dumps(base))
    wide_version["targets"]["versions"] = [{"effective": "2026-11-16", "extra": list(range(1001))}]
    case("wide-version.json", wide_version, "targets.versions[0]", "length <= 1000")
    rating = json.loads(json.dumps(base))
    rating["midchecks"] = [{"date": "2026-11-17", "records": [{"slot": "12:00", "rating": 9}]}]
    case("rating.json", rating, "midchecks[2026-11-17].rating", "rating 1–5")
    outside = json.loads(json.dumps(base))
    outside["reflections"] = [{"date": "2026-12-01", "records": [{"day": "2026-12-01"}]}]
    case("note-outside.json", outside, "reflections", "outside the range")
    week = json.loads(json.dumps(base))
    week["weekly_reviews"] = [{"week": "2026-W40", "tables": {"actions": []}}]
    case("week-outside.json", week, "weekly_reviews", "outside the range")
    long_name = dict(base, rep={"id": "rep-09", "name": "x" * 5000})
    case("long-name.json", long_name, "rep.name", "length")
    for rep_id, words in (
        ("CON", "Windows reserves"),
        ("com1.backup", "Windows reserves"),
        ("rep.", "ends in a dot"),
        ("a:b", "not a valid id"),
        ("a\x07b", "not a valid id"),
    ):
        case(f"id-{len(cases)}.json", dict(base, rep={"id": rep_id, "name": "x"}), "rep.id", words)
    surrogate = json.dumps(dict(base, rep={"id": "rep-09", "name": "PLACEHOLDER"}))
    (tmp / "surrogate.json").write_text(surrogate.replace("PLACEHOLDER", "\\ud800x"), "utf-8")
    cases.append((tmp / "surrogate.json", "", "surrogate"))
    return cases


def test_each_malformed_export_is_refused_with_the_store_unchanged(existing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    team, good = existing
    before = snapshot(team.root)
    for path, field, words in _bad_exports(tmp_path):
        result = invoke("merge", str(good), str(path), "--team", str(team.root))
        assert result.exit_code == 1, path.name
        lines = [line for line in result.output.splitlines() if "rejected:" in line]
        assert len(lines) == 1, (path.name, result.output)
        assert str(path) in lines[0] and f"{field}" in lines[0], (path.name, lines[0])
        assert words in lines[0], (path.name, lines[0])
        assert "Traceback" not in result.output
        assert snapshot(team.root) == before, path.name


def test_special_files_are_refused_at_once(existing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    team, good = existing
    before = snapshot(team.root)
    fifo = tmp_path / "export.fifo"
    os.mkfifo(fifo)
    folder = tmp_path / "a-folder"
    folder.mkdir()
    for path, words in (
        (fifo, "FIFO"),
        (Path("/dev/zero"), "not a regular file"),
        (Path("/dev/urandom"), "not a regular file"),
        (folder, "folder"),
    ):
        start = time.monotonic()
        _, rejected = merge_files(team, [good, path], now=LEAD_NOW)
        assert time.monotonic() - start < 30  # no read of a stream without end
        assert len(rejected) == 1 and str(path) in str(rejected[0]), path
        assert words in str(rejected[0]), str(rejected[0])
        assert snapshot(team.root) == before


def test_a_file_that_grows_past_its_size_is_bounded_by_what_is_read(
    existing: tuple[TeamStore, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from istui.services.merge import check

    team, _ = existing
    monkeypatch.setattr(check, "MAX_EXPORT_BYTES", 2000)
    # /proc files say 0 bytes and give more: the bound is on what is read
    _, rejected = merge_files(team, [Path("/proc/self/maps")], now=LEAD_NOW)
    assert len(rejected) == 1 and "limit" in str(rejected[0])


def test_rep_ids_differing_only_in_case_are_refused(existing, tmp_path) -> None:  # type: ignore[no-untyped-def]
    team, _ = existing
    before = snapshot(team.root)
    upper = write(tmp_path / "upper.json", synthetic_export("REP-01", W47, per_day=2))
    _, rejected = merge_files(team, [upper], now=LEAD_NOW)  # against the store
    assert len(rejected) == 1 and "differs only in case" in str(rejected[0])
    a = write(tmp_path / "a.json", synthetic_export("Rep-07", W47, per_day=2))
    b = write(tmp_path / "b.json", synthetic_export("rep-07", W47, per_day=2))
    _, rejected = merge_files(team, [a, b], now=LEAD_NOW)  # within one merge
    assert len(rejected) == 1 and "b.json" in str(rejected[0]) and "a.json" in str(rejected[0])
    assert snapshot(team.root) == before


def test_an_export_a_few_minutes_ahead_is_taken(tmp_path: Path) -> None:
    team = team_store(tmp_path / "team.db")
    ahead = synthetic_export("rep-01", W47, per_day=2, exported_at=LEAD_NOW + timedelta(minutes=9))
    _, rejected = merge_files(team, [write(tmp_path / "a.json", ahead)], now=LEAD_NOW)
    assert not rejected
    late = synthetic_export("rep-01", W47, per_day=2, exported_at=LEAD_NOW + timedelta(minutes=11))
    _, rejected = merge_files(team, [write(tmp_path / "b.json", late)], now=LEAD_NOW)
    assert len(rejected) == 1 and "exported_at" in str(rejected[0])


# ------------------------------------------------------------ the store file
def test_a_store_from_a_newer_istui_or_a_foreign_database_is_refused(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", synthetic_export("rep-01", W47, per_day=2))
    team = team_store(tmp_path / "team.db")
    assert not merge_files(team, [good], now=LEAD_NOW)[1]
    with closing(sqlite3.connect(team.db_path)) as conn:
        conn.execute("PRAGMA user_version = 99")
    before = snapshot(team.root)
    _, rejected = merge_files(team, [good], now=LEAD_NOW)
    assert "newer istui" in str(rejected[0]) and snapshot(team.root) == before
    other = tmp_path / "other.db"
    with closing(sqlite3.connect(other)) as conn:
        conn.execute("CREATE TABLE t (x)")
    before = snapshot(other)
    result = invoke("merge", str(good), "--team", str(other))
    assert result.exit_code == 1 and "not an istui team store" in result.output
    assert snapshot(other) == before
    result = invoke("team", "--team", str(other))
    assert result.exit_code == 1 and "not an istui team store" in result.output


def test_the_team_store_is_named_the_same_way_everywhere(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", synthetic_export("rep-01", W47, per_day=2))
    db = str(tmp_path / "team.db")
    assert invoke("merge", str(good), "--team", db).exit_code == 0
    assert invoke("merge", str(good), "--into", db).exit_code == 0
    for args in (("--team", db), ("--into", db)):
        assert invoke("merge", "--dry-run", str(good), *args).exit_code == 0
    report = invoke("report", "--team", db, "--week", "2026-W47", "--format", "json")
    assert report.exit_code == 0 and json.loads(report.output)
    both = invoke("merge", str(good), "--team", db, "--into", db)
    assert both.exit_code == 2 and "give one" in both.output
    assert invoke("merge", str(good)).exit_code == 2


def test_a_dry_run_into_a_new_store_creates_nothing(tmp_path: Path) -> None:
    good = write(tmp_path / "good.json", synthetic_export("rep-01", W47, per_day=2))
    result = invoke("merge", "--dry-run", str(good), "--team", str(tmp_path / "team.db"))
    assert result.exit_code == 0 and "14 added" in result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == ["good.json"]


# -------------------------------------------------------- the 0.1 team folder
def _unpack(tmp_path: Path) -> tuple[Path, list[Path]]:
    with tarfile.open(FIXTURE) as tar:
        tar.extractall(tmp_path, filter="data")
    exports = sorted((tmp_path / "exports").glob("*.json"))
    return tmp_path / "team", exports


def test_a_team_folder_of_istui_0_1_is_upgraded_losslessly(tmp_path: Path) -> None:
    folder, exports = _unpack(tmp_path)
    legacy_files = snapshot(folder)
    # before the upgrade the view says what to do, and changes nothing
    result = invoke("team", "--team", str(folder))
    assert result.exit_code == 1 and "istui merge" in result.output
    assert snapshot(folder) == legacy_files
    # any merge upgrades it: here one export merged before (it changes nothing)
    result = invoke("merge", str(exports[0]), "--team", str(folder))
    assert result.exit_code == 0, result.output
    assert "0 added" in result.output
    upgraded = team_store(folder)
    assert upgraded.db_path == folder / "team.db"
    # the old files are only read
    assert {k: v for k, v in snapshot(folder).items() if not k.startswith("team.db")} == (
        legacy_files
    )
    # the database holds exactly what merging the same exports today gives
    fresh = team_store(tmp_path / "fresh.db")
    assert not merge_files(fresh, exports, now=LEAD_NOW)[1]
    assert team_dump(upgraded.db_path) == team_dump(fresh.db_path) | {
        "meta": team_dump(upgraded.db_path)["meta"]
    }
    # ...and reads as the rep's own review read it (the undo of rep-02 included)
    assert upgraded.rep_store("rep-02").events_between(W47, W47 + timedelta(days=6)) == (
        fresh.rep_store("rep-02").events_between(W47, W47 + timedelta(days=6))
    )
    report = invoke("report", "--team", str(folder), "--week", "2026-W47", "--format", "json")
    fresh_report = invoke(
        "report", "--team", str(fresh.root), "--week", "2026-W47", "--format", "json"
    )
    assert report.exit_code == 0 and report.output == fresh_report.output


@pytest.mark.parametrize(
    "damage",
    ["foreign table", "rep folder not in the index", "bad event", "newer marker"],
)
def test_a_team_folder_it_cannot_read_is_refused_unchanged(tmp_path: Path, damage: str) -> None:
    folder, exports = _unpack(tmp_path)
    day = folder / "reps" / "rep-01" / "days" / "2026" / "2026-11-17.json"
    if damage == "foreign table":
        data = json.loads(day.read_text("utf-8"))
        data["mystery"] = {"1": {"x": 1}}
        day.write_text(json.dumps(data), "utf-8")
    elif damage == "rep folder not in the index":
        shutil.copytree(folder / "reps" / "rep-01", folder / "reps" / "rep-99")
    elif damage == "bad event":
        data = json.loads(day.read_text("utf-8"))
        first = next(iter(data["events"]))
        data["events"][first]["at"] = "yesterday"
        day.write_text(json.dumps(data), "utf-8")
    else:
        (folder / "team.json").write_text('{"format": "istui-team", "schema": 9}', "utf-8")
    before = snapshot(folder)
    result = invoke("merge", str(exports[0]), "--team", str(folder))
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert len(result.output.strip().splitlines()) == 1, result.output
    assert snapshot(folder) == before


# ------------------------------------------------ kills, concurrency, disk full
def _merge_cmd(db: Path, files: list[Path]) -> list[str]:
    return [sys.executable, "-m", "istui", "merge", *map(str, files), "--team", str(db)]


def _env(tmp_path: Path) -> dict[str, str]:
    return dict(
        os.environ,
        ISTUI_NOW=LEAD_NOW.isoformat(),
        XDG_CONFIG_HOME=str(tmp_path / "xdg-config"),
        XDG_DATA_HOME=str(tmp_path / "xdg-data"),
    )


def _state(db: Path) -> Any:
    if not db.exists():
        return None
    return team_dump(db)


def _weeks(tmp_path: Path, reps: int, weeks: int, per_day: int, tag: str) -> list[Path]:
    out = tmp_path / f"exports-{tag}"
    out.mkdir(exist_ok=True)
    files = []
    for r in range(reps):
        for w in range(weeks):
            monday = W47 - timedelta(weeks=w)
            doc = synthetic_export(f"rep-{r:02d}", monday, per_day=per_day, seed=tag)
            files.append(write(out / f"rep-{r:02d}-{monday}.json", doc))
    return files


def test_sigkill_at_any_moment_leaves_the_old_or_the_new_state(tmp_path: Path) -> None:
    env = _env(tmp_path)
    old_files = _weeks(tmp_path, 2, 1, 40, "old")
    new_files = _weeks(tmp_path, 6, 4, 300, "new")  # ~50,000 events

    def clean(name: str, *batches: list[Path]) -> Any:
        db = tmp_path / name
        for files in batches:
            subprocess.run(_merge_cmd(db, files), env=env, check=True, capture_output=True)
        return _state(db)

    start = time.monotonic()
    new_only = clean("new-only.db", new_files)
    full = time.monotonic() - start
    new_after_old = clean("new-after-old.db", old_files, new_files)
    rng = random.Random(12)
    outcomes = {"old": 0, "new": 0}
    for round_ in range(15):
        db = tmp_path / f"round-{round_}.db"
        first_merge = round_ % 3 == 2  # every third kills the first merge into a new store
        if not first_merge:
            subprocess.run(_merge_cmd(db, old_files), env=env, check=True, capture_output=True)
        old_state = _state(db)
        new_state = new_only if first_merge else new_after_old
        proc = subprocess.Popen(
            _merge_cmd(db, new_files), env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        time.sleep(rng.uniform(0.0, full * 1.1))
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        # the store opens and holds the old state or the new one, nothing between
        after = _state(db)
        assert after in (old_state, new_state), round_
        outcomes["old" if after == old_state else "new"] += 1
        # a re-run ends exactly as a clean merge
        subprocess.run(_merge_cmd(db, new_files), env=env, check=True, capture_output=True)
        assert _state(db) == new_state, round_
    assert outcomes["old"] > 0  # kills did land before the commit


@pytest.mark.parametrize("existing_store", [False, True])
@pytest.mark.parametrize("at_once", [2, 3])
def test_concurrent_merges_lose_nothing(tmp_path: Path, existing_store: bool, at_once: int) -> None:
    env = _env(tmp_path)
    db = tmp_path / "team.db"
    if existing_store:
        seed = _weeks(tmp_path, 1, 1, 20, "seed")
        subprocess.run(_merge_cmd(db, seed), env=env, check=True, capture_output=True)
    batches = []
    for i in range(at_once):
        out = tmp_path / f"batch-{i}"
        out.mkdir()
        files = []
        for r in range(2):
            rep_id = f"rep-b{i}{r}"
            files.append(write(out / f"{rep_id}.json", synthetic_export(rep_id, W47, per_day=150)))
        batches.append(files)
    procs = [
        subprocess.Popen(
            _merge_cmd(db, files), env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE
        )
        for files in batches
    ]
    for proc in procs:
        _, err = proc.communicate(timeout=240)
        assert proc.returncode == 0, err
    team = team_store(db)
    reps = team.reps()
    for files in batches:
        for path in files:
            doc = json.loads(path.read_text("utf-8"))
            rep_id = doc["rep"]["id"]
            assert rep_id in reps
            held = {e.id for e in team.rep_store(rep_id).events_between(W47, W47 + timedelta(6))}
            assert held == {e["id"] for e in doc["events"]}
    assert len(reps) == at_once * 2 + existing_store
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def _mount_tmpfs(folder: Path, size_kb: int) -> bool:
    if sys.platform != "linux" or os.geteuid() != 0 or shutil.which("mount") is None:
        return False
    folder.mkdir()
    done = subprocess.run(
        ["mount", "-t", "tmpfs", "-o", f"size={size_kb}k", "tmpfs", str(folder)],
        capture_output=True,
    )
    return done.returncode == 0


def test_a_full_disk_is_one_line_and_the_old_state(tmp_path: Path) -> None:
    disk = tmp_path / "small-disk"
    if not _mount_tmpfs(disk, 400):
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    try:
        env = _env(tmp_path)
        db = disk / "team.db"
        seed = _weeks(tmp_path, 1, 1, 10, "seed")
        subprocess.run(_merge_cmd(db, seed), env=env, check=True, capture_output=True)
        before = snapshot(db)
        state = _state(db)
        big = _weeks(tmp_path, 3, 2, 200, "big")  # far more than 400 KB of rows
        done = subprocess.run(_merge_cmd(db, big), env=env, capture_output=True, text=True)
        assert done.returncode == 1
        assert done.stderr.strip().count("\n") == 0, done.stderr
        assert "disk full" in done.stderr and "Traceback" not in done.stderr
        assert _state(db) == state
        assert snapshot(db)["team.db"] == before["team.db"]
        assert not [p for p in disk.iterdir() if p.name not in ("team.db",)]
    finally:
        subprocess.run(["umount", str(disk)], check=False)


def test_a_full_disk_on_a_first_merge_leaves_no_store(tmp_path: Path) -> None:
    disk = tmp_path / "small-disk"
    if not _mount_tmpfs(disk, 200):
        pytest.skip("cannot mount a small tmpfs here (needs root on Linux)")
    try:
        big = _weeks(tmp_path, 3, 2, 200, "big")
        done = subprocess.run(
            _merge_cmd(disk / "team.db", big), env=_env(tmp_path), capture_output=True, text=True
        )
        assert done.returncode == 1 and "disk full" in done.stderr, done.stderr
        assert list(disk.iterdir()) == []
    finally:
        subprocess.run(["umount", str(disk)], check=False)
