"""What every command shares: loading config and store, dates, and errors.

Kept free of Textual: ``istui log`` and ``istui status`` run from status bars
every few seconds and must start fast.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import TYPE_CHECKING, NoReturn, TypeVar

import click

from istui.i18n import N_, tr
from istui.services.clock import Clock, clock_from_env
from istui.services.config import Config, ConfigError, config_path_from, load_config
from istui.store import StoreError
from istui.store.status_cache import file_signature

if TYPE_CHECKING:
    # Loaded when a command opens the rep's store: `istui report --team` and
    # `istui merge` never do (the rep's store pulls in TinyDB, backups, doctor).
    from istui.domain.today import DayView
    from istui.services.context import Context
    from istui.store import Store


class DataError(click.ClickException):
    """Bad config or data: one line on stderr, exit code 1, no traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


def default_db_path() -> Path:
    from istui.store.paths import user_data_dir

    return Path(user_data_dir())


def db_path_from(option: str | None) -> Path:
    from istui.store.paths import given_path

    given = given_path(option, "ISTUI_DB")
    return Path(given) if given else default_db_path()


def _given_by(option: str | None, variable: str, flag: str) -> str | None:
    """Which setting named a path (the option, then the variable); None: the default."""
    if option:
        return flag
    return variable if os.environ.get(variable) else None


def check_parent_exists(path: Path, source: str | None) -> None:
    """A path the rep typed must sit in a folder that exists: a typo in --db or
    ISTUI_DB would otherwise make a new empty store (a status bar showing zeros
    forever). Only the default location is made from nothing."""
    if source is None:
        return
    parent = path.parent
    if not parent.exists():  # (under a file: the store says so, exit 1)
        usage_error(
            tr(
                "{source}: {path}: folder {folder} does not exist (istui makes no folders)",
                source=source,
                path=path,
                folder=parent,
            )
        )


def announce_new(what: str, path: Path) -> None:
    """``what`` is the sentence with a ``{path}`` field, already translated."""
    click.echo(f"istui: {what.format(path=path)}", err=True)


_Setting = TypeVar("_Setting")


def _configured(
    option: str | None, setting: Callable[[Config], _Setting], missing: _Setting
) -> _Setting:
    """``setting`` of the config in force, ``missing`` when there is none or it
    does not read; never creates a config (a broken one is reported by the
    command that needs it)."""
    path = config_path_from(option)
    if not path.is_file():
        return missing
    try:
        return setting(load_config(path, create=False))
    except (ConfigError, OSError):
        return missing


def configured_language(option: str | None) -> str | None:
    """``[ui].language`` of the config in force, if there is one and it reads."""
    return _configured(option, lambda config: config.language, None)


def configured_csv_bom(option: str | None) -> bool:
    """``[export].csv_bom`` of the config in force, False without one
    (``report --team`` needs none)."""
    return _configured(option, lambda config: config.csv_bom, False)


@dataclass
class Env:
    """The command line's options and clock, from which the config and store load
    once, lazily; ``context`` hands them to the use cases as one Context."""

    config_option: str | None = None
    db_option: str | None = None
    clock: Clock = field(default_factory=clock_from_env)
    _config: Config | None = None
    _store: Store | None = None

    _config_signature: list[int] | None = None

    @property
    def config(self) -> Config:
        if self._config is None:
            path = config_path_from(self.config_option)
            check_parent_exists(path, _given_by(self.config_option, "ISTUI_CONFIG", "--config"))
            # taken before the read: an edit in between makes the cache stale, not wrong
            self._config_signature = file_signature(str(path))
            existed = self._config_signature is not None
            try:
                self._config = load_config(path)
            except ConfigError as exc:
                raise DataError(str(exc)) from None
            if not existed:  # a first run wrote the default just now
                announce_new(tr("new config (the commented default) at {path}"), path)
                self._config_signature = file_signature(str(path))
        return self._config

    @property
    def store(self) -> Store:
        if self._store is None:
            store = self.unchecked_store()
            try:
                store.check_root()
            except StoreError as exc:
                raise DataError(str(exc)) from None
            self._store = store
        return self._store

    def unchecked_store(self) -> Store:
        """The store without the root check: `istui doctor` must still run (and
        restore a backup) when store.json itself is the file that is broken."""
        from istui.services.status import StatusFigures
        from istui.store import Store

        path = db_path_from(self.db_option)
        check_parent_exists(path, _given_by(self.db_option, "ISTUI_DB", "--db"))
        config = self.config
        store = Store(
            path,
            today=lambda: self.clock.now().date(),
            backups_kept=config.backups_kept,
            on_create=lambda root: announce_new(tr("new store at {path}"), root),
        )
        # every write leaves the status cache (`istui status` reads it first)
        store.status_hook = StatusFigures(
            config, str(config_path_from(self.config_option)), self._config_signature, self.clock
        )
        return store

    def now(self) -> datetime:
        return self.clock.now()

    def today(self) -> date:
        return self.clock.now().date()

    def day(self, day_text: str | None) -> date:
        """The day a command is about: ``--date`` (``options.date_option``), else today."""
        today = self.today()
        return parse_day(day_text, "--date", today) if day_text is not None else today

    def synced_store(self) -> Store:
        """The store with the config's targets recorded as a version (if changed)."""
        store = self.store
        with data_errors():
            store.sync_config_targets(self.config.targets, self.today())
        return store

    @property
    def context(self) -> Context:
        """The config, the synced store and the clock as the use cases take them."""
        from istui.services.context import Context

        return Context(self.config, self.synced_store(), self.clock)

    def day_view(self, day: date) -> DayView:
        context = self.context
        with data_errors():
            return context.day_view(day)


class data_errors:
    """Turn a StoreError or ConfigError into a one-line DataError."""

    def __enter__(self) -> None:
        return None

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: object
    ) -> None:
        if isinstance(exc, StoreError | ConfigError):
            raise DataError(str(exc)) from None


def usage_error(message: str) -> NoReturn:
    raise click.UsageError(message)


def check_team_format(fmt: str, formats: Sequence[str]) -> None:
    """``--format`` with ``--team``: one of the team report's ``formats`` (exit 2)."""
    if fmt not in formats:
        usage_error(
            tr(
                "--format {format}: with --team use one of {formats}",
                format=fmt,
                formats=", ".join(formats),
            )
        )


def unknown_kind(kind: str, known: tuple[str, ...]) -> str:
    """The usage error for a kind that is not a metric, with the nearest one."""
    import difflib

    close = difflib.get_close_matches(kind.lower(), known, n=1, cutoff=0.6)
    if close:
        return tr(
            "unknown kind {kind!r} (did you mean {close}? known: {known})",
            kind=kind,
            close=close[0],
            known=", ".join(known),
        )
    return tr("unknown kind {kind!r} (known: {known})", kind=kind, known=", ".join(known))


def _year_in_range(day: date, option: str, text: str) -> None:
    from istui.domain.calendar import year_problem

    problem = year_problem(day.year)
    if problem:
        usage_error(tr("{option}: {value}: {problem}", option=option, value=text, problem=problem))


_Parsed = TypeVar("_Parsed")


def _from_iso(
    text: str, option: str, parse: Callable[[str], _Parsed], empty: str, unreal: str
) -> _Parsed:
    """``parse(text)`` of an ISO 8601 value given as ``option``; an empty value
    (never read as a default) or one ``parse`` refuses is a usage error, said
    by the sentence ``empty`` or ``unreal`` (marked with N_, translated here)."""
    if not text.strip():
        usage_error(tr(empty, option=option))
    try:
        return parse(text)
    except ValueError:
        usage_error(tr(unreal, option=option, value=text))


def parse_day(text: str, option: str, today: date, *, allow_future: bool = False) -> date:
    """A YYYY-MM-DD date given on the command line: real, in istui's years, and
    not in the future. An empty value is refused, never read as "today"."""
    day = _from_iso(
        text,
        option,
        date.fromisoformat,
        N_("{option}: empty; give a date (YYYY-MM-DD) or leave the option out"),
        N_("{option}: {value!r} is not a real date (YYYY-MM-DD)"),
    )
    _year_in_range(day, option, text)
    if not allow_future and day > today:
        usage_error(tr("{option}: {value} is in the future", option=option, value=text))
    return day


def parse_moment(text: str, option: str, clock: Clock) -> datetime:
    """An ISO 8601 time given on the command line, made aware in the local zone.

    A local time that never happened (02:30 on a spring-forward day) is refused;
    one that happened twice (01:30 on a fall-back day) is the first of the two
    (fold=0, still on summer time).
    """
    moment = _from_iso(
        text,
        option,
        datetime.fromisoformat,
        N_("{option}: empty; give a date and time (e.g. 2026-11-20T10:15)"),
        N_("{option}: {value!r} is not a real date and time (e.g. 2026-11-20T10:15)"),
    )
    _year_in_range(moment.date(), option, text)
    if moment.tzinfo is None:
        wall = moment.replace(fold=0)
        zone = getattr(clock, "zone", None)
        from istui.services.clock import SystemClock

        if zone is None and not isinstance(clock, SystemClock):
            zone = clock.now().tzinfo
        if zone is None:  # the machine's own zone
            moment = wall.astimezone()
            back = moment.astimezone().replace(tzinfo=None)
        else:
            moment = wall.replace(tzinfo=zone)
            back = moment.astimezone(UTC).astimezone(zone).replace(tzinfo=None)
        if back != wall:
            usage_error(
                tr(
                    "{option}: {value} never happened on this clock (the clocks jumped "
                    "forward over it that day); give a time before or after the jump",
                    option=option,
                    value=text,
                )
            )
    return moment


pass_env = click.make_pass_decorator(Env)
