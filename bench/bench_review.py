"""Time the weekly review on two years of history (run by hand, not in CI).

    python bench/bench_review.py [--days 730] [--runs 7]

Builds a throwaway store with ``fill_history`` (about 60,000 events), then
measures: the review's load alone, the review screen opening (headless, from
pushing the screen, as key w does, until it is painted with the data), and
``istui report`` as a fresh process (what a shell or a script pays, Python
start-up included). Medians over --runs, wall clock and CPU time; the
machine's load average is printed because a busy machine inflates wall time
(CPU time is the fairer figure then).
Also: the Trends pane's 13 weeks (load alone, in process) and the 1on1 screen
opening (push to painted, as key o does).
Goals: screen < 500 ms, report < 300 ms.
"""

from __future__ import annotations

import argparse
import asyncio
import os
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from istui.domain.calendar import IsoWeek
from istui.render.review_report import render
from istui.services.clock import FixedClock
from istui.services.config import default_config_text, load_config
from istui.services.demo import fill_history
from istui.services.review import load_review
from istui.store import Store

NOW = datetime(2026, 11, 23, 17, 0, tzinfo=timezone(timedelta(hours=9)))
WEEK = IsoWeek(2026, 47)


def ms(samples: list[float], cpu: list[float] | None = None) -> str:
    text = f"median {statistics.median(samples) * 1000:.0f} ms, max {max(samples) * 1000:.0f} ms"
    if cpu:
        text += f" (CPU median {statistics.median(cpu) * 1000:.0f} ms)"
    return text


def children_cpu() -> float:
    usage = resource.getrusage(resource.RUSAGE_CHILDREN)
    return usage.ru_utime + usage.ru_stime


async def screen_open(config_path: Path, db: Path, runs: int) -> tuple[list[float], list[float]]:
    """From opening the screen (what key w does) until it is painted with the data."""
    from istui.tui.app import IstuiApp
    from istui.tui.screens.review import ReviewScreen

    clock = FixedClock(NOW)
    config = load_config(config_path)
    store = Store(db, today=lambda: clock.now().date())
    app = IstuiApp(config=config, store=store, clock=clock)
    samples, cpu = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(runs + 1):
            start, start_cpu = time.perf_counter(), time.process_time()
            await app.push_screen(ReviewScreen(config, store, clock, IsoWeek.of(NOW.date())))
            painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            app.screen.call_after_refresh(lambda f=painted: f.set_result(None))
            await painted
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            assert isinstance(app.screen, ReviewScreen) and app.screen.bundle is not None
            app.pop_screen()
            await pilot.pause()
    return samples[1:], cpu[1:]  # the first open also pays the module imports


async def one_on_one_open(
    config_path: Path, db: Path, runs: int
) -> tuple[list[float], list[float]]:
    """From opening the 1on1 screen (key o on the review) until it is painted."""
    from istui.services.context import Context
    from istui.tui.app import IstuiApp
    from istui.tui.screens.oneonone import OneOnOneScreen

    clock = FixedClock(NOW)
    config = load_config(config_path)
    store = Store(db, today=lambda: clock.now().date())
    app = IstuiApp(config=config, store=store, clock=clock)
    samples, cpu = [], []
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        for _ in range(runs + 1):
            start, start_cpu = time.perf_counter(), time.process_time()
            ctx = Context(config, store, clock)
            await app.push_screen(OneOnOneScreen(ctx, IsoWeek.of(NOW.date())))
            painted: asyncio.Future[None] = asyncio.get_running_loop().create_future()
            app.screen.call_after_refresh(lambda f=painted: f.set_result(None))
            await painted
            samples.append(time.perf_counter() - start)
            cpu.append(time.process_time() - start_cpu)
            app.pop_screen()
            await pilot.pause()
    return samples[1:], cpu[1:]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--days", type=int, default=730)
    parser.add_argument("--runs", type=int, default=7)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="istui-bench-") as tmp:
        folder = Path(tmp)
        config_path = folder / "config.toml"
        config_path.write_text(default_config_text("bench", "ベンチ"), encoding="utf-8")
        config = load_config(config_path)
        db = folder / "store"
        store = Store(db, today=lambda: NOW.date())
        store.sync_config_targets(config.targets, NOW.date())
        t0 = time.perf_counter()
        events = fill_history(store, NOW, args.days, hours=config.hours, calendar=config.calendar)
        files = len(store.days_with_data())
        print(f"load average: {os.getloadavg()[0]:.1f} on {os.cpu_count()} CPUs")
        print(f"history: {events} events in {files} day files ({time.perf_counter() - t0:.1f} s)")

        loads, load_cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            bundle = load_review(config, store, WEEK, NOW.date())
            render(bundle, "markdown")
            loads.append(time.perf_counter() - start)
            load_cpu.append(time.process_time() - start_cpu)
        print(f"review load + markdown, in process: {ms(loads, load_cpu)}")

        opens, open_cpu = asyncio.run(screen_open(config_path, db, args.runs))
        print(f"review screen open (push to painted with data, 120x40): {ms(opens, open_cpu)}")

        from istui.services.trends import load_trends

        trends, trend_cpu = [], []
        for _ in range(args.runs):
            start, start_cpu = time.perf_counter(), time.process_time()
            load_trends(config, store, WEEK, NOW.date())
            trends.append(time.perf_counter() - start)
            trend_cpu.append(time.process_time() - start_cpu)
        print(f"trends, 13 weeks, in process: {ms(trends, trend_cpu)}")
        talks, talk_cpu = asyncio.run(one_on_one_open(config_path, db, args.runs))
        print(f"1on1 screen open (push to painted, 120x40): {ms(talks, talk_cpu)}")

        env = dict(os.environ, ISTUI_NOW=NOW.isoformat())
        for fmt in ("text", "markdown", "json"):
            cmd = [sys.executable, "-m", "istui", "--config", str(config_path), "--db", str(db)]
            cmd += ["report", "--week", str(WEEK), "--format", fmt]
            samples, cpu = [], []
            for _ in range(args.runs):
                start, start_cpu = time.perf_counter(), children_cpu()
                subprocess.run(cmd, env=env, check=True, capture_output=True)
                samples.append(time.perf_counter() - start)
                cpu.append(children_cpu() - start_cpu)
            print(f"istui report --format {fmt} (fresh process): {ms(samples, cpu)}")


if __name__ == "__main__":
    main()
