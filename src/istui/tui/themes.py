"""Themes are data: one TOML file per theme in themes/ (shipped) or in the
user's config dir. Each file maps to a Textual Theme; every colour is checked
when loading, because Textual accepts an invalid colour and fails much later.
A bad file is skipped with a warning naming it; the app still starts.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from importlib.resources import files
from pathlib import Path

from textual.color import Color, ColorParseError
from textual.theme import Theme

from istui.i18n import tr

COLOUR_KEYS = (
    "primary", "secondary", "accent", "background", "surface", "panel",
    "warning", "error", "success", "foreground", "boost",
)  # fmt: skip
KNOWN_KEYS = {"name", "dark", "variables", *COLOUR_KEYS}
REQUIRED_KEYS = ("name", "primary")

#: A [variables] name, and the words a text-style variable may hold. A value is
#: pasted into the stylesheet as it is, so anything else (a ';', '{' or '}',
#: a word Textual does not know) would stop the app with "Error in stylesheet".
_VARIABLE_NAME = re.compile(r"^[a-z][a-z0-9-]{0,63}$")
_STYLE_WORDS = frozenset(
    [
        "bold",
        "b",
        "italic",
        "i",
        "underline",
        "u",
        "underline2",
        "uu",
        "reverse",
        "r",
        "strike",
        "s",
        "dim",
        "d",
        "blink",
        "overline",
        "o",
        "none",
        "not",
    ]
)
_AUTO = re.compile(r"^auto(?: (?:100|[1-9]?\d)%)?$")


def variable_problem(name: str, value: object) -> str | None:
    """Why a theme's [variables] entry would break the stylesheet, or None."""
    if not _VARIABLE_NAME.match(name):
        return tr("is not a variable name (lowercase letters, digits and '-')")
    if not isinstance(value, str):
        return tr("must be a string, got {type}", type=type(value).__name__)
    text = value.strip()
    if name.endswith("style"):
        words = text.split()
        if words and all(w in _STYLE_WORDS for w in words):
            return None
        return tr("{value} is not a text style (e.g. bold, underline, none)", value=_shown(value))
    if text == "initial" or _AUTO.match(text):
        return None
    try:
        Color.parse(text)
    except ColorParseError:
        return tr("{value} is not a colour", value=_shown(value))
    return None


def _shown(value: str) -> str:
    """A value from the file, shortened and quoted for a one-line warning."""
    return repr(value if len(value) <= 40 else value[:40] + "…")


@dataclass(frozen=True)
class ThemeLoad:
    themes: list[Theme]
    warnings: list[str]


def shipped_themes_dir() -> Path:
    """The shipped themes: package data (istui/themes), found through importlib.resources."""
    return Path(str(files("istui").joinpath("themes")))


def user_themes_dir() -> Path:
    import platformdirs

    return Path(platformdirs.user_config_dir("istui", appauthor=False)) / "themes"


def parse_theme(path: Path) -> Theme:
    """One theme file; ValueError with a message naming the file and the key."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError) as exc:
        raise ValueError(tr("{path}: cannot read: {error}", path=path, error=exc)) from None
    except tomllib.TOMLDecodeError as exc:
        raise ValueError(tr("{path}: not valid TOML: {error}", path=path, error=exc)) from None
    except RecursionError:
        raise ValueError(tr("{path}: nested too deeply to be a theme", path=path)) from None
    except ValueError as exc:  # a number of more than 4300 digits
        error = str(exc)[:80]
        raise ValueError(tr("{path}: not valid TOML: {error}", path=path, error=error)) from None
    unknown = sorted(set(data) - KNOWN_KEYS)
    if unknown:
        known = ", ".join(sorted(KNOWN_KEYS))
        raise ValueError(
            tr(
                "{path}: unknown key {key} (known: {known})",
                path=path,
                key=repr(unknown[0]),
                known=known,
            )
        )
    for key in REQUIRED_KEYS:
        if key not in data:
            raise ValueError(tr("{path}: missing key {key}", path=path, key=repr(key)))
    name = data["name"]
    if not isinstance(name, str) or not name.strip():
        raise ValueError(tr("{path}: name: must be a non-empty string", path=path))
    dark = data.get("dark", True)
    if not isinstance(dark, bool):
        raise ValueError(tr("{path}: dark: must be true or false", path=path))
    colours: dict[str, str] = {}
    for key in COLOUR_KEYS:
        if key not in data:
            continue
        value = data[key]
        if not isinstance(value, str):
            got = type(value).__name__
            raise ValueError(
                tr(
                    "{path}: {key}: must be a colour string, got {type}",
                    path=path,
                    key=key,
                    type=got,
                )
            )
        try:
            Color.parse(value)
        except ColorParseError:
            colour = tr("{value} is not a colour", value=_shown(value))
            raise ValueError(f"{path}: {key}: {colour}") from None
        colours[key] = value
    variables = data.get("variables", {})
    if not isinstance(variables, dict):
        raise ValueError(tr("{path}: variables: must be a table of strings", path=path))
    for key, value in variables.items():
        problem = variable_problem(key, value)
        if problem:
            raise ValueError(f"{path}: variables.{key[:40]}: {problem}")
    return Theme(
        name=name.strip(),
        dark=dark,
        variables=variables,
        primary=colours["primary"],
        secondary=colours.get("secondary"),
        accent=colours.get("accent"),
        background=colours.get("background"),
        surface=colours.get("surface"),
        panel=colours.get("panel"),
        warning=colours.get("warning"),
        error=colours.get("error"),
        success=colours.get("success"),
        foreground=colours.get("foreground"),
        boost=colours.get("boost"),
    )


def load_themes(folders: list[Path]) -> ThemeLoad:
    """Every valid theme in the folders, in order (a later folder's theme of the
    same name replaces an earlier one, so users can restyle a shipped theme)."""
    themes: dict[str, Theme] = {}
    warnings: list[str] = []
    for folder in folders:
        if not folder.is_dir():
            continue
        for path in sorted(folder.glob("*.toml")):
            try:
                theme = parse_theme(path)
            except ValueError as exc:
                warnings.append(tr("theme skipped: {error}", error=exc))
                continue
            themes[theme.name] = theme
    return ThemeLoad(list(themes.values()), warnings)
