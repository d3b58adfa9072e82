"""Retention of a walk-in reporter's identity: once the server acknowledged the complaint, the
office keeps the receipt and tracking numbers, not the NIK and phone (server on loopback)."""

from __future__ import annotations

import datetime as dt

from sqlalchemy import select

from localdb import commands
from localdb.models import Intake, Outbox
from tests.support.server import Central
from tests.sync.clients import ClientFactory, ServerView

NIK = "3373044512900001"
PHONE = "081298765432"


def _intake(desk) -> str:  # type: ignore[no-untyped-def]
    with desk.profile.session() as s, s.begin():
        ref = commands.create_intake(
            s,
            desk.actor,
            office_code="DPUPR",
            title="Saluran air tersumbat",
            content="Saluran air di gang mawar tersumbat sampah sejak hujan deras.",
            classification="pengaduan",
            received_at=dt.datetime.now(dt.UTC),
            reporter=commands.ReporterInput(name="Siti Aminah", nik=NIK, phone=PHONE),
        )
    return ref.id


def _stored(desk, intake_id: str) -> tuple[Intake, Outbox]:  # type: ignore[no-untyped-def]
    with desk.profile.read_session() as s, s.begin():
        intake = s.get(Intake, intake_id)
        op = s.scalars(select(Outbox).where(Outbox.entity_id == intake_id)).one()
        assert intake is not None
        s.expunge_all()
        return intake, op


def test_identity_kept_until_acknowledged_then_dropped(
    central: Central, clients: ClientFactory, server_view: ServerView
) -> None:
    desk = clients.make("desk1")
    intake_id = _intake(desk)
    intake, op = _stored(desk, intake_id)
    # Not yet on the server: the identity is still needed to send it.
    assert intake.reporter["nik"] == NIK and op.payload["reporter"]["nik"] == NIK
    receipt = intake.receipt_number

    assert desk.sync().pushed == 1
    intake, op = _stored(desk, intake_id)
    assert op.state == "done" and intake.tracking_id
    assert intake.receipt_number == receipt
    for reporter in (intake.reporter, op.payload["reporter"]):
        assert reporter["nik"] is None and reporter["phone"] is None
        assert reporter["name"] == "Siti Aminah"
    # The server has it, with the identity the desk recorded.
    assert server_view.report_status(intake_id) is not None
    # Read back raw, as any tool would: neither table holds the digits any more. (The server's
    # own copy of the report, pulled into `report`, follows the server's per-role rules.)
    from localdb import cipher

    conn = cipher.connect(desk.profile.db_path, desk.profile.key)
    try:
        rows = [repr(r) for t in ("intake", "outbox") for r in conn.execute(f"SELECT * FROM {t}")]
    finally:
        conn.close()
    assert rows and not any(NIK in r or "81298765432" in r for r in rows)
