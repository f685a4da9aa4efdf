"""istui: a terminal tracker for inside-sales calling blocks."""

__version__ = "0.1.0"
