"""The Qt adapter against the real server: cycles on their own thread, signals on the UI's."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from pytestqt.qtbot import QtBot

from localdb import commands
from sync.proxy import LinkProxy
from sync.summary import CycleState, SyncSummary
from tests.support.server import AGENCY_A, Central
from tests.sync.clients import ClientFactory, SyncClient
from tests.sync.conftest import link_url
from ui.sync.adapter import SyncController


@pytest.fixture
def officer(clients: ClientFactory, link: LinkProxy) -> SyncClient:
    return clients.make("officer1", via=link_url(link))


@pytest.fixture
def controller(officer: SyncClient) -> Iterator[SyncController]:
    ctl = SyncController(officer.engine, interval_s=3600, debounce_ms=50, probe_interval_s=0.05)
    try:
        yield ctl
    finally:
        ctl.stop()


def test_start_runs_a_cycle_off_the_ui_thread(
    qtbot: QtBot, central: Central, controller: SyncController
) -> None:
    report = central.disposed_report(AGENCY_A)
    states: list[str] = []
    controller.stateChanged.connect(states.append)
    with (
        qtbot.waitSignal(controller.changedReports, timeout=20_000) as changed,
        qtbot.waitSignal(controller.finished, timeout=20_000) as done,
    ):
        controller.start()
    summary: SyncSummary = done.args[0]
    assert summary.ok and summary.pulled >= 1
    assert report["id"] in changed.args[0]
    assert states == ["syncing", "online"]
    assert controller.state == "online"


def test_local_change_triggers_a_debounced_push(
    qtbot: QtBot, central: Central, officer: SyncClient, controller: SyncController
) -> None:
    report = central.disposed_report(AGENCY_A)
    with qtbot.waitSignal(controller.finished, timeout=20_000):
        controller.start()
    with officer.profile.session() as s, s.begin():
        commands.save_draft(s, officer.actor, report["id"], "Sudah ditinjau, segera diperbaiki.")
        commands.submit_followup(s, officer.actor, report["id"])
    pushed: list[int] = []
    controller.finished.connect(lambda summary: pushed.append(summary.pushed))
    # A burst of changes is one cycle.
    for _ in range(5):
        controller.notifyLocalChange()
    qtbot.waitUntil(lambda: bool(pushed), timeout=20_000)
    assert pushed == [1]


def test_network_returning_starts_a_cycle(
    qtbot: QtBot, link: LinkProxy, controller: SyncController
) -> None:
    link.set_down(True)
    with qtbot.waitSignal(controller.finished, timeout=20_000) as first:
        controller.start()
    assert first.args[0].state is CycleState.OFFLINE
    assert controller.state == "offline"
    # While offline only cheap probes go out; when one gets through, a full cycle follows.
    with qtbot.waitSignal(controller.finished, timeout=20_000) as second:
        link.set_down(False)
    assert second.args[0].ok
    assert controller.state == "online"


def test_sync_now_while_running_runs_once_more(qtbot: QtBot, controller: SyncController) -> None:
    summaries: list[SyncSummary] = []
    controller.finished.connect(summaries.append)
    controller.start()
    controller.syncNow()  # arrives while the first cycle runs: coalesced into one more
    controller.syncNow()
    qtbot.waitUntil(lambda: len(summaries) >= 2, timeout=20_000)
    assert all(s.ok for s in summaries)
    with qtbot.assertNotEmitted(controller.finished, wait=300):
        pass
    assert len(summaries) == 2
