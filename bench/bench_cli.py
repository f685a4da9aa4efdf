"""Whole-process time of `istui log call` and `istui status` on a 2-year store.

Run by hand:  python bench/bench_cli.py [--runs 20]

Each command runs as a fresh process (the installed `istui` entry point when it
is on PATH next to this Python, else `python -m istui`), as a tmux status bar or
a dialer hook would run it. Baselines: `python -c pass` and `python -c "import
click"`. Then `python -X importtime` of `istui status` lists the slowest
imports on that path, and checks Textual is not among them.

Goals (issue 17), as ratios to `python -c pass` measured in the same run,
interleaved (one run of each command per round): `istui status` <= 2.5x,
`istui log call` <= 3x (in English and, issue 13, in Japanese: LANG=ja_JP), both the same at 2 years as on an empty store
(+-10 %); `cat status.txt` <= 2 ms; the first `istui log` of a day <= 1.2x a
later one.
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
from datetime import timedelta
from pathlib import Path

from common import NOW, history, ms


def entry_point() -> list[str]:
    script = Path(sys.executable).parent / "istui"
    if script.exists():
        return [str(script)]
    found = shutil.which("istui")
    return [found] if found else [sys.executable, "-m", "istui"]


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


def once(argv: list[str], env: dict[str, str]) -> float:
    started = time.perf_counter()
    done = subprocess.run(argv, env=env, capture_output=True, text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        raise SystemExit(f"{' '.join(argv)} failed: {done.stderr.strip()}")
    return elapsed


def status_env(fx_folder: Path, store: Path, config: Path) -> dict[str, str]:
    """As a tmux status line runs it: no --db/--config, the default places
    (XDG dirs pointed at the fixture)."""
    env = dict(os.environ)
    (fx_folder / "xdg-data").mkdir()
    (fx_folder / "xdg-data" / "istui").symlink_to(store)
    (fx_folder / "xdg-config" / "istui").mkdir(parents=True)
    (fx_folder / "xdg-config" / "istui" / "config.toml").symlink_to(config)
    for name in ("ISTUI_DB", "ISTUI_CONFIG", "ISTUI_TZ", "NO_COLOR"):
        env.pop(name, None)
    env.update(
        XDG_DATA_HOME=str(fx_folder / "xdg-data"),
        XDG_CONFIG_HOME=str(fx_folder / "xdg-config"),
        ISTUI_NOW=NOW.isoformat(),
    )
    # A pip-installed istui has its bytecode compiled at install time; a shell
    # with PYTHONDONTWRITEBYTECODE=1 and an editable install would recompile
    # every module on every run (~60 ms) and measure that instead.
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    return env


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=20)
    parser.add_argument("--top", type=int, default=25, help="slowest imports to list")
    args = parser.parse_args()
    package = Path(importlib.util.find_spec("istui").origin or "").parent  # type: ignore[union-attr]
    compileall.compile_dir(package, quiet=1)
    cmd = entry_point()
    # (the first-of-a-day runs move their store's clock on: a copy of its own)
    fixtures = {
        "2 years": history(730),
        "empty": history(0),
        "days": history(730),
        "2 years, ja": history(730),
    }
    envs = {
        name: status_env(fx.folder, fx.store_path, fx.config_path) for name, fx in fixtures.items()
    }
    # the same store in Japanese (the locale's language): the line from the catalog
    envs["2 years, ja"]["LANG"] = "ja_JP.UTF-8"
    envs["2 years, ja"].pop("LC_ALL", None)
    envs["2 years, ja"].pop("LC_MESSAGES", None)
    big = fixtures["2 years"]
    print(f"istui CLI process time · {big.events} events of history · {' '.join(cmd)}")
    try:
        for env in envs.values():
            once([*cmd, "log", "call"], env)  # the day's first write: the cache is left
            once([*cmd, "status"], env)
        time.sleep(1)  # (the daily backup's detached child)
        # interleaved: one run of each per round, so load changes hit all alike
        rows = {
            "python -c pass": ([sys.executable, "-c", "pass"], envs["2 years"]),
            "python -c 'import click'": ([sys.executable, "-c", "import click"], envs["2 years"]),
        }
        for name, env in envs.items():
            if name == "days":
                continue
            rows[f"istui status ({name})"] = ([*cmd, "status"], env)
            rows[f"istui status --json ({name})"] = ([*cmd, "status", "--json"], env)
            rows[f"istui log call ({name})"] = ([*cmd, "log", "call"], env)
        line_file = big.store_path / "status.txt"
        rows["cat status.txt"] = (["cat", str(line_file)], envs["2 years"])
        walls: dict[str, list[float]] = {name: [] for name in rows}
        first: list[float] = []
        later: list[float] = []
        for index in range(args.runs):
            for name, (argv, env) in rows.items():
                walls[name].append(once(argv, env))
            # the first `istui log` of a new day (the daily backup due), then a later one
            day = {**envs["days"], "ISTUI_NOW": (NOW + timedelta(days=index + 1)).isoformat()}
            first.append(once([*cmd, "log", "call"], day))
            time.sleep(0.3)  # let the backup's child finish (it competes for the CPU)
            later.append(once([*cmd, "log", "call"], day))
        floor = statistics.median(walls["python -c pass"])
        print(f"  {'':<34} {'wall median':>12} {'wall min':>10} {'ratio':>7}")
        for name, samples in walls.items():
            median = statistics.median(samples)
            print(f"  {name:<34} {ms(median):>12} {ms(min(samples)):>10} {median / floor:6.2f}x")
        for name, samples in (("first log of a day (2 years)", first), ("later log", later)):
            median = statistics.median(samples)
            print(f"  {name:<34} {ms(median):>12} {ms(min(samples)):>10} {median / floor:6.2f}x")
        every = import_profile(["status"], envs["2 years"], 0)
        names = {name.strip() for _, _, name in every}
        print("\nimports of `istui status` (-X importtime):")
        print("  cumulative      self  module")
        for cumulative, self_us, name in sorted(every, reverse=True)[: args.top]:
            print(f"  {cumulative / 1000:7.1f} ms {self_us / 1000:6.1f} ms  {name}")
        print(f"  click imported: {'YES' if 'click' in names else 'no'}")
        print(f"  load average: {os.getloadavg()[0]:.2f} (other processes skew wall time)")
        ratio = {n: statistics.median(w) / floor for n, w in walls.items()}
        print("goals (issue 17):")
        checks = [
            ("istui status <= 2.5x python -c pass", ratio["istui status (2 years)"] <= 2.5),
            ("istui log call <= 3x python -c pass", ratio["istui log call (2 years)"] <= 3),
            (
                "in Japanese too (status <= 2.5x, log <= 3x)",
                ratio["istui status (2 years, ja)"] <= 2.5
                and ratio["istui log call (2 years, ja)"] <= 3,
            ),
            (
                "status and log the same at 2 years as empty (+-10 %)",
                all(
                    abs(ratio[f"{c} (2 years)"] / ratio[f"{c} (empty)"] - 1) <= 0.10
                    for c in ("istui status", "istui log call")
                ),
            ),
            ("cat status.txt <= 2 ms", statistics.median(walls["cat status.txt"]) <= 0.002),
            (
                "first log of a day <= 1.2x a later one",
                statistics.median(first) <= 1.2 * statistics.median(later),
            ),
        ]
        for text, met in checks:
            print(f"  {'met ' if met else 'MISS'} {text}")
    finally:
        for fx in fixtures.values():
            shutil.rmtree(fx.folder, ignore_errors=True)


if __name__ == "__main__":
    main()
