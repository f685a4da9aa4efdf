"""The help screen: every key, and how the funnel counts."""

from __future__ import annotations

from rich.text import Text
from textual.app import ComposeResult
from textual.binding import Binding
from textual.containers import VerticalScroll
from textual.screen import ModalScreen
from textual.widgets import Static

from istui.config import Config

FUNNEL_NOTE = (
    "Each dial is logged once, with the deepest stage it reached: a meeting "
    "was also a connect and a call. So after 5× call, 2× connect and 1× meeting "
    "the day reads calls 8, connects 3, meetings 1, and no rate can pass 100 %."
)


def help_text(config: Config, app_keys: list[tuple[str, str]]) -> Text:
    text = Text()
    text.append("Logging keys (no Enter)\n", style="bold")
    funnel = config.metrics.funnel
    for index, metric in enumerate(funnel):
        above = ", ".join(m.label.lower() for m in funnel[:index])
        note = f"  (also counts {above})" if above else ""
        text.append(f"  {metric.bind}  {metric.label}{note}\n")
    for metric in config.metrics.counters:
        text.append(f"  {metric.bind}  {metric.label}  (counter, outside the funnel)\n")
    text.append("\nOther keys\n", style="bold")
    for key, description in app_keys:
        text.append(f"  {key:<8}{description}\n")
    text.append("\nHow counting works\n", style="bold")
    text.append(FUNNEL_NOTE + "\n")
    text.append("\nFrom a shell\n", style="bold")
    text.append("  istui log call -n 3 · istui undo · istui status --json\n")
    return text


class HelpScreen(ModalScreen[None]):
    BINDINGS = [
        Binding("escape,question_mark,q", "dismiss", "Close", key_display="esc"),
    ]

    def __init__(self, config: Config, app_keys: list[tuple[str, str]]) -> None:
        super().__init__(id="help")
        self.config = config
        self.app_keys = app_keys

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text("istui — help", style="bold"), id="help-title")
            yield Static(help_text(self.config, self.app_keys), id="help-body")
