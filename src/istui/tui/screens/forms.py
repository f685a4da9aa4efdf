"""The mid-check and end-of-day reflection screens.

Both save a draft as the rep types (a short debounce, then one small write of
the day file), so a crash, a closed terminal or a kill loses at most the last
fraction of a second; reopening continues the draft. Escape closes and keeps
the draft; ctrl+s submits.
"""

from __future__ import annotations

from dataclasses import replace
from datetime import date
from typing import Any, ClassVar

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Horizontal, VerticalScroll
from textual.css.query import NoMatches
from textual.screen import Screen
from textual.timer import Timer
from textual.widgets import (
    Button,
    Checkbox,
    Input,
    Label,
    RadioSet,
    SelectionList,
    Static,
)
from textual_plotext import PlotextPlot

from istui.domain.reflection import (
    MIDCHECK_LIMITS,
    PLAN_ACTIONS,
    REFLECTION_LIMITS,
    FigureSnapshot,
    MidCheck,
    MidStatus,
    Reflection,
    hourly_series,
    next_working_day,
    parse_target,
    snapshot_of,
)
from istui.services.context import Context
from istui.store import StoreError
from istui.store.forms import (
    apply_tomorrow_targets,
    load_midchecks,
    load_reflection,
    save_midcheck,
    save_reflection,
)
from istui.tui.screens.help import HELP_F1
from istui.tui.widgets.footer import KeysFooter
from istui.tui.widgets.forms import CountedInput, FiguresPanel, RatingPicker, TextInput

#: Seconds of quiet typing after which the draft is written.
SAVE_DELAY = 0.3


#: What a form needs: the config, the store and the injected clock (the one
#: context type of the use cases, services.context.Context).
FormContext = Context


class DraftForm(Screen[bool]):
    """A form whose answers are saved as a draft while the rep types."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "close", "Close (keeps draft)", key_display="esc"),
        Binding("ctrl+s", "submit", "Submit", priority=True),
    ]

    def __init__(self, ctx: FormContext, day: date, *, id: str) -> None:
        super().__init__(id=id)
        self.ctx = ctx
        self.day = day
        self._timer: Timer | None = None
        self._saved: dict[str, Any] | None = None
        self._pending: dict[str, Any] | None = None

    # subclasses: the form's answers as a record, and how to write one
    def read_form(self) -> dict[str, Any]:
        raise NotImplementedError

    def write(self, record: dict[str, Any]) -> None:
        raise NotImplementedError

    def _changed(self) -> None:
        if not self.is_mounted:
            return
        try:
            record = self.read_form()
        except NoMatches:  # widgets not all there yet (mounting)
            return
        if record == self._saved:
            self._pending = None
            return
        self._pending = record
        if self._timer is not None:
            self._timer.stop()
        self._timer = self.set_timer(SAVE_DELAY, self.flush)

    def flush(self) -> bool:
        """Write the pending draft now; False (and a toast) when the store refuses."""
        if self._timer is not None:
            self._timer.stop()
            self._timer = None
        if self._pending is None:
            return True
        record = self._pending
        try:
            self.write(record)
        except (StoreError, ValueError) as exc:
            self.notify(f"draft not saved: {exc}", severity="error", timeout=10)
            return False
        self._saved, self._pending = record, None
        return True

    def on_input_changed(self, _: Input.Changed) -> None:
        self._changed()

    def on_radio_set_changed(self, _: RadioSet.Changed) -> None:
        self._changed()

    def on_checkbox_changed(self, _: Checkbox.Changed) -> None:
        self._changed()

    def on_selection_list_selected_changed(self, _: SelectionList.SelectedChanged[str]) -> None:
        self._changed()

    def on_mount(self) -> None:
        try:
            self._saved = self.read_form()
        except NoMatches:
            self._saved = None

    def on_unmount(self) -> None:
        self.flush()

    def action_close(self) -> None:
        if self.flush():
            self.dismiss(False)

    def action_submit(self) -> None:
        raise NotImplementedError

    def on_button_pressed(self, event: Button.Pressed) -> None:
        action = {"submit": self.action_submit, "close": self.action_close}.get(
            event.button.id or ""
        )
        if action is None:
            action = getattr(self, f"action_{event.button.id}", None)
        if action is not None:
            action()

    def _input(self, field: str) -> str:
        return self.query_one(f"#in-{field}", Input).value


# ----------------------------------------------------------------- mid-check
class MidCheckScreen(DraftForm):
    """A mid-check: the figures now, a block rating and a few short lines."""

    BINDINGS: ClassVar[list[BindingType]] = [
        *DraftForm.BINDINGS,
        Binding("ctrl+n", "skip", "Skip this check", priority=True),
        HELP_F1,
    ]

    def __init__(self, ctx: FormContext, day: date, slot: str) -> None:
        super().__init__(ctx, day, id="midcheck")
        self.slot = slot
        existing = next((c for c in load_midchecks(ctx.store, day) if c.slot == slot), None)
        self.base = existing or MidCheck(slot=slot)
        # A settled check keeps the figures it was made against; a new one or a
        # draft is answered against the figures of this moment.
        if existing is not None and existing.settled and existing.snapshot is not None:
            self.snapshot: FigureSnapshot = existing.snapshot
        else:
            self.snapshot = snapshot_of(ctx.day_view(day))

    def compose(self) -> ComposeResult:
        base = self.base
        title = Text(f" Mid-check {self.slot} ", style="bold reverse")
        title.append(f"  {self.day:%a %Y-%m-%d}", style="bold")
        if base.status is not MidStatus.DRAFT:
            title.append(f"  ({base.status.value})", style="italic")
        yield Static(title, id="form-title", classes="form-title")
        with VerticalScroll(id="form-body", classes="form-body"):
            panel = FiguresPanel(id="figures", classes="figures")
            panel.show(self.snapshot)
            yield panel
            yield Label(
                "How did the block go?  1 poor … 5 great  (required; keys 1-5)",
                classes="field-label",
            )
            yield RatingPicker(base.rating, id="rating", classes="rating")
            limits = MIDCHECK_LIMITS
            yield CountedInput("What is working", "working", limits["working"], base.working)
            yield CountedInput("What is blocking", "blocking", limits["blocking"], base.blocking)
            yield CountedInput(
                "One adjustment for the next block",
                "adjustment",
                limits["adjustment"],
                base.adjustment,
            )
            yield Checkbox("I need help from my lead", base.need_help, id="need-help")
            yield CountedInput("Help with what", "help_text", limits["help_text"], base.help_text)
            with Horizontal(classes="form-buttons"):
                yield Button("Submit ^s", id="submit", variant="primary")
                yield Button("Skip ^n", id="skip")
                yield Button("Close esc", id="close")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self.query_one(RatingPicker).focus()

    def read_form(self) -> dict[str, Any]:
        return self._model().to_record()

    def _model(self) -> MidCheck:
        return replace(
            self.base,
            rating=self.query_one(RatingPicker).rating,
            working=self._input("working"),
            blocking=self._input("blocking"),
            adjustment=self._input("adjustment"),
            need_help=self.query_one("#need-help", Checkbox).value,
            help_text=self._input("help_text"),
            snapshot=self.snapshot,
        )

    def write(self, record: dict[str, Any]) -> None:
        check = replace(MidCheck.from_record(record), changed_at=self.ctx.now())
        save_midcheck(self.ctx.store, self.day, check)

    def _settle(self, check: MidCheck, message: str) -> None:
        if self._timer is not None:
            self._timer.stop()
        try:
            save_midcheck(self.ctx.store, self.day, check)
        except StoreError as exc:
            self.notify(f"not saved: {exc}", severity="error", timeout=10)
            return
        self._pending, self._saved = None, check.to_record()
        self.notify(message)
        self.dismiss(True)

    def action_submit(self) -> None:
        try:
            check = self._model().submit(self.ctx.now())
        except ValueError as exc:
            self.notify(str(exc), severity="warning")
            self.query_one(RatingPicker).focus()
            return
        self._settle(check, f"mid-check {self.slot} saved")

    def action_skip(self) -> None:
        if self.base.status is MidStatus.DONE:
            self.notify(f"mid-check {self.slot} is already done", severity="warning")
            return
        self._settle(self._model().skip(self.ctx.now()), f"mid-check {self.slot} skipped")


# ----------------------------------------------------------------- reflection
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
        title = Text(" Reflection 振り返り ", style="bold reverse")
        title.append(f"  {self.day:%a %Y-%m-%d}", style="bold")
        if base.submitted and base.changed_at is not None:
            title.append(f"  (submitted; last changed {base.changed_at:%m-%d %H:%M})", "italic")
        elif base.changed_at is not None:
            title.append("  (draft)", style="italic")
        yield Static(title, id="form-title", classes="form-title")
        with VerticalScroll(id="form-body", classes="form-body"):
            panel = FiguresPanel(id="figures", classes="figures")
            panel.show(self.snapshot, final=True)
            yield panel
            # The writing fields come before the chart: the first one is
            # focused on open and must be on screen at 80x24, where the
            # figures and a 12-row chart above it would push it out of view.
            yield CountedInput(
                "上手くいった点  What went well", "went_well", limits["went_well"], base.went_well
            )
            yield CountedInput("課題点  What was hard", "hard", limits["hard"], base.hard)
            yield CountedInput(
                "気づき  A learning or discovery", "learning", limits["learning"], base.learning
            )
            yield PlotextPlot(id="hour-chart")
            yield Label("Objections heard (space to pick)", classes="field-label")
            picks = list(config.objections)
            picks += [o for o in base.objections if o not in picks]
            yield SelectionList[str](
                *[(o, o, o in base.objections) for o in picks], id="objections"
            )
            yield CountedInput(
                "Other objections (free text)",
                "objections_other",
                limits["objections_other"],
                base.objections_other,
            )
            yield Label(f"Tomorrow's plan ({self.tomorrow:%a %m-%d})", classes="section")
            for index in range(PLAN_ACTIONS):
                value = base.actions[index] if index < len(base.actions) else ""
                yield CountedInput(
                    f"Action {index + 1}", f"action{index + 1}", limits["action"], value
                )
            note = "optional; blank keeps the usual target"
            if not self.targets_open:
                note = "that day has begun; no longer changeable"
            yield Label(f"Tomorrow's own targets ({note})", classes="field-label")
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
                yield Label("Focus 集中", classes="rating-label")
                yield RatingPicker(base.focus, id="focus", classes="rating")
            with Horizontal(classes="ratings"):
                yield Label("Energy 活力", classes="rating-label")
                yield RatingPicker(base.energy, id="energy", classes="rating")
            yield CountedInput(
                "A help request for my lead",
                "help_request",
                limits["help_request"],
                base.help_request,
            )
            with Horizontal(classes="form-buttons"):
                yield Button("Submit ^s", id="submit", variant="primary")
                yield Button("Close esc", id="close")
        yield KeysFooter()

    def on_mount(self) -> None:
        super().on_mount()
        self._draw_chart()
        self.query_one("#in-went_well", Input).focus()
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
        draw(labels, [series[m.key] for m in funnel], labels=[m.short for m in funnel])
        peak = max((max(v, default=0) for v in series.values()), default=0)
        step = max(1, -(-peak // 4))
        plt.yticks(list(range(0, peak + step, step)))
        plt.title("hour by hour")

    def _targets(self, *, strict: bool) -> dict[str, int]:
        targets = {}
        for metric in self.ctx.config.metrics.funnel:
            text = self.query_one(f"#target-{metric.key}", Input).value
            try:
                value = parse_target(text)
            except ValueError as exc:
                if strict:
                    raise ValueError(f"tomorrow's {metric.label}: {exc}") from None
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
            self.notify(str(exc), severity="warning")
            return
        if self._timer is not None:
            self._timer.stop()
        message = f"reflection for {self.day:%m-%d} saved"
        try:
            save_reflection(self.ctx.store, reflection)
            if self.targets_open and apply_tomorrow_targets(
                self.ctx.store, reflection, self.tomorrow
            ):
                message += f"; targets for {self.tomorrow:%a %m-%d} set"
        except StoreError as exc:
            self.notify(f"not saved: {exc}", severity="error", timeout=10)
            return
        self._pending, self._saved = None, self.read_form()
        self.notify(message)
        self.dismiss(True)
