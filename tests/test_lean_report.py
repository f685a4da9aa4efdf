"""The lean `istui report --team T [--week W] --format json` (istui.lean_report):
the full command line's very bytes without click, and every other report
command line, every bad value and every broken store answered by click as
before (the same output, message and exit code)."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from probes import CLICK
from probes import LEAN_MODULES as PROBE
from team_helpers import three_rep_team

NOW = "2026-11-23T10:30:00+09:00"

LEAN = 'import sys\nsys.argv = ["istui", *sys.argv[1:]]\nfrom istui.lean import main\nmain()\n'


@pytest.fixture(scope="module")
def team(tmp_path_factory: pytest.TempPathFactory) -> Path:
    return three_rep_team(tmp_path_factory.mktemp("lean-team")).root


@pytest.fixture
def env(tmp_path: Path) -> dict[str, str]:
    environ = dict(os.environ)
    environ.pop("ISTUI_TZ", None)
    environ.update(
        ISTUI_NOW=NOW, ISTUI_DB=str(tmp_path / "store"), ISTUI_CONFIG=str(tmp_path / "c.toml")
    )
    return environ


def run(code: str, args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    return subprocess.run([sys.executable, "-c", code, *args], env=env, capture_output=True)


def same_as_click(args: list[str], env: dict[str, str]) -> subprocess.CompletedProcess[bytes]:
    lean = run(LEAN, args, env)
    # what the first run made (a rep's command line makes a config and a store)
    # is made again by the second, with the same announcement
    shutil.rmtree(env["ISTUI_DB"], ignore_errors=True)
    Path(env["ISTUI_CONFIG"]).unlink(missing_ok=True)
    full = run(CLICK, args, env)
    assert (lean.returncode, lean.stdout, lean.stderr) == (
        full.returncode,
        full.stdout,
        full.stderr,
    )
    return lean


def modules_of(done: subprocess.CompletedProcess[bytes]) -> set[str] | None:
    """The modules loaded, when the lean path answered (None: click did)."""
    last = done.stderr.decode().strip().splitlines()[-1:] or [""]
    return set(json.loads(last[0])) if last[0].startswith("[") else None


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--team", "{team}", "--week", "2026-W47", "--format", "json"],
        ["report", "--format=json", "--team={team}"],
        ["report", "--format", "json", "--week", "2026-W46", "--team", "{team}"],
        ["--lang", "ja", "report", "--team", "{team}", "--format", "json"],
        ["--db", "{team}", "--config=/nowhere/c.toml", "report", "--team", "{team}",
         "--format", "json"],
    ],
)  # fmt: skip
def test_the_team_json_is_clicks_own_without_click(
    args: list[str], team: Path, env: dict[str, str]
) -> None:
    args = [a.replace("{team}", str(team)) for a in args]
    done = same_as_click(args, env)
    assert done.returncode == 0 and json.loads(done.stdout)["reps"]
    modules = modules_of(run(PROBE, args, env))
    assert modules is not None, "the lean path did not answer"
    assert "istui.lean_report" in modules
    heavy = {"click", "textual", "tinydb", "rich", "plotext", "platformdirs"}
    assert modules & heavy == set()
    assert not {m for m in modules if m.startswith("istui.cli")}


@pytest.mark.parametrize(
    "args",
    [
        ["report", "--team", "{team}"],  # markdown: the language's, click's
        ["report", "--team", "{team}", "--format", "csv"],  # the config's BOM
        ["report", "--team", "{team}", "--format", "text"],  # a usage error
        ["report", "--team", "{team}", "--format", "json", "--week", "2026-W60"],
        ["report", "--team", "{team}", "--format", "json", "--week", "2026-W49"],  # future
        ["report", "--team", "{team}", "--format", "json", "--week"],
        ["report", "--team", "{team}", "--format", "json", "--month", "2026-11"],
        ["report", "--team", "{team}", "--team", "{team}", "--format", "json"],
        ["report", "--team", "{missing}", "--format", "json"],
        ["report", "--team", "", "--format", "json"],
        ["report", "--team", "{team}", "--format", "json", "--help"],
        ["--theme", "x", "report", "--team", "{team}", "--format", "json"],
        ["--lang", "xx", "report", "--team", "{team}", "--format", "json"],
        ["report", "--format", "json"],
    ],
)
def test_everything_else_is_clicks(
    args: list[str], team: Path, env: dict[str, str], tmp_path: Path
) -> None:
    args = [a.replace("{team}", str(team)).replace("{missing}", str(tmp_path / "no")) for a in args]
    same_as_click(args, env)


def test_a_broken_store_or_clock_is_clicks_error(
    team: Path, env: dict[str, str], tmp_path: Path
) -> None:
    args = ["report", "--team", str(team), "--format", "json"]
    bad_clock = same_as_click(args, {**env, "ISTUI_NOW": "yesterday"})
    assert bad_clock.returncode == 1 and b"ISTUI_NOW" in bad_clock.stderr
    not_a_store = tmp_path / "plain"
    not_a_store.mkdir()
    (not_a_store / "team.db").write_bytes(b"not a database")
    broken = same_as_click(["report", "--team", str(not_a_store), "--format", "json"], env)
    assert broken.returncode == 1 and broken.stderr.startswith(b"istui: ")
