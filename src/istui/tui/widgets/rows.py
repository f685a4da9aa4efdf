"""The lists of records a screen redraws after each change (the pipeline's
deals, a day's events): one option a record, by the record's id, and the
cursor kept on the record it was on."""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from textual.widgets import OptionList
from textual.widgets.option_list import Option

RowT = TypeVar("RowT")


def refill(option_list: OptionList, options: Sequence[Option], keep: str | None) -> None:
    """Replace the list's options; the cursor goes to the option whose id is
    ``keep`` when there is one, else stays on the row it was on (the last row
    when the list got shorter)."""
    index = option_list.highlighted
    option_list.clear_options()
    option_list.add_options(options)
    if not options:
        return
    ids = [o.id for o in options]
    if keep in ids:
        option_list.highlighted = ids.index(keep)
    else:
        option_list.highlighted = min(index or 0, len(ids) - 1)


def highlighted_row(option_list: OptionList, rows: Sequence[RowT]) -> RowT | None:
    """The record under the list's cursor (None on an empty list)."""
    index = option_list.highlighted
    if index is None or not 0 <= index < len(rows):
        return None
    return rows[index]
