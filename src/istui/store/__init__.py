"""The store: TinyDB files behind one small interface, durable and shared safely.

See ``istui.store.store.Store``.
"""

from istui.store.files import StoreError
from istui.store.store import SCHEMA_VERSION, Store

__all__ = ["SCHEMA_VERSION", "Store", "StoreError"]
