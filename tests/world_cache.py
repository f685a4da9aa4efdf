"""Seeded test data built once per test process and copied into each test's
folder: the same config, store and history every time, without writing it
again record by record (each durable write fsyncs a file and its folder).

``copy_built(key, build, folder)`` runs ``build(template)`` the first time a
key is asked for, into a private template folder, and copies that template
into ``folder`` (which may exist; it is filled). The language in force is part
of the key, since the default config is written in it. A test then opens its own copy
and may change it freely: the template is never handed out.
"""

from __future__ import annotations

import atexit
import shutil
import tempfile
from collections.abc import Callable, Hashable
from pathlib import Path

from istui import i18n

_ROOT: Path | None = None
_BUILT: dict[Hashable, Path] = {}


def _root() -> Path:
    global _ROOT
    if _ROOT is None:
        _ROOT = Path(tempfile.mkdtemp(prefix="istui-test-templates-"))
        atexit.register(shutil.rmtree, _ROOT, True)
    return _ROOT


def copy_built(key: Hashable, build: Callable[[Path], None], folder: Path) -> None:
    # the default config is written in the language in force (a Japanese one
    # has labels, comments and a calendar of its own): part of what is built
    key = (key, i18n.current_language())
    template = _BUILT.get(key)
    if template is None:
        template = _root() / f"t{len(_BUILT)}"
        template.mkdir()
        build(template)
        _BUILT[key] = template
    shutil.copytree(template, folder, symlinks=True, dirs_exist_ok=True)
