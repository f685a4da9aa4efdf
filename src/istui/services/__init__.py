"""Use cases: read and write through the store, return domain objects. No Textual, no printing."""
