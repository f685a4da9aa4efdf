"""The caches' one bounded JSON read (store.append.read_small_json): whatever
is in the file, a cache that does not read is a miss, never an error."""

from __future__ import annotations

from pathlib import Path

import pytest

from istui.store import holiday_cache, status_cache
from istui.store.append import read_small_json
from istui.store.layout import STATUS_CACHE

BAD = {
    "missing": None,
    "too big": b'{"v": "' + b"x" * 300 + b'"}',
    "not UTF-8": b'{"v": "\xff"}',
    "not JSON": b"{v: 1",
    "nested too deeply": b"[" * 100_000 + b"]" * 100_000,
    "not an object": b"[1, 2]",
    "a UTF-8 BOM": b'\xef\xbb\xbf{"v": 1}',
}


@pytest.mark.parametrize("content", BAD.values(), ids=BAD.keys())
def test_a_file_that_does_not_read_is_none(tmp_path: Path, content: bytes | None) -> None:
    path = tmp_path / "cache.json"
    if content is not None:
        path.write_bytes(content)
    assert read_small_json(str(path), 200 if content is BAD["too big"] else 1 << 20) is None


def test_an_object_within_the_bound_reads(tmp_path: Path) -> None:
    path = tmp_path / "cache.json"
    path.write_bytes('{"v": 1, "lang": "ja", "line": "架電 3/90"}'.encode())
    assert read_small_json(str(path), 50) == {"v": 1, "lang": "ja", "line": "架電 3/90"}
    assert read_small_json(str(path), 40) is None  # one byte over is over


def test_the_status_cache_treats_a_bad_file_as_a_miss(tmp_path: Path) -> None:
    cache = tmp_path / STATUS_CACHE
    cache.write_bytes(b"[" * 100_000 + b"]" * 100_000)
    assert status_cache.read_status(str(tmp_path)) is None
    cache.write_bytes(b'{"v": 0}')  # another version
    assert status_cache.read_status(str(tmp_path)) is None
    cache.write_bytes(b'{"v": %d, "day": "2026-11-23"}' % status_cache.CACHE_VERSION)
    assert status_cache.read_status(str(tmp_path)) == {
        "v": status_cache.CACHE_VERSION,
        "day": "2026-11-23",
    }


def test_the_holiday_cache_treats_a_bad_file_as_a_miss() -> None:
    from datetime import date

    library = ["holidays/__init__.py", 1, 2]
    days = {date(2026, 1, 1): {"en": "New Year's Day", "ja": "元日"}}
    holiday_cache.write_year("JP", 2026, library, days)
    assert holiday_cache.read_year("JP", 2026, library) == days
    path = Path(holiday_cache.folder()) / "JP-2026.json"
    path.write_bytes(path.read_bytes().replace("元日".encode(), b"\xff"))  # not UTF-8 now
    assert holiday_cache.read_year("JP", 2026, library) is None
