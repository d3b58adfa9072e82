"""Server rows as the local base, and the local state derived from unfinished outbox ops.

Shared by the pull (`syncstore.apply_changes`), push results (`syncstore.mark_*`) and the local
commands, so every path keeps local work the same way.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from sqlalchemy import delete, exists, select
from sqlalchemy.orm import Session

from localdb import news
from localdb.models import NO_DUE_KEY, Draft, Followup, Intake, Outbox, Report, SyncState
from localdb.sqltypes import parse_wire_date, parse_wire_datetime, utcnow
from localdb.views import PARKED as PARKED_STATES
from localdb.views import OutboxState

UNFINISHED = tuple(s for s in OutboxState if s is not OutboxState.DONE)
PARKED = PARKED_STATES

# Which local row an op type works on.
OP_ENTITY_KIND = {
    "report.create": "intake",
    "report.handoff_request": "report",
    "report.assign": "report",
    "followup.submit": "followup",
    "followup.withdraw": "followup",
    "followup.approve": "followup",
    "followup.return": "followup",
}
_PENDING_STATE = {
    "report.create": "pending",
    "report.handoff_request": "pending_handoff",
    "report.assign": "pending_assign",
    "followup.submit": "pending_submit",
    "followup.withdraw": "pending_withdraw",
    "followup.approve": "pending_approve",
    "followup.return": "pending_return",
}
REMOVED = "removed"


def report_columns(data: dict[str, Any]) -> dict[str, Any]:
    """The indexed copies of a report's JSON that queries filter and sort on."""
    deadlines = data.get("deadlines") or {}
    respond_by = parse_wire_date(deadlines.get("respond_by"))
    disposition = data.get("disposition") or {}
    return {
        "tracking_id": data.get("tracking_id"),
        "version": int(data["version"]),
        "data": data,
        "title": data.get("title") or "",
        "status": data["status"],
        "classification": data["classification"],
        "category_id": data.get("category_id"),
        "respond_by": respond_by,
        "due_key": respond_by.isoformat() if respond_by else NO_DUE_KEY,
        "submitted_at": parse_wire_datetime(data["submitted_at"]),
        "updated_at": parse_wire_datetime(data["updated_at"]),
        "is_secret": bool(data.get("is_secret", False)),
        "agency": disposition.get("agency_id"),
        "assignee_id": disposition.get("assignee_id"),
        "disposed_on": _wib_day(disposition.get("disposed_at")),
        "handoff_asked": any(
            (h or {}).get("action") == "handoff_requested" for h in data.get("history") or ()
        ),
    }


_WIB = dt.timezone(dt.timedelta(hours=7))


def _wib_day(value: Any) -> str | None:
    moment = parse_wire_datetime(value)
    return None if moment is None else moment.astimezone(_WIB).date().isoformat()


def upsert_report(s: Session, data: dict[str, Any], *, now: dt.datetime | None = None) -> Report:
    """Store a server report as the new base; an older version than the one held is ignored."""
    row = s.scalar(select(Report).where(Report.id == data["id"]))
    return upsert_report_row(s, row, data, now=now)


def upsert_report_row(
    s: Session, row: Report | None, data: dict[str, Any], *, now: dt.datetime | None = None
) -> Report:
    """`upsert_report` for a caller that already read the held row (`row`, None: not held)."""
    columns = report_columns(data)
    if row is not None and row.version > columns["version"]:
        return row
    pulled_at = now or utcnow()
    if row is None:
        row = Report(id=data["id"], is_read=False, local_state=None, pulled_at=pulled_at, **columns)
        s.add(row)
        s.flush()
        return row
    for name, value in columns.items():
        setattr(row, name, value)
    row.pulled_at = pulled_at
    if row.local_state == REMOVED:
        # Back in scope: no longer a leftover kept only for its local work.
        row.local_state = None
        refresh_report_state(s, row.id)
    return row


def upsert_followup(s: Session, data: dict[str, Any]) -> Followup:
    """Store a server follow-up as the new base; local_state and local_data stay as they are."""
    row = s.get(Followup, data["id"])
    version = int(data["version"])
    if row is not None and row.data is not None and row.version > version:
        return row
    author = data.get("author") or {}
    columns = {
        "report_id": data["report_id"],
        "version": version,
        "data": data,
        "state": data["state"],
        "author_id": author.get("id"),
        "updated_at": parse_wire_datetime(data["updated_at"]) or utcnow(),
    }
    if row is None:
        row = Followup(id=data["id"], local_state=None, local_data=None, **columns)
        s.add(row)
    else:
        for name, value in columns.items():
            setattr(row, name, value)
    s.flush()
    return row


def upsert_entity(s: Session, kind: str | None, entity: dict[str, Any] | None) -> None:
    if entity is None or kind is None:
        return
    if kind == "report":
        upsert_report(s, entity)
    elif kind == "followup":
        upsert_followup(s, entity)


def unfinished_ops(s: Session, entity_id: str) -> Sequence[Outbox]:
    stmt = (
        select(Outbox)
        .where(Outbox.entity_id == entity_id, Outbox.state.in_(UNFINISHED))
        .order_by(Outbox.seq)
    )
    return s.scalars(stmt).all()


def state_from_ops(ops: Sequence[Outbox]) -> str | None:
    """Parked ops win (the user must act), else the newest op still on its way."""
    if any(op.state == OutboxState.CONFLICT for op in ops):
        return "conflict"
    if any(op.state == OutboxState.QUARANTINED for op in ops):
        return "rejected"
    return _PENDING_STATE[ops[-1].type] if ops else None


def refresh_entity_state(s: Session, op_type: str, entity_id: str) -> None:
    kind = OP_ENTITY_KIND[op_type]
    if kind == "followup":
        refresh_followup_state(s, entity_id)
    elif kind == "report":
        refresh_report_state(s, entity_id)
    else:
        refresh_intake_state(s, entity_id)


def refresh_followup_state(s: Session, followup_id: str) -> None:
    row = s.get(Followup, followup_id)
    if row is None:
        return
    ops = unfinished_ops(s, followup_id)
    row.local_state = state_from_ops(ops)
    submits = [op for op in ops if op.type == "followup.submit"]
    if submits:
        row.local_data = dict(submits[-1].payload)
    elif row.data is not None:
        row.local_data = None  # the server's copy is the one to show now
    refresh_report_state(s, row.report_id)


def refresh_report_state(s: Session, report_id: str) -> None:
    row = s.scalar(select(Report).where(Report.id == report_id))
    if row is None:
        return
    if row.local_state == REMOVED:
        if not has_local_work(s, report_id):
            delete_report(s, row)
        return
    row.local_state = state_from_ops(unfinished_ops(s, report_id))


def refresh_intake_state(s: Session, intake_id: str) -> None:
    row = s.get(Intake, intake_id)
    if row is None or row.local_state == "discarded":
        return
    state = state_from_ops(unfinished_ops(s, intake_id))
    row.local_state = state or "sent"


def has_local_work(s: Session, report_id: str) -> bool:
    """Drafts, unsent follow-ups or unfinished ops that belong to this report."""
    if s.scalar(select(exists().where(Draft.report_id == report_id))):
        return True
    followups = select(Followup.id).where(Followup.report_id == report_id)
    if s.scalar(
        select(exists().where(Followup.report_id == report_id, Followup.local_state.is_not(None)))
    ):
        return True
    entity_ids = followups.union(select(Report.id).where(Report.id == report_id))
    return bool(
        s.scalar(
            select(exists().where(Outbox.state.in_(UNFINISHED), Outbox.entity_id.in_(entity_ids)))
        )
    )


def delete_report(s: Session, row: Report) -> None:
    s.execute(delete(Followup).where(Followup.report_id == row.id))
    news.forget(s, row.id)
    s.delete(row)
    s.flush()


def sync_state_row(s: Session) -> SyncState:
    row = s.get(SyncState, 1)
    if row is None:
        row = SyncState(id=1, last_seq=0)
        s.add(row)
        s.flush()
    return row
