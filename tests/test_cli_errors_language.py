"""Error sentences raised below the CLI (domain, services, store, merge) reach a
Japanese user in Japanese and an English one in English, through the real
command line: a deal step refusal, an unknown deal, an unknown list, a broken
store file, a merge refusal naming a file. Exit codes stay the same."""

from __future__ import annotations

import json
from datetime import timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from cli_helpers import NOW, one_error_line, run
from istui import i18n
from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.services.config import default_config_text


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store"


def booked(config_path: Path, db: Path) -> str:
    assert run(config_path, db, "log", "meeting", "--at", "09:30").exit_code == 0
    result = run(config_path, db, "deals", "--json")
    assert result.exit_code == 0, result.output
    deal_id: str = json.loads(result.stdout)["deals"][0]["id"]
    return deal_id


def both(config_path: Path, db: Path, code: int, *args: str) -> tuple[str, str]:
    """The one error line in English, then with ``--lang ja``; the same exit code."""
    english = one_error_line(run(config_path, db, *args), code)
    japanese = one_error_line(run(config_path, db, "--lang", "ja", *args), code)
    return english, japanese


def test_a_deal_step_refusal(config_path: Path, db: Path) -> None:
    deal_id = booked(config_path, db)
    english, japanese = both(config_path, db, 2, "deal", deal_id[:6], "undo")
    assert english.startswith(f"istui: deal {deal_id[:8]} has no step to undo")
    assert f"商談 {deal_id[:8]} には取り消せるステップがありません" in japanese
    english, japanese = both(config_path, db, 2, "deal", deal_id[:6], "scheduled")
    assert "scheduled needs a date (--on YYYY-MM-DD) or a name (--name)" in english
    assert "scheduled には日付（--on YYYY-MM-DD）か名前（--name）が必要です" in japanese


def test_an_unknown_deal(config_path: Path, db: Path) -> None:
    booked(config_path, db)
    english, japanese = both(config_path, db, 2, "deal", "nope", "held")
    assert "no deal 'nope' (see: istui deals)" in english
    assert "商談 'nope' はありません（istui deals で確認できます）" in japanese
    assert "no deal" not in japanese


def test_an_unknown_list(tmp_path: Path, db: Path) -> None:
    config_path = tmp_path / "config.toml"
    lists = '\n[lists.named.cold]\nchannel = "inbound"\n'
    config_path.write_text(default_config_text("rep-01", "r") + lists, encoding="utf-8")
    english, japanese = both(config_path, db, 2, "log", "call", "--list", "nope")
    assert "unknown list 'nope' (known: cold)" in english
    assert "不明なリスト 'nope' です（使えるもの: cold）" in japanese


def test_a_broken_store_file(config_path: Path, db: Path) -> None:
    booked(config_path, db)
    (db / "deals.json").write_text('{"_meta": {"1": {"schema": 1}}, "deals": {"1": {"id": 5}}}')
    english, japanese = both(config_path, db, 1, "deals")
    assert "deals.json" in english and english.endswith("a deal without an id")
    assert "deals.json" in japanese and japanese.endswith("ID のない商談があります")


def export(rep_id: str) -> dict[str, Any]:
    """A valid export with no events (the merge refusal needs only the rep)."""
    monday = NOW.date() - timedelta(days=7)
    return {
        "format": "istui-export",
        "schema": 1,
        "istui_version": "0.1.0",
        "exported_at": NOW.isoformat(),
        "rep": {"id": rep_id, "name": rep_id},
        "range": {"from": monday.isoformat(), "to": (monday + timedelta(days=6)).isoformat(),
                  "week": None},
        "notes_included": True,
        "metrics": {"funnel": ["call", "connect", "meeting"], "counters": [],
                    "labels": {"call": "Calls", "connect": "Connects", "meeting": "Meetings"}},
        "calendar": {"workdays": [0, 1, 2, 3, 4], "holidays": []},
        "event_count": 0,
        "events": [],
    }  # fmt: skip


def test_a_merge_refusal_with_a_path(tmp_path: Path) -> None:
    a, b = tmp_path / "a.json", tmp_path / "b.json"
    a.write_text(json.dumps(export("Rep-07")), encoding="utf-8")
    b.write_text(json.dumps(export("rep-07")), encoding="utf-8")

    def merge(*options: str) -> Any:
        args = [*options, "merge", str(a), str(b), "--into", str(tmp_path / "team")]
        env = Env(clock=FixedClock(NOW + timedelta(hours=1)))
        return CliRunner().invoke(cli, args, obj=env, catch_exceptions=False)

    english, japanese = merge(), merge("--lang", "ja")
    assert english.exit_code == japanese.exit_code == 1, english.output
    assert (
        f"rep.id: 'rep-07' differs only in case from 'Rep-07' in {a} "
        "(rep ids must differ in more than case)"
    ) in english.stderr
    assert f"rep.id: 'rep-07' は {a} の 'Rep-07' と大文字・小文字しか違いません" in japanese.stderr
    assert "differs only in case" not in japanese.stderr
    assert str(b) in japanese.stderr


def test_a_step_that_does_not_follow(config_path: Path, db: Path) -> None:
    deal_id = booked(config_path, db)
    assert run(config_path, db, "deal", deal_id[:6], "noshow").exit_code == 0
    english, japanese = both(config_path, db, 2, "deal", deal_id[:6], "held")
    assert f"deal {deal_id[:8]} is noshow: held follows booked" in english
    assert f"商談 {deal_id[:8]} は不参加です: held を記録できるのは設定済みの後だけです" in japanese
    english, japanese = both(config_path, db, 2, "deal", deal_id[:6], "noshow")
    assert "noshow follows booked" in english
    english, japanese = both(config_path, db, 2, "deal", deal_id[:6], "won", "--amount", "5")
    assert "won follows held or qualified" in english
    assert "won を記録できるのは実施か有効商談の後だけです" in japanese


def test_an_output_path_refused(config_path: Path, db: Path, tmp_path: Path) -> None:
    assert run(config_path, db, "log", "call", "--at", "09:40").exit_code == 0
    link = tmp_path / "gone.json"
    link.symlink_to(tmp_path / "nowhere" / "x.json")
    english, japanese = both(config_path, db, 2, "export", "-o", str(link))
    assert f"{link}: a symlink to nothing; refusing to write" in english
    assert f"{link}: リンク先のないシンボリックリンクです。書き込みません" in japanese
    assert not (tmp_path / "nowhere").exists()


def test_the_systems_reason_is_translated(config_path: Path, tmp_path: Path) -> None:
    """An OSError's reason (here: a store path under a regular file) reads in
    the user's language; the English one is the system's own words."""
    (tmp_path / "plain").write_text("not a folder", encoding="utf-8")
    db = tmp_path / "plain" / "store"
    english, japanese = both(config_path, db, 1, "log", "call")
    assert english.endswith("Not a directory")
    assert japanese.endswith("フォルダではありません")
    assert not db.exists()


def test_an_unknown_reason_shows_as_given() -> None:
    i18n.set_language("ja")
    assert i18n.os_reason(OSError(5, "Permission denied")) == "アクセス権がありません"
    assert i18n.os_reason(OSError(99, "Some new reason")) == "Some new reason"
    assert i18n.os_reason(ValueError("plain")) == "plain"
