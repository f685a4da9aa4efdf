"""The tables of one store file inside a transaction: istui's own small interface.

``Store.transaction`` yields a ``Tables``, never a TinyDB object, so TinyDB
stays an implementation detail of the store: no other package imports it, and
what callers may do to a file inside a transaction is the handful of
operations below (what they actually use), not all of TinyDB.

Underneath it is still TinyDB over the file's data read under the lock (see
``core._MemoryStorage``), so ids and write semantics are TinyDB's own: a new
document gets one past the largest id, and every mutating call marks the file
to be written, even one that changes nothing (an empty insert_multiple still
creates its table), exactly as before this interface existed.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from tinydb import TinyDB
    from tinydb.table import Table as TinyTable


class Record(dict[str, Any]):
    """One document of a table, with its id in the file."""

    def __init__(self, value: Mapping[str, Any], doc_id: int) -> None:
        super().__init__(value)
        self.doc_id = doc_id


class Table:
    """One table of the file: read, add, change and remove documents by id."""

    __slots__ = ("_table",)

    def __init__(self, table: TinyTable) -> None:
        self._table = table

    def all(self) -> list[Record]:
        """Every document, in id order, each a copy with its ``doc_id``."""
        return [Record(doc, doc.doc_id) for doc in self._table.all()]

    def contains(self, doc_id: int) -> bool:
        return self._table.contains(doc_id=doc_id)

    def insert(self, document: Mapping[str, Any]) -> int:
        """Add one document (copied); returns its new id."""
        return int(self._table.insert(document))

    def insert_multiple(self, documents: Iterable[Mapping[str, Any]]) -> list[int]:
        return [int(i) for i in self._table.insert_multiple(documents)]

    def update(self, fields: Mapping[str, Any], *, doc_ids: Iterable[int]) -> None:
        """Set ``fields`` on the documents ``doc_ids`` (each must exist)."""
        self._table.update(fields, doc_ids=list(doc_ids))

    def remove(self, *, doc_ids: Iterable[int]) -> None:
        """Remove the documents ``doc_ids`` (each must exist)."""
        self._table.remove(doc_ids=list(doc_ids))

    def truncate(self) -> None:
        """Remove every document; the next one inserted gets id 1."""
        self._table.truncate()


class Tables:
    """The tables of one file, as ``Store.transaction`` yields them."""

    __slots__ = ("_db",)

    def __init__(self, db: TinyDB) -> None:
        self._db = db

    def table(self, name: str) -> Table:
        """The table ``name`` (made on its first write, not by asking for it)."""
        return Table(self._db.table(name, cache_size=0))

    def names(self) -> set[str]:
        """Every table of the file, the meta table included."""
        return set(self._db.tables())

    def drop(self, name: str) -> None:
        """Remove table ``name`` and its documents (nothing when it is absent)."""
        self._db.drop_table(name)
