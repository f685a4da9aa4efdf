"""The weekly review's deals section (under the Summary's figures and
diagnosis): the week's deals and the week by channel and segment. Hidden for
a rep who neither moves deals on nor dials lists, so their screen is as before."""

from __future__ import annotations

from rich.table import Table
from rich.text import Text
from textual.widgets import Static

from istui.i18n import tr
from istui.render.review_deals import deal_lines, has_section, slice_tables
from istui.services.review import ReviewBundle
from istui.tui.widgets.review import rich_table


class ReviewDeals(Static):
    """Laid out from a ReviewBundle; computes nothing."""

    def show(self, bundle: ReviewBundle, currency: str = "JPY") -> None:
        r = bundle.review
        self.display = has_section(r)
        if not self.display:
            self.update("")
            return
        grid = Table.grid()
        if r.deals is not None:
            grid.add_row(Text(tr("Deals of the week (商談)"), style="bold"))
            for line in deal_lines(r.deals, currency):
                grid.add_row(Text(line))
        for caption, header, rows in slice_tables(r):
            grid.add_row("")
            grid.add_row(rich_table(header, rows, caption))
        self.update(grid)
