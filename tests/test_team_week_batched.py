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
    by_day, by_hour = team.team_kind_totals(W47.start, W47.end)
    for rep_id, rows_counted in counted.items():
        days: dict[object, dict[str, int]] = {}
        hours: dict[tuple[int, str], int] = {}
        for day, hour, kind, n in rows_counted:
            days.setdefault(day, {})[kind] = days.get(day, {}).get(kind, 0) + n
            hours[(hour, kind)] = hours.get((hour, kind), 0) + n
        assert by_day[rep_id] == days and by_hour[rep_id] == hours
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


def test_only_the_mid_checks_that_may_ask_for_help_are_read_back(tmp_path: Path) -> None:
    """team_day_rows(help_only=True) leaves the rest to SQLite: what the team
    view then keeps is exactly what it keeps of every record, whatever the
    records' odd values, and the report is the per-rep one."""
    import json

    from istui.services.team import _helping

    rep = make_rep(tmp_path / "reps", "rep-01", "A")
    team = team_store(tmp_path / "team")
    merge_files(team, [export_file(rep, tmp_path)])
    tue = W47.start.replace(day=W47.start.day + 1)
    odd = [
        midcheck("09:00", changed=f"{tue}T09:05:00+09:00", need_help=True, help_text="a"),
        midcheck("10:00", changed=f"{tue}T10:05:00+09:00", need_help="yes", help_text="b"),
        midcheck("11:00", changed=f"{tue}T11:05:00+09:00", need_help=0),
        midcheck("12:00", changed=f"{tue}T12:05:00+09:00", need_help=""),
        midcheck("13:00", changed=f"{tue}T13:05:00+09:00", need_help=[1]),
        midcheck("14:00", changed=f"{tue}T14:05:00+09:00", need_help=None),
        midcheck("15:00", changed=f"{tue}T15:05:00+09:00"),
        {**midcheck("16:00", changed=f"{tue}T16:05:00+09:00", need_help=True), "status": 1},
        {**midcheck("17:00", changed=f"{tue}T17:05:00+09:00", need_help=True), "status": "draft"},
        "not a record",
        [1, 2],
    ]
    with closing(sqlite3.connect(team.db_path)) as conn, conn:
        conn.execute(
            "UPDATE days SET midchecks = ? WHERE day = ?",
            (json.dumps(odd, ensure_ascii=False), str(tue)),
        )
        conn.execute("UPDATE days SET midchecks = '{\"a\": 1}' WHERE day = ?", (str(W47.start),))
        conn.execute("UPDATE days SET midchecks = '[]' WHERE day = ?", (str(W47.end),))
    full = team.team_day_rows(W47.start, W47.end)["rep-01"]
    picked = team.team_day_rows(W47.start, W47.end, help_only=True)["rep-01"]
    assert set(full) == set(picked)
    for day, row in full.items():
        assert _helping(picked[day].midchecks) == _helping(row.midchecks), day
        assert picked[day].reflection == row.reflection and picked[day].targets == row.targets
    assert len(_helping(picked[tue].midchecks)) == 3  # True, "yes", [1]
    not_a_list: object = picked[W47.start].midchecks
    assert not_a_list == {"a": 1}  # read back as it is
    reps = team.reps()
    per_rep = team_week(
        [rep_input(team, reps[k], W47.start, W47.end) for k in sorted(reps)],
        W47.start,
        W47.end,
        team.today(),
    )
    assert report_json(load_team_week(team, W47.start, W47.end)) == report_json(per_rep)


def test_tag_counts_are_the_join_over_every_event(tmp_path: Path) -> None:
    """tagged_kind_counts counts the tagged events from event_tags and the rest
    as every event less those: the same rows as the plain join of every event
    with its tags (untagged and blank-tagged as ""), for each tag and span."""
    out = tmp_path / "out"
    out.mkdir()
    files = [
        export_file(make_rep(tmp_path / "reps", rep_id, rep_id, seed=n + 1), out)
        for n, rep_id in enumerate(["rep-01", "rep-02", "rep-03"])
    ]
    team = team_store(tmp_path / "team")
    _, rejected = merge_files(team, files)
    assert not rejected
    with closing(sqlite3.connect(team.db_path)) as conn, conn:
        events = conn.execute(
            "SELECT rep_id, event_id FROM events WHERE rep_id <> 'rep-03' ORDER BY rep_id, event_id"
        ).fetchall()
        values = ["webinar", "", "inbound", "webinar", "outbound"]
        conn.executemany(
            "INSERT OR REPLACE INTO event_tags VALUES (?, ?, ?, ?, ?)",
            [
                (rep_id, ev_id, values[i % 5], values[(i + 1) % 5], values[(i + 2) % 5])
                for i, (rep_id, ev_id) in enumerate(events)
                if i % 3  # every third event untagged
            ],
        )
        tue = W47.start.replace(day=W47.start.day + 1)
        spans = [(W47.start, W47.end), (tue, tue)]
        joined = {
            (tag, start): conn.execute(
                f"SELECT e.rep_id, COALESCE(t.{tag}, ''), e.kind, COUNT(*) FROM events e "
                "LEFT JOIN event_tags t ON t.rep_id = e.rep_id AND t.event_id = e.event_id "
                f"WHERE e.day BETWEEN ? AND ? GROUP BY 1, 2, 3 ORDER BY 1, 2, 3",
                (str(start), str(end)),
            ).fetchall()
            for tag in ("list", "channel", "segment")
            for start, end in spans
        }
    for (tag, start), rows in joined.items():
        end = dict(spans)[start]
        assert rows and any(value == "" for _, value, _, _ in rows)
        assert team.tagged_kind_counts(start, end, tag) == rows, (tag, start)
