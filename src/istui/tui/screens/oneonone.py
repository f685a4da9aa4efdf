"""The 1on1 screen, opened from the weekly review (o): the article's format on
record (domain/oneonone.py, render/oneonone.py).

At the top the week's figures and diagnosis, the format's time guide and a
running clock (from the injected clock; it suggests a phase and never moves
or closes anything). Below, the seven questions each with a field for the
answer, saved as typed (DraftForm), the follow-ups for 「特に問題ありません」 and
the advice on silence as hints, the actions agreed for next week (written
straight into the week's review actions: what, who, by when), and last week's
1on1 beside the done state of the actions it agreed.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import DataTable, Label, Static

from istui.domain.calendar import IsoWeek
from istui.domain.oneonone import ANSWER_LIMIT, PHASES, QUESTION_COUNT, OneOnOne, phase_at
from istui.domain.weekplan import ReviewAction
from istui.i18n import N_, tr, trp
from istui.render import oneonone as words
from istui.render.cells import clip
from istui.render.review import action_row, diagnosis_lines, rep_label
from istui.render.safe import one_line
from istui.services.oneonone import OneOnOneBundle, load_one_on_one, save_answers
from istui.store import StoreError
from istui.tui.base import STYLES
from istui.tui.screens.forms import DraftForm, FormContext
from istui.tui.screens.help import HELP_F1
from istui.tui.screens.review_forms import ActionForm
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import AnswerArea, CountedInput
from istui.tui.widgets.review import OWNER_CELLS


class OneOnOneScreen(DraftForm):
    """One week's 1on1. ``read_only``: the lead looking at a rep's merged copy."""

    #: Read when the screen is first shown, if the app has not read it already.
    CSS_PATH = [STYLES / "oneonone.tcss"]

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", N_("Close"), key_display="esc"),
        Binding("ctrl+s", "submit", N_("Save & close"), priority=True),
        Binding("ctrl+n", "add_action", N_("Agree an action"), priority=True),
        HELP_F1,
    ]

    def __init__(
        self,
        ctx: FormContext,
        week: IsoWeek,
        *,
        read_only: bool = False,
        covered: frozenset[date] | None = None,
    ) -> None:
        super().__init__(ctx, week.monday, id="one-on-one")
        self.week = week
        self.covered = covered
        self.opened = ctx.now()
        self.bundle: OneOnOneBundle = load_one_on_one(
            ctx.config, ctx.store, week, self.opened.date(), covered=covered
        )
        self.talk: OneOnOne | None = self.bundle.talk
        self.read_only = read_only or self.bundle.locked

    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        return not (self.read_only and action == "add_action")

    # ----------------------------------------------------------------- layout
    def compose(self) -> ComposeResult:
        b = self.bundle
        review = b.review
        title = Text(no_wrap=True, overflow="ellipsis")
        title.append(tr(" 1on1 "), style="bold reverse")
        title.append(
            "  "
            + trp(
                "1on1",
                "{rep} · week {week}",
                rep=one_line(rep_label(review.rep_name, review.rep_id)),
                week=str(self.week),
            ),
            style="bold",
        )
        if b.locked:
            title.append(
                "  " + tr("(unreadable: nothing is written until the file is fixed)"),
                style="bold",
            )
        elif self.read_only:
            title.append("  " + trp("1on1", "(read-only)"), style="italic")
        elif b.talk is not None and b.talk.changed_at is not None:
            when = b.talk.changed_at.strftime("%m-%d %H:%M")
            title.append("  " + trp("1on1", "(saved {when})", when=when), style="italic")
        yield Static(title, id="oo-title", classes="form-title")
        head = Text()
        head.append(one_line(words.figures_line(review)) + "\n")
        head.append(one_line(diagnosis_lines(review)[0]), style="bold")
        for problem in review.problems:
            head.append(
                "\n" + trp("1on1", "unreadable: {problem}", problem=one_line(problem)), "red"
            )
        yield Static(head, id="oo-figures")
        yield Static(id="oo-clock")
        with VerticalScroll(id="oo-body", classes="form-body"):
            hints = Text(style="dim")
            hints.append(words.ice_break_line() + "\n")
            hints.append(words.silence_line())
            yield Static(hints, id="oo-hints")
            talk = b.talk
            for number in range(1, QUESTION_COUNT + 1):
                yield CountedInput(
                    words.question(number),
                    f"q{number}",
                    ANSWER_LIMIT,
                    talk.answer(number) if talk else "",
                    multiline=True,
                )
                if number == 2:  # the question the article words to get past "no problems"
                    yield Static(
                        Text(words.no_problem_line(), style="dim"), classes="oo-follow-ups"
                    )
            agreed = tr("Agreed actions for next week (ctrl+n adds one: what, who, by when)")
            if self.read_only:
                agreed = tr("Agreed actions for next week")
            yield Label(agreed, classes="section")
            yield DataTable(id="oo-actions", cursor_type="row", zebra_stripes=False)
            yield Label(
                tr("Last week's 1on1 ({week})", week=str(self.week.shift(-1))), classes="section"
            )
            yield Static(self._last_text(), id="oo-last")
        yield KeysFooter()

    def _last_text(self) -> Text:
        """Last week's answers, and the actions it agreed with their done state."""
        b = self.bundle
        text = Text()
        lines = words.answers_lines(b.last_talk)
        if not lines:
            text.append(tr("No 1on1 was recorded last week.") + "\n", style="dim")
        for line in lines:
            text.append(line + "\n")
        actions = b.review.last_plan.actions
        done = sum(1 for a in actions if a.done)
        text.append(
            tr(
                "Its actions: {done} of {total} done",
                done=done,
                total=len(actions),
            )
            + "\n",
            style="bold",
        )
        for action in actions:
            mark = "✓" if action.done else "·"
            cells = action_row(action, short_date=True)
            text.append(f"{mark} {one_line(cells[1])}  {one_line(cells[2])}  {cells[3]}\n")
        return text

    def on_mount(self) -> None:
        super().on_mount()
        table = self.query_one("#oo-actions", DataTable)
        width = max(16, self.app.size.width - 4 - 3 * 2 - 3 - OWNER_CELLS - 8 - 2)
        table.add_column(trp("1on1", "done"), width=4)
        table.add_column(trp("1on1", "action"), width=width)
        table.add_column(trp("1on1", "owner"), width=OWNER_CELLS)
        table.add_column(trp("1on1", "deadline"), width=8)
        self._fill_actions()
        if self.read_only:
            for area in self.query(AnswerArea):
                area.read_only = True
        self.refresh_clock()
        self.set_interval(1.0, self.refresh_clock)
        if not self.read_only:
            self.query_one("#in-q1").focus()

    def _fill_actions(self) -> None:
        table = self.query_one("#oo-actions", DataTable)
        table.clear()
        for action in self.bundle.review.plan.actions:
            done, what, owner, deadline = action_row(action, short_date=True)
            cells = (done, what, clip(owner, OWNER_CELLS, fill=True), deadline)
            table.add_row(*(Text(c, no_wrap=True) for c in cells), key=str(action.id))

    def refresh_clock(self) -> None:
        """The time guide with the phase the clock suggests, and the clock."""
        elapsed = (self.ctx.now() - self.opened).total_seconds()
        at = phase_at(elapsed)
        text = Text()
        for index in range(len(PHASES)):
            style = "bold reverse" if index == at.index else "dim"
            text.append(words.phase_label(index), style=style)
            text.append(" ")
        text.append("\n")
        text.append(words.clock_text(elapsed), style="bold")
        text.append("  " + words.guide_note(at), style="italic")
        self.query_one("#oo-clock", Static).update(text)

    # ------------------------------------------------------------ the record
    def answers(self) -> tuple[str, ...]:
        return tuple(self._input(f"q{n}") for n in range(1, QUESTION_COUNT + 1))

    def read_form(self) -> dict[str, Any]:
        return {"answers": self.answers()}

    def write(self, record: dict[str, Any]) -> None:
        if self.read_only:
            return
        self.talk = save_answers(
            self.ctx.store,
            self.week,
            tuple(record["answers"]),
            started_at=self.opened,
            now=self.ctx.now(),
            before=self.talk,
        )

    def action_submit(self) -> None:
        if self.flush():
            if not self.read_only:
                self.notify(tr("1on1 of {week} saved", week=str(self.week)))
            self.dismiss(True)

    def action_add_action(self) -> None:
        def done(result: ReviewAction | None) -> None:
            if result is None:
                return
            try:
                self.ctx.store.add_action(self.week.year, self.week.week, result, at=self.ctx.now())
            except StoreError as exc:
                self.notify(trp("1on1", "not saved: {problem}", problem=str(exc)), severity="error")
                return
            plan = self.ctx.store.week_plan(self.week.year, self.week.week)
            review = self.bundle.review
            self.bundle = replace(self.bundle, review=replace(review, plan=plan))
            self._fill_actions()

        self.app.push_screen(ActionForm(None, self.ctx.config.rep_name), done)
