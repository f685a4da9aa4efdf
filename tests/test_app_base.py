"""The rep's app and the team app share one base: themes and their warnings,
the configured theme, the palette, help, and the clock their caller gives."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from click.testing import CliRunner

from istui.cli import cli
from istui.cli.common import Env
from istui.services.clock import FixedClock
from istui.services.config import default_config_text, set_config_value
from istui.services.team import load_team_week
from istui.tui.app import IstuiApp
from istui.tui.base import AppBase
from istui.tui.commands import IstuiCommands
from istui.tui.screens.help import HelpScreen
from istui.tui.team_app import TeamApp
from team_helpers import NOW, W47, three_rep_team


def _team_app(tmp_path: Path, **kwargs: Any) -> TeamApp:
    team = three_rep_team(tmp_path)
    return TeamApp(team=team, week=load_team_week(team, W47.start, W47.end), **kwargs)


def test_both_apps_share_the_base() -> None:
    for cls in (IstuiApp, TeamApp):
        assert issubclass(cls, AppBase)
        assert IstuiCommands in cls.COMMANDS


async def test_the_team_app_uses_its_callers_clock_and_the_configured_theme(
    tmp_path: Path,
) -> None:
    clock = FixedClock(NOW)
    app = _team_app(tmp_path, clock=clock, configured_theme="istui-light")
    assert app.clock is clock
    assert app.theme == "istui-light"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.press("enter")
        await pilot.pause()
        assert app.screen.clock is clock  # type: ignore[attr-defined]  # the rep's review
        await pilot.press("f1")
        await pilot.pause()
        assert isinstance(app.screen, HelpScreen)


async def test_the_team_app_warns_of_an_unknown_theme(tmp_path: Path) -> None:
    app = _team_app(
        tmp_path, clock=FixedClock(NOW), configured_theme="no-such", config_path=tmp_path / "c"
    )
    assert app.theme == "istui-dark"
    async with app.run_test(size=(120, 40)) as pilot:
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
    assert any("[ui].theme" in m and "'no-such'" in m for m in messages)


def test_istui_team_passes_the_env_clock_and_the_config_theme(
    tmp_path: Path, monkeypatch: Any
) -> None:
    team = three_rep_team(tmp_path)
    config = tmp_path / "config.toml"
    config.write_text(default_config_text("lead"), encoding="utf-8")
    set_config_value(config, "ui", "theme", "istui-contrast")
    env = Env(config_option=str(config), clock=FixedClock(NOW))
    opened: list[TeamApp] = []
    monkeypatch.setattr(TeamApp, "run", lambda self: opened.append(self))
    result = CliRunner().invoke(
        cli, ["team", "--db", str(team.root)], obj=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert opened[0].clock is env.clock
    assert opened[0].theme == "istui-contrast"


def test_istui_team_on_a_lead_machine_without_a_config_creates_none(
    tmp_path: Path, monkeypatch: Any
) -> None:
    """The team view reads [ui].theme when a config exists; it never writes one."""
    team = three_rep_team(tmp_path)
    missing = tmp_path / "lead" / "config.toml"
    missing.parent.mkdir()
    env = Env(config_option=str(missing), clock=FixedClock(NOW))
    opened: list[TeamApp] = []
    monkeypatch.setattr(TeamApp, "run", lambda self: opened.append(self))
    result = CliRunner().invoke(
        cli, ["team", "--db", str(team.root)], obj=env, catch_exceptions=False
    )
    assert result.exit_code == 0, result.output
    assert not missing.exists()
    assert opened[0].theme == "istui-dark"


async def test_a_theme_that_cannot_be_saved_is_a_warning_not_a_crash(
    tmp_path: Path, config: Any, store: Any, clock: FixedClock
) -> None:
    from dataclasses import replace

    from istui.services.config import load_config

    path = tmp_path / "inline.toml"
    # [ui] as an inline table cannot be edited in place: set_config_value refuses it
    path.write_text(
        'ui = { theme = "istui-dark" }\n[rep]\nid = "rep-01"\n'
        "[targets]\ncall = 100\nconnect = 25\nmeeting = 4\n",
        encoding="utf-8",
    )
    inline = load_config(path)
    app = IstuiApp(config=replace(config, path=inline.path), store=store, clock=clock)
    async with app.run_test(size=(80, 24), notifications=True) as pilot:
        app.theme = "istui-light"
        await pilot.pause()
        messages = [str(n.message) for n in app._notifications]
        assert app.is_running
    assert any("theme not saved" in m and str(path) in m for m in messages), messages
    assert path.read_text(encoding="utf-8").startswith('ui = { theme = "istui-dark" }\n')
