"""The domain core: metrics, the funnel, rates, pace and targets.

Pure functions and small dataclasses. Nothing in this package does I/O or
imports textual or tinydb, so every rule here is tested alone.
"""
