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

from istui.domain.calendar import WorkCalendar, WorkHours
from istui.domain.funnel import Event
from istui.domain.today import DayView
from istui.services.config import Config, default_config_text, load_config, parse_config
from istui.store import Store

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
        store.add_day_events(day, events)
        written += len(events)
    return written


def build_demo(folder: Path, now: datetime, *, seed: int = 7) -> tuple[Path, Path]:
    """A config and a store with four weeks of history and a day in progress."""
    config_path = folder / "config.toml"
    db_path = folder / "store"
    config_path.parent.mkdir(parents=True, exist_ok=True)
    config_path.write_text(default_config_text(*DEMO_REP), encoding="utf-8")
    config = load_config(config_path)
    store = Store(db_path, today=lambda: now.date())
    store.sync_config_targets(config.targets, now.date())
    fill_history(store, now, 28, hours=config.hours, calendar=config.calendar, seed=seed)
    fill_forms(store, config, now, 28, seed=seed)
    fill_reviews(store, config, now, 28, seed=seed)
    return config_path, db_path


# ------------------------------------------------------- mid-checks, reflections
_WORKING = [
    "午前中は決裁者に直接つながる率が高い",
    "冒頭15秒のトークを短くしたら反応が良い",
    "リストを業種別に並べ替えてから架電が速くなった",
    "折り返し予定の管理がうまく回っている",
]
_BLOCKING = [
    "受付突破ができない",
    "不在が続いて接続率が低い",
    "リストの電話番号が古い",
    "ヒアリングが浅く次につながらない",
]
_ADJUST = [
    "16時台に決裁者リストを集中して架電する",
    "受付には担当部署名を先に伝える",
    "メール送付の約束を必ず日時付きで取る",
]
_WENT_WELL = [
    "午前中に商談を2件設定できた。導入事例を先に話す流れが効いた",
    "架電数は目標を超えた。休憩前の集中タイムが良かった",
    "決裁者への接続が増えた。役職名で呼び出すのが効果的",
]
_HARD = [
    "午後の接続率が下がった。不在が多い時間帯を避けたい",
    "予算の話で切り返せず、商談化につながらなかった",
    "競合利用中の企業への提案の切り口が弱い",
]
_LEARNING = [
    "「今の運用で困っていること」から聞くと会話が続く",
    "金曜の夕方は決裁者がつかまりやすい",
    "資料送付で終わらせず、次回の日程を先に押さえるべき",
]
_ACTIONS = [
    "9時台は既存顧客の紹介先リストから架電する",
    "予算の反論への切り返しトークを3パターン用意する",
    "午後イチにメール送付済みの見込み客へフォロー架電",
    "競合比較の一枚資料をマネージャーに確認してもらう",
]
_HELP = ["競合乗り換え事例の共有をお願いしたい", "ロープレの時間を15分ほしい"]


def fill_forms(store: Store, config: Config, now: datetime, days: int, *, seed: int = 7) -> int:
    """Mid-checks and submitted reflections (in Japanese) for the past working
    days with data, each with the snapshot of its moment; returns forms written."""
    from istui.domain.reflection import (
        MidCheck,
        MidStatus,
        Reflection,
        slot_name,
    )
    from istui.domain.snapshot import snapshot_of
    from istui.domain.targets import targets_in_force
    from istui.domain.today import build_day_view
    from istui.services.forms import save_midcheck, save_reflection

    rng = random.Random(seed * 31 + 1)
    versions = store.target_versions()
    written = 0
    for back in range(days, 0, -1):
        day = now.date() - timedelta(days=back)
        if not config.calendar.is_working_day(day):
            continue
        events = store.day_events(day)
        if not events:
            continue
        targets = targets_in_force(versions, day, config.calendar)

        def view_at(
            moment: datetime,
            events: list[Event] = events,
            targets: dict[str, int] = targets,
            day: date = day,
        ) -> DayView:
            return build_day_view(
                [e for e in events if e.at <= moment],
                config.metrics,
                targets,
                config.hours,
                config.calendar,
                day,
                moment,
            )

        for at in config.midchecks:
            moment = datetime.combine(day, at, tzinfo=now.tzinfo) + timedelta(
                minutes=rng.randint(0, 25)
            )
            if rng.random() < 0.12:
                check = MidCheck(slot=slot_name(at), status=MidStatus.SKIPPED, changed_at=moment)
            else:
                need_help = rng.random() < 0.2
                check = MidCheck(
                    slot=slot_name(at),
                    status=MidStatus.DONE,
                    rating=rng.randint(2, 5),
                    working=rng.choice(_WORKING),
                    blocking=rng.choice(_BLOCKING),
                    adjustment=rng.choice(_ADJUST),
                    need_help=need_help,
                    help_text=rng.choice(_HELP) if need_help else "",
                    snapshot=snapshot_of(view_at(moment)),
                    changed_at=moment,
                    submitted_at=moment,
                )
            save_midcheck(store, day, check)
            written += 1
        end = datetime.combine(day, config.hours.end, tzinfo=now.tzinfo)
        moment = end + timedelta(minutes=rng.randint(5, 40))
        picks = rng.sample(list(config.objections), k=min(2, len(config.objections)))
        reflection = Reflection(
            day=day,
            went_well=rng.choice(_WENT_WELL),
            hard=rng.choice(_HARD),
            learning=rng.choice(_LEARNING),
            objections=tuple(picks),
            objections_other="「今は忙しい」と切られることが多い" if rng.random() < 0.4 else "",
            actions=tuple(rng.sample(_ACTIONS, k=2)),
            focus=rng.randint(2, 5),
            energy=rng.randint(2, 5),
            help_request=rng.choice(_HELP) if rng.random() < 0.3 else "",
            snapshot=snapshot_of(view_at(moment)),
        ).submit(moment)
        save_reflection(store, reflection)
        written += 1
    return written


DEMO_REP = ("demo", "デモ 花子")


def demo_calendar() -> WorkCalendar:
    """The working days of the config ``build_demo`` writes, in the language in
    force (a Japanese demo counts Japan's holidays and the year-end break)."""
    return parse_config(default_config_text(*DEMO_REP), Path("demo.toml")).calendar


def demo_moment(now: datetime, hours: WorkHours, calendar: WorkCalendar) -> datetime:
    """When the demo's day stands: now, if that is inside working hours on a
    working day; otherwise 14:30 of today (a working day) or of the last
    working day before it, so the demo always shows a day in progress."""
    if calendar.is_working_day(now.date()) and hours.start <= now.time() < hours.end:
        return now
    day = now.date()
    while not calendar.is_working_day(day):
        day -= timedelta(days=1)
    return now.replace(year=day.year, month=day.month, day=day.day, hour=14, minute=30)


# ------------------------------------------------------------ weekly reviews
_FOCUS_LISTS = [
    "製造業・従業員100名以上",
    "展示会で名刺交換した見込み客",
    "過去に失注した企業の再アプローチ",
]
_FOCUS_APPROACH = ["課題ヒアリングから入る", "導入事例を冒頭で伝える", "決裁者を最初に確認する"]


def fill_reviews(store: Store, config: Config, now: datetime, days: int, *, seed: int = 7) -> int:
    """The actions and focus decided at each past week's review (the current
    week's are left to decide), last week's partly done, so the review screen
    closes the loop on the first run; returns actions written."""
    from istui.domain.calendar import IsoWeek
    from istui.domain.weekplan import ReviewAction

    rng = random.Random(seed * 53 + 5)
    this_week = IsoWeek.of(now.date())
    week = IsoWeek.of(now.date() - timedelta(days=days))
    written = 0
    while week < this_week:
        # decided at the week's Friday review, late afternoon
        at = datetime.combine(week.monday + timedelta(days=4), time(17, 30), now.tzinfo)
        for index, action in enumerate(rng.sample(_ACTIONS, k=rng.randint(2, 3))):
            deadline = week.shift(1).monday + timedelta(days=rng.randint(1, 4))
            done = deadline < now.date() and index % 2 == 0  # some done, one at least not
            store.add_action(
                week.year,
                week.week,
                ReviewAction(0, action, config.rep_name, deadline, done),
                at=at,
            )
            written += 1
        lists, approach = rng.choice(_FOCUS_LISTS), rng.choice(_FOCUS_APPROACH)
        store.set_focus(week.year, week.week, lists, approach, at=at)
        week = week.shift(1)
    return written
