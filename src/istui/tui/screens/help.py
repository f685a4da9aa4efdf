"""The help screen: every key of every screen, and how the funnel counts.

The keys are read from the screens' own bindings (``help_sections``), so a key
added to a screen shows here without further work. The screen help was opened
from comes first.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from rich.text import Text
from textual.app import App, ComposeResult
from textual.binding import Binding, BindingType
from textual.containers import VerticalScroll
from textual.widgets import Static

from istui.i18n import N_, tr, trp
from istui.render.cells import pad
from istui.services.config import Config
from istui.tui.bindings import IstuiModal
from istui.tui.widgets.footer import KeysFooter

FUNNEL_NOTE = N_(
    "Each dial is logged once, with the deepest stage it reached: a meeting "
    "was also a connect and a call. So after 5× call, 2× connect and 1× meeting "
    "the day reads calls 8, connects 3, meetings 1, and no rate can pass 100 %."
)

#: Help from any screen: ? where no text field takes the key, F1 everywhere.
HELP_KEY = Binding("question_mark", "app.help", N_("Help"), key_display="?")
HELP_F1 = Binding("f1", "app.help", N_("Help"))


@dataclass(frozen=True)
class HelpSection:
    """One screen's keys: (key as shown, what it does)."""

    title: str
    keys: tuple[tuple[str, str], ...]


def binding_keys(app: App[Any], bindings: Iterable[BindingType]) -> tuple[tuple[str, str], ...]:
    """Every binding with a description, as the footer would show its key."""
    rows: list[tuple[str, str]] = []
    seen: set[str] = set()
    for item in bindings:
        if not isinstance(item, Binding) or not item.description:
            continue
        first = next(iter(Binding.make_bindings([item])))
        display = item.key_display or app.get_key_display(first)
        if item.action in seen:
            continue
        seen.add(item.action)
        rows.append((display, tr(item.description)))
    return tuple(rows)


def help_text(
    config: Config | None,
    app_keys: list[tuple[str, str]],
    sections: Sequence[HelpSection] = (),
    here: HelpSection | None = None,
) -> Text:
    """``here`` (the screen help was opened from) first, then Today's keys, then
    the other screens'. Without a config (the team app) only the sections."""
    text = Text()
    if here is not None:
        _section(text, here)
    if config is not None:
        _today(text, config, app_keys)
    for section in sections:
        _section(text, section)
    if config is not None:
        text.append(tr("How counting works") + "\n", style="bold")
        text.append(tr(FUNNEL_NOTE) + "\n\n")
    text.append(tr("From a shell") + "\n", style="bold")
    text.append("  istui log call -n 3 · istui undo · istui status --json\n")
    text.append("  " + tr("istui team --team PATH: the lead's team view") + "\n")
    return text


def _today(text: Text, config: Config, app_keys: list[tuple[str, str]]) -> None:
    text.append(tr("Logging keys on Today (no Enter)") + "\n", style="bold")
    funnel = config.metrics.funnel
    for index, metric in enumerate(funnel):
        above = trp("list separator", ", ").join(m.label.lower() for m in funnel[:index])
        line = (
            tr(
                "{key}  {label}  (also counts {above})",
                key=metric.bind,
                label=metric.label,
                above=above,
            )
            if above
            else f"{metric.bind}  {metric.label}"
        )
        text.append(f"  {line}\n")
    for metric in config.metrics.counters:
        line = tr(
            "{key}  {label}  (counter, outside the funnel)", key=metric.bind, label=metric.label
        )
        text.append(f"  {line}\n")
    text.append("\n" + tr("Today and anywhere") + "\n", style="bold")
    for key, description in app_keys:
        text.append(f"  {pad(key, 8)}{description}\n")
    text.append("\n")


def _section(text: Text, section: HelpSection) -> None:
    text.append(f"{section.title}\n", style="bold")
    for key, description in section.keys:
        text.append(f"  {pad(key, 8)}{description}\n")
    text.append("\n")


class HelpScreen(IstuiModal[None]):
    BINDINGS = [
        Binding("escape,question_mark,q,f1", "dismiss", N_("Close"), key_display="esc"),
    ]

    def __init__(
        self,
        config: Config | None,
        app_keys: list[tuple[str, str]],
        sections: Sequence[HelpSection] = (),
        *,
        here: HelpSection | None = None,
    ) -> None:
        super().__init__(id="help")
        self.config = config
        self.app_keys = app_keys
        self.sections = tuple(sections)
        self.here = here

    def compose(self) -> ComposeResult:
        with VerticalScroll(id="help-box"):
            yield Static(Text(tr("istui — help"), style="bold"), id="help-title")
            yield Static(
                help_text(self.config, self.app_keys, self.sections, self.here), id="help-body"
            )
        yield KeysFooter()
