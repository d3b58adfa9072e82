"""A captive portal, a redirect to a login page or a TLS interception means "offline", everywhere:
at login and in a cycle, in the engine and in the command line (exit code 2, never 5)."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from localdb import commands
from sync.summary import EXIT_OFFLINE, CycleState
from sync.transport import api_base
from tests.support.child import child_env
from tests.support.portals import PORTAL_KINDS, portal
from tests.support.server import AGENCY_A, PASSWORD, Central
from tests.sync.clients import ClientFactory

ROOT = Path(__file__).resolve().parents[2]


def _cli_login_once(profile_dir: Path, url: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
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
            "--stall-timeout",
            "5",
            "once",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )


@pytest.mark.parametrize("kind", PORTAL_KINDS)
def test_cli_login_behind_a_portal_exits_offline(tmp_path: Path, kind: str) -> None:
    with portal(kind, tmp_path) as url:
        done = _cli_login_once(tmp_path / "profile", url)
    assert done.returncode == EXIT_OFFLINE, done.stdout + done.stderr
    assert done.stdout.startswith("offline:")
    assert "Traceback" not in done.stderr


@pytest.mark.parametrize("kind", PORTAL_KINDS)
def test_a_cycle_behind_a_portal_is_offline_and_keeps_the_work(
    tmp_path: Path, central: Central, clients: ClientFactory, kind: str
) -> None:
    report_id = central.disposed_report(AGENCY_A)["id"]
    officer = clients.make("officer1")
    assert officer.sync().ok
    with officer.profile.session() as s, s.begin():
        commands.save_draft(s, officer.actor, report_id, "Tindak lanjut di balik portal hotel.")
        commands.submit_followup(s, officer.actor, report_id)
    with portal(kind, tmp_path) as url:
        officer.transport.base_url = api_base(url)  # the link now ends at the portal
        summary = officer.sync()
        # Nothing pending (only the feed) and a token that must be refreshed: same answer.
        officer.transport.access_token = None
        idle = officer.sync(force=False)
    assert summary.state is CycleState.OFFLINE, summary.error
    assert summary.exit_code == EXIT_OFFLINE
    assert summary.unsent == 1
    assert idle.state is CycleState.OFFLINE, idle.error
