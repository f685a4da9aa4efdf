"""The command line. Thin: parse, call the store and domain, print.

Each feature's commands live in their own module and are added here. Nothing
imported at module level pulls in Textual; the TUI is imported only by the
commands that open it.
"""

from __future__ import annotations

import sys
from typing import Any

import click

from istui import __version__
from istui.cli.common import DataError, Env, configured_language
from istui.cli.day import day_commands
from istui.i18n import LANGUAGES, choose_language, set_language

#: Commands imported only when run (or listed in --help): `istui log` and
#: `istui status` run every few seconds from status bars, so no other feature's
#: imports may sit on their path. name -> "module:attribute".
LAZY_COMMANDS = {
    "reflect": "istui.cli.reflect:reflect",
    "targets": "istui.cli.targets:targets",
    "themes": "istui.cli.themes:themes",
    "review": "istui.cli.review:review",
    "report": "istui.cli.review:report",
    "export": "istui.cli.team:export",
    "merge": "istui.cli.team:merge",
    "team": "istui.cli.team:team",
    "events": "istui.cli.events:events",
    "event": "istui.cli.events:event",
    "deals": "istui.cli.deals:deals",
    "deal": "istui.cli.deals:deal",
}


class IstuiGroup(click.Group):
    """A group whose errors are one line on stderr: ``istui: <what is wrong>``.

    Usage errors exit 2, bad data or config exit 1; never a traceback. Feature
    commands load lazily (see LAZY_COMMANDS).
    """

    def list_commands(self, ctx: click.Context) -> list[str]:
        return sorted({*super().list_commands(ctx), *LAZY_COMMANDS})

    def get_command(self, ctx: click.Context, cmd_name: str) -> click.Command | None:
        command = super().get_command(ctx, cmd_name)
        if command is not None or cmd_name not in LAZY_COMMANDS:
            return command
        import importlib

        module_name, attribute = LAZY_COMMANDS[cmd_name].split(":")
        loaded = getattr(importlib.import_module(module_name), attribute)
        assert isinstance(loaded, click.Command)
        return loaded

    def main(self, *args: Any, **kwargs: Any) -> Any:
        kwargs["standalone_mode"] = False
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            click.echo("istui: aborted", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            hint = ""
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                hint = f" (see: {exc.ctx.command_path} --help)"
            from istui.render.safe import one_line  # a message may quote a file's words

            click.echo(f"istui: {one_line(exc.format_message())}{hint}", err=True)
            sys.exit(exc.exit_code)
        if isinstance(result, int) and result:
            sys.exit(result)
        return result


@click.group(
    cls=IstuiGroup,
    invoke_without_command=True,
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db", "db", metavar="DIR", help="Store folder (default: user data dir; env ISTUI_DB)."
)
@click.option(
    "--config",
    "config",
    metavar="PATH",
    help="Config file (default: user config dir; env ISTUI_CONFIG).",
)
@click.option("--theme", "theme", metavar="NAME", help="Theme for this run (see themes/).")
@click.option(
    "--lang",
    "lang",
    type=click.Choice(["auto", *LANGUAGES]),
    is_eager=True,  # before --help, so the help is in the language asked for
    expose_value=True,
    callback=lambda _ctx, _param, value: _set_language(value),
    help="Interface language for this run (default: [ui].language, else the locale).",
)
@click.version_option(__version__, prog_name="istui")
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, config: str | None, theme: str | None, lang: str | None
) -> None:
    """istui: one key per dial, live pace against your targets.

    Run with no command to open today's screen.
    """
    if ctx.obj is None:
        try:
            ctx.obj = Env()
        except ValueError as exc:  # a bad ISTUI_NOW or ISTUI_TZ
            raise DataError(str(exc)) from None
    env: Env = ctx.obj
    env.config_option = config or env.config_option
    env.db_option = db or env.db_option
    ctx.meta["theme"] = theme
    if lang is None and config:  # the language of the config named by --config
        set_language(choose_language(None, configured_language(config)))
    if ctx.invoked_subcommand is None:
        from istui.cli.day import open_tui

        open_tui(env, theme=theme)


# The calling-block commands load eagerly; the rest lazily (LAZY_COMMANDS).
for command in day_commands:
    cli.add_command(command)


def _set_language(value: str | None) -> str | None:
    if value is not None:
        set_language(choose_language(value, None))
    return value


def main() -> None:
    # Before click parses: `istui --help` is already in the rep's language.
    set_language(choose_language(None, configured_language(None)))
    try:
        cli.main(prog_name="istui")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
