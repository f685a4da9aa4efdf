"""Where everything lives in a store folder, and what its tables are called.

Layout of a rep's store folder::

    store.json                 marker: format and schema version
    days/2026/2026-11-23.json  that day's events, mid-checks and reflection
    weeks/2026-W47.json        that week's review (actions, focus, changed)
    months/2026-11.json        that month's review (Why / So What / Now What)
    targets.json               the target versions
    deals.json                 the 商談 records: each booked meeting's steps
    list.json                  the call list being dialled now
    backups/2026-11-23/        dated daily backups (see backups.snapshot)
    .lock                      the cross-process lock
    status.json, status.txt    the status cache and line (see status_cache)

The team store is one SQLite file (``team``, which alone names its tables).
A team folder of istui 0.1 (``team_folder``, read only to upgrade it) holds
team.json, an index store (reps.json) and one such store per rep, whose day
files also hold day_targets and supplied, and which keeps ids.json (event id
-> day).

Why one module: every other layer names a file or a table only through these
constants, so a renamed file or table is one edit here, and no layer above the
store spells a path or a table name of its own (they drifted apart before:
"midchecks" was spelled in four places). Kept free of imports beyond the
standard library, as it is on the path of every `istui log`.
"""

from __future__ import annotations

from datetime import date

# ------------------------------------------------------------------- files
#: A rep's store files say what they are: this format, this schema version.
#: Schema 2: every target version says who set it and why (``by``, ``reason``,
#: ``reason_text``); schema 1 files are read and upgraded by store.targets.
STORE_FORMAT = "istui-store"
STORE_SCHEMA = 2
#: The marker of a rep's store (format and schema version).
MARKER = "store.json"
#: The marker of a team store.
TEAM_MARKER = "team.json"
LOCK = ".lock"
TARGETS = "targets.json"
#: The deals (商談) moved on from their booked meeting (table DEALS_TABLE): one
#: small file, written only when a deal changes, never on a dial.
DEALS = "deals.json"
#: The call list the rep is dialling now (table CURRENT_TABLE, one record):
#: every dial logged carries it until it changes. Written by the list picker
#: and `istui log --list`; its presence sends `istui log` off the lean path.
CURRENT_LIST = "list.json"
#: The team store's per-rep index of event ids (table IDS_TABLE).
IDS = "ids.json"
#: The team store's reps index, inside its index store (table REPS_TABLE).
REPS = "reps.json"
DAYS = "days"
WEEKS = "weeks"
#: The monthly reviews' words, one file a month (``month_relpath``).
MONTHS = "months"
BACKUPS = "backups"
#: What the status line needs, left by every write (see ``status_cache``), and
#: the ready-made line for a shell or tmux to `cat`. Caches, not data: never
#: backed up or restored.
STATUS_CACHE = "status.json"
STATUS_LINE = "status.txt"
#: The team store's folders: the index store and one store per rep.
TEAM_INDEX = "index"
TEAM_REPS = "reps"
#: Everything a backup copies and a restore replaces (the lock and the backups
#: themselves are not data).
DATA_ENTRIES = (MARKER, TARGETS, DEALS, CURRENT_LIST, DAYS, WEEKS, MONTHS)


def day_relpath(day: date) -> str:
    return f"{DAYS}/{day:%Y}/{day.isoformat()}.json"


def week_relpath(year: int, week: int) -> str:
    return f"{WEEKS}/{year:04d}-W{week:02d}.json"


def month_relpath(year: int, month: int) -> str:
    return f"{MONTHS}/{year:04d}-{month:02d}.json"


def is_day_relpath(relpath: str) -> bool:
    return relpath.startswith(f"{DAYS}/")


# ------------------------------------------------------------------ tables
#: Every store file's first table: one record with the format and schema.
META_TABLE = "_meta"
# A day file.
EVENTS_TABLE = "events"
MIDCHECK_TABLE = "midchecks"
REFLECTION_TABLE = "reflection"
#: The day's undo journal of event edits and deletes (see events.EventsMixin.undo):
#: kept in the day file so a change and its journal entry land in one write;
#: never exported, never merged.
CHANGES_TABLE = "changes"
#: The day's two notes, in the order the merge writes them.
NOTE_TABLES = (MIDCHECK_TABLE, REFLECTION_TABLE)
#: Team store only: the targets the rep had in force that day.
DAY_TARGETS_TABLE = "day_targets"
#: Team store only: which export last supplied the day's events, one document
#: ``{"exported_at_utc": ...}`` (see services.merge.state.DayState).
SUPPLIED_TABLE = "supplied"
# A week file.
ACTIONS_TABLE = "actions"
FOCUS_TABLE = "focus"
#: One record, ``{"changed_at": ...}``: when the week's actions or focus were last
#: saved (an aware ISO time). One stamp for the whole plan rather than one per
#: record, so a deleted action moves it too; the team merge keeps the copy of a
#: week's review with the newer stamp.
CHANGED_TABLE = "changed"
# A month file: the monthly review's Why / So What / Now What (one record).
MONTH_REVIEW_TABLE = "review"
# targets.json, ids.json, reps.json.
VERSIONS_TABLE = "versions"
IDS_TABLE = "days"
#: deals.json: one document per deal that has moved on (see domain.deals.Deal).
DEALS_TABLE = "deals"
#: list.json: one record, ``{"list": name}`` (no record: no list).
CURRENT_TABLE = "current"
REPS_TABLE = "reps"
