"""The store's boundary: only store/ knows TinyDB and the table names, and the
table interface a transaction yields keeps TinyDB's ids and write rules."""

from __future__ import annotations

import ast
import json
from datetime import date
from pathlib import Path

from istui.store import Store
from istui.store.layout import EVENTS_TABLE, day_relpath

SRC = Path(__file__).resolve().parent.parent / "src" / "istui"


def _imports(path: Path) -> set[str]:
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_nothing_outside_the_store_imports_tinydb() -> None:
    offenders = [
        path.relative_to(SRC).as_posix()
        for path in sorted(SRC.rglob("*.py"))
        if not path.is_relative_to(SRC / "store")
        and any(name == "tinydb" or name.startswith("tinydb.") for name in _imports(path))
    ]
    assert offenders == []


def test_the_domain_names_no_table() -> None:
    named = [
        f"{path.name}: {target.id}"
        for path in sorted((SRC / "domain").rglob("*.py"))
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8")))
        if isinstance(node, ast.Assign)
        for target in node.targets
        if isinstance(target, ast.Name) and target.id.endswith("_TABLE")
    ]
    assert named == []


def test_the_table_interface_keeps_tinydbs_ids_and_writes(tmp_path: Path) -> None:
    store = Store(tmp_path / "store", today=lambda: date(2026, 11, 23))
    relpath = day_relpath(date(2026, 11, 23))
    with store.transaction(relpath) as db:
        db.table("notes").insert_multiple([])  # a write that adds nothing still writes
    assert json.loads((store.root / relpath).read_text())["notes"] == {}
    with store.transaction(relpath) as db:
        table = db.table(EVENTS_TABLE)
        assert table.insert_multiple([{"n": 1}, {"n": 2}, {"n": 3}]) == [1, 2, 3]
        table.remove(doc_ids=[3])
        assert table.insert({"n": 4}) == 4  # ids are not reused within a transaction
        table.update({"n": 20}, doc_ids=[2])
        assert [(d.doc_id, d["n"]) for d in table.all()] == [(1, 1), (2, 20), (4, 4)]
        assert table.contains(4) and not table.contains(3)
        assert db.names() == {"_meta", "notes", EVENTS_TABLE}
        db.drop("notes")
    assert store.read_table(relpath, EVENTS_TABLE) == [
        {"n": 1, "doc_id": 1},
        {"n": 20, "doc_id": 2},
        {"n": 4, "doc_id": 4},
    ]
    with store.transaction(relpath) as db:
        assert db.names() == {"_meta", EVENTS_TABLE}
        db.table(EVENTS_TABLE).truncate()
        assert db.table(EVENTS_TABLE).insert({"n": 5}) == 1


def test_the_domain_imports_only_the_standard_library_and_itself() -> None:
    """domain/ is pure: every rule there is testable alone, with no I/O library.
    istui.i18n (stdlib only) is allowed: the domain's error sentences go through tr()."""
    import sys

    outside = sorted(
        f"{path.name}: {name}"
        for path in sorted((SRC / "domain").rglob("*.py"))
        for name in _imports(path)
        if name != "__future__"
        and not name.startswith("istui.domain")
        and name != "istui.i18n"
        and name.split(".")[0] not in sys.stdlib_module_names
    )
    assert outside == []


def test_no_module_over_400_lines_without_saying_why() -> None:
    """A long module is split at its seams, or its docstring says why it is not."""
    long = []
    for path in sorted(SRC.rglob("*.py")):
        text = path.read_text(encoding="utf-8")
        if text.count("\n") <= 400:
            continue
        doc = ast.get_docstring(ast.parse(text)) or ""
        if "long" not in doc.lower() and "lines" not in doc.lower():
            long.append(path.relative_to(SRC).as_posix())
    assert long == []
