"""The day's events from the shell: list them (`istui events`), and change or
delete one by id (`istui event ID ...`), each change undoable by `istui undo`."""

from __future__ import annotations

import json

import click

from istui.cli.common import Env, data_errors, parse_day, pass_env, unknown_kind
from istui.cli.language import IstuiCommand, IstuiOption
from istui.domain.funnel import MAX_EVENT_NOTE
from istui.i18n import N_, tr
from istui.render.events import edited_text, event_rows, events_json, printable
from istui.render.today import status_line
from istui.store.events import UnknownEvent


@click.command(
    cls=IstuiCommand,
    help=N_("List the day's events, newest first: time, id (its first 8 characters), kind, note."),
)
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help=N_("Another day than today."))
@click.option(
    "--json",
    "as_json",
    is_flag=True,
    help=N_("A JSON object: date, and events newest first (id, at, time, kind, note)."),
)
@pass_env
def events(env: Env, day_text: str | None, as_json: bool) -> None:
    day = parse_day(day_text, "--date", env.today()) if day_text is not None else env.today()
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
@click.option(
    "--date", "day_text", metavar="YYYY-MM-DD", help=N_("The event's day (default today).")
)
@click.option("--kind", "kind", metavar="KIND", help=N_("Its new outcome (a metric key)."))
@click.option(
    "--note",
    "note",
    metavar="TEXT",
    cls=IstuiOption,
    help=N_('Its new note (at most {most} characters; "" removes it).'),
    help_fields={"most": MAX_EVENT_NOTE},
)
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
    day = parse_day(day_text, "--date", env.today()) if day_text is not None else env.today()
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
