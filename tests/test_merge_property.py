"""Any order and any repetition of the same exports gives the same team store."""

from __future__ import annotations

import itertools
import shutil
import tempfile
from datetime import timedelta
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from istui.export import Span
from istui.merge import merge_files
from team_helpers import (
    NOW,
    W46,
    W47,
    add_reflection,
    export_file,
    make_rep,
    reflection,
    snapshot,
    team_store,
)

TUE = W47.start + timedelta(days=1)


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
    files.append(export_file(a, out, W47, now=NOW + timedelta(hours=1), name="a47-edit.json"))
    reference = team_store(base / "reference")
    _, rejected = merge_files(reference, files)
    assert not rejected
    return files, snapshot(reference.root, data_only=True)


@st.composite
def batches(draw: st.DrawFn, files: list[Path]) -> list[list[Path]]:
    order = draw(st.permutations(files))
    repeats = draw(st.lists(st.sampled_from(files), max_size=4))
    sequence = list(order)
    for path in repeats:
        sequence.insert(draw(st.integers(0, len(sequence))), path)
    cuts = sorted(draw(st.sets(st.integers(1, len(sequence) - 1), max_size=3)))
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
    day = reference["reps/rep-01/days/2026/2026-11-17.json"].decode("utf-8")
    assert "直した版" in day and "最初の版" not in day
