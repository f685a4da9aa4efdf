"""The weekly review from the command line: ``istui review`` (the screen) and
``istui report`` (text, a markdown 1on1 sheet, JSON or CSV)."""

from __future__ import annotations

import sys

import click

from istui.cli.common import Env, data_errors, pass_env, usage_error
from istui.domain.review import IsoWeek

WEEK_HELP = "ISO week, e.g. 2026-W47 (default: the current week)."


def parse_week(text: str | None, env: Env) -> IsoWeek:
    """The --week option: a real ISO week (bad input is a usage error, exit 2)."""
    if text is None:
        return IsoWeek.of(env.today())
    try:
        return IsoWeek.parse(text)
    except ValueError as exc:
        usage_error(f"--week: {exc}")


@click.command()
@click.option("--week", "week_text", metavar="YYYY-Www", help=WEEK_HELP)
@pass_env
def review(env: Env, week_text: str | None) -> None:
    """Open the weekly review screen."""
    week = parse_week(week_text, env)
    config = env.config
    store = env.synced_store()
    from istui.tui.app import IstuiApp

    theme = click.get_current_context().find_root().meta.get("theme")
    with data_errors():
        store.target_versions()
    app = IstuiApp(
        config=config, store=store, clock=env.clock, theme_override=theme, start_week=week
    )
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


@click.command()
@click.option("--week", "week_text", metavar="YYYY-Www", help=WEEK_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "csv"]),
    default="text",
    show_default=True,
    help="markdown is a ready 1on1 sheet; json and csv carry the figures.",
)
@pass_env
def report(env: Env, week_text: str | None, fmt: str) -> None:
    """Print a week's review (summary, diagnosis, the week's words, actions)."""
    from istui.report import render
    from istui.reviewing import load_review

    week = parse_week(week_text, env)
    store = env.synced_store()
    with data_errors():
        bundle = load_review(env.config, store, week, env.today())
    click.echo(render(bundle, fmt), nl=False)


review_commands = [review, report]
