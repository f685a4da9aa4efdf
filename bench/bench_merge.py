"""Benchmark the team merge and the team view (run by hand, not by pytest).

    python bench/bench_merge.py [--reps 50] [--weeks 13] [--keep DIR]

Builds REPS rep stores with WEEKS weeks of generated history (istui.services.demo,
with mid-checks and reflections; about 650 events per rep-week: ~98 dials and ~35 emails a working day) and
exports each week with the real exporter. Then, each in a fresh child process
so that peak memory (resource.getrusage ru_maxrss) is that scenario's own:

1. one week of every rep into an empty team store      (goal < 3 s)
2. the same again, everything already present         (no slower than 1)
3. a quarter (WEEKS weeks x REPS reps) into an empty store (< 30 s, < 1 GB)
4. the quarter again, everything already present      (no slower than 3)
5. the team view for one week: load + first screen    (< 1 s)
"""

from __future__ import annotations

import argparse
import asyncio
import json
import resource
import shutil
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


def build(folder: Path, reps: int, weeks: int) -> list[list[Path]]:
    """Rep stores and their weekly exports; returns exports[week][rep] (oldest week first)."""
    from istui.services.config import default_config_text, load_config
    from istui.services.demo import fill_forms, fill_history
    from istui.services.export import Span, build_export, write_export
    from istui.store import Store

    out = folder / "exports"
    out.mkdir(parents=True, exist_ok=True)
    files: list[list[Path]] = [[] for _ in range(weeks)]
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
    return files


def run_merge(team_dir: str, list_file: str) -> dict[str, float]:
    from istui.services.merge import merge_files
    from istui.store.team import TeamStore

    paths = [Path(p) for p in json.loads(Path(list_file).read_text())]
    team = TeamStore(Path(team_dir), today=lambda: NOW.date())
    start = time.perf_counter()
    summaries, rejected = merge_files(team, paths)
    elapsed = time.perf_counter() - start
    assert not rejected, [str(r) for r in rejected]
    return {
        "seconds": elapsed,
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
    start = time.perf_counter()
    week = load_team_week(team, monday, monday + timedelta(days=6))
    loaded = time.perf_counter() - start
    result: dict[str, float] = {"load_seconds": loaded}

    async def first_screen() -> None:
        app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
        async with app.run_test(size=(120, 40)) as pilot:
            await pilot.pause()
            assert isinstance(app.screen, TeamScreen)
            result["open_seconds"] = time.perf_counter() - start

    asyncio.run(first_screen())
    result["reps"] = len(week.reps)
    return result


def child(args: list[str]) -> dict[str, float]:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], check=True, capture_output=True, text=True
    )
    figures: dict[str, float] = json.loads(done.stdout.strip().splitlines()[-1])
    return figures


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--reps", type=int, default=50)
    parser.add_argument("--weeks", type=int, default=13)
    parser.add_argument("--keep", metavar="DIR")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, *rest = args.child
        out = run_merge(*rest) if kind == "merge" else run_view(*rest)
        print(json.dumps(out))
        return
    folder = Path(args.keep) if args.keep else Path(tempfile.mkdtemp(prefix="istui-bench-"))
    try:
        t0 = time.perf_counter()
        files = build(folder, args.reps, args.weeks)
        events = sum(json.loads(p.read_text("utf-8"))["event_count"] for p in files[-1])
        print(
            f"built {args.reps} reps x {args.weeks} weeks in {time.perf_counter() - t0:.1f} s "
            f"(last week: {events} events, {events / args.reps:.0f} per rep)"
        )
        week_list = folder / "week.json"
        week_list.write_text(json.dumps([str(p) for p in files[-1]]))
        all_list = folder / "all.json"
        all_list.write_text(json.dumps([str(p) for w in files for p in w]))
        rows = [
            ("one week, empty store", child(["merge", str(folder / "team-week"), str(week_list)])),
            ("one week, re-merge", child(["merge", str(folder / "team-week"), str(week_list)])),
            ("quarter, empty store", child(["merge", str(folder / "team-q"), str(all_list)])),
            ("quarter, re-merge", child(["merge", str(folder / "team-q"), str(all_list)])),
        ]
        for name, r in rows:
            print(
                f"{name:<24} {r['files']:>4.0f} files  {r['seconds']:6.2f} s  "
                f"added {r['events_added']:>7.0f}  present {r['events_present']:>7.0f}  "
                f"peak {r['peak_mb']:6.0f} MB"
            )
        view = child(["view", str(folder / "team-q"), last_monday(1).isoformat()])
        print(
            f"team view, one week ({view['reps']:.0f} reps): load {view['load_seconds']:.2f} s, "
            f"first screen {view['open_seconds']:.2f} s"
        )
    finally:
        if not args.keep:
            shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
