"""Every istui screen in Japanese: the worlds, the ways to reach each screen and
the text a screen shows (for tests/test_tui_japanese.py).

The rep's world is snapshot_support's seeded one with the rep's own Japanese
metric labels (``[labels] call = "架電"`` …), so what the screens show is the
catalog's Japanese and the rep's Japanese, never English defaults. Each
screen is reached the way a rep reaches it: by keys from the Today screen.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from rich.cells import cell_len
from textual.app import App

from istui.services.clock import FixedClock
from istui.services.config import load_config
from istui.services.team import load_team_week
from istui.tui.team_app import TeamApp
from snapshot_support import SnapWorld, make_world
from team_helpers import NOW, W47, three_rep_team

#: The rep's own labels, as a Japanese team writes them (the issue's example).
JA_LABELS = """[labels]
call = "架電"
connect = "接続"
meeting = "アポ獲得"
email = "メール"

"""


def ja_world(folder: Path) -> SnapWorld:
    """The seeded snapshot world with Japanese metric labels."""
    world = make_world(folder)
    assert world.config.path is not None
    text = world.config.path.read_text(encoding="utf-8")
    # the whole table: a Japanese default config has labels of its own
    text, found = re.subn(r"\[labels\]\n(?:[^\[\n][^\n]*\n|\n)*", JA_LABELS, text, count=1)
    assert found == 1, "the default config has a [labels] table"
    world.config.path.write_text(text, encoding="utf-8")
    world.config = load_config(world.config.path)
    assert [m.label for m in world.config.metrics.all] == ["架電", "接続", "アポ獲得", "メール"]
    return world


def ja_team_app(folder: Path) -> TeamApp:
    """The lead's team view of three reps (one Japanese-named), week 47."""
    folder.mkdir(parents=True, exist_ok=True)
    team = three_rep_team(folder)
    week = load_team_week(team, W47.start, W47.end)
    return TeamApp(team=team, week=week, clock=FixedClock(NOW))


@dataclass(frozen=True)
class Reach:
    """How a screen is reached from the app's first screen: the keys pressed."""

    name: str
    keys: tuple[str, ...] = ()
    team: bool = False


#: Every screen of the rep's app and of the lead's, by the keys that open it.
SCREENS = (
    Reach("today"),
    Reach("help", ("question_mark",)),
    Reach("midcheck", ("k",)),
    Reach("reflection", ("r",)),
    Reach("history", ("h",)),
    Reach("events", ("s",)),
    Reach("events-add", ("s", "plus")),
    Reach("events-delete", ("s", "delete")),
    Reach("review-summary", ("w",)),
    Reach("review-chart", ("w", "2")),
    Reach("review-when", ("w", "3")),
    Reach("review-words", ("w", "4")),
    Reach("review-next", ("w", "5")),
    Reach("review-action-form", ("w", "a")),
    Reach("review-focus-form", ("w", "f")),
    Reach("plan", ("p",)),
    Reach("month", ("p", "ctrl+t")),
    # A search, so that the matches come in a steady order (the palette gathers
    # the providers' commands concurrently).
    Reach("palette", ("ctrl+p", "テ", "ー", "マ")),
    Reach("team", team=True),
    Reach("team-drill", ("down", "down", "enter"), team=True),
    Reach("team-help", ("question_mark",), team=True),
)


def screen_lines(app: App[Any]) -> list[str]:
    """The screen as the terminal shows it, one string per row (read from the
    app's own SVG export, with each piece of text at its column)."""
    svg = app.export_screenshot()
    rows: dict[float, list[tuple[float, str]]] = {}
    pattern = r'<text class="[^"]*-r\d+" x="([\d.]+)" y="([\d.]+)"[^>]*>(.*?)</text>'
    for match in re.finditer(pattern, svg, re.S):
        x, y = float(match.group(1)), float(match.group(2))
        rows.setdefault(y, []).append((x, html.unescape(match.group(3))))
    width = _cell_width(svg)
    lines = []
    for _y, pieces in sorted(rows.items()):
        line = ""
        for x, piece in sorted(pieces):
            line += " " * max(0, round(x / width) - cell_len(line)) + piece
        lines.append(line.replace("\xa0", " ").rstrip())
    return lines


def _cell_width(svg: str) -> float:
    """Pixels per terminal cell in Rich's export (its char width)."""
    match = re.search(r'textLength="([\d.]+)"[^>]*>([^<]+)</text>', svg)
    if match is None:
        return 12.2
    text = html.unescape(match.group(2))
    return float(match.group(1)) / max(1, cell_len(text))
