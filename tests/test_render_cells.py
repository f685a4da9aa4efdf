"""render.cells is the one width rule: it must agree with the terminal drawing (Rich)."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st
from rich.cells import cell_len

from istui.render.cells import cells, clip, fit, pad

SAMPLES = [
    "か\u3099",  # a combining voiced mark takes no cell
    "e\u0301",  # a combining acute accent
    "が",
    "商談設定数",  # full-width
    "ＡＢＣ１２３",  # full-width Latin and digits
    "ｱｲｳ",  # half-width katakana
    "📞",  # emoji
    "👍🏽",  # emoji with a skin-tone modifier
    "calls 42/100",
]


@pytest.mark.parametrize("text", SAMPLES)
def test_cells_agrees_with_rich(text: str) -> None:
    assert cells(text) == cell_len(text)


def test_a_combining_mark_takes_no_cell() -> None:
    assert cells("か\u3099") == 2


@given(st.text(alphabet="あいう漢字abc１２ｱ\u3099\u0301📞", max_size=30), st.integers(1, 40))
def test_pad_fit_and_clip_keep_to_their_cells(text: str, width: int) -> None:
    assert cell_len(pad(text, width)) == max(width, cell_len(text))
    assert cell_len(fit(text, width)) == width
    assert cell_len(clip(text, width)) <= width
    assert cell_len(clip(text, width, fill=True)) <= width
