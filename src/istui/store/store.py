"""The rep's store: one small TinyDB file per day, plus a few small files.

The folder's layout (which file holds what, and every table name) is in
``layout``. ``Store`` is assembled from one mixin per job, each in its own
module over the shared core (``core``: the marker, reading a file, and the
transaction and lock every write goes through):

- ``events``: logging and undoing events, reading them by day;
- ``targets``: the target versions;
- ``weekplans``: the weekly review's plan and the week's notes;
- ``doctor``: backups, unreadable files and restores (``backups`` takes them).
"""

from __future__ import annotations

from istui.store.core import SCHEMA_VERSION, DayFile
from istui.store.doctor import DoctorMixin, FileProblem, RestoreChange
from istui.store.events import DaySnapshot
from istui.store.weekplans import WeekPlansMixin

__all__ = [
    "SCHEMA_VERSION",
    "DayFile",
    "DaySnapshot",
    "FileProblem",
    "RestoreChange",
    "Store",
]


class Store(DoctorMixin, WeekPlansMixin):
    """The one interface to a rep's (or a team's) data on disk."""
