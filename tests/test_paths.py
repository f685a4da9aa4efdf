"""The default config and store folders are computed without platformdirs on
Linux (it costs ~8 ms of every `istui status`); they must be exactly the
folders platformdirs names, whatever the environment says."""

from __future__ import annotations

import sys
from pathlib import Path

import platformdirs
import pytest

from istui.store import paths

UNSET = None

#: (XDG_DATA_HOME, XDG_CONFIG_HOME, HOME, fast path expected on Linux)
SETTINGS = [
    ("{tmp}/data", "{tmp}/config", "{tmp}/home", True),
    ("{tmp}/data/", "{tmp}/config//", "{tmp}/home", True),
    (UNSET, UNSET, "{tmp}/home", True),
    ("", "", "{tmp}/home", True),
    (UNSET, UNSET, "{tmp}/home/", True),
    ("{tmp}/データ", "{tmp}/設定", "{tmp}/ホーム", True),
    ("relative/data", "relative/config", "{tmp}/home", False),
    ("   ", " ", "{tmp}/home", False),
    (UNSET, UNSET, "relative-home", False),
    (UNSET, UNSET, "", False),
    (UNSET, UNSET, UNSET, True),
]


def set_env(monkeypatch: pytest.MonkeyPatch, name: str, value: str | None, tmp: Path) -> None:
    if value is None:
        monkeypatch.delenv(name, raising=False)
    else:
        monkeypatch.setenv(name, value.format(tmp=tmp))


@pytest.mark.parametrize(("data", "config", "home", "fast"), SETTINGS)
def test_default_dirs_are_platformdirs_own(
    data: str | None,
    config: str | None,
    home: str | None,
    fast: bool,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.chdir(tmp_path)
    set_env(monkeypatch, "XDG_DATA_HOME", data, tmp_path)
    set_env(monkeypatch, "XDG_CONFIG_HOME", config, tmp_path)
    set_env(monkeypatch, "HOME", home, tmp_path)
    assert paths.user_data_dir() == platformdirs.user_data_dir("istui", appauthor=False)
    assert paths.user_config_dir() == platformdirs.user_config_dir("istui", appauthor=False)
    if sys.platform == "linux":
        # the fast path really answered (else this only compared platformdirs with itself)
        taken = paths._linux_dir("XDG_DATA_HOME", ".local/share") is not None
        assert taken is fast


def test_config_and_store_defaults_use_them(tmp_path: Path) -> None:
    from istui.cli.common import default_db_path
    from istui.services.config import default_config_path

    assert default_db_path() == Path(platformdirs.user_data_dir("istui", appauthor=False))
    assert default_config_path() == (
        Path(platformdirs.user_config_dir("istui", appauthor=False)) / "config.toml"
    )
    assert default_db_path() == tmp_path / "xdg-data" / "istui"  # conftest's XDG dirs
