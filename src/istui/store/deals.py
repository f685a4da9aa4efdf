"""The deals (商談) in deals.json: one document per deal that has moved on from
its booked meeting. A deal nobody has moved yet has no document: it is its
meeting event (see domain.deals.deals_from), so logging a dial never writes here.

Every change is a read-modify-write under the lock (``transaction``): the deal
is rebuilt from the file as it is on disk, the step is applied by the domain
(which refuses one that does not follow), and the file is replaced atomically,
or not at all.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import datetime

from istui.domain.deals import Deal, DealStepError
from istui.i18n import tr
from istui.store.core import StoreBase
from istui.store.files import StoreError
from istui.store.layout import CURRENT_LIST, CURRENT_TABLE, DEALS, DEALS_TABLE
from istui.store.tables import Record

#: The most deals one file may hold (a bound on an untrusted file: a rep books
#: a few a day, so this is decades).
MAX_DEALS = 100_000


class DealsMixin(StoreBase):
    """The store's deal records."""

    def deal_records(self) -> list[Deal]:
        """Every deal with a document, in file order; a bad one stops with one line."""
        return [self._deal(r) for r in self.read_table(DEALS, DEALS_TABLE)]

    def _deal(self, record: dict[str, object]) -> Deal:
        try:
            return Deal.from_record({k: v for k, v in record.items() if k != "doc_id"})
        except DealStepError as exc:
            raise StoreError(f"{self.root / DEALS}: {exc}") from None

    def change_deal(
        self, deal_id: str, booked_at: datetime, change: Callable[[Deal], Deal]
    ) -> Deal:
        """Apply ``change`` to the deal as stored (a fresh ``Deal`` when it has no
        document yet) and write the result; ``change`` raising writes nothing."""
        with self.transaction(DEALS) as db:
            table = db.table(DEALS_TABLE)
            records = table.all()
            found: Record | None = None
            for record in records:
                deal = self._deal(record)  # every record checked before anything is written
                if deal.id == deal_id:
                    found = record
            if found is None and len(records) >= MAX_DEALS:
                raise StoreError(
                    tr(
                        "{path}: holds {limit} deals already",
                        path=self.root / DEALS,
                        limit=MAX_DEALS,
                    )
                )
            current = self._deal(found) if found is not None else Deal(deal_id, booked_at)
            changed = change(current)
            if changed.id != deal_id:
                raise StoreError(f"deal {deal_id[:8]}: a change may not change its id")
            if found is not None:
                table.remove(doc_ids=[found.doc_id])
            table.insert(changed.to_record())
        return changed

    # The current call list lives beside the deals: both are the rep's pipeline
    # state, small files written on a choice, never on a dial.
    def current_list(self) -> str:
        """The call list being dialled now ("": none)."""
        records = self.read_table(CURRENT_LIST, CURRENT_TABLE)
        name = records[-1].get("list", "") if records else ""
        if not isinstance(name, str) or len(name) > 40:
            raise StoreError(
                tr(
                    "{path}: the current list is not a short name",
                    path=self.root / CURRENT_LIST,
                )
            )
        return name

    def set_current_list(self, name: str) -> None:
        """Make ``name`` the current list ("": none)."""
        with self.transaction(CURRENT_LIST) as db:
            table = db.table(CURRENT_TABLE)
            table.truncate()
            if name:
                table.insert({"list": name})
