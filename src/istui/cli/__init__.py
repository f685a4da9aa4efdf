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
from istui.cli.language import (
    IstuiCommand,
    IstuiSubGroup,
    TranslatedHelp,
    error_message,
    global_options,
    use_language,
    version_option,
)
from istui.i18n import LANGUAGES, N_, choose_language, tr

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


class IstuiGroup(TranslatedHelp, click.Group):
    """A group whose errors are one line on stderr: ``istui: <what is wrong>``.

    Usage errors exit 2, bad data or config exit 1; never a traceback. Feature
    commands load lazily (see LAZY_COMMANDS). Its help and its commands' are
    in the language in force (cli/language.py).
    """

    command_class = IstuiCommand
    group_class = IstuiSubGroup

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
        argv = kwargs.get("args", args[0] if args else None)
        obj = kwargs.get("obj")
        decide_language(
            sys.argv[1:] if argv is None else list(argv),
            obj.config_option if isinstance(obj, Env) else None,
        )
        try:
            result = super().main(*args, **kwargs)
        except click.exceptions.Exit as exc:
            sys.exit(exc.exit_code)
        except click.Abort:
            aborted = tr("aborted")
            click.echo(f"istui: {aborted}", err=True)
            sys.exit(1)
        except click.ClickException as exc:
            from istui.render.safe import one_line  # a message may quote a file's words

            message = one_line(error_message(exc))
            if isinstance(exc, click.UsageError) and exc.ctx is not None:
                message = tr(
                    "{message} (see: {command} --help)",
                    message=message,
                    command=exc.ctx.command_path,
                )
            click.echo(f"istui: {message}", err=True)
            sys.exit(exc.exit_code)
        if isinstance(result, int) and result:
            sys.exit(result)
        return result


@click.group(
    cls=IstuiGroup,
    invoke_without_command=True,
    help=N_(
        "istui: one key per dial, live pace against your targets.\n\n"
        "Run with no command to open today's screen."
    ),
    context_settings={"help_option_names": ["-h", "--help"]},
)
@click.option(
    "--db", "db", metavar="DIR", help=N_("Store folder (default: user data dir; env ISTUI_DB).")
)
@click.option(
    "--config",
    "config",
    metavar="PATH",
    help=N_("Config file (default: user config dir; env ISTUI_CONFIG)."),
)
@click.option("--theme", "theme", metavar="NAME", help=N_("Theme for this run (see themes/)."))
@click.option(
    "--lang",
    "lang",
    type=click.Choice(["auto", *LANGUAGES]),
    # (decided before click parses, see decide_language: --help, a usage
    # error and --version are already in the language asked for)
    help=N_("Interface language for this run (default: [ui].language, else the locale)."),
)
@version_option(__version__)
@click.pass_context
def cli(
    ctx: click.Context, db: str | None, config: str | None, theme: str | None, lang: str | None
) -> None:
    if ctx.obj is None:
        try:
            ctx.obj = Env()
        except ValueError as exc:  # a bad ISTUI_NOW or ISTUI_TZ
            raise DataError(str(exc)) from None
    env: Env = ctx.obj
    env.config_option = config or env.config_option
    env.db_option = db or env.db_option
    ctx.meta["theme"] = theme
    if ctx.invoked_subcommand is None:
        from istui.cli.day import open_tui

        open_tui(env, theme=theme)


# The calling-block commands load eagerly; the rest lazily (LAZY_COMMANDS).
for command in day_commands:
    cli.add_command(command)


def decide_language(argv: list[str], config_option: str | None) -> None:
    """The language of this command line, before click parses it, so that
    `istui --help`, a usage error and a broken config's error are already in
    it: --lang, else the config's [ui].language (--config, else the one given,
    else the default place), else the locale (also for a config that does
    not read)."""
    lang, config = global_options(argv)
    configured = configured_language(config or config_option) if lang in (None, "auto") else None
    use_language(choose_language(lang, configured))


def main() -> None:
    """The full command line (``istui.lean`` hands over everything it does not answer)."""
    try:
        cli.main(prog_name="istui")
    except KeyboardInterrupt:  # pragma: no cover - interactive only
        sys.exit(130)
