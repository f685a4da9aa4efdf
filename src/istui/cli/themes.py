"""`istui themes`: which themes exist, which is in use, and why a file was skipped.

A bad theme file only shows up as a toast in the app; this prints the same
warnings on stderr, so a user can check a theme file they just wrote.
"""

from __future__ import annotations

import click

from istui.cli.common import Env, data_errors, pass_env
from istui.cli.language import IstuiCommand
from istui.i18n import N_, tr, trp
from istui.render.cells import pad


@click.command(
    cls=IstuiCommand,
    help=N_("List the istui themes (shipped and your own), or choose one with --use."),
)
@click.option(
    "--use", "use", metavar="NAME", help=N_("Make NAME the theme in the config ([ui].theme).")
)
@pass_env
def themes(env: Env, use: str | None) -> None:
    from istui.services.config import set_config_value
    from istui.tui.themes import load_themes, shipped_themes_dir, user_themes_dir

    shipped, user = shipped_themes_dir(), user_themes_dir()
    loaded = load_themes([shipped, user])
    for warning in loaded.warnings:
        click.echo(f"istui: {warning}", err=True)
    names = [theme.name for theme in loaded.themes]
    config = env.config
    if use is not None:
        if use not in names:
            raise click.UsageError(
                tr(
                    "--use: no theme named {name!r} (known: {known})",
                    name=use,
                    known=", ".join(names),
                )
            )
        if config.path is not None:
            with data_errors():
                set_config_value(config.path, "ui", "theme", use)
        click.echo(tr("theme: {name}", name=use))
        return
    for theme in loaded.themes:
        mark = "*" if theme.name == config.theme else " "
        kind = trp("theme", "dark") if theme.dark else trp("theme", "light")
        click.echo(f"{mark} {pad(theme.name, 20)} {kind}")
    if config.theme not in names:
        from textual.theme import BUILTIN_THEMES

        if config.theme in BUILTIN_THEMES:
            own = tr("(one of Textual's own themes)")
            click.echo(f"* {pad(config.theme, 20)} {own}")
        else:
            click.echo(
                "istui: "
                + tr(
                    "{path}: [ui].theme: no theme named {name!r}; the app uses istui-dark",
                    path=config.path,
                    name=config.theme,
                ),
                err=True,
            )
    click.echo(tr("your own themes go in: {folder}", folder=user))
