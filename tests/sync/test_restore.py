"""A server that went back in time: its SQLite file restored from an older copy, or replaced by
another database. Real server on loopback, real profiles; the file is copied and put back while
the server is stopped, as an administrator would."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

import pytest
from sqlalchemy import select

from central.embedded import EmbeddedServer
from localdb import commands
from localdb.models import Report
from sync.summary import EXIT_SERVER_REPLACED, CycleState
from tests.support.child import child_env
from tests.support.server import AGENCY_A, PASSWORD, Central, _start
from tests.sync.clients import ClientFactory, ServerView, SyncClient

ROOT = Path(__file__).resolve().parents[2]
CONTENT = "Petugas sudah ke lokasi; perbaikan dijadwalkan pekan depan."


class Hub:
    """One central server whose database file can be copied, put back or swapped."""

    def __init__(self, folder: Path) -> None:
        self.folder = folder
        self.db_file = folder / "central.db"
        self.server = _start(f"sqlite:///{self.db_file}", folder)
        assert self.server.base_url is not None
        self.url = self.server.base_url
        self.port = int(self.url.rsplit(":", 1)[1])
        self.central = Central(self.url, self.server.admin_token, "sqlite", self.server)

    def backup(self, name: str) -> Path:
        """An online copy, as `sqlite3 central.db ".backup copy.db"` makes it."""
        target = self.folder / name
        src, dst = sqlite3.connect(self.db_file), sqlite3.connect(target)
        try:
            src.backup(dst)
        finally:
            src.close()
            dst.close()
        return target

    def restore(self, copy: Path) -> None:
        """Stop the server, put the copy in place of its file, start it again on the same port."""
        self.server.stop()
        for suffix in ("-wal", "-shm"):
            Path(f"{self.db_file}{suffix}").unlink(missing_ok=True)
        shutil.copyfile(copy, self.db_file)
        self.server = EmbeddedServer(
            f"sqlite:///{self.db_file}",
            self.folder,
            admin_token=self.server.admin_token,
            auth=self.server.settings.auth,
            port=self.port,
        )
        self.server.start()
        self.central.server = self.server

    def stop(self) -> None:
        self.server.stop()


@pytest.fixture
def hub(tmp_path: Path) -> Iterator[Hub]:
    folder = tmp_path / "hub"
    folder.mkdir()
    world = Hub(folder)
    try:
        yield world
    finally:
        world.central.close_clients()
        world.stop()


@pytest.fixture
def office(tmp_path: Path, hub: Hub) -> Iterator[ClientFactory]:
    factory = ClientFactory(tmp_path / "pcs", hub.url)
    try:
        yield factory
    finally:
        factory.close()


def _submit(client: SyncClient, report_id: str) -> str:
    with client.profile.session() as s, s.begin():
        commands.save_draft(s, client.actor, report_id, f"{CONTENT} ({report_id[:8]})")
        return commands.submit_followup(s, client.actor, report_id)


def _local_report_ids(client: SyncClient) -> set[str]:
    with client.profile.read_session() as s, s.begin():
        return set(s.scalars(select(Report.id)))


def test_restored_server_gets_lost_work_again_and_client_reads_what_it_missed(
    hub: Hub, office: ClientFactory
) -> None:
    old_report = hub.central.disposed_report(AGENCY_A)["id"]
    officer = office.make("officer1")
    assert officer.sync().ok
    copy = hub.backup("before-followup.db")  # the nightly backup

    # After the backup: more reports, and a follow-up the server acknowledges.
    later = [hub.central.disposed_report(AGENCY_A)["id"] for _ in range(4)]
    followup = _submit(officer, old_report)
    summary = officer.sync()
    assert summary.ok and summary.pushed == 1
    assert set(officer.outbox().values()) == {"done"}

    hub.restore(copy)  # the follow-up and the four reports are gone from the server
    view = ServerView(hub.central)
    try:
        assert view.followup(followup) is None
        # Disposed after the restore: its change number is one the client has already passed.
        fresh = hub.central.disposed_report(AGENCY_A)["id"]

        summary = officer.sync()
        assert summary.state is CycleState.OK, summary.error
        assert "dipulihkan" in summary.message
        row = view.followup(followup)
        assert row is not None and row["state"] == "pending_approval"
        assert view.followup_count(old_report) == 1
        assert all(n == 1 for n in view.op_result_counts().values())
        assert set(officer.outbox().values()) == {"done"}
        assert fresh in _local_report_ids(officer)

        # Settled: the next cycle sends nothing and doubles nothing.
        again = officer.sync()
        assert again.ok and again.pushed == 0
        assert view.followup_count(old_report) == 1
        assert all(n == 1 for n in view.op_result_counts().values())
    finally:
        view.close()
    assert later  # lost with the restore; the server does not know them any more


def test_restart_without_restore_changes_nothing(hub: Hub, office: ClientFactory) -> None:
    report = hub.central.disposed_report(AGENCY_A)["id"]
    officer = office.make("officer1")
    assert officer.sync().ok
    _submit(officer, report)
    assert officer.sync().ok
    hub.restore(hub.backup("now.db"))  # a plain restart on the same data
    summary = officer.sync()
    assert summary.ok, summary.error
    assert summary.pushed == 0 and "dipulihkan" not in summary.message


def test_another_database_is_refused_until_adopted(
    hub: Hub, office: ClientFactory, tmp_path: Path
) -> None:
    report = hub.central.disposed_report(AGENCY_A)["id"]
    officer = office.make("officer1")
    assert officer.sync().ok
    _submit(officer, report)

    # Another database with the same users (a fresh install, a test server at the same address).
    other_dir = tmp_path / "other"
    other_dir.mkdir()
    other = _start(f"sqlite:///{other_dir / 'central.db'}", other_dir)
    other.stop()
    hub.restore(other_dir / "central.db")
    view = ServerView(hub.central)
    try:
        officer.login()  # the password works there too
        summary = officer.sync()
        assert summary.state is CycleState.SERVER_REPLACED, summary.error
        assert summary.exit_code == EXIT_SERVER_REPLACED
        assert summary.unsent == 1  # kept, not sent to a database it does not belong to
        assert sum(view.op_result_counts().values()) == 0
        assert report in _local_report_ids(officer)
        assert officer.sync().state is CycleState.SERVER_REPLACED  # until someone decides

        adopted = _adopt(officer)
        assert adopted.returncode == 0, adopted.stdout + adopted.stderr
        summary = officer.sync()
        # Offered to the new database, which does not know the report: refused, kept, visible.
        assert summary.state is CycleState.OK, summary.error
        assert summary.quarantined == 1 and summary.parked == 1
    finally:
        view.close()


def _adopt(client: SyncClient) -> subprocess.CompletedProcess[str]:
    folder = client.profile.folder
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "sync",
            "--profile-dir",
            str(folder),
            "--server",
            client.transport.base_url,
            "--username",
            client.username,
            "--password-stdin",  # the profile is encrypted: the password opens its key
            "adopt-server",
        ],
        input=PASSWORD + "\n",
        capture_output=True,
        text=True,
        env=child_env(),
        cwd=ROOT,
        timeout=120,
        check=False,
    )
