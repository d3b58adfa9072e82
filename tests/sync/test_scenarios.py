"""End to end: real central server on loopback, real profiles, the sync engine in between."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from localdb import commands
from localdb.models import Conflict, Draft, Followup, Intake, Report
from sync.proxy import LinkProxy
from sync.summary import EXIT_OFFLINE, EXIT_PARKED, CycleState
from tests.support.server import AGENCY_A, AGENCY_B, Central
from tests.sync.clients import ClientFactory, ServerView, SyncClient
from tests.sync.conftest import link_url

CONTENT = "Tim sudah meninjau lokasi dan menjadwalkan perbaikan minggu ini."


def _followup(client: SyncClient, followup_id: str) -> Followup:
    with client.profile.read_session() as s, s.begin():
        row = s.get(Followup, followup_id)
        assert row is not None
        s.expunge(row)
        return row


def _report(client: SyncClient, report_id: str) -> Report | None:
    with client.profile.read_session() as s, s.begin():
        row = s.scalars(select(Report).where(Report.id == report_id)).one_or_none()
        if row is not None:
            s.expunge(row)
        return row


def _submit(client: SyncClient, report_id: str, content: str = CONTENT) -> str:
    with client.profile.session() as s, s.begin():
        commands.save_draft(s, client.actor, report_id, content)
        return commands.submit_followup(s, client.actor, report_id)


def test_offline_draft_is_submitted_approved_and_seen_published(
    central: Central, clients: ClientFactory, link: LinkProxy, server_view: ServerView
) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = clients.make("officer1", via=link_url(link))
    assert officer.sync().ok
    assert _report(officer, report["id"]) is not None

    link.set_down(True)
    followup_id = _submit(officer, report["id"])
    offline = officer.sync()
    assert offline.state is CycleState.OFFLINE
    assert offline.exit_code == EXIT_OFFLINE
    assert "koneksi" in offline.message
    assert set(officer.outbox().values()) == {"pending"}

    link.set_down(False)
    online = officer.sync()
    assert online.ok and online.pushed == 1
    assert server_view.followup(followup_id) == {
        "state": "pending_approval",
        "version": 1,
        "content": CONTENT,
    }

    supervisor = clients.make("supervisor1")
    assert supervisor.sync().ok
    pending = _followup(supervisor, followup_id)
    assert pending.state == "pending_approval"
    with supervisor.profile.session() as s, s.begin():
        commands.approve_followup(s, supervisor.actor, followup_id, pending.version)
    assert supervisor.sync().pushed == 1

    assert officer.sync().ok
    assert _followup(officer, followup_id).state == "published"
    local_report = _report(officer, report["id"])
    assert local_report is not None and local_report.status == "dalam_proses"
    assert server_view.followup_count(report["id"]) == 1


def test_reporter_reply_arrives(central: Central, clients: ClientFactory) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = clients.make("officer1")
    officer.sync()
    central.admin("POST", f"/reports/{report['id']}/reply", {"message": "Sudah seminggu, Pak."})
    summary = officer.sync()
    assert summary.pulled >= 1 and report["id"] in summary.report_ids
    local = _report(officer, report["id"])
    assert local is not None
    notes = [h.get("note") for h in local.data["history"] if h["action"] == "reporter_reply"]
    assert notes == ["Sudah seminggu, Pak."]


def test_redisposed_report_keeps_the_draft_and_shows_a_conflict(
    central: Central, clients: ClientFactory
) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = clients.make("officer1")
    officer.sync()
    with officer.profile.session() as s, s.begin():
        draft = commands.save_draft(s, officer.actor, report["id"], "Sedang saya tulis ...")
    central.admin("POST", f"/reports/{report['id']}/dispose", {"agency": AGENCY_B})
    summary = officer.sync()
    assert summary.ok
    with officer.profile.read_session() as s, s.begin():
        kept = s.get(Draft, draft.id)
        assert kept is not None and kept.content == "Sedang saya tulis ..."
        conflicts = s.scalars(select(Conflict).where(Conflict.entity_id == draft.id)).all()
        assert [c.code for c in conflicts] == ["report_removed"]


def test_returned_followup_comes_back_with_its_note(
    central: Central, clients: ClientFactory
) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = clients.make("officer1")
    officer.sync()
    followup_id = _submit(officer, report["id"])
    officer.sync()
    supervisor = clients.make("supervisor1")
    supervisor.sync()
    version = _followup(supervisor, followup_id).version
    with supervisor.profile.session() as s, s.begin():
        commands.return_followup(s, supervisor.actor, followup_id, version, "Lengkapi foto bukti.")
    assert supervisor.sync().pushed == 1
    officer.sync()
    returned = _followup(officer, followup_id)
    assert returned.state == "returned"
    assert returned.data is not None
    assert returned.data["review"]["note"] == "Lengkapi foto bukti."


def test_walk_in_complaint_gets_its_tracking_id(
    clients: ClientFactory, server_view: ServerView
) -> None:
    desk = clients.make("desk1")
    with desk.profile.session() as s, s.begin():
        ref = commands.create_intake(
            s,
            desk.actor,
            office_code="DPUPR",
            title="Saluran air tersumbat",
            content="Saluran air di gang mawar tersumbat sampah sejak hujan deras.",
            classification="pengaduan",
            received_at=dt.datetime.now(dt.UTC),
            reporter=commands.ReporterInput(name="Siti", phone="081298765432"),
        )
    summary = desk.sync()
    assert summary.ok and summary.pushed == 1
    with desk.profile.read_session() as s, s.begin():
        intake = s.get(Intake, ref.id)
        assert intake is not None and intake.tracking_id
    assert server_view.report_status(ref.id) is not None


def test_approving_a_stale_version_is_a_conflict_not_an_overwrite(
    central: Central, clients: ClientFactory, server_view: ServerView
) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = clients.make("officer1")
    officer.sync()
    followup_id = _submit(officer, report["id"])
    officer.sync()
    supervisor = clients.make("supervisor1")
    supervisor.sync()
    read_version = _followup(supervisor, followup_id).version
    # The officer revises before the supervisor's approval reaches the server.
    with officer.profile.session() as s, s.begin():
        commands.save_draft(
            s, officer.actor, report["id"], CONTENT + " Revisi.", revise_followup_id=followup_id
        )
        commands.submit_followup(s, officer.actor, report["id"])
    assert officer.sync().pushed == 1
    with supervisor.profile.session() as s, s.begin():
        commands.approve_followup(s, supervisor.actor, followup_id, read_version)
    summary = supervisor.sync()
    assert summary.conflicts == 1 and summary.pushed == 0
    assert summary.exit_code == EXIT_PARKED
    assert server_view.followup(followup_id)["state"] == "pending_approval"  # type: ignore[index]
    with supervisor.profile.read_session() as s, s.begin():
        conflict = s.scalars(select(Conflict).where(Conflict.entity_id == followup_id)).one()
        assert conflict.server_entity is not None
        assert conflict.server_entity["content"].endswith("Revisi.")
