"""The events screen: a day's logged dials, newest first, each one fixable.

On a row: a logging key changes its outcome (a ``c`` that was really an ``o``),
enter adds or edits its note, delete removes it (after a confirm); ``+`` logs a
forgotten dial at a time of day, ``u`` undoes the day's last change, ``[`` and
``]`` step through the days. Every change keeps the event's id and goes
through the store's locked, atomic write, like a key press on Today.
"""

from __future__ import annotations

from collections.abc import Callable
from datetime import date, timedelta
from typing import ClassVar

from rich.text import Text
from textual import events, on
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.markup import escape
from textual.widgets import Input, Label, OptionList, Select
from textual.widgets.option_list import Option

from istui.domain.funnel import MAX_EVENT_NOTE, Event
from istui.i18n import N_, tr, trn
from istui.render.cells import pad
from istui.render.dates import full_date
from istui.render.events import edited_text, kind_label, newest_first, printable, undone_text
from istui.render.statusline import status_word
from istui.render.today import status_line
from istui.services.events import moment_at
from istui.services.session import DaySession
from istui.store import StoreError
from istui.store.events import UnknownEvent
from istui.tui.bindings import IstuiModal, UnsavedTextModal
from istui.tui.screens.field_form import FieldsForm
from istui.tui.screens.help import HELP_KEY
from istui.tui.screens.record_list import RecordListScreen
from istui.tui.widgets.forms import TextInput


def event_prompt(event: Event, label: str) -> Text:
    """One row of the list: time, outcome, note (the note dim, shown as text)."""
    text = Text(f"{event.at:%H:%M:%S}  ")
    text.append(pad(printable(label), 10), style="bold")
    if event.note:
        text.append(f"  {printable(event.note)}", style="italic")
    return text


class EventsScreen(RecordListScreen[Event]):
    """A day's events (today's unless another is chosen), newest first."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "dismiss", N_("Back"), key_display="esc"),
        # priority: before the list's own enter (select), so it is also in the footer
        Binding("enter", "note", N_("Note"), priority=True),
        Binding("delete", "delete", N_("Delete"), key_display="del"),
        Binding("plus", "add", N_("Add at…"), key_display="+"),
        Binding("u", "undo", N_("Undo")),
        Binding("left_square_bracket", "day(-1)", N_("Day before"), key_display="["),
        Binding("right_square_bracket", "day(1)", N_("Day after"), key_display="]"),
        HELP_KEY,
    ]

    PART = "events"
    SUMMARY = "events-status"

    def __init__(self, session: DaySession, day: date | None = None) -> None:
        super().__init__(id="events")
        self.session = session
        self.day = day or session.day

    # ------------------------------------------------------------- bindings
    def check_action(self, action: str, parameters: tuple[object, ...]) -> bool | None:
        if action == "day" and parameters and parameters[0] == 1:
            return True if self.day < self.session.day else None  # shown, dimmed on today
        return True

    def on_key(self, event: events.Key) -> None:
        """A logging key on a row changes that event's outcome (the config's keys
        differ per rep, so they are matched here rather than bound)."""
        for metric in self.session.config.metrics.all:
            if event.key == metric.bind:
                event.stop()
                event.prevent_default()
                self.set_kind(metric.key)
                return

    # ---------------------------------------------------------------- show
    def show(self, keep: str | None = None) -> None:
        try:
            self.records = newest_first(self.session.day_events(self.day))
            view = (
                self.session.view()
                if self.day == self.session.day
                else self.session.context.day_view(self.day)
            )
        except StoreError as exc:
            self.notify(str(exc), severity="error", timeout=10)
            self.records = []
            self.query_one(OptionList).clear_options()
            return
        metrics = self.session.config.metrics
        title = Text(
            " " + tr("Events · {day}", day=full_date(self.day)) + " ", style="bold reverse"
        )
        count = len(self.records)
        title.append(
            "  " + trn("{n} logged, newest first", "{n} logged, newest first", count, n=count),
            style="dim",
        )
        keys = " · ".join(f"{m.bind} {status_word(m.key, m.short)}" for m in metrics.all)
        hint = (
            tr("no events on this day · + adds one")
            if not self.records
            else tr("its outcome, on a row: {keys}", keys=keys)
        )
        options = [
            Option(event_prompt(e, kind_label(e.kind, metrics)), id=e.id) for e in self.records
        ]
        self.redraw(title, Text(status_line(view)), hint, options, keep)

    # -------------------------------------------------------------- changes
    def _write(self, what: Callable[[], tuple[str, str | None]]) -> None:
        """Make one change; say what it did (or why not) and redraw, the cursor
        on the event the change names."""
        keep = None
        try:
            message, keep = what()
        except (StoreError, UnknownEvent, ValueError) as exc:
            self.notify(escape(printable(str(exc))), severity="error", timeout=10)
        else:
            self.notify(escape(printable(message)))
        self.show(keep)

    def set_kind(self, kind: str) -> None:
        event = self.current
        if event is None:
            return
        self._write(
            lambda: (edited_text(self.session.edit(self.day, event.id, kind=kind)), event.id)
        )

    def action_note(self) -> None:
        event = self.current
        if event is None:
            return

        def done(note: str | None) -> None:
            if note is not None:
                self._write(
                    lambda: (
                        edited_text(self.session.edit(self.day, event.id, note=note)),
                        event.id,
                    )
                )

        self.app.push_screen(NoteForm(event.note), done)

    def action_delete(self) -> None:
        event = self.current
        if event is None:
            return
        label = kind_label(event.kind, self.session.config.metrics)

        def done(yes: bool | None) -> None:
            if yes:
                self._write(lambda: (edited_text(self.session.delete(self.day, event.id)), None))

        question = tr("Delete {label} at {time}?", label=label, time=f"{event.at:%H:%M:%S}")
        self.app.push_screen(ConfirmDelete(question), done)

    def action_add(self) -> None:
        metrics = self.session.config.metrics
        default = self.current.kind if self.current is not None else metrics.all[0].key
        start = self.session.clock.now() if self.day == self.session.day else None

        def done(picked: tuple[str, str, str] | None) -> None:
            if picked is None:
                return
            kind, hhmm, note = picked

            def log() -> tuple[str, str | None]:
                moment = moment_at(self.session.clock, self.day, hhmm)
                event = self.session.log_at(kind, moment, note)
                logged = tr(
                    "logged {label} at {time}",
                    label=kind_label(event.kind, metrics),
                    time=f"{event.at:%H:%M}",
                )
                return logged, event.id

            self._write(log)

        self.app.push_screen(AddForm([(m.label, m.key) for m in metrics.all], default, start), done)

    def action_undo(self) -> None:
        def undo() -> tuple[str, str | None]:
            if self.day == self.session.day:
                undone = self.session.undo_change()
            else:
                undone = self.session.store.undo(self.day)
            if undone is None:
                return tr("nothing to undo on {day}", day=self.day), None
            text = undone_text(undone, with_date=self.day != self.session.day)
            return text, (undone.restored.id if undone.restored else None)

        self._write(undo)

    def action_day(self, step: int) -> None:
        day = self.day + timedelta(days=step)
        if day > self.session.day:
            return
        self.day = day
        self.show()
        self.refresh_bindings()


class NoteForm(UnsavedTextModal[str | None]):
    """Add or edit one event's note (one line; empty removes it)."""

    BINDINGS = [Binding("escape", "cancel", N_("Cancel"))]

    def __init__(self, note: str) -> None:
        super().__init__(id="note-form")
        self.note = note

    def compose(self) -> ComposeResult:
        with Vertical(id="note-box", classes="event-box"):
            yield Label(tr("Note on this dial (empty removes it)"))
            yield TextInput(
                self.note,
                placeholder=tr("e.g. 受付で止まる"),
                max_length=MAX_EVENT_NOTE,
                id="f-note",
            )
            yield Label(tr("enter: save · esc: cancel · at most {n} characters", n=MAX_EVENT_NOTE))

    @on(Input.Submitted)
    def _save(self, event: Input.Submitted) -> None:
        self.dismiss(event.value)

    def action_cancel(self) -> None:
        self.dismiss(None)


class ConfirmDelete(IstuiModal[bool]):
    """y deletes, n or esc keeps."""

    BINDINGS = [
        Binding("y", "answer(True)", N_("Delete")),
        Binding("n", "answer(False)", N_("Keep")),
        Binding("escape", "answer(False)", N_("Keep")),
    ]

    def __init__(self, question: str) -> None:
        super().__init__(id="confirm-delete")
        self.question = question

    def compose(self) -> ComposeResult:
        with Vertical(id="confirm-box", classes="event-box"):
            yield Label(self.question)
            yield Label(tr("y: delete (u undoes it) · n / esc: keep"))

    def action_answer(self, yes: bool) -> None:
        self.dismiss(yes)


class AddForm(FieldsForm[tuple[str, str, str]]):
    """Log a forgotten dial: its outcome, its time of day (HH:MM) and a note."""

    LAST_FIELD = "f-event-note"

    def __init__(self, kinds: list[tuple[str, str]], default: str, now: object) -> None:
        super().__init__(id="add-form")
        self.kinds = kinds
        self.default = default
        self.now = f"{now:%H:%M}" if now is not None else None

    def compose(self) -> ComposeResult:
        with Vertical(id="add-box", classes="event-box"):
            yield Label(tr("Log a forgotten dial"))
            placeholder = (
                tr("time of day HH:MM (now {time})", time=self.now)
                if self.now
                else tr("time of day HH:MM")
            )
            yield TextInput("", placeholder=placeholder, max_length=5, id="f-time")
            yield Select(self.kinds, value=self.default, allow_blank=False, id="f-kind")
            yield TextInput(
                "", placeholder=tr("note (optional)"), max_length=MAX_EVENT_NOTE, id="f-event-note"
            )
            yield Label(tr("enter: next / save · esc: cancel"))

    def on_mount(self) -> None:
        self.query_one("#f-time", Input).focus()

    def action_save(self) -> None:
        kind = self.query_one("#f-kind", Select).value
        hhmm = self.query_one("#f-time", Input).value
        note = self.query_one("#f-event-note", Input).value
        self.dismiss((str(kind), hhmm, note))
