"""How much a draft save costs, and how long the day-history list takes to build.

Run by hand: ``python bench/bench_forms.py``. Prints medians; no assertions
(speed goals are not tests). A draft is saved after each pause in typing, so
its cost is what a rep pays, in the background, per pause.
"""

from __future__ import annotations

import statistics
import tempfile
import time
from datetime import datetime, timedelta, timezone
from pathlib import Path

from istui.domain.reflection import MidCheck, Reflection
from istui.services.config import default_config_text, load_config
from istui.services.demo import fill_forms, fill_history
from istui.services.forms import load_day_forms, save_midcheck, save_reflection
from istui.store import Store

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 18, 10, tzinfo=JST)


def timed(fn: object, runs: int) -> float:
    samples = []
    for _ in range(runs):
        start = time.perf_counter()
        fn()  # type: ignore[operator]
        samples.append((time.perf_counter() - start) * 1000)
    return statistics.median(samples)


def main() -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        config_path = root / "config.toml"
        config_path.write_text(default_config_text("bench", "ベンチ"), encoding="utf-8")
        config = load_config(config_path)
        store = Store(root / "store", today=lambda: NOW.date())
        store.sync_config_targets(config.targets, NOW.date())
        start = time.perf_counter()
        fill_history(store, NOW, 365, hours=config.hours, calendar=config.calendar)
        fill_forms(store, config, NOW, 365)
        print(f"built a year of history with forms in {time.perf_counter() - start:.1f} s")
        day = NOW.date()
        text = "午前中に商談を2件設定できた。導入事例を先に話す流れが効いた" * 3
        n = 0

        def save_reflection_draft() -> None:
            nonlocal n
            n += 1
            save_reflection(store, Reflection(day=day, went_well=text[: 40 + n % 100]))

        def save_check_draft() -> None:
            nonlocal n
            n += 1
            save_midcheck(store, day, MidCheck("15:30", rating=3, working=text[: n % 100]))

        events = len(store.day_events(day))
        print(f"today's file: {events} events")
        print(f"reflection draft save: median {timed(save_reflection_draft, 50):.1f} ms")
        print(f"mid-check draft save:  median {timed(save_check_draft, 50):.1f} ms")
        days = store.days_with_data()

        def history_list() -> None:
            for d in days:
                load_day_forms(store, d)

        print(f"history list over {len(days)} days: median {timed(history_list, 5):.0f} ms")


if __name__ == "__main__":
    main()
