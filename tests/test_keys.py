"""The app's key lists are derived from the bindings the screens really have
(services/keys.py is their one source), and reading them needs no Textual."""

from __future__ import annotations

import subprocess
import sys

from textual.binding import Binding

from forms_helpers import run_app
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.keys import HELP_KEYS, RESERVED_KEYS, SPARE_KEYS, TODAY_KEYS
from istui.services.session import DaySession
from istui.store import Store
from istui.tui.app import APP_KEYS, IstuiApp
from istui.tui.commands import screen_bindings
from istui.tui.screens.today import TodayScreen


def _shown(binding: Binding) -> str:
    return binding.key_display or binding.key


def test_reserved_keys_are_the_keys_today_binds_and_the_spare_ones() -> None:
    bound = {_shown(b) for b in Binding.make_bindings(TodayScreen.BINDINGS)}
    assert bound == RESERVED_KEYS - SPARE_KEYS
    # what the config has always refused, and / (the list picker; never a letter or digit)
    assert frozenset("u?qkrhwpgsy/") == RESERVED_KEYS


def test_help_lists_every_key_today_binds_and_the_app_wide_ones() -> None:
    assert set(TODAY_KEYS) <= set(HELP_KEYS)
    helped = {key for key, _ in APP_KEYS}
    assert {_shown(b) for b in Binding.make_bindings(TodayScreen.BINDINGS)} <= helped
    app_keys = {_shown(b) for b in Binding.make_bindings(IstuiApp.BINDINGS) if b.description}
    assert "f2" in app_keys and "f2" in helped


async def test_the_screen_binds_the_logging_keys_first_then_its_own(
    config: Config, store: Store, clock: FixedClock
) -> None:
    screen = TodayScreen.for_session(DaySession(config, store, clock))
    bindings = list(Binding.make_bindings(type(screen).BINDINGS))
    logging = [m.bind for m in config.metrics.all]
    assert [b.key for b in bindings] == logging + [k.key for k in TODAY_KEYS]
    assert all(b.priority for b in bindings[: len(logging)])
    assert isinstance(screen, TodayScreen)
    # one class per set of keys, not one per screen
    assert type(TodayScreen.for_session(DaySession(config, store, clock))) is type(screen)


def test_the_key_lists_import_no_textual() -> None:
    probe = "import sys, istui.services.config; print('textual' in sys.modules)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    assert done.stdout.strip() == "False"


async def test_the_running_today_screen_binds_exactly_the_derived_keys(
    config: Config, store: Store, clock: FixedClock
) -> None:
    async with run_app(config, store, clock) as (app, pilot):
        await pilot.pause()
        today = app.screen
        assert isinstance(today, TodayScreen)
        bound = {b.key_display or key for key, b in screen_bindings(today)}
        logging = {m.bind for m in config.metrics.all}
        assert bound - logging == RESERVED_KEYS - SPARE_KEYS
        assert not logging & RESERVED_KEYS
