"""Options several commands declare alike, declared once: the day a command is
about (``--date``) and an event's note (``--note``).

Apart from ``common``, which the import contract of the ``log``/``status`` path
covers: ``IstuiOption`` comes from cli/language.py, whose help layout reaches
rich (cell widths).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any, TypeVar

import click

from istui.cli.language import IstuiOption
from istui.domain.funnel import MAX_EVENT_NOTE

_Decorated = TypeVar("_Decorated", bound=Callable[..., Any])


def date_option(help_text: str) -> Callable[[_Decorated], _Decorated]:
    """``--date YYYY-MM-DD`` into ``day_text``, read with ``Env.day``: the one
    spelling of a day-scoped command's day (``help_text`` marked with N_)."""
    return click.option("--date", "day_text", metavar="YYYY-MM-DD", help=help_text)


def note_option(help_text: str) -> Callable[[_Decorated], _Decorated]:
    """``--note TEXT``: an event's one-line note (``help_text``, marked with N_,
    may name the bound as ``{most}``)."""
    return click.option(
        "--note",
        "note",
        metavar="TEXT",
        cls=IstuiOption,
        help=help_text,
        help_fields={"most": MAX_EVENT_NOTE},
    )
