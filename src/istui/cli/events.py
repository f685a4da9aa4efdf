"""The day's events from the shell: list them (`istui events`), and change or
delete one by id (`istui event ID ...`), each change undoable by `istui undo`."""

from __future__ import annotations

import json

import click

from istui.cli.common import Env, data_errors, pass_env, unknown_kind
from istui.cli.language import IstuiCommand
from istui.cli.options import date_option, note_option
from istui.i18n import N_, tr
from istui.render.events import edited_text, event_rows, events_json, printable
from istui.render.today import status_line
from istui.store.events import UnknownEvent


@click.command(
    cls=IstuiCommand,
    help=N_("List the day's events, newest first: time, id (its first 8 characters), kind, note."),
)
@date_option(N_("Another day than today."))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=N_("A JSON object: date, and events newest first (id, at, time, kind, note)."),
)
@pass_env
def events(env: Env, day_text: str | None, as_json: bool) -> None:
    day = env.day(day_text)
    with data_errors():
        day_events = env.store.day_events(day)
    if as_json:
        document = {"date": day.isoformat(), "events": events_json(day_events)}
        click.echo(json.dumps(document, ensure_ascii=False))
        return
    if not day_events:
        click.echo(tr("no events on {day}", day=day))
        return
    for row in event_rows(day_events):
        click.echo(printable(row))


@click.command(
    cls=IstuiCommand,
    help=N_(
        "Change one event's outcome or note, or delete it, by ID (from `istui events`; "
        "any unique prefix of 4 or more characters). Its id and time stay."
    ),
)
@click.argument("event_id", metavar="ID")
@date_option(N_("The event's day (default today)."))
@click.option("--kind", "kind", metavar="KIND", help=N_("Its new outcome (a metric key)."))
@note_option(N_('Its new note (at most {most} characters; "" removes it).'))
@click.option(
    "--delete", "delete", is_flag=True, help=N_("Delete the event (undo brings it back).")
)
@pass_env
def event(
    env: Env, event_id: str, day_text: str | None, kind: str | None, note: str | None, delete: bool
) -> None:
    if delete and (kind is not None or note is not None):
        raise click.UsageError(tr("--delete goes alone (not with --kind or --note)"))
    if not delete and kind is None and note is None:
        raise click.UsageError(tr("say what to change: --kind KIND, --note TEXT or --delete"))
    metrics = env.config.metrics
    if kind is not None and metrics.get(kind) is None:
        raise click.UsageError(
            tr("{option}: {problem}", option="--kind", problem=unknown_kind(kind, metrics.keys))
        )
    day = env.day(day_text)
    store = env.synced_store()
    try:
        with data_errors():
            if delete:
                edited = store.delete_event(day, event_id)
            else:
                edited = store.edit_event(day, event_id, kind=kind, note=note)
    except UnknownEvent as exc:
        raise click.UsageError(str(exc.args[0])) from None
    except ValueError as exc:
        raise click.UsageError(tr("{option}: {problem}", option="--note", problem=exc)) from None
    click.echo(printable(edited_text(edited, with_date=day != env.today())))
    click.echo(status_line(env.day_view(day)))
