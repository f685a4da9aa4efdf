"""The team commands: export (the rep), merge and team (the lead); the team
report is ``istui report --team`` (cli/review.py).

No Textual at module level; ``istui team`` imports the TUI when it opens it.
"""

from __future__ import annotations

from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import click

from istui.cli.common import DataError, Env, data_errors, parse_day, pass_env, usage_error
from istui.cli.language import IstuiCommand
from istui.domain.calendar import IsoWeek, iso_week_bounds
from istui.i18n import N_, os_reason, tr, trn
from istui.render.safe import one_line
from istui.store.team import TeamStore

if TYPE_CHECKING:
    from istui.services.merge import FileSummary


def parse_week(text: str, option: str = "--week") -> tuple[date, date]:
    """An ISO week like 2026-W47 -> its Monday and Sunday (usage error otherwise)."""
    try:
        week = IsoWeek.parse(text)
    except ValueError as exc:
        usage_error(tr("{option}: {problem}", option=option, problem=exc))
    return week.monday, week.sunday


def _this_week(today: date) -> tuple[date, date]:
    monday = today - timedelta(days=today.weekday())
    return monday, monday + timedelta(days=6)


@click.command(cls=IstuiCommand, help=N_("Export a week (or a range) for the team lead's merge."))
@click.option("--week", "week", metavar="YYYY-Www", help=N_("An ISO week (default: this week)."))
@click.option("--from", "from_", metavar="YYYY-MM-DD", help=N_("First day (with --to)."))
@click.option("--to", "to", metavar="YYYY-MM-DD", help=N_("Last day (with --from)."))
@click.option(
    "-o",
    "output",
    metavar="FILE",
    help=N_(
        "Where to write: a file (its folder must exist), a folder, or - for standard "
        "output (json only). Default: istui-REP-WEEK.json here."
    ),
)
@click.option("--no-notes", "no_notes", is_flag=True, help=N_("Leave free text out; keep numbers."))
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["json", "csv"]),
    default="json",
    show_default=True,
    help=N_("json for the team merge; csv (events + daily totals) for spreadsheets."),
)
@click.option(
    "--bom/--no-bom",
    "bom",
    default=None,
    help=N_(
        "CSV: start each file with a UTF-8 byte order mark for Excel (default: [export].csv_bom)."
    ),
)
@pass_env
def export(
    env: Env,
    week: str | None,
    from_: str | None,
    to: str | None,
    output: str | None,
    no_notes: bool,
    fmt: str,
    bom: bool | None,
) -> None:
    from istui.render.export_csv import daily_csv, events_csv, with_bom
    from istui.services.export import (
        MAX_RANGE_DAYS,
        OutputRefused,
        Span,
        build_export,
        csv_paths,
        default_name,
        write_export_file,
        write_export_files,
    )

    if week is not None and (from_ is not None or to is not None):
        usage_error(tr("--week and --from/--to exclude each other"))
    if (from_ is None) != (to is None):
        usage_error(tr("--from and --to go together"))
    if week is not None:
        start, end = parse_week(week)
    elif from_ is not None and to is not None:
        start = parse_day(from_, "--from", env.today(), allow_future=True)
        end = parse_day(to, "--to", env.today(), allow_future=True)
        if end < start:
            usage_error(tr("--to {end} is before --from {start}", end=end, start=start))
        if (end - start).days > MAX_RANGE_DAYS:
            usage_error(tr("--from/--to: at most three years per export"))
    else:
        start, end = _this_week(env.today())
    if start > env.today():
        # Nothing can have happened yet: an empty export would look like a lazy week.
        if week:
            usage_error(tr("{option}: {value} is in the future", option="--week", value=week))
        usage_error(tr("--from {day} is in the future", day=start))
    span = Span(start, end)
    if output == "-" and fmt == "csv":
        usage_error(tr("-o -: the CSV export is two files (events, daily totals); name a file"))
    config = env.config
    store = env.synced_store()
    with data_errors():
        document = build_export(config, store, span, env.now(), notes=not no_notes)
    if output == "-":
        _export_to_stdout(document, config.rep_id, span.label)
        return
    suffix = ".csv" if fmt == "csv" else ".json"
    path = Path(output) if output else Path(default_name(config.rep_id, span, suffix))
    if path.is_dir():
        path = path / default_name(config.rep_id, span, suffix)
    try:
        if fmt == "json":
            write_export_file(path, document)
            say(exported_line(len(document["events"]), config.rep_id, span.label, str(path)))
        else:
            events_path, daily_path = csv_paths(path)
            mark = config.csv_bom if bom is None else bom
            write_export_files(
                [
                    (events_path, with_bom(events_csv(document), mark)),
                    (daily_path, with_bom(daily_csv(document, config.metrics, config), mark)),
                ]
            )
            n = len(document["events"])
            say(
                trn(
                    "exported {n} event to {path}",
                    "exported {n} events to {path}",
                    n,
                    n=n,
                    path=events_path,
                )
            )
            say(tr("exported daily totals to {path}", path=daily_path))
    except OutputRefused as exc:
        usage_error(tr("{option}: {problem}", option="-o", problem=one_line(exc)))
    except OSError as exc:
        raise DataError(
            tr("{path}: cannot write: {reason}", path=path, reason=os_reason(exc))
        ) from None


def exported_line(n: int, rep_id: str, label: str, where: str) -> str:
    """What an export wrote, in one sentence."""
    return trn(
        "exported {n} event of {rep} ({week}) to {path}",
        "exported {n} events of {rep} ({week}) to {path}",
        n,
        n=n,
        rep=rep_id,
        week=label,
        path=where,
    )


def _export_to_stdout(document: dict[str, Any], rep_id: str, label: str) -> None:
    """``-o -``: the JSON on standard output (controls a terminal would act on
    escaped, the same JSON value); what was exported on standard error."""
    from istui.render.safe import json_escaped
    from istui.services.export import export_json

    click.echo(json_escaped(export_json(document).decode("utf-8")))
    click.echo(
        one_line(exported_line(len(document["events"]), rep_id, label, tr("stdout"))), err=True
    )


@click.command(cls=IstuiCommand, help=N_("Merge rep exports into a team store: all files or none."))
@click.argument("files", nargs=-1, required=True, metavar="FILE...", type=click.Path(exists=True))
@click.option(
    "--team",
    "team_path",
    metavar="PATH",
    help=N_(
        "The team store: its database file (created by the first merge), or a team "
        "folder of an earlier istui, which this merge upgrades."
    ),
)
@click.option("--into", "into", metavar="PATH", hidden=True, help=N_("The same as --team."))
@click.option("--dry-run", "dry_run", is_flag=True, help=N_("Print the summary, write nothing."))
@click.option(
    "--rename",
    is_flag=True,
    help=N_(
        "Accept a new display name for a rep id (the rep was renamed); the newest "
        "export's name is kept. Without it one id with two names is refused."
    ),
)
@pass_env
def merge(
    env: Env,
    files: tuple[str, ...],
    team_path: str | None,
    into: str | None,
    dry_run: bool,
    rename: bool,
) -> None:
    from istui.services.merge import merge_files

    option, into = team_option(("--team", team_path), ("--into", into))
    team = TeamStore(Path(into).expanduser(), today=env.today)
    summaries, rejected = merge_files(
        team, [Path(f) for f in files], dry_run=dry_run, rename=rename, now=env.now()
    )
    if rejected:
        for problem in rejected:
            if problem.path == team.root:
                # The team store, not an export: not "rejected", name --team.
                reason = str(problem).removeprefix(f"{team.root}: ")
                raise DataError(one_line(f"{option} {into}: {reason}"))
            click.echo("istui: " + tr("rejected: {problem}", problem=one_line(problem)), err=True)
        raise DataError(
            trn(
                "{n} problem; nothing merged, the team store is unchanged",
                "{n} problems; nothing merged, the team store is unchanged",
                len(rejected),
                n=len(rejected),
            )
        )
    # Every line carries words from the exports (names, labels, week labels):
    # one line each, no control character reaches the lead's terminal.
    for s in summaries:
        say(
            tr(
                "{path}: rep {rep} ({name}), {range}",
                path=s.path,
                rep=s.rep_id,
                name=s.rep_name,
                range=s.range_text,
            )
        )
        say("  " + tr("events: {summary}", summary=events_line(s)))
        say(
            "  "
            + tr(
                "notes: {added} added, {updated} updated, {present} already present",
                added=s.notes_added,
                updated=s.notes_updated,
                present=s.notes_present,
            )
        )
        for line in s.updates:
            say("  " + tr("updated: {what}", what=line))
        for line in s.warnings:
            say("  " + tr("warning: {warning}", warning=line))
    if dry_run:
        say(tr("dry run: nothing written to {path}", path=team.root))
    else:
        say(
            trn(
                "merged {n} file into {path}",
                "merged {n} files into {path}",
                len(summaries),
                n=len(summaries),
                path=team.root,
            )
        )


def say(line: str) -> None:
    """One line to standard output, as text (see render/safe.py)."""
    click.echo(one_line(line))


def events_line(summary: FileSummary) -> str:
    """What a merged file did to the events, in one line."""
    line = tr(
        "{added} added, {present} already present",
        added=summary.events_added,
        present=summary.events_present,
    )
    removed = summary.events_removed
    if removed:
        line = trn(
            "{line}, removed {n} event undone since the last export",
            "{line}, removed {n} events undone since the last export",
            removed,
            line=line,
            n=removed,
        )
    corrected = summary.events_corrected
    if corrected:
        line = trn(
            "{line}, corrected {n} event (outcome or note changed since)",
            "{line}, corrected {n} events (outcome or note changed since)",
            corrected,
            line=line,
            n=corrected,
        )
    kept = summary.days_kept_newer
    if kept:
        line = trn(
            "{line}; {n} day left as a newer export supplied it",
            "{line}; {n} days left as a newer export supplied them",
            kept,
            line=line,
            n=kept,
        )
    return line


def latest_or_this_week(env: Env, team: TeamStore) -> tuple[date, date]:
    """The default week of the team view and report: the latest one merged."""
    from istui.services.team import latest_week

    with data_errors():
        latest = latest_week(team)
    if latest is None:
        return _this_week(env.today())
    return iso_week_bounds(*latest)


def team_option(*given: tuple[str, str | None]) -> tuple[str, str]:
    """The one team store named by --team or its older spelling: (option, path)."""
    named = [(option, value) for option, value in given if value is not None]
    if not named:
        usage_error(tr("--team PATH is required (the team store)"))
    if len(named) > 1:
        usage_error(
            tr(
                "{first} and {second} name the same thing: give one",
                first=named[0][0],
                second=named[1][0],
            )
        )
    return named[0]


def open_team(env: Env, db: str) -> TeamStore:
    """An existing team store, or a one-line error (exit 1) naming it."""
    team = TeamStore(Path(db).expanduser(), today=env.today)
    with data_errors():
        team.check(must_exist=True)
    return team


@click.command(
    cls=IstuiCommand,
    help=N_("The team's week: every rep against their targets, sortable, with a chart."),
)
@click.option("--team", "team_path", metavar="PATH", help=N_("The team store (see istui merge)."))
@click.option("--db", "db", metavar="PATH", hidden=True, help=N_("The same as --team."))
@click.option(
    "--week", "week", metavar="YYYY-Www", help=N_("ISO week (default: the latest merged).")
)
@click.pass_context
def team(ctx: click.Context, team_path: str | None, db: str | None, week: str | None) -> None:
    env: Env = ctx.obj
    _, db = team_option(("--team", team_path), ("--db", db))
    asked = parse_week(week) if week is not None else None
    store = open_team(env, db)
    start, end = asked or latest_or_this_week(env, store)
    from istui.services.team import load_team_week

    with data_errors():
        view = load_team_week(store, start, end)
    from istui.services.config import DEFAULTS, ConfigError, config_path_from, load_config
    from istui.tui.team_app import TeamApp

    # [ui].theme as the rep's app reads it, when this machine has a config; a
    # lead's machine may have none, and the team view never creates or needs one.
    theme, path = DEFAULTS["ui"]["theme"], None
    try:
        config = load_config(config_path_from(env.config_option), create=False)
        theme, path = config.theme, config.path
    except ConfigError:
        pass
    app = TeamApp(
        team=store,
        week=view,
        clock=env.clock,
        theme_override=ctx.find_root().meta.get("theme"),
        configured_theme=theme,
        config_path=path,
    )
    app.run()


team_commands = [export, merge, team]
