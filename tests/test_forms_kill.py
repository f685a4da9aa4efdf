"""A draft survives the app being killed mid-typing (SIGKILL: no clean-up runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from datetime import date
from pathlib import Path

import pytest

from forms_helpers import at, make_app
from istui.services.clock import FixedClock
from istui.services.config import Config
from istui.services.forms import load_reflection
from istui.store import Store
from istui.tui.widgets.forms import AnswerArea

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import datetime
    from pathlib import Path

    from istui.services.clock import FixedClock
    from istui.services.config import load_config
    from istui.store import Store
    from istui.services.forms import load_reflection
    from istui.tui.app import IstuiApp

    config = load_config(Path(sys.argv[1]))
    clock = FixedClock(datetime.fromisoformat(sys.argv[3]))
    store = Store(Path(sys.argv[2]), today=lambda: clock.now().date())
    day = clock.now().date()

    async def main():
        app = IstuiApp(config=config, store=store, clock=clock)
        async with app.run_test(size=(80, 24)) as pilot:
            await pilot.press("r")
            await pilot.pause()
            for char in sys.argv[4]:
                await pilot.press(char)
            # Wait (without closing anything) until the draft is on disk.
            for _ in range(400):
                found = load_reflection(store, day)
                if found is not None and found.went_well == sys.argv[4]:
                    break
                await pilot.pause(0.05)
            print("TYPED", flush=True)
            for char in sys.argv[5]:  # still typing when the kill comes
                await pilot.press(char)
            print("TYPING", flush=True)
            await asyncio.sleep(600)

    asyncio.run(main())
    """
)


@pytest.mark.skipif(sys.platform == "win32", reason="SIGKILL")
async def test_a_draft_survives_sigkill_mid_typing(
    tmp_path: Path, config_path: Path, config: Config, store: Store, clock: FixedClock
) -> None:
    clock.set(at(18, 10))
    script = tmp_path / "child.py"
    script.write_text(CHILD, encoding="utf-8")
    first, more = "受付突破のコツがわかった", "そして"
    child = subprocess.Popen(
        [
            sys.executable,
            str(script),
            str(config_path),
            str(store.root),
            clock.now().isoformat(),
            first,
            more,
        ],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    try:
        assert child.stdout is not None
        assert child.stdout.readline().strip() == "TYPED", child.stderr.read()  # type: ignore[union-attr]
        assert child.stdout.readline().strip() == "TYPING"
        child.send_signal(signal.SIGKILL)
        assert child.wait(timeout=30) == -signal.SIGKILL
    finally:
        if child.poll() is None:
            child.kill()
            child.wait()
    draft = load_reflection(store, clock.now().date())
    assert draft is not None and not draft.submitted
    assert draft.went_well.startswith(first)
    # Restart: reopening the reflection continues the draft.
    app = make_app(config, store, clock)
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("r")
        await pilot.pause()
        field = app.screen.query_one("#in-went_well", AnswerArea)
        assert field.value.startswith(first)


@pytest.mark.skipif(sys.platform == "win32", reason="pty and SIGKILL")
def test_the_real_istui_under_a_pty_keeps_a_draft_after_sigkill(
    tmp_path: Path, config_path: Path, store: Store
) -> None:
    """The real command, real terminal input (UTF-8 bytes, full-width punctuation),
    killed with the form open: the mid-check draft is on disk."""
    import fcntl
    import pty
    import select
    import struct
    import termios
    import time

    from istui.services.forms import load_midchecks

    env = {
        **os.environ,
        "ISTUI_NOW": "2026-11-23T12:10:00+09:00",
        "ISTUI_DB": str(store.root),
        "ISTUI_CONFIG": str(config_path),
        "TERM": "xterm-256color",
    }
    pid, fd = pty.fork()
    if pid == 0:  # pragma: no cover - the child
        os.execve(sys.executable, [sys.executable, "-m", "istui"], env)
    fcntl.ioctl(fd, termios.TIOCSWINSZ, struct.pack("HHHH", 24, 80, 0, 0))
    day = date(2026, 11, 23)

    def drain_until(done: object, limit: float = 30.0) -> bool:
        """Read the screen output until ``done()`` holds (or the limit passes)."""
        deadline = time.monotonic() + limit
        while time.monotonic() < deadline:
            ready, _, _ = select.select([fd], [], [], 0.05)
            if ready:
                try:
                    os.read(fd, 65536)
                except OSError:
                    return False
            if done():  # type: ignore[operator]
                return True
        return False

    try:
        os.write(fd, b"c")  # proves the app is up: the dial reaches the day file
        assert drain_until(lambda: len(store.day_events(day)) == 1)
        os.write(fd, b"k")
        # "4" picks the block rating once the form is up; the pick alone is
        # saved as a draft, which tells us the form is there.
        assert drain_until(
            lambda: (
                os.write(fd, b"4") > 0 and any(c.rating == 4 for c in load_midchecks(store, day))
            ),
        )
        os.write(fd, b"\t")
        drain_until(lambda: False, 0.5)  # let the focus move before typing on
        os.write(fd, "受付突破のコツ：部署名".encode())
        assert drain_until(
            lambda: any(c.working == "受付突破のコツ：部署名" for c in load_midchecks(store, day))
        )
        os.write(fd, "さらに".encode())  # mid-typing when the kill comes
        os.kill(pid, signal.SIGKILL)
        _, status = os.waitpid(pid, 0)
        assert os.WIFSIGNALED(status) and os.WTERMSIG(status) == signal.SIGKILL
    finally:
        try:
            os.kill(pid, signal.SIGKILL)
            os.waitpid(pid, 0)
        except (ProcessLookupError, ChildProcessError):
            pass
        os.close(fd)
    (check,) = load_midchecks(store, day)
    assert check.rating == 4 and check.working.startswith("受付突破のコツ：部署名")
    assert len(store.day_events(day)) == 1
