"""Deals (商談) as text: their states and steps by name, the rows of `istui deals`
and the pipeline screen, their JSON (a public contract), and the articles' rates
with their formulas and typical ranges.

A deal's name and reasons come from a file (untrusted): rows go through
``safe.one_line``, screens through ``widget_text``.
"""

from __future__ import annotations

from collections.abc import Sequence
from datetime import date

from istui.domain.deal_rates import ArticleRate, DealFigures, DealMonth, HistoryRates
from istui.domain.deals import Deal, meeting_day
from istui.i18n import N_, tr, trn
from istui.render.cells import cells, clip, pad
from istui.render.numbers import NO_VALUE, rate
from istui.render.safe import one_line

#: The characters of a deal id the listing shows; commands take any unique prefix of 4+.
SHORT_ID = 8

#: A meeting's outcomes: each is a step a deal takes and the state it leaves the
#: deal in, under the same word.
OUTCOME_LABELS = {
    "held": N_("held"),
    "noshow": N_("no-show"),
    "cancelled": N_("cancelled"),
    "qualified": N_("qualified"),
    "won": N_("won"),
    "lost": N_("lost"),
}

STATE_LABELS = {"booked": N_("booked"), **OUTCOME_LABELS}

STEP_LABELS = {"scheduled": N_("scheduled"), **OUTCOME_LABELS, "reopen": N_("reopened")}

RATE_NAMES = {
    "connect_rate": N_("Connect rate"),
    "contact_rate": N_("Effective-contact rate"),
    "meeting_rate": N_("Meeting rate"),
    "bant_rate": N_("BANT rate"),
    "win_rate": N_("Win rate"),
    "cancel_rate": N_("Cancellation rate"),
}

#: Each rate's formula by the stage it divides by.
RATE_FORMULAS = {
    ("connect_rate", "call"): N_("connects ÷ dials"),
    ("contact_rate", "call"): N_("effective contacts ÷ dials"),
    ("meeting_rate", "contact"): N_("meetings set ÷ effective contacts"),
    ("meeting_rate", "connect"): N_(
        "meetings set ÷ connects (no contact stage; the articles divide by effective contacts)"
    ),
    ("bant_rate", "held"): N_("meetings with all of BANT ÷ meetings held"),
    ("win_rate", "decided"): N_("deals won ÷ meetings held with an outcome (open ones left out)"),
    ("cancel_rate", "set"): N_("meetings cancelled ÷ meetings set"),
}


def state_label(state: str) -> str:
    return tr(STATE_LABELS.get(state, state))


def step_label(step: str) -> str:
    return tr(STEP_LABELS.get(step, step))


def money(amount: int | None, currency: str = "JPY") -> str:
    """A whole amount: ¥1,200,000 in yen, else "1,200 USD"; the dash for none."""
    if amount is None:
        return NO_VALUE
    if currency == "JPY":
        return f"¥{amount:,}"
    return f"{amount:,} {currency}"


def short_id(deal: Deal) -> str:
    return deal.id[:SHORT_ID]


def deal_detail(deal: Deal, currency: str = "JPY") -> str:
    """What a deal's state carries: the amount, the reason, BANT and the score."""
    parts = []
    if deal.amount is not None:
        parts.append(money(deal.amount, currency))
    if deal.reason:
        parts.append(deal.reason)
    if deal.qualified:
        flags = "".join(f.upper() if f in deal.bant else "·" for f in "bant")
        parts.append(f"BANT {flags}")
        if deal.score is not None:
            parts.append(tr("handoff {score}/5", score=deal.score))
    if deal.orphan:
        parts.append(tr("(its meeting event is gone)"))
    return "  ".join(parts)


def deal_rows(deals: Sequence[Deal], currency: str = "JPY") -> list[str]:
    """One line per deal: short id, the meeting's day, state, name, detail."""
    width = max((cells(state_label(d.state)) for d in deals), default=0)
    rows = []
    for deal in deals:
        name = clip(one_line(deal.name), 24) if deal.name else NO_VALUE
        row = (
            f"{short_id(deal)}  {meeting_day(deal).isoformat()}  "
            f"{pad(state_label(deal.state), width)}  {pad(name, 24)}  "
            f"{one_line(deal_detail(deal, currency))}"
        )
        rows.append(row.rstrip())
    return rows


def deal_json(deal: Deal) -> dict[str, object]:
    """One deal for `istui deals --json` (keys stable, values not translated)."""
    return {
        "id": deal.id,
        "booked_at": deal.booked_at.isoformat(),
        "scheduled_for": deal.scheduled_for.isoformat() if deal.scheduled_for else None,
        "name": deal.name,
        "state": deal.state,
        "open": deal.is_open,
        "amount": deal.amount,
        "reason": deal.reason,
        "bant": deal.bant,
        "score": deal.score,
        "orphan": deal.orphan,
        "changed_at": deal.changed_at.isoformat() if deal.changed_at else None,
        "steps": [step.to_record() for step in deal.steps],
    }


def figures_json(figures: DealFigures) -> dict[str, object]:
    """The figures with their rates (None: nothing to divide by)."""
    return {
        "set": figures.set,
        "cancelled": figures.cancelled,
        "noshow": figures.noshow,
        "held": figures.held,
        "qualified": figures.qualified,
        "bant": figures.bant,
        "won": figures.won,
        "lost": figures.lost,
        "open": figures.open,
        "amount": figures.amount,
        "average_amount": figures.average_amount,
        "cancel_rate": figures.cancel_rate.value,
        "win_rate": figures.win_rate.value,
        "bant_rate": figures.bant_rate.value,
    }


def rate_name(key: str) -> str:
    return tr(RATE_NAMES.get(key, key))


def rate_formula(item: ArticleRate) -> str:
    formula = RATE_FORMULAS.get((item.key, item.over))
    return tr(formula) if formula else ""


def typical_range(item: ArticleRate) -> str:
    """The articles' range: "typical 20–35%", or "typical ≤ 10%"."""
    if item.low is None and item.high is not None:
        return tr("typical ≤ {high}", high=rate(item.high))
    if item.low is not None and item.high is not None:
        return tr("typical {low}–{high}", low=rate(item.low).rstrip("%"), high=rate(item.high))
    return ""


def rate_line(item: ArticleRate) -> str:
    """ "Win rate 25% (9/36) = deals won ÷ … · typical 20–35%"."""
    return tr(
        "{name} {value} ({num}/{den}) = {formula} · {range}",
        name=rate_name(item.key),
        value=rate(item.ratio.value),
        num=item.ratio.num,
        den=item.ratio.den,
        formula=rate_formula(item),
        range=typical_range(item),
    )


def range_warning(item: ArticleRate) -> str:
    """A warning line when the rate is outside the articles' typical range ("": inside)."""
    side = item.out_of_range
    if not side:
        return ""
    fields = {"name": rate_name(item.key), "value": rate(item.ratio.value)}
    if side == "low":
        return tr(
            "{name} {value} is below the articles' {range}", range=typical_range(item), **fields
        )
    return tr("{name} {value} is above the articles' {range}", range=typical_range(item), **fields)


def open_count(figures: DealFigures) -> str:
    """How many meetings are still open (left out of the win rate)."""
    return trn(
        "{n} meeting still open (not counted as lost)",
        "{n} meetings still open (not counted as lost)",
        figures.open,
        n=figures.open,
    )


def figures_lines(figures: DealFigures, currency: str = "JPY") -> list[str]:
    """The deal figures in a few lines: set, cancelled, held, won, amount, open."""
    return [
        tr(
            "Meetings set {set} · cancelled {cancelled} · no-show {noshow} · held {held}"
            " · qualified {qualified}",
            set=figures.set,
            cancelled=figures.cancelled,
            noshow=figures.noshow,
            held=figures.held,
            qualified=figures.qualified,
        ),
        tr(
            "Won {won} · lost {lost} · amount won {amount} · average deal {average}",
            won=figures.won,
            lost=figures.lost,
            amount=money(figures.amount, currency),
            average=money(figures.average_amount, currency),
        ),
        open_count(figures),
    ]


def held_today_text(held: Sequence[Deal]) -> str:
    """Today's top-bar mark for the meetings held today ("": none)."""
    if not held:
        return ""
    won = sum(1 for d in held if d.state == "won")
    return trn(
        "商談 {n} held today ({won} won)",
        "商談 {n} held today ({won} won)",
        len(held),
        n=len(held),
        won=won,
    )


def history_lines(found: HistoryRates, weeks: int, start: date, end: date) -> list[str]:
    """What a plan's rates from history rest on: the span, and each rate's counts."""
    lines = [
        trn(
            "Rates from your last {n} week ({start} – {end}):",
            "Rates from your last {n} weeks ({start} – {end}):",
            weeks,
            n=weeks,
            start=start.isoformat(),
            end=end.isoformat(),
        ),
        tr(
            "  win rate {rate}: {won} won of {decided} meetings decided ({held} held;"
            " open ones left out)",
            rate=rate(found.win.value, 1),
            won=found.win.num,
            decided=found.win.den,
            held=found.held,
        ),
        tr(
            "  meeting rate {rate} ({num}/{den}) · connect rate {connect} ({cnum}/{cden})",
            rate=rate(found.meeting.value, 1),
            num=found.meeting.num,
            den=found.meeting.den,
            connect=rate(found.connect.value, 1),
            cnum=found.connect.num,
            cden=found.connect.den,
        ),
    ]
    if found.contact is not None:
        lines.append(
            tr(
                "  contact rate {rate} ({num}/{den})",
                rate=rate(found.contact.value, 1),
                num=found.contact.num,
                den=found.contact.den,
            )
        )
    return lines


def deal_month_lines(month: DealMonth, currency: str = "JPY") -> list[str]:
    """The month view's deals: won and 受注金額 against target, and where they land."""

    def pct(actual: int | None, target: int) -> str:
        return NO_VALUE if actual is None or not target else f"{actual * 100 / target:.0f}%"

    landing = NO_VALUE if month.landing is None else str(month.landing)
    amount_landing = (
        NO_VALUE if month.amount_landing is None else money(month.amount_landing, currency)
    )
    return [
        tr(
            "Deals won {won} of {target} ({pct}) · landing {landing} ({lpct})",
            won=month.won,
            target=month.target or NO_VALUE,
            pct=pct(month.won, month.target),
            landing=landing,
            lpct=pct(month.landing, month.target),
        ),
        tr(
            "Amount won {amount} of {target} ({pct}) · landing {landing} ({lpct})",
            amount=money(month.amount, currency),
            target=money(month.amount_target, currency) if month.amount_target else NO_VALUE,
            pct=pct(month.amount, month.amount_target),
            landing=amount_landing,
            lpct=pct(month.amount_landing, month.amount_target),
        ),
    ]
