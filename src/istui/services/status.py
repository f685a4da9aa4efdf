"""The status cache's figures, computed from the config for the store's write
path (``store.Store._status_written`` calls ``StatusFigures`` under the lock
after every write), and read back by the lean `istui status` (``istui.lean``).

What is cached is what does not change until the next write: the rendered
count parts of the line, the headline's count and target, the working hours
and the day's JSON head. Pace is left to the reader, from the clock.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date, time, timedelta
from typing import Any

from istui.domain.funnel import Event
from istui.domain.targets import TargetVersion, targets_in_force
from istui.domain.today import DayView, build_day_view
from istui.i18n import current_language
from istui.render.statusline import day_model, figures_of
from istui.render.today import status_line
from istui.services.clock import Clock
from istui.services.config import Config


def _seconds(t: time) -> int:
    return t.hour * 3600 + t.minute * 60 + t.second


def cache_figures(view: DayView, config: Config) -> dict[str, Any]:
    """The day's figures as the cache keeps them (see ``istui.lean``)."""
    hours = config.hours
    metrics = config.metrics
    model = day_model(
        [(m.key, m.short) for m in metrics.all],
        {key: list(metrics.stages_counted(key)) for key in metrics.keys},
        [
            (lower.key, upper.key)
            for upper, lower in zip(metrics.funnel, metrics.funnel[1:], strict=False)
        ],
        {line.metric.key: line.count for line in view.lines},
        {line.metric.key: line.target for line in view.lines},
    )
    parts, body = figures_of(model, view.day.isoformat())
    return {
        "model": model,
        "parts": parts,
        "working_day": config.calendar.is_working_day(view.day),
        "hours": {
            # minutes for the share of the day (as WorkHours), seconds for the phase
            "spans": [list(span) for span in hours._working_spans()],
            "start": _seconds(hours.start),
            "end": _seconds(hours.end),
            "breaks": [[_seconds(s), _seconds(e)] for s, e in hours.breaks],
        },
        "json": body,
        "backups_kept": config.backups_kept,
    }


#: How many days ahead the cache holds the targets for (a long weekend, a week off).
AHEAD_DAYS = 10


class StatusFigures:
    """The store's status hook for one loaded config.

    ``config_signature`` is the config file's signature taken before it was
    read: a config edited since makes every cache written from this one stale.
    """

    def __init__(
        self, config: Config, config_path: str, config_signature: list[int] | None, clock: Clock
    ) -> None:
        self.config = config
        self.config_path = config_path
        self.config_signature = config_signature
        self.clock = clock

    def __call__(
        self, today: date, events: Sequence[Event], versions: Sequence[TargetVersion]
    ) -> tuple[dict[str, Any], str, dict[str, Any]]:
        c = self.config
        targets = targets_in_force(versions, today, c.calendar)
        now = self.clock.now()
        view = build_day_view(events, c.metrics, targets, c.hours, c.calendar, today, now)
        sig = {"config_path": self.config_path, "config": self.config_signature}
        figures = cache_figures(view, c)
        # the language the parts and the line are in, and the config's wish
        # (the lean path decides the language without reading the config)
        figures["lang"] = current_language()
        figures["ui_language"] = c.language
        # the days ahead, so the first write after midnight (or a weekend) finds
        # its targets here too: valid while targets.json and the config are unchanged
        figures["ahead"] = {
            day.isoformat(): {
                "targets": {k: v for k, v in targets_in_force(versions, day, c.calendar).items()},
                "working_day": c.calendar.is_working_day(day),
            }
            for day in (today + timedelta(days=i) for i in range(1, AHEAD_DAYS + 1))
        }
        return figures, status_line(view), sig
