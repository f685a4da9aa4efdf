"""The team view reads the week in three queries for the whole team
(TeamStore.team_kind_counts, team_day_rows): the same figures as the per-rep
reads, including a kind holding the separator the batched count uses, and
help requests only from done mid-checks."""

from __future__ import annotations

import sqlite3
from contextlib import closing
from pathlib import Path

from istui.domain.team import team_week
from istui.render.team import report_json
from istui.services.merge import merge_files
from istui.services.team import load_team_week, rep_input
from team_helpers import (
    W47,
    add_midchecks,
    add_team_events,
    export_file,
    make_rep,
    midcheck,
    team_store,
)


def test_batched_reads_give_the_per_rep_figures(tmp_path: Path) -> None:
    out = tmp_path / "out"
    out.mkdir()
    files = []
    for index, rep_id in enumerate(["rep-01", "rep-02"]):
        rep = make_rep(tmp_path / "reps", rep_id, rep_id.upper(), seed=index + 1)
        tue = W47.start.replace(day=W47.start.day + 1)
        add_midchecks(
            rep,
            tue,
            [
                midcheck("10:00", changed=f"{tue}T10:05:00+09:00", need_help=True, help_text="x"),
                midcheck("12:00", changed=f"{tue}T12:05:00+09:00"),
            ],
        )
        files.append(export_file(rep, out))
    team = team_store(tmp_path / "team")
    _, rejected = merge_files(team, files)
    assert not rejected
    # a kind with the batched count's separator in it: counted exactly all the same
    add_team_events(
        team,
        "rep-02",
        {"odd-1": {"at": f"{W47.start}T10:00:00+09:00", "kind": "odd\x1fkind"}},
    )
    counted = team.team_kind_counts(W47.start, W47.end)
    rows = team.team_day_rows(W47.start, W47.end)
    for rep_id in ("rep-01", "rep-02"):
        assert sorted(counted[rep_id]) == sorted(team.kind_counts(rep_id, W47.start, W47.end))
        assert set(rows[rep_id]) == set(team.day_rows(rep_id, W47.start, W47.end))
        for day, row in rows[rep_id].items():
            full = team.day_rows(rep_id, day, day)[day]
            assert row.midchecks == full.midchecks
            assert row.reflection == full.reflection and row.targets == full.targets
    assert any(kind == "odd\x1fkind" for _, _, kind, _ in counted["rep-02"])
    reps = team.reps()
    per_rep = team_week(
        [rep_input(team, reps[k], W47.start, W47.end) for k in sorted(reps)],
        W47.start,
        W47.end,
        team.today(),
    )
    batched = load_team_week(team, W47.start, W47.end)
    assert report_json(batched) == report_json(per_rep)
    assert sum(len(r.help) for r in batched.reps) == 2


def test_a_midchecks_cell_that_is_not_a_list_shows_no_help(tmp_path: Path) -> None:
    rep = make_rep(tmp_path / "reps", "rep-01", "A")
    team = team_store(tmp_path / "team")
    merge_files(team, [export_file(rep, tmp_path)])
    with closing(sqlite3.connect(team.db_path)) as conn, conn:
        conn.execute("UPDATE days SET midchecks = '{\"a\": 1}' WHERE day = ?", (str(W47.start),))
    week = load_team_week(team, W47.start, W47.end)  # as the forms would read it: no crash
    assert week.reps[0].help == ()
