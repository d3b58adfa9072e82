"""Server-shaped test data, built through the wire models so the shapes are the real ones."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from typing import Any

from localdb.actor import Actor
from sync import wire

AGENCY = "ag-dpupr"
OTHER_AGENCY = "ag-dinkes"
T0 = dt.datetime(2026, 3, 2, 8, 0, tzinfo=dt.UTC)

OFFICER = Actor("u-officer", "officer1", frozenset({"officer"}), AGENCY, "dev-1")
SUPERVISOR = Actor("u-super", "super1", frozenset({"supervisor"}), AGENCY, "dev-1")
DESK = Actor("u-desk", "desk1", frozenset({"desk"}), AGENCY, "dev-1")

_numbers = itertools.count(5_000_000)


def user_info(actor: Actor = OFFICER, full_name: str = "Petugas") -> dict[str, Any]:
    """The server's UserInfo for `actor`, as a login keeps it (a dict)."""
    return wire.UserInfo(
        id=actor.user_id,
        username=actor.username,
        full_name=full_name,
        roles=sorted(actor.roles),
        agency=wire.AgencyRef(id=actor.agency_id, code="DPUPR", name="Dinas PUPR"),
    ).model_dump(mode="json")


def report_data(
    report_id: str | None = None,
    *,
    version: int = 1,
    status: str = "terverifikasi",
    title: str = "Jalan rusak di depan pasar",
    content: str = "Jalan berlubang besar dan membahayakan pengendara motor.",
    classification: str = "pengaduan",
    category_id: str | None = "cat-jalan",
    respond_by: dt.date | None = dt.date(2026, 3, 9),
    submitted_at: dt.datetime = T0,
    reporter_name: str | None = "Siti Aminah",
    is_secret: bool = False,
    agency_id: str = AGENCY,
    tracking_id: str | None = None,
) -> dict[str, Any]:
    model = wire.ReportData(
        id=report_id or str(uuid.uuid4()),
        tracking_id=tracking_id or str(next(_numbers)),
        title=title,
        content=content,
        classification=classification,  # type: ignore[arg-type]
        category_id=category_id,
        channel="web",
        status=status,  # type: ignore[arg-type]
        disposition=wire.Disposition(
            agency_id=agency_id, agency_name="Dinas PUPR", disposed_at=submitted_at
        ),
        is_secret=is_secret,
        reporter=wire.Reporter(name=reporter_name, phone="+628123456789")
        if reporter_name
        else None,
        location=wire.Location(region_code="33.73.04.1001", address="Jl. Merdeka 1"),
        submitted_at=submitted_at,
        deadlines=wire.Deadlines(respond_by=respond_by),
        history=[
            wire.HistoryEntry(
                at=submitted_at, actor="admin", action="disposisi", from_=None, to=agency_id
            )
        ],
        version=version,
        updated_at=submitted_at + dt.timedelta(minutes=version),
    )
    return model.model_dump(mode="json", by_alias=True)


def followup_data(
    followup_id: str,
    report_id: str,
    *,
    version: int = 1,
    state: str = "pending_approval",
    content: str = "Perbaikan jalan dijadwalkan minggu depan oleh tim lapangan.",
    author_id: str = OFFICER.user_id,
) -> dict[str, Any]:
    model = wire.FollowupData(
        id=followup_id,
        report_id=report_id,
        author=wire.PersonRef(id=author_id, full_name="Petugas Satu"),
        content=content,
        state=state,  # type: ignore[arg-type]
        version=version,
        created_at=T0,
        updated_at=T0 + dt.timedelta(minutes=version),
    )
    return model.model_dump(mode="json", by_alias=True)


def upsert(kind: str, data: dict[str, Any]) -> dict[str, Any]:
    change = wire.Change(kind=kind, op="upsert", id=data["id"], version=data["version"], data=data)  # type: ignore[arg-type]
    return change.model_dump(mode="json", by_alias=True)


def remove(kind: str, entity_id: str, reason: str = "redisposed") -> dict[str, Any]:
    change = wire.Change(kind=kind, op="remove", id=entity_id, reason=reason)  # type: ignore[arg-type]
    return change.model_dump(mode="json", by_alias=True)


def lamp_intake(s: Any, **over: Any) -> Any:
    """The desk's usual complaint in these tests, a street lamp out, received at T0."""
    from localdb import commands as cmd

    fields: dict[str, Any] = {
        "office_code": "DPUPR",
        "title": "Lampu padam",
        "content": "Lampu jalan padam sejak minggu lalu.",
        "classification": "pengaduan",
        "received_at": T0,
    }
    return cmd.create_intake(s, DESK, **(fields | over))
