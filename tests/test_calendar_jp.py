"""The Japanese calendar (#13): public holidays from the holidays library, the
company's days off and the rep's own, counted wherever working days are
(the plan, the month view, targets suggestions, pace, the weekly review, the
export to the lead), the [calendar] config's bad values, and the per-year
cache that keeps the library off the `istui status` / `istui log` path."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import date, datetime, timedelta, timezone
from pathlib import Path

import pytest
from click.testing import Result
from hypothesis import given
from hypothesis import strategies as st

from cli_helpers import files, one_error_line, run
from istui import i18n
from istui.domain.calendar import (
    COMPANY,
    OWN,
    PUBLIC,
    DaysOff,
    IsoWeek,
    PublicHolidays,
    WorkCalendar,
    date_range,
)
from istui.domain.funnel import MetricSet
from istui.domain.review import build_week_review
from istui.domain.targets import TargetVersion
from istui.domain.today import build_day_view
from istui.services import holidays as holiday_service
from istui.services.config import (
    CALENDAR_JA,
    Config,
    ConfigError,
    default_config_text,
    parse_config,
)
from istui.services.team import calendar_from
from istui.store import holiday_cache
from probes import CLICK_MODULES as PROBE

JST = timezone(timedelta(hours=9))


def japanese_default() -> str:
    """The default config file a Japanese first run writes."""
    i18n.set_language("ja")
    try:
        return default_config_text("rep-01", "山田 太郎")
    finally:
        i18n.set_language("en")


def with_calendar(lines: str, base: str | None = None) -> str:
    """The English default config with its [calendar] table's body replaced."""
    text = base if base is not None else default_config_text("rep-01", "山田 太郎")
    head, rest = text.split("[calendar]\n", 1)
    tail = rest[rest.index("\n[midchecks]") :]
    return f"{head}[calendar]\n{lines}\n{tail}"


def config_of(text: str) -> Config:
    return parse_config(text, Path("config.toml"))


def jp() -> WorkCalendar:
    return config_of(japanese_default()).calendar


def count(calendar: WorkCalendar, year: int, month: int) -> int:
    return len(calendar.month_working_days(year, month))


# -- the defaults -------------------------------------------------------------


def test_a_japanese_default_config_has_japans_holidays_and_the_year_end_break() -> None:
    text = japanese_default()
    assert 'country = "JP"' in text
    assert 'company_days_off = ["12-29..01-03"]' in text
    calendar = config_of(text).calendar
    assert calendar.public == PublicHolidays("JP")
    assert calendar.company == (DaysOff((12, 29), (1, 3)),)


def test_an_english_default_config_counts_no_public_holiday() -> None:
    text = default_config_text("rep-01", "x")
    assert 'country = ""' in text and "company_days_off = []" in text
    assert 'country = "JP" and company_days_off = ["12-29..01-03"]' in text  # documented
    calendar = config_of(text).calendar
    assert count(calendar, 2026, 11) == 21  # as before: weekdays only
    assert CALENDAR_JA["country"] == "JP"


def test_a_config_without_a_calendar_table_is_as_before() -> None:
    text = default_config_text("rep-01", "x")
    head, rest = text.split("[calendar]\n", 1)
    older = head + rest[rest.index("[midchecks]") :]
    assert "[calendar]" not in older
    calendar = config_of(older).calendar
    assert calendar.public.country == "" and calendar.company == ()
    assert count(calendar, 2026, 11) == 21


# -- real months --------------------------------------------------------------


def test_november_2026_has_19_working_days_in_japan() -> None:
    calendar = jp()
    assert count(calendar, 2026, 11) == 19
    off = calendar.days_off(date(2026, 11, 1), date(2026, 11, 30))
    assert [(o.day, o.kind) for o in off] == [
        (date(2026, 11, 3), PUBLIC),
        (date(2026, 11, 23), PUBLIC),
    ]
    assert off[0].names["ja"] == "文化の日"
    assert off[1].names["ja"] == "勤労感謝の日"
    assert off[1].names["en"] == "Labor Thanksgiving Day"


def test_january_2027_with_the_year_end_break() -> None:
    calendar = jp()
    assert count(calendar, 2027, 1) == 19
    assert not any(calendar.is_working_day(date(2027, 1, d)) for d in (1, 2, 3, 11))
    assert calendar.is_working_day(date(2027, 1, 4))  # 仕事始め
    # where the break falls on weekdays it takes working days away
    assert count(calendar, 2026, 12) == 20  # 12/29, 12/30, 12/31 off
    assert [o.kind for o in calendar.days_off(date(2026, 12, 28), date(2026, 12, 31))] == [
        COMPANY,
        COMPANY,
        COMPANY,
    ]
    assert count(calendar, 2026, 1) == 19  # 1/1 元日, 1/2 (a Friday) the break, 1/12 成人の日
    no_break = config_of(with_calendar('country = "JP"\ncompany_days_off = []')).calendar
    assert count(no_break, 2026, 1) == 20
    assert count(no_break, 2026, 12) == 23


def test_a_substitute_holiday_is_off() -> None:
    calendar = jp()
    # 2026-05-03 (Sun) 憲法記念日 -> 5/6 (Wed) 振替休日
    assert not calendar.is_working_day(date(2026, 5, 6))
    assert calendar.day_off(date(2026, 5, 6)).names["ja"] == "振替休日"  # type: ignore[union-attr]
    assert count(calendar, 2026, 5) == 18  # 21 weekdays less 5/4, 5/5, 5/6
    # 2026-09-22 is a 国民の休日 between 敬老の日 and 秋分の日
    assert not calendar.is_working_day(date(2026, 9, 22))


def test_the_reps_own_days_off_count_too() -> None:
    text = japanese_default().replace("holidays = []", 'holidays = ["2026-11-20", "2026-11-23"]')
    calendar = config_of(text).calendar
    assert count(calendar, 2026, 11) == 18  # 11/20 the rep's own; 11/23 a holiday anyway
    assert calendar.day_off(date(2026, 11, 20)).kind == OWN  # type: ignore[union-attr]
    assert calendar.day_off(date(2026, 11, 23)).kind == PUBLIC  # type: ignore[union-attr]


def test_company_days_off_are_editable() -> None:
    text = with_calendar(
        'country = "JP"\n'
        'company_days_off = ["08-13..08-14", "2026-10-01", "2026-11-24..2026-11-25", "02-29"]'
    )
    calendar = config_of(text).calendar
    assert not calendar.is_working_day(date(2026, 8, 13))
    assert not calendar.is_working_day(date(2027, 8, 13))  # every year
    assert not calendar.is_working_day(date(2026, 10, 1))
    assert calendar.is_working_day(date(2027, 10, 1))  # once
    assert count(calendar, 2026, 11) == 17
    assert not calendar.is_working_day(date(2028, 2, 29))
    assert calendar.is_working_day(date(2027, 12, 29))  # no year-end break in this config


# -- bad values ---------------------------------------------------------------


@pytest.mark.parametrize(
    ("lines", "expected"),
    [
        ('country = "XX"', "[calendar].country: 'XX' is not a country the holidays library"),
        ('country = "Japan"', "[calendar].country: 'Japan' is not a country code"),
        ("country = 81", "[calendar].country: must be a string"),
        ('company_days_off = ["13-01"]', "'13-01' is not a real month-day (MM-DD)"),
        ('company_days_off = ["02-30"]', "'02-30' is not a real month-day"),
        ('company_days_off = ["12/29-1/3"]', "'12/29-1/3' is not a real month-day"),
        ('company_days_off = ["12-29.."]', "'12-29..' is not a day or a span"),
        ('company_days_off = ["1-2..3-4..5-6"]', "is not a day or a span"),
        ('company_days_off = ["2026-02-30"]', "'2026-02-30' is not a real date (YYYY-MM-DD)"),
        ('company_days_off = ["2026-12-31..2026-12-01"]', "ends before it starts"),
        ('company_days_off = ["2026-01-01..2028-01-01"]', "is longer than 366 days"),
        ('company_days_off = ["2026-12-29..01-03"]', "'01-03' is not a real date"),
        ('company_days_off = ["1066-10-14"]', "year 1066 is outside 1970-2999"),
        ('company_days_off = "12-29..01-03"', "[calendar].company_days_off: must be a list"),
        ('company_days_off = ["01-01"]\ncountries = "JP"', "[calendar].countries: unknown key"),
    ],
)
def test_bad_calendar_values_are_one_line_naming_the_key(lines: str, expected: str) -> None:
    with pytest.raises(ConfigError) as caught:
        config_of(with_calendar(lines))
    message = str(caught.value)
    assert expected in message, message
    assert "\n" not in message and message.startswith("config.toml: [calendar]")


def test_too_many_company_days_off() -> None:
    entries = ", ".join(f'"2026-{1 + i // 28:02d}-{1 + i % 28:02d}"' for i in range(367))
    with pytest.raises(ConfigError, match="at most 366 entries, got 367"):
        config_of(with_calendar(f"company_days_off = [{entries}]"))


def test_a_lowercase_country_is_read_as_the_code() -> None:
    assert config_of(with_calendar('country = "jp"')).calendar.public.country == "JP"


def test_a_bad_country_stops_the_cli_with_one_line_and_writes_nothing(tmp_path: Path) -> None:
    config = tmp_path / "config.toml"
    config.write_text(with_calendar('country = "ZZ"'), encoding="utf-8")
    before = config.read_bytes()
    result = run(config, tmp_path / "db", "targets", "month", "--month", "2026-11")
    line = one_error_line(result, 1)
    assert "[calendar].country" in line and "'ZZ'" in line
    assert config.read_bytes() == before
    assert files(tmp_path / "db") == {}


# -- where working days are counted -------------------------------------------


@pytest.fixture
def jp_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    path.write_text(japanese_default(), encoding="utf-8")
    return path


def test_targets_month_counts_19_working_days_in_a_japanese_default(
    jp_config: Path, tmp_path: Path
) -> None:
    before = datetime(2026, 10, 30, 10, 0, tzinfo=JST)
    result = run(jp_config, tmp_path / "db", "targets", "month", "--month", "2026-11", now=before)
    assert result.exit_code == 0, result.output
    assert "(19 working days)" in result.stdout
    assert "11/3 Culture Day" in result.stdout and "11/23 Labor Thanksgiving Day" in result.stdout
    # the month's targets: 19 working days of the daily 100 calls
    assert "1,900" in result.stdout
    during = run(jp_config, tmp_path / "db", "targets", "month", "--month", "2026-11")
    assert "14 of 19 working days done, 5 left" in during.stdout  # 11/23 is a holiday


def test_the_days_off_line_in_japanese(jp_config: Path, tmp_path: Path) -> None:
    before = datetime(2026, 11, 30, 10, 0, tzinfo=JST)
    db = tmp_path / "db"
    result = run(
        jp_config, db, "--lang", "ja", "targets", "month", "--month", "2027-01", now=before
    )
    assert result.exit_code == 0, result.output
    assert "1/1 元日" in result.stdout and "1/11 成人の日" in result.stdout


def test_the_plans_daily_figure_uses_the_count(jp_config: Path, tmp_path: Path) -> None:
    result: Result = run(
        jp_config,
        tmp_path / "db",
        "targets", "plan", "--deals", "10", "--win-rate", "25%", "--meeting-rate", "10%",
        "--connect-rate", "30%", "--month", "2026-11",
    )  # fmt: skip
    assert result.exit_code == 0, result.output
    assert "Plan for November 2026: 10 deals, 19 working days" in result.stdout
    # 1,334 dials (400 ÷ 30 % rounded up) ÷ 19 working days = 70.2 → 71 a day
    assert "dials ÷ 19 working days of November 2026 = 70.2 → 71 a day" in result.stdout


def test_suggestions_leave_holidays_out(jp_config: Path, tmp_path: Path) -> None:
    from istui.services.clock import FixedClock
    from istui.services.config import load_config
    from istui.services.context import Context
    from istui.services.demo import fill_history
    from istui.services.targets import suggestions
    from istui.store import Store

    config = load_config(jp_config)
    clock = FixedClock(datetime(2026, 11, 25, 10, 0, tzinfo=JST))
    store = Store(tmp_path / "db", today=lambda: clock.now().date())
    store.sync_config_targets(config.targets, clock.now().date())
    # a day of calls on every day, holidays too (fill_history skips none here)
    fill_history(store, clock.now(), 10, hours=config.hours, calendar=WorkCalendar(), seed=1)
    result = suggestions(Context(config, store, clock), 5)
    assert date(2026, 11, 23) not in result.days
    assert result.days == (
        date(2026, 11, 17), date(2026, 11, 18), date(2026, 11, 19), date(2026, 11, 20),
        date(2026, 11, 24),
    )  # fmt: skip


def test_pace_on_a_holiday_is_a_day_off() -> None:
    calendar = jp()
    config = config_of(japanese_default())
    now = datetime(2026, 11, 23, 10, 30, tzinfo=JST)
    view = build_day_view(
        [], config.metrics, {"call": 100}, config.hours, calendar, now.date(), now
    )
    working = build_day_view(
        [], config.metrics, {"call": 100}, config.hours, WorkCalendar(), now.date(), now
    )
    assert view.phase != working.phase
    assert view.phase.name.lower() == "off"


def test_the_weekly_review_judges_the_weeks_working_days() -> None:
    metrics: MetricSet = config_of(japanese_default()).metrics
    versions = [TargetVersion(date(2026, 1, 1), {"call": 100, "connect": 25, "meeting": 4})]
    week = IsoWeek(2026, 48)  # 11/23 (Mon) 勤労感謝の日
    today = date(2026, 12, 1)
    review = build_week_review([], metrics, versions, jp(), week, today)
    plain = build_week_review([], metrics, versions, WorkCalendar(), week, today)
    assert review.lines[0].target == 400
    assert plain.lines[0].target == 500


def test_the_export_tells_the_lead_every_day_off(jp_config: Path, tmp_path: Path) -> None:
    out = tmp_path / "week.json"
    db = tmp_path / "db"
    result = run(jp_config, db, "export", "--week", "2026-W48", "-o", str(out))
    assert result.exit_code == 0, result.output
    record = json.loads(out.read_text(encoding="utf-8"))
    holidays = record["calendar"]["holidays"]
    assert "2026-11-23" in holidays and "2026-11-03" in holidays
    assert "2025-12-29" in holidays  # the year before: a lead's older weeks stay right
    assert "2026-11-22" not in holidays  # a Sunday: off anyway
    assert len(holidays) < 80
    assert record["targets"]["by_day"]["2026-11-23"]["call"] == 0
    lead_sees = calendar_from(record)
    assert not lead_sees.is_working_day(date(2026, 11, 23))
    assert len(lead_sees.month_working_days(2026, 11)) == 19


# -- the cache and the import path --------------------------------------------


def test_a_year_is_cached_and_a_bad_cache_file_is_ignored(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path / "cache"))
    holiday_service.forget_memo()
    days = holiday_service.load_year("JP", 2031)
    assert len(days) >= 16
    path = tmp_path / "cache" / "istui" / "holidays" / "JP-2031.json"
    saved = json.loads(path.read_text(encoding="utf-8"))
    assert saved["days"]["2031-01-01"] == {"en": "New Year's Day", "ja": "元日"}
    signature = holiday_cache.library_signature()
    assert signature is not None
    assert holiday_cache.read_year("JP", 2031, signature) == days
    # another library (an upgrade): asked again
    assert holiday_cache.read_year("JP", 2031, [*signature[:2], 0]) is None
    for bad in ('{"v": 1', '"x"', json.dumps({**saved, "days": {"2030-01-01": {"en": "x"}}})):
        path.write_text(bad, encoding="utf-8")
        assert holiday_cache.read_year("JP", 2031, signature) is None
        holiday_service.forget_memo()
        assert holiday_service.load_year("JP", 2031) == days  # recomputed and rewritten
        assert holiday_cache.read_year("JP", 2031, signature) == days


def test_an_unwritable_cache_is_no_error(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    blocked = tmp_path / "file"
    blocked.write_text("not a folder", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    holiday_service.forget_memo()
    assert date(2032, 1, 1) in holiday_service.load_year("JP", 2032)


def test_years_outside_the_bounds_are_never_loaded() -> None:
    asked: list[int] = []

    def loader(year: int) -> dict[date, dict[str, str]]:
        asked.append(year)
        return {}

    public = PublicHolidays("JP", loader)
    assert public.get(date(1969, 1, 1)) is None
    assert public.get(date(2026, 1, 1)) is None
    assert public.get(date(2026, 5, 1)) is None
    assert asked == [2026]  # a year once, only the years asked about


def imported_by(args: list[str], env: dict[str, str]) -> set[str]:
    done = subprocess.run(
        [sys.executable, "-c", PROBE, *args], env=env, capture_output=True, text=True, check=True
    )
    modules: list[str] = json.loads(done.stderr.strip().splitlines()[-1])
    return set(modules)


def test_status_and_log_do_not_import_the_holiday_library_once_cached(
    jp_config: Path, tmp_path: Path
) -> None:
    env = dict(os.environ)
    env.update(
        ISTUI_NOW="2026-11-24T10:30:00+09:00",
        ISTUI_DB=str(tmp_path / "store"),
        ISTUI_CONFIG=str(jp_config),
        XDG_CACHE_HOME=str(tmp_path / "cache"),
    )
    first = imported_by(["log", "call"], env)  # a cold cache: the library computes the years
    assert "holidays" in first
    for args in (["log", "call"], ["status"], ["status", "--json"], ["targets", "month"]):
        modules = imported_by(args, env)
        assert "istui.services.holidays" in modules  # the JP calendar really was read
        assert "holidays" not in modules, args


def test_the_reflection_plans_the_next_working_day() -> None:
    from istui.domain.reflection import next_working_day

    calendar = jp()
    assert next_working_day(date(2026, 11, 20), calendar) == date(2026, 11, 24)  # past 11/23
    assert next_working_day(date(2026, 12, 28), calendar) == date(2027, 1, 4)  # the break
    assert next_working_day(date(2026, 11, 20), WorkCalendar()) == date(2026, 11, 23)


month_days = st.tuples(st.integers(1, 12), st.integers(1, 31)).filter(
    lambda md: md[1] <= (29 if md[0] == 2 else 30 if md[0] in (4, 6, 9, 11) else 31)
)


@given(start=month_days, end=month_days, day=st.dates(date(2020, 1, 1), date(2030, 12, 31)))
def test_a_yearly_span_covers_its_days_and_only_those(
    start: tuple[int, int], end: tuple[int, int], day: date
) -> None:
    span = DaysOff(start, end)
    # walk the year's month-days (a leap year's: every one exists) round from the
    # span's start to its end, wrapping at the year end; a walk through real
    # dates would skip 02-29 in the year after and run on for years
    year = [date(2000, 1, 1) + timedelta(days=i) for i in range(366)]
    days = [(d.month, d.day) for d in year]
    at = days.index(start)
    covered: set[tuple[int, int]] = set()
    while True:
        covered.add(days[at])
        if days[at] == end:
            break
        at = (at + 1) % len(days)
    assert span.covers(day) == ((day.month, day.day) in covered)


@given(
    extra=st.sets(st.dates(date(2026, 1, 1), date(2026, 12, 31)), max_size=20),
    month=st.integers(1, 12),
)
def test_working_days_are_the_weekdays_less_the_days_off(extra: set[date], month: int) -> None:
    year = 2026
    calendar = WorkCalendar(holidays=frozenset(extra), company=jp().company, public=jp().public)
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    weekdays = [d for d in date_range(first, last) if d.weekday() < 5]
    off = calendar.days_off(first, last)
    assert len(calendar.month_working_days(year, month)) == len(weekdays) - len(off)
    assert {o.day for o in off} >= {d for d in extra if first <= d <= last and d.weekday() < 5}


def test_a_country_without_the_library_installed_is_one_line(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    holiday_service.forget_memo()
    monkeypatch.setattr(holiday_cache, "library_signature", lambda: None)
    try:
        with pytest.raises(ConfigError) as caught:
            config_of(japanese_default())
        assert str(caught.value) == (
            "config.toml: [calendar].country: 'JP': the holidays package is not installed"
        )
        # with no country the library is never asked for
        assert config_of(default_config_text("rep-01", "x")).calendar.public.country == ""
    finally:
        holiday_service.forget_memo()


def test_a_japanese_demo_never_stands_on_a_holiday() -> None:
    from istui.domain.calendar import WorkHours
    from istui.services.demo import demo_calendar, demo_moment

    holiday = datetime(2026, 11, 23, 10, 30, tzinfo=JST)  # 勤労感謝の日, a Monday
    assert demo_moment(holiday, WorkHours(), demo_calendar()) == holiday  # English: no holidays
    i18n.set_language("ja")
    moment = demo_moment(holiday, WorkHours(), demo_calendar())
    assert moment == datetime(2026, 11, 20, 14, 30, tzinfo=JST)  # the Friday before


def test_the_cache_folder_is_platformdirs_own(tmp_path: Path) -> None:
    import platformdirs

    from istui.store import paths

    assert paths.user_cache_dir() == platformdirs.user_cache_dir("istui", appauthor=False)
    assert holiday_cache.folder() == str(tmp_path / "xdg-cache" / "istui" / "holidays")
