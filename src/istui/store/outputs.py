"""Files istui writes for the user (``istui export -o``): regular files only.

An output path names a regular file, or nothing yet in a folder that exists:
a device, a FIFO, a socket, a folder or a symlink to any of them is refused
(``os.replace`` onto ``/dev/null`` would replace the device itself), and a
missing folder is an error, never created behind the user's back. A symlink
to a regular file is written through: the file it points at is replaced, the
link stays.

Several files that belong together (the CSV export's events and daily totals)
are written both-or-neither: every file to a temp file beside its target,
then renamed one by one; if any step fails, the temps are removed and the
targets already renamed are put back as they were.
"""

from __future__ import annotations

import contextlib
import os
import stat
from collections.abc import Sequence
from pathlib import Path

from istui.i18n import N_, tr
from istui.store.append import fsync_dir
from istui.store.files import atomic_write_bytes


class OutputRefused(ValueError):
    """The output path may not be written: one line naming the path and why."""


def output_target(path: Path) -> Path:
    """The file to write for ``path``, or OutputRefused.

    Returns ``path`` itself, or, for a symlink to a regular file, the file it
    points at."""
    try:
        st = os.stat(path)  # follows a symlink
    except FileNotFoundError:
        if os.path.islink(path):
            raise OutputRefused(
                tr("{path}: a symlink to nothing; refusing to write", path=path)
            ) from None
        parent = path.parent
        if not parent.is_dir():
            if parent.exists():
                raise OutputRefused(_not_a_folder(path, parent)) from None
            raise OutputRefused(
                tr("{path}: the folder {folder} does not exist", path=path, folder=parent)
            ) from None
        return path
    except NotADirectoryError:
        raise OutputRefused(_not_a_folder(path, path.parent)) from None
    if not stat.S_ISREG(st.st_mode):
        kind = tr(_kind(st.st_mode))
        if os.path.islink(path):
            raise OutputRefused(
                tr(
                    "{path}: is {kind} (through a symlink), not a regular file; refusing to write",
                    path=path,
                    kind=kind,
                )
            )
        raise OutputRefused(
            tr(
                "{path}: is {kind}, not a regular file; refusing to write",
                path=path,
                kind=kind,
            )
        )
    return Path(os.path.realpath(path)) if os.path.islink(path) else path


def _not_a_folder(path: Path, folder: Path) -> str:
    return tr("{path}: the folder {folder} is not a folder", path=path, folder=folder)


def _kind(mode: int) -> str:
    """What the path is, as the catalog's id (a noun shown inside a sentence)."""
    if stat.S_ISDIR(mode):
        return N_("a folder")
    if stat.S_ISFIFO(mode):
        return N_("a FIFO")
    if stat.S_ISCHR(mode) or stat.S_ISBLK(mode):
        return N_("a device")
    if stat.S_ISSOCK(mode):
        return N_("a socket")
    return N_("not a file")


def write_output(path: Path, data: bytes) -> None:
    """``data`` to the regular file ``path`` (atomic: temp, fsync, rename)."""
    atomic_write_bytes(output_target(path), data)


def write_outputs_together(files: Sequence[tuple[Path, bytes]]) -> None:
    """Every ``(path, data)`` written, or none: on any failure each target is
    as it was before (OSError or OutputRefused is raised)."""
    targets = [(output_target(path), data) for path, data in files]
    temps: list[tuple[Path, Path]] = []  # (temp, target)
    #: Targets already replaced, with their old file kept under a temp name (None: new).
    saved: list[tuple[Path, Path | None]] = []
    try:
        for target, data in targets:
            temp = _temp_beside(target)
            temps.append((temp, target))
            with open(temp, "xb") as handle:
                handle.write(data)
                handle.flush()
                os.fsync(handle.fileno())
        for temp, target in temps:
            old = _keep(target) if target.exists() else None
            try:
                os.replace(temp, target)
            except BaseException:
                if old is not None:  # this target is untouched: drop its copy
                    with contextlib.suppress(OSError):
                        os.unlink(old)
                raise
            saved.append((target, old))
        temps = []
    except BaseException:
        for target, old in reversed(saved):
            with contextlib.suppress(OSError):
                if old is None:
                    os.unlink(target)
                else:
                    os.replace(old, target)
        saved = []
        raise
    finally:
        for temp, _ in temps:
            with contextlib.suppress(OSError):
                os.unlink(temp)
        for _, old in saved:
            if old is not None:
                with contextlib.suppress(OSError):
                    os.unlink(old)
    for folder in {target.parent for target, _ in targets}:
        fsync_dir(str(folder))


def _keep(target: Path) -> Path:
    """The old file kept under a temp name beside it (a hard link, or a copy
    where the file system has none)."""
    old = _temp_beside(target)
    try:
        os.link(target, old)
    except OSError:
        with open(old, "xb") as handle:
            handle.write(target.read_bytes())
    return old


def _temp_beside(path: Path) -> Path:
    return path.parent / f".{path.name}.{os.urandom(6).hex()}.tmp"
