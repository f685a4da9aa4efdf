"""Every text from outside is shown as text, in every output (issue 12).

The corpus of tests/hostile.py as rep names, metric labels, notes, pick-list
values, actions and week labels, through: ``istui merge`` (and --dry-run),
``istui report --team`` (markdown, CSV, JSON), ``istui team`` (table, chart,
drill-down), ``istui report`` for the rep (text, markdown, JSON, CSV) and
``istui export --format csv``. No output carries a control character, markup
is shown literally, CSV text cells never start a formula, markdown rows stay
one row.
"""

from __future__ import annotations

import csv
import io
import json
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from rich.text import Text
from textual.widgets import DataTable, Static

from hostile import (
    CORPUS,
    FORMULA_START,
    assert_csv_cells_neutral,
    assert_markdown_tables_hold,
    assert_terminal_safe,
    ids,
    strings,
)
from istui.cli import cli
from istui.cli.common import Env
from istui.render.safe import csv_cell, md_cell, one_line, terminal, widget_text
from istui.services.clock import FixedClock
from istui.services.config import load_config
from istui.services.merge import merge_files
from istui.services.team import load_team_week
from istui.store.team import TeamStore
from istui.tui.screens.review import ReviewScreen
from istui.tui.screens.team import TeamChart, TeamScreen
from istui.tui.team_app import TeamApp
from team_helpers import (
    NOW,
    W47,
    Rep,
    add_midchecks,
    add_reflection,
    add_review,
    export_file,
    make_rep,
    midcheck,
    reflection,
    team_store,
)

MARK = "@@H@@"
TUE = date(2026, 11, 17)
WED = date(2026, 11, 18)


def invoke(*args: str, env: Env | None = None) -> Any:
    return CliRunner().invoke(
        cli, list(args), obj=env or Env(clock=FixedClock(NOW)), catch_exceptions=False
    )


def toml_string(text: str) -> str:
    """``text`` as a TOML basic string (JSON's escapes are TOML's)."""
    return json.dumps(text, ensure_ascii=True)


def json_inner(text: str) -> str:
    return json.dumps(text, ensure_ascii=False)[1:-1]


# ------------------------------------------------------------- the functions
@pytest.mark.parametrize("text", strings(), ids=ids())
def test_each_function_makes_its_output_kind_safe(text: str) -> None:
    assert_terminal_safe(terminal(text, multiline=True))
    line = one_line(text)
    assert_terminal_safe(line)
    assert "\n" not in line and "\r" not in line
    cell = md_cell(text)
    assert "\n" not in cell and "|" not in cell.replace("\\|", "")
    shown = widget_text(text)
    assert isinstance(shown, Text) and shown.plain == one_line(text) and not shown.spans
    value = csv_cell(text)
    assert isinstance(value, str) and not value.startswith(FORMULA_START)
    assert_terminal_safe(value)


def test_markup_is_kept_as_its_characters_and_numbers_stay_numbers() -> None:
    assert widget_text("[@click=app.quit]x[/]").plain == "[@click=app.quit]x[/]"
    assert one_line("[link=file:///etc/passwd]p[/link]") == "[link=file:///etc/passwd]p[/link]"
    assert csv_cell(-2) == -2 and csv_cell(1.5) == 1.5 and csv_cell(0) == 0
    assert csv_cell("-2") == "'-2" and csv_cell("=1+1") == "'=1+1" and csv_cell("ok") == "ok"
    assert csv_cell("\x07=1") == "'=1"  # a control before a formula does not hide it
    assert terminal("a\nb", multiline=True) == "a\nb" and one_line("a\r\nb") == "a b"
    assert md_cell("a|b\\c") == "a\\|b\\\\c"
    assert terminal("山田　太郎") == "山田　太郎"


# -------------------------------------------------------------- a team store
@dataclass
class HostileTeam:
    team: TeamStore
    files: list[Path]
    out: Path
    base: Path


def _base_export(folder: Path) -> Path:
    """One rep whose name, labels, notes and actions are the mark, exported."""
    rep = make_rep(
        folder / "reps", "rep-00", MARK, days=10, extra_toml=f'[labels]\ncall = "{MARK}"'
    )
    record = reflection(TUE, MARK, changed="2026-11-17T18:40:00+09:00", help_text=MARK)
    record["objections"] = [MARK]
    record["objections_other"] = MARK
    add_reflection(rep, TUE, [record])
    add_midchecks(
        rep,
        WED,
        [midcheck("12:00", changed="2026-11-18T12:05:00+09:00", blocking=MARK,
                  need_help=True, help_text=MARK)],
    )  # fmt: skip
    add_review(rep, 2026, 47, {"actions": [{"action": MARK, "owner": MARK, "deadline": None,
                                            "done": False}]})  # fmt: skip
    return export_file(rep, folder, name="base.json")


def hostile_exports(base: Path, out: Path, *, week_label: bool = False) -> list[Path]:
    """One export per corpus string: rep ``h-NN`` named by it, with it as a metric
    label, in every note, as a pick-list value and an action (and, with
    ``week_label``, as the range's week label)."""
    out.mkdir(parents=True, exist_ok=True)
    raw = base.read_text(encoding="utf-8")
    files = []
    for index, (_, text) in enumerate(CORPUS):
        doc = json.loads(raw.replace(MARK, json_inner(text)))
        doc["rep"]["id"] = f"h-{index:02d}"
        doc["pick_lists"]["objections"].append(text)
        if week_label:
            doc["range"]["week"] = text
        path = out / f"h-{index:02d}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    return files


@pytest.fixture(scope="module")
def hostile(tmp_path_factory: pytest.TempPathFactory) -> HostileTeam:
    folder = tmp_path_factory.mktemp("hostile")
    base = _base_export(folder)
    files = hostile_exports(base, folder / "out")
    team = team_store(folder / "team")
    _, rejected = merge_files(team, files)
    assert not rejected, [str(r) for r in rejected]
    return HostileTeam(team, files, folder / "out", base)


# --------------------------------------------------------------------- merge
@pytest.mark.parametrize("dry_run", [True, False], ids=["dry-run", "merge"])
@pytest.mark.parametrize("week_label", [False, True], ids=["week", "hostile-week"])
def test_merge_summary_is_text(
    hostile: HostileTeam, tmp_path: Path, dry_run: bool, week_label: bool
) -> None:
    files = hostile_exports(hostile.base, tmp_path / "out", week_label=week_label)
    flags = ["--dry-run"] if dry_run else []
    result = invoke("merge", *map(str, files), "--into", str(tmp_path / "team"), *flags)
    assert "Traceback" not in result.output
    assert_terminal_safe(result.output)
    if result.exit_code == 0:
        lines = result.output.splitlines()
        # One header line per file, each naming its file: nothing split a line.
        headers = [line for line in lines if not line.startswith("  ")][:-1]
        assert [h.split(":")[0] for h in headers] == [str(f) for f in files]
        assert sum(line.startswith("  events: ") for line in lines) == len(files)
        assert "[@click=app.quit]x[/]" in result.output
    else:  # a stricter validation may refuse a week label: one line per problem
        assert result.exit_code == 1
        assert all(line.startswith("istui: ") for line in result.output.splitlines())


def test_a_rejection_quoting_the_file_is_text(hostile: HostileTeam, tmp_path: Path) -> None:
    doc = json.loads(hostile.files[4].read_text(encoding="utf-8"))
    doc["metrics"]["funnel"] = ["\x1b]52;c;SGVsbG8=\x07", "call"]
    bad = tmp_path / "bad.json"
    bad.write_text(json.dumps(doc), encoding="utf-8")
    result = invoke("merge", str(bad), "--into", str(tmp_path / "team"))
    assert result.exit_code == 1
    assert_terminal_safe(result.output)
    assert all(line.startswith("istui: ") for line in result.output.splitlines())


# ----------------------------------------------------------- report --team
def test_team_report_markdown_is_text_with_one_line_rows(hostile: HostileTeam) -> None:
    result = invoke("report", "--team", str(hostile.team.root), "--week", "2026-W47")
    assert result.exit_code == 0, result.output
    out = result.output
    assert_terminal_safe(out)
    assert_markdown_tables_hold(out)
    assert "[@click=app.quit]x[/]" in out and "[link=file:///etc/passwd]" in out
    # Every rep has a row and two help requests, each one list item.
    rows = [line for line in out.splitlines() if line.startswith("| ") and "(h-" in line]
    assert len(rows) == len(CORPUS)
    helps = out.split("## Open help requests", 1)[1].strip().splitlines()
    assert len(helps) == 2 * len(CORPUS) and all(h.startswith("- ") for h in helps)


def test_team_report_csv_neutralises_text_cells(hostile: HostileTeam) -> None:
    result = invoke("report", "--team", str(hostile.team.root), "--format", "csv")
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.output.replace("\n", ""))
    rows = assert_csv_cells_neutral(result.output, ["rep_id", "rep_name", "bottleneck"])
    names = {row["rep_id"]: row["rep_name"] for row in rows}
    assert names["h-14"] == "'" + CORPUS[14][1]  # =HYPERLINK(...)
    assert names["h-15"] == "'+1" and names["h-16"] == "'-2" and names["h-17"] == "'@SUM(A1:A9)"
    assert names["h-23"] == CORPUS[23][1]  # full-width text as it is
    assert rows[-1]["call"].isdigit()  # numbers stay numbers


def test_team_report_json_keeps_the_words_escaped(hostile: HostileTeam) -> None:
    result = invoke("report", "--team", str(hostile.team.root), "--format", "json")
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.output)
    data = json.loads(result.output)
    assert [r["name"] for r in data["reps"]] == [text.strip() for text in strings()]
    week = load_team_week(hostile.team, W47.start, W47.end)
    helps = {r["rep_id"]: [h["text"] for h in r["help_requests"]] for r in data["reps"]}
    assert helps == {r.rep_id: [said.text for said in r.help] for r in week.reps}
    assert "\\u001b]52;c;SGVsbG8=\\u0007" in result.output  # the name, JSON-escaped


# ----------------------------------------------------------------- the TUI
def plain(static: Static) -> str:
    """What a Static shows, as characters (a Text or a Content)."""
    rendered = static.render()
    text = getattr(rendered, "plain", None)
    assert isinstance(text, str), type(rendered)
    return text


async def test_team_view_shows_every_word_as_text(hostile: HostileTeam) -> None:
    week = load_team_week(hostile.team, W47.start, W47.end)
    app = TeamApp(team=hostile.team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=(200, 60)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        table = screen.query_one(DataTable)
        assert table.row_count == len(CORPUS)
        for column in table.columns.values():
            assert_terminal_safe(column.label.plain)
        shown = {}
        for index, rep in enumerate(screen.rows):
            cells = table.get_row_at(index)
            assert all(isinstance(c, Text) and not c.spans for c in cells)
            for cell in cells:
                assert_terminal_safe(cell.plain)
            shown[rep.rep_id] = cells[0].plain
        assert shown["h-00"] == "[@click=app.quit]x[/]"
        assert shown["h-03"] == "[bold]loud[/bold] [red]red"
        chart = screen.query_one(TeamChart).render()
        assert_terminal_safe(chart.plain.replace("\n", ""))
        for static in screen.query(Static):
            assert_terminal_safe(plain(static).replace("\n", ""))
        # The drill-down: each rep's own review screen, words as text.
        for index in range(len(CORPUS)):
            table.move_cursor(row=index)
            await pilot.press("enter")
            await pilot.pause()
            review = app.screen
            assert isinstance(review, ReviewScreen)
            for pane in ("#review-title", "#diagnosis", "#words-body", "#focus-body"):
                assert_terminal_safe(plain(review.query_one(pane, Static)).replace("\n", ""))
            if review.config.rep_id == "h-00":
                assert "[@click=app.quit]x[/]" in plain(review.query_one("#words-body", Static))
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TeamScreen)
        assert app.is_running


@pytest.fixture
def click_team(tmp_path: Path) -> tuple[TeamStore, Path]:
    """Two reps whose names are click actions: a screenshot into ``victim`` and quit."""
    victim = tmp_path / "victim"
    victim.mkdir()
    base = _base_export(tmp_path)
    raw = base.read_text(encoding="utf-8")
    names = [
        f"[@click=app.screenshot('victim.svg','{victim}')]click me[/]",
        "[@click=app.quit]quit[/]",
        f"[@click=screen.app.screenshot('v2.svg','{victim}')]x[/]",
    ]
    files = []
    for index, name in enumerate(names):
        doc = json.loads(raw.replace(MARK, json_inner(name)))
        doc["rep"]["id"] = f"c-{index}"
        path = tmp_path / f"c-{index}.json"
        path.write_text(json.dumps(doc, ensure_ascii=False), encoding="utf-8")
        files.append(path)
    team = team_store(tmp_path / "team")
    assert not merge_files(team, files)[1]
    return team, victim


async def test_clicking_a_rep_named_with_a_click_action_only_opens_the_rep(
    click_team: tuple[TeamStore, Path],
) -> None:
    team, victim = click_team
    week = load_team_week(team, W47.start, W47.end)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=(160, 40)) as pilot:
        await pilot.pause()
        screen = app.screen
        assert isinstance(screen, TeamScreen)
        table = screen.query_one(DataTable)
        for index, rep in enumerate(list(screen.rows)):
            # Click the name itself (the first column, the row's line), twice:
            # the first click moves the cursor, the second selects the row.
            offset = (3, 1 + index)
            await pilot.click(DataTable, offset=offset)
            await pilot.click(DataTable, offset=offset)
            await pilot.pause()
            review = app.screen
            assert isinstance(review, ReviewScreen), f"clicking {rep.name!r} did not open it"
            assert review.config.rep_id == rep.rep_id
            await pilot.press("escape")
            await pilot.pause()
            # And enter on it.
            table.move_cursor(row=index)
            await pilot.press("enter")
            await pilot.pause()
            assert isinstance(app.screen, ReviewScreen)
            assert app.screen.config.rep_id == rep.rep_id
            await pilot.press("escape")
            await pilot.pause()
            assert isinstance(app.screen, TeamScreen)
        assert app.is_running and app.return_code is None
    assert list(victim.iterdir()) == []


# ------------------------------------------------------- the rep's outputs
def hostile_rep(tmp_path: Path, text: str) -> Rep:
    """A rep whose own config names them ``text`` and labels the dials ``text``,
    with ``text`` in a reflection, a mid-check and next week's action."""
    rep = make_rep(tmp_path, "rep-01", MARK, days=10, extra_toml=f'[labels]\ncall = "{MARK}"')
    path = rep.config.path
    assert path is not None
    path.write_text(
        path.read_text(encoding="utf-8").replace(f'"{MARK}"', toml_string(text)), encoding="utf-8"
    )
    record = reflection(TUE, text, changed="2026-11-17T18:40:00+09:00", help_text=text)
    record["objections"] = [text]
    record["objections_other"] = text
    add_reflection(rep, TUE, [record])
    add_midchecks(rep, WED, [midcheck("12:00", changed="2026-11-18T12:05:00+09:00", working=text)])
    add_review(rep, 2026, 47, {"actions": [{"action": text, "owner": text, "deadline": None,
                                            "done": False}]})  # fmt: skip
    return Rep(load_config(path), rep.store, rep.folder)


def rep_env(rep: Rep) -> Env:
    return Env(
        config_option=str(rep.config.path), db_option=str(rep.store.root), clock=FixedClock(NOW)
    )


@pytest.mark.parametrize("text", strings(), ids=ids())
def test_the_reps_own_report_and_csv_export_are_text(tmp_path: Path, text: str) -> None:
    rep = hostile_rep(tmp_path, text)
    assert rep.config.rep_name == text.strip()
    env = rep_env(rep)
    for fmt in ("text", "markdown", "json", "csv"):
        result = invoke("report", "--week", "2026-W47", "--format", fmt, env=env)
        assert result.exit_code == 0, result.output
        assert_terminal_safe(result.output)
        if fmt == "markdown":
            assert_markdown_tables_hold(result.output)
        if fmt == "json":
            data = json.loads(result.output)
            assert data["rep"]["name"] == text.strip()
            assert data["plan"]["actions"][0]["action"] == text
        if fmt == "text":
            lines = result.output.splitlines()
            assert sum(line.startswith("Next week") for line in lines) == 1
            after = lines[lines.index("Next week") + 1]
            assert after.startswith("  [ ] ") and after.endswith(" –")  # one line, deadline last
    out = tmp_path / "events.csv"
    result = invoke("export", "--week", "2026-W47", "--format", "csv", "-o", str(out), env=env)
    assert result.exit_code == 0, result.output
    assert_terminal_safe(result.output)
    events = assert_csv_cells_neutral(out.read_text(encoding="utf-8"), ["rep_id", "rep_name"])
    daily = assert_csv_cells_neutral(
        (tmp_path / "events-daily.csv").read_text(encoding="utf-8"), ["rep_id", "rep_name"]
    )
    for row in [*events, *daily]:
        name = row["rep_name"]
        assert name == (
            ("'" if text.strip().startswith(FORMULA_START) else "") + one_line(text.strip())
        )
    for row in daily:
        assert row["call"].isdigit()
    assert csv.reader(io.StringIO(out.read_text(encoding="utf-8")))
