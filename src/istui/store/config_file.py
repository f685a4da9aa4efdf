"""The config file on disk: read it, create the commented default, edit one value.

The parser (services/config.py) never touches the file; this module is the
only one that reads or writes it. An edit goes through tomlkit, so the user's
comments, order and spacing survive, and through a symlinked config to its
target, so a config kept in a dotfiles repository stays a link.
"""

from __future__ import annotations

import os
import tomllib
from collections.abc import Callable
from pathlib import Path

from istui.i18n import os_reason, tr
from istui.store.files import atomic_write_text


class ConfigFileError(Exception):
    """A problem with the config file, phrased as the one line the user sees."""


def read_config_text(path: Path, default_text: Callable[[], str] | None) -> str:
    """The file's text; a missing file is first written as ``default_text()`` (None: refuse)."""
    if not path.exists():
        if default_text is None:
            raise ConfigFileError(tr("{path}: no such config file", path=path))
        try:
            path.parent.mkdir(parents=True, exist_ok=True)
            atomic_write_text(path, default_text())
        except OSError as exc:
            raise ConfigFileError(
                tr(
                    "{path}: cannot write the default config: {error}",
                    path=path,
                    error=os_reason(exc),
                )
            ) from None
    try:
        return path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigFileError(tr("{path}: not UTF-8 text", path=path)) from None
    except OSError as exc:
        raise ConfigFileError(
            tr("{path}: cannot read: {reason}", path=path, reason=os_reason(exc))
        ) from None


def edit_target(path: Path) -> Path:
    """The file an edit writes: a symlinked config's target, not a new file over the link."""
    return Path(os.path.realpath(path)) if path.is_symlink() else path


def set_string_value(path: Path, table: str, key: str, value: str | bool) -> None:
    """Set ``[table].key = "value"`` (or ``= true``), keeping every comment and every other key.

    Adds the table or the key when absent. Refuses, changing nothing, what it
    cannot edit in place (an inline or dotted ``table``, a file that is not
    TOML) and never writes a file that would not read back with that value.
    """
    import tomlkit
    from tomlkit.exceptions import TOMLKitError
    from tomlkit.items import Table

    where = f"[{table}].{key}"

    def cannot_update(problem: object) -> ConfigFileError:
        return ConfigFileError(
            tr(
                "{path}: {where}: cannot update it in place: {problem}",
                path=path,
                where=where,
                problem=problem,
            )
        )

    target = edit_target(path)
    try:
        text = target.read_text(encoding="utf-8") if target.exists() else ""
    except (OSError, UnicodeError) as exc:
        reason = os_reason(exc) if isinstance(exc, OSError) else tr("not UTF-8 text")
        raise ConfigFileError(
            tr("{path}: cannot read: {reason}", path=path, reason=reason)
        ) from None
    try:
        doc = tomlkit.parse(text)
    except TOMLKitError as exc:
        raise cannot_update(exc) from None
    section = doc.get(table)
    if section is None:
        doc.add(table, tomlkit.table())
        section = doc[table]
    if not isinstance(section, Table) or section.is_super_table():
        raise ConfigFileError(
            tr(
                "{path}: {where}: cannot update it in place: [{table}] is not a plain table",
                path=path,
                where=where,
                table=table,
            )
        )
    section[key] = value
    new_text = tomlkit.dumps(doc)
    try:  # never write a config istui itself could not read back
        read_back = tomllib.loads(new_text)[table][key]
        if read_back != value or type(read_back) is not type(value):
            raise ConfigFileError(
                tr("{path}: {where}: cannot update it in place", path=path, where=where)
            )
    except tomllib.TOMLDecodeError as exc:
        raise cannot_update(exc) from None
    try:
        atomic_write_text(target, new_text)
    except OSError as exc:
        raise ConfigFileError(
            tr("{path}: cannot write: {reason}", path=path, reason=os_reason(exc))
        ) from None
