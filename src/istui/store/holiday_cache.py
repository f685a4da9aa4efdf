"""The public-holiday cache: a country's holidays a year at a time, as the
holiday library computed them, in the user's cache folder.

Importing the `holidays` library and computing a year costs ~80 ms, most of
what `istui status` may take when it cannot answer from the status cache; a
year's file here is read in well under a millisecond. Each file records the
library it came from (``library_signature``: the path, size and time of its
``__init__.py``, found without importing it), so an upgraded library, whose
data may have changed, is asked again. The files are only a cache: one that is
missing, unreadable, from another library or not in the expected shape is
ignored (and rewritten), never an error; one that cannot be written is left.

Layout: ``<user cache dir>/holidays/<COUNTRY>-<YEAR>.json`` holding
``{"v": 1, "library": [...], "country": "JP", "year": 2026,
"days": {"2026-01-01": {"en": "New Year's Day", "ja": "元日"}, ...}}``, and
``countries.json`` holding the country codes the library knows.
"""

from __future__ import annotations

import json
import os
import sys
from datetime import date
from typing import Any

from istui.store import paths
from istui.store.append import read_small_json, write_durable

VERSION = 1
#: Bounds on what a cache file may hold (a real year has about 20 holidays).
MAX_DAYS = 200
MAX_NAME = 200
MAX_COUNTRIES = 1000
MAX_BYTES = 256 * 1024


def folder() -> str:
    return os.path.join(paths.user_cache_dir(), "holidays")


def library_signature() -> list[Any] | None:
    """Which installed `holidays` library Python would import, without importing
    it (or importlib.util, ~6 ms): None when there is none on ``sys.path``."""
    for entry in sys.path:
        init = os.path.join(entry or ".", "holidays", "__init__.py")
        try:
            st = os.stat(init)
        except OSError:
            continue
        return [os.path.abspath(init), st.st_size, st.st_mtime_ns]
    return None


def _read(name: str) -> dict[str, Any] | None:
    return read_small_json(os.path.join(folder(), name), MAX_BYTES)


def _write(name: str, data: dict[str, Any]) -> None:
    try:
        os.makedirs(folder(), exist_ok=True)
        body = json.dumps(data, ensure_ascii=False, separators=(",", ":")).encode("utf-8")
        write_durable(os.path.join(folder(), name), body, sync=False, mode=0o644)
    except OSError:
        pass  # a cache: the next run asks the library again


def _names(value: object) -> dict[str, str] | None:
    if not isinstance(value, dict) or len(value) > 8:
        return None
    names = {}
    for language, name in value.items():
        if not isinstance(language, str) or len(language) > 8:
            return None
        if not isinstance(name, str) or len(name) > MAX_NAME:
            return None
        names[language] = name
    return names


def read_year(country: str, year: int, library: list[Any]) -> dict[date, dict[str, str]] | None:
    """The cached holidays of ``country`` in ``year`` from ``library``, or None."""
    data = _read(f"{country}-{year}.json")
    if data is None or data.get("v") != VERSION or data.get("library") != library:
        return None
    if data.get("country") != country or data.get("year") != year:
        return None
    days = data.get("days")
    if not isinstance(days, dict) or len(days) > MAX_DAYS:
        return None
    found: dict[date, dict[str, str]] = {}
    for text, value in days.items():
        try:
            day = date.fromisoformat(text)
        except (TypeError, ValueError):
            return None
        names = _names(value)
        if day.year != year or names is None:
            return None
        found[day] = names
    return found


def write_year(
    country: str, year: int, library: list[Any], days: dict[date, dict[str, str]]
) -> None:
    _write(
        f"{country}-{year}.json",
        {
            "v": VERSION,
            "library": library,
            "country": country,
            "year": year,
            "days": {d.isoformat(): names for d, names in sorted(days.items())},
        },
    )


def read_countries(library: list[Any]) -> frozenset[str] | None:
    data = _read("countries.json")
    if data is None or data.get("v") != VERSION or data.get("library") != library:
        return None
    codes = data.get("countries")
    if not isinstance(codes, list) or len(codes) > MAX_COUNTRIES:
        return None
    if not all(isinstance(c, str) and len(c) <= 3 for c in codes):
        return None
    return frozenset(codes)


def write_countries(library: list[Any], countries: frozenset[str]) -> None:
    _write("countries.json", {"v": VERSION, "library": library, "countries": sorted(countries)})
