"""The store: TinyDB files behind one small interface, durable and shared safely.

See ``istui.store.store.Store``; where each file and table lives, ``layout``.

The names load on first use: ``istui status`` reads the status cache through
``store.status_cache`` alone, without the store's machinery.
"""

from __future__ import annotations

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms on `istui status`
if TYPE_CHECKING:
    from istui.store.files import StoreError
    from istui.store.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]


def __getattr__(name: str) -> object:
    if name == "StoreError":
        from istui.store.files import StoreError

        return StoreError
    if name in ("Store", "SCHEMA_VERSION"):
        from istui.store import store

        return getattr(store, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
