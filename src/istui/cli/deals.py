"""The deals (商談) from the shell: list them (`istui deals`), move one on by a
step (`istui deal ID STEP`). Bad input is one line, exit 2, nothing written."""

from __future__ import annotations

import re
from datetime import date

import click

from istui.cli.common import Env, data_errors, parse_moment, pass_env, usage_error
from istui.cli.language import IstuiCommand
from istui.domain.deal_rates import deal_figures
from istui.domain.deals import MAX_AMOUNT, STEPS, DealStepError, parse_bant
from istui.i18n import N_, tr
from istui.render.deals import (
    deal_json,
    deal_rows,
    figures_json,
    figures_lines,
    short_id,
    state_label,
    step_label,
)
from istui.render.safe import json_text, one_line
from istui.services.deals import StepInput, all_deals, move_deal, open_deals, undo_deal_step

UNDO = "undo"


@click.command(
    cls=IstuiCommand,
    help=N_("List every booked meeting as a deal (商談): id, date, state, name, detail."),
)
@click.option("--open", "only_open", is_flag=True, help=N_("Only the open ones, by meeting date."))
@click.option("--json", "as_json", is_flag=True, help=N_("A JSON object: deals and their figures."))
@pass_env
def deals(env: Env, only_open: bool, as_json: bool) -> None:
    context = env.context
    with data_errors():
        listed = all_deals(context)
    figures = deal_figures(listed)
    if only_open:
        listed = open_deals(listed)
    currency = env.config.deals.currency
    if as_json:
        document = {
            "currency": currency,
            "deals": [deal_json(d) for d in listed],
            "figures": figures_json(figures),
        }
        click.echo(json_text(document, indent=None))
        return
    if not listed:
        click.echo(tr("No open deals.") if only_open else tr("No deals yet: book a meeting first."))
        return
    for row in deal_rows(listed, currency):
        click.echo(row)
    click.echo("")
    for line in figures_lines(figures, currency):
        click.echo(line)


def _amount(text: str) -> int:
    cleaned = text.replace(",", "").replace("_", "").strip()
    if not re.fullmatch(r"-?\d{1,15}", cleaned):
        usage_error(tr("--amount: {text} is not a whole amount (like 1200000)", text=repr(text)))
    amount = int(cleaned)
    if not 1 <= amount <= MAX_AMOUNT:
        usage_error(
            tr(
                "--amount: {amount} must be 1 to {most}",
                amount=f"{amount:,}",
                most=f"{MAX_AMOUNT:,}",
            )
        )
    return amount


def _on(text: str) -> date:
    try:
        return date.fromisoformat(text)
    except ValueError:
        usage_error(tr("--on: {text} is not a real date (YYYY-MM-DD)", text=repr(text)))


@click.command(
    cls=IstuiCommand,
    help=N_(
        "Move deal ID (from `istui deals`, any unique prefix of 4+) on by STEP: "
        "scheduled, held, noshow, cancelled, qualified, won, lost, reopen, or undo "
        "(drop its last step)."
    ),
)
@click.argument("deal_id", metavar="ID")
@click.argument("step", type=click.Choice([*STEPS, UNDO]), metavar="STEP")
@click.option("--amount", "amount_text", metavar="N", help=N_("won: the amount, whole units."))
@click.option(
    "--reason", "reason", metavar="R", help=N_("cancelled / lost: a reason from the config.")
)
@click.option(
    "--bant", "bant_text", metavar="b,a,n,t", help=N_("qualified: the BANT flags captured.")
)
@click.option(
    "--score", "score", type=click.IntRange(1, 5), help=N_("qualified: handoff score 1-5.")
)
@click.option("--on", "on_text", metavar="YYYY-MM-DD", help=N_("scheduled: the meeting's date."))
@click.option("--name", "name", metavar="TEXT", help=N_("scheduled: the company or lead (local)."))
@click.option("--at", "at_text", metavar="DATETIME", help=N_("When it happened (default now)."))
@pass_env
def deal(
    env: Env,
    deal_id: str,
    step: str,
    amount_text: str | None,
    reason: str | None,
    bant_text: str | None,
    score: int | None,
    on_text: str | None,
    name: str | None,
    at_text: str | None,
) -> None:
    given = {
        "--amount": amount_text,
        "--reason": reason,
        "--bant": bant_text,
        "--score": score,
        "--on": on_text,
        "--name": name,
    }
    allowed = {
        "won": {"--amount"},
        "cancelled": {"--reason"},
        "lost": {"--reason"},
        "qualified": {"--bant", "--score"},
        "scheduled": {"--on", "--name"},
    }.get(step, set())
    for option, value in given.items():
        if value is not None and option not in allowed:
            usage_error(tr("{option} does not go with {step}", option=option, step=step))
    if step == "won" and amount_text is None:
        usage_error(tr("won needs --amount N (whole units)"))
    at = parse_moment(at_text, "--at", env.clock) if at_text is not None else None
    if at is not None and at > env.now():
        usage_error(tr("--at: {at} is in the future", at=at_text))
    context = env.context
    try:
        with data_errors():
            if step == UNDO:
                if at is not None:
                    usage_error(tr("--at does not go with undo"))
                moved = undo_deal_step(context, deal_id)
            else:
                wanted = StepInput(
                    step=step,
                    at=at,
                    amount=_amount(amount_text) if amount_text is not None else None,
                    reason=reason or "",
                    bant=parse_bant(bant_text) if bant_text is not None else "",
                    score=score,
                    on=_on(on_text) if on_text is not None else None,
                    name=name or "",
                )
                moved = move_deal(context, deal_id, wanted)
    except LookupError as exc:
        usage_error(str(exc.args[0]))
    except DealStepError as exc:
        usage_error(str(exc))
    if step == UNDO:
        click.echo(
            tr(
                "Deal {id}: last step undone, now {state}.",
                id=short_id(moved),
                state=state_label(moved.state),
            )
        )
    else:
        click.echo(
            one_line(
                tr(
                    "Deal {id}: {step}, now {state}.",
                    id=short_id(moved),
                    step=step_label(step),
                    state=state_label(moved.state),
                )
            )
        )
