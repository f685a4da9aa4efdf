"""Any order and any repetition of the same exports gives the same team store."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import date, datetime, time, timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from istui.domain.calendar import date_range
from istui.domain.weekplan import ReviewAction
from istui.services.config import Config, default_config_text, load_config
from istui.services.export import Span, build_export, write_export
from istui.services.merge import merge_files
from istui.store import Store
from team_helpers import (
    JST,
    NOW,
    W46,
    W47,
    add_reflection,
    export_file,
    make_rep,
    own_event_ids,
    reflection,
    snapshot,
    team_event_ids,
    team_store,
    undo,
)

TUE = W47.start + timedelta(days=1)
BOTH = Span(W46.start, W47.end)
HOUR = timedelta(hours=1)
AT = NOW + timedelta(days=-3)  # when the week's plan was first saved


@pytest.fixture(scope="module")
def exports(tmp_path_factory: pytest.TempPathFactory) -> tuple[list[Path], dict[str, bytes]]:
    base = tmp_path_factory.mktemp("exports")
    a = make_rep(base / "reps", "rep-01", "山田 太郎", seed=1)
    b = make_rep(base / "reps", "rep-02", "佐藤 花子", seed=2)
    add_reflection(a, TUE, [reflection(TUE, "最初の版", changed="2026-11-17T18:00:00+09:00")])
    out = base / "out"
    out.mkdir()
    files = [
        export_file(a, out, W47, name="a47.json"),
        export_file(a, out, Span(W46.start, W47.end), name="a4647.json"),
        export_file(a, out, W47, notes=False, name="a47-private.json"),
        export_file(b, out, W47, name="b47.json"),
        export_file(b, out, W46, name="b46.json"),
    ]
    add_reflection(a, TUE, [reflection(TUE, "直した版", changed="2026-11-18T08:00:00+09:00")])
    action = ReviewAction(0, "受付突破トークを試す", "山田", None, False)
    action_id = a.store.add_action(2026, 47, action, at=AT)
    files.append(export_file(a, out, W47, now=NOW + timedelta(hours=1), name="a47-edit.json"))
    # undos after an export: two weeks exported again, then one more undo and the week
    undone = undo(a, TUE, 2) + undo(a, W46.start + timedelta(days=2), 1)
    edited = ReviewAction(action_id, "試す", "", None, True)  # shorter, yet newer
    a.store.update_action(2026, 47, edited, at=AT + HOUR)
    files.append(export_file(a, out, BOTH, now=NOW + 2 * HOUR, name="a4647-undo.json"))
    undone += undo(a, W47.start + timedelta(days=3), 1)
    files.append(export_file(a, out, W47, now=NOW + 3 * HOUR, name="a47-undo.json"))
    reference = team_store(base / "reference")
    _, rejected = merge_files(reference, files)
    assert not rejected
    # the reference is the rep's own store as it is now, undos included
    assert team_event_ids(reference, "rep-01", BOTH) == own_event_ids(a, BOTH)
    assert not set(undone) & team_event_ids(reference, "rep-01", BOTH)
    plan = reference.rep_store("rep-01").week_plan(2026, 47)
    assert [(x.action, x.done) for x in plan.actions] == [("試す", True)]
    return files, snapshot(reference.root, data_only=True)


@st.composite
def batches(draw: st.DrawFn, files: list[Path]) -> list[list[Path]]:
    order = draw(st.permutations(files))
    repeats = draw(st.lists(st.sampled_from(files), max_size=4))
    sequence = list(order)
    for path in repeats:
        sequence.insert(draw(st.integers(0, len(sequence))), path)
    cuts = (
        sorted(draw(st.sets(st.integers(1, len(sequence) - 1), max_size=3)))
        if len(sequence) > 1
        else []
    )
    bounds = [0, *cuts, len(sequence)]
    return [sequence[s:e] for s, e in itertools.pairwise(bounds)]


@settings(
    max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(data=st.data())
def test_any_order_and_repetition_gives_the_same_store(exports, data: st.DataObject) -> None:  # type: ignore[no-untyped-def]
    files, reference = exports
    plan = data.draw(batches(files))
    folder = Path(tempfile.mkdtemp(prefix="istui-prop-"))
    try:
        team = team_store(folder / "team")
        for batch in plan:
            _, rejected = merge_files(team, batch)
            assert not rejected
        assert snapshot(team.root, data_only=True) == reference
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_reference_holds_the_newest_reflection(exports) -> None:  # type: ignore[no-untyped-def]
    _, reference = exports
    # the day's row (rep_id, day, ..., reflection) in the team database's rows
    rows = [r for r in reference["team.db"]["days"] if r[:2] == ("rep-01", "2026-11-17")]
    assert len(rows) == 1
    day = rows[0][-1]
    assert "直した版" in day and "最初の版" not in day


# ------------------------------------------- any history of logs, undos, exports
KINDS = ("call", "connect", "meeting", "email")
SPANS = (
    W47,
    Span(W47.start, W47.start + timedelta(days=2)),  # Mon..Wed
    Span(W47.start + timedelta(days=2), W47.end),  # Wed..Sun
    Span(W47.start + timedelta(days=3), W47.start + timedelta(days=3)),  # Thu alone
)
steps = st.one_of(
    st.tuples(st.just("log"), st.integers(0, 6), st.sampled_from(KINDS), st.integers(1, 3)),
    st.tuples(st.just("undo"), st.integers(0, 6), st.just(""), st.integers(1, 2)),
    st.tuples(st.just("export"), st.integers(0, len(SPANS) - 1), st.just(""), st.just(0)),
)


@pytest.fixture(scope="module")
def plain_config(tmp_path_factory: pytest.TempPathFactory) -> Config:
    path = tmp_path_factory.mktemp("config") / "config.toml"
    path.write_text(default_config_text("rep-01", "山田 太郎"), encoding="utf-8")
    return load_config(path)


@settings(
    max_examples=15, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(history=st.lists(steps, min_size=1, max_size=14), data=st.data())
def test_each_day_is_the_newest_export_of_it_whatever_the_order(  # type: ignore[no-untyped-def]
    plain_config, history, data: st.DataObject
) -> None:
    """A rep logs, undoes and exports in any sequence; the lead merges the
    exports in any order, batches and repetitions. Each day then holds exactly
    the events of the newest export that covers it (undos included), and the
    team store is byte for byte the one the chronological merge gives."""
    folder = Path(tempfile.mkdtemp(prefix="istui-undo-prop-"))
    try:
        store = Store(folder / "rep", today=lambda: NOW.date())
        store.sync_config_targets(plain_config.targets, W46.start)
        out = folder / "out"
        out.mkdir()
        files: list[Path] = []
        newest: dict[date, set[str]] = {}  # day -> ids in the newest export covering it
        for index, (action, arg, kind, n) in enumerate([*history, ("export", 0, "", 0)]):
            if action == "log":
                day = W47.start + timedelta(days=arg)
                at = datetime.combine(day, time(9), JST) + timedelta(minutes=index)
                store.log(kind, n, at=at)
            elif action == "undo":
                for _ in range(n):
                    store.undo_last(W47.start + timedelta(days=arg))
            else:
                span = SPANS[arg]
                path = out / f"{index:02d}.json"
                now = NOW + timedelta(minutes=index)
                write_export(path, build_export(plain_config, store, span, now))
                files.append(path)
                for day in date_range(span.start, span.end):
                    newest[day] = {e.id for e in store.day_events(day)}
        reference = team_store(folder / "reference")
        _, rejected = merge_files(reference, files)
        assert not rejected
        merged = reference.rep_store("rep-01")
        for day in date_range(W47.start, W47.end):
            assert {e.id for e in merged.day_events(day)} == newest.get(day, set()), day
        team = team_store(folder / "team")
        for batch in data.draw(batches(files)):
            _, rejected = merge_files(team, batch)
            assert not rejected
        assert snapshot(team.root, data_only=True) == snapshot(reference.root, data_only=True)
    finally:
        shutil.rmtree(folder, ignore_errors=True)
