"""``istui export -o`` does no harm: regular files only, ``-`` for standard
output, no folder created, the CSV pair both-or-neither (issue 12)."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.services.export import build_export
from istui.store.outputs import OutputRefused, output_target, write_outputs_together
from team_helpers import NOW, W47, Rep, make_rep

needs_fifo = pytest.mark.skipif(not hasattr(os, "mkfifo"), reason="no FIFOs here")


@pytest.fixture
def rep(tmp_path: Path) -> Rep:
    return make_rep(tmp_path, "rep-01", "山田 太郎", seed=3, days=10)


def run(rep: Rep, *args: str) -> Any:
    env = Env(
        config_option=str(rep.config.path), db_option=str(rep.store.root), clock=FixedClock(NOW)
    )
    return CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)


def export(rep: Rep, *args: str) -> Any:
    return run(rep, "export", "--week", "2026-W47", *args)


def refused(result: Any, *words: str) -> None:
    assert result.exit_code == 2, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and lines[0].startswith("istui: -o"), result.output
    assert all(w in lines[0] for w in words), lines[0]
    assert "Traceback" not in result.output


def files_in(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir())


# -------------------------------------------------------- not a regular file
@needs_fifo
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_fifo_is_refused_and_left_alone(rep: Rep, tmp_path: Path, fmt: str) -> None:
    out = tmp_path / "out"
    out.mkdir()
    fifo = out / "pipe"
    os.mkfifo(fifo)
    refused(export(rep, "--format", fmt, "-o", str(fifo)), str(fifo), "a FIFO")
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)
    assert files_in(out) == ["pipe"]


@needs_fifo
def test_a_symlink_to_a_fifo_or_a_device_is_refused(rep: Rep, tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(tmp_path / "pipe")
    (out / "to-pipe.json").symlink_to(tmp_path / "pipe")
    refused(export(rep, "-o", str(out / "to-pipe.json")), "a FIFO (through a symlink)")
    if Path("/dev/null").exists():
        (out / "to-null.json").symlink_to("/dev/null")
        refused(export(rep, "-o", str(out / "to-null.json")), "a device (through a symlink)")
        assert stat.S_ISCHR(os.stat("/dev/null").st_mode)
        assert os.readlink(out / "to-null.json") == "/dev/null"
    (out / "dangling.json").symlink_to(tmp_path / "nowhere")
    refused(export(rep, "-o", str(out / "dangling.json")), "a symlink to nothing")
    assert not (tmp_path / "nowhere").exists()
    links = ["dangling.json", "to-pipe.json"] + (
        ["to-null.json"] if Path("/dev/null").exists() else []
    )
    assert files_in(out) == sorted(links)


@needs_fifo
def test_the_csv_pair_is_refused_whole_when_the_daily_file_cannot_be_written(
    rep: Rep, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    os.mkfifo(out / "week-daily.csv")
    refused(export(rep, "--format", "csv", "-o", str(out / "week.csv")), "week-daily.csv")
    assert files_in(out) == ["week-daily.csv"]  # no events file alone


def test_output_target_says_what_the_path_is(tmp_path: Path) -> None:
    (tmp_path / "folder").mkdir()
    with pytest.raises(OutputRefused, match="a folder"):
        output_target(tmp_path / "folder")
    (tmp_path / "file").write_text("x", encoding="utf-8")
    with pytest.raises(OutputRefused, match="is not a folder"):
        output_target(tmp_path / "file" / "x.json")
    assert output_target(tmp_path / "new.json") == tmp_path / "new.json"


# ------------------------------------------------------------ the folder
@pytest.mark.parametrize("fmt", ["json", "csv"])
def test_a_missing_folder_is_an_error_not_created(rep: Rep, tmp_path: Path, fmt: str) -> None:
    target = tmp_path / "no" / "such" / f"week.{fmt}"
    refused(
        export(rep, "--format", fmt, "-o", str(target)),
        str(tmp_path / "no" / "such"),
        "does not exist",
    )
    assert not (tmp_path / "no").exists()


def test_a_folder_gets_the_default_name_and_a_symlink_to_a_file_is_written_through(
    rep: Rep, tmp_path: Path
) -> None:
    out = tmp_path / "out"
    out.mkdir()
    result = export(rep, "-o", str(out))
    assert result.exit_code == 0, result.output
    assert files_in(out) == ["istui-rep-01-2026-W47.json"]
    real = tmp_path / "real.json"
    real.write_text("old", encoding="utf-8")
    (out / "link.json").symlink_to(real)
    result = export(rep, "-o", str(out / "link.json"))
    assert result.exit_code == 0, result.output
    assert (out / "link.json").is_symlink()
    assert json.loads(real.read_text(encoding="utf-8"))["rep"]["id"] == "rep-01"


# --------------------------------------------------------- standard output
def test_dash_writes_the_json_to_standard_output(rep: Rep, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    result = export(rep, "-o", "-")
    assert result.exit_code == 0, result.stderr
    doc = json.loads(result.stdout)
    assert doc == json.loads(json.dumps(build_export(rep.config, rep.store, W47, NOW)))
    assert result.stderr.startswith("exported ") and result.stderr.strip().endswith("to stdout")
    assert result.stdout.startswith("{")
    assert not (tmp_path / "-").exists()
    assert not list(tmp_path.glob("istui-*.json"))


def test_dash_with_csv_is_a_usage_error(rep: Rep, tmp_path: Path) -> None:
    os.chdir(tmp_path)
    refused(export(rep, "--format", "csv", "-o", "-"), "two files")
    assert not (tmp_path / "-").exists()


# ------------------------------------------------------- both or neither
@pytest.mark.parametrize("existing", [False, True], ids=["new", "over-old"])
@pytest.mark.parametrize("fail_at", [1, 2], ids=["first-rename", "second-rename"])
def test_the_pair_is_written_both_or_neither(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, existing: bool, fail_at: int
) -> None:
    a, b = tmp_path / "a.csv", tmp_path / "a-daily.csv"
    if existing:
        a.write_bytes(b"old a")
        b.write_bytes(b"old b")
    real_replace = os.replace
    calls = []

    def replace(src: Any, dst: Any) -> None:
        calls.append(dst)
        if len(calls) == fail_at:
            raise OSError(28, "No space left on device")
        real_replace(src, dst)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(OSError):
        write_outputs_together([(a, b"new a"), (b, b"new b")])
    monkeypatch.setattr(os, "replace", real_replace)
    if existing:
        assert (a.read_bytes(), b.read_bytes()) == (b"old a", b"old b")
        assert files_in(tmp_path) == ["a-daily.csv", "a.csv"]
    else:
        assert files_in(tmp_path) == []  # no temp file left either
    write_outputs_together([(a, b"new a"), (b, b"new b")])
    assert (a.read_bytes(), b.read_bytes()) == (b"new a", b"new b")
    assert files_in(tmp_path) == ["a-daily.csv", "a.csv"]


def test_a_write_error_is_one_line_exit_1(
    rep: Rep, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    out = tmp_path / "out"
    out.mkdir()

    def full(*_: Any) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "replace", full)
    result = export(rep, "--format", "csv", "-o", str(out / "week.csv"))
    assert result.exit_code == 1, result.output
    lines = result.output.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0]
    assert files_in(out) == []
