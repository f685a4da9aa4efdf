"""Every date, weekday, week and month as istui shows it, in the language in force.

One module, so a Japanese user reads dates as they write them everywhere
(2026年12月1日(火), 12月1日(火), 月〜金, 2026年 第49週, 2026年11月) and English
keeps its forms (Tue 2026-12-01, Tue 12-01, Mon–Fri, 2026-W49, November 2026).
Machine outputs (JSON, CSV, file names) use ISO dates and never come here.

Weekday and month names are tables, not ``strftime``'s ``%a``/``%B``: those
follow the C library's locale, which is not the interface's language.

Stdlib only and cheap to import (through istui.i18n).
"""

from __future__ import annotations

from datetime import date, datetime

from istui.i18n import current_language

TYPE_CHECKING = False
if TYPE_CHECKING:
    from istui.domain.calendar import IsoWeek

WEEKDAYS_EN = ("Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun")
WEEKDAYS_LONG_EN = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
WEEKDAYS_JA = ("月", "火", "水", "木", "金", "土", "日")
MONTHS_EN = (
    "January", "February", "March", "April", "May", "June",
    "July", "August", "September", "October", "November", "December",
)  # fmt: skip

#: Between the two ends of a span: an en dash in English, a wave dash (〜) in Japanese.
SPAN_EN = "–"
SPAN_JA = "〜"


def _ja() -> bool:
    return current_language() == "ja"


def weekday(day: date) -> str:
    """The weekday's short name: "Tue", 火."""
    return (WEEKDAYS_JA if _ja() else WEEKDAYS_EN)[day.weekday()]


def weekday_long(day: date) -> str:
    """The weekday's full name: "Tuesday", 火曜日."""
    return f"{WEEKDAYS_JA[day.weekday()]}曜日" if _ja() else WEEKDAYS_LONG_EN[day.weekday()]


def weekday_name(index: int) -> str:
    """A weekday by number (0 Monday): "Mon", 月."""
    return (WEEKDAYS_JA if _ja() else WEEKDAYS_EN)[index]


def full_date(day: date) -> str:
    """A date with its year and weekday: "Tue 2026-12-01", 2026年12月1日(火)."""
    if _ja():
        return f"{day.year}年{day.month}月{day.day}日({WEEKDAYS_JA[day.weekday()]})"
    return f"{WEEKDAYS_EN[day.weekday()]} {day.isoformat()}"


def iso_or_full(day: date) -> str:
    """A date where English shows it bare ("2026-12-01"): 2026年12月1日(火) in Japanese."""
    return full_date(day) if _ja() else day.isoformat()


def day_month(day: date) -> str:
    """A date within a known year, with its weekday: "Tue 12-01", 12月1日(火)."""
    if _ja():
        return f"{day.month}月{day.day}日({WEEKDAYS_JA[day.weekday()]})"
    return f"{WEEKDAYS_EN[day.weekday()]} {day:%m-%d}"


def month_day(day: date) -> str:
    """A date within a known week, no weekday: "12-01", 12/1."""
    return f"{day.month}/{day.day}" if _ja() else f"{day:%m-%d}"


def weekday_day(day: date) -> str:
    """A day of a known month: "Tue 01", 1日(火) (chart labels, the week panel)."""
    if _ja():
        return f"{day.day}日({WEEKDAYS_JA[day.weekday()]})"
    return f"{WEEKDAYS_EN[day.weekday()]} {day:%d}"


def date_time(moment: datetime) -> str:
    """A moment to the minute: "2026-12-01 14:05", 2026年12月1日(火) 14:05."""
    if _ja():
        return f"{full_date(moment.date())} {moment:%H:%M}"
    return f"{moment:%Y-%m-%d %H:%M}"


def weekday_span(first: date, last: date) -> str:
    """The days of a week a span covers: "Mon–Wed" (月〜水), one day alone: "Mon"."""
    if last == first:
        return weekday(first)
    sep = SPAN_JA if _ja() else SPAN_EN
    return f"{weekday(first)}{sep}{weekday(last)}"


def weekday_names_span(indexes: list[int] | tuple[int, ...]) -> str:
    """Working weekdays as a person lists them: consecutive runs joined by a
    dash ("Mon–Fri", 月〜金), other days by commas ("Mon, Wed, Fri", 月・水・金)."""
    days = sorted(set(indexes))
    runs: list[list[int]] = []
    for d in days:
        if runs and runs[-1][-1] == d - 1:
            runs[-1].append(d)
        else:
            runs.append([d])
    sep = SPAN_JA if _ja() else SPAN_EN
    parts = [
        weekday_name(r[0]) if len(r) == 1 else f"{weekday_name(r[0])}{sep}{weekday_name(r[-1])}"
        for r in runs
    ]
    return ("・" if _ja() else ", ").join(parts)


def date_span(first: date, last: date) -> str:
    """Two dates: "2026-11-30 – 2026-12-06", 2026年11月30日(月)〜12月6日(日)
    (the year once when both share it)."""
    if _ja():
        end = day_month(last) if last.year == first.year else full_date(last)
        return f"{full_date(first)}{SPAN_JA}{end}"
    return f"{first.isoformat()} {SPAN_EN} {last.isoformat()}"


def week_name(week: IsoWeek) -> str:
    """An ISO week: "2026-W49", 2026年 第49週."""
    return f"{week.year}年 第{week.week}週" if _ja() else str(week)


def week_short(week: IsoWeek) -> str:
    """A week within a known year: "W49", 第49週."""
    return f"第{week.week}週" if _ja() else f"W{week.week:02d}"


def week_run(first: IsoWeek, last: IsoWeek) -> str:
    """Consecutive weeks: "W46–W47", 第46〜47週; one week: "W46", 第46週."""
    if first == last:
        return week_short(first)
    if _ja():
        return f"第{first.week}{SPAN_JA}{last.week}週"
    return f"{week_short(first)}{SPAN_EN}{week_short(last)}"


def month_title(year: int, month: int) -> str:
    """A month: "November 2026", 2026年11月."""
    return f"{year}年{month}月" if _ja() else f"{MONTHS_EN[month - 1]} {year}"
