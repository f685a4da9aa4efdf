"""The `istui` entry point: `istui status` answered from the status cache at
the interpreter's floor, everything else handed to click unchanged.

A status bar or a prompt runs `istui status` every few seconds. When the
command line is exactly ``[--db DIR] [--config PATH] [--lang L] status
[--json]`` (the global options in either ``--opt value`` or ``--opt=value``
form) and the
store's status cache is current (``store.status_cache.is_current``: today's
file, targets.json and the config unchanged since the last write, and the same
local day), the line is computed here from the cached figures and the clock,
with no click, no dataclasses and none of the store's machinery, and the
process ends without the interpreter's teardown once stdout is flushed.

The line is in the language the full command line would choose (``--lang``,
else the config's ``[ui].language`` as the cache recorded it, else the
locale); a cache written in another language is not used for the line (the
full path answers, and leaves the cache in the new language), and the
catalog is read only when the line is not English. ``status --json`` is the
same in every language.

Anything else (any other command or option, ``--help``, ``ISTUI_TZ``, a
missing or stale cache, anything not understood) goes to ``istui.cli.main``
exactly as before, so its output and its usage errors are click's own, byte
for byte (tests/test_lean_path.py).

The full path's checks hold here because a current cache vouches for them: it
is written only by a store the CLI or the app opened after every check passed
(the folders of ``--db``/``--config`` exist, the config and targets.json are
within their bounds, the config's targets are synced), and it is current only
while store.json, the config, targets.json and today's file are the very files
it was written from. So a store or config named into a missing folder, a
config or store.json gone (to be written and announced, or refused), a hand
edit of targets.json, an unknown kind or a ``-n`` past ``MAX_PER_LOG`` all go
to click, which decides them as before. ``--at``, ``--note`` and ``--list``
always do, and so does every log while a call list is current (list.json: the
store adds its tags).
The events ``log`` appends are ``Event.to_record`` of a note-less event.

A plain ``report --team T [--week W] --format json`` is answered by
``istui.lean_report`` (the team's JSON without click), on the same terms:
anything it does not take as it is goes to click.

Longer than 400 lines on purpose: the command-line match, the cache check and
the two commands are one path, which the entry point loads as one file (a
module more is an import more on every `istui status`).
"""

from __future__ import annotations

import os
import sys

#: The most outcomes one `istui log -n` records: a typo like -n 100000 would
#: write a 10 MB day file; no real block is near this. (``cli.day`` uses it too;
#: a larger -n goes to click, whose usage error it is.)
MAX_PER_LOG = 500


#: The values of ``--lang`` (``istui.i18n.LANGUAGES`` and auto); any other
#: value is click's usage error.
_LANG_VALUES = ("auto", "en", "ja")

#: The global options of a plain command line: (--db, --config, --lang).
Globals = tuple[str | None, str | None, str | None]


def _plain(argv: list[str]) -> tuple[Globals, list[str]] | None:
    """((--db, --config, --lang), the rest) when the global options are plain, else None."""
    options: dict[str, str] = {}
    rest = list(argv)
    while rest and rest[0].startswith("--"):
        arg = rest.pop(0)
        name, eq, value = arg.partition("=")
        if name not in ("--db", "--config", "--lang") or name in options:
            return None
        if not eq:
            if not rest:
                return None
            value = rest.pop(0)
        if not value or value.startswith("-"):
            return None
        if name == "--lang" and value not in _LANG_VALUES:
            return None
        options[name] = value
    return (options.get("--db"), options.get("--config"), options.get("--lang")), rest


def _plain_status(argv: list[str]) -> tuple[Globals, bool] | None:
    """(the global options, --json) when ``argv`` is a plain `status` call, else None."""
    plain = _plain(argv)
    if plain is None or plain[1] not in (["status"], ["status", "--json"]):
        return None
    return plain[0], plain[1] == ["status", "--json"]


def _plain_log(argv: list[str]) -> tuple[Globals, str, int] | None:
    """(the global options, KIND, N) when ``argv`` is ``log KIND`` or ``log KIND -n N``."""
    plain = _plain(argv)
    if plain is None:
        return None
    rest = plain[1]
    if len(rest) == 2 and rest[0] == "log":
        n = 1
    elif len(rest) == 4 and rest[0] == "log" and rest[2] == "-n":
        text = rest[3]
        if not (text.isascii() and text.isdigit()) or not 1 <= int(text) <= MAX_PER_LOG:
            return None
        n = int(text)
    else:
        return None
    kind = rest[1]
    if not kind or kind.startswith("-"):
        return None
    return plain[0], kind, n


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


def _current_cache(
    options: Globals, text: bool
) -> tuple[str, str, dict[str, object], object] | None:
    """(store root, config path, cache, now) when the cache is current and,
    for ``text`` output, written in the language this command line speaks
    (then made the language in force), else None."""
    from istui.store import paths

    db_option, config_option, lang_option = options
    if _linux_default_missing(db_option, config_option):
        return None
    root = paths.given_path(db_option, "ISTUI_DB") or paths.user_data_dir()
    config_path = paths.given_path(config_option, "ISTUI_CONFIG") or os.path.join(
        paths.user_config_dir(), "config.toml"
    )
    from istui.store import status_cache

    cache = status_cache.read_status(root)
    if cache is None:
        return None
    if text:
        language = status_cache.language_for(cache, lang_option)
        if not status_cache.speaks(cache, language):
            return None  # written in another language: the full path writes it again
        if language != "en":
            from istui import i18n

            i18n.set_language(language)
    now = _now()
    if now is None:
        return None
    today_cache = _for_today(cache, now)
    if today_cache is None or not _is_current(today_cache, root, config_path, now):
        return None
    return root, config_path, today_cache, now


def _for_today(cache: dict[str, object], now: object) -> dict[str, object] | None:
    """The cache as of today: as written when it is today's; rolled forward to
    an empty day with that day's targets when it holds them (``ahead``, written
    with the targets and config it checks), so the first write of a new day
    takes the lean path too. None: the store must answer."""
    from datetime import datetime

    assert isinstance(now, datetime)
    day = now.date().isoformat()
    if cache.get("day") == day:
        return cache
    ahead = cache.get("ahead")
    if not isinstance(ahead, dict) or not isinstance(ahead.get(day), dict):
        return None
    from istui.render.statusline import figures_of

    try:
        model = cache["model"]
        sig = cache["sig"]
        assert isinstance(model, dict) and isinstance(sig, dict)
        targets = ahead[day]["targets"]
        keys = [str(key) for key, _ in model["metrics"]]
        model = {
            **model,
            "counts": dict.fromkeys(keys, 0),
            "targets": {key: int(targets.get(key, 0)) for key in keys},
        }
        parts, body = figures_of(model, day)
    except (KeyError, TypeError, ValueError, AttributeError, AssertionError):
        return None
    return {
        **cache,
        "day": day,
        # today's file must not exist yet (checked with the other signatures)
        "sig": {**sig, "day": None},
        "model": model,
        "parts": parts,
        "json": body,
        "working_day": bool(ahead[day]["working_day"]),
        "append": {"next_id": 1, "has_events": False, "new": True},
    }


def _is_current(cache: dict[str, object], root: str, config_path: str, now: object) -> bool:
    from datetime import datetime

    from istui.store import status_cache
    from istui.store.layout import MARKER, TARGETS, day_relpath

    assert isinstance(now, datetime)
    day = now.date()
    return cache.get("day") == day.isoformat() and status_cache.is_current(
        cache,
        os.path.join(root, MARKER),
        os.path.join(root, day_relpath(day)),
        os.path.join(root, TARGETS),
        config_path,
    )


def status_from_cache(argv: list[str]) -> str | None:
    """The output of a plain `istui status` from a current cache; None: ask the store."""
    plain = _plain_status(argv)
    if plain is None:
        return None
    options, as_json = plain
    found = _current_cache(options, not as_json)
    if found is None:
        return None
    cache, now = found[2], found[3]
    try:
        return _render(cache, now, as_json)
    except (KeyError, TypeError, ValueError, IndexError):
        return None  # not a cache this istui wrote: the store decides


def log_from_cache(argv: list[str]) -> str | None:
    """Record a plain `istui log KIND [-n N]` by appending to today's file as the
    store does (``store.append``), when the cache is current and knows the very
    bytes of that file (or holds today's targets for a day not begun) and the
    kind; the line is built from what was just written. The day's backup, when
    due, is noted before the write and taken after the line is out. None:
    nothing was written, ask the store."""
    plain = _plain_log(argv)
    if plain is None:
        return None
    options, kind, n = plain
    found = _current_cache(options, True)
    if found is None:
        return None
    root, config_path, cache, now = found
    from datetime import datetime

    from istui.store.layout import CURRENT_LIST, LOCK, day_relpath

    try:  # a current call list: its tags are the store's to add (the click path)
        with open(os.path.join(root, CURRENT_LIST), "rb") as handle:
            if b'"list"' in handle.read(4096):
                return None
    except OSError:
        pass

    assert isinstance(now, datetime)
    day = now.date()
    model = cache.get("model")
    if not isinstance(model, dict) or kind not in model.get("stages", {}):
        return None  # an unknown kind: click's usage error
    lock_path = os.path.join(root, LOCK)
    fd = os.open(lock_path, os.O_RDWR | os.O_CREAT, 0o644)
    try:
        import fcntl

        fcntl.flock(fd, fcntl.LOCK_EX)
        held, on_disk = os.fstat(fd), os.stat(lock_path)
        if (held.st_dev, held.st_ino) != (on_disk.st_dev, on_disk.st_ino):
            return None  # the lock file was replaced: the store's lock copes
        return _append_locked(root, config_path, now, day_relpath(day), kind, n)
    finally:
        os.close(fd)  # (closing releases the lock)


def _append_locked(
    root: str, config_path: str, now: object, relpath: str, kind: str, n: int
) -> str | None:
    from datetime import datetime

    from istui.render.statusline import counted, figures_of
    from istui.store import status_cache
    from istui.store.append import dump_json, new_event_id, new_file, spliced, write_durable
    from istui.store.layout import EVENTS_TABLE
    from istui.store.pending import note_change

    assert isinstance(now, datetime)
    from istui.i18n import current_language

    # under the lock: the cache read again, so a write since is seen (in the
    # language of this line: the parts it keeps are made in it)
    written = status_cache.read_status(root)
    if written is None or not status_cache.speaks(written, current_language()):
        return None
    cache = _for_today(written, now)
    if cache is None or not _is_current(cache, root, config_path, now):
        return None
    append, sig = cache.get("append"), cache.get("sig")
    if not isinstance(append, dict) or not isinstance(sig, dict):
        return None
    path = os.path.join(root, relpath)
    new = bool(append.get("new"))
    if new:
        # a new day: its folder must be there (a new year's is made by the store)
        if not os.path.isdir(os.path.dirname(path)) or os.path.lexists(path):
            return None
        raw = b""
    else:
        try:
            with open(path, "rb") as handle:
                raw = handle.read()
                st = os.fstat(handle.fileno())
        except OSError:
            return None
        if [st.st_mtime_ns, st.st_size, st.st_ino] != sig.get("day") or raw[-2:] != b"}}":
            return None
    try:
        first = int(append["next_id"])
        at = now.isoformat()
        added = {str(first + i): {"id": new_event_id(), "at": at, "kind": kind} for i in range(n)}
        base = cache["model"]
        assert isinstance(base, dict)
        model = counted(base, kind, n)
        parts, body = figures_of(model, str(cache["day"]))
        updated = {
            **cache,
            "append": {"next_id": first + n, "has_events": True},
            "model": model,
            "parts": parts,
            "json": body,
        }
        line = _render(updated, now, False)
        if new:
            data = dump_json({**new_file(), EVENTS_TABLE: added})
        else:
            data = spliced(raw, bool(append["has_events"]), added)
        kept = int(cache.get("backups_kept", 28))  # type: ignore[call-overload]
    except (KeyError, TypeError, ValueError, IndexError, AssertionError):
        return None  # not a cache this istui wrote: the store decides
    # the day's backup must hold this file as it was: noted first (O(1)); taken
    # after the line is out, in a detached child (see ``_backup_in_child``)
    global _BACKUP_DUE
    if note_change(root, str(cache["day"]), relpath):
        _BACKUP_DUE = (root, str(cache["day"]), kept)
    try:
        write_durable(path, data)
    except OSError:
        if status_cache.file_signature(path) == sig.get("day"):
            _BACKUP_DUE = None  # (the next write takes it)
            raise  # nothing written: the store tries, and reports what is wrong
        # replaced, only the folder's fsync failed: the event is there (not twice)
    # written: from here on nothing may send the call to the store (a second event)
    try:
        updated["sig"] = {**sig, "day": status_cache.file_signature(path)}
        del updated["v"]
        status_cache.write_status(root, updated, line)
    except Exception:
        try:  # noqa: SIM105
            status_cache.drop_status(root)
        except OSError:
            pass
    return line


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
    model = cache["model"]
    assert isinstance(model, dict)
    figures = None
    if model["metrics"]:  # the headline: the top of the funnel
        key = model["metrics"][0][0]
        count, target = int(model["counts"].get(key, 0)), int(model["targets"].get(key, 0))
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


#: (store root, day, backups kept) when this process's write noted the day's
#: backup due: taken once the line is out (see ``main``).
_BACKUP_DUE: tuple[str, str, int] | None = None


def _backup_in_child(root: str, day: str, kept: int) -> None:
    """Take the day's backup in a detached grandchild (double fork, new
    session, stdio on /dev/null), so neither the caller nor a script waiting
    for this process or reading its output waits for it. The noted versions
    are durable already; if the child dies, the next write takes the backup."""
    pid = os.fork()
    if pid:
        os.waitpid(pid, 0)  # the first child exits at once
        return
    try:
        os.setsid()
        null = os.open(os.devnull, os.O_RDWR)
        for fd in (0, 1, 2):
            os.dup2(null, fd)
        if os.fork():
            os._exit(0)
        from datetime import date
        from pathlib import Path

        from istui.store.backups import complete_daily_backup
        from istui.store.files import FileLock
        from istui.store.layout import LOCK

        lock = FileLock(Path(root) / LOCK)
        with lock.held():
            complete_daily_backup(Path(root), date.fromisoformat(day), kept)
    finally:
        os._exit(0)


def _team_report(argv: list[str]) -> str | None:
    """A plain `report --team T [--week W] --format json` (istui.lean_report)."""
    plain = _plain(argv)
    if plain is None or "--team" not in " ".join(plain[1]):
        return None
    from istui.lean_report import team_report_json

    text = team_report_json(plain[1])
    # (``main`` ends the line; the report's text ends with one already)
    return text[:-1] if text is not None and text.endswith("\n") else None


def main() -> None:
    argv = sys.argv[1:]
    try:
        if "status" in argv:
            text = status_from_cache(argv)
        elif "report" in argv:
            text = _team_report(argv)
        else:
            text = log_from_cache(argv)
    except Exception:  # the lean path never decides a failure: the full one does
        text = None
    if text is not None:
        try:
            sys.stdout.write(text + "\n")
            sys.stdout.flush()
            sys.stderr.flush()
        except Exception:
            os._exit(1)  # stdout closed (a status bar gone): nothing else to tell
        if _BACKUP_DUE is not None:
            _backup_in_child(*_BACKUP_DUE)
        # every write durable, output flushed: skip the interpreter's teardown
        os._exit(0)
    from istui.cli import main as full_main

    full_main()
