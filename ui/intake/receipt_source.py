"""What goes on a receipt, read from the store on the database lane (never on the UI thread)."""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING, Any

from domain.deadlines import SlaSettings, verify_by
from localdb import queries
from localdb.reveals import record_reveal
from localdb.syncstore import load_local_user, load_reference
from ui.intake.receipt import ReceiptData

if TYPE_CHECKING:
    from domain.calendar import WorkingCalendar
    from localdb.actor import Actor
    from localdb.queries import Session


def office_of(s: Session, agency_id: str) -> tuple[str, str]:
    """(office code, office name) of the desk's agency, from what this PC knows."""
    user = load_local_user(s)
    agency = (user.user.get("agency") if user is not None else None) or {}
    if agency.get("code"):
        return str(agency["code"]), str(agency.get("name") or agency["code"])
    data, _ = load_reference(s)
    for a in (data or {}).get("agencies") or []:
        if a.get("id") == agency_id:
            return str(a.get("code") or agency_id), str(a.get("name") or agency_id)
    return agency_id, agency_id


def service_standard(s: Session) -> SlaSettings:
    """The deployment's working-day limits as the last sync brought them (defaults before)."""
    data, _ = load_reference(s)
    sla: dict[str, Any] = dict((data or {}).get("sla") or {})
    known = {k: int(v) for k, v in sla.items() if k in SlaSettings.__dataclass_fields__}
    try:
        return SlaSettings(**known)
    except ValueError:
        return SlaSettings()


def desk_officer_name(s: Session, actor: Actor) -> str:
    user = load_local_user(s)
    name = str((user.user.get("full_name") if user is not None else None) or "").strip()
    return name or actor.username


def load_receipt(
    s: Session,
    actor: Actor,
    intake_id: str,
    *,
    calendar: WorkingCalendar,
    letterhead: str,
    reprinted_on: dt.date | None = None,
) -> ReceiptData | None:
    """The receipt of one of `actor`'s intakes; None when it is not theirs or not here.

    A reprint that carries the reporter's name shows that identity again: it is recorded like
    every other showing (who saw whom)."""
    r = queries.intake_receipt(s, actor, intake_id)
    if r is None:
        return None
    if reprinted_on is not None and r.reporter_name is not None:
        record_reveal(s, actor, r.id)
    lines = tuple(ln.strip() for ln in letterhead.splitlines() if ln.strip())
    received = r.received_at.astimezone() if r.received_at.tzinfo else r.received_at
    sla = service_standard(s)
    return ReceiptData(
        letterhead=lines or (office_of(s, actor.agency_id)[1],),
        receipt_number=r.receipt_number,
        received_at=r.received_at,
        classification=r.classification,
        title=r.title,
        reporter_name=r.reporter_name,
        identity_hidden=r.identity_hidden,
        desk_officer=desk_officer_name(s, actor),
        verify_days=sla.verify_days,
        verify_by=verify_by(received.date(), calendar, sla),
        respond_days=sla.respond_days,
        tracking_id=r.tracking_id,
        reprinted_on=reprinted_on,
    )
