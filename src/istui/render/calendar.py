"""A month's days off as one line: which weekdays the calendar takes away, so
a rep sees why November 2026 has 19 working days (``istui targets month`` and
``istui targets plan``)."""

from __future__ import annotations

from datetime import date, timedelta

from istui.domain.calendar import COMPANY, OWN, DayOff, WorkCalendar
from istui.i18n import current_language, tr, trp
from istui.render.safe import one_line

#: The longest line of days off: a month with more (a long company break) is cut.
MAX_SHOWN = 12


def _day(day: date) -> str:
    return f"{day.month}/{day.day}"


def _runs(off: list[DayOff]) -> list[tuple[DayOff, DayOff]]:
    """Consecutive worked weekdays off for the same reason, as (first, last);
    public holidays one by one (each has its name)."""
    runs: list[tuple[DayOff, DayOff]] = []
    for item in off:
        if runs:
            first, last = runs[-1]
            close = (item.day - last.day) <= timedelta(days=3)  # across a weekend
            if item.kind == last.kind and item.kind in (COMPANY, OWN) and close:
                runs[-1] = (first, item)
                continue
        runs.append((item, item))
    return runs


def holiday_name(off: DayOff) -> str:
    """A public holiday's name in the current language (else English, else any)."""
    names = off.names
    name = names.get(current_language()) or names.get("en") or next(iter(names.values()), "")
    return one_line(name) or tr("public holiday")


def _item(first: DayOff, last: DayOff) -> str:
    if first.kind == COMPANY:
        if first.day == last.day:
            return tr("{day} company day off", day=_day(first.day))
        return tr("{first}–{last} company days off", first=_day(first.day), last=_day(last.day))
    if first.kind == OWN:
        if first.day == last.day:
            return tr("{day} your day off", day=_day(first.day))
        return tr("{first}–{last} your days off", first=_day(first.day), last=_day(last.day))
    return f"{_day(first.day)} {holiday_name(first)}"  # the holiday's own name


def days_off_line(calendar: WorkCalendar, year: int, month: int) -> str | None:
    """ "Days off on weekdays: 11/3 Culture Day, 11/23 Labor Thanksgiving Day",
    or None when the month has none."""
    first = date(year, month, 1)
    last = date(year + month // 12, month % 12 + 1, 1) - timedelta(days=1)
    runs = _runs(calendar.days_off(first, last))
    if not runs:
        return None
    items = [_item(a, b) for a, b in runs[:MAX_SHOWN]]
    if len(runs) > MAX_SHOWN:
        items.append("…")
    return tr("Days off on weekdays: {days}", days=trp("list separator", ", ").join(items))
