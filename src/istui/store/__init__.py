"""The store: TinyDB files behind one small interface, durable and shared safely.

See ``istui.store.store.Store``; where each file and table lives, ``layout``.
"""

from istui.store.files import StoreError
from istui.store.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]
