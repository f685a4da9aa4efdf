"""The `istui` entry point: `istui status` answered from the status cache at
the interpreter's floor, everything else handed to click unchanged.

A status bar or a prompt runs `istui status` every few seconds. When the
command line is exactly ``[--db DIR] [--config PATH] status [--json]`` (the
global options in either ``--opt value`` or ``--opt=value`` form) and the
store's status cache is current (``store.status_cache.is_current``: today's
file, targets.json and the config unchanged since the last write, and the same
local day), the line is computed here from the cached figures and the clock,
with no click, no dataclasses and none of the store's machinery, and the
process ends without the interpreter's teardown once stdout is flushed.

Anything else (any other command or option, ``--help``, ``ISTUI_TZ``, a
missing or stale cache, anything not understood) goes to ``istui.cli.main``
exactly as before, so its output and its usage errors are click's own, byte
for byte (tests/test_lean_path.py).
"""

from __future__ import annotations

import os
import sys


def _plain_status(argv: list[str]) -> tuple[str | None, str | None, bool] | None:
    """(--db, --config, --json) when ``argv`` is a plain `status` call, else None."""
    options: dict[str, str] = {}
    rest = list(argv)
    while rest and rest[0].startswith("--"):
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name not in ("--db", "--config") or name in options:
            return None
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        options[name] = value
    if rest == ["status"]:
        as_json = False
    elif rest == ["status", "--json"]:
        as_json = True
    else:
        return None
    return options.get("--db"), options.get("--config"), as_json


def _place(option: str | None, variable: str, default: str) -> str:
    """As ``cli.common.db_path_from`` / ``services.config.config_path_from``."""
    if option:
        return os.path.expanduser(option)
    value = os.environ.get(variable)
    if value:
        return os.path.expanduser(value)
    return default


def _now() -> object | None:
    """The clock as ``services.clock.clock_from_env`` gives it; None when only
    the full path can tell (ISTUI_TZ, or an ISTUI_NOW it must report)."""
    from datetime import datetime

    if os.environ.get("ISTUI_TZ"):
        return None
    frozen = os.environ.get("ISTUI_NOW")
    if frozen:
        try:
            moment = datetime.fromisoformat(frozen)
        except ValueError:
            return None
        return moment if moment.tzinfo is not None else moment.astimezone()
    return datetime.now().astimezone()


def status_from_cache(argv: list[str]) -> str | None:
    """The output of a plain `istui status` from a current cache; None: ask the store."""
    plain = _plain_status(argv)
    if plain is None:
        return None
    db_option, config_option, as_json = plain
    from istui.store import paths

    if _linux_default_missing(db_option, config_option):
        return None
    root = _place(db_option, "ISTUI_DB", paths.user_data_dir())
    config_path = _place(
        config_option, "ISTUI_CONFIG", os.path.join(paths.user_config_dir(), "config.toml")
    )
    from istui.store import status_cache

    cache = status_cache.read_status(root)
    if cache is None:
        return None
    now = _now()
    if now is None:
        return None
    from datetime import datetime

    assert isinstance(now, datetime)
    from istui.store.layout import TARGETS, day_relpath

    day = now.date()
    if cache.get("day") != day.isoformat() or not status_cache.is_current(
        cache, os.path.join(root, day_relpath(day)), os.path.join(root, TARGETS), config_path
    ):
        return None
    try:
        return _render(cache, now, as_json)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # not a cache this istui wrote: the store decides


def _linux_default_missing(db_option: str | None, config_option: str | None) -> bool:
    """Whether a default place would need platformdirs (not on this fast path)."""
    from istui.store import paths

    needs_db = not db_option and not os.environ.get("ISTUI_DB")
    needs_config = not config_option and not os.environ.get("ISTUI_CONFIG")
    return (needs_db and paths._linux_dir("XDG_DATA_HOME", ".local/share") is None) or (
        needs_config and paths._linux_dir("XDG_CONFIG_HOME", ".config") is None
    )


def _render(cache: dict[str, object], now: object, as_json: bool) -> str:
    from datetime import datetime

    from istui.domain import daymath
    from istui.render.statusline import join_status, pace_json

    assert isinstance(now, datetime)
    hours = cache["hours"]
    assert isinstance(hours, dict)
    spans = [(int(s), int(e)) for s, e in hours["spans"]]
    clock = now.timetz()
    seconds = clock.hour * 3600 + clock.minute * 60 + clock.second + clock.microsecond / 1e6
    phase = daymath.phase_of(
        bool(cache["working_day"]),
        seconds,
        float(hours["start"]),
        float(hours["end"]),
        [(float(s), float(e)) for s, e in hours["breaks"]],
    )
    head = cache["headline"]
    figures = None
    if head is not None:
        assert isinstance(head, list)
        count, target = int(head[0]), int(head[1])
        worked = daymath.worked_minutes(spans, clock.hour, clock.minute, clock.second)
        figures = daymath.pace_figures(count, target, daymath.total_minutes(spans), worked)
    if as_json:
        import json

        body = cache["json"]
        assert isinstance(body, dict)
        pace = None
        if figures is not None:
            fraction, expected, delta, projected, _, needed = figures
            pace = pace_json(phase, fraction, expected, delta, projected, needed)
        return json.dumps({**body, "pace": pace}, ensure_ascii=False)
    parts = cache["parts"]
    assert isinstance(parts, list)
    shown = figures is not None and phase != daymath.OFF
    return join_status([str(p) for p in parts], figures[2] if shown and figures else None)


def main() -> None:
    try:
        text = status_from_cache(sys.argv[1:])
    except Exception:  # the lean path never decides a failure: the full one does
        text = None
    if text is not None:
        try:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            os._exit(1)  # stdout closed (a status bar gone): nothing else to tell
        # nothing written, nothing left to do: skip the interpreter's teardown
        os._exit(0)
    from istui.cli import main as full_main

    full_main()
