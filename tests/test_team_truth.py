"""The team view tells the truth (issue 12): mid-week to date against what is
due by now (the rep's own review's rule, so both show the same figures), "no
export" for a rep with no export, and comparisons with earlier weeks and the
best calling hour over the weeks actually merged, "–" where one was not."""

from __future__ import annotations

import csv
import io
import json
from datetime import date, timedelta
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.domain.calendar import IsoWeek, date_range
from istui.render.numbers import NO_VALUE
from istui.render.review import best_hour_scope, kpi_row, rate_row
from istui.render.review_report import to_data
from istui.render.team import metric_cell, report_csv, report_json, report_markdown, title_text
from istui.services.clock import FixedClock
from istui.services.merge import merge_files
from istui.services.review import load_review
from istui.services.team import load_team_week, rep_config
from istui.store.team import TeamStore
from istui.tui.screens.review import ReviewScreen
from istui.tui.screens.team import TeamScreen
from istui.tui.team_app import TeamApp
from team_helpers import JST, NOW, W46, W47, Rep, export_file, make_rep

WED = date(2026, 11, 18)
WEEK = IsoWeek(2026, 47)
TODAY = NOW.date()


@pytest.fixture
def reps(tmp_path: Path) -> list[Rep]:
    return [
        make_rep(tmp_path / "reps", "rep-01", "山田 太郎", seed=1),
        make_rep(tmp_path / "reps", "rep-02", "佐藤 花子", seed=2),
    ]


def merged(tmp_path: Path, files: list[Path], today: date = TODAY) -> TeamStore:
    team = TeamStore(tmp_path / "team", today=lambda: today)
    _, rejected = merge_files(team, files)
    assert not rejected, [str(r) for r in rejected]
    return team


def team_review(team: TeamStore, rep_id: str, today: date) -> Any:
    """The rep's review as the drill-down reads it from the team store."""
    config = rep_config(team.reps()[rep_id])
    return load_review(
        config, team.rep_store(rep_id), WEEK, today, covered=frozenset(team.covered_days(rep_id))
    )


def test_covered_days_are_the_days_merged_exports_covered(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    team = merged(tmp_path, [export_file(reps[0], out)])
    assert team.covered_days("rep-01") == set(date_range(W47.start, W47.end))  # weekend too
    assert team.covered_days("rep-02") == set()
    merge_files(team, [export_file(reps[0], out, W46)])
    assert team.covered_days("rep-01") == set(date_range(W46.start, W47.end))


def test_mid_week_the_team_row_and_the_reps_own_review_agree(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """Wednesday of W47: the lead merges Mon–Wed. The row is to date against
    what is due by Wednesday, with the in-progress mark, and carries the same
    figures as the rep's own review on Wednesday and the drill-down's."""
    out = tmp_path / "out"
    out.mkdir()
    wed_evening = NOW.replace(year=2026, month=11, day=18, hour=19)
    files = [export_file(rep, out, now=wed_evening) for rep in reps]
    team = merged(tmp_path, files, today=WED)
    week = load_team_week(team, W47.start, W47.end)
    assert week.in_progress and week.through == WED
    assert "in progress: Mon–Wed to date, against the target due" in title_text(week)
    assert "in progress: Mon–Wed to date" in report_markdown(week)
    assert report_json(week)["in_progress"] is True and report_json(week)["through"] == "2026-11-18"
    for rep, row in zip(reps, week.reps, strict=True):
        own = load_review(rep.config, rep.store, WEEK, WED).review
        drill = team_review(team, rep.config.rep_id, WED).review
        assert own.in_progress and drill.in_progress
        for review in (own, drill):
            for line in review.lines:
                key = line.metric.key
                assert (row.counts.get(key, 0), row.targets.get(key, 0)) == (
                    line.actual,
                    line.target,
                ), key
        assert row.bottleneck == own.diagnosis == drill.diagnosis
        call = own.line("call")
        assert call is not None and call.target == 300  # three days due, not the week's 500
        assert metric_cell(row, "call") == f"{call.actual}/300 {round(100 * call.actual / 300)}%"
        assert [d for d, _ in row.reflected] == [W47.start, W47.start + timedelta(1), WED]
    # The team is the sum of its reps, to date.
    assert week.targets["call"] == 600


def test_a_rep_with_no_export_says_so(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    team = merged(tmp_path, [export_file(reps[0], out, W46), export_file(reps[1], out, W47)])
    week = load_team_week(team, W47.start, W47.end)
    missing, present = week.reps
    assert (missing.rep_id, missing.exported, present.exported) == ("rep-01", False, True)
    assert week.missing == ("rep-01",)
    assert metric_cell(missing, "call") == "no export"
    assert metric_cell(missing, "meeting") == NO_VALUE
    assert missing.bottleneck.verdict == "no export"
    assert week.counts == dict(present.counts) and week.targets == dict(present.targets)
    md = report_markdown(week)
    row = next(line for line in md.splitlines() if "(rep-01)" in line)
    assert "| no export |" in row and "0/500" not in row
    assert "1 rep with no export (left out of the team's figures)" in md
    data = report_json(week)
    assert [r["exported"] for r in data["reps"]] == [False, True]
    rows = {r["rep_id"]: r for r in csv.DictReader(io.StringIO(report_csv(week)))}
    assert rows["rep-01"]["call"] == "" and rows["rep-01"]["exported"] == "no"
    assert rows["rep-02"]["call"].isdigit() and rows["rep-02"]["exported"] == "yes"


def test_comparisons_and_the_best_hour_say_which_weeks_were_merged(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    rep = reps[0]
    out = tmp_path / "out"
    out.mkdir()
    team = merged(tmp_path, [export_file(rep, out, W47)])
    bundle = team_review(team, "rep-01", NOW.date())
    review = bundle.review
    assert all(not line.previous_known and line.change is None for line in review.lines)
    assert kpi_row(review.lines[0])[4:] == [NO_VALUE, NO_VALUE]  # not "0" and "+483"
    assert rate_row(review.rates[0])[4:] == [NO_VALUE, NO_VALUE]
    assert best_hour_scope(review.when, "x") == "the merged week W47 (1 of 8)"
    data = to_data(bundle)
    assert data["metrics"]["call"]["previous"] is None and data["metrics"]["call"]["change"] is None
    assert data["when"]["weeks"] == ["2026-W47"]
    # W46 merged too: last week is known, and the same as in the rep's own review.
    merge_files(team, [export_file(rep, out, W46)])
    review = team_review(team, "rep-01", NOW.date()).review
    own = load_review(rep.config, rep.store, WEEK, NOW.date()).review
    assert [(x.previous, x.change) for x in review.lines] == [
        (x.previous, x.change) for x in own.lines
    ]
    assert all(line.previous_known for line in review.lines)
    assert best_hour_scope(review.when, "x") == "the merged weeks W46–W47 (2 of 8)"
    assert best_hour_scope(own.when, "the last 8 weeks") == "the last 8 weeks"
    assert to_data(load_review(rep.config, rep.store, WEEK, NOW.date()))["when"]["weeks"] is None


def test_the_report_says_which_weeks_the_best_hour_is_over(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    """The drill-down's text: the rep's report run on a rep inside the team store."""
    from istui.render.review_report import to_markdown, to_text

    out = tmp_path / "out"
    out.mkdir()
    team = merged(tmp_path, [export_file(reps[0], out, W47)])
    bundle = team_review(team, "rep-01", NOW.date())
    assert "Best hour (the merged week W47 (1 of 8)):" in to_text(bundle)
    assert "over the merged week W47 (1 of 8)" in to_markdown(bundle) or (
        bundle.review.when.best_hour is None
    )
    own = load_review(reps[0].config, reps[0].store, WEEK, NOW.date())
    assert "Best hour (last 8 weeks):" in to_text(own)


async def test_the_drill_down_shows_unmerged_last_week_as_unknown(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    team = merged(tmp_path, [export_file(rep, out, W47) for rep in reps])
    week = load_team_week(team, W47.start, W47.end)
    app = TeamApp(team=team, week=week, clock=FixedClock(NOW))
    async with app.run_test(size=(160, 48)) as pilot:
        await pilot.pause()
        assert isinstance(app.screen, TeamScreen)
        await pilot.press("enter")
        await pilot.pause()
        review = app.screen
        assert isinstance(review, ReviewScreen) and review.bundle is not None
        assert review.covered == frozenset(team.covered_days(review.config.rep_id))
        assert all(line.change is None for line in review.bundle.review.lines)


def test_report_team_mid_week_from_the_cli(reps, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    out = tmp_path / "out"
    out.mkdir()
    wed_evening = NOW.replace(day=18, hour=19)
    team = merged(tmp_path, [export_file(rep, out, now=wed_evening) for rep in reps], today=WED)
    env = Env(clock=FixedClock(NOW.replace(day=18, hour=19, tzinfo=JST)))
    result = CliRunner().invoke(
        cli, ["report", "--team", str(team.root), "--format", "json"], obj=env,
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    data = json.loads(result.output)
    assert data["in_progress"] is True and data["through"] == "2026-11-18"
    assert data["team"]["targets"]["call"] == 600
