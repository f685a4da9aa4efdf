"""The status cache: what `istui status` needs, left next to the day files by
every write, so the status line is read without the store's machinery.

``status.json`` holds the figures the status line is made of (the day, the
rendered count parts, the headline's count and target, the working hours, and
the day's JSON head) and the signatures of the files they were computed from:
today's day file, targets.json and the config. A reader uses it only when
every signature still matches and the local day is the cached one; else it
reads the store. Pace is computed at read time from the cached counts and
hours (``domain.daymath``), so it stays right through the day.

``status.txt`` is the line as of the last write, for a shell or tmux to `cat`.

Both are keyed on the language: ``lang`` is the language the parts and the
line were written in, ``ui_language`` the config's ``[ui].language`` (the
config's signature vouches for it), so the lean reader decides the language
as the full command line would (``--lang``, then ``[ui].language``, then the
locale) without reading the config, and a cache in another language is not
used for text (``speaks``): the full path answers and writes both files again
in the language asked for. ``status --json`` is the same in every language.

Both are written atomically (temp file, ``os.replace``) but not fsynced: they
are caches, checked against the signatures on every read (a crash leaves an
old or missing cache, never a wrong status). Kept to ``os`` and ``json``:
``istui status`` imports this module and nothing else of the store.
"""

from __future__ import annotations

import json
import os

from istui.store.append import read_small_json, write_durable
from istui.store.layout import STATUS_CACHE, STATUS_LINE

TYPE_CHECKING = False  # not typing's: importing typing costs ~2 ms on `istui status`
if TYPE_CHECKING:
    from typing import Any

#: Bumped when the cache's shape or what it vouches for changes; an older
#: cache is simply not used (2: the store's marker signed, the config required,
#: figures from the targets and config as checked since f15; 3: keyed on the
#: language, ``lang`` and ``ui_language``).
CACHE_VERSION = 3
#: A cache file larger than this is not ours (a few hundred bytes in practice).
MAX_CACHE_BYTES = 64 * 1024


def file_signature(path: str) -> list[int] | None:
    """(mtime ns, size, inode) of ``path``, as ``files.signature_of``; None: no file."""
    try:
        st = os.stat(path)
    except OSError:
        return None
    return [st.st_mtime_ns, st.st_size, st.st_ino]


def _replace(path: str, data: bytes) -> None:
    """Atomic, not fsynced: every reader checks the signatures before trusting it;
    readable by the shell prompt that cats the line."""
    write_durable(path, data, sync=False, mode=0o644)


def write_status(root: str, cache: dict[str, Any], line: str) -> None:
    """Leave the cache and the ready-made line in the store folder ``root``."""
    cache = {"v": CACHE_VERSION, **cache}
    _replace(os.path.join(root, STATUS_CACHE), json.dumps(cache, ensure_ascii=False).encode())
    _replace(os.path.join(root, STATUS_LINE), (line + "\n").encode("utf-8"))


def drop_status(root: str) -> None:
    """Remove the cache and the line (when they could not be brought up to date)."""
    for name in (STATUS_CACHE, STATUS_LINE):
        try:  # noqa: SIM105
            os.unlink(os.path.join(root, name))
        except FileNotFoundError:
            pass


def read_status(root: str) -> dict[str, Any] | None:
    """The cache as written, or None when it is missing, foreign or of another
    version. The caller still checks its signatures and day (``is_current``)."""
    cache = read_small_json(os.path.join(root, STATUS_CACHE), MAX_CACHE_BYTES)
    if cache is None or cache.get("v") != CACHE_VERSION:
        return None
    return cache


def is_current(
    cache: dict[str, Any], marker_path: str, day_path: str, targets_path: str, config_path: str
) -> bool:
    """Whether the cache was computed from exactly the files there now. The
    store's marker and the config must be there (else the full path decides:
    it refuses a folder that lost its store.json, and writes and announces a
    missing config)."""
    sig = cache.get("sig")
    if not isinstance(sig, dict) or sig.get("config") is None or sig.get("marker") is None:
        return False
    return (
        sig.get("config_path") == config_path
        and sig.get("marker") == file_signature(marker_path)
        and sig.get("day") == file_signature(day_path)
        and sig.get("targets") == file_signature(targets_path)
        and sig.get("config") == file_signature(config_path)
    )


def language_for(cache: dict[str, Any], option: str | None, environ: Any = None) -> str:
    """The language a command line with ``--lang option`` speaks, given the
    config this cache was written from (its ``[ui].language``) and the locale."""
    from istui.i18n import choose_language

    configured = cache.get("ui_language")
    return choose_language(option, configured if isinstance(configured, str) else None, environ)


def speaks(cache: dict[str, Any], language: str) -> bool:
    """Whether the cache's text (the parts, status.txt) is in ``language``."""
    return cache.get("lang") == language
