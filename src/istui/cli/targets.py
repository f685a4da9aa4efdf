"""`istui targets`: back-calculation, suggestions, targets in force, the month.

Every input is checked before anything is written: a bad value is one line
naming it, exit code 2, and targets.json is left exactly as it was. A little
over 400 lines: every `targets` subcommand's options and checks in one place.
"""

from __future__ import annotations

import calendar as _calendar
import re
from datetime import date, timedelta
from fractions import Fraction

import click

from istui.cli.common import Env, data_errors, parse_day, pass_env, usage_error
from istui.cli.target_reasons import REASON_HELP, WHY_HELP, history, reason_options
from istui.domain.calendar import WEEKDAY_NAMES
from istui.domain.funnel import Ratio
from istui.domain.month import MonthView
from istui.domain.plan import (
    Plan,
    PlanInputError,
    back_calculate,
    default_effective,
    last_day,
    parse_deals,
    parse_month,
    parse_rate,
)
from istui.domain.suggest import DEFAULT_DAYS, Suggestions
from istui.domain.targets import (
    target_problem,
    targets_in_force,
    version_in_force,
)
from istui.i18n import tr
from istui.render.calendar import days_off_line
from istui.render.cells import fit
from istui.render.labels import rate_name
from istui.render.month import month_lines, month_title
from istui.render.numbers import number_text, rate
from istui.render.plan import apply_problem, chain_lines, warning_text
from istui.render.suggest import suggest_advice, suggest_basis
from istui.services.targets import month_view, suggestions

_ASSIGN = re.compile(r"^([a-z][a-z0-9_]*)=(\d+)$")


def _month_arg(text: str | None, env: Env) -> tuple[int, int]:
    if text is None:
        today = env.today()
        return today.year, today.month
    try:
        return parse_month(text, "--month")
    except PlanInputError as exc:
        usage_error(str(exc))


def _from_day(text: str | None, default: date, env: Env) -> date:
    """An effective date: today or later, because a target never rewrites the past."""
    if text is None:
        return default
    day = parse_day(text, "--from", env.today(), allow_future=True)
    if day < env.today():
        usage_error(f"--from: {text} is in the past; targets never rewrite past days")
    return day


def figures_text(values: dict[str, int], keys: tuple[str, ...]) -> str:
    return " · ".join(f"{key} {values[key]:,}" for key in keys if key in values)


def plan_from_options(
    env: Env,
    deals: str,
    win_rate: str | Fraction,
    meeting_rate: str | Fraction,
    connect_rate: str | Fraction,
    month: str | None,
    contact_rate: str | Fraction | None = None,
) -> Plan:
    """The plan from the options; a rate already a Fraction (from the rep's
    history) is taken as it is."""
    has_contact = env.config.metrics.get("contact") is not None

    def rate_of(value: str | Fraction, name: str) -> Fraction:
        return value if isinstance(value, Fraction) else parse_rate(value, name)

    try:
        n_deals = parse_deals(deals, "--deals")
        win = rate_of(win_rate, "--win-rate")
        meeting = rate_of(meeting_rate, "--meeting-rate")
        connect = rate_of(connect_rate, "--connect-rate")
        contact = rate_of(contact_rate, "--contact-rate") if contact_rate is not None else None
    except PlanInputError as exc:
        usage_error(str(exc))
    if has_contact and contact is None:
        usage_error(
            "--contact-rate: needed because the funnel has a contact stage "
            "(contacts ÷ connects; the meeting rate is then meetings ÷ contacts)"
        )
    if contact is not None and not has_contact:
        usage_error(f"--contact-rate: {contact_rate} given, but the funnel has no contact stage")
    year, month_no = _month_arg(month, env)
    return back_calculate(
        n_deals, win, meeting, connect, year, month_no, env.config.calendar, contact
    )


@click.group()
def targets() -> None:
    """Daily targets: plan them from a deal goal or from history, set, show, and the month."""


@targets.command()
@click.option("--deals", required=True, metavar="N", help="Deals to win in the month.")
@click.option("--win-rate", metavar="RATE", help="Deals ÷ meetings: 0.25 or 25%.")
@click.option("--meeting-rate", metavar="RATE", help="Meetings ÷ connects: 0.10 or 10%.")
@click.option("--connect-rate", metavar="RATE", help="Connects ÷ dials: 0.30 or 30%.")
@click.option(
    "--from-history",
    "history_weeks",
    type=click.IntRange(1, 52),
    is_flag=False,
    flag_value=8,
    default=None,
    metavar="[WEEKS]",
    help="Take the rates not given from your own last WEEKS weeks (default 8): "
    "the deals decided, meetings, connects and dials logged.",
)
@click.option(
    "--contact-rate",
    metavar="RATE",
    help="Contacts ÷ connects, only when the funnel has a contact stage.",
)
@click.option("--month", "month", metavar="YYYY-MM", help="The month planned (default: this one).")
@click.option("--apply", "apply", is_flag=True, help="Make the daily figures the targets.")
@click.option(
    "--from",
    "from_text",
    metavar="YYYY-MM-DD",
    help="With --apply: from this day (default: the month's first day, or today).",
)
@click.option("--reason", metavar="WHY", help=REASON_HELP)
@click.option("--why", metavar="TEXT", help=WHY_HELP)
@pass_env
def plan(
    env: Env,
    deals: str,
    win_rate: str | None,
    meeting_rate: str | None,
    connect_rate: str | None,
    history_weeks: int | None,
    contact_rate: str | None,
    month: str | None,
    apply: bool,
    from_text: str | None,
    reason: str | None,
    why: str | None,
) -> None:
    """Back-calculate the month from a deal goal down to dials a day."""
    pick, words = reason_options(reason, why)
    if (pick or words) and not apply:
        usage_error(tr("--reason/--why: only with --apply"))
    basis = None
    chosen: dict[str, str | Fraction | None] = {
        "--win-rate": win_rate,
        "--meeting-rate": meeting_rate,
        "--connect-rate": connect_rate,
        "--contact-rate": contact_rate,
    }
    if history_weeks is not None:
        from istui.render.deals import history_lines
        from istui.services.targets import rates_from_history

        with data_errors():
            found, start, end = rates_from_history(env.context, history_weeks)
        rates = {
            "--win-rate": (win_rate, found.win),
            "--meeting-rate": (meeting_rate, found.meeting),
            "--connect-rate": (connect_rate, found.connect),
            "--contact-rate": (contact_rate, found.contact),
        }
        for option, (typed, ratio) in rates.items():
            if typed is not None or ratio is None:
                continue
            if not (ratio.num and ratio.den) or ratio.num > ratio.den:
                usage_error(
                    f"{option}: your last {history_weeks} weeks ({start}..{end}) give no "
                    f"usable rate ({ratio.num}/{ratio.den}); give {option} RATE"
                )
            chosen[option] = Fraction(ratio.num, ratio.den)
        basis = history_lines(found, history_weeks, start, end)
    for option in ("--win-rate", "--meeting-rate", "--connect-rate"):
        if chosen[option] is None:
            usage_error(f"{option}: missing; give it, or take it from --from-history")
    win, meeting, connect = (chosen[o] for o in ("--win-rate", "--meeting-rate", "--connect-rate"))
    assert win is not None and meeting is not None and connect is not None
    result = plan_from_options(env, deals, win, meeting, connect, month, chosen["--contact-rate"])
    if from_text is not None and not apply:
        usage_error("--from: only with --apply")
    effective = None
    if apply:
        problem = apply_problem(result, env.today())
        if problem:
            usage_error(f"--apply: {problem}")
        effective = _from_day(from_text, default_effective(result, env.today()), env)
        if effective > last_day(result):
            usage_error(
                f"--from: {effective.isoformat()} is after {month_title(result.year, result.month)}"
            )
    n = len(result.working_days)
    click.echo(
        f"Plan for {month_title(result.year, result.month)}: {result.deals:,} deals, {n} working days"
    )
    for line in basis or ():
        click.echo(line)
    for line in chain_lines(result):
        click.echo(f"  {line}")
    days_off = days_off_line(env.config.calendar, result.year, result.month)
    if days_off:
        click.echo(f"  {days_off}")
    if result.daily:
        click.echo(f"Daily targets: {figures_text(dict(result.daily), result.daily_keys)}")
    for warning in result.warnings:
        click.echo(f"warning: {warning_text(result, warning)}")
    if effective is None:
        if result.daily:
            click.echo("(not applied: add --apply to make these the daily targets)")
        return
    known = set(env.config.metrics.keys)
    values = {k: v for k, v in result.daily.items() if k in known}
    store = env.synced_store()
    with data_errors():
        version = store.set_targets(
            effective,
            values,
            source="plan",
            set_at=env.now(),
            reason=pick,
            reason_text=words,
        )
    in_force = dict(version.values)
    click.echo(f"applied from {effective.isoformat()}: {figures_text(in_force, tuple(in_force))}")


def suggestions_for(env: Env, days: int) -> Suggestions:
    context = env.context
    with data_errors():
        return suggestions(context, days)


@targets.command("suggest")
@click.option(
    "--days",
    type=click.IntRange(min=1, max=366),
    default=DEFAULT_DAYS,
    show_default=True,
    help="How many past working days to look at.",
)
@pass_env
def suggest_command(env: Env, days: int) -> None:
    """Propose minimum, achievement and stretch targets from your own history."""
    result = suggestions_for(env, days)
    if not result.enough:
        click.echo(suggest_advice(result))
        return
    click.echo(f"Suggested daily targets, {suggest_basis(result)}")
    click.echo(
        f"{'metric':<12}{'past/day':>9}{'min 90%':>9}{'achieve 100–105%':>18}{'stretch 110–120%':>18}"
    )
    for line in result.lines:
        click.echo(
            f"{fit(line.metric.label, 12)}{number_text(line.average):>9}{line.minimum:>9,}"
            f"{_span(line.achievement):>18}{_span(line.stretch):>18}"
        )
    for past in result.rates:
        click.echo(f"past {rate_name(past.key)}: {_ratio(past.ratio)}")
    top = {line.metric.key: line.achievement[0] for line in result.lines}
    click.echo(
        "to use the achievement level: istui targets set "
        + " ".join(f"{k}={v}" for k, v in top.items())
    )


def _span(pair: tuple[int, int]) -> str:
    low, high = pair
    return f"{low:,}" if low == high else f"{low:,}–{high:,}"


def _ratio(ratio: Ratio) -> str:
    return f"{rate(ratio.value)} ({ratio.num:,} of {ratio.den:,})"


@targets.command()
@click.option("--date", "day_text", metavar="YYYY-MM-DD", help="Another day than today.")
@pass_env
def show(env: Env, day_text: str | None) -> None:
    """Print the targets in force on a day (past days keep their own targets)."""
    day = (
        parse_day(day_text, "--date", env.today(), allow_future=True)
        if day_text is not None
        else env.today()
    )
    store = env.synced_store()
    config = env.config
    with data_errors():
        versions = store.target_versions()
    version = version_in_force(versions, day)
    if version is None:
        click.echo(f"no targets in force on {day.isoformat()}")
        return
    values = targets_in_force(versions, day, config.calendar)
    kind = "single-day targets" if version.single_day else f"from {version.effective.isoformat()}"
    click.echo(f"Targets in force on {day:%a} {day.isoformat()} ({kind}, set by {version.source})")
    if not config.calendar.is_working_day(day) and not version.single_day:
        click.echo("  not a working day: nothing is asked")
        return
    for metric in config.metrics.all:
        click.echo(f"  {fit(metric.label, 12)}{values.get(metric.key, 0):>6,}")
    for weekday, overrides in sorted(version.weekdays.items()):
        figures = " · ".join(f"{k} {v:,}" for k, v in overrides.items())
        click.echo(f"  on {WEEKDAY_NAMES[weekday]}: {figures}")


@targets.command("set")
@click.argument("assignments", nargs=-1, metavar="KEY=N...")
@click.option("--from", "from_text", metavar="YYYY-MM-DD", help="From this day (default: today).")
@click.option(
    "--weekday",
    "weekdays",
    metavar="DAY",
    multiple=True,
    help="Only on this weekday (mon…sun); one per command.",
)
@click.option("--reason", metavar="WHY", help=REASON_HELP)
@click.option("--why", metavar="TEXT", help=WHY_HELP)
@pass_env
def set_command(
    env: Env,
    assignments: tuple[str, ...],
    from_text: str | None,
    weekdays: tuple[str, ...],
    reason: str | None,
    why: str | None,
) -> None:
    """Set daily targets from a day on, e.g. `istui targets set call=90 meeting=4`."""
    pick, words = reason_options(reason, why)
    if not assignments:
        usage_error("give at least one KEY=N, e.g. call=90")
    metrics = env.config.metrics
    values: dict[str, int] = {}
    for text in assignments:
        match = _ASSIGN.match(text.strip())
        if not match:
            usage_error(f"{text!r} is not KEY=N with N a whole number >= 0 (e.g. call=90)")
        key, digits = match.group(1), match.group(2).lstrip("0") or "0"
        # (a 5000-digit number would not even convert: int() refuses past 4300)
        number = int(digits) if len(digits) <= 12 else 10 ** (len(digits) - 1)
        problem = target_problem(number)
        if problem:
            usage_error(f"{text[:40]!r}: {key} {problem}")
        if metrics.get(key) is None:
            usage_error(f"{text!r}: unknown metric {key!r} (known: {', '.join(metrics.keys)})")
        if key in values:
            usage_error(f"{text!r}: {key} is given twice")
        values[key] = number
    names = {n: i for i, n in enumerate(WEEKDAY_NAMES)}
    names.update({n.lower(): i for i, n in enumerate(_calendar.day_name)})
    chosen: list[int] = []
    for weekday in weekdays:
        weekday_no = names.get(weekday.strip().lower())
        if weekday_no is None:
            usage_error(f"--weekday: {weekday!r} is not one of {', '.join(WEEKDAY_NAMES)}")
        if weekday_no in chosen:
            usage_error(f"--weekday: {WEEKDAY_NAMES[weekday_no]} is given twice")
        chosen.append(weekday_no)
    if len(chosen) > 1:
        # One version is one weekday's override; several in one command would be
        # several writes, and a failure between them would keep only some.
        shown = ", ".join(WEEKDAY_NAMES[n] for n in chosen)
        usage_error(f"--weekday: one weekday per command (got {shown}); run it once per day")
    weekday_no = chosen[0] if chosen else None
    effective = _from_day(from_text, env.today(), env)
    store = env.synced_store()
    with data_errors():
        version = store.set_targets(
            effective,
            values,
            weekday=weekday_no,
            set_at=env.now(),
            reason=pick,
            reason_text=words,
        )
    scope = f" on {_calendar.day_name[weekday_no]}s" if weekday_no is not None else ""
    click.echo(
        f"from {effective.isoformat()}{scope}: {figures_text(values, tuple(values))} "
        f"(in force then: {figures_text(version.for_day(_next(effective, weekday_no)), metrics.keys)})"
    )


def _next(day: date, weekday: int | None) -> date:
    """The first day on or after ``day`` that falls on ``weekday``."""
    if weekday is None:
        return day
    return day + timedelta(days=(weekday - day.weekday()) % 7)


def month_view_for(env: Env, year: int, month: int) -> MonthView:
    context = env.context
    with data_errors():
        return month_view(context, year, month)


@targets.command()
@click.option("--month", "month", metavar="YYYY-MM", help="Another month than this one.")
@pass_env
def month(env: Env, month: str | None) -> None:
    """The month so far: actual vs target, achievement %, and the landing forecast."""
    year, month_no = _month_arg(month, env)
    view = month_view_for(env, year, month_no)
    for line in month_lines(view):
        click.echo(line)
    from istui.render.deals import deal_month_lines
    from istui.services.targets import deal_month_view

    with data_errors():
        deals = deal_month_view(env.context, view)
    for line in deal_month_lines(deals, env.config.deals.currency):
        click.echo(line)
    days_off = days_off_line(env.config.calendar, year, month_no)
    if days_off:
        click.echo(days_off)


targets.add_command(history)
