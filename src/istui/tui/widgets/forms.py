"""Widgets shared by the mid-check, reflection and day-history screens.

They format domain results (FigureSnapshot, DayView); they compute nothing.
"""

from __future__ import annotations

from typing import Any

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import Horizontal, Vertical
from textual.widgets import Input, Label, RadioButton, RadioSet, Static

from istui.domain.pace import out_of_reach
from istui.domain.reflection import RATING_MAX, RATING_MIN, FigureSnapshot, count_label
from istui.render.cells import cells, pad
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


class TextInput(Input):
    """Every text field of istui: focusing it never selects its text.

    Textual's Input selects its whole value on focus by default, so the first
    key typed into a reopened form replaced a saved answer (and autosave then
    stored the replacement). The cursor goes to the end instead.
    """

    def __init__(self, value: str | None = None, placeholder: str = "", **kwargs: Any) -> None:
        kwargs.setdefault("select_on_focus", False)
        super().__init__(value, placeholder, **kwargs)


class CountedInput(Vertical):
    """A labelled one-line text field with a length limit and a visible count."""

    def __init__(
        self, label: str, field: str, limit: int, value: str = "", placeholder: str = ""
    ) -> None:
        super().__init__(classes="counted", id=f"field-{field}")
        self.label = label
        self.field = field
        self.limit = limit
        self._initial = value[:limit]
        self.placeholder = placeholder

    def compose(self) -> ComposeResult:
        with Horizontal(classes="field-head"):
            yield Label(self.label, classes="field-label")
            yield Static(count_label(self._initial, self.limit), classes="field-count")
        yield TextInput(
            self._initial,
            placeholder=self.placeholder,
            max_length=self.limit,
            id=f"in-{self.field}",
            compact=True,
        )

    @property
    def value(self) -> str:
        return self.query_one(Input).value

    def on_input_changed(self, event: Input.Changed) -> None:
        self.query_one(".field-count", Static).update(count_label(event.value, self.limit))


def snapshot_text(snap: FigureSnapshot, *, final: bool = False) -> Text:
    """The figures a form was made against. ``final``: the day as it landed
    (achievement %), else the moment of a mid-check (expected by now, pace)."""
    text = Text()
    if final:
        text.append("The day against its targets\n", style="bold")
    else:
        text.append(f"Figures at {snap.at:%H:%M}", style="bold")
        text.append(f"   ({snap.phase}, {percent(snap.fraction * 100)} of the day passed)\n")
    labels = [line.label for line in snap.lines] + [r.label for r in snap.rates]
    width = max((cells(label) for label in labels), default=8) + 1
    for line in snap.lines:
        text.append(pad(line.label, width))
        text.append(f"{line.count:>4} / {line.target:<4}", style="bold")
        if final:
            text.append(f" {percent(line.percent):>5} of target\n")
        else:
            text.append(f" expected {line.expected:>5.0f}  {pace_words(line.delta)}\n")
    for figure in snap.rates:
        gap = (
            None
            if figure.actual is None or figure.target is None
            else figure.actual - figure.target
        )
        mark = "" if gap is None else ("▲ above" if gap >= 0 else "▼ below")
        text.append(pad(figure.label, width))
        text.append(f"{rate(figure.actual):>5}", style="bold")
        text.append(f" vs target {rate(figure.target):>4} {mark}\n")
    head = snap.headline
    if not final and head is not None and snap.pace_delta is not None:
        reach = out_of_reach(head.count, head.target, snap.fraction)
        need = needed_words(snap.needed_per_hour, unit=head.label.lower(), out_of_reach=reach)
        projected = NO_VALUE if snap.projected is None else str(snap.projected)
        text.append("pace ", style="bold")
        text.append(f"{pace_words(snap.pace_delta)} · landing {projected} · {need}")
    text.rstrip()
    return text


class FiguresPanel(Static):
    """A FigureSnapshot, filled in for the rep at the top of a form."""

    def show(self, snap: FigureSnapshot | None, *, final: bool = False) -> None:
        if snap is None:
            self.update(Text("no figures recorded", style="dim"))
        else:
            self.update(snapshot_text(snap, final=final))
