"""The one rule for a stored time read back (domain/moments.py)."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from istui.domain.moments import NaiveTime, aware_time


def test_an_aware_time_keeps_its_offset() -> None:
    moment = aware_time("2026-11-17T10:00:00+09:00")
    assert moment == datetime(2026, 11, 17, 1, 0, tzinfo=UTC)
    assert moment.utcoffset() == timedelta(hours=9)
    assert aware_time("2026-11-17T01:00:00Z").tzinfo == UTC


def test_a_time_without_an_offset_is_naive() -> None:
    with pytest.raises(NaiveTime):
        aware_time("2026-11-17T10:00:00")


@pytest.mark.parametrize("text", ["2026-02-30T10:00:00+09:00", "yesterday", "", "10:00"])
def test_text_that_is_no_time_is_a_value_error_not_naive(text: str) -> None:
    with pytest.raises(ValueError) as caught:
        aware_time(text)
    assert not isinstance(caught.value, NaiveTime)
