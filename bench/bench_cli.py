"""Whole-process time of `istui log call` and `istui status` on a 2-year store.

Run by hand:  python bench/bench_cli.py [--runs 20]

Each command runs as a fresh process (the installed `istui` entry point when it
is on PATH next to this Python, else `python -m istui`), as a tmux status bar or
a dialer hook would run it. Baselines: `python -c pass` and `python -c "import
click"`. Then `python -X importtime` of `istui status` lists the slowest
imports on that path, and checks Textual is not among them.

Goal (issue 2): median <= 100 ms for both commands.
"""

from __future__ import annotations

import argparse
import compileall
import importlib.util
import os
import resource
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

from common import NOW, history, ms

GOAL = 0.100


def entry_point() -> list[str]:
    script = Path(sys.executable).parent / "istui"
    if script.exists():
        return [str(script)]
    found = shutil.which("istui")
    return [found] if found else [sys.executable, "-m", "istui"]


def timed(argv: list[str], env: dict[str, str], runs: int) -> tuple[list[float], list[float]]:
    """Wall-clock and CPU (user + sys) seconds of each run of a fresh process.

    CPU time is reported too because other processes on a 2-core machine
    stretch wall time without changing what the command itself costs.
    """
    walls, cpus = [], []
    for _ in range(runs):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        done = subprocess.run(argv, env=env, capture_output=True, text=True)
        walls.append(time.perf_counter() - started)
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpus.append(after.ru_utime - before.ru_utime + after.ru_stime - before.ru_stime)
        if done.returncode != 0:
            raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return walls, cpus


def import_profile(argv: list[str], env: dict[str, str], top: int) -> list[tuple[int, int, str]]:
    """(cumulative us, self us, module) of the slowest imports, from -X importtime."""
    done = subprocess.run(
        [sys.executable, "-X", "importtime", "-m", "istui", *argv],
        env=env,
        capture_output=True,
        text=True,
    )
    rows = []
    for line in done.stderr.splitlines():
        if not line.startswith("import time:") or "cumulative" in line:
            continue
        _, self_us, cumulative_us, name = (
            part.strip() for part in line.replace("|", ":").split(":")
        )
        rows.append((int(cumulative_us), int(self_us), name))
    return rows if top <= 0 else sorted(rows, reverse=True)[:top]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="slowest imports to list")
    args = parser.parse_args()
    fx = history(730)
    env = dict(os.environ)
    # As a tmux status line runs it: no --db/--config, the default places found
    # through platformdirs (XDG dirs pointed at the fixture).
    (fx.folder / "xdg-data").mkdir()
    (fx.folder / "xdg-data" / "istui").symlink_to(fx.store_path)
    (fx.folder / "xdg-config" / "istui").mkdir(parents=True)
    (fx.folder / "xdg-config" / "istui" / "config.toml").symlink_to(fx.config_path)
    for name in ("ISTUI_DB", "ISTUI_CONFIG", "ISTUI_TZ"):
        env.pop(name, None)
    env.update(
        XDG_DATA_HOME=str(fx.folder / "xdg-data"),
        XDG_CONFIG_HOME=str(fx.folder / "xdg-config"),
        ISTUI_NOW=NOW.isoformat(),
    )
    env.pop("NO_COLOR", None)
    # A pip-installed istui has its bytecode compiled at install time; a shell
    # with PYTHONDONTWRITEBYTECODE=1 and an editable install would recompile
    # every module on every run (~60 ms) and measure that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    package = Path(importlib.util.find_spec("istui").origin or "").parent  # type: ignore[union-attr]
    compileall.compile_dir(package, quiet=1)
    cmd = entry_point()
    print(f"istui CLI process time · {fx.events} events of history · {' '.join(cmd)}")
    try:
        timed([*cmd, "status"], env, 2)  # warm the page cache
        results = {
            "python -c pass": timed([sys.executable, "-c", "pass"], env, args.runs),
            "python -c 'import click'": timed(
                [sys.executable, "-c", "import click"], env, args.runs
            ),
            "istui log call": timed([*cmd, "log", "call"], env, args.runs),
            "istui status": timed([*cmd, "status"], env, args.runs),
            "istui status --json": timed([*cmd, "status", "--json"], env, args.runs),
            # the ready-made line a tmux status bar or a prompt reads (issue 17)
            "cat status.txt": timed(["cat", str(fx.store_path / "status.txt")], env, args.runs),
        }
        print(
            f"  {'':<26} {'wall median':>14} {'wall min':>10} {'wall max':>10} {'CPU median':>11}"
        )
        for name, (walls, cpus) in results.items():
            print(
                f"  {name:<26} {ms(statistics.median(walls)):>14} {ms(min(walls)):>10}"
                f" {ms(max(walls)):>10} {ms(statistics.median(cpus)):>11}"
            )
        floor = statistics.median(results["python -c pass"][0])
        print("\nratio to `python -c pass` (wall medians; issue 17 goals: status <= 2.5x):")
        for name in ("istui status", "istui status --json", "istui log call"):
            print(f"  {name:<26} {statistics.median(results[name][0]) / floor:5.2f}x")
        every = import_profile(["status"], env, 0)
        names = {name.strip() for _, _, name in every}
        total = max(cum for cum, _, name in every if name.strip() == "istui.lean")
        print(
            f"\nimports of `istui status` (-X importtime; istui.lean total {total / 1000:.1f} ms):"
        )
        print("  cumulative      self  module")
        for cumulative, self_us, name in sorted(every, reverse=True)[: args.top]:
            print(f"  {cumulative / 1000:7.1f} ms {self_us / 1000:6.1f} ms  {name}")
        print(f"  textual imported: {'YES' if 'textual' in names else 'no'}")
        print(f"  load average: {os.getloadavg()[0]:.2f} (other processes skew wall time)")
        print("goals:")
        for name in ("istui log call", "istui status"):
            median = statistics.median(results[name][0])
            print(f"  {'met ' if median <= GOAL else 'MISS'} {name} median <= 100 ms")
    finally:
        shutil.rmtree(fx.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
