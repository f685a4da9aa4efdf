"""istui's translation catalogs: find what needs translating, and compile.

The sources are ``po/<lang>/*.po`` (standard gettext PO files, one per area of
the code, so parallel work does not edit one file); they are compiled together
into the one shipped catalog ``src/istui/locale/<lang>/LC_MESSAGES/istui.mo``.
Message ids are the English text, extracted from ``src/istui`` with Babel
(keywords ``tr``, ``trn``, ``trp`` and ``N_``, see ``istui.i18n``).

    python tools/catalogs.py check            # every id translated, none stale, .mo current
    python tools/catalogs.py add AREA [DIR]   # append ids not in any .po to po/ja/AREA.po
    python tools/catalogs.py stale            # drop entries no source uses any more
    python tools/catalogs.py compile          # write the .mo from the .po files

``check`` is what tests/test_catalogs.py runs; it exits 1 naming each problem.
Babel is a test/dev dependency only: istui reads the .mo itself at run time.
"""

from __future__ import annotations

import string
import sys
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.extract import extract_from_dir
from babel.messages.pofile import read_po, write_po

ROOT = Path(__file__).resolve().parent.parent
SOURCE = ROOT / "src" / "istui"
PO_DIR = ROOT / "po"
LANGUAGES = ("ja",)
KEYWORDS = {"tr": None, "trn": (1, 2), "trp": ((1, "c"), 2), "N_": None}
HEADER = {"ja": "nplurals=1; plural=0;"}

#: A message key as the .mo stores it: "context\x04id" for trp, "one\x00other"
#: for trn, the id itself for tr and N_.
Key = str


@dataclass(frozen=True)
class Found:
    key: Key
    where: str


def _key(message_id: object, context: str | None) -> Key:
    ident = (
        "\x00".join(str(part) for part in message_id)
        if isinstance(message_id, tuple | list)
        else str(message_id)
    )
    return f"{context}\x04{ident}" if context else ident


def extract(under: Path = SOURCE) -> Iterator[Found]:
    """Every message id used in the source under ``under``."""
    for filename, lineno, message, _comments, context in extract_from_dir(
        str(under),
        method_map=[("**.py", "python")],
        keywords=KEYWORDS,
        comment_tags=("TRANSLATORS:",),
    ):
        where = f"{(under / filename).relative_to(ROOT)}:{lineno}"
        yield Found(_key(message, context), where)


def po_files(language: str) -> list[Path]:
    return sorted((PO_DIR / language).glob("*.po"))


def read(path: Path) -> Catalog:
    with path.open("rb") as f:
        return read_po(f, locale=path.parent.name)


def write(path: Path, catalog: Catalog) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("wb") as f:
        write_po(f, catalog, width=0, omit_header=True, no_location=True, sort_output=False)


def translations(language: str) -> dict[Key, tuple[str, str]]:
    """key -> (translation joined as the .mo stores it, the .po file it is in)."""
    found: dict[Key, tuple[str, str]] = {}
    for path in po_files(language):
        for message in read(path):
            if not message.id:
                continue
            key = _key(message.id, message.context)
            raw = message.string
            text = (
                "\x00".join(str(part) for part in raw)
                if isinstance(raw, tuple | list)
                else str(raw or "")
            )
            if key in found:
                raise SystemExit(
                    f"{path.name}: {key!r} is also in {found[key][1]} (keep it in one file)"
                )
            found[key] = (text, path.name)
    return found


def _fields(text: str) -> set[str]:
    names = set()
    for _literal, name, _spec, _conv in string.Formatter().parse(text):
        if name is not None:
            names.add(name)
    return names


def problems(language: str) -> list[str]:
    """What is wrong with the catalogs of ``language``, one line each."""
    used: dict[Key, str] = {}
    for found in extract():
        used.setdefault(found.key, found.where)
    have = translations(language)
    out: list[str] = []
    for key, where in used.items():
        if key not in have:
            out.append(f"{where}: not in po/{language}/: {key!r}")
        elif not have[key][0] or not all(have[key][0].split("\x00")):
            out.append(f"po/{language}/{have[key][1]}: untranslated: {key!r}")
        else:
            source_fields = _fields(key.split("\x04")[-1].replace("\x00", " "))
            text_fields = _fields(have[key][0].replace("\x00", " "))
            if not text_fields <= source_fields:
                out.append(
                    f"po/{language}/{have[key][1]}: {key!r}: fields "
                    f"{sorted(text_fields - source_fields)} are not in the English"
                )
    for key, (_text, name) in have.items():
        if key not in used:
            out.append(f"po/{language}/{name}: stale (no source uses it): {key!r}")
    compiled = compile_mo(language)
    path = mo_path(language)
    if not path.exists() or path.read_bytes() != compiled:
        out.append(f"{path.relative_to(ROOT)}: out of date (run: python tools/catalogs.py compile)")
    return out


def mo_path(language: str) -> Path:
    return SOURCE / "locale" / language / "LC_MESSAGES" / "istui.mo"


def compile_mo(language: str) -> bytes:
    """The .mo bytes of every translated entry, deterministic (sorted keys,
    a fixed header)."""
    entries = {key: text for key, (text, _name) in translations(language).items() if text}
    entries[""] = (
        "Content-Type: text/plain; charset=UTF-8\n"
        f"Language: {language}\n"
        f"Plural-Forms: {HEADER[language]}\n"
    )
    keys = sorted(entries)
    ids = [k.encode("utf-8") for k in keys]
    strs = [entries[k].encode("utf-8") for k in keys]
    count = len(keys)
    header_size = 7 * 4
    originals_at = header_size
    translations_at = originals_at + count * 8
    data_at = translations_at + count * 8
    table_o, table_t, blob = [], [], b""
    for ident in ids:
        table_o.append((len(ident), data_at + len(blob)))
        blob += ident + b"\x00"
    for text in strs:
        table_t.append((len(text), data_at + len(blob)))
        blob += text + b"\x00"

    def u32(n: int) -> bytes:
        return n.to_bytes(4, "little")

    out = u32(0x950412DE) + u32(0) + u32(count) + u32(originals_at) + u32(translations_at)
    out += u32(0) + u32(data_at)  # no hash table
    for length, offset in table_o + table_t:
        out += u32(length) + u32(offset)
    return out + blob


def add(area: str, under: Path, language: str = "ja") -> int:
    """Append to po/<language>/<area>.po each id under ``under`` that no .po
    has yet (msgstr empty: to be translated). Returns how many."""
    have = translations(language)
    path = PO_DIR / language / f"{area}.po"
    catalog = read(path) if path.exists() else Catalog(locale=language)
    added = 0
    seen: set[Key] = set()
    for found in extract(under):
        if found.key in have or found.key in seen:
            continue
        seen.add(found.key)
        context, _, ident = found.key.rpartition("\x04")
        message_id: str | tuple[str, ...] = tuple(ident.split("\x00")) if "\x00" in ident else ident
        catalog.add(
            message_id, "" if isinstance(message_id, str) else ("",), context=context or None
        )
        added += 1
    write(path, catalog)
    return added


def drop_stale(language: str = "ja") -> int:
    """Remove entries no source uses any more; returns how many."""
    used = {found.key for found in extract()}
    dropped = 0
    for path in po_files(language):
        catalog = read(path)
        for message in list(catalog):
            if message.id and _key(message.id, message.context) not in used:
                catalog.delete(message.id, context=message.context)
                dropped += 1
        write(path, catalog)
    return dropped


def main(argv: list[str]) -> int:
    command = argv[0] if argv else "check"
    if command == "check":
        lines = [line for language in LANGUAGES for line in problems(language)]
        for line in lines:
            print(line)
        return 1 if lines else 0
    if command == "compile":
        for language in LANGUAGES:
            path = mo_path(language)
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_bytes(compile_mo(language))
        return 0
    if command == "add" and len(argv) in (2, 3):
        under = Path(argv[2]).resolve() if len(argv) == 3 else SOURCE
        print(f"{add(argv[1], under)} new message(s) in po/ja/{argv[1]}.po")
        return 0
    if command == "stale":
        print(f"{drop_stale()} stale message(s) dropped")
        return 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
