"""CSV for Excel in a Japanese locale (#13): a UTF-8 BOM, on in a Japanese
default config ([csv].bom), off in an English one, --bom/--no-bom for one
command; the headers and values are the same either way (the BOM aside)."""

from __future__ import annotations

import csv
import io
from datetime import datetime
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli_helpers import JST
from cli_helpers import run as run_at
from istui import i18n
from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.services.config import ConfigError, default_config_text, parse_config
from istui.services.export import UTF8_BOM
from team_helpers import NOW, three_rep_team

#: A week with no public holiday: the two configs' calendars agree on it.
WEDNESDAY = datetime(2026, 11, 18, 15, 0, tzinfo=JST)


def run(config: Path, db: Path, *args: str) -> Any:
    return run_at(config, db, *args, now=WEDNESDAY)


def write_config(path: Path, language: str) -> Path:
    i18n.set_language(language)
    try:
        path.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    finally:
        i18n.set_language("en")
    return path


def test_the_japanese_default_turns_the_bom_on_and_the_english_one_not(tmp_path: Path) -> None:
    ja = write_config(tmp_path / "ja.toml", "ja")
    en = write_config(tmp_path / "en.toml", "en")
    assert parse_config(ja.read_text(encoding="utf-8"), ja).csv_bom is True
    assert parse_config(en.read_text(encoding="utf-8"), en).csv_bom is False
    assert "Excel" in en.read_text(encoding="utf-8")  # documented in the file


def test_a_bad_bom_value_is_one_line() -> None:
    text = default_config_text("rep-01", "x").replace("bom = false", 'bom = "yes"')
    with pytest.raises(ConfigError, match=r"\[csv\]\.bom: must be true or false"):
        parse_config(text, Path("config.toml"))


def exported(tmp_path: Path, language: str, *options: str) -> tuple[bytes, bytes]:
    config = write_config(tmp_path / f"{language}.toml", language)
    db = tmp_path / f"db-{language}"
    assert run(config, db, "log", "call", "-n", "3").exit_code == 0
    out = tmp_path / f"{language}{''.join(options)}.csv"
    result = run(config, db, "export", "--format", "csv", "-o", str(out), *options)
    assert result.exit_code == 0, result.output
    return out.read_bytes(), out.with_name(f"{out.stem}-daily.csv").read_bytes()


def rows(data: bytes) -> list[list[str]]:
    return list(csv.reader(io.StringIO(data.decode("utf-8-sig"))))


def test_export_csv_has_a_bom_in_japanese_and_the_same_table(tmp_path: Path) -> None:
    ja_events, ja_daily = exported(tmp_path, "ja")
    en_events, en_daily = exported(tmp_path, "en")
    assert ja_events.startswith(UTF8_BOM) and ja_daily.startswith(UTF8_BOM)
    assert not en_events.startswith(UTF8_BOM) and not en_daily.startswith(UTF8_BOM)
    # headers and values identical, the BOM aside (event ids are random)
    ja_rows, en_rows = rows(ja_events), rows(en_events)
    assert ja_rows[0] == en_rows[0] and ja_rows[0][0] == "rep_id"
    drop_id = [[c for i, c in enumerate(r) if i != 2] for r in ja_rows]
    assert drop_id == [[c for i, c in enumerate(r) if i != 2] for r in en_rows]
    assert ja_daily[len(UTF8_BOM) :] == en_daily


def test_bom_and_no_bom_override_the_config(tmp_path: Path) -> None:
    events, _ = exported(tmp_path, "ja", "--no-bom")
    assert not events.startswith(UTF8_BOM)
    events, _ = exported(tmp_path, "en", "--bom")
    assert events.startswith(UTF8_BOM)


def test_report_csv_follows_the_config_and_other_formats_never_get_one(tmp_path: Path) -> None:
    config = write_config(tmp_path / "ja.toml", "ja")
    db = tmp_path / "db"
    report = run(config, db, "report", "--format", "csv")
    assert report.exit_code == 0, report.output
    assert report.stdout.startswith("\ufeffrep_id,")
    plain = run(config, db, "report", "--format", "csv", "--no-bom")
    assert plain.stdout == report.stdout[1:]
    for fmt in ("json", "text", "markdown"):
        assert not run(config, db, "report", "--format", fmt).stdout.startswith("\ufeff")
    json_ja = run(config, db, "report", "--format", "json").stdout
    json_en = run(config, db, "--lang", "en", "report", "--format", "json").stdout
    assert json_ja == json_en


def test_the_team_report_csv_takes_the_leads_config(tmp_path: Path) -> None:
    team = three_rep_team(tmp_path)
    config = write_config(tmp_path / "lead.toml", "ja")

    def invoke(*args: str) -> Any:
        env = Env(config_option=str(config), clock=FixedClock(NOW))
        return CliRunner().invoke(cli, list(args), obj=env, catch_exceptions=False)

    with_bom = invoke("report", "--team", str(team.root), "--format", "csv")
    assert with_bom.exit_code == 0, with_bom.output
    assert with_bom.stdout.startswith("\ufeffrep_id,rep_name,")
    without = invoke("report", "--team", str(team.root), "--format", "csv", "--no-bom")
    assert without.stdout == with_bom.stdout[1:]
    markdown = invoke("report", "--team", str(team.root))
    assert not markdown.stdout.startswith("\ufeff")
