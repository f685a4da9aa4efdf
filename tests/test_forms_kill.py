"""A draft survives the app being killed mid-typing (SIGKILL: no clean-up runs)."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from textual.widgets import Input

from forms_helpers import at, make_app
from istui.clock import FixedClock
from istui.config import Config
from istui.store import Store
from istui.store.forms import load_reflection

CHILD = textwrap.dedent(
    """
    import asyncio, sys
    from datetime import datetime
    from pathlib import Path

    from istui.clock import FixedClock
    from istui.config import load_config
    from istui.store import Store
    from istui.store.forms import load_reflection
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
        field = app.screen.query_one("#in-went_well", Input)
        assert field.value.startswith(first)
