"""Mid-checks and reflections in the day file, and tomorrow's own targets."""

from __future__ import annotations

import json
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest

from istui.domain.reflection import MidCheck, MidStatus, Reflection
from istui.domain.targets import targets_in_force
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.context import Context
from istui.services.forms import (
    apply_tomorrow_targets,
    day_record,
    load_midchecks,
    load_reflection,
    save_midcheck,
    save_reflection,
)
from istui.store import Store, StoreError
from istui.store.layout import day_relpath

JST = timezone(timedelta(hours=9))
DAY = date(2026, 11, 23)


def test_a_midcheck_is_stored_once_per_slot_in_the_day_file(store: Store) -> None:
    save_midcheck(store, DAY, MidCheck("12:00", rating=2, working="受付突破"))
    save_midcheck(store, DAY, MidCheck("12:00", rating=4, working="受付突破できた"))
    save_midcheck(store, DAY, MidCheck("15:30", MidStatus.SKIPPED))
    checks = load_midchecks(store, DAY)
    assert [(c.slot, c.rating, c.status) for c in checks] == [
        ("12:00", 4, MidStatus.DRAFT),
        ("15:30", None, MidStatus.SKIPPED),
    ]
    raw = json.loads((store.root / day_relpath(DAY)).read_text(encoding="utf-8"))
    assert len(raw["midchecks"]) == 2
    assert "受付突破できた" in (store.root / day_relpath(DAY)).read_text(encoding="utf-8")


def test_forms_leave_the_days_events_alone(store: Store, clock: FixedClock) -> None:
    store.log("call", 3, at=clock.now())
    save_reflection(store, Reflection(day=DAY, went_well="よかった"))
    save_midcheck(store, DAY, MidCheck("12:00", rating=3))
    assert len(store.day_events(DAY)) == 3


def test_reflection_round_trips(store: Store) -> None:
    assert load_reflection(store, DAY) is None
    at = datetime(2026, 11, 23, 18, 30, tzinfo=JST)
    reflection = Reflection(day=DAY, hard="課題点：接続率", focus=3).submit(at)
    save_reflection(store, reflection)
    assert load_reflection(store, DAY) == reflection
    assert store.read_table(day_relpath(DAY), "reflection")[0]["submitted"] is True


def test_a_broken_record_stops_with_the_file_named(store: Store) -> None:
    with store.transaction(day_relpath(DAY)) as db:
        db.table("midchecks").insert({"slot": "12:00", "rating": 7})
    with pytest.raises(StoreError, match=r"2026-11-23\.json.*12:00"):
        load_midchecks(store, DAY)


def test_tomorrows_targets_apply_tomorrow_only(store: Store, config: Config) -> None:
    tomorrow = DAY + timedelta(days=1)
    reflection = Reflection(day=DAY, tomorrow_targets={"call": 130})
    assert apply_tomorrow_targets(store, reflection, tomorrow)
    versions = store.target_versions()
    assert versions[-1].single_day and versions[-1].source == "reflection"
    assert targets_in_force(versions, tomorrow, config.calendar)["call"] == 130
    assert targets_in_force(versions, tomorrow, config.calendar)["connect"] == 25
    assert targets_in_force(versions, DAY + timedelta(days=2), config.calendar)["call"] == 100
    assert not apply_tomorrow_targets(store, reflection, tomorrow)  # same again: no new version
    assert not apply_tomorrow_targets(store, Reflection(day=DAY), tomorrow)
    assert len(store.target_versions()) == len(versions)


def test_day_record_gathers_figures_checks_and_reflection(
    store: Store, config: Config, clock: FixedClock
) -> None:
    store.log("meeting", 1, at=clock.now())
    save_midcheck(store, DAY, MidCheck("12:00", MidStatus.SKIPPED))
    record = day_record(Context(config, store, clock), DAY)
    assert record.view.line("call").count == 1  # type: ignore[union-attr]
    assert record.midchecks[0].status is MidStatus.SKIPPED
    assert record.reflection is None


def test_the_demo_store_has_checks_and_reflections_in_japanese(
    tmp_path: Path, clock: FixedClock
) -> None:
    from istui.services.demo import build_demo

    _, db = build_demo(tmp_path / "demo", clock.now())
    demo = Store(db, today=lambda: clock.now().date())
    friday = date(2026, 11, 20)
    reflection = load_reflection(demo, friday)
    assert reflection is not None and reflection.submitted
    assert any("\u3040" <= ch <= "\u30ff" for ch in reflection.went_well)  # kana
    assert reflection.snapshot is not None and reflection.snapshot.line("call").count > 0  # type: ignore[union-attr]
    checks = load_midchecks(demo, friday)
    assert [c.slot for c in checks] == ["12:00", "15:30"]
    for check in checks:
        if check.status is MidStatus.DONE:
            assert check.snapshot is not None and check.snapshot.at.date() == friday
    assert load_reflection(demo, DAY) is None  # today is the rep's to write
    assert load_midchecks(demo, DAY) == []
    days = [d for d in demo.days_with_data() if d < DAY]
    assert sum(load_reflection(demo, d) is not None for d in days) == len(days)


def test_load_day_forms_reads_both_forms_at_once(store: Store) -> None:
    from istui.services.forms import load_day_forms

    assert load_day_forms(store, DAY) == ([], None)
    save_midcheck(store, DAY, MidCheck("15:30", rating=1))
    save_midcheck(store, DAY, MidCheck("12:00", MidStatus.SKIPPED))
    save_reflection(store, Reflection(day=DAY, learning="気づき"))
    checks, reflection = load_day_forms(store, DAY)
    assert checks == load_midchecks(store, DAY) and [c.slot for c in checks] == ["12:00", "15:30"]
    assert reflection == load_reflection(store, DAY) and reflection is not None
