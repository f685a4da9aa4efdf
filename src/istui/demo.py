"""Generated, realistic history: for `istui demo`, the benchmarks and tests.

Dials spread over the working hours with a realistic funnel (about 28 %
connect, 12 % of connects booking), better connect rates late morning and late
afternoon so the hour-of-day views have something to show.
"""

from __future__ import annotations

import random
import uuid
from datetime import date, datetime, time, timedelta
from pathlib import Path

from istui.config import default_config_text, load_config
from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.model import Event
from istui.store import Store
from istui.store.store import day_relpath

_GOOD_HOURS = {10: 1.25, 11: 1.2, 16: 1.3, 17: 1.15, 13: 0.8, 9: 0.85}


def _outcome(rng: random.Random, hour: int, skill: float) -> str:
    connect_p = 0.27 * _GOOD_HOURS.get(hour, 1.0)
    if rng.random() >= connect_p:
        return "call"
    return "meeting" if rng.random() < 0.12 * skill else "connect"


def day_events(
    day: date,
    hours: WorkHours,
    rng: random.Random,
    *,
    until: time | None = None,
    zone_of: datetime,
    dials: int | None = None,
) -> list[Event]:
    """One working day's events (up to ``until`` when the day is in progress)."""
    dials = dials if dials is not None else rng.randint(78, 118)
    skill = rng.uniform(0.7, 1.3)
    start = datetime.combine(day, hours.start)
    span = hours.total_minutes
    events = []
    offsets = sorted(rng.uniform(0, span) for _ in range(dials))
    for worked in offsets:
        moment = _worked_to_clock(start, hours, worked)
        if until is not None and moment.time() > until:
            break
        aware = moment.replace(tzinfo=zone_of.tzinfo)
        events.append(Event(uuid.uuid4().hex, aware, _outcome(rng, moment.hour, skill)))
    for _ in range(rng.randint(25, 45)):
        moment = _worked_to_clock(start, hours, rng.uniform(0, span))
        if until is not None and moment.time() > until:
            continue
        events.append(Event(uuid.uuid4().hex, moment.replace(tzinfo=zone_of.tzinfo), "email"))
    events.sort(key=lambda e: e.at)
    return events


def _worked_to_clock(start: datetime, hours: WorkHours, worked_minutes: float) -> datetime:
    """The clock time at which ``worked_minutes`` of working time have passed."""
    moment = start
    remaining = worked_minutes
    for b_start, b_end in sorted(hours.breaks):
        before_break = (datetime.combine(start.date(), b_start) - moment).total_seconds() / 60
        if before_break > 0 and remaining > before_break:
            remaining -= before_break
            moment = datetime.combine(start.date(), b_end)
    return moment + timedelta(minutes=remaining)


def fill_history(
    store: Store,
    now: datetime,
    days: int,
    *,
    hours: WorkHours | None = None,
    calendar: WorkCalendar | None = None,
    seed: int = 7,
    today_in_progress: bool = True,
) -> int:
    """Write ``days`` calendar days of history ending today; returns events written."""
    hours = hours or WorkHours()
    calendar = calendar or WorkCalendar()
    rng = random.Random(seed)
    written = 0
    for back in range(days, -1, -1):
        day = now.date() - timedelta(days=back)
        if not calendar.is_working_day(day):
            continue
        if back == 0 and not today_in_progress:
            continue
        until = now.time() if back == 0 else None
        events = day_events(day, hours, rng, until=until, zone_of=now)
        if not events:
            continue
        with store.transaction(day_relpath(day)) as db:
            db.table("events", cache_size=0).insert_multiple([e.to_record() for e in events])
        written += len(events)
    return written


def build_demo(folder: Path, now: datetime, *, seed: int = 7) -> tuple[Path, Path]:
    """A config and a store with four weeks of history and a day in progress."""
    config_path = folder / "config.toml"
    db_path = folder / "store"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(default_config_text("demo", "デモ 花子 (demo)"), encoding="utf-8")
    config = load_config(config_path)
    store = Store(db_path, today=lambda: now.date())
    store.sync_config_targets(config.targets, now.date())
    fill_history(store, now, 28, hours=config.hours, calendar=config.calendar, seed=seed)
    return config_path, db_path
