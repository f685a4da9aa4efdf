"""The translation catalogs and the lookups (istui.i18n).

Every message the source marks (tr/trn/trp/N_) has a Japanese translation in
po/ja/, none is stale, the placeholders of a translation are the English one's,
and the shipped .mo is the compiled .po files (tools/catalogs.py check).
"""

from __future__ import annotations

import importlib.util
import sys
from collections.abc import Iterator
from pathlib import Path
from types import ModuleType

import pytest

from istui import i18n

ROOT = Path(__file__).resolve().parent.parent


def _tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("catalogs", ROOT / "tools" / "catalogs.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    sys.modules["catalogs"] = module
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def japanese() -> Iterator[None]:
    i18n.set_language("ja")
    yield
    i18n.set_language("en")


def test_every_message_is_translated_none_stale_and_the_mo_is_current() -> None:
    assert _tool().problems("ja") == []


def test_the_mo_reader_reads_what_the_compiler_writes() -> None:
    tool = _tool()
    parsed = i18n.parse_mo(tool.compile_mo("ja"))
    expected = {key: text for key, (text, _) in tool.translations("ja").items() if text}
    assert parsed == expected


def test_english_is_the_message_itself_with_fields_filled() -> None:
    assert i18n.current_language() == "en"
    assert i18n.tr("no such message {n}", n=3) == "no such message 3"
    assert i18n.trn("{n} dial", "{n} dials", 1, n=1) == "1 dial"
    assert i18n.trn("{n} dial", "{n} dials", 2, n=2) == "2 dials"
    assert i18n.trp("footer", "Save") == "Save"
    assert i18n.N_("Undo") == "Undo"


def test_a_message_missing_from_the_catalog_shows_in_english(japanese: None) -> None:
    assert i18n.tr("no such message {n}", n=3) == "no such message 3"


def test_an_unknown_language_is_refused() -> None:
    with pytest.raises(ValueError, match="unknown language 'fr'"):
        i18n.set_language("fr")
    assert i18n.current_language() == "en"


@pytest.mark.parametrize(
    ("environ", "expected"),
    [
        ({}, "en"),
        ({"LANG": "ja_JP.UTF-8"}, "ja"),
        ({"LANG": "ja"}, "ja"),
        ({"LANG": "en_US.UTF-8"}, "en"),
        ({"LANG": "ja_JP.UTF-8", "LC_ALL": "C"}, "en"),
        ({"LANG": "C", "LC_MESSAGES": "ja_JP.eucJP"}, "ja"),
        ({"LANG": "ja_JP.UTF-8", "LC_ALL": ""}, "ja"),
    ],
)
def test_the_locale_decides_when_nothing_else_does(environ: dict[str, str], expected: str) -> None:
    assert i18n.detect_language(environ) == expected
    assert i18n.choose_language(None, "auto", environ) == expected


def test_the_option_beats_the_config_which_beats_the_locale() -> None:
    ja = {"LANG": "ja_JP.UTF-8"}
    assert i18n.choose_language("en", "ja", ja) == "en"
    assert i18n.choose_language(None, "en", ja) == "en"
    assert i18n.choose_language("auto", "en", ja) == "en"
    assert i18n.choose_language("auto", "auto", ja) == "ja"
