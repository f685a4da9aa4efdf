"""`istui reflect`: the end-of-day reflection straight from the shell."""

from __future__ import annotations

import sys

import click

from istui.cli.common import Env, data_errors, pass_env
from istui.cli.language import IstuiCommand
from istui.cli.options import date_option
from istui.i18n import N_


@click.command(
    cls=IstuiCommand,
    help=N_("Open the end-of-day reflection for today (or --date); closing it quits."),
)
@date_option(N_("Reflect on another (past) day."))
@pass_env
def reflect(env: Env, day_text: str | None) -> None:
    day = env.day(day_text)
    config = env.config
    store = env.synced_store()
    from istui.services.forms import load_reflection

    with data_errors():  # a broken day file is one line here, not a crash in the TUI
        store.day_events(day)
        load_reflection(store, day)
    from istui.tui.app import IstuiApp

    theme = click.get_current_context().find_root().meta.get("theme")
    app = IstuiApp(
        config=config, store=store, clock=env.clock, theme_override=theme, reflect_day=day
    )
    app.run()
    if app.return_code:
        sys.exit(app.return_code)
