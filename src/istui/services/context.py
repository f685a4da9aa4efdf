"""What every use case works with: the config, the store and the clock.

One type for the CLI (``cli.common.Env.context``, loaded lazily from the
command line's options) and the TUI (the forms and the day history get one
from the app). ``day_view`` is the one way a day's figures are read from the
store: the target in force that day, the day's events, ``build_day_view``.

Kept light: ``istui status`` reads its day through it.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime

from istui.domain.targets import targets_in_force
from istui.domain.today import DayView, build_day_view
from istui.services.clock import Clock
from istui.services.config import Config
from istui.store import Store


@dataclass(frozen=True)
class Context:
    """The config, the store and the injected clock, loaded once."""

    config: Config
    store: Store
    clock: Clock

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.now().date()

    def day_view(self, day: date) -> DayView:
        """Any day's figures at this moment, judged against the target in force on that day."""
        c = self.config
        targets = targets_in_force(self.store.target_versions(), day, c.calendar)
        events = self.store.day_events(day)
        return build_day_view(events, c.metrics, targets, c.hours, c.calendar, day, self.now())
