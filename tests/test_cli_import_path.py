"""`istui log` and `istui status` run every few seconds from status bars and
dialer hooks, so what they import is part of their cost (see bench/bench_cli.py).
These guard the cuts made for it."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from probes import CLICK_MODULES as PROBE


def imported_by(args: list[str], tmp_path: Path, *, defaults: bool = False) -> set[str]:
    """The modules loaded by one run; ``defaults``: no ISTUI_DB/ISTUI_CONFIG, the
    default places (as a status bar runs it), here under conftest's XDG dirs."""
    env = dict(os.environ)
    env.update(ISTUI_NOW="2026-11-23T10:30:00+09:00")
    if not defaults:
        env.update(ISTUI_DB=str(tmp_path / "store"), ISTUI_CONFIG=str(tmp_path / "config.toml"))
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules)


#: Never on the path of a fast command: the UI stack and the charting libraries
#: (a command module that imports them at its top slows every `istui status`).
HEAVY = {"textual", "rich", "plotext", "textual_plotext", "platformdirs"}
#: Modules of other features the fast commands never need (~4 ms together).
OTHER_FEATURES = {"istui.domain.notes", "istui.domain.weekplan", "fractions", "decimal"}
#: The holiday library: only on a year-cache miss (a Japanese config's case is
#: tests/test_calendar_jp.py), never with no [calendar].country.
OTHER_FEATURES |= {"holidays", "istui.services.holidays"}


@pytest.mark.parametrize(
    ("args", "kept_off"),
    [
        (["log", "call"], HEAVY | OTHER_FEATURES | {"tempfile", "calendar", "getpass"}),
        (
            ["status"],
            HEAVY | OTHER_FEATURES | {"tempfile", "calendar", "getpass", "tinydb", "shutil"},
        ),
        (["status", "--json"], HEAVY | OTHER_FEATURES | {"tinydb"}),
    ],
)
def test_fast_commands_keep_slow_imports_off_their_path(
    args: list[str], kept_off: set[str], tmp_path: Path
) -> None:
    # a first run writes the default config and the store
    imported_by(["log", "call"], tmp_path)
    modules = imported_by(args, tmp_path)
    assert "istui.cli" in modules  # the probe really ran the command
    assert modules & kept_off == set()


@pytest.mark.parametrize(
    ("args", "kept_off"),
    [
        # (the day's first log makes the daily backup, which needs shutil)
        (["log", "call"], HEAVY | {"tempfile", "getpass"}),
        (["status"], HEAVY | {"tempfile", "getpass", "shutil"}),
    ],
)
def test_default_places_are_found_without_platformdirs(
    args: list[str], kept_off: set[str], tmp_path: Path
) -> None:
    imported_by(["log", "call"], tmp_path, defaults=True)  # first run: default config
    assert (tmp_path / "xdg-config" / "istui" / "config.toml").exists()
    assert (tmp_path / "xdg-data" / "istui" / "store.json").exists()
    modules = imported_by(args, tmp_path, defaults=True)
    assert "istui.store.paths" in modules  # the default places really were looked up
    assert modules & kept_off == set()
