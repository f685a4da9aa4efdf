"""A footer that never hides a key.

Textual's Footer is one scrolling row: at 80 columns, keys past the edge are
simply not visible. Every istui action must show its key, so when the keys do
not fit in one row this footer lays them out in a grid of as many rows as
needed (re-laid on resize and whenever the bindings change).
"""

from __future__ import annotations

from textual import events
from textual.app import ComposeResult
from textual.containers import HorizontalGroup
from textual.widget import Widget
from textual.widgets import Footer

from istui.render.cells import cells

#: Columns kept for the docked "^p palette" key on the right.
PALETTE_WIDTH = 13


def is_key(item: Widget) -> bool:
    """A key of the footer (not a group label or a container): Textual's
    FooterKey, told by what it has, as the class is not public API."""
    return isinstance(getattr(item, "key_display", None), str) and isinstance(
        getattr(item, "description", None), str
    )


def key_width(key: Widget) -> int:
    """Cells one key takes: " k " (key with padding) and "Label " (description)."""
    return cells(getattr(key, "key_display", "")) + cells(getattr(key, "description", "")) + 3


def wrap_rows(widths: list[int], available: int) -> list[list[int]]:
    """Indexes of the keys on each row, filling rows greedily left to right."""
    rows: list[list[int]] = [[]]
    used = 0
    for index, width in enumerate(widths):
        if rows[-1] and used + width > available:
            rows.append([])
            used = 0
        rows[-1].append(index)
        used += width
    return rows


class KeysFooter(Footer):
    """Footer whose keys wrap onto more rows instead of running off the edge."""

    def __init__(self, **kwargs: object) -> None:
        super().__init__(**kwargs)  # type: ignore[arg-type]
        self._laid_width = 0

    def compose(self) -> ComposeResult:
        items: list[Widget] = list(super().compose())
        keys = [item for item in items if is_key(item) and not item.has_class("-command-palette")]
        others = [item for item in items if item not in keys]
        width = self.app.size.width
        self._laid_width = width
        rows = wrap_rows([key_width(k) for k in keys], width - PALETTE_WIDTH)
        self._lift_toasts(len(rows))
        if len(rows) == 1:
            self.styles.layout = "horizontal"
            self.styles.height = 1
            yield from items
            return
        self.styles.layout = "vertical"
        self.styles.height = len(rows)
        for row in rows:
            yield HorizontalGroup(*(keys[i] for i in row), classes="keys-row")
        yield from others

    def _lift_toasts(self, rows: int) -> None:
        """Toasts sit just above the footer (Textual assumes one row), so a
        notice never covers a key."""
        for rack in self.screen.query("ToastRack"):  # by CSS type: the class is not public
            rack.styles.margin = (0, 0, rows, 0)

    def on_resize(self, event: events.Resize) -> None:
        if self.app.size.width != self._laid_width:
            self.call_after_refresh(self.recompose)
