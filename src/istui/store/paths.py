"""Where the config and the store live by default: the platform's user dirs.

On Linux these are the XDG base directories, computed here directly:
importing platformdirs costs ~8 ms (it pulls in tempfile and shutil), which is
a tenth of the budget of `istui status` run from a status bar every few
seconds. Anything unusual (another platform, Android, a relative XDG variable
or HOME) is left to platformdirs, so the answer is always platformdirs' own
(tests/test_paths.py checks they agree).
"""

from __future__ import annotations

import os
import sys

APP = "istui"


def _linux_dir(variable: str, fallback: str) -> str | None:
    """``$variable/istui`` or ``~/fallback/istui``; None when platformdirs must decide."""
    if (
        sys.platform != "linux"
        or hasattr(sys, "getandroidapilevel")
        or "ANDROID_DATA" in os.environ
    ):
        return None
    value = os.environ.get(variable, "")
    if value:
        return os.path.join(value, APP) if os.path.isabs(value) else None
    home = os.environ.get("HOME")
    if home is not None and not os.path.isabs(home):
        return None
    base = os.path.expanduser(f"~/{fallback}")
    return os.path.join(base, APP) if os.path.isabs(base) else None


def given_path(option: str | None, variable: str) -> str | None:
    """The path a command line names: its option, else the environment
    ``variable``, ``~`` expanded; None when neither does (the default applies).
    One rule for the store folder (--db, ISTUI_DB) and the config (--config,
    ISTUI_CONFIG), on the full path and the lean one alike."""
    if option:
        return os.path.expanduser(option)
    value = os.environ.get(variable)
    return os.path.expanduser(value) if value else None


def user_data_dir() -> str:
    fast = _linux_dir("XDG_DATA_HOME", ".local/share")
    if fast is not None:
        return fast
    import platformdirs

    return platformdirs.user_data_dir(APP, appauthor=False)


def user_config_dir() -> str:
    fast = _linux_dir("XDG_CONFIG_HOME", ".config")
    if fast is not None:
        return fast
    import platformdirs

    return platformdirs.user_config_dir(APP, appauthor=False)


def user_cache_dir() -> str:
    fast = _linux_dir("XDG_CACHE_HOME", ".cache")
    if fast is not None:
        return fast
    import platformdirs

    return platformdirs.user_cache_dir(APP, appauthor=False)
