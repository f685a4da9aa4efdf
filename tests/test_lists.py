"""Call lists, channels and segments: the config's pick-lists, the current list
carried by every dial logged from the TUI and from `istui log`, decomposition
by channel as sums over sums, and リスト消化率."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from datetime import datetime, timedelta, timezone
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import OptionList

from cli_helpers import files, one_error_line, run
from istui.domain.funnel import Event, MetricSet
from istui.domain.lists import CallList, ListSettings, coverage, decompose
from istui.services.clock import FixedClock
from istui.services.config import ConfigError, default_config_text, load_config, parse_config
from istui.store import Store
from istui.tui.app import IstuiApp
from istui.tui.screens.deals import ListPicker
from istui.tui.widgets.today import TopBar

JST = timezone(timedelta(hours=9))
NOW = datetime(2026, 11, 23, 10, 30, tzinfo=JST)

DEFAULT_PICKS = 'channels = ["inbound", "outbound", "webinar", "referral"]\nsegments = []'
PICKS = 'channels = ["inbound", "webinar"]\nsegments = ["IT 100-499", "製造"]'
LISTS = """
[lists.named."Webinar 11月"]
size = 40
channel = "webinar"
segment = "IT 100-499"

[lists.named.cold]
channel = "inbound"
"""


@pytest.fixture
def lists_config(tmp_path: Path) -> Path:
    path = tmp_path / "config.toml"
    text = default_config_text("rep-01", "r")
    assert DEFAULT_PICKS in text
    path.write_text(text.replace(DEFAULT_PICKS, PICKS) + LISTS, encoding="utf-8")
    return path


def events(config_path: Path, db: Path) -> list[dict[str, str]]:
    store = Store(db)
    return [e.to_record() for e in store.day_events(NOW.date())]


def test_the_config_reads_lists_channels_and_segments(lists_config: Path) -> None:
    lists = load_config(lists_config).lists
    assert lists.channels == ("inbound", "webinar")
    assert lists.get("Webinar 11月") == CallList("Webinar 11月", 40, "webinar", "IT 100-499")
    assert lists.get("cold") == CallList("cold", None, "inbound", "")


@pytest.mark.parametrize(
    ("extra", "message"),
    [
        ('[lists.named.x]\nchannel = "radio"\n', "is not one of \\[lists\\].channels"),
        ("[lists.named.x]\nsize = -3\n", "size: must be a whole number"),
        ("[lists.named.x]\ncolour = 1\n", "unknown key"),
    ],
)
def test_a_bad_list_is_one_line(tmp_path: Path, extra: str, message: str) -> None:
    with pytest.raises(ConfigError, match=message):
        parse_config(default_config_text("r", "r") + "\n" + extra, tmp_path / "c.toml")


def test_log_list_switches_and_every_later_dial_carries_it(
    lists_config: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store"
    assert run(lists_config, db, "log", "call").exit_code == 0
    assert run(lists_config, db, "log", "connect", "--list", "Webinar 11月").exit_code == 0
    assert run(lists_config, db, "log", "call", "-n", "2").exit_code == 0
    records = events(lists_config, db)
    assert "list" not in records[0]
    for record in records[1:]:
        assert (record["list"], record["channel"], record["segment"]) == (
            "Webinar 11月", "webinar", "IT 100-499",
        )  # fmt: skip
    assert len(records) == 4


def test_an_unknown_list_is_exit_2_nothing_written(lists_config: Path, tmp_path: Path) -> None:
    db = tmp_path / "store"
    run(lists_config, db, "log", "call")
    before = files(db)
    line = one_error_line(run(lists_config, db, "log", "call", "--list", "nope"), 2)
    assert "unknown list 'nope' (known: Webinar 11月, cold)" in line
    assert files(db) == before


def test_the_lean_log_leaves_a_list_dial_to_the_store(lists_config: Path, tmp_path: Path) -> None:
    """The real `istui` entry point (lean path first): with a current list, the
    dial still carries it."""
    db = tmp_path / "store"
    env = {"ISTUI_NOW": NOW.isoformat(), "LANG": "C.UTF-8", "PATH": "/usr/bin:/bin"}
    base = [sys.executable, "-m", "istui", "--db", str(db), "--config", str(lists_config)]
    for args in (["log", "call"], ["log", "call", "--list", "cold"], ["log", "connect"]):
        done = subprocess.run([*base, *args], env=env, capture_output=True, text=True, check=False)
        assert done.returncode == 0, done.stderr
    records = events(lists_config, db)
    assert [r.get("list") for r in records] == [None, "cold", "cold"]


def test_decomposition_by_channel_is_sums_over_sums() -> None:
    from istui.services.config import KNOWN_METRICS  # noqa: F401 (the default metrics)

    config = parse_config(default_config_text("r", "r"), Path("c.toml"))
    metrics: MetricSet = config.metrics
    at = NOW

    def ev(i: int, kind: str, channel: str) -> Event:
        return Event(f"e{i}", at, kind, channel=channel, list="L" + channel)

    sample = [ev(i, "call", "inbound") for i in range(6)]
    sample += [ev(10 + i, "connect", "inbound") for i in range(3)]
    sample += [ev(20, "meeting", "inbound")]
    sample += [ev(30 + i, "call", "webinar") for i in range(2)] + [ev(40, "meeting", "webinar")]
    slices = {s.value: s for s in decompose(sample, metrics, "channel")}
    assert slices["inbound"].counts["call"] == 10 and slices["inbound"].counts["connect"] == 4
    assert slices["inbound"].rate("connect", "call").value == pytest.approx(0.4)
    assert slices["webinar"].rate("meeting", "connect").value == pytest.approx(1.0)
    total = slices["inbound"].rate("connect", "call") + slices["webinar"].rate("connect", "call")
    assert total.value == pytest.approx(5 / 13)  # not the mean of 40 % and 33 %
    settings = ListSettings(lists=(CallList("Linbound", 20), CallList("Lwebinar")))
    covered = {c.item.name: c for c in coverage(sample, settings, "call")}
    assert covered["Linbound"].ratio is not None and covered["Linbound"].ratio.value == 0.5
    assert covered["Lwebinar"].ratio is None and covered["Lwebinar"].dials == 3


async def wait_until(pilot: Pilot[None], condition: Callable[[], bool]) -> bool:
    for _ in range(40):
        if condition():
            return True
        await pilot.pause(0.05)
    return condition()


async def test_the_tui_picker_and_every_dial_carries_the_list(
    lists_config: Path, tmp_path: Path
) -> None:
    config = load_config(lists_config)
    clock = FixedClock(NOW)
    store = Store(tmp_path / "store", today=lambda: clock.now().date())
    store.sync_config_targets(config.targets, NOW.date())
    app = IstuiApp(config=config, store=store, clock=clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause()
        await pilot.press("c")
        await pilot.press("slash")
        assert await wait_until(pilot, lambda: isinstance(app.screen, ListPicker))
        assert app.screen.query_one(OptionList).option_count == 3
        await pilot.press("down", "enter")
        assert await wait_until(pilot, lambda: not isinstance(app.screen, ListPicker))
        await pilot.pause()
        assert "list: Webinar 11月" in str(app.screen.query_one(TopBar).render())
        await pilot.press("c", "m")
    records = [e.to_record() for e in Store(store.root).day_events(NOW.date())]
    assert [r.get("list") for r in records] == [None, "Webinar 11月", "Webinar 11月"]
    assert records[2]["channel"] == "webinar" and records[2]["kind"] == "meeting"
    assert (
        json.loads((store.root / "list.json").read_text())["current"]["1"]["list"] == "Webinar 11月"
    )


def test_the_weekly_report_decomposes_by_channel_and_shows_coverage(
    lists_config: Path, tmp_path: Path
) -> None:
    db = tmp_path / "store"
    friday = "2026-11-20T"
    assert run(lists_config, db, "log", "call", "-n", "3", "--at", friday + "10:00").exit_code == 0
    args = ["--at", friday + "11:00", "--list", "Webinar 11月"]
    assert run(lists_config, db, "log", "connect", *args).exit_code == 0
    assert run(lists_config, db, "log", "call", "-n", "3", "--at", friday + "11:05").exit_code == 0
    text = run(lists_config, db, "report", "--week", "2026-W47").stdout
    assert "By channel" in text and "By segment" in text
    row = next(line for line in text.splitlines() if line.startswith("webinar"))
    assert row.split() == ["webinar", "4", "25.0%", "0.0%", "0"]
    assert "Webinar 11月: 4 of 40 dialled (10.0%)" in text
    assert "cold: 0 dials (no size set)" in text
    document = json.loads(
        run(lists_config, db, "report", "--week", "2026-W47", "--format", "json").stdout
    )
    assert {"value": "webinar", "counts": {"call": 4, "connect": 1, "meeting": 0, "email": 0}} in (
        document["by_channel"]
    )
    assert document["coverage"][0] == {
        "list": "Webinar 11月", "size": 40, "dials": 4, "coverage": 0.1,
    }  # fmt: skip
