"""`istui reflect --date`: bad dates are one line and exit 2; no Textual for bad input."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest


def run(args: list[str], tmp_path: Path, config_path: Path) -> subprocess.CompletedProcess[str]:
    env = {
        **os.environ,
        "ISTUI_NOW": "2026-11-23T10:30:00+09:00",
        "ISTUI_DB": str(tmp_path / "db"),
        "ISTUI_CONFIG": str(config_path),
    }
    return subprocess.run(
        [sys.executable, "-m", "istui", "reflect", *args],
        capture_output=True,
        text=True,
        env=env,
        stdin=subprocess.DEVNULL,
        timeout=60,
    )


@pytest.mark.parametrize(
    ("value", "message"),
    [
        ("2026-11-24", "--date: 2026-11-24 is in the future"),
        ("2027-01-01", "is in the future"),
        ("2026-02-30", "'2026-02-30' is not a real date"),
        ("yesterday", "'yesterday' is not a real date"),
        ("2026-13-01", "is not a real date"),
    ],
)
def test_bad_dates_are_refused_with_one_line_and_exit_2(
    value: str, message: str, tmp_path: Path, config_path: Path
) -> None:
    result = run(["--date", value], tmp_path, config_path)
    assert result.returncode == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("istui: ")
    assert message in lines[0]
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "db" / "days").exists()  # nothing written


def test_reflect_is_registered_and_does_not_import_textual_for_bad_input(
    tmp_path: Path, config_path: Path
) -> None:
    code = (
        "import sys\n"
        "from istui.cli import cli\n"
        "try:\n"
        "    cli.main(['reflect', '--date', '2026-11-31'], prog_name='istui')\n"
        "except SystemExit as exc:\n"
        "    print(exc.code, 'textual' in sys.modules)\n"
    )
    env = {**os.environ, "ISTUI_NOW": "2026-11-23T10:30:00+09:00", "ISTUI_CONFIG": str(config_path)}
    env["ISTUI_DB"] = str(tmp_path / "db")
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, timeout=60
    )
    assert result.stdout.split() == ["2", "False"]
    help_text = run(["--help"], tmp_path, config_path)
    assert help_text.returncode == 0 and "--date YYYY-MM-DD" in help_text.stdout
