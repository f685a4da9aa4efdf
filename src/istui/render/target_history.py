"""Target versions as text: who set them and why (``istui targets history``),
and the days judged against a target the rep lowered for themselves."""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from istui.domain.calendar import WEEKDAY_NAMES
from istui.domain.targets import REASONS, LoweredDay, TargetVersion
from istui.i18n import N_, tr
from istui.render.safe import one_line

#: The pick-list of reasons, as the articles name them.
REASON_LABELS: Mapping[str, str] = {
    "market": N_("a change in the market"),
    "leads": N_("a change in lead supply"),
    "headcount": N_("a change in headcount"),
    "period_start": N_("the period's opening targets"),
}
#: Who set a version.
SETTER_LABELS: Mapping[str, str] = {
    "config": N_("the config"),
    "rep": N_("the rep"),
    "plan": N_("a plan"),
}
assert set(REASON_LABELS) == set(REASONS)


def reason_label(reason: str) -> str:
    return tr(REASON_LABELS[reason]) if reason in REASON_LABELS else ""


def setter_label(setter: str) -> str:
    return tr(SETTER_LABELS.get(setter, setter))


def reason_text(version: TargetVersion) -> str:
    """The reason as one line: the pick and the rep's words, or that none was given."""
    pick = reason_label(version.reason)
    words = one_line(version.reason_text)
    if pick and words:
        return tr("{reason}: {words}", reason=pick, words=words)
    return pick or words or tr("no reason given")


def figures(values: Mapping[str, int]) -> str:
    return " · ".join(f"{key} {value:,}" for key, value in values.items())


def history_lines(versions: Sequence[TargetVersion]) -> list[str]:
    """Every version, oldest first: when it applies, its figures, who and why."""
    if not versions:
        return [tr("no targets recorded yet")]
    lines = []
    for number, version in enumerate(versions, start=1):
        if version.single_day:
            when = tr("on {day} only", day=version.effective.isoformat())
        elif version.effective.year <= 1970:  # the first config's: every earlier day too
            when = tr("from the start")
        else:
            when = tr("from {day}", day=version.effective.isoformat())
        lines.append(
            tr(
                "#{number} {when}: {figures}",
                number=number,
                when=when,
                figures=figures(version.values) or "—",
            )
        )
        for weekday, overrides in sorted(version.weekdays.items()):
            lines.append(
                "    "
                + tr(
                    "on {weekday}: {figures}",
                    weekday=WEEKDAY_NAMES[weekday],
                    figures=figures(overrides),
                )
            )
        stamp = version.set_at.isoformat(timespec="minutes") if version.set_at else "—"
        lines.append(
            "    "
            + tr(
                "set by {setter} ({source}, {at}); why: {reason}",
                setter=setter_label(version.setter),
                source=version.source,
                at=stamp,
                reason=reason_text(version),
            )
        )
    return lines


def history_json(versions: Iterable[TargetVersion]) -> list[dict[str, Any]]:
    """The versions as machine records (keys and values never translated)."""
    out = []
    for version in versions:
        out.append(version.to_record())
    return out


def lowered_text(lowered: LoweredDay) -> str:
    """One day judged against the rep's own lower targets, the usual beside them."""
    parts = [
        tr(
            "{metric} {target:,} (usual {usual:,})",
            metric=key,
            target=lowered.targets.get(key, 0),
            usual=lowered.usual.get(key, 0),
        )
        for key in lowered.keys
    ]
    return tr(
        "{day}: judged against targets the rep lowered: {figures}",
        day=lowered.day.isoformat(),
        figures=", ".join(parts),
    )


def lowered_lines(days: Iterable[LoweredDay]) -> list[str]:
    return [lowered_text(day) for day in days]


def lowered_json(days: Iterable[LoweredDay]) -> list[dict[str, Any]]:
    return [
        {
            "date": d.day.isoformat(),
            "targets": dict(d.targets),
            "usual": dict(d.usual),
            "lowered": list(d.keys),
        }
        for d in days
    ]
