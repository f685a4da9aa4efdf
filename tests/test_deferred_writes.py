"""The merge's batched commit: reads see pending writes; an error writes nothing."""

from __future__ import annotations

from pathlib import Path

import pytest

from istui.store.files import atomic_write_json, deferred_writes, read_json


def test_pending_writes_are_read_back_and_committed(tmp_path: Path) -> None:
    target = tmp_path / "deep" / "a.json"
    with deferred_writes():
        atomic_write_json(target, {"n": "一"})
        assert not target.exists()
        assert read_json(target) == {"n": "一"}
        atomic_write_json(target, {"n": "二"})
    assert read_json(target) == {"n": "二"}
    assert [p.name for p in target.parent.iterdir()] == ["a.json"]  # no temp files left


def test_an_error_in_the_block_writes_nothing(tmp_path: Path) -> None:
    target = tmp_path / "a.json"
    atomic_write_json(target, {"old": True})
    before = target.read_bytes()
    with pytest.raises(RuntimeError), deferred_writes():
        atomic_write_json(target, {"old": False})
        atomic_write_json(tmp_path / "b.json", {})
        raise RuntimeError("boom")
    assert target.read_bytes() == before
    assert not (tmp_path / "b.json").exists()
