"""The end-of-day reflection screen (終業時の振り返り).

A draft is saved as the rep types (DraftForm, screens/forms.py).
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.widgets import Button, Input, Label, SelectionList, Static
from textual_plotext import PlotextPlot

from istui.domain.reflection import (
    PLAN_ACTIONS,
    REFLECTION_LIMITS,
    Reflection,
    hourly_series,
    next_working_day,
    parse_target,
    snapshot_of,
)
from istui.i18n import tr
from istui.render.dates import day_month, full_date
from istui.render.statusline import status_word
from istui.services.forms import apply_tomorrow_targets, load_reflection, save_reflection
from istui.tui.screens.forms import DraftForm, FormContext
from istui.tui.screens.help import HELP_F1
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import CountedInput, FiguresPanel, RatingPicker, TextInput


class ReflectionScreen(DraftForm):
    """The end-of-day reflection (終業時の振り返り): the day's figures and chart,
    then what went well, what was hard, a learning, objections, tomorrow's plan."""

    BINDINGS: ClassVar[list[BindingType]] = [*DraftForm.BINDINGS, HELP_F1]

    def __init__(self, ctx: FormContext, day: date) -> None:
        super().__init__(ctx, day, id="reflection")
        self.base = load_reflection(ctx.store, day) or Reflection(day=day)
        self.view = ctx.day_view(day)
        self.snapshot = snapshot_of(self.view)
        self.tomorrow = next_working_day(day, ctx.config.calendar)
        #: Tomorrow's targets can be set while "tomorrow" is still ahead: a day
        #: that has started (or passed) keeps the target it was judged against.
        self.targets_open = self.tomorrow > ctx.now().date()

    def compose(self) -> ComposeResult:
        base = self.base
        config = self.ctx.config
        limits = REFLECTION_LIMITS
        title = Text(" " + tr("Reflection 振り返り") + " ", style="bold reverse")
        title.append(f"  {full_date(self.day)}", style="bold")
        if base.submitted and base.changed_at is not None:
            changed = f"{base.changed_at:%m-%d %H:%M}"
            title.append("  " + tr("(submitted; last changed {when})", when=changed), "italic")
        elif base.changed_at is not None:
            title.append("  " + tr("(draft)"), style="italic")
        yield Static(title, id="form-title", classes="form-title")
        with VerticalScroll(id="form-body", classes="form-body"):
            panel = FiguresPanel(id="figures", classes="figures")
            panel.show(self.snapshot, final=True)
            yield panel
            # The writing fields come before the chart: the first one is
            # focused on open and must be on screen at 80x24, where the
            # figures and a 12-row chart above it would push it out of view.
            yield CountedInput(
                tr("上手くいった点  What went well"),
                "went_well",
                limits["went_well"],
                base.went_well,
                multiline=True,
            )
            yield CountedInput(
                tr("課題点  What was hard"), "hard", limits["hard"], base.hard, multiline=True
            )
            yield CountedInput(
                tr("気づき  A learning or discovery"),
                "learning",
                limits["learning"],
                base.learning,
                multiline=True,
            )
            yield PlotextPlot(id="hour-chart")
            yield Label(tr("Objections heard (space to pick)"), classes="field-label")
            picks = list(config.objections)
            picks += [o for o in base.objections if o not in picks]
            yield SelectionList[str](
                *[(o, o, o in base.objections) for o in picks], id="objections"
            )
            yield CountedInput(
                tr("Other objections (free text)"),
                "objections_other",
                limits["objections_other"],
                base.objections_other,
            )
            yield Label(
                tr("Tomorrow's plan ({day})", day=day_month(self.tomorrow)), classes="section"
            )
            for index in range(PLAN_ACTIONS):
                value = base.actions[index] if index < len(base.actions) else ""
                yield CountedInput(
                    tr("Action {number}", number=index + 1),
                    f"action{index + 1}",
                    limits["action"],
                    value,
                )
            note = (
                tr("Tomorrow's own targets (optional; blank keeps the usual target)")
                if self.targets_open
                else tr("Tomorrow's own targets (that day has begun; no longer changeable)")
            )
            yield Label(note, classes="field-label")
            with Horizontal(id="tomorrow-targets"):
                current = self.view
                for metric in config.metrics.funnel:
                    line = current.line(metric.key)
                    own = base.tomorrow_targets.get(metric.key)
                    yield Label(metric.label, classes="target-label")
                    yield TextInput(
                        "" if own is None else str(own),
                        placeholder=str(line.target if line else ""),
                        max_length=4,
                        restrict=r"[0-9]*",
                        id=f"target-{metric.key}",
                        classes="target-input",
                        compact=True,
                        disabled=not self.targets_open,
                    )
            with Horizontal(classes="ratings"):
                yield Label(tr("Focus 集中"), classes="rating-label")
                yield RatingPicker(base.focus, id="focus", classes="rating")
            with Horizontal(classes="ratings"):
                yield Label(tr("Energy 活力"), classes="rating-label")
                yield RatingPicker(base.energy, id="energy", classes="rating")
            yield CountedInput(
                tr("A help request for my lead"),
                "help_request",
                limits["help_request"],
                base.help_request,
            )
            with Horizontal(classes="form-buttons"):
                yield Button(tr("Submit ^s"), id="submit", variant="primary")
                yield Button(tr("Close esc"), id="close")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._draw_chart()
        self.query_one("#in-went_well").focus()
        # Once laid out, make sure the focused field (and its label) shows.
        self.call_after_refresh(self.query_one("#field-went_well").scroll_visible, animate=False)

    def _draw_chart(self) -> None:
        funnel = self.ctx.config.metrics.funnel[:2]
        hours, series = hourly_series(
            self.snapshot.hourly, [m.key for m in funnel], self.ctx.config.hours
        )
        plt = self.query_one(PlotextPlot).plt
        plt.clear_data()
        labels = [f"{h:02d}h" for h in hours]
        # ASCII legend: plotext measures text in characters, not columns. The
        # stub names the keyword ``label``; plotext itself takes ``labels``.
        draw: Any = plt.multiple_bar
        legend = [status_word(m.key, m.short) for m in funnel]
        if not all(word.isascii() for word in legend):  # plotext counts characters
            legend = [m.bind for m in funnel]  # the keys the rep presses
        draw(labels, [series[m.key] for m in funnel], labels=legend)
        peak = max((max(v, default=0) for v in series.values()), default=0)
        step = max(1, -(-peak // 4))
        plt.yticks(list(range(0, peak + step, step)))
        plt.title(tr("hour by hour"))

    def _targets(self, *, strict: bool) -> dict[str, int]:
        targets = {}
        for metric in self.ctx.config.metrics.funnel:
            text = self.query_one(f"#target-{metric.key}", Input).value
            try:
                value = parse_target(text)
            except ValueError as exc:
                if strict:
                    raise ValueError(
                        tr("tomorrow's {label}: {error}", label=metric.label, error=exc)
                    ) from None
                continue
            if value is not None:
                targets[metric.key] = value
        return targets

    def _model(self, *, strict: bool = False) -> Reflection:
        return replace(
            self.base,
            went_well=self._input("went_well"),
            hard=self._input("hard"),
            learning=self._input("learning"),
            objections=tuple(self.query_one("#objections", SelectionList).selected),
            objections_other=self._input("objections_other"),
            actions=tuple(self._input(f"action{i + 1}") for i in range(PLAN_ACTIONS)),
            tomorrow_targets=self._targets(strict=strict),
            focus=self.query_one("#focus", RatingPicker).rating,
            energy=self.query_one("#energy", RatingPicker).rating,
            help_request=self._input("help_request"),
        )

    def read_form(self) -> dict[str, Any]:
        return self._model().to_record()

    def write(self, record: dict[str, Any]) -> None:
        reflection = replace(Reflection.from_record(record), changed_at=self.ctx.now())
        save_reflection(self.ctx.store, reflection)

    def action_submit(self) -> None:
        now = self.ctx.now()
        try:
            model = self._model(strict=True)
            reflection = replace(model, snapshot=self.snapshot).submit(now)
        except ValueError as exc:
            self.notify(str(exc), severity="warning", markup=False)
            return
        day = f"{self.day:%m-%d}"

        def save() -> str:
            save_reflection(self.ctx.store, reflection)
            if self.targets_open and apply_tomorrow_targets(
                self.ctx.store, reflection, self.tomorrow
            ):
                return tr(
                    "reflection for {day} saved; targets for {tomorrow} set",
                    day=day,
                    tomorrow=day_month(self.tomorrow),
                )
            return tr("reflection for {day} saved", day=day)

        self.settle(self.read_form(), save)
