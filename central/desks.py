"""Desk numbers: each desk PC of an agency gets a number at its first online login.

The number is the device part of the receipt numbers the PC issues offline
(`OFFICE-YYYYMMDD-DD-NNNN`, domain/receipt.py), so two desks of one office never print the same
number, and none of them asks the server at the moment of printing.
"""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.changes import next_seq
from central.models import DeskDevice
from central.rules import wall_now
from domain.receipt import MAX_DESK


def desk_number(session: Session, agency_id: str, device_id: str) -> int | None:
    """This device's number in the agency (made on first use); None when all are taken."""
    row = session.get(DeskDevice, (agency_id, device_id))
    if row is not None:
        return row.number
    next_seq(session)  # holds the counter row: two desks logging in at once get two numbers
    taken = session.scalar(
        select(func.max(DeskDevice.number)).where(DeskDevice.agency_id == agency_id)
    )
    number = (taken or 0) + 1
    if number > MAX_DESK:
        return None
    session.add(
        DeskDevice(agency_id=agency_id, device_id=device_id, number=number, created_at=wall_now())
    )
    session.flush()
    return number
