"""`istui report --team TEAMDB [--week W] --format json` without click.

A lead's script or dashboard runs the team report as JSON; the full command
line spends about half of that process building click's command group, the
rep's config machinery and the language decision, none of which the JSON
needs (``render.team.report_json`` is in the source language; no config is
read for it). ``istui.lean`` hands this module exactly that command line;
it answers from the same use case (``services.team.load_team_week``) and the
same renderer, so the bytes are the full path's (tests/test_lean_path.py).

It never decides a failure: an option it does not know, a repeated one, a
value it would have to judge (a bad or future week, a missing or broken team
store, a bad ISTUI_NOW), any exception: it returns None before writing
anything, and click runs the command as before, with its own message and
exit code.
"""

from __future__ import annotations

#: The options of `report` this path answers, each at most once (--format must be json).
_OPTIONS = ("--team", "--week", "--format")


def _report_options(rest: list[str]) -> dict[str, str] | None:
    """The options of ``report ...`` when they are only --team, --week and
    --format json (``--opt value`` or ``--opt=value``), else None."""
    if not rest or rest[0] != "report":
        return None
    options: dict[str, str] = {}
    args = rest[1:]
    while args:
        arg = args.pop(0)
        name, eq, value = arg.partition("=")
        if name not in _OPTIONS or name in options:
            return None
        if not eq:
            if not args:
                return None
            value = args.pop(0)
        if not value or value.startswith("-"):
            return None
        options[name] = value
    if "--team" not in options or options.get("--format") != "json":
        return None
    return options


def team_report_json(rest: list[str]) -> str | None:
    """The JSON text of a plain `report --team ... --format json` (``rest``: the
    command line after the global options); None: ask click."""
    options = _report_options(rest)
    if options is None:
        return None
    from datetime import timedelta
    from pathlib import Path

    from istui.domain.calendar import IsoWeek, iso_week_bounds
    from istui.render.team import team_report
    from istui.services.clock import clock_from_env
    from istui.services.team import latest_week, load_team_week
    from istui.store.team import TeamStore

    clock = clock_from_env()  # (a bad ISTUI_NOW: ValueError, click's message)

    week_text = options.get("--week")
    if week_text is not None:
        asked = IsoWeek.parse(week_text)
        if asked.monday > clock.now().date():
            return None  # a future week: click's usage error
    team = TeamStore(Path(options["--team"]).expanduser(), today=lambda: clock.now().date())
    team.check(must_exist=True)
    if week_text is not None:
        start, end = asked.monday, asked.sunday
    else:
        latest = latest_week(team)
        if latest is None:
            day = clock.now().date()
            start = day - timedelta(days=day.weekday())
            end = start + timedelta(days=6)
        else:
            start, end = iso_week_bounds(*latest)
    return team_report(load_team_week(team, start, end), "json")
