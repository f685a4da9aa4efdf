"""Bindings shown in the language in force.

A Binding keeps its English description and tooltip (marked ``N_`` where it is
made: the catalog's id); they are translated where they are read. Footer,
KeyPanel, the palette and help all read ``Screen.active_bindings``, so every
istui screen derives from IstuiScreen or IstuiModal, whose ``active_bindings``
hands out each binding with its words translated. The language can change
while the app runs: nothing is translated at import time.

The logging keys of the Today screen are labelled with the rep's own metric
labels (``[labels]`` of the config): those are the rep's words, not the
catalog's, and are shown as they are.
"""

from __future__ import annotations

from dataclasses import replace

from textual.binding import ActiveBinding, Binding
from textual.screen import ModalScreen, Screen, ScreenResultType

from istui.i18n import tr

#: Binding actions whose description is the rep's own metric label.
OWN_WORDS_ACTION_PREFIX = "log("


def translated(binding: Binding) -> Binding:
    """``binding`` with its description and tooltip in the current language."""
    if binding.action.startswith(OWN_WORDS_ACTION_PREFIX):
        return binding
    return replace(
        binding,
        description=tr(binding.description) if binding.description else "",
        tooltip=tr(binding.tooltip) if binding.tooltip else "",
    )


def translate_active(bindings: dict[str, ActiveBinding]) -> dict[str, ActiveBinding]:
    """Each active binding with its words translated (the key and node kept)."""
    out: dict[str, ActiveBinding] = {}
    for key, active in bindings.items():
        binding = translated(active.binding)
        out[key] = ActiveBinding(active.node, binding, active.enabled, binding.tooltip)
    return out


class IstuiScreen(Screen[ScreenResultType]):
    """A screen of istui: its bindings read in the language in force."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_active(super().active_bindings)


class IstuiModal(ModalScreen[ScreenResultType]):
    """A modal screen of istui: its bindings read in the language in force."""

    @property
    def active_bindings(self) -> dict[str, ActiveBinding]:
        return translate_active(super().active_bindings)


class UnsavedTextModal(IstuiModal[ScreenResultType]):
    """A modal form whose typed text only its own save keeps (no draft): while
    any of its fields has been typed into, the app does not rebuild the screens
    (a language switch), so nothing typed is lost."""

    def holds_unsaved_text(self) -> bool:
        """Whether a field was typed into since the form opened (its undo
        history is the record of that, see TextInput)."""
        return any(bool(getattr(field, "undo_stack", None)) for field in self.query("TextInput"))

    @property
    def unsaved_title(self) -> str:
        return tr("the open form")
