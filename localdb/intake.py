"""Walk-in complaints typed in at the desk, with an office receipt number made offline."""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain import clock
from domain.errors import Checks, ValidationError
from domain.identity import normalize_phone, validate_nik, validate_region_code
from domain.receipt import make_receipt_number
from domain.states import Classification
from localdb.actor import Actor
from localdb.models import Intake, LocalUserRow
from localdb.outbox import (
    attachment_refs,
    audit,
    enqueue,
    optional_text,
    require_role,
    require_text,
)
from localdb.regions import check_known_region

TITLE_MIN, TITLE_MAX = 3, 200
CONTENT_MIN, CONTENT_MAX = 10, 20000


@dataclass(frozen=True)
class ReporterInput:
    """The reporter's identity as typed at the desk; empty fields are left out."""

    name: str | None = None
    nik: str | None = None
    phone: str | None = None
    email: str | None = None
    address: str | None = None


@dataclass(frozen=True)
class IntakeRef:
    id: str  # also the id of the report it becomes
    receipt_number: str


def create_intake(
    s: Session,
    ctx: Actor,
    *,
    office_code: str,
    title: str,
    content: str,
    classification: str,
    received_at: dt.datetime,
    category_id: str | None = None,
    is_anonymous: bool = False,
    is_secret: bool = False,
    reporter: ReporterInput | None = None,
    region_code: str | None = None,
    address: str | None = None,
    incident_date: dt.date | None = None,
    attachments: Sequence[Any] = (),
    today: dt.date | None = None,
) -> IntakeRef:
    """Record a walk-in complaint and queue its report.create op; returns the receipt number.

    Every field is checked before anything is written. The receipt number is the office code,
    the office's day (`today`, the local date by default), this PC's desk number and the next
    number of that day on this PC (domain/receipt.py).
    """
    require_role(ctx, "desk")
    if received_at.tzinfo is None:
        raise ValidationError("received_at", "received_at_naive", "Waktu penerimaan tidak sah.")
    fields = _checked_fields(
        title,
        content,
        classification,
        reporter,
        region_code,
        address,
        incident_date,
        known_region=lambda code: check_known_region(s, code),
    )
    refs = attachment_refs(attachments)
    day = today or clock.local_today()
    seq = _next_day_seq(s, office_code, day)
    receipt = make_receipt_number(office_code, day, seq, desk_number(s))
    intake_id = str(uuid.uuid4())
    payload = {
        "receipt_number": receipt,
        **fields,
        "category_id": category_id,
        "is_anonymous": is_anonymous,
        "is_secret": is_secret,
        "received_at": received_at.isoformat(),
        "attachments": refs,
    }
    now = clock.now()
    s.add(_intake_row(intake_id, receipt, office_code, day, seq, payload, received_at, ctx, now))
    op = enqueue(
        s, op_type="report.create", entity_id=intake_id, base_version=0, payload=payload, now=now
    )
    audit(
        s,
        ctx,
        "report.create",
        "intake",
        intake_id,
        now=now,
        detail={"op_id": op.op_id, "seq": op.seq},
    )
    return IntakeRef(intake_id, receipt)


def _checked_fields(
    title: str,
    content: str,
    classification: str,
    reporter: ReporterInput | None,
    region_code: str | None,
    address: str | None,
    incident_date: dt.date | None,
    *,
    known_region: Callable[[str], None] = lambda _code: None,
) -> dict[str, Any]:
    """Every field checked; all that are wrong are raised together (`ValidationErrors`)."""
    checks = Checks()

    def region() -> str | None:
        if not region_code:
            return None
        code = validate_region_code(region_code)
        known_region(code)
        return code

    def known_classification() -> str:
        if classification not in {c.value for c in Classification}:
            raise ValidationError(
                "classification", "classification_unknown", "Pilih klasifikasi laporan."
            )
        return classification

    location = {
        "region_code": checks.run(region, None),
        "address": checks.run(
            lambda: optional_text("address", address, high=500, label="Alamat lokasi"), None
        ),
    }
    fields = {
        "title": checks.run(
            lambda: require_text("title", title, low=TITLE_MIN, high=TITLE_MAX, label="Judul"),
            "",
        ),
        "content": checks.run(
            lambda: require_text(
                "content", content, low=CONTENT_MIN, high=CONTENT_MAX, label="Isi laporan"
            ),
            "",
        ),
        "classification": checks.run(known_classification, classification),
        "reporter": _checked_reporter(reporter, checks),
        "location": location if any(location.values()) else None,
        "incident_date": incident_date.isoformat() if incident_date else None,
    }
    checks.raise_any()
    return fields


def _checked_reporter(reporter: ReporterInput | None, checks: Checks) -> dict[str, Any] | None:
    if reporter is None:
        return None

    def email() -> str | None:
        value = optional_text("email", reporter.email, high=200, label="Email")
        if value is not None and ("@" not in value or " " in value):
            raise ValidationError("email", "email_invalid", "Alamat email tidak sah.")
        return value

    nik, phone = (reporter.nik or "").strip(), (reporter.phone or "").strip()
    checked = {
        "name": checks.run(
            lambda: optional_text("name", reporter.name, high=200, label="Nama"), None
        ),
        "nik": checks.run(lambda: validate_nik(nik) if nik else None, None),
        "phone": checks.run(lambda: normalize_phone(phone) if phone else None, None),
        "email": checks.run(email, None),
        "address": checks.run(
            lambda: optional_text("reporter_address", reporter.address, high=500, label="Alamat"),
            None,
        ),
    }
    return checked if any(checked.values()) else None


def desk_number(s: Session) -> int | None:
    """This PC's desk number in its office, as the server gave it at the last online login
    (None before the first one since desk numbers exist: the older receipt form is used)."""
    row = s.get(LocalUserRow, 1)
    number = (row.user or {}).get("desk_number") if row is not None else None
    return number if isinstance(number, int) else None


def _next_day_seq(s: Session, office_code: str, day: dt.date) -> int:
    stmt = select(func.max(Intake.day_seq)).where(
        Intake.office_code == office_code, Intake.day == day
    )
    return (s.scalar(stmt) or 0) + 1


def _intake_row(
    intake_id: str,
    receipt: str,
    office_code: str,
    day: dt.date,
    seq: int,
    payload: dict[str, Any],
    received_at: dt.datetime,
    ctx: Actor,
    now: dt.datetime,
) -> Intake:
    return Intake(
        id=intake_id,
        receipt_number=receipt,
        office_code=office_code,
        day=day,
        day_seq=seq,
        title=payload["title"],
        content=payload["content"],
        classification=payload["classification"],
        category_id=payload["category_id"],
        is_anonymous=payload["is_anonymous"],
        is_secret=payload["is_secret"],
        reporter=payload["reporter"],
        location=payload["location"],
        incident_date=dt.date.fromisoformat(payload["incident_date"])
        if payload["incident_date"]
        else None,
        received_at=received_at,
        attachments=payload["attachments"],
        local_state="pending",
        tracking_id=None,
        created_by=ctx.user_id,
        created_at=now,
    )
