"""The last English sentences of issue #13 in Japanese: a sample of each group
(the deal command's lines, the store's errors, the merge check's field-level
refusals and warnings, the Japanese default config's comments)."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from cli_helpers import files, one_error_line, run
from istui import i18n
from istui.services.config import default_config_text
from istui.services.merge import check, plan
from istui.store import events, team
from istui.store.files import StoreError
from test_deals_cli import booked


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["won"], "won には --amount N（整数の金額）が必要です"),
        (["held", "--amount", "5"], "--amount は held と一緒に使えません"),
        (["won", "--amount", "1e6"], "--amount: '1e6' は整数の金額ではありません"),
        (["scheduled", "--on", "2026-02-30"], "実在する日付ではありません"),
    ],
)
def test_the_deal_commands_usage_lines_in_japanese(
    config_path: Path, db: Path, args: list[str], message: str
) -> None:
    (deal_id,) = booked(config_path, db)
    before = files(db)
    line = one_error_line(run(config_path, db, "--lang", "ja", "deal", deal_id[:6], *args), 2)
    assert message in line
    assert files(db) == before


def test_store_errors_in_japanese(tmp_path: Path) -> None:
    i18n.set_language("ja")
    with pytest.raises(StoreError, match="不正な項目 '1'"):
        events._journal_of(tmp_path / "day.json", {"1": {"op": "bad"}})
    conn = sqlite3.connect(":memory:")
    conn.execute("CREATE TABLE other (x)")
    with pytest.raises(StoreError, match="別の用途のデータベースです"):
        team._check_schema(conn, tmp_path / "team.db")


def test_store_errors_stay_english_in_english(tmp_path: Path) -> None:
    with pytest.raises(StoreError, match="has a bad entry '1'"):
        events._journal_of(tmp_path / "day.json", {"1": {"op": "bad"}})


def test_merge_check_and_plan_lines_in_japanese() -> None:
    i18n.set_language("ja")
    with pytest.raises(ValueError, match="期間の開始日 がありません"):
        check._date(None, i18n.tr("range start"))
    with pytest.raises(ValueError, match=r"reflections\.energy: 'x' は 1〜5 の評価ではありません"):
        check._ratings([{"energy": "x"}], "reflections")
    line = plan._kept_fuller([i18n.tr("weekly review {week}", week="2026-W47")], False)
    assert line == (
        "チームストアにある詳しい方の記録 1 件（2026-W47 の週次レビュー）を残しました"
        "（新しいファイルには記述がありません）"
    )
    assert "記録 3 件" in plan._kept_fuller(["a", "b", "c"], True)


def test_merge_plan_lines_stay_english() -> None:
    assert plan._kept_fuller(["mid-checks 2026-11-17"], False) == (
        "kept the fuller copy of 1 note (mid-checks 2026-11-17) already in the team store"
        " (the new file has no words)"
    )
    assert plan._kept_fuller(["a", "b"], True) == (
        "kept the fuller copy of 2 notes already in the team store"
    )


def test_the_japanese_default_config_comments_in_japanese_english_untouched() -> None:
    english = default_config_text("rep-01", "x", "en")
    japanese = default_config_text("rep-01", "x", "ja")
    assert english.startswith("# istui configuration. Edit by hand;")
    assert japanese.startswith("# istui の設定。")
    assert "# 午前・午後の中間振り返りの時刻。" in japanese
    assert 'call = "c"       # 接続しなかった架電' in japanese
    comments = [line for line in japanese.splitlines() if line.startswith("# ")]
    english_words = ("the ", " and ", " of ")
    assert not [line for line in comments if any(w in line for w in english_words)]
    # The language in force changes neither file: each is in its own language.
    i18n.set_language("ja")
    assert default_config_text("rep-01", "x", "en") == english
    assert i18n.current_language() == "ja"
    i18n.set_language("en")
    assert default_config_text("rep-01", "x", "ja") == japanese
    assert i18n.current_language() == "en"
