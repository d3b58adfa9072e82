"""Faults: dropped links, lost answers, a killed process, a failing or impostor server.

Whatever happens, every op reaches the server exactly once and nothing local is lost.
"""

from __future__ import annotations

import datetime as dt
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit

import pytest
from sqlalchemy import select

from localdb import commands
from localdb.models import Outbox, SyncLog
from sync.proxy import LinkProxy
from sync.summary import EXIT_OFFLINE, EXIT_OK, EXIT_SERVER, CycleState
from sync.transport import api_base
from tests.support.child import child_env
from tests.support.server import AGENCY_A, PASSWORD, Central
from tests.sync.clients import ClientFactory, ServerView, SyncClient
from tests.sync.conftest import link_url
from tests.sync.fakes import FaultState, fault_server

ROOT = Path(__file__).resolve().parents[2]
CONTENT = "Petugas sudah ke lokasi; perbaikan dijadwalkan pekan depan."


def _queue_followups(central: Central, client: SyncClient, n: int) -> list[str]:
    """n fresh reports for the officer, each with a submitted follow-up in the outbox."""
    reports = [central.disposed_report(AGENCY_A)["id"] for _ in range(n)]
    assert client.sync().ok
    ids = []
    with client.profile.session() as s, s.begin():
        for report_id in reports:
            commands.save_draft(s, client.actor, report_id, f"{CONTENT} ({report_id[:8]})")
            ids.append(commands.submit_followup(s, client.actor, report_id))
    return ids


def _assert_exactly_once(client: SyncClient, server: ServerView, followup_ids: list[str]) -> None:
    outbox = client.outbox()
    assert set(outbox.values()) == {"done"}, outbox
    counts = server.op_result_counts()
    assert all(counts[op_id] == 1 for op_id in outbox)
    for followup_id in followup_ids:
        row = server.followup(followup_id)
        assert row is not None and row["version"] == 1 and row["state"] == "pending_approval"


def _converge(client: SyncClient, rounds: int = 30) -> int:
    for i in range(1, rounds + 1):
        summary = client.sync()
        if summary.ok and summary.unsent == 0:
            return i
    raise AssertionError(f"no convergence after {rounds} cycles: {summary}")


def test_lost_push_answers_are_replayed_not_doubled(
    central: Central, clients: ClientFactory, link: LinkProxy, server_view: ServerView
) -> None:
    officer = clients.make("officer1", via=link_url(link))
    officer.engine.max_ops = 2
    followups = _queue_followups(central, officer, 5)
    link.drop_responses(2, match=b"/sync/push")
    cut = officer.sync()
    assert cut.state is CycleState.OFFLINE
    assert link.counters.dropped_responses == 1
    # The server did the work of the batch whose answer was lost ...
    assert sum(server_view.op_result_counts()[o] for o in officer.outbox()) == 2
    # ... and the client, not knowing, sends it again and gets the stored answers back.
    _converge(officer)
    _assert_exactly_once(officer, server_view, followups)


def test_server_side_commit_then_drop_converges(
    central: Central, clients: ClientFactory, server_view: ServerView
) -> None:
    officer = clients.make("officer1")
    followups = _queue_followups(central, officer, 3)
    central.admin("PUT", "/faults", {"drop_push_after_commit": 2})
    try:
        _converge(officer)
    finally:
        central.admin("PUT", "/faults", {})
    _assert_exactly_once(officer, server_view, followups)


def test_resets_at_random_points_converge(
    central: Central, clients: ClientFactory, link: LinkProxy, server_view: ServerView
) -> None:
    rng = random.Random(7)
    officer = clients.make("officer1", via=link_url(link))
    officer.engine.max_ops = 3
    followups = _queue_followups(central, officer, 12)
    states = []
    for _ in range(8):
        link.reset_after(rng.randrange(200, 6000))
        states.append(officer.sync().state)
    link.clear_faults()
    assert CycleState.OFFLINE in states  # the faults did bite
    _converge(officer)
    _assert_exactly_once(officer, server_view, followups)


# --- a failing or impostor server ---------------------------------------------------------------


@pytest.fixture
def fake() -> Iterator[tuple[str, FaultState]]:
    with fault_server() as served:
        yield served


@pytest.mark.parametrize(
    ("mode", "state", "exit_code"),
    [
        ("500", CycleState.SERVER_ERROR, EXIT_SERVER),
        ("429", CycleState.RATE_LIMITED, EXIT_SERVER),
        ("malformed", CycleState.SERVER_ERROR, EXIT_SERVER),
        ("portal", CycleState.OFFLINE, EXIT_OFFLINE),
    ],
)
def test_failing_server_gives_a_clear_status_loses_nothing_and_backs_off(
    central: Central,
    clients: ClientFactory,
    server_view: ServerView,
    fake: tuple[str, FaultState],
    mode: str,
    state: CycleState,
    exit_code: int,
) -> None:
    officer = clients.make("officer1")
    followups = _queue_followups(central, officer, 2)
    fake_url, fault = fake
    fault.mode, fault.healthy = mode, mode != "portal"
    officer.transport.base_url = api_base(fake_url)
    before = dt.datetime.now(dt.UTC)
    summary = officer.sync()
    assert summary.state is state
    assert summary.exit_code == exit_code
    assert summary.message and summary.retry_in is not None and summary.retry_in >= 0
    with officer.profile.read_session() as s, s.begin():
        ops = s.scalars(select(Outbox)).all()
        assert {op.state for op in ops} == {"pending"}
        if mode != "portal":  # a portal is caught by the probe: nothing was sent at all
            assert all(op.attempts == 1 and op.next_attempt_at > before for op in ops)
            assert all(op.last_error for op in ops)
        if mode == "429":
            waited = min(op.next_attempt_at for op in ops) - before
            assert waited >= dt.timedelta(seconds=17)  # Retry-After honoured
        assert s.scalars(select(SyncLog).where(SyncLog.error.is_not(None))).first() is not None
    # Back on the real server: a timer-driven cycle respects the backoff ...
    officer.transport.base_url = api_base(central.base_url)
    if mode != "portal":
        assert officer.sync(force=False).pushed == 0
    # ... and "Sync now" sends everything, exactly once.
    assert officer.sync().ok
    _assert_exactly_once(officer, server_view, followups)


def test_server_503s_from_fault_injection(
    central: Central, clients: ClientFactory, server_view: ServerView
) -> None:
    officer = clients.make("officer1")
    followups = _queue_followups(central, officer, 2)
    central.admin("PUT", "/faults", {"error_rate": 1.0})
    try:
        summary = officer.sync()
    finally:
        central.admin("PUT", "/faults", {})
    assert summary.state is CycleState.SERVER_ERROR
    _converge(officer)
    _assert_exactly_once(officer, server_view, followups)


# --- a killed process ---------------------------------------------------------------------------


def _cli(profile_dir: Path, url: str, batch: int = 2) -> subprocess.Popen[str]:
    env = child_env()
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "sync",
            "--profile-dir",
            str(profile_dir),
            "--server",
            url,
            "--username",
            "officer1",
            "--password-stdin",
            "--batch-size",
            str(batch),
            "once",
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdin is not None
    proc.stdin.write(PASSWORD + "\n")
    proc.stdin.close()
    return proc


def _kill_after_bytes(proc: subprocess.Popen[str], link: LinkProxy, threshold: int) -> bool:
    """SIGKILL the process once the link has carried `threshold` more bytes; False if it ended."""
    start = link.counters.bytes_up + link.counters.bytes_down
    deadline = time.monotonic() + 60
    killed = False
    while proc.poll() is None and time.monotonic() < deadline:
        if link.counters.bytes_up + link.counters.bytes_down - start >= threshold:
            proc.send_signal(signal.SIGKILL)
            killed = True
            break
        time.sleep(0.002)  # polling the counters, not waiting for an outcome
    proc.wait(timeout=30)
    for stream in (proc.stdout, proc.stderr):
        if stream is not None:
            stream.close()
    return killed


def _submit_some(client: SyncClient, report_ids: list[str]) -> list[str]:
    with client.profile.session() as s, s.begin():
        for report_id in report_ids:
            commands.save_draft(s, client.actor, report_id, f"{CONTENT} ({report_id[:8]})")
        return [commands.submit_followup(s, client.actor, r) for r in report_ids]


@pytest.mark.slow
def test_cli_killed_at_random_points_loses_and_doubles_nothing(
    central: Central, clients: ClientFactory, server_view: ServerView
) -> None:
    target = urlsplit(central.base_url)
    runs, per_run = 15, 2
    # A slowish link, so kills land inside pushes and pulls rather than only at start-up.
    with LinkProxy(
        target.hostname or "", target.port or 0, delay_s=0.01, rate_bytes_per_s=150_000
    ) as link:
        officer = clients.make("officer1", via=link_url(link))
        reports = [central.disposed_report(AGENCY_A)["id"] for _ in range(runs * per_run)]
        assert officer.sync().ok
        rng = random.Random(11)
        followups: list[str] = []
        killed = 0
        for run in range(runs):
            # New work before each run, written while no process syncs (as the app would).
            followups += _submit_some(officer, reports[run * per_run : (run + 1) * per_run])
            proc = _cli(officer.profile.folder, link_url(link), batch=1)
            killed += _kill_after_bytes(proc, link, rng.randrange(200, 3_000))
        assert killed >= runs // 2  # most runs really were cut short
        final = _cli(officer.profile.folder, link_url(link), batch=100)
        final.wait(timeout=120)
        assert final.stdout is not None and final.stderr is not None
        output = final.stdout.read() + final.stderr.read()
        assert final.returncode == EXIT_OK, output
    assert len(officer.outbox()) == len(followups)  # nothing lost
    _assert_exactly_once(officer, server_view, followups)
