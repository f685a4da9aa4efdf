"""TUI cold start to first screen, with 0 and 2 years of history.

Run by hand:  python bench/bench_startup.py [--runs 10]

Each run is a fresh Python process that does what `istui` does (load the
config, open and sync the store, import Textual, build the app and its
DaySession) and runs the app headless at 120x40. When the first frame of the
Today screen has been composed (and encoded as terminal output) it prints a
marker and exits. Measured from just before the process is spawned to the
marker line arriving, and to the process exiting.

Goal (issue 2): first screen <= 1 s with 2 years of history.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import NOW, history, ms

CHILD = r"""
import sys
from istui.cli.common import Env
env = Env(config_option=sys.argv[1], db_option=sys.argv[2])
config = env.config
store = env.synced_store()
store.day_events(env.today())
from textual._compositor import CompositorUpdate
from istui.tui.app import IstuiApp
from istui.tui.screens.today import TodayScreen

app = IstuiApp(config=config, store=store, clock=env.clock)
original = app._display

def display(screen, renderable):
    original(screen, renderable)
    if isinstance(renderable, CompositorUpdate) and isinstance(screen, TodayScreen):
        renderable.render_segments(app.console)
        if not getattr(app, "_bench_seen", False):
            app._bench_seen = True
            print("FIRST-SCREEN", flush=True)
            app.exit()

app._display = display
app.run(headless=True, size=(120, 40))
"""


def one_run(fx_config: Path, fx_store: Path, env: dict[str, str]) -> tuple[float, float]:
    started = time.perf_counter()
    child = subprocess.Popen(
        [sys.executable, "-c", CHILD, str(fx_config), str(fx_store)],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    first = None
    for line in child.stdout:
        if "FIRST-SCREEN" in line:
            first = time.perf_counter() - started
    _, err = child.communicate()
    total = time.perf_counter() - started
    if first is None or child.returncode != 0:
        raise SystemExit(f"the app did not reach its first screen: {err.strip()[-2000:]}")
    return first, total


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    env = dict(os.environ)
    env.update(ISTUI_NOW=NOW.isoformat())
    env.pop("NO_COLOR", None)
    env.pop("PYTHONDONTWRITEBYTECODE", None)  # as after a pip install: bytecode compiled
    package = Path(importlib.util.find_spec("istui").origin or "").parent  # type: ignore[union-attr]
    compileall.compile_dir(package, quiet=1)
    print("istui TUI cold start to first screen (headless, 120x40)")
    worst = 0.0
    for label, days in (("0 years", 0), ("2 years", 730)):
        fx = history(days)
        try:
            one_run(fx.config_path, fx.store_path, env)  # warm the page cache
            runs = [one_run(fx.config_path, fx.store_path, env) for _ in range(args.runs)]
        finally:
            shutil.rmtree(fx.folder, ignore_errors=True)
        firsts = [r[0] for r in runs]
        totals = [r[1] for r in runs]
        worst = max(worst, statistics.median(firsts)) if days else worst
        print(
            f"  {label} ({fx.events} events): first screen median {ms(statistics.median(firsts))}"
            f"  min {ms(min(firsts))}  max {ms(max(firsts))}"
            f" | process exit median {ms(statistics.median(totals))}"
        )
    print(f"  load average: {os.getloadavg()[0]:.2f} (other processes skew wall time)")
    print(f"goal: {'met ' if worst <= 1.0 else 'MISS'} first screen <= 1 s at 2 years")


if __name__ == "__main__":
    main()
