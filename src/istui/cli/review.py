"""The weekly review from the command line: ``istui review`` (the screen) and
``istui report`` (text, a markdown 1on1 sheet, JSON or CSV)."""

from __future__ import annotations

import sys

import click

from istui.cli.common import Env, check_team_format, data_errors, pass_env, usage_error
from istui.cli.language import IstuiCommand
from istui.domain.calendar import IsoWeek
from istui.i18n import N_, tr

WEEK_HELP = N_("ISO week, e.g. 2026-W47 (default: the current week).")


def parse_week(text: str | None, env: Env) -> IsoWeek:
    """The --week option: a real ISO week (bad input is a usage error, exit 2)."""
    if text is None:
        return IsoWeek.of(env.today())
    try:
        return IsoWeek.parse(text)
    except ValueError as exc:
        usage_error(tr("{option}: {problem}", option="--week", problem=exc))


def reportable_week(text: str | None, env: Env) -> IsoWeek:
    """--week for a review or a report: a week wholly in the future has nothing
    to review yet (next week's actions are set in this week's review)."""
    week = parse_week(text, env)
    if week.monday > env.today():
        usage_error(tr("{option}: {value} is in the future", option="--week", value=text))
    return week


@click.command(cls=IstuiCommand, help=N_("Open the weekly review screen."))
@click.option("--week", "week_text", metavar="YYYY-Www", help=WEEK_HELP)
@pass_env
def review(env: Env, week_text: str | None) -> None:
    week = reportable_week(week_text, env)
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


@click.command(
    cls=IstuiCommand,
    help=N_(
        "Print a week's review (summary, diagnosis, the week's words, actions), "
        "or with --team the team's week (every rep, team totals, help requests)."
    ),
)
@click.option("--week", "week_text", metavar="YYYY-Www", help=WEEK_HELP)
@click.option(
    "--format",
    "fmt",
    type=click.Choice(["text", "markdown", "json", "csv"]),
    default=None,
    help=N_(
        "markdown is a ready 1on1 sheet (team: the team meeting's table); json and csv "
        "carry the figures. [default: text; markdown with --team]"
    ),
)
@click.option(
    "--team",
    "team_db",
    metavar="TEAMDB",
    help=N_("Report the team's week from a team store (see istui merge) instead of yours."),
)
@click.option(
    "--month",
    "month_text",
    metavar="YYYY-MM",
    help=N_("The monthly review (月次レビュー) of that month instead of a week's."),
)
@click.option(
    "--bom/--no-bom",
    "bom",
    default=None,
    help=N_("CSV: start with a UTF-8 byte order mark for Excel (default: [export].csv_bom)."),
)
@pass_env
def report(
    env: Env,
    week_text: str | None,
    fmt: str | None,
    team_db: str | None,
    month_text: str | None,
    bom: bool | None,
) -> None:
    from istui.cli.common import configured_csv_bom
    from istui.render.export_csv import with_bom

    if month_text is not None:
        from istui.cli.month import month_report

        if week_text is not None:
            usage_error(tr("--month: not with --week (one review at a time)"))
        month_report(env, month_text, fmt, team_db)
        return
    if team_db is not None:
        text = _team_report(env, team_db, week_text, fmt or "markdown")
        if fmt == "csv":
            text = with_bom(text, configured_csv_bom(env.config_option) if bom is None else bom)
        click.echo(text, nl=False)
        return
    from istui.render.review_report import render
    from istui.services.review import load_review

    week = reportable_week(week_text, env)
    store = env.synced_store()
    with data_errors():
        bundle = load_review(env.config, store, week, env.today())
    text = render(bundle, fmt or "text")
    if fmt == "csv":
        text = with_bom(text, env.config.csv_bom if bom is None else bom)
    click.echo(text, nl=False)


def _team_report(env: Env, team_db: str, week_text: str | None, fmt: str) -> str:
    """``report --team``: reads the team store only (no rep config needed)."""
    from istui.cli.team import latest_or_this_week, open_team
    from istui.render.team import REPORT_FORMATS, team_report
    from istui.services.team import load_team_week

    check_team_format(fmt, REPORT_FORMATS)
    asked = reportable_week(week_text, env) if week_text is not None else None
    team = open_team(env, team_db)
    if asked is not None:
        start, end = asked.monday, asked.sunday
    else:
        start, end = latest_or_this_week(env, team)
    with data_errors():
        week = load_team_week(team, start, end)
    return team_report(week, fmt)


review_commands = [review, report]
