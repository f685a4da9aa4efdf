"""Benchmark the team merge and the team view (run by hand, not by pytest).

    python bench/bench_merge.py [--reps 50] [--weeks 13] [--view-reps 200] [--keep DIR]
    python bench/bench_merge.py --keep DIR --view-only [--runs 5] [--src DIR]   # the view of an earlier run

Builds REPS rep stores with WEEKS weeks of generated history (istui.services.demo,
with mid-checks and reflections; about 650 events per rep-week: ~98 dials and
~35 emails a working day) and exports each week, and each rep's whole quarter,
with the real exporter. Then, each in a fresh child process so that peak memory
(resource.getrusage ru_maxrss) is that scenario's own:

1. the weekly files (REPS x WEEKS) into an empty team store
2. the same again, everything already present         (no slower than 1)
3. the quarterly files (REPS) into an empty team store
4. the same again                                     (no slower than 3)
5. DuckDB loading the same files (read_json + unnest of the events into a
   table in a database file), weekly and quarterly: the merge's goal is at
   most 2.5x that (DuckDB checks nothing and applies no merge rule)
6. the team view of VIEW_REPS reps for one week: load + first screen (<= 500 ms),
   and `istui report --team --format json` in a process of its own (<= 300 ms)

Peak memory goal: 200 MB whatever the number of files.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import resource
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 8, 0, tzinfo=JST)  # Monday morning: last week is complete


def last_monday(weeks_back: int) -> date:
    monday = NOW.date() - timedelta(days=NOW.weekday())
    return monday - timedelta(weeks=weeks_back)


def build(folder: Path, reps: int, weeks: int) -> tuple[list[list[Path]], list[Path]]:
    """Rep stores and their exports: weekly ones as exports[week][rep] (oldest
    week first), and one export of the whole WEEKS per rep."""
    from istui.services.config import default_config_text, load_config
    from istui.services.demo import fill_forms, fill_history
    from istui.services.export import Span, build_export, write_export
    from istui.store import Store

    out = folder / "exports"
    out.mkdir(parents=True, exist_ok=True)
    files: list[list[Path]] = [[] for _ in range(weeks)]
    quarters: list[Path] = []
    (folder / "quarters").mkdir(exist_ok=True)
    for index in range(reps):
        rep_id = f"rep-{index + 1:02d}"
        rep_dir = folder / "reps" / rep_id
        rep_dir.mkdir(parents=True, exist_ok=True)
        config_path = rep_dir / "config.toml"
        config_path.write_text(default_config_text(rep_id, f"担当 {index + 1:02d}"), "utf-8")
        config = load_config(config_path)
        store = Store(rep_dir / "store", today=lambda: NOW.date())
        store.sync_config_targets(config.targets, last_monday(weeks + 1))
        fill_history(
            store, NOW, weeks * 7 + 1, hours=config.hours, calendar=config.calendar,
            seed=index, today_in_progress=False,
        )  # fmt: skip
        # Mid-checks and reflections too: the merge carries them and the team
        # view reads every one (help requests, reflected days).
        fill_forms(store, config, NOW, weeks * 7 + 1, seed=index)
        for w in range(weeks):
            monday = last_monday(weeks - w)
            span = Span(monday, monday + timedelta(days=6))
            path = out / f"istui-{rep_id}-{span.label}.json"
            write_export(path, build_export(config, store, span, NOW))
            files[w].append(path)
        whole = Span(last_monday(weeks), last_monday(1) + timedelta(days=6))
        path = folder / "quarters" / f"istui-{rep_id}-{whole.label}.json"
        write_export(path, build_export(config, store, whole, NOW))
        quarters.append(path)
    return files, quarters


def run_merge(team_dir: str, list_file: str) -> dict[str, float]:
    from istui.services.merge import merge_files
    from istui.store.team import TeamStore

    paths = [Path(p) for p in json.loads(Path(list_file).read_text())]
    team = TeamStore(Path(team_dir), today=lambda: NOW.date())
    start, cpu = time.perf_counter(), time.process_time()
    summaries, rejected = merge_files(team, paths, now=NOW + timedelta(hours=1))
    elapsed = time.perf_counter() - start
    assert not rejected, [str(r) for r in rejected]
    return {
        "seconds": elapsed,
        "cpu_seconds": time.process_time() - cpu,
        "files": len(paths),
        "events_added": sum(s.events_added for s in summaries),
        "events_present": sum(s.events_present for s in summaries),
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_view(team_dir: str, monday_text: str) -> dict[str, float]:
    from istui.services.clock import FixedClock
    from istui.services.team import load_team_week
    from istui.store.team import TeamStore
    from istui.tui.screens.team import TeamScreen
    from istui.tui.team_app import TeamApp

    monday = date.fromisoformat(monday_text)
    team = TeamStore(Path(team_dir), today=lambda: NOW.date())
    start, cpu = time.perf_counter(), time.process_time()
    week = load_team_week(team, monday, monday + timedelta(days=6))
    loaded = time.perf_counter() - start
    result: dict[str, float] = {"load_seconds": loaded, "load_cpu": time.process_time() - cpu}

    async def first_screen() -> None:
        app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TeamScreen)
            result["open_seconds"] = time.perf_counter() - start
            result["open_cpu"] = time.process_time() - cpu

    asyncio.run(first_screen())
    result["reps"] = len(week.reps)
    return result


def run_duckdb(db_file: str, list_file: str) -> dict[str, float]:
    import duckdb

    paths = json.loads(Path(list_file).read_text())
    start, cpu = time.perf_counter(), time.process_time()
    conn = duckdb.connect(db_file)
    conn.execute(
        "CREATE TABLE events AS SELECT rep.id AS rep_id, e.id AS event_id, e.at AS at, "
        "e.kind AS kind FROM (SELECT rep, unnest(events) AS e FROM "
        "read_json(?, format = 'auto', maximum_object_size = 104857600))",
        [paths],
    )
    count = conn.execute("SELECT count(*) FROM events").fetchone()
    conn.close()
    elapsed = time.perf_counter() - start
    return {
        "seconds": elapsed,
        "cpu_seconds": time.process_time() - cpu,  # every DuckDB thread's
        "files": len(paths),
        "events_added": float(count[0] if count else 0),
        "events_present": 0.0,
        "peak_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024,
    }


def run_report(team_dir: str, week: str) -> dict[str, float]:
    env = dict(os.environ, ISTUI_NOW=NOW.isoformat())
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(
        [sys.executable, "-m", "istui", "report", "--team", team_dir, "--week", week,
         "--format", "json"],
        check=True, capture_output=True, env=env,
    )  # fmt: skip
    elapsed = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    used = after.ru_utime + after.ru_stime - before.ru_utime - before.ru_stime
    return {"seconds": elapsed, "cpu_seconds": used}


def child(args: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def time_view(db: Path, runs: int) -> None:
    """The team view and the team report of the week before NOW: the median
    of ``runs`` fresh processes each (wall and CPU), view and report runs
    interleaved, with the load average before and after (the machine is shared)."""
    year, week, _ = last_monday(1).isocalendar()
    load_before = os.getloadavg()[0]
    views, reports = [], []
    for _ in range(runs):
        views.append(child(["view", str(db), last_monday(1).isoformat()]))
        reports.append(child(["report", str(db), f"{year}-W{week:02d}"]))
    load_after = os.getloadavg()[0]

    def ms(rows: list[dict[str, float]], key: str) -> str:
        return f"{statistics.median(r[key] for r in rows) * 1000:.0f} ms"

    print(
        f"team view, one week ({views[0]['reps']:.0f} reps), median of {runs}: "
        f"load {ms(views, 'load_seconds')} (CPU {ms(views, 'load_cpu')}), "
        f"load + first screen {ms(views, 'open_seconds')} (CPU {ms(views, 'open_cpu')}; "
        f"goal <= 500 ms); report --team --format json {ms(reports, 'seconds')} "
        f"(CPU {ms(reports, 'cpu_seconds')}; goal <= 300 ms); "
        f"load average {load_before:.1f} -> {load_after:.1f}"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--view-reps", type=int, default=200)
    parser.add_argument("--no-duckdb", action="store_true")
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument(
        "--reuse", action="store_true", help="with --keep: use the exports already built there"
    )
    parser.add_argument(
        "--view-only",
        action="store_true",
        help="with --keep: only time the team view and report of the team-v.db built there",
    )
    parser.add_argument("--runs", type=int, default=1, help="with --view-only: median of RUNS")
    parser.add_argument(
        "--src",
        metavar="DIR",
        help="time the istui package in DIR instead (e.g. `git archive main src` unpacked), "
        "for a comparison in the same minutes",
    )
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.src:
        os.environ["PYTHONPATH"] = str(Path(args.src).resolve())
    if args.child:
        kind, *rest = args.child
        runs = {"merge": run_merge, "view": run_view, "duckdb": run_duckdb, "report": run_report}
        out = runs[kind](*rest)
        print(json.dumps(out))
        return
    if args.view_only:
        if not args.keep or not (Path(args.keep) / "team-v.db").exists():
            parser.error("--view-only needs --keep DIR of an earlier run (with its team-v.db)")
        time_view(Path(args.keep) / "team-v.db", args.runs)
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="istui-bench-"))
    try:
        t0 = time.perf_counter()
        if args.reuse and (folder / "built.json").exists():
            built = json.loads((folder / "built.json").read_text())
            files = [[Path(p) for p in w] for w in built["weekly"]]
            quarters = [Path(p) for p in built["quarterly"]]
            for leftover in folder.glob("*.*db*"):
                leftover.unlink()
        else:
            files, quarters = build(folder, args.reps, args.weeks)
            (folder / "built.json").write_text(
                json.dumps(
                    {"weekly": [[str(p) for p in w] for w in files],
                     "quarterly": [str(p) for p in quarters]}
                )
            )  # fmt: skip
        events = sum(json.loads(p.read_text("utf-8"))["event_count"] for w in files for p in w)
        print(
            f"built {args.reps} reps x {args.weeks} weeks in {time.perf_counter() - t0:.1f} s "
            f"({events} events, {events / args.reps / args.weeks:.0f} per rep-week)"
        )
        weekly = folder / "weekly.json"
        weekly.write_text(json.dumps([str(p) for w in files for p in w]))
        quarterly = folder / "quarterly.json"
        quarterly.write_text(json.dumps([str(p) for p in quarters]))
        rows = [
            ("weekly files, empty store", child(["merge", str(folder / "team-w.db"), str(weekly)])),
            ("weekly files, re-merge", child(["merge", str(folder / "team-w.db"), str(weekly)])),
            ("quarterly, empty store", child(["merge", str(folder / "team-q.db"), str(quarterly)])),
            ("quarterly, re-merge", child(["merge", str(folder / "team-q.db"), str(quarterly)])),
        ]
        if not args.no_duckdb:
            rows += [
                ("duckdb, weekly files", child(["duckdb", str(folder / "w.duckdb"), str(weekly)])),
                ("duckdb, quarterly", child(["duckdb", str(folder / "q.duckdb"), str(quarterly)])),
            ]
        for name, r in rows:
            print(
                f"{name:<26} {r['files']:>4.0f} files  {r['seconds']:6.2f} s "
                f"(CPU {r['cpu_seconds']:5.2f} s)  "
                f"added {r['events_added']:>7.0f}  present {r['events_present']:>7.0f}  "
                f"peak {r['peak_mb']:6.0f} MB"
            )
        if not args.no_duckdb:
            for what in ("seconds", "cpu_seconds"):
                times = {name: r[what] for name, r in rows}
                print(
                    f"merge / duckdb ({'wall' if what == 'seconds' else 'CPU'}): weekly "
                    f"{times['weekly files, empty store'] / times['duckdb, weekly files']:.2f}x, "
                    f"quarterly {times['quarterly, empty store'] / times['duckdb, quarterly']:.2f}x "
                    "(goal <= 2.5x, wall)"
                )
        if args.view_reps:
            view_files, _ = build(folder / "view", args.view_reps, 1)
            view_list = folder / "view.json"
            view_list.write_text(json.dumps([str(p) for p in view_files[0]]))
            child(["merge", str(folder / "team-v.db"), str(view_list)])
            time_view(folder / "team-v.db", 1)
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
