"""render/wrap.py: text folded to a width in cells under the basic kinsoku rule."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from istui.render.cells import cells
from istui.render.wrap import NO_END, NO_START, wrap, wrap_line

BASE = "架電数接続率商談化率目標課題点気づきあいうえおかきくけこアイウエオ山田花子"
CLOSING = "。、」』）！？ー・：；…"
OPENING = "「『（【"
WORDS = ["call", "rate", "3.5%", "OK", "A/B"]


@st.composite
def segment(draw: st.DrawFn) -> str:
    """A run the rule can always place (at most 12 cells with its marks): an
    optional opening mark, one to three characters or an English word, then
    an optional closing mark or two."""
    opening: str = draw(st.sampled_from(["", *OPENING]))
    space: str = draw(st.sampled_from(["", "", " "]))
    if draw(st.booleans()):
        body: str = draw(st.text(alphabet=BASE, min_size=1, max_size=3))
    else:
        # An English word is spaced from the one before: words run together
        # would be one word wider than the line, which is cut, not broken.
        body = draw(st.sampled_from(WORDS))
        space = " "
    closing: str = draw(st.text(alphabet=CLOSING, max_size=2))
    return space + opening + body + closing


texts = st.lists(segment(), min_size=1, max_size=40).map("".join)


@given(texts, st.integers(min_value=12, max_value=60), st.sampled_from(["", "  ", "    "]))
def test_no_line_begins_with_a_closing_mark_or_ends_with_an_opening_one(
    text: str, width: int, indent: str
) -> None:
    source = indent + text.strip()
    lines = wrap_line(source, width)
    for line in lines:
        assert cells(line) <= width, (line, width)
        assert line.startswith(indent), (line, indent)
    for line in lines[1:]:
        assert line[len(indent) :][:1] not in NO_START, lines
    for line in lines[:-1]:
        assert line[-1:] not in NO_END, lines
    # Nothing lost, nothing added but the breaks and the indents.
    assert "".join(line[len(indent) :] for line in lines).replace(" ", "") == source.replace(
        " ", ""
    )


@given(st.text(alphabet=BASE + CLOSING + OPENING + " abc", max_size=120), st.integers(1, 30))
def test_any_text_keeps_every_character_and_each_line_fits_when_it_can(
    text: str, width: int
) -> None:
    lines = wrap(text, width)
    assert "".join(lines).replace(" ", "") == text.replace(" ", "")
    assert all(cells(line) <= max(width, 2) for line in lines)


def test_japanese_breaks_between_characters_and_keeps_closing_marks_with_them() -> None:
    text = "本日は架電数が目標に届かず、「リストの質」が課題でした。"
    assert wrap_line(text, 20) == [
        "本日は架電数が目標に",
        "届かず、「リストの",
        "質」が課題でした。",
    ]


def test_english_breaks_at_spaces_and_a_list_item_hangs_under_its_text() -> None:
    assert wrap_line("  - the connect rate was below target today", 20) == [
        "  - the connect rate",
        "    was below target",
        "    today",
    ]
    assert wrap_line("one two", 80) == ["one two"]
    assert wrap("a\n\nb", 10) == ["a", "", "b"]


def test_a_word_wider_than_the_line_is_cut_by_cells() -> None:
    assert wrap_line("https://example.com/very/long", 10) == [
        "https://ex",
        "ample.com/",
        "very/long",
    ]


def test_an_indent_wider_than_the_line_gives_way_to_the_text() -> None:
    assert wrap_line(" 、", 1) == ["、"]
    assert wrap_line("    ab cd", 4) == ["ab", "cd"]
