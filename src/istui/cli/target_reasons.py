"""`istui targets`: why a target changed (--reason, --why) and `targets history`."""

from __future__ import annotations

import click

from istui.cli.common import Env, data_errors, pass_env, usage_error
from istui.domain.targets import REASONS, reason_problem
from istui.i18n import tr

REASON_HELP = (
    "Why the targets change: market, leads, headcount or period_start "
    "(市場環境の変化, リード供給の変化, 人員の変化, 期初の設定)."
)
WHY_HELP = "The reason in your own words (one line)."


def reason_options(reason: str | None, why: str | None) -> tuple[str, str]:
    """--reason (a pick-list key; - and _ alike) and --why, checked (exit 2)."""
    pick = (reason or "").strip().lower().replace("-", "_")
    words = (why or "").strip()
    if pick and pick not in REASONS:
        usage_error(
            tr(
                "--reason: {given!r} is not one of {known}",
                given=(reason or "")[:40],
                known=", ".join(REASONS),
            )
        )
    problem = reason_problem(pick, words)
    if problem:
        usage_error(tr("--why: {problem}", problem=problem))
    return pick, words


@click.command()
@click.option("--json", "as_json", is_flag=True, help="Print the versions as JSON.")
@pass_env
def history(env: Env, as_json: bool) -> None:
    """Every target version: from when, the figures, who set them and why."""
    from istui.render.safe import json_text
    from istui.render.target_history import history_json, history_lines

    store = env.synced_store()
    with data_errors():
        versions = store.target_versions()
    if as_json:
        click.echo(json_text({"versions": history_json(versions)}))
        return
    for line in history_lines(versions):
        click.echo(line)
