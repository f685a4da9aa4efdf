"""The monthly review screen (月次レビュー): the month's figures, its bottleneck,
its weeks side by side, and the review's frame, What (the numbers, filled in)
→ Why → So What → Now What, the last three in the rep's own words, saved as
typed (a draft written after a short pause, like the other forms). ctrl+n
makes next month's plan (the back-calculation from the month's real rates)
the daily targets from its first day.
"""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from istui.domain.monthly import MAX_WORDS, MonthWords
from istui.i18n import N_, tr, trp
from istui.render import diagnosis
from istui.render.deals import deal_month_lines
from istui.render.month import month_lines
from istui.render.month_review import FRAME, plan_lines, state_line, title, week_rows, what_text
from istui.render.safe import one_line
from istui.render.target_history import lowered_lines
from istui.services.monthly import (
    MonthBundle,
    apply_next_plan,
    load_month_review,
    save_month_words,
)
from istui.store import StoreError
from istui.tui.screens.forms import DraftForm, FormContext
from istui.tui.screens.help import HELP_KEY
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import CountedInput
from istui.tui.widgets.review import rich_table


class MonthReviewScreen(DraftForm):
    """One month's review; its words are saved as the rep types."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DraftForm.BINDINGS,
        Binding("ctrl+n", "apply_plan", N_("Apply plan"), priority=True),
        HELP_KEY,
    ]

    def __init__(self, ctx: FormContext, year: int, month: int) -> None:
        self.year, self.month = year, month
        self.bundle: MonthBundle = load_month_review(
            ctx.config, ctx.store, year, month, ctx.clock.now()
        )
        super().__init__(ctx, date(year, month, 1), id="month-review")

    def compose(self) -> ComposeResult:
        r = self.bundle.review
        yield Static(
            Text(
                f" {one_line(title(self.bundle))} ", style="bold", no_wrap=True, overflow="ellipsis"
            ),
            id="month-title",
            classes="form-title",
        )
        with VerticalScroll(id="month-body", classes="form-body"):
            yield Static(self._figures(), id="month-figures")
            yield Static(self._diagnosis(), id="month-diagnosis")
            yield Static(
                rich_table(*week_rows(r), tr("The month's weeks (actual/target)")), id="month-weeks"
            )
            yield Static(
                Text(trp("month review", "What") + ": " + what_text(r), style="bold"),
                id="month-what",
                classes="section",
            )
            for key, label, question in FRAME:
                yield CountedInput(
                    f"{tr(label)} — {tr(question)}",
                    key,
                    MAX_WORDS,
                    str(getattr(r.words, key)),
                    multiline=True,
                )
            yield Static(self._plan(), id="month-plan")
        yield KeysFooter()

    def _figures(self) -> Text:
        r = self.bundle.review
        text = Text(state_line(r) + "\n", style="italic")
        text.append("\n".join(month_lines(r.view)) + "\n")
        if self.bundle.deals is not None:
            currency = self.ctx.config.deals.currency
            text.append("\n".join(deal_month_lines(self.bundle.deals, currency)) + "\n")
        for line in lowered_lines(r.lowered):
            text.append(f"↓ {one_line(line)}\n", style="bold")
        return text

    def _diagnosis(self) -> Text:
        d = self.bundle.review.diagnosis
        text = Text(tr("Diagnosis (the bottleneck of the month)") + "\n", style="bold")
        text.append(diagnosis.headline(d) + "\n", style="bold")
        for line in diagnosis.details(d):
            text.append(f"· {line}\n")
        causes = diagnosis.causes(d)
        if causes:
            text.append(tr("usual causes: {causes}", causes=", ".join(causes)) + "\n")
        return text

    def _plan(self) -> Text:
        text = Text(tr("Next month's plan") + "\n", style="bold")
        text.append("\n".join(plan_lines(self.bundle.review.next_plan)) + "\n")
        if self.bundle.review.next_plan.plan is not None:
            text.append(tr("ctrl+n: make these the daily targets") + "\n", style="italic")
        return text

    def read_form(self) -> dict[str, Any]:
        return {key: self._input(key) for key, _label, _question in FRAME}

    def write(self, record: dict[str, Any]) -> None:
        words = MonthWords(
            why=str(record.get("why", "")),
            so_what=str(record.get("so_what", "")),
            now_what=str(record.get("now_what", "")),
        )
        save_month_words(self.ctx.store, self.year, self.month, words, self.ctx.now())

    def action_submit(self) -> None:
        if self.flush():
            self.notify(tr("monthly review saved"))

    def action_apply_plan(self) -> None:
        if not self.flush():
            return
        try:
            version = apply_next_plan(
                self.ctx.config,
                self.ctx.store,
                self.bundle.review,
                self.ctx.now().date(),
                self.ctx.now(),
            )
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            return
        if version is None:
            self.notify(tr("no plan to apply for next month"), severity="warning")
            return
        figures = " · ".join(f"{k} {v:,}" for k, v in version.values.items())
        self.notify(
            tr(
                "targets from {day}: {figures}",
                day=version.effective.isoformat(),
                figures=figures,
            )
        )
