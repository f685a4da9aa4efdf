"""The themes ship inside the wheel: a plain (non-editable) install finds them.

The themes and styles are package data under src/istui/ and are found through
importlib.resources. An editable install would hide package data left out of
the wheel, so this builds a real wheel, installs it into a fresh venv and loads
the themes from there.
Building uses `pip wheel` (it fetches hatchling like any build).
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import venv
import zipfile
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
PIP = [sys.executable, "-m", "pip"]
SHIPPED = {p.stem for p in (ROOT / "src" / "istui" / "themes").glob("*.toml")}

PROBE = """
import json, istui, istui.tui.themes as t
loaded = t.load_themes([t.shipped_themes_dir()])
print(json.dumps({
    "package": istui.__file__,
    "folder": str(t.shipped_themes_dir()),
    "names": sorted(x.name for x in loaded.themes),
    "warnings": loaded.warnings,
}))
"""


@pytest.fixture(scope="module")
def wheel(tmp_path_factory: pytest.TempPathFactory) -> Path:
    out = tmp_path_factory.mktemp("wheel")
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", str(ROOT), "--no-deps", "-q", "-w", str(out)],
        check=True,
        capture_output=True,
        text=True,
    )
    [built] = out.glob("istui-*.whl")
    return built


def test_wheel_contains_every_theme(wheel: Path) -> None:
    names = set(zipfile.ZipFile(wheel).namelist())
    assert {"istui-dark", "istui-light", "istui-contrast"} <= SHIPPED
    for stem in SHIPPED:
        assert f"istui/themes/{stem}.toml" in names


def test_themes_load_from_a_non_editable_install(wheel: Path, tmp_path: Path) -> None:
    env_dir = tmp_path / "venv"
    venv.create(env_dir, with_pip=False)
    python = env_dir / ("Scripts/python.exe" if os.name == "nt" else "bin/python")
    subprocess.run(
        [*PIP, "--python", str(python), "install", "-q", "--no-deps", "--no-index", str(wheel)],
        check=True,
        capture_output=True,
        text=True,
    )
    # The dependencies (Textual...) come from this environment, through a .pth
    # file that puts them AFTER the fresh venv's own site-packages: istui itself
    # must come from the wheel even when this environment has istui installed.
    purelib = subprocess.run(
        [str(python), "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])"],
        capture_output=True,
        text=True,
        check=True,
    ).stdout.strip()
    deps = [p for p in sys.path if p.endswith("site-packages")]
    (Path(purelib) / "zz_test_deps.pth").write_text("\n".join(deps) + "\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PYTHONPATH"}
    result = subprocess.run(
        [str(python), "-c", PROBE],
        capture_output=True,
        text=True,
        env=env,
        cwd=tmp_path,
        check=True,
    )
    probe = json.loads(result.stdout)
    assert Path(probe["package"]).is_relative_to(env_dir)
    assert Path(probe["folder"]).is_relative_to(env_dir)
    assert probe["warnings"] == []
    assert set(probe["names"]) == SHIPPED
