"""Machine outputs in the source language, whatever the interface's.

JSON and CSV that carry a sentence (a diagnosis headline in ``report --format
json``, a bottleneck cell in the team CSV) write it in English, so scripts and
the team merge read the same bytes from reps who chose different languages.
Wrap the building of such an output in ``source_language()``.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import wraps
from typing import ParamSpec, TypeVar

from istui.i18n import current_language, set_language

P = ParamSpec("P")
R = TypeVar("R")


@contextmanager
def source_language() -> Iterator[None]:
    """English inside the block; the language in force again after it."""
    was = current_language()
    if was == "en":
        yield
        return
    set_language("en")
    try:
        yield
    finally:
        set_language(was)


def in_source_language(build: Callable[P, R]) -> Callable[P, R]:
    """``build`` always run in English (a JSON or CSV output's builder)."""

    @wraps(build)
    def run(*args: P.args, **kwargs: P.kwargs) -> R:
        with source_language():
            return build(*args, **kwargs)

    return run
