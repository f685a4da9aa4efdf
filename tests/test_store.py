"""The store: events, undo, unreadable files (never overwritten), backups, restore,
daylight-saving days and config target versions."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from datetime import UTC, date, datetime, timedelta, timezone
from pathlib import Path
from zoneinfo import ZoneInfo

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from istui.domain.calendar import WorkCalendar
from istui.domain.targets import TargetVersion, targets_in_force
from istui.services.clock import FixedClock
from istui.store import SCHEMA_VERSION, Store, StoreError
from istui.store.backups import backup_files
from istui.store.layout import day_relpath, week_relpath

JST = timezone(timedelta(hours=9))
MON = date(2026, 11, 23)
NY = ZoneInfo("America/New_York")


def at(hh: int, mm: int = 0, day: date = MON) -> datetime:
    return datetime(day.year, day.month, day.day, hh, mm, tzinfo=JST)


def snapshot(root: Path) -> dict[str, bytes]:
    """Every file under root (but the lock) with its bytes."""
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def data_files(root: Path) -> dict[str, bytes]:
    return {k: v for k, v in snapshot(root).items() if not k.startswith("backups/")}


# ------------------------------------------------------------------ events


def test_log_and_read_back(store: Store) -> None:
    logged = store.log("call", 3, at=at(10, 15))
    logged += store.log("meeting", at=at(10, 20))
    events = store.day_events(MON)
    assert events == logged
    assert len({e.id for e in events}) == 4
    assert [e.kind for e in events] == ["call", "call", "call", "meeting"]
    assert all(e.at == at(10, 15) for e in events[:3])
    assert (store.root / "days/2026/2026-11-23.json").is_file()
    assert store.day_events(MON - timedelta(days=1)) == []


def test_log_refuses_bad_arguments_and_writes_nothing(store: Store) -> None:
    before = snapshot(store.root)
    with pytest.raises(ValueError):
        store.log("call", 0, at=at(10))
    with pytest.raises(ValueError):
        store.log("call", at=datetime(2026, 11, 23, 10))
    assert snapshot(store.root) == before


def test_events_go_to_their_own_local_day(store: Store) -> None:
    store.log("call", at=at(23, 59, day=MON - timedelta(days=1)))
    store.log("call", at=at(0, 1))
    assert len(store.day_events(MON - timedelta(days=1))) == 1
    assert len(store.day_events(MON)) == 1
    assert store.days_with_data() == [MON - timedelta(days=1), MON]
    assert len(store.events_between(MON - timedelta(days=3), MON)) == 2


def test_undo_removes_the_last_logged_event(store: Store) -> None:
    store.log("call", at=at(10))
    store.log("meeting", at=at(11))
    backfilled = store.log("connect", at=at(9))[0]
    assert store.undo_last(MON) == backfilled  # last logged, not latest timestamp
    assert [e.kind for e in store.day_events(MON)] == ["call", "meeting"]


def test_undo_never_goes_below_zero(store: Store) -> None:
    store.log("call", at=at(10))
    assert store.undo_last(MON) is not None
    assert store.undo_last(MON) is None
    assert store.undo_last(MON) is None
    assert store.day_events(MON) == []
    store.log("call", at=at(10, 5))
    assert len(store.day_events(MON)) == 1


def test_undo_on_a_day_never_logged_creates_no_day_file(store: Store) -> None:
    assert store.undo_last(MON) is None
    assert not (store.root / day_relpath(MON)).exists()


def test_japanese_kinds_are_stored_as_utf8(store: Store) -> None:
    store.log("アポ", at=at(10))
    assert store.day_events(MON)[0].kind == "アポ"
    assert "アポ".encode() in (store.root / day_relpath(MON)).read_bytes()


def test_transaction_writes_nothing_when_the_body_raises(store: Store) -> None:
    store.log("call", at=at(10))
    data_files_before = data_files(store.root)
    with pytest.raises(RuntimeError), store.transaction(day_relpath(MON)) as db:
        db.table("events").insert({"id": "x", "at": at(11).isoformat(), "kind": "call"})
        raise RuntimeError("boom")
    assert data_files(store.root) == data_files_before


def test_own_tables_live_in_the_day_file(store: Store) -> None:
    with store.transaction(day_relpath(MON)) as db:
        db.table("reflection").insert({"went_well": "受付突破できた"})
    assert store.read_table(day_relpath(MON), "reflection") == [
        {"went_well": "受付突破できた", "doc_id": 1}
    ]
    assert store.read_table(day_relpath(MON), "events") == []
    assert store.read_table(week_relpath(2026, 48), "actions") == []
    assert week_relpath(2026, 1) == "weeks/2026-W01.json"


def test_a_read_only_transaction_does_not_rewrite_the_file(store: Store) -> None:
    store.log("call", at=at(10))
    sig = store.signature(day_relpath(MON))
    with store.transaction(day_relpath(MON)) as db:
        db.table("events").all()
    assert store.signature(day_relpath(MON)) == sig


def test_signature_changes_on_every_write(store: Store) -> None:
    assert store.signature(day_relpath(MON)) is None
    store.log("call", at=at(10))
    first = store.signature(day_relpath(MON))
    store.log("call", at=at(10))
    assert store.signature(day_relpath(MON)) not in (None, first)


# --------------------------------------------------- unreadable files: never overwritten


def _day_file(store: Store) -> Path:
    store.log("call", at=at(9))
    return store.root / day_relpath(MON)


def _meta_doc(schema: int) -> dict[str, object]:
    return {"1": {"format": "istui-store", "schema": schema}}


BAD_DAY_FILES: dict[str, tuple[bytes, str]] = {
    "corrupt json": (b'{"_meta": {"1": {', "corrupt JSON at line 1"),
    "zero bytes": (b"", "empty file (0 bytes)"),
    "whitespace": (b"\n\n  ", "empty file"),
    "not utf-8": ('{"k": "アポ"}'.encode("shift_jis"), "not UTF-8"),
    "a list": (b"[1, 2, 3]", "unexpected shape"),
    "table not a dict": (
        json.dumps({"_meta": _meta_doc(1), "events": []}).encode(),
        "unexpected shape",
    ),
    "document not a dict": (
        json.dumps({"_meta": _meta_doc(1), "events": {"1": 5}}).encode(),
        "bad document",
    ),
    "document id not a number": (
        json.dumps(
            {
                "_meta": _meta_doc(1),
                "events": {"x": {"id": "a", "at": "2026-11-23T10:00:00+09:00", "kind": "call"}},
            }
        ).encode(),
        "bad document",
    ),
    "tinydb default table": (
        json.dumps({"_default": {"1": {"a": 1}}}).encode(),
        "no _meta table",
    ),
    "missing _meta": (json.dumps({"events": {}}).encode(), "no _meta table"),
    "_meta without schema": (
        json.dumps({"_meta": {"1": {"format": "x"}}}).encode(),
        "no schema version",
    ),
    "newer schema": (
        json.dumps({"_meta": _meta_doc(SCHEMA_VERSION + 1), "events": {}}).encode(),
        "newer istui",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_DAY_FILES))
def test_unreadable_day_file_stops_with_its_name_and_is_never_overwritten(
    store: Store, case: str
) -> None:
    path = _day_file(store)
    content, message = BAD_DAY_FILES[case]
    path.write_bytes(content)
    before = snapshot(store.root)
    for attempt in (
        lambda: store.day_events(MON),
        lambda: store.log("call", at=at(10)),
        lambda: store.undo_last(MON),
    ):
        with pytest.raises(StoreError) as err:
            attempt()
        assert str(path) in str(err.value)
        assert message in str(err.value)
        assert "\n" not in str(err.value)
    assert path.read_bytes() == content
    # Nothing else changed either (the day's backup was already made before).
    after = snapshot(store.root)
    assert {k: v for k, v in after.items() if not k.startswith("backups/")} == {
        k: v for k, v in before.items() if not k.startswith("backups/")
    }
    problems = store.check_files()
    assert [p.path for p in problems] == [path]


def test_bad_event_record_names_the_file(store: Store) -> None:
    path = _day_file(store)
    data = json.loads(path.read_text())
    data["events"]["1"]["at"] = "2026-11-23T10:00:00"  # no offset
    path.write_text(json.dumps(data))
    with pytest.raises(StoreError, match="no UTC offset") as err:
        store.day_events(MON)
    assert str(path) in str(err.value)
    assert [p.path for p in store.check_files()] == [path]


BAD_MARKERS: dict[str, tuple[bytes, str]] = {
    "corrupt json": (b'{"format": ', "corrupt JSON"),
    "zero bytes": (b"", "empty file"),
    "not utf-8": (b"\xff\xfe\x00garbage", "not UTF-8"),
    "foreign shape": (b'["istui-store", 1]', "not an istui store marker"),
    "wrong format": (b'{"format": "something-else", "schema": 1}', "not an istui store marker"),
    "no schema": (b'{"format": "istui-store"}', "no schema version"),
    "newer schema": (
        json.dumps({"format": "istui-store", "schema": SCHEMA_VERSION + 1}).encode(),
        "newer istui",
    ),
}


@pytest.mark.parametrize("case", sorted(BAD_MARKERS))
def test_unreadable_store_marker_stops_everything_and_is_never_overwritten(
    store: Store, case: str
) -> None:
    store.log("call", at=at(9))
    marker = store.root / "store.json"
    content, message = BAD_MARKERS[case]
    marker.write_bytes(content)
    before = snapshot(store.root)
    for attempt in (
        store.check_root,
        lambda: store.log("call", at=at(10)),
        lambda: store.log("call", at=at(10, day=MON + timedelta(days=1))),
        lambda: store.undo_last(MON),
        lambda: store.sync_config_targets({"call": 1}, MON),
    ):
        with pytest.raises(StoreError) as err:
            attempt()
        assert str(marker) in str(err.value) and message in str(err.value)
    assert snapshot(store.root) == before
    assert [p.path for p in store.check_files()] == [marker]


def test_a_file_given_as_the_store_is_refused_untouched(tmp_path: Path) -> None:
    path = tmp_path / "events.json"
    path.write_bytes(b"my own notes")
    store = Store(path, today=lambda: MON)
    for attempt in (store.check_root, lambda: store.log("call", at=at(10))):
        with pytest.raises(StoreError, match="is a file") as err:
            attempt()
        assert str(path) in str(err.value)
    assert path.read_bytes() == b"my own notes"
    with pytest.raises(StoreError):
        store.restore("2026-11-23")


def test_a_folder_that_is_not_a_store_is_refused_untouched(tmp_path: Path) -> None:
    folder = tmp_path / "Documents"
    folder.mkdir()
    (folder / "report.txt").write_text("keep me")
    store = Store(folder, today=lambda: MON)
    with pytest.raises(StoreError, match="not an istui store") as err:
        store.log("call", at=at(10))
    assert str(folder) in str(err.value)
    assert sorted(p.name for p in folder.iterdir()) == ["report.txt"]  # not even a .lock


def test_a_store_another_process_is_creating_is_not_taken_for_a_foreign_folder(
    tmp_path: Path,
) -> None:
    # Two writers starting on a new store at once: one sees the other's lock file
    # and its marker still in its temp file (checked before the lock is taken).
    folder = tmp_path / "store"
    folder.mkdir()
    (folder / ".lock").touch()
    (folder / ".store.json.0123456789ab.tmp").write_bytes(b"")
    store = Store(folder, today=lambda: MON)
    store.log("call", at=at(10))
    assert [e.kind for e in store.day_events(MON)] == ["call"]
    # ...but a file merely named like a temp of something else is not ours
    other = tmp_path / "other"
    other.mkdir()
    (other / ".notes.json.0123456789ab.tmp").write_text("keep me")
    with pytest.raises(StoreError, match="not an istui store"):
        Store(other, today=lambda: MON).log("call", at=at(10))


def test_a_store_path_under_a_file_is_one_store_error(tmp_path: Path) -> None:
    afile = tmp_path / "notes.txt"
    afile.write_text("mine")
    store = Store(afile / "store", today=lambda: MON)
    with pytest.raises(StoreError) as err:
        store.log("call", at=at(10))
    assert str(afile) in str(err.value) and "\n" not in str(err.value)
    assert afile.read_text() == "mine"


def test_a_full_disk_on_write_is_a_store_error_and_leaves_the_old_file(
    store: Store, monkeypatch: pytest.MonkeyPatch
) -> None:
    store.log("call", at=at(10))
    store.log("call", at=at(10, 30))  # the day's backup is made: the next write is the data
    before = data_files(store.root)

    def full(src: object, dst: object) -> None:
        raise OSError(28, "No space left on device", str(dst))

    monkeypatch.setattr(os, "replace", full)
    with pytest.raises(StoreError, match="No space left on device") as err:
        store.log("call", at=at(11))
    assert day_relpath(MON) in str(err.value)
    monkeypatch.undo()
    assert data_files(store.root) == before
    assert not [p for p in store.root.rglob("*.tmp")]  # the temp file was removed
    assert len(store.day_events(MON)) == 2


def test_a_new_store_is_created_with_a_schema_marker(tmp_path: Path) -> None:
    root = tmp_path / "new" / "store"
    store = Store(root, today=lambda: MON)
    store.check_root()  # a folder that does not exist yet is fine
    store.log("call", at=at(10))
    marker = json.loads((root / "store.json").read_text())
    assert marker["format"] == "istui-store" and marker["schema"] == SCHEMA_VERSION
    day = json.loads((root / day_relpath(MON)).read_text())
    assert day["_meta"]["1"]["schema"] == SCHEMA_VERSION
    assert store.check_files() == []


def test_leftover_temp_files_are_ignored(store: Store) -> None:
    store.log("call", at=at(10))
    folder = store.root / "days" / "2026"
    (folder / ".2026-11-23.json.abc123.tmp").write_bytes(b'{"half": ')
    assert len(store.day_events(MON)) == 1
    assert store.check_files() == []
    assert store.days_with_data() == [MON]


# ------------------------------------------------------------------ backups


def _store_on(tmp_path: Path, day: list[date], kept: int = 28) -> Store:
    return Store(tmp_path / "store", today=lambda: day[0], backups_kept=kept)


def held(store: Store, name: str) -> dict[str, Path]:
    """Every file of backup ``name`` as a restore reads it (resolved through
    its manifest: a daily backup holds only what changed since the one before)."""
    return backup_files(store.root, name)


def _log_monday_then_tuesday(store: Store, today: list[date]) -> None:
    """A call on Monday, then one on Tuesday: Tuesday's first change backs the
    store up as backups/2026-11-24, which holds Monday only. ``today`` is the
    store's day, moved on to Tuesday."""
    store.log("call", at=at(10))
    today[0] = MON + timedelta(days=1)
    store.log("call", at=at(10, day=today[0]))


def test_one_dated_backup_a_day_before_the_days_first_change(tmp_path: Path) -> None:
    today = [MON]
    store = _store_on(tmp_path, today)
    store.log("call", at=at(10))  # a brand-new store has nothing to back up yet
    assert store.backups() == []
    store.log("call", at=at(11))
    assert store.backups() == ["2026-11-23"]
    backed = held(store, "2026-11-23")[day_relpath(MON)]
    assert len(json.loads(backed.read_text())["events"]) == 1
    store.log("call", at=at(12))
    assert store.backups() == ["2026-11-23"]  # still one for the day
    assert len(json.loads(backed.read_text())["events"]) == 1

    today[0] = MON + timedelta(days=1)
    store.log("call", at=at(9, day=today[0]))
    assert store.backups() == ["2026-11-23", "2026-11-24"]
    newer = held(store, "2026-11-24")[day_relpath(MON)]
    assert len(json.loads(newer.read_text())["events"]) == 3
    assert "store.json" in held(store, "2026-11-24")
    assert "targets.json" not in held(store, "2026-11-24")  # never synced


def test_backups_are_pruned_to_backups_kept(tmp_path: Path) -> None:
    today = [MON]
    store = _store_on(tmp_path, today, kept=5)
    for i in range(12):
        today[0] = MON + timedelta(days=i)
        store.log("call", at=at(10, day=today[0]))
        store.log("call", at=at(11, day=today[0]))
    dated = store.backups()
    assert len(dated) == 5
    assert dated == [(MON + timedelta(days=i)).isoformat() for i in range(7, 12)]


def test_backups_are_copies_and_unchanged_files_are_taken_from_the_previous_backup(
    store: Store,
) -> None:
    today = [MON]
    store._today = lambda: today[0]
    _log_monday_then_tuesday(store, today)  # makes backup 2026-11-24
    live = store.root / day_relpath(MON)
    first = store.root / "backups/2026-11-24" / day_relpath(MON)
    assert held(store, "2026-11-24")[day_relpath(MON)] == first
    assert first.read_bytes() == live.read_bytes()
    assert os.stat(live).st_ino != os.stat(first).st_ino  # a copy, not the live file

    today[0] = MON + timedelta(days=2)
    store.log("call", at=at(10, day=today[0]))  # makes backup 2026-11-25
    second = held(store, "2026-11-25")[day_relpath(MON)]
    assert second == first  # unchanged: the manifest names 2026-11-24's copy
    assert not (store.root / "backups/2026-11-25" / day_relpath(MON)).exists()
    tuesday = store.root / "backups/2026-11-25" / day_relpath(today[0] - timedelta(days=1))
    assert held(store, "2026-11-25")[day_relpath(today[0] - timedelta(days=1))] == tuesday
    assert tuesday.is_file() and os.stat(tuesday).st_nlink == 1  # changed: a fresh copy

    frozen = first.read_bytes()
    for _ in range(3):
        store.log("meeting", at=at(15))  # backfill into the backed-up day
    assert first.read_bytes() == second.read_bytes() == frozen
    assert len(store.day_events(MON)) == 4
    assert len(json.loads(frozen)["events"]) == 1

    # Something outside istui changing a live file in place leaves backups whole.
    with live.open("r+b") as handle:
        handle.write(b"\0" * 10)
    assert store.check_files()
    assert first.read_bytes() == frozen
    today[0] = MON + timedelta(days=3)
    with pytest.raises(StoreError):
        store.log("call", at=at(10))  # refused: the damaged file is not written over
    store.restore("2026-11-25")
    assert len(store.day_events(MON)) == 1


def test_pruning_a_backup_keeps_files_linked_from_newer_ones(tmp_path: Path) -> None:
    today = [MON]
    store = _store_on(tmp_path, today, kept=2)
    store.log("call", 5, at=at(10))
    for i in range(1, 6):
        today[0] = MON + timedelta(days=i)
        store.log("call", at=at(10, day=today[0]))
    assert len(store.backups()) == 2
    for name in store.backups():
        kept = held(store, name)[day_relpath(MON)]
        assert len(json.loads(kept.read_text())["events"]) == 5


def _with_history(tmp_path: Path, days: int, kept: int = 28) -> tuple[Store, list[date]]:
    """A store with ``days`` day files before MON, its first backup taken on
    the Sunday before; ``today`` is moved on to MON."""
    today = [MON - timedelta(days=1)]
    store = _store_on(tmp_path, today, kept)
    for back in range(days, 0, -1):
        store.log("call", at=at(10, day=MON - timedelta(days=back)))
    today[0] = MON
    return store, today


def _files_in(folder: Path) -> list[str]:
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file())


def test_a_daily_backup_holds_only_what_changed_since_the_one_before(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    store, today = _with_history(tmp_path, 90)
    store.log("call", at=at(10))  # Monday's first write: backup 2026-11-23 (the history)
    store.log("call", at=at(11, day=MON - timedelta(days=40)))  # a backfill, after the backup
    expected = data_files(store.root)
    today[0] = MON + timedelta(days=1)

    import shutil

    made: list[str] = []
    real_copy, real_link = shutil.copy2, os.link

    def copy2(src: Path, dst: Path) -> object:
        made.append(f"copy {dst}")
        return real_copy(src, dst)

    def link(src: Path, dst: Path) -> None:
        made.append(f"link {dst}")
        real_link(src, dst)

    monkeypatch.setattr(shutil, "copy2", copy2)
    monkeypatch.setattr(os, "link", link)
    store.log("call", at=at(10, day=today[0]))  # Tuesday's first write
    monkeypatch.undo()
    # the note (one link) and the build: the two changed files (Monday's and the
    # backfilled one), whatever the history
    built = [m for m in made if "/backups/.tmp-2026-11-24/" in m]
    assert len(built) == 2 and len(made) == 3, made
    assert _files_in(store.root / "backups/2026-11-24") == sorted(
        [".manifest", day_relpath(MON), day_relpath(MON - timedelta(days=40))]
    )
    restored = {rel: p.read_bytes() for rel, p in held(store, "2026-11-24").items()}
    assert restored == expected


def test_restores_are_exact_after_days_of_backups_and_pruning(tmp_path: Path) -> None:
    store, today = _with_history(tmp_path, 10, kept=3)
    states: dict[str, dict[str, bytes]] = {}
    for i in range(7):
        today[0] = MON + timedelta(days=i)
        states[today[0].isoformat()] = data_files(store.root)  # before the first change
        store.log("call", at=at(10, day=today[0]))
        store.log("meeting", at=at(11, day=MON - timedelta(days=1 + i % 4)))  # backfills
        if i == 3:
            store.sync_config_targets({"call": 90 + i}, today[0])
    names = store.dated_backups()
    assert names == [(MON + timedelta(days=i)).isoformat() for i in range(4, 7)]
    for name in names:  # each resolves to exactly that day's state, pruned parents or not
        assert {rel: p.read_bytes() for rel, p in held(store, name).items()} == states[name]
        kept = [store.root / "backups" / n for n in names]
        assert all(any(p.is_relative_to(k) for k in kept) for p in held(store, name).values())
    # the oldest kept one took over what it shared with the pruned ones
    oldest = store.root / "backups" / names[0]
    assert day_relpath(MON - timedelta(days=10)) in _files_in(oldest)
    for name in reversed(names):
        store.restore(name)
        assert data_files(store.root) == states[name]


def test_a_backup_from_before_the_manifest_is_still_a_parent(tmp_path: Path) -> None:
    store, today = _with_history(tmp_path, 5, kept=2)
    store.log("call", at=at(10))  # backup 2026-11-23
    old = store.root / "backups/2026-11-23"
    # made the old way: every file in the folder, no manifest
    for rel, path in held(store, "2026-11-23").items():
        if not (old / rel).exists():
            (old / rel).parent.mkdir(parents=True, exist_ok=True)
            os.link(path, old / rel)
    (old / ".manifest").unlink()
    states = {}
    for i in (1, 2):
        today[0] = MON + timedelta(days=i)
        states[today[0].isoformat()] = data_files(store.root)
        store.log("call", at=at(10, day=today[0]))
    assert store.dated_backups() == ["2026-11-24", "2026-11-25"]  # the old one pruned
    assert len(_files_in(store.root / "backups/2026-11-25")) == 2  # Tuesday's, the manifest
    for name, state in states.items():
        assert {rel: p.read_bytes() for rel, p in held(store, name).items()} == state


def test_a_backup_whose_parent_is_gone_is_refused_not_half_restored(tmp_path: Path) -> None:
    store, today = _with_history(tmp_path, 5)
    store.log("call", at=at(10))  # backup 2026-11-23
    today[0] = MON + timedelta(days=1)
    store.log("call", at=at(10, day=today[0]))  # 2026-11-24 takes most from 2026-11-23
    before = data_files(store.root)
    shutil.rmtree(store.root / "backups/2026-11-23")  # removed by hand
    with pytest.raises(StoreError, match="which is gone"):
        store.restore("2026-11-24")
    assert data_files(store.root) == before
    # an unreadable manifest: the next backup is a whole copy (needing nothing of
    # the older ones, which are then pruned)
    (store.root / "backups/2026-11-24/.manifest").write_text("{", encoding="utf-8")
    store.backups_kept = 1
    state = data_files(store.root)
    today[0] = MON + timedelta(days=2)
    store.log("call", at=at(10, day=today[0]))
    assert store.dated_backups() == ["2026-11-25"]
    assert {rel: p.read_bytes() for rel, p in held(store, "2026-11-25").items()} == state


def test_restore_makes_the_store_equal_the_backup_and_keeps_the_current_state(
    tmp_path: Path,
) -> None:
    today = [MON]
    store = _store_on(tmp_path, today)
    store.sync_config_targets({"call": 100}, MON)
    _log_monday_then_tuesday(store, today)
    store.log("meeting", 2, at=at(11, day=today[0]))
    store.sync_config_targets({"call": 120}, today[0])
    before_restore = data_files(store.root)
    backed = {rel: p.read_bytes() for rel, p in held(store, "2026-11-24").items()}

    kept = store.restore("2026-11-24")

    assert data_files(store.root) == backed
    assert store.day_events(today[0]) == []
    assert len(store.day_events(MON)) == 1
    assert kept in store.backups()
    assert snapshot(store.root / "backups" / kept) == before_restore
    assert store.check_files() == []

    # A second restore the same day (same second) does not collide.
    kept2 = store.restore(kept)
    assert kept2 != kept
    assert data_files(store.root) == before_restore


def test_restore_refuses_unknown_or_escaping_names_and_deletes_nothing(store: Store) -> None:
    today = [MON]
    store._today = lambda: today[0]
    _log_monday_then_tuesday(store, today)
    before = data_files(store.root)
    for name in ("2020-01-01", "../days", "2026-11-24/../../days", ".", ""):
        with pytest.raises(StoreError, match="no such backup"):
            store.restore(name)
    assert data_files(store.root) == before


def test_restore_recovers_from_a_corrupt_marker(store: Store) -> None:
    today = [MON]
    store._today = lambda: today[0]
    _log_monday_then_tuesday(store, today)
    (store.root / "store.json").write_bytes(b"")
    assert store.check_files()
    store.restore("2026-11-24")
    assert store.check_files() == []
    assert len(store.day_events(MON)) == 1


def test_restore_broken_restores_only_unreadable_files(tmp_path: Path) -> None:
    today = [MON]
    store = _store_on(tmp_path, today)
    _log_monday_then_tuesday(store, today)
    friday = MON - timedelta(days=3)
    store.log("meeting", at=at(10, day=friday))  # backfilled after the backup
    (store.root / day_relpath(MON)).write_bytes(b"")
    broken = data_files(store.root)

    kept, restored, missing = store.restore_broken("2026-11-24")

    assert restored == [day_relpath(MON)] and missing == []
    assert kept is not None and snapshot(store.root / "backups" / kept) == broken
    assert len(store.day_events(MON)) == 1
    assert [e.kind for e in store.day_events(friday)] == ["meeting"]
    assert len(store.day_events(today[0])) == 1
    assert store.check_files() == []
    # Nothing broken: nothing written, no pre-restore backup.
    backups = store.backups()
    assert store.restore_broken("2026-11-24") == (None, [], [])
    assert store.backups() == backups


def test_restore_broken_after_a_broken_marker_also_restores_the_rest(store: Store) -> None:
    today = [MON]
    store._today = lambda: today[0]
    _log_monday_then_tuesday(store, today)
    (store.root / "store.json").write_bytes(b"")
    (store.root / day_relpath(MON)).write_bytes(b"")
    _, restored, _ = store.restore_broken("2026-11-24")
    assert restored == ["store.json", day_relpath(MON)]
    assert store.check_files() == []


def test_restore_plan_names_what_a_whole_restore_changes(tmp_path: Path) -> None:
    today = [MON]
    store = _store_on(tmp_path, today)
    store.log("call", at=at(10))
    today[0] = MON + timedelta(days=1)
    store.log("call", 2, at=at(10, day=today[0]))
    store.log("call", at=at(11, day=MON))
    plan = {(c.relpath, c.action, c.events) for c in store.restore_plan("2026-11-24")}
    assert plan == {(day_relpath(today[0]), "remove", 2), (day_relpath(MON), "replace", 2)}


# ------------------------------------------------------------- daylight saving


def test_fixed_clock_advances_by_real_time_across_fall_back() -> None:
    clock = FixedClock(datetime(2026, 11, 1, 0, 30, tzinfo=NY), NY)
    seen = []
    for _ in range(4):
        clock.advance(minutes=30)
        seen.append(clock.now().isoformat())
    assert seen == [
        "2026-11-01T01:00:00-04:00",
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:00:00-05:00",  # the repeated hour is not skipped
        "2026-11-01T01:30:00-05:00",
    ]


@pytest.mark.parametrize(
    ("day", "hours_in_day", "offsets"),
    [
        (date(2026, 11, 1), 25, {timedelta(hours=-4), timedelta(hours=-5)}),
        (date(2026, 3, 8), 23, {timedelta(hours=-5), timedelta(hours=-4)}),
    ],
)
def test_a_day_crossing_a_dst_change_keeps_every_event(
    tmp_path: Path, day: date, hours_in_day: int, offsets: set[timedelta]
) -> None:
    start = datetime(day.year, day.month, day.day, tzinfo=NY)
    clock = FixedClock(start, NY)
    store = Store(tmp_path / "store", today=lambda: clock.now().date())
    logged = []
    # One dial every 20 minutes of real time from local midnight to the next.
    while clock.now().date() == day:
        logged += store.log("call", at=clock.now())
        clock.advance(minutes=20)
    logged += store.log("call", at=clock.now())  # 00:00 the next day
    assert len(logged) == hours_in_day * 3 + 1

    events = store.day_events(day)
    assert len(events) == hours_in_day * 3
    assert [e.id for e in events] == [e.id for e in logged[:-1]]
    assert {e.at.utcoffset() for e in events} == offsets
    for stored, original in zip(events, logged, strict=False):
        # the same instant (an aware compare across zones is False for fold=1 times)
        assert stored.at.astimezone(UTC) == original.at.astimezone(UTC)
        assert stored.at.utcoffset() == original.at.utcoffset()  # with its own offset
        assert stored.day == day
    instants = [e.at.astimezone(UTC) for e in events]
    assert instants == sorted(instants) and len(set(instants)) == len(instants)
    assert [e.id for e in store.day_events(day + timedelta(days=1))] == [logged[-1].id]


def test_the_repeated_hour_holds_both_events(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", today=lambda: date(2026, 11, 1))
    first = datetime(2026, 11, 1, 5, 30, tzinfo=UTC).astimezone(NY)
    second = datetime(2026, 11, 1, 6, 30, tzinfo=UTC).astimezone(NY)
    assert first.strftime("%H:%M") == second.strftime("%H:%M") == "01:30"
    store.log("call", at=first)
    store.log("connect", at=second)
    stored = store.day_events(date(2026, 11, 1))
    assert [e.at.isoformat() for e in stored] == [
        "2026-11-01T01:30:00-04:00",
        "2026-11-01T01:30:00-05:00",
    ]


# ------------------------------------------------------------------ targets


def test_first_config_sync_applies_to_all_earlier_days(store: Store) -> None:
    versions = store.target_versions()
    assert len(versions) == 1
    assert versions[0].effective == date(1970, 1, 1)
    assert targets_in_force(versions, date(2025, 6, 2), WorkCalendar())["call"] == 100


def test_config_edit_makes_a_new_version_effective_today_and_keeps_the_past(
    store: Store,
) -> None:
    targets = {"call": 100, "connect": 25, "meeting": 4, "email": 40}
    assert store.sync_config_targets(targets, MON) is False  # unchanged: nothing written
    sig = store.signature("targets.json")
    assert store.sync_config_targets(targets, MON) is False
    assert store.signature("targets.json") == sig

    edited = dict(targets, call=120)
    assert store.sync_config_targets(edited, MON) is True
    versions = store.target_versions()
    assert [v.effective for v in versions] == [date(1970, 1, 1), MON]
    cal = WorkCalendar()
    assert targets_in_force(versions, MON, cal)["call"] == 120
    assert targets_in_force(versions, MON - timedelta(days=3), cal)["call"] == 100
    assert targets_in_force(versions, MON + timedelta(days=7), cal)["call"] == 120

    # Editing back the same day: the last one set wins for today.
    assert store.sync_config_targets(targets, MON) is True
    assert targets_in_force(store.target_versions(), MON, cal)["call"] == 100


def test_sync_ignores_plan_versions_when_comparing(store: Store) -> None:
    targets = {"call": 100, "connect": 25, "meeting": 4, "email": 40}
    store.add_target_version(TargetVersion(MON, {"call": 80}, single_day=True, source="plan"))
    assert store.sync_config_targets(targets, MON) is False
    assert targets_in_force(store.target_versions(), MON, WorkCalendar()) == {"call": 80}


def test_a_bad_target_record_names_targets_json(store: Store) -> None:
    with store.transaction("targets.json") as db:
        db.table("versions").insert({"effective": "someday", "values": {}})
    with pytest.raises(StoreError, match="bad target version") as err:
        store.target_versions()
    assert "targets.json" in str(err.value)
    assert [p.path for p in store.check_files()] == [store.root / "targets.json"]


# ------------------------------------------------------------ model-based check

OPS = st.lists(
    st.one_of(
        st.tuples(
            st.just("log"),
            st.sampled_from(["call", "connect", "meeting", "email"]),
            st.integers(1, 3),
        ),
        st.tuples(st.just("undo"), st.just(""), st.just(0)),
    ),
    max_size=12,
)


@settings(max_examples=20, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(OPS)
def test_log_and_undo_behave_like_a_stack(ops: list[tuple[str, str, int]]) -> None:
    with tempfile.TemporaryDirectory() as folder:
        store = Store(Path(folder) / "store", today=lambda: MON)
        model: list[str] = []
        for op, kind, n in ops:
            if op == "log":
                store.log(kind, n, at=at(10))
                model.extend([kind] * n)
            else:
                undone = store.undo_last(MON)
                assert (undone.kind if undone else None) == (model.pop() if model else None)
            assert [e.kind for e in store.day_events(MON)] == model
        assert store.check_files() == []


def test_new_folders_are_made_durable_with_their_parents(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from istui.store import files

    synced: list[Path] = []
    real = files._fsync_dir

    def spy(folder: Path) -> None:
        synced.append(folder)
        real(folder)

    monkeypatch.setattr(files, "_fsync_dir", spy)
    store = Store(tmp_path / "store", today=lambda: MON)
    store.log("call", at=at(10))
    root = tmp_path / "store"
    # The new store folder, days/ and days/2026/ each had their parent synced,
    # and the folder holding each written file too.
    for folder in (tmp_path, root, root / "days", root / "days" / "2026"):
        assert folder in synced
    synced.clear()
    store.log("call", at=at(11))
    assert root / "days" in synced or root / "days" / "2026" in synced
    assert tmp_path not in synced  # nothing new to create: no extra syncs up the tree


def test_the_lock_file_is_reopened_when_it_was_deleted(tmp_path: Path) -> None:
    # The lock file stays open between writes; if it is deleted, another process
    # would lock a new file, so a lock on the old one must not be trusted.
    store = Store(tmp_path / "store", today=lambda: MON)
    store.log("call", at=at(10))
    (tmp_path / "store" / ".lock").unlink()
    store.log("call", at=at(11))
    assert (tmp_path / "store" / ".lock").exists()
    lock = store._lock
    assert lock._fd is not None
    assert os.fstat(lock._fd).st_ino == os.stat(tmp_path / "store" / ".lock").st_ino
    assert len(store.day_events(MON)) == 2


def test_a_marker_changed_after_the_first_check_is_checked_again(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", today=lambda: MON)
    store.log("call", at=at(10))
    marker = tmp_path / "store" / "store.json"
    marker.write_text('{"format": "istui-store", "schema": 99}', encoding="utf-8")
    with pytest.raises(StoreError, match="newer istui"):
        store.log("call", at=at(11))
    assert len(store.day_events(MON)) == 1


@pytest.mark.skipif(not hasattr(os, "fork"), reason="needs fork")
def test_a_forked_child_does_not_share_the_parents_lock(tmp_path: Path) -> None:
    # flock belongs to the open file: a child using the lock file it inherited
    # would "acquire" a lock its parent holds. It must open its own.
    store = Store(tmp_path / "store", today=lambda: MON)
    store.log("call", at=at(10))
    with store._lock.held():
        pid = os.fork()
        if pid == 0:  # pragma: no cover - the child
            import fcntl

            try:
                fd = store._lock._open()
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
            except BlockingIOError:
                os._exit(0)  # blocked by the parent's lock, as it must be
            os._exit(1)
        _, status = os.waitpid(pid, 0)
    assert os.waitstatus_to_exitcode(status) == 0
