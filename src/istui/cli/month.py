"""``istui report --month YYYY-MM``: the monthly review (月次レビュー) as text,
markdown, JSON or CSV."""

from __future__ import annotations

import click

from istui.cli.common import Env, check_team_format, data_errors, usage_error
from istui.domain.plan import PlanInputError, parse_month
from istui.i18n import tr


def reportable_month(text: str, env: Env) -> tuple[int, int]:
    """--month: a real month, not wholly in the future (exit 2 otherwise)."""
    try:
        year, month = parse_month(text, "--month")
    except PlanInputError as exc:
        usage_error(str(exc))
    today = env.today()
    if (year, month) > (today.year, today.month):
        usage_error(tr("--month: {month} is in the future", month=text))
    return year, month


def month_report(env: Env, text: str, fmt: str | None, team_db: str | None) -> None:
    year, month = reportable_month(text, env)
    if team_db is not None:
        _team_month(env, team_db, year, month, fmt or "markdown")
        return
    from istui.render.month_review import render
    from istui.services.monthly import load_month_review

    store = env.synced_store()
    with data_errors():
        bundle = load_month_review(env.config, store, year, month, env.now())
    click.echo(render(bundle, fmt or "text"), nl=False)


def _team_month(env: Env, team_db: str, year: int, month: int, fmt: str) -> None:
    """``report --team T --month M``: the team store only (no rep config needed)."""
    from istui.cli.team import open_team
    from istui.render.team_month import FORMATS, team_month_report
    from istui.services.team_month import load_team_month

    check_team_format(fmt, FORMATS)
    team = open_team(env, team_db)
    with data_errors():
        figures = load_team_month(team, year, month)
    click.echo(team_month_report(figures, fmt), nl=False)
