"""The demo rep's name does not repeat "(demo)" next to its id."""

from __future__ import annotations

from datetime import datetime
from pathlib import Path


def test_demo_name_has_no_demo_suffix(tmp_path: Path) -> None:
    from istui.config import load_config
    from istui.demo import build_demo

    config_path, _ = build_demo(tmp_path, datetime.fromisoformat("2026-11-23T10:30:00+09:00"))
    assert load_config(config_path).rep_name == "デモ 花子"
