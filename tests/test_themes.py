"""Themes: the shipped files, user files, bad files, and how one is chosen and kept."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner
from textual.color import Color

from forms_helpers import palette_searched
from istui.services.clock import FixedClock
from istui.services.config import Config, load_config, set_config_value
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.themes import load_themes, parse_theme, shipped_themes_dir, user_themes_dir
from istui.tui.widgets.today import PacePanel, pace_words

SHIPPED = ("istui-dark", "istui-light", "istui-contrast")
GOOD_THEME = 'name = "{name}"\nprimary = "#336699"\n'


def luminance(colour: str) -> float:
    """WCAG relative luminance."""
    parsed = Color.parse(colour)

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    return 0.2126 * channel(parsed.r) + 0.7152 * channel(parsed.g) + 0.0722 * channel(parsed.b)


def contrast(a: str, b: str) -> float:
    high, low = sorted((luminance(a), luminance(b)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def make_app(config: Config, store: Store, clock: FixedClock, **kwargs: object) -> IstuiApp:
    return IstuiApp(config=config, store=store, clock=clock, **kwargs)  # type: ignore[arg-type]


def notified(app: IstuiApp) -> list[str]:
    return [str(n.message) for n in app._notifications]


# -- the shipped files -------------------------------------------------------------


def test_shipped_themes_all_load_without_warnings() -> None:
    loaded = load_themes([shipped_themes_dir()])
    assert loaded.warnings == []
    assert {t.name for t in loaded.themes} >= set(SHIPPED)
    assert {t.name: t.dark for t in loaded.themes}["istui-light"] is False


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_theme_text_is_legible(name: str) -> None:
    """Body text at least 4.5:1 (WCAG AA) against background, surface and panel."""
    theme = parse_theme(shipped_themes_dir() / f"{name}.toml")
    assert theme.foreground and theme.background and theme.surface and theme.panel
    for ground in (theme.background, theme.surface, theme.panel):
        assert contrast(theme.foreground, ground) >= 4.5, (name, ground)
    for key in ("primary", "success", "warning", "error"):
        assert contrast(getattr(theme, key), theme.background) >= 4.5, (name, key)


def test_contrast_theme_reaches_aaa_for_every_colour() -> None:
    """The projector theme: 7:1 for text and every accent against the background."""
    theme = parse_theme(shipped_themes_dir() / "istui-contrast.toml")
    assert theme.background is not None
    for key in ("foreground", "primary", "secondary", "accent", "success", "warning", "error"):
        assert contrast(getattr(theme, key), theme.background) >= 7.0, key


def test_contrast_theme_avoids_a_red_green_pair() -> None:
    """success and error must differ in lightness or blue, not only red vs green,
    so the two stay apart for deuteranopes."""
    theme = parse_theme(shipped_themes_dir() / "istui-contrast.toml")
    success, error = Color.parse(theme.success or ""), Color.parse(theme.error or "")
    assert abs(success.b - error.b) >= 100


@pytest.mark.parametrize(
    ("delta", "words"), [(4, "ahead +4"), (-3, "behind -3"), (0, "on pace ±0")]
)
def test_pace_is_a_sign_and_a_word(delta: int, words: str) -> None:
    assert pace_words(delta) == words


@pytest.mark.parametrize("name", SHIPPED)
async def test_pace_panel_says_ahead_or_behind_in_every_theme(
    name: str, config: Config, store: Store, clock: FixedClock
) -> None:
    store.log("call", 40, at=clock.now())
    app = make_app(config, store, clock, theme_override=name)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == name
        text = str(app.screen.query_one(PacePanel).render())
        assert "ahead +" in text


# -- bad files ---------------------------------------------------------------------

BROKEN = {
    "bad-colour.toml": ('name = "bad-colour"\nprimary = "#12345g"\n', "primary"),
    "unknown-key.toml": (
        'name = "unknown-key"\nprimary = "#123456"\nbackgroud = "#000"\n',
        "backgroud",
    ),
    "bad-toml.toml": ('name = "bad-toml\nprimary = "#123456"\n', "not valid TOML"),
    "no-name.toml": ('primary = "#123456"\n', "'name'"),
    "dark-text.toml": ('name = "dark-text"\nprimary = "#123456"\ndark = "yes"\n', "dark"),
    "colour-number.toml": ('name = "colour-number"\nprimary = 123456\n', "primary"),
    # #15: a [variables] value is pasted into the stylesheet: CSS in it, or a
    # value Textual cannot use, used to stop the app ("Error in stylesheet").
    "css-in-variable.toml": (
        'name = "css-in-variable"\nprimary = "#123456"\n'
        '[variables]\nfooter-key-foreground = "red; } Screen { display: none"\n',
        "variables.footer-key-foreground",
    ),
    "brace-in-variable.toml": (
        'name = "brace-in-variable"\nprimary = "#123456"\n[variables]\nborder = "{"\n',
        "variables.border",
    ),
    "bad-style-variable.toml": (
        'name = "bad-style-variable"\nprimary = "#123456"\n'
        '[variables]\nblock-cursor-text-style = "shiny"\n',
        "not a text style",
    ),
    "bad-variable-name.toml": (
        'name = "bad-variable-name"\nprimary = "#123456"\n[variables]\n"a;b" = "#fff"\n',
        "variables.a;b",
    ),
    "nested-deep.toml": ("x = " + "[" * 3000 + "]" * 3000 + "\n", "nested too deeply"),
}


def test_good_theme_variables_are_kept() -> None:
    from istui.tui.themes import variable_problem

    for name, value in {
        "footer-key-foreground": "#e0af68",
        "block-cursor-text-style": "bold not underline",
        "text": "auto 87%",
        "link-background": "initial",
        "border": "rgb(10, 20, 30)",
    }.items():
        assert variable_problem(name, value) is None, (name, value)


@pytest.mark.parametrize("filename", sorted(BROKEN))
def test_broken_theme_file_is_skipped_with_a_warning_naming_it(
    filename: str, tmp_path: Path
) -> None:
    folder = tmp_path / "themes"
    folder.mkdir()
    text, problem = BROKEN[filename]
    (folder / filename).write_text(text, encoding="utf-8")
    (folder / "fine.toml").write_text(GOOD_THEME.format(name="fine"), encoding="utf-8")
    loaded = load_themes([folder])
    assert [t.name for t in loaded.themes] == ["fine"]
    assert len(loaded.warnings) == 1
    assert filename in loaded.warnings[0]
    assert problem in loaded.warnings[0]
    assert "\n" not in loaded.warnings[0].strip()


async def test_app_starts_and_warns_with_broken_user_themes(
    config: Config, store: Store, clock: FixedClock
) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    for filename, (text, _) in BROKEN.items():
        (folder / filename).write_text(text, encoding="utf-8")
    app = make_app(config, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.theme == "istui-dark"
        messages = notified(app)
        for filename in BROKEN:
            assert any(filename in m for m in messages), filename
    assert store.day_events(clock.now().date())[-1].kind == "call"


def test_user_theme_is_found_and_may_restyle_a_shipped_one(tmp_path: Path) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(GOOD_THEME.format(name="mine"), encoding="utf-8")
    (folder / "dark.toml").write_text(GOOD_THEME.format(name="istui-dark"), encoding="utf-8")
    loaded = load_themes([shipped_themes_dir(), folder])
    themes = {t.name: t for t in loaded.themes}
    assert "mine" in themes
    assert themes["istui-dark"].primary == "#336699"


async def test_user_theme_dir_is_used_by_the_app(
    config: Config, store: Store, clock: FixedClock
) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "私のテーマ.toml").write_text(GOOD_THEME.format(name="わたし"), encoding="utf-8")
    app = make_app(config, store, clock, theme_override="わたし")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "わたし"
        assert "わたし" in app.istui_themes


# -- choosing a theme ---------------------------------------------------------------


def with_theme(config_path: Path, name: str) -> Config:
    set_config_value(config_path, "ui", "theme", name)
    return load_config(config_path)


async def test_theme_from_config(config_path: Path, store: Store, clock: FixedClock) -> None:
    config = with_theme(config_path, "istui-contrast")
    app = make_app(config, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "istui-contrast"
        assert notified(app) == []


async def test_theme_option_beats_config_and_is_not_saved(
    config_path: Path, store: Store, clock: FixedClock
) -> None:
    config = with_theme(config_path, "istui-contrast")
    app = make_app(config, store, clock, theme_override="istui-light")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        assert app.theme == "istui-light"
    assert load_config(config_path).theme == "istui-contrast"


@pytest.mark.parametrize("source", ["config", "option"])
async def test_unknown_theme_warns_and_falls_back(
    source: str, config_path: Path, store: Store, clock: FixedClock
) -> None:
    config = (
        with_theme(config_path, "solarised") if source == "config" else load_config(config_path)
    )
    override = "solarised" if source == "option" else None
    app = make_app(config, store, clock, theme_override=override)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("c")
        await pilot.pause()
        assert app.theme == "istui-dark"
        [message] = notified(app)
        assert "'solarised'" in message and "istui-light" in message
        assert ("--theme" in message) == (source == "option")
        if source == "config":
            assert "[ui].theme" in message and str(config_path) in message
    # the fallback is not written back: the user's choice stays for them to fix
    assert load_config(config_path).theme == ("solarised" if source == "config" else "istui-dark")


async def test_theme_chosen_in_the_app_is_kept_in_the_config(
    config_path: Path, config: Config, store: Store, clock: FixedClock
) -> None:
    before = config_path.read_text(encoding="utf-8")
    app = make_app(config, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "istui-light"
        await pilot.pause()
    after = config_path.read_text(encoding="utf-8")
    assert load_config(config_path).theme == "istui-light"
    # only that line changed: every comment and the rest of the file are kept
    changed = [
        (a, b) for a, b in zip(before.splitlines(), after.splitlines(), strict=True) if a != b
    ]
    assert changed == [('theme = "istui-dark"', 'theme = "istui-light"')]


async def test_theme_picked_from_the_palette_is_applied_and_kept(
    config_path: Path, config: Config, store: Store, clock: FixedClock
) -> None:
    app = make_app(config, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("ctrl+p")
        await pilot.press(*"theme: istui-contrast")
        await palette_searched(pilot, "theme: istui-contrast")
        await pilot.press("enter")
        await pilot.pause()
        assert app.theme == "istui-contrast"
        # back on the Today screen, logging keys work again at once
        await pilot.press("c")
        await pilot.pause()
    assert load_config(config_path).theme == "istui-contrast"
    assert [e.kind for e in store.day_events(clock.now().date())] == ["call"]


def test_cli_theme_option_reaches_the_app(
    config_path: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from istui.cli import cli

    seen: dict[str, object] = {}

    def fake_run(self: IstuiApp) -> None:
        seen["theme"] = self.theme
        seen["warnings"] = list(self.theme_warnings)

    monkeypatch.setattr(IstuiApp, "run", fake_run)
    monkeypatch.setenv("ISTUI_NOW", "2026-11-23T10:30:00+09:00")
    args = ["--config", str(config_path), "--db", str(tmp_path / "db")]
    result = CliRunner().invoke(cli, [*args, "--theme", "istui-contrast"])
    assert result.exit_code == 0, result.output
    assert seen == {"theme": "istui-contrast", "warnings": []}
    result = CliRunner().invoke(cli, [*args, "--theme", "nope"])
    assert result.exit_code == 0, result.output
    assert seen["theme"] == "istui-dark"
    assert "'nope'" in str(seen["warnings"])


# -- set_config_value ------------------------------------------------------------


def test_set_config_value_keeps_comments_and_other_tables(tmp_path: Path) -> None:
    path = tmp_path / "c.toml"
    path.write_text(
        '# top comment\n[ui]\n# which theme\ntheme = "a"  # old\n[store]\nbackups_kept = 3\n',
        encoding="utf-8",
    )
    set_config_value(path, "ui", "theme", 'say "hi"')
    text = path.read_text(encoding="utf-8")
    assert text.startswith("# top comment\n[ui]\n# which theme\n")
    assert "backups_kept = 3" in text
    import tomllib

    assert tomllib.loads(text)["ui"]["theme"] == 'say "hi"'


def test_set_config_value_adds_a_missing_table_or_key(tmp_path: Path) -> None:
    import tomllib

    path = tmp_path / "c.toml"
    path.write_text('[rep]\nid = "x"\n', encoding="utf-8")
    set_config_value(path, "ui", "theme", "istui-light")
    assert tomllib.loads(path.read_text(encoding="utf-8"))["ui"] == {"theme": "istui-light"}
    path.write_text('[ui]\nother = "y"\n[rep]\nid = "x"\n', encoding="utf-8")
    set_config_value(path, "ui", "theme", "istui-light")
    data = tomllib.loads(path.read_text(encoding="utf-8"))
    assert data["ui"] == {"theme": "istui-light", "other": "y"}
    assert data["rep"] == {"id": "x"}


# -- istui themes ------------------------------------------------------------------


def run_cli(config_path: Path, *args: str) -> tuple[int, str, str]:
    from istui.cli import cli

    result = CliRunner().invoke(cli, ["--config", str(config_path), "themes", *args])
    return result.exit_code, result.stdout, result.stderr


def test_themes_command_lists_themes_and_skipped_files(config_path: Path) -> None:
    folder = user_themes_dir()
    folder.mkdir(parents=True)
    (folder / "mine.toml").write_text(GOOD_THEME.format(name="mine"), encoding="utf-8")
    (folder / "broken.toml").write_text(BROKEN["bad-colour.toml"][0], encoding="utf-8")
    code, out, err = run_cli(config_path)
    assert code == 0
    lines = out.splitlines()
    assert "* istui-dark" in "\n".join(lines)
    for name in (*SHIPPED, "mine"):
        assert any(line[2:].startswith(name) for line in lines), name
    assert "broken.toml" in err and "primary" in err
    assert str(folder) in out


def test_themes_use_writes_the_config(config_path: Path) -> None:
    code, out, _ = run_cli(config_path, "--use", "istui-light")
    assert code == 0 and "istui-light" in out
    assert load_config(config_path).theme == "istui-light"
    code, _, err = run_cli(config_path, "--use", "nope")
    assert code == 2 and "'nope'" in err and "istui-contrast" in err
    assert load_config(config_path).theme == "istui-light"


def test_cli_module_still_does_not_import_textual() -> None:
    """`istui themes` is registered on the group; loading the CLI stays Textual-free."""
    import subprocess
    import sys

    code = "import sys, istui.cli; sys.exit('textual' in sys.modules)"
    assert subprocess.run([sys.executable, "-c", code], check=False).returncode == 0


def test_themes_command_names_an_unknown_configured_theme(config_path: Path) -> None:
    set_config_value(config_path, "ui", "theme", "nord")
    code, out, err = run_cli(config_path)
    assert code == 0 and "* nord" in out and err == ""
    set_config_value(config_path, "ui", "theme", "solarised")
    code, out, err = run_cli(config_path)
    assert code == 0 and "*" not in out
    assert "'solarised'" in err and str(config_path) in err


async def test_theme_that_cannot_be_saved_still_applies_and_warns(
    config_path: Path,
    config: Config,
    store: Store,
    clock: FixedClock,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def refuse(*args: object) -> None:
        raise PermissionError(13, "Permission denied")

    monkeypatch.setattr("istui.tui.app.set_config_value", refuse)
    app = make_app(config, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        app.theme = "istui-light"
        await pilot.pause()
        assert app.theme == "istui-light"
        [message] = notified(app)
        assert str(config_path) in message and "Permission denied" in message
