"""The command line in Japanese (issue 13): the language decided before any
output (--lang, [ui].language, the locale; a broken config: the locale's),
every command's words and --help in it, click's own messages too, the lean
status line in it and its cache keyed on it; exit codes and JSON the same in
both languages."""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli_helpers import NOW, files, one_error_line, run
from istui import i18n, lean
from istui.cli import cli
from istui.cli.language import CLICK_MESSAGES, click_plurals, global_options
from istui.render.statusline import DEFAULT_SHORTS
from istui.services.config import KNOWN_METRICS
from istui.store import status_cache

LEAN_NOW = "2026-11-24T10:30:00+09:00"  # a Tuesday (11-23 is a holiday in a Japanese config)

#: The lean entry point, reporting on stderr whether click was loaded.
PROBE = """
import json, os, sys
real_exit = os._exit
def reporting_exit(code):
    sys.stderr.write(json.dumps("click" in sys.modules) + "\\n")
    sys.stderr.flush()
    real_exit(code)
os._exit = reporting_exit
sys.argv = ["istui", *sys.argv[1:]]
from istui.lean import main
main()
"""

JAPANESE = re.compile(r"[\u3040-\u30ff\u4e00-\u9fff]")


def japanese(text: str) -> bool:
    return bool(JAPANESE.search(text))


def ja(config_path: Path, db: Path, *args: str, **kwargs: object):  # type: ignore[no-untyped-def]
    """``run`` with ``--lang ja`` first (the eager option sets the language)."""
    return run(config_path, db, "--lang", "ja", *args, **kwargs)  # type: ignore[arg-type]


@pytest.fixture
def db(tmp_path: Path) -> Path:
    return tmp_path / "store"


@pytest.fixture
def shell(tmp_path: Path) -> dict[str, str]:
    """A subprocess's environment: the test's store and config, a fixed clock,
    the C locale (each test names the language it wants)."""
    environ = dict(os.environ)
    for name in ("ISTUI_TZ", "LC_ALL", "LC_MESSAGES", "LANGUAGE"):
        environ.pop(name, None)
    environ.update(
        LANG="C.UTF-8",
        ISTUI_NOW=LEAN_NOW,
        ISTUI_DB=str(tmp_path / "store"),
        ISTUI_CONFIG=str(tmp_path / "c.toml"),
    )
    return environ


def istui(
    args: list[str], environ: dict[str, str], *, code: str | None = None
) -> subprocess.CompletedProcess[str]:
    program = (
        code
        or 'import sys; sys.argv = ["istui", *sys.argv[1:]]\nfrom istui.lean import main\nmain()'
    )
    return subprocess.run(
        [sys.executable, "-c", program, *args], env=environ, capture_output=True, text=True
    )


def lean_answered(args: list[str], environ: dict[str, str]) -> str | None:
    """The output when the lean path answered (no click), else None."""
    done = istui(args, environ, code=PROBE)
    assert done.returncode == 0, done.stderr
    answered = done.stderr.strip().splitlines()[-1:] == ["false"]
    return done.stdout if answered else None


# --- --help ---------------------------------------------------------------


def test_help_in_japanese(config_path: Path, db: Path) -> None:
    result = ja(config_path, db, "--help")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("使い方: cli [OPTIONS] [COMMAND] [ARGS]...")  # (CliRunner's name)
    for words in ("オプション:", "コマンド:", "架電ごとにキーひとつ", "この実行の表示言語"):
        assert words in out
    assert "このメッセージを表示して終了します。" in out  # click's own --help help
    # every command's short help, lazily loaded ones too
    assert "週次レビューの画面を開きます。" in out  # review (lazy)
    assert "その日の状況を 1 行で表示します" in out  # status (eager)
    assert "Show this message" not in out and "Open the weekly review" not in out


@pytest.mark.parametrize(
    ("args", "words"),
    [
        (
            ["log", "--help"],
            ["記録する件数（1 回のコマンドで最大 500 件）。", "[既定: 1;"],
        ),
        (
            ["undo", "--help"],
            ["最後の変更を取り消し", "取り消す変更の数。新しいものから（1〜100）。"],
        ),
        (["targets", "--help"], ["日次目標: ", "受注目標から 1 日の架電数まで"]),
        (["targets", "plan", "--help"], ["受注数 ÷ 商談設定数", "[必須]"]),
        (["export", "--help"], ["エクスポートします", "[既定: json]"]),
        (["event", "--help"], ['（最大 200 文字。"" で削除）']),
    ],
)
def test_a_subcommands_help_in_japanese(
    config_path: Path, db: Path, args: list[str], words: list[str]
) -> None:
    result = ja(config_path, db, *args)
    assert result.exit_code == 0, result.output
    assert result.stdout.startswith(f"使い方: cli {' '.join(args[:-1])} [OPTIONS]")
    for word in words:
        assert word in result.stdout
    assert "Show this message and exit." not in result.stdout


def test_help_stays_english_by_default_and_with_lang_en(config_path: Path, db: Path) -> None:
    english = run(config_path, db, "log", "--help").stdout
    assert english.startswith("Usage: cli log [OPTIONS] KIND")
    assert "How many outcomes to record (at most 500 per command)." in english
    assert not japanese(english)
    i18n.set_language("ja")  # a language left over is replaced by the one asked for
    assert run(config_path, db, "--lang", "en", "log", "--help").stdout == english


def test_every_help_text_has_its_japanese() -> None:
    """Each command's and option's help (the English in the decorators) is in
    the catalog: shown in Japanese, none is left in English."""
    i18n.set_language("ja")
    ctx = cli.make_context("istui", ["--help"], resilient_parsing=True)
    seen = 0
    for name in cli.list_commands(ctx):
        command = cli.get_command(ctx, name)
        assert command is not None
        commands = [command]
        if hasattr(command, "commands"):
            commands += list(command.commands.values())
        for each in commands:
            texts = [each.help, *(p.help for p in each.params if getattr(p, "help", None))]
            for text in texts:
                assert text, f"{each.name}: no help"
                assert japanese(i18n.tr(text)), f"{each.name}: {text!r} not translated"
                seen += 1
    assert seen > 60


# --- the language decided before any output ---------------------------------


def test_japanese_from_the_locale_in_a_subprocess(shell: dict[str, str]) -> None:
    done = istui(["--help"], {**shell, "LANG": "ja_JP.UTF-8"})
    assert done.returncode == 0 and done.stdout.startswith("使い方: istui")
    english = istui(["--lang", "en", "--help"], {**shell, "LANG": "ja_JP.UTF-8"})
    assert english.stdout.startswith("Usage: istui")  # --lang en beats the locale
    assert "使い方" not in english.stdout and "コマンド:" not in english.stdout
    assert istui(["--help"], shell).stdout == english.stdout


def test_lc_all_decides_before_lang(shell: dict[str, str]) -> None:
    done = istui(["--help"], {**shell, "LANG": "en_US.UTF-8", "LC_ALL": "ja_JP.UTF-8"})
    assert done.stdout.startswith("使い方:")


def test_the_configs_language_decides_help_and_errors(
    shell: dict[str, str], tmp_path: Path
) -> None:
    config = tmp_path / "c.toml"
    istui(["status"], shell)  # writes the default config
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^language = .*$", 'language = "ja"', text), encoding="utf-8")
    assert 'language = "ja"' in config.read_text(encoding="utf-8")
    assert istui(["--help"], shell).stdout.startswith("使い方:")
    # named by --config (read before click parses, so --help sees it too)
    other = {k: v for k, v in shell.items() if k != "ISTUI_CONFIG"}
    assert istui(["--config", str(config), "--help"], other).stdout.startswith("使い方:")
    assert istui([f"--config={config}", "--help"], other).stdout.startswith("使い方:")
    # a usage error, in click's words and istui's
    done = istui(["--no-such-option"], shell)
    assert done.returncode == 2
    assert (
        done.stderr == "istui: オプション '--no-such-option' はありません。（参照: istui --help）\n"
    )
    done = istui(["log", "dial"], shell)
    assert done.returncode == 2
    assert done.stderr.startswith("istui: 不明な種類 'dial'")
    # --lang en beats [ui].language; --lang auto is [ui].language
    assert istui(["--lang", "en", "--help"], shell).stdout.startswith("Usage:")
    assert istui(["--lang", "auto", "--help"], shell).stdout.startswith("使い方:")


def test_a_broken_config_speaks_the_locales_language(shell: dict[str, str], tmp_path: Path) -> None:
    (tmp_path / "c.toml").write_text('[ui]\nlanguage = "en"\ntheme = \n', encoding="utf-8")
    for lang, usage in (("ja_JP.UTF-8", "使い方:"), ("C.UTF-8", "Usage:")):
        environ = {**shell, "LANG": lang}
        assert istui(["--help"], environ).stdout.startswith(usage)
        done = istui(["status"], environ)
        assert done.returncode == 1 and done.stdout == ""
        assert done.stderr.startswith("istui: ") and len(done.stderr.splitlines()) == 1
        assert "Traceback" not in done.stderr


def test_global_options_are_read_as_click_reads_them() -> None:
    assert global_options(["--lang", "ja", "status"]) == ("ja", None)
    assert global_options(["--db", "x", "--config=c.toml", "--lang=en"]) == ("en", "c.toml")
    assert global_options(["--lang", "fr", "status"]) == (None, None)  # click's error
    assert global_options(["log", "--lang", "ja"]) == (None, None)  # not a global option
    assert global_options(["--lang"]) == (None, None)


def test_demo_follows_the_language(
    config_path: Path, db: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    seen: list[str] = []

    def fake_tui(env: object, *, theme: str | None = None) -> None:
        seen.append(i18n.current_language())

    monkeypatch.setattr("istui.cli.day.open_tui", fake_tui)
    assert ja(config_path, db, "demo").exit_code == 0
    assert run(config_path, db, "--lang", "en", "demo").exit_code == 0
    assert seen == ["ja", "en"]


# --- every command's words ----------------------------------------------------


def test_the_calling_block_commands_in_japanese(config_path: Path, db: Path) -> None:
    line = ja(config_path, db, "log", "call", "-n", "3").stdout
    assert line == "架電 3/100 · 接続 0/25 0% · アポ 0/4 · メール 0/40 · ペース -16\n"
    assert ja(config_path, db, "status").stdout == line
    ja(config_path, db, "log", "connect")
    undone = ja(config_path, db, "undo", "-n", "5")
    assert "これ以上取り消せる変更はありません" in undone.stdout
    assert ja(config_path, db, "undo").stdout.startswith("今日は取り消せる変更がありません")
    past = ja(config_path, db, "undo", "--date", "2026-11-20").stdout
    assert past == "2026-11-20 に取り消せる変更はありません\n"
    assert ja(config_path, db, "events").stdout == "2026-11-23 の記録はありません\n"


def test_errors_in_japanese_exit_codes_as_in_english(config_path: Path, db: Path) -> None:
    cases = [
        (["log", "dial"], 2, "不明な種類 'dial'（使える種類:"),
        (["log", "-n", "0", "call"], 2, "'-n' の値が不正です: 0 は範囲 1<=x<=500 の外です。"),
        (["log", "call", "--at", "23:59"], 2, "--at: 23:59 は未来です"),
        (
            ["status", "--date", "2026-02-30"],
            2,
            "--date: '2026-02-30' は実在する日付ではありません",
        ),
        (["undo", "-n", "0"], 2, "-n: 0 は範囲外です（1〜100）"),
        (["events", "--nope"], 2, "オプション '--nope' はありません。"),
        (["event", "abcd"], 2, "変更内容を指定してください"),
        (["targets", "set"], 2, "KEY=N を 1 つ以上指定してください"),
        (
            ["targets", "plan", "--deals", "5"],
            2,
            "--win-rate: ありません。指定するか、--from-history",
        ),
        (["export", "--from", "2026-11-20"], 2, "--from と --to は一緒に指定します"),
        (["nope"], 2, "コマンド 'nope' はありません。"),
        (["doctor", "--all"], 2, "--all は --restore BACKUP と一緒に使います"),
    ]
    for args, code, words in cases:
        english = run(config_path, db, *args)
        japanese_result = ja(config_path, db, *args)
        assert english.exit_code == japanese_result.exit_code == code, args
        line = one_error_line(japanese_result, code)
        assert words in line, (args, line)
        assert "（参照: cli" in line
        assert not japanese(english.stderr), english.stderr


def test_doctor_in_japanese(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call", now=NOW - timedelta(days=1))
    run(config_path, db, "log", "call")  # the day's first change: its backup
    out = ja(config_path, db, "doctor").stdout
    assert out.splitlines()[0] == f"ストア: {db}"
    assert "バックアップ: 1 個（最新 2026-11-23）" in out
    assert out.endswith("すべてのファイルを問題なく読めます\n")
    listed = ja(config_path, db, "doctor", "--list").stdout
    assert listed == "2026-11-23\n"
    (db / "days" / "2026" / "2026-11-23.json").write_text("{", encoding="utf-8")
    broken = ja(config_path, db, "doctor")
    assert broken.exit_code == 1
    assert "復元するには: istui doctor --restore 2026-11-23" in broken.stdout
    assert broken.stderr == "istui: 1 個のファイルが読めません\n"


def test_targets_in_japanese(config_path: Path, db: Path) -> None:
    plan = ja(
        config_path,
        db,
        "targets",
        "plan",
        "--deals",
        "5",
        "--win-rate",
        "25%",
        "--meeting-rate",
        "10%",
        "--connect-rate",
        "25%",
        "--month",
        "2026-12",
    ).stdout
    assert "の計画: 受注 5 件、営業日" in plan
    assert "日次目標" in plan
    assert "（未適用: これを日次目標にするには --apply を付けてください）" in plan
    set_line = ja(config_path, db, "targets", "set", "call=90", "--weekday", "fri").stdout
    assert set_line.startswith("2026-11-23 から毎週金曜: call 90（その時点で有効: ")
    shown = ja(config_path, db, "targets", "show").stdout
    assert shown.startswith("2026-11-23(月) に有効な目標（2026-11-23 から、設定元 ")
    assert "  金曜：call 90" in shown  # (month.po words it with a full-width colon)
    weekend = ja(config_path, db, "targets", "show", "--date", "2026-11-22").stdout
    assert (
        "営業日ではありません: 目標はありません" in weekend or "有効な目標はありません" in weekend
    )


def test_suggest_columns_line_up_in_cells(config_path: Path, db: Path) -> None:
    from istui.render.cells import cells

    for back in range(1, 15):
        when = NOW - timedelta(days=back)
        if when.weekday() < 5:
            run(config_path, db, "log", "call", "-n", "80", now=when)
            run(config_path, db, "log", "connect", "-n", "20", now=when)
    english = run(config_path, db, "targets", "suggest").stdout.splitlines()
    out = ja(config_path, db, "targets", "suggest").stdout.splitlines()
    assert out[0].startswith("日次目標の提案、")
    header = out[1]
    assert header.startswith("指標") and "ストレッチ 110–120%" in header
    # the heading takes as many cells as the English one: the columns still line up
    assert cells(english[1]) == 66
    for row in out[2:4]:
        assert cells(row) == cells(header), row  # the columns line up in cells
    assert out[-1].startswith("達成目標の水準を使うには: istui targets set call=")


def test_export_and_merge_in_japanese(config_path: Path, db: Path, tmp_path: Path) -> None:
    run(config_path, db, "log", "call", "-n", "2")
    out = tmp_path / "out.json"
    exported = ja(config_path, db, "export", "-o", str(out))
    assert exported.exit_code == 0, exported.output
    assert exported.stdout.startswith("rep-01 の 2 件の記録（2026-W48）を ")
    english_out = tmp_path / "en.json"
    run(config_path, db, "export", "-o", str(english_out))
    # the export itself is the same bytes in both languages
    assert json.loads(out.read_bytes()) == json.loads(english_out.read_bytes())
    team = tmp_path / "team.db"
    merged = ja(config_path, db, "merge", str(out), "--team", str(team))
    assert merged.exit_code == 0, merged.output
    assert "記録: 追加 2 件、取り込み済み 0 件" in merged.stdout
    assert merged.stdout.splitlines()[-1] == f"1 個のファイルを {team} に集約しました"
    dry = ja(config_path, db, "merge", str(out), "--team", str(team), "--dry-run")
    assert dry.stdout.splitlines()[-1] == f"試行のみ: {team} には何も書き込んでいません"
    stdout_export = ja(config_path, db, "export", "-o", "-")
    assert stdout_export.stderr.endswith("を 標準出力 にエクスポートしました\n")


def test_themes_in_japanese(config_path: Path, db: Path) -> None:
    out = ja(config_path, db, "themes").stdout
    assert re.search(r"^\* istui-dark +ダーク$", out, re.M)
    assert out.splitlines()[-1].startswith("自作のテーマの置き場所: ")
    assert ja(config_path, db, "themes", "--use", "istui-light").stdout == "テーマ: istui-light\n"
    bad = ja(config_path, db, "themes", "--use", "nope")
    assert "--use: 'nope' という名前のテーマはありません" in one_error_line(bad, 2)


def test_new_store_announced_in_japanese(config_path: Path, tmp_path: Path) -> None:
    db = tmp_path / "fresh"
    result = ja(config_path, db, "log", "call")
    assert result.stderr == f"istui: ストアを新規作成しました: {db}\n"


# --- machine outputs: the same in both languages -------------------------------


@pytest.mark.parametrize(
    "args",
    [
        ["status", "--json"],
        ["events", "--json"],
        ["report", "--format", "json"],
        ["export", "-o", "-"],
    ],
)
def test_json_is_byte_identical_between_languages(
    config_path: Path, db: Path, args: list[str]
) -> None:
    run(config_path, db, "log", "call", "-n", "3", "--note", "受付で断られた")
    run(config_path, db, "log", "connect")
    english = run(config_path, db, *args)
    japanese_result = ja(config_path, db, *args)
    assert english.exit_code == japanese_result.exit_code == 0
    assert english.stdout == japanese_result.stdout
    json.loads(english.stdout)


@pytest.mark.parametrize("args", [["report", "--format", "csv"]])
def test_csv_is_the_same_between_languages(config_path: Path, db: Path, args: list[str]) -> None:
    """CSV (its headers are machine keys) does not change with the language."""
    run(config_path, db, "log", "call", "-n", "2", "--note", "=SUM(A1) 折り返し")
    english = run(config_path, db, *args)
    japanese_result = ja(config_path, db, *args)
    assert english.exit_code == japanese_result.exit_code == 0
    assert english.stdout == japanese_result.stdout


def test_export_csv_files_are_the_same_between_languages(
    config_path: Path, db: Path, tmp_path: Path
) -> None:
    run(config_path, db, "log", "call", "-n", "2")
    (tmp_path / "en").mkdir()
    (tmp_path / "ja").mkdir()
    assert (
        run(config_path, db, "export", "--format", "csv", "-o", str(tmp_path / "en")).exit_code == 0
    )
    assert (
        ja(config_path, db, "export", "--format", "csv", "-o", str(tmp_path / "ja")).exit_code == 0
    )
    assert files(tmp_path / "en") == files(tmp_path / "ja")


# --- the lean path and its cache -----------------------------------------------


def test_the_lean_status_line_in_japanese(shell: dict[str, str], tmp_path: Path) -> None:
    jp = {**shell, "LANG": "ja_JP.UTF-8"}
    written = istui(["log", "call", "-n", "2"], jp)
    assert written.returncode == 0, written.stderr
    line = "架電 2/100 · 接続 0/25 0% · アポ 0/4 · メール 0/40 · ペース -17\n"
    assert written.stdout == line
    cache = json.loads((tmp_path / "store" / "status.json").read_text(encoding="utf-8"))
    assert cache["lang"] == "ja" and cache["ui_language"] == "auto"
    assert (tmp_path / "store" / "status.txt").read_text(encoding="utf-8") == line
    assert lean_answered(["status"], jp) == line  # from the cache, no click
    # the lean log in Japanese too, and the cache it leaves still Japanese
    logged = lean_answered(["log", "connect"], jp)
    assert logged == "架電 3/100 · 接続 1/25 33% · アポ 0/4 · メール 0/40 · ペース -16\n"
    assert lean_answered(["--lang", "ja", "status"], shell) == logged
    assert (tmp_path / "store" / "status.txt").read_text(encoding="utf-8") == logged


def test_the_cache_is_written_again_when_the_language_changes(
    shell: dict[str, str], tmp_path: Path
) -> None:
    store = tmp_path / "store"
    jp = {**shell, "LANG": "ja_JP.UTF-8"}
    istui(["log", "call"], jp)
    assert japanese((store / "status.txt").read_text(encoding="utf-8"))
    # the locale changed: never the Japanese line; the full path answers and
    # leaves the cache (and status.txt) in English
    assert lean_answered(["status"], shell) is None
    english = "calls 1/100 · conn 0/25 0% · mtg 0/4 · email 0/40 · pace -18\n"
    assert (store / "status.txt").read_text(encoding="utf-8") == english
    assert lean_answered(["status"], shell) == english
    # --lang beats the locale on the lean path too
    assert lean_answered(["--lang", "en", "status"], jp) == english
    assert lean_answered(["--lang=ja", "status"], shell) is None
    assert japanese((store / "status.txt").read_text(encoding="utf-8"))
    # a lean log asked in another language than the cache's goes to the store
    done = istui(["log", "call"], shell)
    assert done.stdout.startswith("calls 2/100")
    assert json.loads((store / "status.json").read_text(encoding="utf-8"))["lang"] == "en"


def test_the_configs_language_keys_the_cache(shell: dict[str, str], tmp_path: Path) -> None:
    store, config = tmp_path / "store", tmp_path / "c.toml"
    istui(["log", "call"], shell)
    assert lean_answered(
        ["status"],
        shell,
    ).startswith("calls")  # type: ignore[union-attr]
    text = config.read_text(encoding="utf-8")
    config.write_text(re.sub(r"(?m)^language = .*$", 'language = "ja"', text), encoding="utf-8")
    # a config edit makes the cache stale: the full path writes it in Japanese
    assert lean_answered(["status"], shell) is None
    assert json.loads((store / "status.json").read_text(encoding="utf-8"))["ui_language"] == "ja"
    line = lean_answered(["status"], shell)
    assert line is not None and line.startswith("架電 1/100")
    assert lean_answered(["--lang", "en", "status"], shell) is None  # → English again


def test_status_json_never_changes_with_the_language(shell: dict[str, str]) -> None:
    jp = {**shell, "LANG": "ja_JP.UTF-8"}
    istui(["log", "call", "-n", "4"], jp)
    from_cache_ja = lean_answered(["status", "--json"], jp)
    from_cache_en = lean_answered(["status", "--json"], shell)  # another language: still lean
    assert from_cache_ja is not None and from_cache_ja == from_cache_en
    full = istui(["--theme", "istui-dark", "status", "--json"], shell)  # the full path
    assert full.stdout == from_cache_ja


def test_lean_values_of_lang_are_the_languages() -> None:
    assert ("auto", *i18n.LANGUAGES) == lean._LANG_VALUES


def test_the_cache_speaks_one_language() -> None:
    cache = {"lang": "ja", "ui_language": "auto"}
    assert status_cache.speaks(cache, "ja") and not status_cache.speaks(cache, "en")
    assert status_cache.language_for(cache, None, {"LANG": "ja_JP.UTF-8"}) == "ja"
    assert status_cache.language_for(cache, "en", {"LANG": "ja_JP.UTF-8"}) == "en"
    assert status_cache.language_for({"ui_language": "ja"}, None, {"LANG": "C"}) == "ja"
    assert status_cache.language_for({"ui_language": "ja"}, "auto", {"LANG": "C"}) == "ja"
    assert status_cache.language_for({}, None, {}) == "en"


def test_status_words_are_the_configs_default_shorts() -> None:
    assert {key: short for key, (_, short, _) in KNOWN_METRICS.items()} == DEFAULT_SHORTS


def test_a_custom_metrics_short_label_is_never_translated() -> None:
    from istui.render.statusline import status_word

    i18n.set_language("ja")
    assert status_word("call", "calls") == "架電"
    assert status_word("mtg", "mtg") == "mtg"  # the rep's own metric, keyed "mtg"
    assert status_word("call", "dials") == "dials"


# --- click's own messages ------------------------------------------------------


def test_clicks_messages_have_their_japanese() -> None:
    i18n.set_language("ja")
    for message in CLICK_MESSAGES:
        assert i18n.tr(message) != message or message in {"%(prog)s, version %(version)s"}
    for n in (1, 2):
        for text in click_plurals(n):
            assert japanese(text), text


def test_version_and_abort(config_path: Path, db: Path) -> None:
    assert ja(config_path, db, "--version").stdout.startswith("istui バージョン ")
    assert run(config_path, db, "--version").stdout.startswith("istui, version ")


def test_nothing_written_by_a_usage_error_in_japanese(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call")
    before = files(db)
    result = ja(config_path, db, "targets", "set", "call=90", "call=80")
    assert "call が 2 回指定されています" in one_error_line(result, 2)
    assert files(db) == before


def test_runner_invocations_do_not_leak_the_language(config_path: Path, db: Path) -> None:
    ja(config_path, db, "status")
    assert run(config_path, db, "status").stdout.startswith("calls ")
    result = CliRunner().invoke(cli, ["--lang", "ja", "--help"])
    assert result.stdout.startswith("使い方:")


def test_the_catalog_read_in_place_answers_as_the_parsed_one() -> None:
    """istui.i18n finds a message by binary search in the .mo (the lean status
    line needs a handful of messages, not a parse of the whole catalog)."""
    with open(i18n.catalog_path("ja"), "rb") as handle:
        data = handle.read()
    parsed = i18n.parse_mo(data)
    in_place = i18n.MoCatalog(data)
    assert len(parsed) > 200
    for key, text in parsed.items():
        assert in_place.get(key) == text
        assert in_place.get(key + " ") is None and in_place.get(key[:-1]) in (
            None,
            parsed.get(key[:-1]),
        )
    assert in_place.get("") is None and in_place.get("no such message, surely") is None
    with pytest.raises(ValueError):
        i18n.MoCatalog(b"\x00" * 28)


def test_a_broken_store_file_is_reported_in_japanese(config_path: Path, db: Path) -> None:
    run(config_path, db, "log", "call")
    day = db / "days" / "2026" / "2026-11-23.json"
    day.write_text('{"events": ', encoding="utf-8")
    english = one_error_line(run(config_path, db, "status"), 1)
    assert english.endswith("corrupt JSON at line 1 column 12; see `istui doctor`")
    line = one_error_line(ja(config_path, db, "status"), 1)
    assert (
        line
        == f"istui: {day}: 1 行 12 列目で JSON が壊れています。`istui doctor` を参照してください"
    )
    day.write_bytes(b"")
    assert "空のファイルです（0 バイト）" in one_error_line(ja(config_path, db, "log", "call"), 1)


def test_japanese_help_fits_80_cells(config_path: Path, db: Path) -> None:
    """Every --help in Japanese is laid out in terminal cells: no line past 80."""
    from istui.render.cells import cells

    commands = [[], ["targets"], ["targets", "plan"], ["targets", "suggest"]]
    ctx = cli.make_context("istui", ["--help"], resilient_parsing=True)
    commands += [[name] for name in cli.list_commands(ctx)]
    for args in commands:
        out = ja(config_path, db, *args, "--help").stdout
        assert out.startswith("使い方: "), args
        for line in out.splitlines():
            assert cells(line) <= 80, (args, line)
            assert not line.lstrip().startswith(("、", "。", "）", "」")), (args, line)


@pytest.mark.parametrize("width", [10, 17, 24, 40])
def test_wrap_cells_keeps_words_and_the_line_start_rule(width: int) -> None:
    from istui.cli.language import NO_LINE_START, wrap_cells
    from istui.render.cells import cells

    text = "記録 1 件の結果やメモを ID で変更、または削除します（ID は `istui events` で確認。4 文字以上）。"
    lines = wrap_cells(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    for line in lines:
        assert cells(line) <= width or " " not in line, line
        assert line[0] not in NO_LINE_START, line
    assert all(word in " ".join(lines) for word in ("ID", "`istui", "events`"))
