"""Shared builders for the export / merge / team tests: reps with history and notes."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Callable
from contextlib import closing
from dataclasses import dataclass
from datetime import date, datetime, timedelta, timezone
from pathlib import Path
from typing import Any

from istui.domain.reflection import MidCheck, Reflection
from istui.services.config import Config, default_config_text, load_config
from istui.services.demo import fill_history
from istui.services.export import Span, build_export, write_export
from istui.store import Store
from istui.store.layout import day_relpath, week_relpath
from istui.store.team import COUNT_EVENTS_SQL, TeamStore
from world_cache import copy_built

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)
W47 = Span(date(2026, 11, 16), date(2026, 11, 22))
W46 = Span(date(2026, 11, 9), date(2026, 11, 15))


@dataclass
class Rep:
    config: Config
    store: Store
    folder: Path


def make_rep(
    base: Path,
    rep_id: str,
    name: str,
    *,
    seed: int = 1,
    extra_toml: str = "",
    days: int = 21,
) -> Rep:
    """A rep's config and store with ``days`` of seeded history (built once per
    test process for the same arguments, then copied: see world_cache)."""

    def build(target: Path) -> None:
        text = default_config_text(rep_id, name)
        if extra_toml:
            text = patch_toml(text, extra_toml)
        (target / "config.toml").write_text(text, encoding="utf-8")
        config = load_config(target / "config.toml")
        store = Store(target / "store", today=lambda: NOW.date())
        store.sync_config_targets(config.targets, NOW.date() - timedelta(days=60))
        fill_history(
            store, NOW, days, hours=config.hours, calendar=config.calendar, seed=seed,
            today_in_progress=False,
        )  # fmt: skip

    folder = base / rep_id
    copy_built(("rep", rep_id, name, seed, extra_toml, days), build, folder)
    config = load_config(folder / "config.toml")
    return Rep(config, Store(folder / "store", today=lambda: NOW.date()), folder)


def patch_toml(text: str, extra: str) -> str:
    """Replace whole tables of the default config with the ones in ``extra``."""
    import re

    for block in re.split(r"\n(?=\[)", extra.strip()):
        header = block.splitlines()[0]
        pattern = re.compile(rf"^{re.escape(header)}\n(?:(?!\[).*\n?)*", re.MULTILINE)
        text = pattern.sub(block.rstrip() + "\n\n", text, count=1)
    return text


def add_reflection(rep: Rep, day: date, records: list[dict[str, Any]]) -> None:
    with rep.store.transaction(day_relpath(day)) as db:
        db.drop("reflection")
        db.table("reflection").insert_multiple(records)


def add_midchecks(rep: Rep, day: date, records: list[dict[str, Any]]) -> None:
    with rep.store.transaction(day_relpath(day)) as db:
        db.drop("midchecks")
        db.table("midchecks").insert_multiple(records)


def add_review(rep: Rep, year: int, week: int, tables: dict[str, list[dict[str, Any]]]) -> None:
    with rep.store.transaction(week_relpath(year, week)) as db:
        for name, docs in tables.items():
            db.drop(name)
            db.table(name).insert_multiple(docs)


def reflection(day: date, text: str, *, changed: str, help_text: str = "") -> dict[str, Any]:
    """A submitted reflection record exactly as the forms write it."""
    at = datetime.fromisoformat(changed)
    return (
        Reflection(
            day=day,
            went_well=text,
            hard="受付突破が難しい",
            learning="午前10時台は繋がりやすい",
            objections=("no budget", "bad timing"),
            objections_other="予算は来期とのこと",
            actions=("決裁者リストを先に架電",),
            focus=4,
            energy=3,
            help_request=help_text,
        )
        .submit(at)
        .to_record()
    )


def midcheck(slot: str, *, changed: str, **fields: Any) -> dict[str, Any]:
    """A done mid-check record exactly as the forms write it."""
    return (
        MidCheck(slot=slot, rating=3, **fields).submit(datetime.fromisoformat(changed)).to_record()
    )


def undo(rep: Rep, day: date, n: int = 1) -> list[str]:
    """Undo the last ``n`` events of ``day`` in the rep's own store (the `u` key);
    returns the undone event ids."""
    undone = [rep.store.undo_last(day) for _ in range(n)]
    assert all(e is not None for e in undone)
    return [e.id for e in undone if e is not None]


def team_event_ids(team: TeamStore, rep_id: str, span: Span = W47) -> set[str]:
    """Every event id the team store holds for the rep in ``span``."""
    return {e.id for e in team.rep_store(rep_id).events_between(span.start, span.end)}


def own_event_ids(rep: Rep, span: Span = W47) -> set[str]:
    return {e.id for e in rep.store.events_between(span.start, span.end)}


def as_before_supplied(team: TeamStore) -> None:
    """Make ``team`` a team store as an istui before the per-day record of the
    supplying export wrote it (and as the upgrade of such a folder leaves it):
    the same days without the record of the supplying export."""
    with closing(sqlite3.connect(team.db_path)) as conn, conn:
        conn.execute("UPDATE days SET supplied_at_utc = NULL")


def add_team_events(team: TeamStore, rep_id: str, events: dict[str, dict[str, Any]]) -> None:
    """Put events (id -> record) into the team store's rows directly, as an
    earlier istui's merge left them (the union of every export merged)."""
    with closing(sqlite3.connect(team.db_path)) as conn, conn:
        conn.executemany(
            "INSERT INTO events (rep_id, event_id, day, logged_at, kind) VALUES (?, ?, ?, ?, ?)",
            [(rep_id, i, r["at"][:10], r["at"], r["kind"]) for i, r in events.items()],
        )
        # the counts the merge keeps beside the events (schema 3), as a merge would
        conn.execute("DELETE FROM event_counts WHERE rep_id = ?", (rep_id,))
        conn.execute(
            "INSERT INTO event_counts " + COUNT_EVENTS_SQL.format(where="WHERE rep_id = ?"),
            (rep_id,),
        )


def team_dump(path: Path) -> dict[str, list[tuple[Any, ...]]]:
    """Every row of a team database, table by table, sorted: its content
    whatever order the rows were written in."""
    # mode=rw (never creating the file): as the last connection its close removes
    # the log, which a read-only one would leave behind.
    with closing(sqlite3.connect(f"file:{path}?mode=rw", uri=True)) as conn:
        tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table'")]
        return {
            t: sorted(conn.execute(f"SELECT * FROM {t}").fetchall(), key=repr)
            for t in sorted(tables)
        }


def export_file(
    rep: Rep,
    out: Path,
    span: Span = W47,
    *,
    notes: bool = True,
    now: datetime = NOW,
    name: str | None = None,
) -> Path:
    path = out / (name or f"{rep.config.rep_id}-{span.label}.json")
    write_export(path, build_export(rep.config, rep.store, span, now, notes=notes))
    return path


def team_store(path: Path) -> TeamStore:
    return TeamStore(path, today=lambda: NOW.date())


def snapshot(root: Path, *, data_only: bool = False) -> dict[str, Any]:
    """Every file's bytes under ``root`` (data_only: leave out backups and locks).

    A team database (``root`` the file, or a folder holding team.db): its bytes
    and its log's (-wal; -shm is an index in shared memory, not data); with data_only, its rows (``team_dump``),
    which do not depend on the order a merge wrote them in.
    """
    found: dict[str, Any] = {}
    if not root.exists():
        return found
    db = root / "team.db" if root.is_dir() else root
    if data_only and db.is_file() and db.read_bytes()[:16] == b"SQLite format 3\x00":
        return {"team.db": team_dump(db)}
    if root.is_file():
        for side in (root, *(root.with_name(root.name + s) for s in ("-wal", "-journal"))):
            if side.exists():
                found[side.name] = side.read_bytes()
        return found
    for folder, _dirs, files in os.walk(root):
        for name in files:
            if name.endswith(".db-shm"):
                continue
            path = Path(folder) / name
            rel = path.relative_to(root).as_posix()
            if data_only and ("backups/" in rel or name == ".lock"):
                continue
            found[rel] = path.read_bytes()
    return found


def TUE_REFLECTION(rep: Rep) -> None:
    """A Tuesday reflection with a help request, in Japanese."""
    tue = date(2026, 11, 17)
    add_reflection(
        rep,
        tue,
        [reflection(tue, "決裁者に繋がった", changed="2026-11-17T18:40:00+09:00",
                    help_text="同行をお願いしたい")],
    )  # fmt: skip


def three_rep_team(tmp_path: Path, prepare: Callable[[int, Rep], None] | None = None) -> TeamStore:
    """Three reps' W47 exports (one with Tuesday's reflection) merged into a
    team store: the team view's usual fixture. ``prepare(index, rep)`` adds a
    test's own records to each rep before it exports."""
    from istui.services.merge import merge_files

    out = tmp_path / "out"
    out.mkdir()
    files = []
    for index, (rep_id, name) in enumerate(
        [("rep-01", "山田 太郎"), ("rep-02", "佐藤 花子"), ("rep-03", "Lee Ann")]
    ):
        rep = make_rep(tmp_path / "reps", rep_id, name, seed=index + 1)
        if index == 0:
            TUE_REFLECTION(rep)
        if prepare is not None:
            prepare(index, rep)
        files.append(export_file(rep, out))
    store = team_store(tmp_path / "team")
    _, rejected = merge_files(store, files)
    assert not rejected
    return store
