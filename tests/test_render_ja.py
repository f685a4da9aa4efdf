"""istui's text in Japanese: the reports (text and markdown), the diagnosis in
the article's terms, dates, the plan and the month, the default config; and
the machine outputs (JSON, CSV) the same whatever the language (the BOM aside)."""

from __future__ import annotations

import json
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from pathlib import Path

import pytest
from click.testing import CliRunner

from istui import i18n
from istui.cli import cli
from istui.domain.calendar import IsoWeek, WorkCalendar
from istui.domain.funnel import Event
from istui.domain.month import build_month_view
from istui.domain.plan import back_calculate
from istui.domain.reflection import MidCheck, Reflection
from istui.domain.review import build_week_review
from istui.domain.weekplan import ReviewAction
from istui.render import dates, diagnosis
from istui.render.export_csv import BOM, with_bom
from istui.render.labels import rate_name
from istui.render.month import month_lines
from istui.render.plan import chain_lines, warning_text
from istui.render.review_report import NO_PROBLEM_PROMPTS, ONE_ON_ONE_QUESTIONS
from istui.services.clock import FixedClock
from istui.services.config import (
    JA_LABELS,
    JA_OBJECTIONS,
    Config,
    default_config_text,
    load_config,
    parse_config,
)
from istui.services.forms import save_midcheck, save_reflection
from istui.store import Store
from istui.store.layout import day_relpath
from review_helpers import day_outcomes

W47 = IsoWeek(2026, 47)
JST = timezone(timedelta(hours=9))
DECIDED = datetime(2026, 11, 13, 17, 30, tzinfo=JST)
CAL = WorkCalendar()


def _english_words_absent(text: str, words: list[str]) -> None:
    for word in words:
        assert word not in text, word


def run(args: list[str], config_path: Path, db: Path) -> tuple[int, bytes, str]:
    result = CliRunner().invoke(
        cli,
        ["--config", str(config_path), "--db", str(db), *args],
        env={"ISTUI_NOW": "2026-11-23T10:30:00+09:00"},
        catch_exceptions=False,
    )
    return result.exit_code, result.stdout_bytes, result.stderr


def _write_events(store: Store, events: list[Event]) -> None:
    by_day: dict[date, list[Event]] = {}
    for e in events:
        by_day.setdefault(e.day, []).append(e)
    for day, evs in by_day.items():
        with store.transaction(day_relpath(day)) as db:
            db.table("events").insert_multiple([e.to_record() for e in evs])


def _article_week(store: Store) -> None:
    """The article's worked example: 1,200 dials, 360 connects, 12 meetings,
    a mid-check asking for help, a reflection, and an action set last week."""
    events: list[Event] = []
    for i, meetings in enumerate([3, 3, 2, 2, 2]):
        events += day_outcomes(
            W47.monday + timedelta(days=i), calls=240, connects=72, meetings=meetings
        )
    _write_events(store, events)
    wednesday = W47.monday + timedelta(days=2)
    at = datetime.combine(wednesday, time(18, 30), tzinfo=JST)
    check = MidCheck(
        slot="12:00", rating=3, blocking="受付突破できない", need_help=True, help_text="ロープレ"
    )
    save_midcheck(store, wednesday, check.submit(at))
    long_note = "決裁者を先に聞くと、担当者で止まらずに商談化まで進めることが分かった。" * 3
    save_reflection(store, Reflection(day=wednesday, learning=long_note).submit(at))
    store.add_action(
        2026, 46, ReviewAction(0, "opener A/B", "山田", date(2026, 11, 20), False), at=DECIDED
    )


@pytest.fixture
def article_db(tmp_path: Path, clock: FixedClock) -> Path:
    db = tmp_path / "db"
    _article_week(Store(db, today=lambda: clock.now().date()))
    return db


@pytest.fixture
def article_config(tmp_path: Path, config_path: Path) -> Path:
    text = config_path.read_text(encoding="utf-8")
    text = text.replace("call = 100", "call = 240").replace("connect = 25", "connect = 72")
    path = tmp_path / "article.toml"
    path.write_text(text, encoding="utf-8")
    return path


# ------------------------------------------------------------------- reports
def test_the_1on1_sheet_in_japanese_uses_the_articles_terms_and_questions(
    article_config: Path, article_db: Path
) -> None:
    code, out, err = run(
        ["--lang", "ja", "report", "--week", "2026-W47", "--format", "markdown"],
        article_config,
        article_db,
    )
    assert (code, err) == (0, "")
    md = out.decode("utf-8")
    assert md.startswith("# 1on1シート — 山田 太郎 (rep-01) · 2026年 第47週")
    assert "2026年11月16日(月)〜11月22日(日)" in md
    assert "## 週間実績サマリー" in md and "## ボトルネック分析" in md
    assert "| 指標 | 実績 | 目標 | 達成率 | 先週 | 増減 |" in md
    assert "| 商談設定数 | 12 | 20 | 60% |" in md
    assert "| 接続率 | 30.0% |" in md
    assert "**ボトルネックは商談化率です: 3.3%（目標5.6%" in md
    assert "トークスクリプト" in md and "ヒアリング" in md
    assert "- [ ] 水 中間振り返り: ロープレ" in md
    assert "| [ ] | opener A/B | 山田 | 2026年11月20日(金) |" in md
    # The article's own wording of the seven questions, the follow-ups, the silence.
    assert "1. 今週はどんな成果や進展があったか、教えてください" in md
    assert "7. 最近の業務で、新しい発見や気づきがあれば共有してください" in md
    assert "「特に問題ありません」" in md and "もし一つだけ改善できるとしたら" in md
    assert "最低15秒" in md and "「ゆっくり考えて大丈夫です」" in md
    _english_words_absent(
        md, ["Summary", "Diagnosis", "bottleneck", "meeting rate", "Questions", "week 2026"]
    )


def test_the_1on1_sheet_in_english_keeps_its_questions(
    article_config: Path, article_db: Path
) -> None:
    code, out, _ = run(
        ["report", "--week", "2026-W47", "--format", "markdown"], article_config, article_db
    )
    md = out.decode("utf-8")
    assert code == 0
    for number, question in enumerate(ONE_ON_ONE_QUESTIONS, 1):
        assert f"{number}. {question}" in md
    assert all(p in md for p in NO_PROBLEM_PROMPTS)
    assert "wait at least 15 seconds" in md


def test_the_text_report_in_japanese_lines_up_in_cells_and_wraps_the_notes(
    article_config: Path, article_db: Path
) -> None:
    from istui.render.cells import cells

    code, out, _ = run(
        ["--lang", "ja", "report", "--week", "2026-W47", "--format", "text"],
        article_config,
        article_db,
    )
    text = out.decode("utf-8")
    assert code == 0
    lines = text.splitlines()
    assert lines[0].startswith("2026年 第47週 · 2026年11月16日(月)〜11月22日(日) · 山田 太郎")
    assert "ボトルネック分析" in text and "今週の振り返り" in text and "気づき" in text
    # The KPI table: every row as wide as the header in cells (labels are wide).
    head = next(i for i, line in enumerate(lines) if line.startswith("指標"))
    table = lines[head : head + 4]
    ends = {cells(line) for line in table}
    assert len(ends) == 1, table
    # The long learning is folded at 80 cells, under its own indent, no line
    # starting with 。 or 、.
    quoted = [line for line in lines if line.startswith("      ")]
    assert quoted, text
    assert all(cells(line) <= 80 for line in lines if "決裁者" in line or line in quoted)
    assert not any(line.strip()[:1] in "。、」" for line in quoted)


def test_json_and_csv_reports_are_the_same_bytes_in_both_languages(
    article_config: Path, article_db: Path
) -> None:
    outputs = {}
    for fmt in ("json", "csv"):
        base = ["report", "--week", "2026-W47", "--format", fmt]
        en = run(["--lang", "en", *base], article_config, article_db)
        ja = run(["--lang", "ja", *base], article_config, article_db)
        assert en[0] == ja[0] == 0
        assert en[1] == ja[1], fmt
        outputs[fmt] = en[1]
    data = json.loads(outputs["json"])
    assert data["diagnosis"]["headline"].startswith("the bottleneck is the meeting rate")
    assert data["words"]["learnings"][0]["source"] == "reflection"


def test_status_json_and_export_are_the_same_bytes_in_both_languages(
    article_config: Path, article_db: Path, tmp_path: Path
) -> None:
    en = run(["--lang", "en", "status", "--json"], article_config, article_db)
    ja = run(["--lang", "ja", "status", "--json"], article_config, article_db)
    assert en[0] == ja[0] == 0 and en[1] == ja[1]
    outs = {}
    for lang in ("en", "ja"):
        path = tmp_path / f"{lang}.json"
        code, _, err = run(
            ["--lang", lang, "export", "--week", "2026-W47", "-o", str(path)],
            article_config,
            article_db,
        )
        assert code == 0, err
        outs[lang] = path.read_bytes()
    assert outs["en"] == outs["ja"]
    labels = json.loads(outs["en"])["metrics"]["labels"]
    assert labels["call"] == "Calls"  # the configured name, never a translation


def test_csv_with_a_bom_is_the_same_rows_after_the_mark(
    article_config: Path, article_db: Path, tmp_path: Path
) -> None:
    base = ["report", "--week", "2026-W47", "--format", "csv"]
    _, plain, _ = run(base, article_config, article_db)
    _, marked, _ = run([*base, "--bom"], article_config, article_db)
    _, marked_ja, _ = run(["--lang", "ja", *base, "--bom"], article_config, article_db)
    assert not plain.startswith(b"\xef\xbb\xbf")
    assert marked == b"\xef\xbb\xbf" + plain == marked_ja
    # A Japanese default config turns it on: export --format csv writes both files with it.
    ja_config = tmp_path / "ja.toml"
    ja_config.write_text(default_config_text("rep-01", "山田 太郎", "ja"), encoding="utf-8")
    out = tmp_path / "week.csv"
    code, _, err = run(
        ["export", "--week", "2026-W47", "--format", "csv", "-o", str(out)], ja_config, article_db
    )
    assert code == 0, err
    daily = out.with_name("week-daily.csv")
    assert out.read_bytes().startswith(b"\xef\xbb\xbfrep_id,")
    assert daily.read_bytes().startswith(b"\xef\xbb\xbfrep_id,")
    code, _, _ = run(
        ["export", "--week", "2026-W47", "--format", "csv", "--no-bom", "-o", str(out)],
        ja_config,
        article_db,
    )
    assert code == 0 and out.read_bytes().startswith(b"rep_id,")
    assert with_bom("a\n", True) == BOM + "a\n" == with_bom(BOM + "a\n", True)


# ----------------------------------------------------------------- diagnosis
def _review(config: Config, calls: int, connects: int, meetings: int):  # type: ignore[no-untyped-def]
    events: list[Event] = []
    for i in range(5):
        events += day_outcomes(
            W47.monday + timedelta(days=i), calls=calls, connects=connects, meetings=meetings
        )
    targets = {"call": 240, "connect": 72, "meeting": 4, "email": 0}
    from istui.domain.targets import TargetVersion

    versions = [TargetVersion(date(2026, 1, 1), targets)]
    return build_week_review(events, config.metrics, versions, CAL, W47, date(2026, 12, 1))


def test_diagnosis_sentences_in_japanese_use_the_articles_terms(config: Config) -> None:
    i18n.set_language("ja")
    quality = _review(config, 240, 72, 2).diagnosis
    assert diagnosis.headline(quality).startswith("ボトルネックは商談化率です: ")
    assert diagnosis.causes(quality) == ("トークスクリプト", "ヒアリング（質問、価値提案）")
    assert diagnosis.causes_line(quality).startswith("よくある原因")
    assert "トークスクリプト、ヒアリング" in diagnosis.causes_line(quality)
    assert diagnosis.short(quality) == "商談化率が低い"
    assert any(line.startswith("接続率: 30.0%（目標30.0%") for line in diagnosis.details(quality))
    volume = _review(config, 60, 18, 3).diagnosis
    assert diagnosis.headline(volume) == (
        "行動量の問題: 架電数 300件 / 目標1,200件（達成率25%）、900件不足"
    )
    assert "時間の使い方" in diagnosis.causes(volume)[0]
    met = _review(config, 240, 72, 5).diagnosis
    assert diagnosis.headline(met).startswith("目標達成: 今週の商談設定数 25件 / 目標20件")
    i18n.set_language("en")
    assert diagnosis.headline(quality).startswith("the bottleneck is the meeting rate: ")


def test_a_rate_shown_from_a_stored_snapshot_comes_from_render(config: Config) -> None:
    """Old records stored an English label; the name shown is render's, now."""
    from istui.domain.snapshot import FigureSnapshot

    record = {
        "at": "2026-11-23T12:00:00+09:00",
        "lines": [{"key": "call", "label": "Calls", "count": 40, "target": 100, "expected": 37.5}],
        "rates": [
            {
                "key": "connect",
                "label": "connect rate",
                "num": 10,
                "den": 40,
                "target_num": 25,
                "target_den": 100,
            }
        ],
    }
    snap = FigureSnapshot.from_record(record)
    i18n.set_language("ja")
    assert rate_name(snap.rates[0].key) == "接続率"
    assert snap.lines[0].label == "Calls"  # a label as the rep had it
    assert FigureSnapshot.from_record(snap.to_record()) == snap


def test_default_metric_labels_follow_the_language_in_force(config: Config) -> None:
    call = config.metrics.funnel[0]
    assert (call.name, call.label, call.default) == ("Calls", "Calls", True)
    i18n.set_language("ja")
    assert call.label == "架電数"
    assert [m.label for m in config.metrics.all] == [
        "架電数",
        "接続数",
        "商談設定数",
        "メール送信数",
    ]


# --------------------------------------------------------------------- dates
def test_dates_as_a_japanese_user_writes_them() -> None:
    tue = date(2026, 12, 1)
    assert (dates.full_date(tue), dates.day_month(tue), dates.weekday(tue)) == (
        "Tue 2026-12-01",
        "Tue 12-01",
        "Tue",
    )
    assert dates.weekday_names_span([0, 1, 2, 3, 4]) == "Mon–Fri"
    assert dates.week_name(IsoWeek(2026, 49)) == "2026-W49"
    assert dates.month_title(2026, 11) == "November 2026"
    i18n.set_language("ja")
    assert dates.full_date(tue) == "2026年12月1日(火)"
    assert dates.day_month(tue) == "12月1日(火)"
    assert dates.weekday_long(tue) == "火曜日"
    assert dates.weekday_names_span([0, 1, 2, 3, 4]) == "月〜金"
    assert dates.weekday_names_span([0, 2, 4]) == "月・水・金"
    assert dates.weekday_span(date(2026, 11, 30), date(2026, 12, 2)) == "月〜水"
    assert dates.week_name(IsoWeek(2026, 49)) == "2026年 第49週"
    assert dates.week_run(IsoWeek(2026, 46), IsoWeek(2026, 47)) == "第46〜47週"
    assert dates.month_title(2026, 11) == "2026年11月"
    assert dates.date_span(date(2026, 12, 28), date(2027, 1, 3)) == (
        "2026年12月28日(月)〜2027年1月3日(日)"
    )


# --------------------------------------------------------- plan and the month
def test_the_plan_chain_in_japanese_reads_name_before_figure() -> None:
    i18n.set_language("ja")
    plan = back_calculate(
        deals=10,
        win_rate=Fraction(1, 4),
        meeting_rate=Fraction(1, 10),
        connect_rate=Fraction(3, 10),
        year=2026,
        month=11,
        calendar=CAL,
    )
    lines = chain_lines(plan)
    assert lines[0] == "受注数10件 ÷ 受注率25 % = 商談設定数40件"
    assert lines[1] == "商談設定数40件 ÷ 商談化率10 % = 接続数400件"
    assert lines[2].startswith("接続数400件 ÷ 接続率30 % = 架電数1,333.3件 → 1,334件")
    assert lines[3] == "架電数1,334件 ÷ 2026年11月の営業日21日 = 63.5 → 1日あたり64件"
    assert [warning_text(plan, w) for w in plan.warnings] == [
        "1日64件の架電は目安の80〜120件を下回っています"
    ]


def test_the_month_view_in_japanese(config: Config) -> None:
    i18n.set_language("ja")
    from istui.domain.targets import TargetVersion

    versions = [TargetVersion(date(2026, 1, 1), dict(config.targets))]
    now = datetime(2026, 11, 16, 12, 0, tzinfo=JST)
    view = build_month_view([], config.metrics, versions, CAL, config.hours, 2026, 11, now)
    lines = month_lines(view)
    assert lines[0].startswith("2026年11月: 営業日21日のうち")
    assert lines[1].split() == ["指標", "実績", "目標", "達成率", "着地予測", "目標比"]
    assert lines[-1].startswith("着地予測 = 実績 ÷ 経過営業日数")


# -------------------------------------------------------------------- config
def test_a_japanese_default_config_has_japanese_labels_objections_and_a_bom() -> None:
    ja = parse_config(default_config_text("rep-01", "山田 太郎", "ja"), Path("c.toml"))
    assert [m.label for m in ja.metrics.all] == [JA_LABELS[k] for k in ja.metrics.keys]
    assert not any(m.default for m in ja.metrics.all)
    assert ja.objections == JA_OBJECTIONS
    assert ja.csv_bom is True
    en = parse_config(default_config_text("rep-01", "Yamada", "en"), Path("c.toml"))
    assert en.objections[0] == "no budget" and en.csv_bom is False
    assert [m.name for m in en.metrics.all] == ["Calls", "Connects", "Meetings", "Emails"]


def test_the_default_config_follows_the_language_when_it_is_written(tmp_path: Path) -> None:
    i18n.set_language("ja")
    config = load_config(tmp_path / "new.toml")
    assert config.objections == JA_OBJECTIONS
    assert config.metrics.funnel[0].name == "架電数"
    text = (tmp_path / "new.toml").read_text(encoding="utf-8")
    assert 'meeting = "商談設定数"' in text and "csv_bom = true" in text


def test_a_bad_config_line_names_the_key_in_english_and_the_problem_in_japanese(
    tmp_path: Path,
) -> None:
    from istui.services.config import ConfigError

    text = default_config_text("rep-01", "山田", "en").replace('start = "09:00"', 'start = "9am"')
    i18n.set_language("ja")
    with pytest.raises(ConfigError) as caught:
        parse_config(text, tmp_path / "c.toml")
    assert (
        str(caught.value)
        == f"{tmp_path / 'c.toml'}: [hours].start: '9am'は09:00のような時刻ではありません"
    )


def test_the_team_report_in_japanese_and_its_machine_outputs_in_both(tmp_path: Path) -> None:
    from istui.render.team import team_report, title_text
    from istui.services.team import load_team_week
    from team_helpers import W47 as TEAM_WEEK
    from team_helpers import three_rep_team

    team = three_rep_team(tmp_path)
    week = load_team_week(team, TEAM_WEEK.start, TEAM_WEEK.end)
    machine = {fmt: team_report(week, fmt) for fmt in ("json", "csv")}
    i18n.set_language("ja")
    assert {fmt: team_report(week, fmt) for fmt in ("json", "csv")} == machine
    md = team_report(week, "markdown")
    assert md.startswith("# チームの週次レビュー 2026年 第47週 (2026年11月16日(月)〜11月22日(日))")
    assert "| メンバー | 架電数 | 接続数 | 商談設定数 | メール送信数 | 接続率 | 商談化率 |" in md
    assert "チームの転換率は分子の合計 ÷ 分母の合計" in md
    assert "## 未対応の相談" in md and "火 終業時の振り返り: 同行をお願いしたい" in md
    assert title_text(week).endswith("· メンバー3人")
    _english_words_absent(md, ["Team week", "Connect rate", "Open help", "reps"])


def test_every_literal_message_in_the_source_reaches_the_catalog() -> None:
    """Babel misses a tr() nested in a call inside another tr()'s arguments:
    such a message would stay English in Japanese with no check failing."""
    import importlib.util
    import re
    import sys

    root = Path(__file__).resolve().parent.parent
    spec = importlib.util.spec_from_file_location("catalogs", root / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    tool = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = tool
    spec.loader.exec_module(tool)
    keys = {found.key for found in tool.extract()}
    plain = re.compile(r'\btr\(\s*"((?:[^"\\]|\\.)*)"\s*[,)]')
    with_context = re.compile(r'\btrp\(\s*"([^"]*)",\s*"((?:[^"\\]|\\.)*)"\s*[,)]')
    missed = []
    for path in sorted((root / "src" / "istui").rglob("*.py")):
        if path.name == "i18n.py":  # its docstring's examples
            continue
        text = path.read_text(encoding="utf-8")
        missed += [(path.name, m[1]) for m in plain.finditer(text) if m[1] not in keys]
        missed += [
            (path.name, m[2])
            for m in with_context.finditer(text)
            if f"{m[1]}\x04{m[2]}" not in keys
        ]
    assert missed == []
