"""What the weekly review screen opens beside its panes: the Trends pane (6)
and the week's 1on1 (o). A base of ReviewScreen (screens/review.py), which
holds the attributes used here, split off at this seam to keep that module
short."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from datetime import date

from rich.text import Text
from textual.widgets import ContentSwitcher, Static

from istui.domain.calendar import IsoWeek
from istui.domain.trends import Trend
from istui.render.safe import one_line
from istui.services.clock import Clock
from istui.services.config import Config
from istui.services.trends import load_trends
from istui.store import Store, StoreError
from istui.tui.bindings import IstuiScreen
from istui.tui.widgets.review import trends_text


class TrendsAndOneOnOne(IstuiScreen[None]):
    """The Trends pane and the 1on1, for ReviewScreen."""

    config: Config
    store: Store
    clock: Clock
    week: IsoWeek
    read_only: bool
    covered: frozenset[date] | None
    #: The team's trends for a week, under the rep's (the lead's drill-down).
    beside: Callable[[IsoWeek], Sequence[Trend]] | None
    trend_numbers: bool
    _trends: tuple[IsoWeek, Sequence[Trend], Sequence[Trend] | None] | None

    def action_tab(self, tab: str) -> None:  # ReviewScreen's
        raise NotImplementedError

    def reload(self) -> None:  # ReviewScreen's
        raise NotImplementedError

    def _show_trends(self) -> None:
        """Read on first view of the pane (13 weeks of events) and per week shown."""
        if self._trends is None or self._trends[0] != self.week:
            today = self.clock.now().date()
            try:
                mine = load_trends(self.config, self.store, self.week, today, covered=self.covered)
            except StoreError as exc:
                self.query_one("#trends-body", Static).update(Text(one_line(str(exc))))
                return
            team = self.beside(self.week) if self.beside is not None else None
            self._trends = (self.week, mine, team)
        _, shown, beside = self._trends
        body = trends_text(shown, beside, numbers=self.trend_numbers, width=self.app.size.width)
        self.query_one("#trends-body", Static).update(body)

    def action_trend_numbers(self) -> None:
        """The numbers week by week, or back to the small charts (bringing the pane up)."""
        if self.query_one(ContentSwitcher).current != "trends":
            self.action_tab("trends")
            return
        self.trend_numbers = not self.trend_numbers
        self._show_trends()

    def action_one_on_one(self) -> None:
        """The week's 1on1 (read-only for a lead's look at a rep's merged copy)."""
        from istui.services.context import Context
        from istui.tui.screens.oneonone import OneOnOneScreen

        ctx = Context(self.config, self.store, self.clock)
        screen = OneOnOneScreen(ctx, self.week, read_only=self.read_only, covered=self.covered)
        self.app.push_screen(screen, lambda _: self.reload())
