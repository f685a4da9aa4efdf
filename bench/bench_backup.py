"""The daily backup's build time at 2 years of history (issue 17).

Each round is a new day on a copy of the 2-year store: the day's first
`log` notes the backup due and the store builds it (timed around
``complete_daily_backup`` alone, not the write), then a backfill into an
earlier day, so the next day's backup has two changed files. The first two
rounds are left out (the first builds against the generated store's own
backup). Runs against whichever istui is importable, so the same script
measures an older checkout with ``PYTHONPATH=<checkout>/src``.

    python bench/bench_backup.py --runs 15
"""

from __future__ import annotations

import argparse
import statistics
import time
from datetime import datetime, timedelta
from pathlib import Path

from common import JST, NOW, history, ms

import istui
import istui.store.core as core
from istui.store import Store, backups
from istui.store.layout import BACKUPS


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=15)
    args = parser.parse_args()
    fx = history(730)
    day = [NOW.date()]
    store = Store(fx.store_path, today=lambda: day[0])
    real = backups.complete_daily_backup
    took: list[float] = []

    def timed(*a: object, **k: object) -> None:
        started = time.perf_counter()
        real(*a, **k)  # type: ignore[arg-type]
        took.append(time.perf_counter() - started)

    core.__dict__["complete_daily_backup"] = timed  # (what the store's writes call)
    files: list[int] = []
    for r in range(args.runs + 2):
        day[0] = NOW.date() + timedelta(days=1 + r)
        at = datetime(day[0].year, day[0].month, day[0].day, 10, 0, tzinfo=JST)
        store.log("call", at=at)
        store.log("meeting", at=at - timedelta(days=30))  # a backfill, after the backup
        folder = fx.store_path / BACKUPS / day[0].isoformat()
        files.append(sum(1 for p in folder.rglob("*") if p.is_file()))
    days = sum(1 for _ in (fx.store_path / "days").rglob("*.json"))
    samples = took[2:]
    print(f"istui {Path(istui.__file__).parent} · {days} day files")
    print(
        f"daily backup build: median {ms(statistics.median(samples))}, "
        f"min {ms(min(samples))}, max {ms(max(samples))} over {len(samples)} days; "
        f"files in each new backup: {sorted(set(files[2:]))}"
    )


if __name__ == "__main__":
    main()
