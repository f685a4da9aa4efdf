"""The rep app's own keys, as plain data: the single source they are built from.

The Today screen's bindings are made from TODAY_KEYS (screens/today.py), the
help's "Today and anywhere" list from HELP_KEYS, and the config refuses a
metric bound to one of RESERVED_KEYS (services/config.py). It lives outside
tui/ and imports no Textual: the config is read on the path of ``istui log``
and ``istui status``, which import neither Textual nor istui.tui.
"""

from __future__ import annotations

from dataclasses import dataclass

from istui.i18n import N_


@dataclass(frozen=True)
class Key:
    """One key: Textual's name for it, its action, and how the UI shows it."""

    key: str
    action: str
    #: The footer's label (the binding's description).
    description: str
    #: The help's line for it.
    help: str
    #: As shown, when not the key's own name ("?" for question_mark).
    display: str = ""
    tooltip: str = ""
    #: Shown in the footer (False: in the help and the palette only, where the
    #: footer has no room left for it at 80 columns).
    footer: bool = True

    @property
    def shown(self) -> str:
        return self.display or self.key


UNDO = Key("u", "undo", N_("Undo"), N_("undo today's last change (a log, an edit, a delete)"))
MIDCHECK = Key(
    "k",
    "midcheck",
    N_("Mid-check"),
    N_("mid-check (the one due, or the next one early)"),
    tooltip=N_("open the mid-check that is due (or next)"),
)
REFLECT = Key(
    "r",
    "reflect",
    N_("Reflect"),
    N_("end-of-day reflection"),
    tooltip=N_("open the end-of-day reflection"),
)
HISTORY = Key(
    "h",
    "history",
    N_("History"),
    N_("day history: past figures, checks, reflections"),
    tooltip=N_("past days: figures, checks, reflections"),
)
REVIEW = Key(
    "w",
    "app.review",
    N_("Review"),
    N_("weekly review ([ ] weeks, 1-5 panes, a/e/x actions)"),
    tooltip=N_("the weekly review"),
)
EVENTS = Key(
    "s",
    "events",
    N_("Events"),
    N_("today's events: fix an outcome, delete, note, add one"),
    tooltip=N_("today's events: change, delete, note, add at a time"),
    footer=False,
)
TARGETS = Key(
    "p",
    "app.targets",
    N_("Targets"),
    N_("targets: plan from a deal goal, month view"),
    tooltip=N_("targets and plan"),
)
DEALS = Key(
    "g",
    "deals",
    N_("Deals"),
    N_("商談 / pipeline: open meetings by date, one key per step"),
    tooltip=N_("the pipeline: held, cancelled, qualified, won, lost"),
    footer=False,
)
LISTS = Key(
    "slash",
    "pick_list",
    N_("List"),
    N_("the call list being dialled (every dial carries it, its channel and segment)"),
    display="/",
    tooltip=N_("pick the call list you are dialling"),
    footer=False,
)
MONTH = Key(
    "y",
    "app.month_review",
    N_("Month"),
    N_("monthly review: the month vs target and its bottleneck"),
    tooltip=N_("the monthly review"),
    footer=False,
)
HELP = Key(
    "question_mark",
    "app.help",
    N_("Help"),
    N_("this help (f1 where a text field takes ?)"),
    display="?",
)
QUIT = Key("q", "app.quit", N_("Quit"), N_("quit"))

#: Keys of the whole app, not of the Today screen: Textual's command palette
#: (ctrl+p), going back, and the theme picker (a binding of IstuiApp).
BACK = Key("escape", "", N_("Back"), N_("back / close"), display="esc")
PALETTE = Key(
    "ctrl+p", "", N_("Palette"), N_("command palette: every screen, action and theme by name")
)
THEME = Key("f2", "change_theme", N_("Theme"), N_("choose a theme (kept in the config)"))

#: The Today screen's keys after the logging keys, in footer order.
TODAY_KEYS: tuple[Key, ...] = (
    UNDO, EVENTS, MIDCHECK, REFLECT, HISTORY, REVIEW, MONTH, TARGETS, DEALS, LISTS, HELP, QUIT,
)  # fmt: skip
#: The same keys and the app-wide ones, in the help's order (most used first).
HELP_KEYS: tuple[Key, ...] = (
    UNDO, EVENTS, TARGETS, REVIEW, MONTH, MIDCHECK, REFLECT, HISTORY, DEALS, LISTS, HELP, BACK,
    PALETTE, THEME, QUIT,
)  # fmt: skip
#: Single keys held back for screens to come, so that a rep's config that
#: works today keeps working when they arrive (none left: g is the pipeline's,
#: y the monthly review's).
SPARE_KEYS: frozenset[str] = frozenset()
#: Keys a metric may not be bound to: Today's own keys, and the spare ones.
RESERVED_KEYS = frozenset(k.shown for k in TODAY_KEYS) | SPARE_KEYS
