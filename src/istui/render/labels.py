"""The names of the funnel's rates and stages, in the language in force.

The domain keeps keys only (a FunnelRate's ``key`` is its lower stage); every
word naming a rate is here, once, so the Today panel, the reports, the plan
and the team view name a rate the same way (docs/glossary.md: 接続率, 商談化率…).

Stdlib only (through istui.i18n): cheap enough for any command.
"""

from __future__ import annotations

from istui.i18n import N_, tr

#: A rate by the key of its lower stage (the plan's "win" is the deal stage's).
RATE_NAMES: dict[str, str] = {
    "connect": N_("connect rate"),
    "contact": N_("contact rate"),
    "meeting": N_("meeting rate"),
    "deal": N_("win rate"),
    "win": N_("win rate"),
}

#: A count as a sentence names it: "400 connects" (the plan chain, warnings).
COUNT_NAMES: dict[str, str] = {
    "deal": N_("deals"),
    "meeting": N_("meetings"),
    "contact": N_("contacts"),
    "connect": N_("connects"),
    "call": N_("dials"),
}


def rate_name(key: str) -> str:
    """The rate whose lower stage is ``key``: "connect rate" (接続率); a stage
    istui does not know is named by its key ("demo rate")."""
    known = RATE_NAMES.get(key)
    return tr(known) if known else tr("{stage} rate", stage=key)


def count_name(key: str) -> str:
    """A stage's count as a plural noun ("dials", 架電数); an unknown key as is."""
    known = COUNT_NAMES.get(key)
    return tr(known) if known else key
