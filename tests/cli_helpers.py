"""What the CLI tests share: one command run in process with an injected clock,
a store's files as bytes, and the one-line error every bad input must give."""

from __future__ import annotations

from datetime import datetime, timedelta, timezone
from pathlib import Path

from click.testing import CliRunner, Result

from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)  # Monday, 90 of 480 minutes worked


def run(
    config_path: Path,
    db: Path,
    *args: str,
    now: datetime = NOW,
    clock: FixedClock | None = None,
) -> Result:
    """``istui --config C --db D ARGS…`` at ``now`` (or on ``clock``)."""
    env = Env(config_option=str(config_path), db_option=str(db), clock=clock or FixedClock(now))
    return CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)


def files(root: Path) -> dict[str, bytes]:
    """Every file under ``root`` (the lock aside) with its bytes: "nothing written"."""
    if not root.exists():
        return {}
    return {
        p.relative_to(root).as_posix(): p.read_bytes()
        for p in sorted(root.rglob("*"))
        if p.is_file() and p.name != ".lock"
    }


def one_error_line(result: Result, code: int) -> str:
    """The one ``istui: …`` line on stderr, exit ``code``, no traceback, no stdout."""
    assert result.exit_code == code, result.output
    assert result.stdout == ""
    lines = result.stderr.splitlines()
    assert len(lines) == 1, result.stderr
    assert lines[0].startswith("istui: ")
    assert "Traceback" not in result.output
    return lines[0]
