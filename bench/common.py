"""Shared set-up of the benchmarks: a rep's store with N days of generated history.

Not a test module (pytest only collects tests/). Generated stores are cached
under the temp dir, keyed by their parameters, and copied fresh for every run
so one benchmark's writes never leak into the next.
"""

from __future__ import annotations

import os
import shutil
import statistics
import tempfile
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime, timedelta, timezone
from pathlib import Path

from istui.services.config import default_config_text, load_config
from istui.services.demo import fill_history
from istui.store import Store

JST = timezone(timedelta(hours=9))
#: A Friday mid-morning: the week-so-far strip then reads four earlier day files.
NOW = datetime(2026, 11, 27, 10, 30, tzinfo=JST)
YEARS = {"0 years": 0, "1 year": 365, "2 years": 730}
CACHE = Path(tempfile.gettempdir()) / "istui-bench-cache-v1"


@dataclass(frozen=True)
class Fixture:
    folder: Path
    config_path: Path
    store_path: Path
    events: int


def _build(folder: Path, days: int, now: datetime) -> int:
    folder.mkdir(parents=True, exist_ok=True)
    config_path = folder / "config.toml"
    config_path.write_text(default_config_text("bench", "ベンチ 太郎"), encoding="utf-8")
    config = load_config(config_path)
    store = Store(folder / "store", today=lambda: now.date())
    store.sync_config_targets(config.targets, now.date())
    written = 0
    if days:
        written = fill_history(store, now, days, hours=config.hours, calendar=config.calendar)
    (folder / "events.txt").write_text(str(written))
    return written


def history(days: int, now: datetime = NOW) -> Fixture:
    """A fresh copy of a store with ``days`` calendar days of history ending at ``now``."""
    cached = CACHE / f"{days}d-{now:%Y%m%dT%H%M}"
    if not (cached / "events.txt").exists():
        shutil.rmtree(cached, ignore_errors=True)
        started = time.perf_counter()
        _build(cached, days, now)
        print(f"  (generated {days} days of history in {time.perf_counter() - started:.1f} s)")
    folder = Path(tempfile.mkdtemp(prefix="istui-bench-"))
    shutil.copytree(cached, folder, dirs_exist_ok=True)
    # The copy leaves tens of MB of dirty pages; their writeback over the next
    # seconds stalls every fsync behind it (40-200 ms here), which would measure
    # the benchmark's own copy, not istui. Flush them before anything is timed.
    os.sync()
    return Fixture(
        folder=folder,
        config_path=folder / "config.toml",
        store_path=folder / "store",
        events=int((folder / "events.txt").read_text()),
    )


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def summary(samples: Sequence[float]) -> tuple[float, float]:
    """(median, p99) of a list of durations in seconds."""
    ordered = sorted(samples)
    p99 = ordered[min(len(ordered) - 1, round(0.99 * (len(ordered) - 1)))]
    return statistics.median(ordered), p99
