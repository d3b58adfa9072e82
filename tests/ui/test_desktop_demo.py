"""The demo flow: embedded server, automatic online login as officer1, inbox rows appear."""

from __future__ import annotations

from pathlib import Path

import pytest

from desktop.demo import DemoSession
from domain import clock

# The real clock, and the hour at which officer1's inbox once came up empty.
INSTANTS = [None, "2026-12-02T13:00:00Z"]


@pytest.mark.parametrize("instant", INSTANTS)
def test_demo_logs_in_and_shows_inbox_rows(qtbot, tmp_path: Path, instant: str | None) -> None:
    failures: list[str] = []
    previous = clock.install(
        clock.StartedClock(clock.parse_instant(instant)) if instant else clock.system_clock
    )
    session = DemoSession(tmp_path, reports=40, on_failure=failures.append)
    try:
        session.login("officer1")
        qtbot.waitUntil(lambda: session.workspace is not None or bool(failures), timeout=60_000)
        assert not failures
        ws = session.workspace
        assert ws is not None and ws.result.online
        assert ws.ctx.actor.username == "officer1"
        model = ws.window.pages.inbox.model  # type: ignore[attr-defined]
        qtbot.waitUntil(lambda: model.rowCount() > 0, timeout=60_000)
        qtbot.waitUntil(lambda: "Terakhir sinkron" in ws.window.status.last_sync_label.text())
        # Switching the demo user opens the other user's profile in a new window.
        session.switch_user("supervisor1")
        qtbot.waitUntil(
            lambda: (
                session.workspace is not None
                and session.workspace.ctx.actor.username == "supervisor1"
            ),
            timeout=60_000,
        )
    finally:
        session.close()
        clock.install(previous)
