"""Durability with real processes: concurrent writers lose nothing, and a writer
killed with SIGKILL at any moment leaves a store that opens and holds every event
whose log() returned. No timing assertions: only counts and ids."""

from __future__ import annotations

import itertools
import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest

from istui.store import Store

pytestmark = pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL and fork semantics")

DAY = "2026-11-23"

WORKER = """
import sys, time
from datetime import date, datetime
from pathlib import Path
from istui.store import Store

root, count, go, today, kind = sys.argv[1], int(sys.argv[2]), Path(sys.argv[3]), sys.argv[4], sys.argv[5]
# "store": Store.log, as `istui log` writes; "session": log_seen keeping the day
# between writes, as the Today screen does (bytes compared, events appended).
mode = sys.argv[6]
store = Store(Path(root), today=lambda: date.fromisoformat(today), backups_kept=3)
at = datetime.fromisoformat("2026-11-23T10:30:00+09:00")
seen = store.day_snapshot(at.date())
print("ready", flush=True)
while not go.exists():
    time.sleep(0.005)
i = 0
while count < 0 or i < count:
    if mode == "session":
        (event,), seen = store.log_seen(kind, 1, at=at, seen=seen)
        assert seen is not None and seen.events[-1] == event
    else:
        (event,) = store.log(kind, 1, at=at)
    # Printed only after log() returned: an acknowledged, durable event.
    sys.stdout.write(event.id + "\\n")
    sys.stdout.flush()
    i += 1
"""


def start_worker(
    root: Path, count: int, go: Path, today: str = DAY, kind: str = "call", mode: str = "store"
) -> subprocess.Popen[str]:
    proc = subprocess.Popen(
        [sys.executable, "-c", WORKER, str(root), str(count), str(go), today, kind, mode],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    assert proc.stdout is not None
    ready = proc.stdout.readline()
    assert ready == "ready\n", proc.stderr.read() if proc.stderr else ready
    return proc


@pytest.fixture
def fast_dir(tmp_path: Path) -> Iterator[Path]:
    """A folder on tmpfs when there is one. What these tests check (the lock, the
    re-read under it, atomic replace against a killed process) does not depend on
    fsync reaching the disk, and on a slow disk 1,000 fsynced writes take long."""
    shm = Path("/dev/shm")
    if shm.is_dir() and os.access(shm, os.W_OK):
        import shutil
        import tempfile

        folder = Path(tempfile.mkdtemp(prefix="istui-durability-", dir=shm))
        try:
            yield folder
        finally:
            shutil.rmtree(folder, ignore_errors=True)
    else:
        yield tmp_path


def drain(proc: subprocess.Popen[str]) -> tuple[str, str]:
    """The rest of a worker's output once it has ended. Not communicate(): it
    reads the pipe's file descriptor directly and would drop lines readline()
    already pulled into the stream's buffer."""
    assert proc.stdout is not None and proc.stderr is not None
    out = proc.stdout.read()
    err = proc.stderr.read()
    proc.wait(timeout=300)
    return out, err


@pytest.mark.parametrize(
    "modes",
    [("store", "store"), ("session", "session"), ("session", "store")],
    ids=["two-cli-writers", "two-screens", "screen-and-cli"],
)
def test_two_processes_logging_500_each_at_once_give_exactly_1000(
    fast_dir: Path, modes: tuple[str, str]
) -> None:
    root = fast_dir / "store"
    go = fast_dir / "go"
    workers = [
        start_worker(root, 500, go, kind="call", mode=modes[0]),
        start_worker(root, 500, go, kind="meeting", mode=modes[1]),
    ]
    go.touch()  # both are started and waiting: release them together
    acked: list[set[str]] = []
    for proc in workers:
        out, err = drain(proc)
        assert proc.returncode == 0, err
        ids = set(out.split())
        assert len(ids) == 500
        acked.append(ids)

    store = Store(root)
    events = store.day_events(date_of(DAY))
    assert len(events) == 1000
    assert {e.id for e in events} == acked[0] | acked[1]
    kinds = [e.kind for e in events]
    assert kinds.count("call") == 500 and kinds.count("meeting") == 500
    # They really ran at once: the two writers' events interleave in the file.
    runs = 1 + sum(1 for a, b in itertools.pairwise(kinds) if a != b)
    assert runs >= 3
    assert store.check_files() == []


def date_of(text: str) -> date:
    return date.fromisoformat(text)


@pytest.mark.parametrize("mode", ["store", "session"])
def test_sigkill_at_random_moments_loses_no_acknowledged_event(fast_dir: Path, mode: str) -> None:
    root = fast_dir / "store"
    go = fast_dir / "go"
    go.touch()
    rng = random.Random(20261123)
    acknowledged: list[str] = []
    rounds = 30
    for round_no in range(rounds):
        # A new "today" every few rounds, so the daily backup (and its pruning)
        # also runs, and can be killed, while events are being written.
        today = f"2026-12-{1 + round_no // 3:02d}"
        proc = start_worker(root, -1, go, today=today, mode=mode)
        assert proc.stdout is not None
        wanted = rng.randint(0, 6)
        for _ in range(wanted):
            line = proc.stdout.readline()
            assert line.endswith("\n"), "writer died before it was killed"
            acknowledged.append(line.strip())
        time.sleep(rng.uniform(0, 0.015))  # land anywhere inside the next write
        os.kill(proc.pid, signal.SIGKILL)
        rest, _ = drain(proc)
        assert proc.returncode == -signal.SIGKILL
        # Whatever it managed to print before dying was acknowledged too; a torn
        # last line (no newline) is not counted, which only makes the check stricter.
        complete = rest.split("\n")[:-1]
        acknowledged.extend(x for x in complete if x)

        # After every kill the store opens and holds every acknowledged id so far.
        store = Store(root)
        assert store.check_files() == []
        stored = {e.id for e in store.day_events(date_of(DAY))}
        missing = set(acknowledged) - stored
        assert not missing, f"round {round_no}: lost {len(missing)} acknowledged events"

    store = Store(root)
    events = store.day_events(date_of(DAY))
    assert len(acknowledged) >= rounds  # the writers did get events through
    assert len({e.id for e in events}) == len(events)  # no event written twice
    assert set(acknowledged) <= {e.id for e in events}
    # A writer is killed mid-write only between atomic replaces: at most one
    # unacknowledged event per kill can exist on top of the acknowledged ones.
    assert len(events) - len(set(acknowledged)) <= rounds
    # Leftover temp files from killed writes never look like data.
    assert store.days_with_data() == [date_of(DAY)]
