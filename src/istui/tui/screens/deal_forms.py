"""The pipeline screen's small modals: a reason from a pick-list, the won
amount, BANT and the handoff score, the meeting's date and name, and the call
list picker of Today (/)."""

from __future__ import annotations

from datetime import date
from typing import ClassVar

from rich.text import Text
from textual import events
from textual.app import ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import Vertical
from textual.widgets import Label, OptionList, Static
from textual.widgets.option_list import Option

from istui.domain.deals import BANT, DealStepError, check_amount
from istui.domain.lists import ListSettings
from istui.i18n import N_, tr
from istui.render.safe import terminal
from istui.tui.bindings import IstuiModal
from istui.tui.widgets.forms import TextInput


class ReasonPicker(IstuiModal[str | None]):
    """A reason from the config's pick-list (enter), or none (esc)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, title: str, reasons: tuple[str, ...]) -> None:
        super().__init__()
        self.title_text = title
        self.reasons = reasons

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("{step}: why?", step=self.title_text), style="bold"))
            options = [Option(Text(terminal(r)), id=str(i)) for i, r in enumerate(self.reasons)]
            yield OptionList(*options, id="reason-list")
            yield Label(Text(tr("enter picks · esc cancels"), style="dim"))

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(self.reasons[event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class AmountForm(IstuiModal[int | None]):
    """The won amount: whole units, typed digits (commas allowed)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, currency: str) -> None:
        super().__init__()
        self.currency = currency

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(
                Text(
                    tr("Won: the amount ({currency}, whole units)", currency=self.currency),
                    style="bold",
                )
            )
            yield TextInput(id="amount", restrict=r"[0-9,]*", max_length=19)
            yield Label(Text("", style="red"), id="amount-error")
            yield Label(Text(tr("enter saves · esc cancels"), style="dim"))

    def on_input_submitted(self, event: TextInput.Submitted) -> None:
        event.stop()
        text = event.value.replace(",", "").strip()
        try:
            amount = check_amount(int(text)) if text.isdigit() else None
        except DealStepError as exc:
            self.query_one("#amount-error", Label).update(Text(str(exc), style="red"))
            return
        if amount is None:
            self.query_one("#amount-error", Label).update(
                Text(tr("type the amount in digits, like 1200000"), style="red")
            )
            return
        self.dismiss(amount)

    def action_cancel(self) -> None:
        self.dismiss(None)


BANT_NAMES = {"b": N_("Budget"), "a": N_("Authority"), "n": N_("Need"), "t": N_("Timing")}


class BantForm(IstuiModal[tuple[str, int | None] | None]):
    """Qualified: b, a, n, t tick what was captured; 1–5 the handoff score,
    0 none; enter saves."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), key_display="esc"),
        Binding("enter", "save", N_("Save")),
    ]

    def __init__(self, bant: str, score: int | None) -> None:
        super().__init__()
        self.flags = set(bant)
        self.score = score

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("Qualified (有効商談): what was captured?"), style="bold"))
            yield Static(id="bant-flags")
            yield Label(
                Text(tr("b a n t tick · 1-5 handoff score (0: none) · enter saves"), style="dim")
            )

    def on_mount(self) -> None:
        self._draw()

    def _draw(self) -> None:
        text = Text()
        for flag in BANT:
            mark = "[x]" if flag in self.flags else "[ ]"
            text.append(f"{mark} {flag.upper()} {tr(BANT_NAMES[flag])}\n")
        score = str(self.score) if self.score is not None else "–"
        text.append(tr("Handoff score: {score}/5", score=score))
        self.query_one("#bant-flags", Static).update(text)

    def on_key(self, event: events.Key) -> None:
        char = event.character or ""
        if len(char) != 1:
            return
        if char in BANT:
            self.flags ^= {char}
        elif char in "012345":
            self.score = int(char) or None
        else:
            return
        event.stop()
        self._draw()

    def action_save(self) -> None:
        self.dismiss(("".join(f for f in BANT if f in self.flags), self.score))

    def action_cancel(self) -> None:
        self.dismiss(None)


class ListPicker(IstuiModal[str | None]):
    """The call list being dialled (enter), "" for none; esc keeps it."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, lists: ListSettings, current: str) -> None:
        super().__init__()
        self.lists = lists
        self.current = current

    def compose(self) -> ComposeResult:
        names = ["", *self.lists.names]
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("Which list are you dialling?"), style="bold"))
            options = [Option(self._prompt(name), id=str(i)) for i, name in enumerate(names)]
            yield OptionList(*options, id="list-picker")
            yield Label(Text(tr("enter picks · esc cancels"), style="dim"))

    def on_mount(self) -> None:
        picker = self.query_one(OptionList)
        names = ["", *self.lists.names]
        picker.highlighted = names.index(self.current) if self.current in names else 0
        picker.focus()

    def _prompt(self, name: str) -> Text:
        if not name:
            return Text(tr("(no list)"), style="italic")
        item = self.lists.get(name)
        text = Text(terminal(name), style="bold" if name == self.current else "")
        if item is not None:
            leads = f"{item.size:,}" if item.size else ""
            size = tr("{size} leads", size=leads) if leads else ""
            extra = " · ".join(terminal(p) for p in (item.channel, item.segment, size) if p)
            if extra:
                text.append(f"  {extra}", style="dim")
        return text

    def on_option_list_option_selected(self, event: OptionList.OptionSelected) -> None:
        event.stop()
        self.dismiss(["", *self.lists.names][event.option_index])

    def action_cancel(self) -> None:
        self.dismiss(None)


class ScheduleForm(IstuiModal[tuple[date | None, str] | None]):
    """The meeting's date (YYYY-MM-DD) and the company or lead name (kept local)."""

    BINDINGS: ClassVar[list[BindingType]] = [
        Binding("escape", "cancel", N_("Cancel"), key_display="esc")
    ]

    def __init__(self, on: date | None, name: str) -> None:
        super().__init__()
        self.on = on
        self.name_text = name

    def compose(self) -> ComposeResult:
        with Vertical(classes="deal-box"):
            yield Label(Text(tr("The meeting's date and the company or lead"), style="bold"))
            yield TextInput(
                self.on.isoformat() if self.on else "", id="deal-date", placeholder="YYYY-MM-DD"
            )
            yield TextInput(self.name_text, id="deal-name", max_length=80)
            yield Label(Text("", style="red"), id="date-error")
            yield Label(Text(tr("enter saves · esc cancels"), style="dim"))

    def on_input_submitted(self, event: TextInput.Submitted) -> None:
        event.stop()
        text = self.query_one("#deal-date", TextInput).value.strip()
        name = self.query_one("#deal-name", TextInput).value.strip()
        on = None
        if text:
            try:
                on = date.fromisoformat(text)
            except ValueError:
                self.query_one("#date-error", Label).update(
                    Text(tr("{text} is not a real date (YYYY-MM-DD)", text=text), style="red")
                )
                return
        self.dismiss((on, name))

    def action_cancel(self) -> None:
        self.dismiss(None)
