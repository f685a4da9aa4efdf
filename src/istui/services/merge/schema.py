"""The export schema, declared once: every field's type and bound (msgspec
decodes and checks them in one pass, strictly: no coercion, a lone surrogate
or an integer past 64 bits is a decode error). The checks a type cannot say
(dates, the range, ids, the lead's clock) are by hand in ``check``.

These bounds are generous for what ``istui export`` writes and tight enough
that no export can make the merge use much time or memory: see
docs/export-format.md.
"""

from __future__ import annotations

from typing import Annotated, Any

import msgspec
from msgspec import Meta, field

#: The longest text a rep can put in one field (a note, a label, a name).
MAX_TEXT = 4000
#: The most events one export can hold (three years of a busy rep).
MAX_EVENTS = 2_000_000
#: Whole numbers (counts, the schema): far above any real count, far below 64 bits.
MAX_WHOLE = 10**9

Whole = Annotated[int, Meta(ge=0, le=MAX_WHOLE)]
Short = Annotated[str, Meta(max_length=64)]
Label = Annotated[str, Meta(max_length=200)]
Text = Annotated[str, Meta(max_length=MAX_TEXT)]
DayText = Annotated[str, Meta(max_length=10)]
Key = Annotated[str, Meta(max_length=24)]
#: A call list, channel or segment name (domain.lists.MAX_TAG).
Tag = Annotated[str, Meta(max_length=40)]
#: The most deals one export carries.
MAX_DEALS = 100_000


class Header(msgspec.Struct):
    """The fields read before the schema version is known (any type: checked by hand)."""

    format: Any = None
    schema: Any = None
    istui_version: Any = None


class Rep(msgspec.Struct, forbid_unknown_fields=False):
    id: Short = ""
    name: Label = ""


class Range(msgspec.Struct):
    from_: DayText = field(name="from", default="")
    to: DayText = ""
    week: Annotated[str, Meta(max_length=10)] | None = None


class Metrics(msgspec.Struct, omit_defaults=True):
    # None defaults, omitted when absent: the reps index keeps these records as
    # the export wrote them (an empty list stays an empty list).
    funnel: Annotated[list[Key], Meta(max_length=24)] | None = None
    counters: Annotated[list[Key], Meta(max_length=24)] | None = None
    labels: Annotated[dict[Key, Label], Meta(max_length=48)] | None = None


class Calendar(msgspec.Struct, omit_defaults=True):
    workdays: Annotated[list[Annotated[int, Meta(ge=0, le=7)]], Meta(max_length=7)] | None = None
    holidays: Annotated[list[DayText], Meta(max_length=2000)] | None = None


class Hours(msgspec.Struct, omit_defaults=True):
    start: Annotated[str, Meta(max_length=5)] | None = None
    end: Annotated[str, Meta(max_length=5)] | None = None
    breaks: Annotated[list[Annotated[str, Meta(max_length=11)]], Meta(max_length=24)] | None = None


class PickLists(msgspec.Struct, omit_defaults=True):
    objections: Annotated[list[Label], Meta(max_length=200)] | None = None


class Event(msgspec.Struct):
    id: Short
    at: Annotated[str, Meta(max_length=40)]
    kind: Key
    #: The rep's one-line note on the dial (only with notes, and only when there
    #: is one): bounded here as any text; ``check`` applies the note's own rule
    #: (``domain.funnel.check_note``: at most 200 characters, one line).
    note: Text | None = None
    #: Schema 2: the call list it was dialled from, its channel and segment.
    list: Tag | None = None
    channel: Tag | None = None
    segment: Tag | None = None


#: A record the export carries without interpreting (a note, a review table's
#: row, a target version): its values are bounded by ``check.bounded``.
Record = dict[Short, Any]


class Targets(msgspec.Struct):
    #: A day's targets: their values are checked by ``check`` with the domain's
    #: one rule for a daily target (``target_problem``: whole, 0-100,000).
    by_day: Annotated[
        dict[DayText, Annotated[dict[Key, Any], Meta(max_length=48)]], Meta(max_length=1200)
    ] = {}
    versions: Annotated[list[Record], Meta(max_length=10_000)] = []


class DayNotes(msgspec.Struct):
    date: DayText
    records: Annotated[list[Record], Meta(max_length=50)]


class WeekReview(msgspec.Struct):
    week: Annotated[str, Meta(max_length=10)]
    tables: Annotated[dict[Key, Annotated[list[Record], Meta(max_length=500)]], Meta(max_length=24)]


class Export(msgspec.Struct):
    format: Short
    schema: Whole
    exported_at: Annotated[str, Meta(max_length=40)]
    rep: Rep | None = None
    range: Range | None = None
    istui_version: Short = ""
    notes_included: bool = True
    metrics: Metrics | None = None
    calendar: Calendar | None = None
    hours: Hours | None = None
    pick_lists: PickLists | None = None
    event_count: Whole | None = None
    events: Annotated[list[Event], Meta(max_length=MAX_EVENTS)] | None = None
    targets: Targets = msgspec.field(default_factory=Targets)
    midchecks: Annotated[list[DayNotes], Meta(max_length=1200)] = []
    reflections: Annotated[list[DayNotes], Meta(max_length=1200)] = []
    weekly_reviews: Annotated[list[WeekReview], Meta(max_length=200)] = []
    #: Schema 2: each deal as ``domain.deals.Deal.to_record`` (checked by ``check``).
    deals: Annotated[list[Record], Meta(max_length=MAX_DEALS)] = []
