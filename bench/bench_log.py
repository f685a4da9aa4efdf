"""Logging latency at 0, 1 and 2 years of history, against stock TinyDB.

Run by hand:  python bench/bench_log.py [--logs 300] [--stock-logs 30]

Three figures per history size:
- durable: DaySession.log (lock, re-read, atomic fsynced write, reload) plus
  DaySession.view(): the event is on disk and the figures are recomputed;
- repainted: in a headless app (App.run_test), press a logging key and await
  pilot.pause(): the event is on disk and the screen has been refreshed;
- stock TinyDB: one insert into a single TinyDB JSONStorage table already
  holding the same number of events (what a naive design would do).

Goals (issue 2): median <= 5 ms and p99 <= 15 ms at 2 years, and at least 20x
faster than stock TinyDB at the same size.
"""

from __future__ import annotations

import argparse
import asyncio
import gc
import os
import platform
import shutil
import tempfile
import time
import uuid
from pathlib import Path

from common import NOW, YEARS, Fixture, history, ms, summary

from istui.services.clock import FixedClock
from istui.services.config import load_config
from istui.services.session import DaySession
from istui.store import Store

KEYS = "cccoccmcce"  # a realistic mix of outcomes (and an email)


def bench_durable(fx: Fixture, logs: int) -> list[float]:
    config = load_config(fx.config_path)
    clock = FixedClock(NOW)
    store = Store(fx.store_path, today=lambda: clock.now().date())
    session = DaySession(config, store, clock)
    kinds = {m.bind: m.key for m in config.metrics.all}
    samples = []
    for i in range(logs):
        kind = kinds[KEYS[i % len(KEYS)]]
        started = time.perf_counter()
        session.log(kind)
        session.view()
        samples.append(time.perf_counter() - started)
    return samples


def bench_repainted(
    fx: Fixture, logs: int, size: tuple[int, int] = (120, 40)
) -> tuple[list[float], list[float], list[float], list[float]]:
    """Key to screen in a headless app: (handled, frame, pilot round trip, handled
    CPU) per key.

    Keys arrive at an idle app, as a rep's do (seconds apart, not back to back).
    handled: from the key event entering the app to the end of the handler
    (event durable, widgets updated). frame: to the first composed frame after
    that (Textual paces frames at 60 fps, so this adds up to ~17 ms by design;
    the frame is also encoded to terminal bytes as a real terminal would get).
    pilot: press + pilot.pause(), dominated by the harness's idle detection.
    handled CPU: the process's CPU time over "handled" (without the waits for
    the disk and for the cores other jobs hold, which wall time includes).
    """
    from textual import events
    from textual._compositor import CompositorUpdate

    from istui.tui.app import IstuiApp

    config = load_config(fx.config_path)
    clock = FixedClock(NOW)
    store = Store(fx.store_path, today=lambda: clock.now().date())
    handled: list[float] = []
    frames: list[float] = []
    rounds: list[float] = []
    cpu: list[float] = []

    async def run() -> None:
        app = IstuiApp(config=config, store=store, clock=clock)
        frame_times: list[float] = []
        original_display = app._display

        def display(screen: object, renderable: object) -> None:
            if isinstance(renderable, CompositorUpdate):
                renderable.render_segments(app.console)
                frame_times.append(time.perf_counter())
            original_display(screen, renderable)  # type: ignore[arg-type]

        app._display = display  # type: ignore[method-assign]
        async with app.run_test(size=size) as pilot:
            await pilot.pause()
            screen = app.screen
            original_log = screen.action_log  # type: ignore[attr-defined]
            done: list[float] = []
            done_cpu: list[float] = []

            def timed_log(kind: str) -> None:
                original_log(kind)
                done.append(time.perf_counter())
                done_cpu.append(time.process_time())

            screen.action_log = timed_log  # type: ignore[attr-defined]
            driver = app._driver
            assert driver is not None
            for i in range(logs):
                key = KEYS[i % len(KEYS)]
                # a rep presses a key every few seconds at most: let the app go
                # idle (finish the last frame and its bookkeeping) before the next
                await asyncio.sleep(0.03)
                done.clear()
                done_cpu.clear()
                frame_times.clear()
                started_cpu = time.process_time()
                started = time.perf_counter()
                driver.send_message(events.Key(key, key))
                while not done or not [t for t in frame_times if t >= done[0]]:
                    await asyncio.sleep(0.0005)
                handled.append(done[0] - started)
                cpu.append(done_cpu[0] - started_cpu)
                frames.append(min(t for t in frame_times if t >= done[0]) - started)
            for i in range(min(logs, 50)):
                started = time.perf_counter()
                await pilot.press(KEYS[i % len(KEYS)])
                await pilot.pause()
                rounds.append(time.perf_counter() - started)

    asyncio.run(run())
    return handled, frames, rounds, cpu


def bench_stock_tinydb(events: int, logs: int) -> list[float]:
    from tinydb import TinyDB

    folder = Path(tempfile.mkdtemp(prefix="istui-bench-stock-"))
    try:
        db = TinyDB(folder / "events.json")
        table = db.table("events")
        at = NOW.isoformat()
        if events:
            table.insert_multiple(
                {"id": uuid.uuid4().hex, "at": at, "kind": "call"} for _ in range(events)
            )
        samples = []
        for _ in range(logs):
            started = time.perf_counter()
            table.insert({"id": uuid.uuid4().hex, "at": at, "kind": "call"})
            samples.append(time.perf_counter() - started)
        db.close()
        return samples
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def bench_fsync(folder: Path, runs: int = 100) -> list[float]:
    """The floor under any durable write here: write 20 KB (a busy day file) and fsync it."""
    samples = []
    path = folder / "fsync-probe.bin"
    for _ in range(runs):
        started = time.perf_counter()
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        try:
            os.write(fd, b"x" * 20_000)
            os.fsync(fd)
        finally:
            os.close(fd)
        samples.append(time.perf_counter() - started)
    path.unlink()
    return samples


def bench_disk_paced(folder: Path, runs: int, gap: float = 0.03) -> list[float]:
    """The disk alone at the app bench's pace: one atomic durable write (temp file,
    fsync, rename, folder fsync) of a 30 KB day file every ``gap`` seconds. Its
    p99 is the floor under the key's: a write that meets one of the disk's
    stalls waits for it, whatever the app does."""
    from istui.store.files import atomic_write_bytes

    samples = []
    path = folder / "paced-probe.json"
    for _ in range(runs):
        time.sleep(gap)
        started = time.perf_counter()
        atomic_write_bytes(path, b"x" * 30_000)
        samples.append(time.perf_counter() - started)
    path.unlink()
    return samples


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--logs", type=int, default=300, help="events logged per measurement")
    parser.add_argument(
        "--stock-logs", type=int, default=30, help="inserts measured on stock TinyDB"
    )
    parser.add_argument("--size", default="120x40", help="terminal size of the headless app")
    args = parser.parse_args()
    print(
        f"istui logging latency · {platform.python_version()} · {platform.machine()}"
        f" · app at {args.size}"
    )
    probe = Path(tempfile.mkdtemp(prefix="istui-bench-fsync-"))
    floor = summary(bench_fsync(probe))
    probe.rmdir()
    print(f"disk floor: write 20 KB + fsync  median {ms(floor[0])}  p99 {ms(floor[1])}")
    rows = []
    for label, days in YEARS.items():
        fx = history(days)
        try:
            gc.collect()
            durable = summary(bench_durable(fx, args.logs))
            width, height = (int(n) for n in args.size.split("x"))
            handled_s, frame_s, round_s, cpu_s = bench_repainted(fx, args.logs, (width, height))
            handled, repainted, pilot = summary(handled_s), summary(frame_s), summary(round_s)
            handled_cpu = summary(cpu_s)
            paced = summary(bench_disk_paced(fx.folder, args.logs))
        finally:
            shutil.rmtree(fx.folder, ignore_errors=True)
        stock = summary(bench_stock_tinydb(fx.events, args.stock_logs))
        factor = stock[0] / durable[0]
        rows.append((label, fx.events, durable, handled, stock, factor))
        print(f"{label} ({fx.events} events)")
        print(f"  durable (log + view)       median {ms(durable[0])}  p99 {ms(durable[1])}")
        print(f"  key handled, widgets set   median {ms(handled[0])}  p99 {ms(handled[1])}")
        print(f"    of which CPU             median {ms(handled_cpu[0])}  p99 {ms(handled_cpu[1])}")
        print(f"  disk alone, same pace      median {ms(paced[0])}  p99 {ms(paced[1])}")
        print(f"  key to composed frame      median {ms(repainted[0])}  p99 {ms(repainted[1])}")
        print(f"  pilot press + pause        median {ms(pilot[0])}  p99 {ms(pilot[1])}")
        print(f"  stock TinyDB insert        median {ms(stock[0])}  p99 {ms(stock[1])}")
        print(f"  speed-up (durable vs stock) {factor:.0f}x")
    label, events, durable, handled, _stock, factor = rows[-1]
    goals = [
        ("durable median <= 5 ms", durable[0] <= 0.005),
        ("durable p99 <= 15 ms", durable[1] <= 0.015),
        ("key handled median <= 5 ms", handled[0] <= 0.005),
        ("key handled p99 <= 15 ms", handled[1] <= 0.015),
        (">= 20x faster than stock TinyDB", factor >= 20),
    ]
    print(f"load average: {os.getloadavg()[0]:.2f} (other processes skew every figure)")
    print(f"disk floor again: median {ms(summary(bench_fsync(Path(tempfile.gettempdir())))[0])}")
    print(f"goals at {label} ({events} events):")
    for name, ok in goals:
        print(f"  {'met ' if ok else 'MISS'} {name}")


if __name__ == "__main__":
    main()
