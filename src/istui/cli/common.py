"""What every command shares: loading config and store, dates, and errors.

Kept free of Textual: ``istui log`` and ``istui status`` run from status bars
every few seconds and must start fast.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from datetime import UTC, date, datetime
from pathlib import Path
from typing import NoReturn

import click

from istui.domain.today import DayView
from istui.services.clock import Clock, clock_from_env
from istui.services.config import Config, ConfigError, config_path_from, load_config
from istui.services.context import Context
from istui.services.status import StatusFigures
from istui.store import Store, StoreError
from istui.store.status_cache import file_signature


class DataError(click.ClickException):
    """Bad config or data: one line on stderr, exit code 1, no traceback."""

    exit_code = 1

    def format_message(self) -> str:
        return self.message


def default_db_path() -> Path:
    from istui.store.paths import user_data_dir

    return Path(user_data_dir())


def db_path_from(option: str | None) -> Path:
    if option:
        return Path(option).expanduser()
    env = os.environ.get("ISTUI_DB")
    if env:
        return Path(env).expanduser()
    return default_db_path()


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
            # taken before the read: an edit in between makes the cache stale, not wrong
            self._config_signature = file_signature(str(path))
            try:
                self._config = load_config(path)
            except ConfigError as exc:
                raise DataError(str(exc)) from None
            if self._config_signature is None:  # a first run wrote the default just now
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
        config = self.config
        store = Store(
            db_path_from(self.db_option),
            today=lambda: self.clock.now().date(),
            backups_kept=config.backups_kept,
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

    def synced_store(self) -> Store:
        """The store with the config's targets recorded as a version (if changed)."""
        store = self.store
        with data_errors():
            store.sync_config_targets(self.config.targets, self.today())
        return store

    @property
    def context(self) -> Context:
        """The config, the synced store and the clock as the use cases take them."""
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


def parse_day(text: str, option: str, today: date, *, allow_future: bool = False) -> date:
    """A YYYY-MM-DD date given on the command line: real, and not in the future."""
    try:
        day = date.fromisoformat(text)
    except ValueError:
        usage_error(f"{option}: {text!r} is not a real date (YYYY-MM-DD)")
    if not allow_future and day > today:
        usage_error(f"{option}: {text} is in the future")
    return day


def parse_moment(text: str, option: str, clock: Clock) -> datetime:
    """An ISO 8601 time given on the command line, made aware in the local zone."""
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        usage_error(f"{option}: {text!r} is not a real date and time (e.g. 2026-11-20T10:15)")
    if moment.tzinfo is None:
        zone = clock.now().tzinfo
        from istui.services.clock import SystemClock

        if isinstance(clock, SystemClock) and clock.zone is None:
            moment = moment.astimezone()
        else:
            moment = moment.replace(tzinfo=getattr(clock, "zone", None) or zone)
            # A wall time skipped by a DST change (02:30 on a spring-forward day)
            # gets the offset of the real instant it names, not a time that never was.
            moment = moment.astimezone(UTC).astimezone(moment.tzinfo)
    return moment


pass_env = click.make_pass_decorator(Env)
