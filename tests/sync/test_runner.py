"""The cycle's own rules: one at a time, cancellable, per-op outcomes, the sync log."""

from __future__ import annotations

import os
import uuid
from pathlib import Path

from sqlalchemy import func, select

from localdb import commands, queries, syncstore
from localdb.models import Conflict, Outbox, SyncLog
from localdb.outbox import enqueue
from localdb.sqltypes import utcnow
from sync.lock import ProfileLock
from sync.runner import LOCK_NAME
from sync.summary import EXIT_OTHER, EXIT_PARKED, CycleState
from tests.support.server import AGENCY_A, Central
from tests.sync.clients import ClientFactory, ServerView, SyncClient

CONTENT = "Petugas sudah meninjau lokasi dan mencatat kerusakan."


def _states(client: SyncClient) -> list[str]:
    with client.profile.read_session() as s, s.begin():
        return list(s.scalars(select(Outbox.state).order_by(Outbox.seq)))


def _submit_on_new_reports(central: Central, client: SyncClient, n: int) -> list[str]:
    reports = [central.disposed_report(AGENCY_A)["id"] for _ in range(n)]
    client.sync()
    with client.profile.session() as s, s.begin():
        for report_id in reports:
            commands.save_draft(s, client.actor, report_id, CONTENT)
            commands.submit_followup(s, client.actor, report_id)
    return reports


def test_a_second_cycle_on_the_same_profile_is_refused(clients: ClientFactory) -> None:
    officer = clients.make("officer1")
    # Another process's cycle holds the lock (a separate open file: flock sees two owners).
    other = ProfileLock(officer.profile.folder / LOCK_NAME)
    assert other.acquire()
    try:
        summary = officer.sync()
        assert summary.state is CycleState.BUSY
        assert summary.exit_code == EXIT_OTHER
        assert summary.requests == 0
    finally:
        other.release()
    assert officer.sync().ok


def test_cancel_stops_between_requests_and_loses_nothing(
    central: Central, clients: ClientFactory, server_view: ServerView
) -> None:
    officer = clients.make("officer1")
    officer.engine.max_ops = 1
    _submit_on_new_reports(central, officer, 3)
    phases: list[str] = []

    def progress(phase: str, done: int, total: int, sent: int) -> None:
        phases.append(phase)

    summary = officer.engine.run_cycle(
        progress=progress, cancel=lambda: phases.count("push") >= 2, force=True
    )
    assert summary.state is CycleState.CANCELLED
    assert "dibatalkan" in summary.message
    assert _states(officer) == ["done", "pending", "pending"]
    assert phases[:2] == ["probe", "auth"]
    done = officer.sync()
    assert done.ok and done.pushed == 2
    counts = server_view.op_result_counts()
    assert all(counts[op_id] == 1 for op_id in officer.outbox())


def test_every_request_is_in_the_sync_log(central: Central, clients: ClientFactory) -> None:
    officer = clients.make("officer1")
    _submit_on_new_reports(central, officer, 1)
    with officer.profile.read_session() as s, s.begin():
        before = s.scalar(select(func.count(SyncLog.id))) or 0
    summary = officer.sync()
    with officer.profile.read_session() as s, s.begin():
        rows = s.scalars(select(SyncLog).where(SyncLog.id > before).order_by(SyncLog.id)).all()
        assert len(rows) == summary.requests
        assert [r.endpoint for r in rows][:2] == ["/health", "/sync/push"]
        assert all(r.status == 200 and r.bytes_received > 0 for r in rows)
        assert len({r.request_id for r in rows}) == len(rows)
        assert sum(r.bytes_sent + r.bytes_received for r in rows) == summary.bytes_total


def test_an_invalid_op_is_quarantined_and_the_rest_go_on(
    central: Central, clients: ClientFactory
) -> None:
    officer = clients.make("officer1")
    report = central.disposed_report(AGENCY_A)["id"]
    other = central.disposed_report(AGENCY_A)["id"]
    officer.sync()
    with officer.profile.session() as s, s.begin():
        # Written around the local checks, as an older app version might have.
        enqueue(
            s,
            op_type="followup.submit",
            entity_id=str(uuid.uuid4()),
            base_version=0,
            payload={"report_id": report, "content": "pendek"},
            now=utcnow(),
        )
        commands.save_draft(s, officer.actor, other, CONTENT)
        commands.submit_followup(s, officer.actor, other)
    summary = officer.sync()
    assert summary.quarantined == 1 and summary.pushed == 1
    assert summary.exit_code == EXIT_PARKED
    assert _states(officer) == ["quarantined", "done"]
    with officer.profile.read_session() as s, s.begin():
        conflict = s.scalars(select(Conflict)).one()
        assert conflict.code == "invalid_payload" and conflict.detail


def test_an_op_blocked_by_an_earlier_conflict_waits(
    central: Central, clients: ClientFactory
) -> None:
    officer = clients.make("officer1")
    (report,) = _submit_on_new_reports(central, officer, 1)
    officer.sync()
    with officer.profile.read_session() as s, s.begin():
        followup_id = s.scalars(select(Outbox.entity_id)).one()
    with officer.profile.session() as s, s.begin():
        # A stale withdraw, then a second op on the same follow-up in the same batch.
        for reason in ("basi", "kedua"):
            enqueue(
                s,
                op_type="followup.withdraw",
                entity_id=followup_id,
                base_version=99,
                payload={"reason": reason},
                now=utcnow(),
            )
    summary = officer.sync()
    assert summary.conflicts == 1 and summary.quarantined == 0
    assert _states(officer) == ["done", "conflict", "pending"]
    # The waiting op is not sent again while the one before it is parked.
    again = officer.sync(force=True)
    assert again.pushed == 0 and again.conflicts == 0
    assert _states(officer) == ["done", "conflict", "pending"]
    assert report


def test_attachment_the_server_lost_is_uploaded_again(
    central: Central, clients: ClientFactory, tmp_path: Path
) -> None:
    officer = clients.make("officer1")
    report = central.disposed_report(AGENCY_A)["id"]
    officer.sync()
    src = tmp_path / "foto.png"
    src.write_bytes(os.urandom(5000))
    with officer.profile.session() as s, s.begin():
        info = commands.add_attachment(
            s, officer.profile.blob_dir, src, "foto.png", "image/png", key=officer.profile.blob_key
        )
        # The profile believes the file is up; the server has never seen it.
        syncstore.set_blob_upload(s, info.sha256, upload_id=None, offset=5000, complete=True)
        commands.save_draft(s, officer.actor, report, CONTENT, attachments=[info])
        commands.submit_followup(s, officer.actor, report)
    # Refused for the missing file, uploaded again and sent again within the same cycle: a
    # supervisor's PC syncing right after finds the follow-up there to approve.
    first = officer.sync()
    assert first.ok and first.uploaded == 1 and first.pushed == 1 and first.unsent == 0
    assert _states(officer) == ["done"]
    supervisor = clients.make("supervisor1")
    assert supervisor.sync().ok
    with supervisor.profile.read_session() as s, s.begin():
        pending = queries.approval_queue(s, supervisor.actor)
    assert report in [f.report_id for f in pending]
    again = officer.sync()
    assert again.ok and again.pushed == 0 and again.uploaded == 0
