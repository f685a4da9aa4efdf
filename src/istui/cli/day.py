"""The calling-block commands: log, undo, status, demo, doctor, and the TUI.

Longer than 400 lines: the five commands every rep runs each day, their help
and every sentence they print as whole translatable strings with named
fields (laid out a field a line); they load eagerly together (``istui log``'s
full path), so they stay one module.
"""

from __future__ import annotations

import json
import re
import sys
from datetime import timedelta
from pathlib import Path

import click

from istui.cli.common import (
    DataError,
    Env,
    data_errors,
    parse_moment,
    pass_env,
    unknown_kind,
)
from istui.cli.language import IstuiCommand, IstuiOption
from istui.cli.options import date_option, note_option
from istui.domain.funnel import check_note
from istui.domain.today import DayView
from istui.i18n import N_, tr, trn
from istui.lean import MAX_PER_LOG
from istui.render.events import printable, undone_text
from istui.render.today import pace_json, status_line, view_json_head


def open_tui(env: Env, *, theme: str | None = None) -> None:
    config = env.config
    store = env.synced_store()
    from istui.tui.app import IstuiApp

    today = env.today()
    with data_errors():
        # The Today screen reads this week's earlier days too (the week strip);
        # an unreadable one must stop here with one line, not crash the app.
        store.events_between(today - timedelta(days=today.weekday()), today)
    app = IstuiApp(config=config, store=store, clock=env.clock, theme_override=theme)
    app.run()
    if app.return_code:
        sys.exit(app.return_code)


def view_json(view: DayView) -> dict[str, object]:
    head = view.headline
    return {
        **view_json_head(view),
        "pace": (
            pace_json(
                view.phase.value,
                view.fraction,
                head.pace.expected,
                head.pace.delta,
                head.pace.projected,
                head.pace.needed_per_hour,
            )
            if head
            else None
        ),
    }


#: ``--at`` as a time of day (today): HH:MM or HH:MM:SS.
TIME_OF_DAY = re.compile(r"^([01]\d|2[0-3]):[0-5]\d(:[0-5]\d)?$")
#: The most changes one ``istui undo -n`` takes back.
MAX_UNDO = 100


@click.command(
    cls=IstuiCommand,
    help=N_("Record COUNT outcomes of KIND (call, connect, meeting, or a configured metric)."),
)
@click.argument("kind")
@click.option(
    "-n",
    "count",
    cls=IstuiOption,
    type=click.IntRange(min=1, max=MAX_PER_LOG),
    default=1,
    show_default=True,
    help=N_("How many outcomes to record (at most {most} per command)."),
    help_fields={"most": MAX_PER_LOG},
)
@click.option(
    "--at",
    "at",
    metavar="[DATE]TIME",
    help=N_(
        "When it happened: a time of day today (HH:MM or HH:MM:SS, local time) or "
        "a full ISO 8601 date and time (e.g. 2026-11-20T10:15): backfill a forgotten dial."
    ),
)
@note_option(N_("A one-line note on the dial (at most {most} characters)."))
@click.option(
    "--list",
    "list_name",
    metavar="NAME",
    help=N_(
        "Dial from call list NAME (from [lists.named] in the config) from now on: "
        "this dial and every later one carry its name, channel and segment."
    ),
)
@pass_env
def log(
    env: Env, kind: str, count: int, at: str | None, note: str | None, list_name: str | None
) -> None:
    metrics = env.config.metrics
    if metrics.get(kind) is None:
        raise click.UsageError(unknown_kind(kind, metrics.keys))
    if note is not None:
        try:
            note = check_note(note)
        except ValueError as exc:
            raise click.UsageError(
                tr("{option}: {problem}", option="--note", problem=exc)
            ) from None
    now = env.now()
    moment = now
    if at is not None:
        if TIME_OF_DAY.match(at):  # today, local time
            moment = parse_moment(f"{env.today().isoformat()}T{at}", "--at", env.clock)
        else:
            moment = parse_moment(at, "--at", env.clock)
        if moment > now:
            raise click.UsageError(
                tr("{option}: {value} is in the future", option="--at", value=at)
            )
    from istui.services.lists import current_call_list, find_list, switch_list, tags_of

    if list_name is not None:
        try:
            find_list(env.config.lists, list_name)
        except LookupError as exc:
            raise click.UsageError(
                tr("{option}: {problem}", option="--list", problem=exc.args[0])
            ) from None
    store = env.synced_store()
    with data_errors():
        if list_name is not None:
            switch_list(env.context, list_name)
        tags = tags_of(current_call_list(env.context))
        store.log(kind, count, at=moment, note=note or "", tags=tags)
    click.echo(status_line(env.day_view(moment.date())))


@click.command(
    cls=IstuiCommand,
    help=N_(
        "Take back the day's last change (today's unless --date) and say what it was.\n\n"
        "A change is one logged event (`log -n 5` is five), one edit of an event's "
        "kind or note, or one delete (see `istui event`): undo reverses the newest, "
        "whatever it was; an undone delete brings the event back with its id."
    ),
)
@date_option(N_("Undo a past day's last change (a wrong --at)."))
@click.option(
    "-n",
    "count",
    cls=IstuiOption,
    type=int,
    default=1,
    show_default=True,
    help=N_("How many changes to take back, newest first (1 to {most})."),
    help_fields={"most": MAX_UNDO},
)
@pass_env
def undo(env: Env, day_text: str | None, count: int) -> None:
    if not 1 <= count <= MAX_UNDO:
        raise click.UsageError(
            tr("-n: {count} is out of range (1 to {most})", count=count, most=MAX_UNDO)
        )
    day = env.day(day_text)
    store = env.store
    past = day != env.today()
    undone_any = False
    for _ in range(count):
        with data_errors():
            undone = store.undo(day)
        if undone is None:
            if not undone_any:
                click.echo(
                    tr("nothing to undo on {day}", day=day) if past else tr("nothing to undo today")
                )
                return
            click.echo(tr("nothing more to undo"))
            break
        undone_any = True
        click.echo(printable(undone_text(undone, with_date=past)))
    click.echo(status_line(env.day_view(day)))


@click.command(
    cls=IstuiCommand,
    help=N_("Print the day's status in one line (for a tmux status bar or a prompt)."),
)
@click.option(
    "--json", "as_json", is_flag=True, help=N_("Print a JSON object instead of one line.")
)
@date_option(N_("Another day than today."))
@pass_env
def status(env: Env, as_json: bool, day_text: str | None) -> None:
    day = env.day(day_text)
    view = env.day_view(day)
    if day == env.today():
        # the lean path found no current cache (istui.lean): leave one for the next call
        env.store.refresh_status()
    if as_json:
        click.echo(json.dumps(view_json(view), ensure_ascii=False))
    else:
        click.echo(status_line(view))


@click.command(
    cls=IstuiCommand,
    help=N_("Open the TUI on a throwaway store with four weeks of generated history."),
)
@click.option("--keep", "keep", metavar="DIR", help=N_("Build the demo store in DIR and keep it."))
@click.option(
    "--seed", type=int, default=7, show_default=True, help=N_("Seed of the generated history.")
)
@click.pass_context
def demo(ctx: click.Context, keep: str | None, seed: int) -> None:
    import shutil
    import tempfile

    from istui.services.demo import build_demo

    env: Env = ctx.obj
    folder = Path(keep) if keep else Path(tempfile.mkdtemp(prefix="istui-demo-"))
    if keep and folder.exists() and any(folder.iterdir()):
        raise click.UsageError(tr("--keep: {folder} is not empty", folder=folder))
    try:
        from istui.domain.calendar import WorkHours
        from istui.services.clock import ShiftedClock
        from istui.services.demo import demo_calendar, demo_moment

        # The demo config keeps the default hours, and the default working days
        # of its language (a Japanese demo on a holiday shows the day before).
        real_now = env.now()
        shift = demo_moment(real_now, WorkHours(), demo_calendar()) - real_now
        clock = ShiftedClock(env.clock, shift)
        config_path, db_path = build_demo(folder, clock.now(), seed=seed)
        demo_env = Env(config_option=str(config_path), db_option=str(db_path), clock=clock)
        open_tui(demo_env, theme=ctx.find_root().meta.get("theme"))
    finally:
        if not keep:
            shutil.rmtree(folder, ignore_errors=True)


@click.command(cls=IstuiCommand, help=N_("Check every store file; list backups or restore one."))
@click.option("--list", "list_only", is_flag=True, help=N_("List the dated backups."))
@click.option(
    "--restore",
    "restore",
    metavar="BACKUP",
    help=N_("Restore from a backup the files that cannot be read now (nothing else)."),
)
@click.option(
    "--all",
    "whole",
    is_flag=True,
    help=N_(
        "With --restore: roll the whole store back to the backup (files made "
        "after it are removed; the state before is kept as a backup)."
    ),
)
@pass_env
def doctor(env: Env, list_only: bool, restore: str | None, whole: bool) -> None:
    store = env.unchecked_store()
    if whole and not restore:
        raise click.UsageError(tr("--all goes with --restore BACKUP"))
    if list_only and restore is not None:
        raise click.UsageError(tr("--list and --restore exclude each other"))
    if restore and whole:
        with data_errors():
            changes = store.restore_plan(restore)
            for change in changes:
                click.echo(_change_line(change.action, change.relpath, change.events))
            kept = store.restore(restore)
        click.echo(
            tr(
                "restored {backup}; the state before it is kept as backup {kept}",
                backup=restore,
                kept=kept,
            )
        )
        return
    if restore:
        with data_errors():
            kept_broken, restored, missing = store.restore_broken(restore)
        for rel in restored:
            click.echo(tr("restored {file} from {backup}", file=rel, backup=restore))
        for rel in missing:
            click.echo(
                tr("not in backup {backup}: {file} (still unreadable)", backup=restore, file=rel)
            )
        if kept_broken:
            click.echo(tr("the state before it is kept as backup {kept}", kept=kept_broken))
        if not restored and not missing:
            click.echo(
                tr(
                    "nothing to restore: every file reads cleanly; to roll the whole store "
                    "back use: istui doctor --restore {backup} --all",
                    backup=restore,
                )
            )
        if missing:
            raise DataError(
                trn(
                    "{n} file still cannot be read",
                    "{n} files still cannot be read",
                    len(missing),
                    n=len(missing),
                )
            )
        return
    backups = store.backups()
    if list_only:
        for name in backups:
            click.echo(name)
        if not backups:
            click.echo(tr("no backups yet (one is made each day before the first change)"))
        return
    problems = store.check_files()
    click.echo(tr("store: {folder}", folder=store.root))
    with data_errors():
        temps = store.clean_temp_files()
    for path in temps.removed:
        click.echo(
            tr(
                "removed {file} (left by a write that was killed)",
                file=path.relative_to(store.root),
            )
        )
    for path in temps.recent:
        click.echo(
            tr(
                "left {file} alone (recent: a write may be under way)",
                file=path.relative_to(store.root),
            )
        )
    # "newest" by date: names sort pre-restore-* after every dated backup.
    dated = store.dated_backups()
    newest = dated[-1] if dated else (backups[-1] if backups else None)
    if newest:
        click.echo(tr("backups: {count} (newest {newest})", count=len(backups), newest=newest))
    else:
        click.echo(tr("backups: {count}", count=len(backups)))
    if not problems:
        click.echo(tr("all files read cleanly"))
        return
    for problem in problems:
        click.echo(tr("problem: {problem}", problem=problem.message))
    if newest:
        click.echo(tr("to restore: istui doctor --restore {backup}", backup=newest))
    raise DataError(
        trn(
            "{n} file cannot be read",
            "{n} files cannot be read",
            len(problems),
            n=len(problems),
        )
    )


def _change_line(action: str, relpath: str, events: int | None) -> str:
    """One change a whole restore makes, as a line."""
    if events is None:
        lines = {
            "remove": tr("removing {file}", file=relpath),
            "replace": tr("replacing {file}", file=relpath),
            "add": tr("adding {file}", file=relpath),
        }
    else:
        lines = {
            "remove": trn(
                "removing {file} ({n} event now)",
                "removing {file} ({n} events now)",
                events,
                file=relpath,
                n=events,
            ),
            "replace": trn(
                "replacing {file} ({n} event now)",
                "replacing {file} ({n} events now)",
                events,
                file=relpath,
                n=events,
            ),
            "add": trn(
                "adding {file} ({n} event now)",
                "adding {file} ({n} events now)",
                events,
                file=relpath,
                n=events,
            ),
        }
    return lines[action]


day_commands = [log, undo, status, demo, doctor]
