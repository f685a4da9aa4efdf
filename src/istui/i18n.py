"""The language in force and the lookups every user-visible sentence goes through.

English is the source language: a message id *is* the English text, so
English needs no catalog. Other languages are compiled gettext catalogs
(``istui/locale/<lang>/LC_MESSAGES/istui.mo``, built from ``po/<lang>/*.po`` by
``tools/catalogs.py``) shipped in the wheel.

The catalog is read here, not with :mod:`gettext`: importing gettext costs
~9 ms (it compiles regular expressions for plural rules), more than half of
what ``istui status`` may take. istui's languages have fixed plural rules
(below), so the reader is a few lines over the .mo format. Nor is it parsed
whole: a message is found by binary search in the .mo's sorted table when
first asked for, then remembered, so a status line that needs a handful of
the catalog's messages reads a handful (parsing ~1,500 entries costs ~3 ms).

Use:

- ``tr("Calls today: {count}", count=n)``: a whole sentence, with named
  placeholders filled after translation (word order differs between
  languages, so never join translated fragments);
- ``trn("{n} dial", "{n} dials", n, n=n)``: a sentence with a count;
- ``trp("footer", "Save")``: the same English word meaning different things;
- ``N_("Undo")``: marks a constant for the catalog where it is defined (a
  module-level table); translate it with ``tr(value)`` where it is shown.

Only the standard library (and no module costlier than ``os``): the domain,
the store and the lean ``status``/``log`` path may all use it.
"""

from __future__ import annotations

import os

TYPE_CHECKING = False  # not typing's: the lean path does not import typing
if TYPE_CHECKING:
    from collections.abc import Mapping
    from typing import Protocol

    class Lookup(Protocol):
        """What the lookups need of a catalog (a dict, or a MoCatalog)."""

        def get(self, key: str, default: None = None, /) -> str | None: ...


#: The languages istui speaks, by code. English first (the source language).
LANGUAGES: tuple[str, ...] = ("en", "ja")

#: The environment variables that name the user's language, in POSIX order of
#: precedence (the first one set and not empty decides).
LOCALE_VARIABLES: tuple[str, ...] = ("LC_ALL", "LC_MESSAGES", "LANG")

_LOCALE_DIR = os.path.join(os.path.dirname(__file__), "locale")
_CONTEXT_SEP = "\x04"  # gettext's separator between a context and a message id

_language = "en"
_catalog: Lookup = {}
_cache: dict[str, Lookup] = {}


def detect_language(environ: Mapping[str, str] | None = None) -> str:
    """The language the locale asks for: ``ja`` when the deciding variable
    begins with ``ja`` (``ja_JP.UTF-8``, ``ja``), else ``en``."""
    env = os.environ if environ is None else environ
    for name in LOCALE_VARIABLES:
        value = env.get(name, "")
        if value:
            return "ja" if value.lower().startswith("ja") else "en"
    return "en"


def choose_language(
    option: str | None,
    configured: str | None,
    environ: Mapping[str, str] | None = None,
) -> str:
    """``--lang``, else ``[ui].language`` (unless ``auto``), else the locale."""
    for wanted in (option, configured):
        if wanted and wanted != "auto":
            return wanted
    return detect_language(environ)


def set_language(language: str) -> None:
    """Make ``language`` (one of LANGUAGES) the one every lookup answers in."""
    global _language, _catalog
    if language not in LANGUAGES:
        raise ValueError(f"unknown language {language!r} (known: {', '.join(LANGUAGES)})")
    _catalog = {} if language == "en" else _load(language)
    _language = language


def current_language() -> str:
    """The language lookups answer in now."""
    return _language


def tr(message: str, /, **fields: object) -> str:
    """``message`` in the current language, its ``{name}`` fields filled."""
    text = _catalog.get(message) or message
    return text.format(**fields) if fields else text


def trn(singular: str, plural: str, count: int, /, **fields: object) -> str:
    """The sentence for ``count`` things, fields filled (``count`` is not a
    field unless passed as one)."""
    forms = _catalog.get(singular + "\x00" + plural)
    if forms:
        text = forms.split("\x00")[_plural_index(count)] if "\x00" in forms else forms
    else:
        text = singular if count == 1 else plural
    return text.format(**fields) if fields else text


def trp(context: str, message: str, /, **fields: object) -> str:
    """``message`` in ``context`` (the same English, a different meaning)."""
    text = _catalog.get(context + _CONTEXT_SEP + message) or message
    return text.format(**fields) if fields else text


def N_(message: str, /) -> str:
    """Mark ``message`` for the catalog; it is translated where it is shown."""
    return message


#: The operating system's reasons a file cannot be read or written, as glibc
#: and macOS word them (``OSError.strerror``, always English: Python never
#: calls setlocale for messages), so that ``os_reason`` can show them in the
#: user's language. A reason not listed here shows as the system gives it.
OS_REASONS: tuple[str, ...] = (
    N_("Permission denied"),
    N_("Operation not permitted"),
    N_("No space left on device"),
    N_("Disk quota exceeded"),
    N_("Read-only file system"),
    N_("No such file or directory"),
    N_("Not a directory"),
    N_("Is a directory"),
    N_("File exists"),
    N_("File name too long"),
    N_("Too many levels of symbolic links"),
    N_("Input/output error"),
    N_("Resource temporarily unavailable"),
    N_("Device or resource busy"),
    N_("Text file busy"),
    N_("Too many open files"),
)


def os_reason(exc: BaseException) -> str:
    """Why an OSError happened, as one line in the current language: its
    ``strerror`` translated when the catalog knows it (see OS_REASONS), else
    as given; an exception without one shows as its text."""
    reason = getattr(exc, "strerror", None)
    if isinstance(reason, str) and reason:
        return tr(reason)
    return str(exc)


def _plural_index(count: int) -> int:
    """Which plural form: Japanese has one; English two (1, other)."""
    return 0 if _language == "ja" or count == 1 else 1


def catalog_path(language: str) -> str:
    """Where the compiled catalog of ``language`` is shipped."""
    return os.path.join(_LOCALE_DIR, language, "LC_MESSAGES", "istui.mo")


def _load(language: str) -> Lookup:
    """The compiled catalog, looked up in place (cached). A missing catalog
    is an empty one: the English text shows, never an error."""
    if language in _cache:
        return _cache[language]
    try:
        with open(catalog_path(language), "rb") as f:
            data = f.read()
    except OSError:
        data = b""
    catalog: Lookup = MoCatalog(data) if data else {}
    _cache[language] = catalog
    return catalog


class MoCatalog:
    """A GNU .mo file's messages found where they lie: binary search over its
    table of originals (sorted by bytes, as every .mo compiler writes it and
    ``tools/catalogs.py`` does), each answer remembered. ``get`` as a dict's."""

    __slots__ = ("_count", "_data", "_found", "_order", "_originals", "_translations")

    def __init__(self, data: bytes) -> None:
        if int.from_bytes(data[0:4], "little") == 0x950412DE:
            self._order = "little"
        elif int.from_bytes(data[0:4], "big") == 0x950412DE:
            self._order = "big"
        else:
            raise ValueError("not a gettext catalog")
        self._data = data
        self._count = self._word(8)
        self._originals = self._word(12)
        self._translations = self._word(16)
        self._found: dict[str, str | None] = {}

    def _word(self, at: int) -> int:
        return int.from_bytes(self._data[at : at + 4], self._order)  # type: ignore[arg-type]

    def _string(self, table: int, index: int) -> bytes:
        length, offset = self._word(table + 8 * index), self._word(table + 8 * index + 4)
        return self._data[offset : offset + length]

    def get(self, key: str, default: str | None = None) -> str | None:
        if key in self._found:
            found = self._found[key]
        else:
            found = self._search(key.encode("utf-8")) if key else None
            self._found[key] = found
        return default if found is None else found

    def _search(self, wanted: bytes) -> str | None:
        low, high = 0, self._count
        while low < high:
            middle = (low + high) // 2
            original = self._string(self._originals, middle)
            if original == wanted:
                return self._string(self._translations, middle).decode("utf-8")
            if original < wanted:
                low = middle + 1
            else:
                high = middle
        return None


def parse_mo(data: bytes) -> dict[str, str]:
    """A GNU .mo file's messages (the header entry left out).

    Format: magic, revision, count N, offset of the original table, offset of
    the translation table; each table N (length, offset) pairs of 32-bit ints.
    """
    little = int.from_bytes(data[0:4], "little") == 0x950412DE
    if not little and int.from_bytes(data[0:4], "big") != 0x950412DE:
        raise ValueError("not a gettext catalog")

    def word(at: int) -> int:
        return int.from_bytes(data[at : at + 4], "little" if little else "big")

    count, originals, translations = word(8), word(12), word(16)
    catalog: dict[str, str] = {}
    for i in range(count):
        o_len, o_off = word(originals + 8 * i), word(originals + 8 * i + 4)
        t_len, t_off = word(translations + 8 * i), word(translations + 8 * i + 4)
        msgid = data[o_off : o_off + o_len].decode("utf-8")
        if msgid:
            catalog[msgid] = data[t_off : t_off + t_len].decode("utf-8")
    return catalog
