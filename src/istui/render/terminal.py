"""Escapes istui sends the terminal itself: the bell and desktop notifications.

A desktop notification goes through the terminal as an OSC sequence: OSC 9
(``ESC ] 9 ; text BEL``: iTerm2, WezTerm, kitty, Ghostty, Windows Terminal)
and OSC 777 (``ESC ] 777 ; notify ; title ; body BEL``: foot, rxvt, WezTerm,
Ghostty). A terminal that knows neither ignores both. The text in them is
stripped of control characters first: a BEL or ESC inside would end the
sequence early and let the rest reach the terminal as commands.
"""

from __future__ import annotations

import unicodedata

BELL = "\x07"
#: A notification is a glance, not a letter; terminals cut long ones anyway.
MAX_NOTIFICATION = 200


def notification_text(text: str, *, limit: int = MAX_NOTIFICATION) -> str:
    """``text`` safe inside an OSC string: no control or format characters
    (C0, DEL, C1, bidi overrides), ';' (OSC 777's field separator) made ',',
    whitespace runs made one space, at most ``limit`` characters."""
    kept = []
    for char in text:
        if char.isspace():
            kept.append(" ")
        elif unicodedata.category(char) in ("Cc", "Cf", "Cs", "Co", "Cn"):
            continue
        else:
            kept.append("," if char == ";" else char)
    clean = " ".join("".join(kept).split())
    return clean if len(clean) <= limit else clean[: limit - 1] + "…"


def desktop_notification(title: str, body: str) -> str:
    """The OSC 9 and OSC 777 escapes that ask the terminal for a desktop
    notification (both: terminals understand one or the other)."""
    clean_title = notification_text(title, limit=60) or "istui"
    clean_body = notification_text(body)
    return (
        f"\x1b]9;{notification_text(f'{clean_title}: {clean_body}')}\x07"
        f"\x1b]777;notify;{clean_title};{clean_body}\x07"
    )
