"""What the Japanese calendar costs: a year of public holidays from the
`holidays` library vs from istui's per-year cache, and the full (click) path of
`istui status` with a Japanese config vs an English one.

Run by hand:  python bench/bench_calendar.py [--runs 25]

The lean `istui status` (a current status cache) reads no config at all and
is not affected; this measures the path that does (a stale status cache, any
other command), where the calendar must say whether today is a working day.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from istui import i18n
from istui.services.config import default_config_text

CODE = """
import sys
sys.argv = ["istui", "--db", sys.argv[1], "--config", sys.argv[2], "status"]
from istui.cli import main
main()
"""
YEAR = """
import sys, time
from istui.services.holidays import load_year
t = time.perf_counter()
load_year("JP", 2026)
print((time.perf_counter() - t) * 1000)
"""


def config_text(language: str) -> str:
    i18n.set_language(language)
    try:
        return default_config_text("bench", "bench")
    finally:
        i18n.set_language("en")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=25)
    runs = parser.parse_args().runs
    folder = Path(tempfile.mkdtemp(prefix="istui-bench-calendar-"))
    try:
        cache = folder / "cache"
        env = dict(os.environ, ISTUI_NOW="2026-11-24T10:30:00+09:00", XDG_CACHE_HOME=str(cache))
        configs = {}
        for language in ("en", "ja"):
            path = folder / f"{language}.toml"
            path.write_text(config_text(language), encoding="utf-8")
            configs[language] = path

        def year_ms(cold: bool) -> float:
            if cold:
                shutil.rmtree(cache, ignore_errors=True)
            done = subprocess.run(
                [sys.executable, "-c", YEAR], env=env, capture_output=True, text=True, check=True
            )
            return float(done.stdout.strip())

        cold = [year_ms(True) for _ in range(max(3, runs // 5))]
        warm = [year_ms(False) for _ in range(runs)]
        print(
            f"a year of JP holidays, library (import + compute): median {statistics.median(cold):.1f} ms"
        )
        print(
            f"a year of JP holidays, istui's cache:        median {statistics.median(warm):.2f} ms"
        )

        times: dict[str, list[float]] = {"pass": [], "en": [], "ja": []}
        for _ in range(runs):  # interleaved: the machine's load hits all alike
            for key in times:
                if key == "pass":
                    args = [sys.executable, "-c", "pass"]
                else:
                    args = [sys.executable, "-c", CODE, str(folder / "db"), str(configs[key])]
                start = time.perf_counter()
                subprocess.run(args, env=env, capture_output=True, check=True)
                times[key].append((time.perf_counter() - start) * 1000)
        for key, label in (
            ("pass", "python -c pass"),
            ("en", "full `istui status`, English config (no holidays)"),
            ("ja", "full `istui status`, Japanese config (JP, cached)"),
        ):
            xs = times[key]
            print(f"{label}: median {statistics.median(xs):.1f} ms, best {min(xs):.1f} ms")
    finally:
        shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    main()
