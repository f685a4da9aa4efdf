"""Widgets shared by the mid-check, reflection and day-history screens.

They format domain results (FigureSnapshot, DayView); they compute nothing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static, TextArea
from textual.widgets.text_area import Edit, EditResult

from istui.domain.pace import out_of_reach
from istui.domain.reflection import RATING_MAX, RATING_MIN, FigureSnapshot
from istui.i18n import N_, tr
from istui.render.cells import cells, pad
from istui.render.forms import count_label
from istui.render.labels import rate_name
from istui.render.numbers import NO_VALUE, percent, rate
from istui.render.today import needed_words
from istui.tui.widgets.today import pace_words


class RatingPicker(RadioSet):
    """A 1–5 pick: five radio buttons, so no other value can be entered.
    The digit keys 1–5 pick directly."""

    BINDINGS = [
        Binding(str(n), f"pick({n})", f"{n}", show=False) for n in range(RATING_MIN, RATING_MAX + 1)
    ]

    def __init__(self, value: int | None = None, **kwargs: object) -> None:
        buttons = [
            RadioButton(str(n), value=(n == value)) for n in range(RATING_MIN, RATING_MAX + 1)
        ]
        super().__init__(*buttons, **kwargs)  # type: ignore[arg-type]

    def on_mount(self) -> None:
        # Start the cursor on the current pick, not on "1" (which reads as
        # picked); after RadioSet's own mount handler has put it on the first.
        self.call_after_refresh(self._cursor_to_pick)

    def _cursor_to_pick(self) -> None:
        if self.pressed_index >= 0:
            self._move_cursor(self.pressed_index)

    def _move_cursor(self, index: int) -> None:
        """Put the cursor on button ``index`` with RadioSet's own navigation
        (the highlighted button carries the ``-selected`` class)."""
        buttons = list(self.query(RadioButton))
        for _ in buttons:
            if buttons[index].has_class("-selected"):
                return
            self.action_next_button()

    @property
    def rating(self) -> int | None:
        index = self.pressed_index
        return None if index < 0 else index + RATING_MIN

    def action_pick(self, value: int) -> None:
        buttons = list(self.query(RadioButton))
        buttons[value - RATING_MIN].value = True
        self._move_cursor(value - RATING_MIN)


#: Undo steps a text field keeps (the oldest go first).
UNDO_STEPS = 100


def _typed_one(old: str, new: str) -> bool:
    """Whether ``new`` is ``old`` with one character typed into it."""
    if len(new) != len(old) + 1:
        return False
    start = 0
    while start < len(old) and old[start] == new[start]:
        start += 1
    return old[start:] == new[start + 1 :]


class TextInput(Input):
    """Every one-line text field of istui: focus never selects its text, and
    ctrl+z / ctrl+y undo and redo.

    Textual's Input selects its whole value on focus by default, so the first
    key typed into a reopened form replaced a saved answer (and autosave then
    stored the replacement). The cursor goes to the end instead. Input has no
    undo of its own: this one keeps the field's earlier values, a run of typed
    characters as one step, any other change (a delete, a paste, a cut) as one.
    The text loaded when the field appears is the floor: undo never goes past it.
    """

    BINDINGS = [
        Binding("ctrl+z", "undo", N_("Undo"), show=False),
        Binding("ctrl+y,ctrl+shift+z", "redo", N_("Redo"), show=False),
    ]

    def __init__(self, value: str | None = None, placeholder: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        # set first: Input's __init__ may set the value (and call watch_value)
        self.undo_stack: list[str] = []
        self.redo_stack: list[str] = []
        self._typing = False
        self._restoring = False
        super().__init__(value, placeholder, **kwargs)

    def on_mount(self) -> None:
        self.undo_stack.clear()
        self.redo_stack.clear()

    def watch_value(self, old: str, new: str) -> None:
        if self._restoring or old == new:
            return
        typed = _typed_one(old, new)
        if not (typed and self._typing):
            self.undo_stack.append(old)
            del self.undo_stack[:-UNDO_STEPS]
        self._typing = typed
        self.redo_stack.clear()

    def _step(self, back: list[str], forth: list[str]) -> None:
        """Undo (``back`` the undo stack) or redo (``back`` the redo stack): the
        value goes back one step and the one it replaces onto ``forth``; a bell
        when there is no step left."""
        if not back:
            self.app.bell()
            return
        forth.append(self.value)
        value = back.pop()
        self._restoring = True
        try:
            self.value = value
        finally:
            self._restoring = False
        self._typing = False
        self.cursor_position = len(value)

    def action_undo(self) -> None:
        self._step(self.undo_stack, self.redo_stack)

    def action_redo(self) -> None:
        self._step(self.redo_stack, self.undo_stack)


class AnswerArea(TextArea):
    """A multi-line area for one answer: soft-wrapped, so the whole answer shows
    while typing and after; its limit enforced; one paragraph (enter moves on,
    line breaks pasted in become spaces, as the saved answer keeps none).

    Undo and redo are TextArea's own (ctrl+z, ctrl+y). ``value`` and
    ``cursor_position`` read and set it as for a one-line field.
    """

    BINDINGS = [Binding("enter", "next_field", N_("Next field"), show=False, priority=True)]

    def __init__(self, value: str, limit: int, *, placeholder: str = "", **kwargs: Any) -> None:
        self.limit = limit
        text = _one_paragraph(value)[:limit]
        super().__init__(
            text,
            soft_wrap=True,
            tab_behavior="focus",
            show_line_numbers=False,
            highlight_cursor_line=False,
            placeholder=placeholder,
            **kwargs,
        )

    def on_mount(self) -> None:
        self.move_cursor(self.document.end)  # focus lands after the saved words

    def edit(self, edit: Edit) -> EditResult:
        """Every change goes through here (typing, paste, cut, undo excepted):
        line breaks become spaces, and what would pass the limit is not inserted."""
        text = _one_paragraph(edit.text)
        replaced = len(self.get_text_range(edit.from_location, edit.to_location))
        room = self.limit - (len(self.text) - replaced)
        if len(text) > room:
            text = text[: max(0, room)]
            self.app.bell()
        if not text and edit.from_location == edit.to_location:
            return EditResult(edit.from_location, "")
        edit.text = text
        return super().edit(edit)

    @property
    def value(self) -> str:
        return self.text

    @value.setter
    def value(self, text: str) -> None:
        self.replace(text, (0, 0), self.document.end)

    @property
    def cursor_position(self) -> int:
        return self.cursor_location[1]

    @cursor_position.setter
    def cursor_position(self, column: int) -> None:
        self.cursor_location = (0, column)

    def action_next_field(self) -> None:
        self.screen.focus_next()


def _one_paragraph(text: str) -> str:
    return " ".join(text.replace("\r\n", "\n").replace("\r", "\n").split("\n"))


class CountedInput(Vertical):
    """A labelled text field with a length limit and a visible count ``n/limit``;
    ``multiline``: an AnswerArea that wraps and shows the whole answer."""

    def __init__(
        self,
        label: str,
        field: str,
        limit: int,
        value: str = "",
        placeholder: str = "",
        *,
        multiline: bool = False,
    ) -> None:
        super().__init__(classes="counted", id=f"field-{field}")
        self.label = label
        self.field = field
        self.limit = limit
        self.multiline = multiline
        self._initial = (_one_paragraph(value) if multiline else value)[:limit]
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-head"):
            yield Label(self.label, classes="field-label")
            yield Static(count_label(self._initial, self.limit), classes="field-count")
        if self.multiline:
            yield AnswerArea(
                self._initial,
                self.limit,
                placeholder=self.placeholder,
                id=f"in-{self.field}",
                classes="answer",
                compact=True,
            )
            return
        yield TextInput(
            self._initial,
            placeholder=self.placeholder,
            max_length=self.limit,
            id=f"in-{self.field}",
            compact=True,
        )

    @property
    def value(self) -> str:
        if self.multiline:
            return self.query_one(AnswerArea).value
        return self.query_one(Input).value

    def _count(self, text: str) -> None:
        self.query_one(".field-count", Static).update(count_label(text, self.limit))

    def on_input_changed(self, event: Input.Changed) -> None:
        self._count(event.value)

    def on_text_area_changed(self, event: TextArea.Changed) -> None:
        self._count(event.text_area.text)


def snapshot_text(snap: FigureSnapshot, *, final: bool = False) -> Text:
    """The figures a form was made against. ``final``: the day as it landed
    (achievement %), else the moment of a mid-check (expected by now, pace)."""
    text = Text()
    if final:
        text.append(tr("The day against its targets") + "\n", style="bold")
    else:
        text.append(tr("Figures at {time}", time=f"{snap.at:%H:%M}"), style="bold")
        passed = tr(
            "({phase}, {percent} of the day passed)",
            phase=tr(snap.phase),
            percent=percent(snap.fraction * 100),
        )
        text.append(f"   {passed}\n")
    labels = [line.label for line in snap.lines] + [rate_name(r.key) for r in snap.rates]
    width = max((cells(label) for label in labels), default=8) + 1
    for line in snap.lines:
        text.append(pad(line.label, width))
        text.append(f"{line.count:>4} / {line.target:<4}", style="bold")
        if final:
            text.append(
                " " + tr("{percent} of target", percent=f"{percent(line.percent):>5}") + "\n"
            )
        else:
            expected = tr("expected {count}", count=f"{line.expected:>5.0f}")
            text.append(f" {expected}  {pace_words(line.delta)}\n")
    for figure in snap.rates:
        gap = (
            None
            if figure.actual is None or figure.target is None
            else figure.actual - figure.target
        )
        mark = "" if gap is None else (tr("▲ above") if gap >= 0 else tr("▼ below"))
        text.append(pad(rate_name(figure.key), width))
        text.append(f"{rate(figure.actual):>5}", style="bold")
        vs = tr("vs target {rate}", rate=f"{rate(figure.target):>4}")
        text.append(f" {vs} {mark}\n")
    head = snap.headline
    if not final and head is not None and snap.pace_delta is not None:
        reach = out_of_reach(head.count, head.target, snap.fraction)
        need = needed_words(snap.needed_per_hour, unit=head.label.lower(), out_of_reach=reach)
        projected = NO_VALUE if snap.projected is None else str(snap.projected)
        text.append(tr("pace") + " ", style="bold")
        text.append(
            tr(
                "{pace} · landing {projected} · {needed}",
                pace=pace_words(snap.pace_delta),
                projected=projected,
                needed=need,
            )
        )
    text.rstrip()
    return text


class FiguresPanel(Static):
    """A FigureSnapshot, filled in for the rep at the top of a form."""

    def show(self, snap: FigureSnapshot | None, *, final: bool = False) -> None:
        if snap is None:
            self.update(Text(tr("no figures recorded"), style="dim"))
        else:
            self.update(snapshot_text(snap, final=final))
