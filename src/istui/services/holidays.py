"""Public holidays from the `holidays` library, as plain data for the domain.

``public_holidays("JP")`` is the ``PublicHolidays`` a ``WorkCalendar`` holds:
it loads a year only when a question about a day of it is asked, from the
store's holiday cache (``store.holiday_cache``) when that holds the year as
the installed library computes it, else from the library itself (imported
only then: ~40 ms, and ~40 ms more for the first year), writing the cache for
the next run. So `istui status` and `istui log` never import the library once
the years they need are cached (tests/test_calendar_jp.py).

Names are kept in each of istui's languages the library has for the country
(English and Japanese for JP: "Culture Day", "文化の日").
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from istui.domain.calendar import HolidayNames, PublicHolidays
from istui.i18n import LANGUAGES
from istui.store import holiday_cache

#: The library's language for each of istui's (it names English "en_US" for
#: some countries, "en" for others); a country without one gets its default.
_LIBRARY_LANGUAGES = {"en": ("en_US", "en"), "ja": ("ja",)}

#: Years computed in this process, by (country, year): shared by every config
#: read (a test run reads hundreds).
_MEMO: dict[tuple[str, int], dict[date, dict[str, str]]] = {}
_COUNTRIES: frozenset[str] | None = None


class HolidaysUnavailable(Exception):
    """The holiday library is not installed (or cannot be imported)."""


def _library() -> Any:
    try:
        import holidays
    except ImportError:
        raise HolidaysUnavailable("the holidays package is not installed") from None
    return holidays


def supported_countries() -> frozenset[str]:
    """The country codes the library knows (cached like the years)."""
    global _COUNTRIES
    if _COUNTRIES is not None:
        return _COUNTRIES
    signature = holiday_cache.library_signature()
    if signature is None:
        raise HolidaysUnavailable("the holidays package is not installed")
    codes = holiday_cache.read_countries(signature)
    if codes is None:
        codes = frozenset(_library().list_supported_countries())
        holiday_cache.write_countries(signature, codes)
    _COUNTRIES = codes
    return codes


def _compute(country: str, year: int) -> dict[date, dict[str, str]]:
    library = _library()
    days: dict[date, dict[str, str]] = {}
    base = library.country_holidays(country, years=year)
    supported = tuple(getattr(base, "supported_languages", ()) or ())
    for day in base:
        days[day] = {}
    for language in LANGUAGES:
        choice = next((c for c in _LIBRARY_LANGUAGES[language] if c in supported), None)
        named = (
            base
            if choice is None
            else library.country_holidays(country, years=year, language=choice)
        )
        for day, name in named.items():
            if day in days:
                days[day][language] = str(name)[: holiday_cache.MAX_NAME]
    return days


def load_year(country: str, year: int) -> Mapping[date, HolidayNames]:
    """``country``'s public holidays in ``year``: cache, else the library."""
    key = (country, year)
    found = _MEMO.get(key)
    if found is not None:
        return found
    signature = holiday_cache.library_signature()
    if signature is None:
        raise HolidaysUnavailable("the holidays package is not installed")
    found = holiday_cache.read_year(country, year, signature)
    if found is None:
        found = _compute(country, year)
        holiday_cache.write_year(country, year, signature, found)
    _MEMO[key] = found
    return found


def public_holidays(country: str) -> PublicHolidays:
    """The calendar's public holidays of ``country`` ("" for none)."""
    if not country:
        return PublicHolidays()
    return PublicHolidays(country, lambda year: load_year(country, year))


def forget_memo() -> None:
    """Drop what this process computed (for tests of the cache)."""
    global _COUNTRIES
    _MEMO.clear()
    _COUNTRIES = None
