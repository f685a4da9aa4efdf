"""The monthly review's words in the month files (months/YYYY-MM.json): one
record, replaced whole on every save, under the lock like every write."""

from __future__ import annotations

from datetime import datetime
from typing import TYPE_CHECKING

from istui.store.core import StoreBase
from istui.store.files import StoreError, parsed
from istui.store.layout import MONTH_REVIEW_TABLE, month_relpath

if TYPE_CHECKING:
    from istui.domain.monthly import MonthWords


class MonthsMixin(StoreBase):
    """The store's monthly reviews."""

    def month_words(self, year: int, month: int) -> MonthWords:
        """Why / So What / Now What saved for the month (empty when none)."""
        from istui.domain.monthly import MonthWords

        relpath = month_relpath(year, month)
        records = self.read_table(relpath, MONTH_REVIEW_TABLE)
        if not records:
            return MonthWords()
        return parsed(MonthWords.from_record, records[-1], self.root / relpath)

    def save_month_words(
        self, year: int, month: int, words: MonthWords, *, at: datetime
    ) -> MonthWords:
        """Replace the month's words with ``words`` stamped ``at`` (aware)."""
        from dataclasses import replace

        from istui.domain.monthly import words_problem

        if at.tzinfo is None:
            raise ValueError("the save time must be aware")
        for name in ("why", "so_what", "now_what"):
            problem = words_problem(name, getattr(words, name))
            if problem:
                raise StoreError(f"{self.root / month_relpath(year, month)}: {problem}")
        stamped = replace(words, changed_at=at)
        with self.transaction(month_relpath(year, month)) as db:
            table = db.table(MONTH_REVIEW_TABLE)
            table.truncate()
            table.insert(stamped.to_record())
        return stamped
