"""A report the server takes away really leaves the office PC (real server, real profiles)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from localdb import commands
from localdb.models import Followup, Report
from localdb.search import count_matches
from tests.support.server import AGENCY_B, Central
from tests.sync.clients import ClientFactory, SyncClient

NIK = "3273014501900001"
TITLE = "Pungutan liar di loket perizinan"


def _local(client: SyncClient, report_id: str) -> Report | None:
    with client.profile.read_session() as s, s.begin():
        row = s.scalars(select(Report).where(Report.id == report_id)).one_or_none()
        if row is not None:
            s.expunge(row)
        return row


def test_a_secret_report_routed_elsewhere_is_deleted_from_the_desk_pcs(
    central: Central, clients: ClientFactory
) -> None:
    desk = clients.make("desk1")
    with desk.profile.session() as s, s.begin():
        ref = commands.create_intake(
            s,
            desk.actor,
            office_code="DPUPR",
            title=TITLE,
            content="Petugas loket meminta uang tambahan di luar tarif resmi perizinan.",
            classification="pengaduan",
            received_at=dt.datetime.now(dt.UTC),
            is_secret=True,
            reporter=commands.ReporterInput(name="Siti", nik=NIK, phone="081298765432"),
        )
    assert desk.sync().ok
    colleague = clients.make("desk1b")
    assert colleague.sync().ok
    mine, theirs = _local(desk, ref.id), _local(colleague, ref.id)
    assert mine is not None and theirs is not None
    assert mine.data["reporter"]["nik"] == NIK  # the clerk who typed it in
    assert theirs.data["reporter"]["nik"] is None  # a colleague at the same desk

    central.admin("POST", f"/reports/{ref.id}/dispose", {"agency": AGENCY_B})
    for client in (desk, colleague):
        assert client.sync().ok
        assert _local(client, ref.id) is None
        with client.profile.read_session() as s, s.begin():
            assert count_matches(s, "pungutan liar") == 0
            assert s.scalars(select(Followup).where(Followup.report_id == ref.id)).all() == []
