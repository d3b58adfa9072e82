"""Reference data for the client, with a strong ETag over its canonical JSON."""

from __future__ import annotations

import hashlib
import json

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import Agency as AgencyRow
from central.models import Category as CategoryRow
from central.models import ReplyTemplate as TemplateRow
from central.models import User as UserRow
from central.regions import regions_body
from central.rules import get_setting, load_rules
from domain.states import CHANNEL_LABELS, CLASSIFICATION_LABELS
from sync.wire import (
    Agency,
    Category,
    CodeName,
    HolidayEntry,
    OfficeClosure,
    Reference,
    ReplyTemplate,
    SlaSettings,
    StaffMember,
)

# Roles whose screens name regions: the desk picks one, officers and supervisors read reports.
REGION_ROLES = frozenset({"desk", "officer", "supervisor"})


def regency_code(session: Session) -> str | None:
    """The hub's kabupaten/kota (hub setting `regency_code`), None when not set."""
    code = get_setting(session, "regency_code")
    return str(code) if code else None


def regions_etag(session: Session, user: UserRow) -> str | None:
    code = regency_code(session)
    if code is None or not user.role_set & REGION_ROLES:
        return None
    return regions_body(code).etag


def build_reference(session: Session, user: UserRow) -> Reference:
    rules = load_rules(session)
    years = {rules.today.year, rules.today.year + 1}
    return Reference(
        categories=[
            Category(id=c.id, parent_id=c.parent_id, name=c.name)
            for c in session.scalars(select(CategoryRow).order_by(CategoryRow.id))
        ],
        classifications=[CodeName(code=k.value, name=v) for k, v in CLASSIFICATION_LABELS.items()],
        channels=[CodeName(code=k.value, name=v) for k, v in CHANNEL_LABELS.items()],
        agencies=[
            Agency(id=a.id, code=a.code, name=a.name, parent_id=a.parent_id)
            for a in session.scalars(select(AgencyRow).order_by(AgencyRow.id))
        ],
        reply_templates=[
            ReplyTemplate(code=t.code, title=t.title, body=t.body)
            for t in session.scalars(select(TemplateRow).order_by(TemplateRow.code))
        ],
        sla=SlaSettings(
            verify_days=rules.sla.verify_days,
            respond_days=rules.sla.respond_days,
            autoclose_days=rules.sla.autoclose_days,
        ),
        cuti_bersama_is_holiday=rules.cal.cuti_bersama_is_holiday,
        holidays=[
            HolidayEntry(date=h.date, name=h.name, kind=h.kind)  # type: ignore[arg-type]
            for h in rules.cal.entries
            if h.kind != "closure" and h.date.year in years
        ],
        office_closures=[
            OfficeClosure(date=c.date, agency_id=c.agency_id, reason=c.reason)
            for c in rules.closures
        ],
        staff=[
            StaffMember(
                id=u.id,
                full_name=u.full_name,
                agency_id=u.agency_id,
                roles=sorted(u.role_set & {"desk", "officer", "supervisor"}),  # type: ignore[arg-type]
            )
            for u in session.scalars(
                select(UserRow).where(UserRow.active.is_(True)).order_by(UserRow.id)
            )
        ],
        regions_etag=regions_etag(session, user),
    )


def canonical_json(reference: Reference) -> bytes:
    data = reference.model_dump(mode="json")
    return json.dumps(data, sort_keys=True, separators=(",", ":"), ensure_ascii=False).encode()


def etag_of(body: bytes) -> str:
    return '"' + hashlib.sha256(body).hexdigest()[:40] + '"'
