"""`istui themes`: which themes exist, which is in use, and why a file was skipped.

A bad theme file only shows up as a toast in the app; this prints the same
warnings on stderr, so a user can check a theme file they just wrote.
"""

from __future__ import annotations

import click

from istui.cli.common import Env, data_errors, pass_env


@click.command()
@click.option(
    "--use", "use", metavar="NAME", help="Make NAME the theme in the config ([ui].theme)."
)
@pass_env
def themes(env: Env, use: str | None) -> None:
    """List the istui themes (shipped and your own), or choose one with --use."""
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
            raise click.UsageError(f"--use: no theme named {use!r} (known: {', '.join(names)})")
        if config.path is not None:
            with data_errors():
                set_config_value(config.path, "ui", "theme", use)
        click.echo(f"theme: {use}")
        return
    for theme in loaded.themes:
        mark = "*" if theme.name == config.theme else " "
        kind = "dark" if theme.dark else "light"
        click.echo(f"{mark} {theme.name:<20} {kind}")
    if config.theme not in names:
        from textual.theme import BUILTIN_THEMES

        if config.theme in BUILTIN_THEMES:
            click.echo(f"* {config.theme:<20} (one of Textual's own themes)")
        else:
            click.echo(
                f"istui: {config.path}: [ui].theme: no theme named {config.theme!r};"
                " the app uses istui-dark",
                err=True,
            )
    click.echo(f"your own themes go in: {user}")
