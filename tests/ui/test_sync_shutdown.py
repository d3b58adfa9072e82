"""Logout and exit never freeze: stopping the sync controller is bounded even while its request
trickles on (a server that sends a byte now and then, so no stall timeout fires)."""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from pytestqt.qtbot import QtBot

from localdb.profile import Profile
from sync.credentials import Credentials
from sync.runner import SyncEngine
from sync.transport import Transport
from tests.sync.fakes import FaultState, fault_server
from ui.sync.adapter import SyncController


def _utcnow() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


@pytest.fixture
def trickle() -> Iterator[tuple[str, FaultState]]:
    with fault_server() as (url, state):
        state.mode = "trickle"
        yield url, state


def _engine(tmp_path: Path, url: str, **transport_args: float) -> SyncEngine:
    profile = Profile.open(tmp_path / "officer1")
    transport = Transport(url, **transport_args)
    creds = Credentials(profile, transport, profile_key="officer1", clock=_utcnow)
    return SyncEngine(profile, transport, creds, clock=_utcnow)


def test_stop_returns_within_its_bound_while_a_request_trickles(
    qtbot: QtBot, tmp_path: Path, trickle: tuple[str, FaultState]
) -> None:
    url, state = trickle
    engine = _engine(tmp_path, url)  # default timeouts, as the app has them
    controller = SyncController(engine)
    finished: list[object] = []
    controller.finished.connect(finished.append)
    controller.start()
    qtbot.waitUntil(lambda: bool(state.seen), timeout=10_000)  # the probe is in flight
    started = time.monotonic()
    clean = controller.stop()
    took = time.monotonic() - started
    assert took < controller.stop_timeout_s + 2, f"stop() took {took:.1f} s"
    assert clean is False  # the request still trickled: its thread was abandoned
    state.release.set()  # the server gives up; the abandoned cycle ends on its own
    qtbot.wait(500)
    assert finished == []  # an abandoned cycle never reports
    engine.profile.close()


def test_the_abandoned_request_ends_at_the_transport_total_timeout(
    qtbot: QtBot, tmp_path: Path, trickle: tuple[str, FaultState]
) -> None:
    url, state = trickle
    engine = _engine(tmp_path, url, total_timeout=2.0)
    controller = SyncController(engine, stop_timeout_s=0.2)
    controller.start()
    qtbot.waitUntil(lambda: bool(state.seen), timeout=10_000)
    lane = controller._lane
    assert lane is not None
    assert controller.stop() is False
    # Not released by the server: the transport's own total timeout ends the request.
    qtbot.waitUntil(lambda: lane.shutdown(0), timeout=10_000)
    engine.profile.close()
