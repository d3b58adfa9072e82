"""Reads behind the detail view and the side lists (drafts, approvals, outbox, conflicts)."""

from __future__ import annotations

import json
from typing import Any

from sqlalchemy import and_, case, func, select
from sqlalchemy.orm import Session, aliased

from domain.states import FollowupState
from localdb.actor import Actor
from localdb.models import Blob, Conflict, Draft, Followup, Intake, Outbox, Report, SyncLog
from localdb.sqltypes import parse_wire_datetime
from localdb.views import (
    ApprovalRow,
    AttachmentView,
    ConflictRow,
    ConflictView,
    DraftView,
    FollowupView,
    HistoryItem,
    IntakeReceipt,
    IntakeView,
    LaporView,
    OutboxCounts,
    OutboxItem,
    OutboxState,
    OutboxSummary,
    ReportDetail,
    ReporterView,
    SyncLogEntry,
)


def _attachments(refs: list[dict[str, Any]] | None, local: set[str]) -> tuple[AttachmentView, ...]:
    return tuple(
        AttachmentView(r["sha256"], r["filename"], r["mime"], int(r["size"]), r["sha256"] in local)
        for r in refs or []
    )


def _refs(attachments: list[dict[str, Any]] | None) -> dict[str, Any]:
    return {"attachments": attachments or []}


def _local_blobs(s: Session, shown: list[dict[str, Any]]) -> set[str]:
    """Which of the files these rows refer to are on this PC (one query for all of them)."""
    shas = [r["sha256"] for data in shown for r in data.get("attachments") or []]
    return set(s.scalars(select(Blob.sha256).where(Blob.sha256.in_(shas)))) if shas else set()


def report_detail(s: Session, report_id: str, actor: Actor) -> ReportDetail | None:
    """Everything the report screen shows; None when the report is not held locally."""
    row = s.scalar(select(Report).where(Report.id == report_id))
    if row is None:
        return None
    data = row.data
    disposition = data.get("disposition") or {}
    location = data.get("location") or {}
    followups = list(
        s.scalars(
            select(Followup).where(Followup.report_id == report_id).order_by(Followup.updated_at)
        )
    )
    local = _local_blobs(s, [data, *(_shown(f) for f in followups)])
    report_drafts = s.scalars(select(Draft).where(Draft.report_id == report_id))
    return ReportDetail(
        id=row.id,
        tracking_id=row.tracking_id,
        title=row.title,
        content=data.get("content", ""),
        status=row.status,
        classification=row.classification,
        category_id=row.category_id,
        channel=data.get("channel"),
        agency_id=disposition.get("agency_id"),
        agency_name=disposition.get("agency_name"),
        is_anonymous=bool(data.get("is_anonymous")),
        is_secret=row.is_secret,
        region_code=location.get("region_code"),
        address=location.get("address"),
        incident_date=data.get("incident_date"),
        submitted_at=row.submitted_at,
        respond_by=row.respond_by,
        autoclose_at=(data.get("deadlines") or {}).get("autoclose_at"),
        version=row.version,
        is_read=row.is_read,
        local_state=row.local_state,
        reporter=_reporter(data),
        history=tuple(_history(entry) for entry in data.get("history") or []),
        followups=tuple(_followup_view(f, local) for f in followups),
        attachments=_attachments(data.get("attachments"), local),
        drafts=tuple(_draft_view(s, d, row, in_conflict=False) for d in report_drafts),
        disposed_at=parse_wire_datetime(disposition.get("disposed_at")),
        assignee_id=row.assignee_id,
        lapor=LaporView.of(data.get("lapor")),
    )


def _reporter(data: dict[str, Any]) -> ReporterView | None:
    # The server leaves the reporter out for roles that may not see it; an anonymous
    # reporter is never shown on an office PC even if a server sent it by mistake.
    reporter = data.get("reporter")
    if not reporter or data.get("is_anonymous"):
        return None
    return ReporterView(
        reporter.get("name"),
        reporter.get("nik"),
        reporter.get("phone"),
        reporter.get("email"),
        reporter.get("address"),
    )


def _history(entry: dict[str, Any]) -> HistoryItem:
    return HistoryItem(
        at=parse_wire_datetime(entry.get("at")),
        actor=entry.get("actor", ""),
        action=entry.get("action", ""),
        from_=entry.get("from"),
        to=entry.get("to"),
        note=entry.get("note"),
    )


def _shown(row: Followup) -> dict[str, Any]:
    """My unsent text wins over the base I wrote it on."""
    return row.local_data or row.data or {}


def _followup_view(row: Followup, local: set[str]) -> FollowupView:
    server = row.data or {}
    shown = _shown(row)
    review = server.get("review") or {}
    author = server.get("author") or {}
    return FollowupView(
        id=row.id,
        report_id=row.report_id,
        author_id=row.author_id,
        author_name=author.get("full_name"),
        content=shown.get("content", ""),
        template_code=shown.get("template_code"),
        state=row.state,
        local_state=row.local_state,
        version=row.version,
        review_note=review.get("note"),
        reviewer_name=(review.get("reviewer") or {}).get("full_name"),
        updated_at=row.updated_at,
        attachments=_attachments(shown.get("attachments"), local),
        reviewed_at=parse_wire_datetime(review.get("at")),
        lapor=LaporView.of(server.get("lapor")),
    )


def _draft_view(s: Session, draft: Draft, report: Report | None, *, in_conflict: bool) -> DraftView:
    return DraftView(
        id=draft.id,
        report_id=draft.report_id,
        report_title=report.title if report else None,
        tracking_id=report.tracking_id if report else None,
        kind=draft.kind,
        followup_id=draft.followup_id,
        content=draft.content,
        template_code=draft.template_code,
        attachments=_attachments(draft.attachments, _local_blobs(s, [_refs(draft.attachments)])),
        updated_at=draft.updated_at,
        in_conflict=in_conflict,
    )


def drafts(s: Session) -> list[DraftView]:
    """Every draft, newest first, including those whose report went away."""
    rows = s.execute(
        select(Draft, Report)
        .outerjoin(Report, Report.id == Draft.report_id)
        .order_by(Draft.updated_at.desc())
    ).all()
    open_ids = set(
        s.scalars(
            select(Conflict.entity_id).where(
                Conflict.entity_kind == "draft", Conflict.resolved_at.is_(None)
            )
        )
    )
    return [_draft_view(s, d, r, in_conflict=d.id in open_ids) for d, r in rows]


def approval_queue(s: Session, actor: Actor) -> list[FollowupView]:
    """Follow-ups waiting for a supervisor's decision (empty for other roles)."""
    return [row.followup for row in approval_rows(s, actor)]


def approval_rows(s: Session, actor: Actor) -> list[ApprovalRow]:
    """The approval queue, most urgent deadline first: each follow-up with the complaint it
    answers (title, text, files, deadline), in one query (plus one for the files already on this
    PC); empty for other roles."""
    if not actor.is_supervisor:
        return []
    stmt = (
        select(Followup, Report)
        .outerjoin(Report, Report.id == Followup.report_id)
        .where(
            Followup.state == FollowupState.PENDING_APPROVAL.value, Followup.local_state.is_(None)
        )
        .order_by(Report.due_key, Followup.updated_at)
    )
    found = s.execute(stmt).all()
    shown = [_shown(f) for f, _r in found] + [r.data for _f, r in found if r is not None]
    local = _local_blobs(s, shown)
    return [_approval_row(f, r, local) for f, r in found]


def _approval_row(f: Followup, report: Report | None, local: set[str]) -> ApprovalRow:
    view = _followup_view(f, local)
    if report is None:  # the report is not on this PC (yet): the follow-up alone
        return ApprovalRow(view, f.report_id, None)
    data = report.data or {}
    return ApprovalRow(
        view,
        report.title,
        report.tracking_id,
        report_content=str(data.get("content") or ""),
        report_attachments=_attachments(data.get("attachments"), local),
        report_status=report.status,
        respond_by=report.respond_by,
        published=report.published,
    )


def returned_followups(s: Session, actor: Actor) -> list[FollowupView]:
    """The actor's follow-ups a supervisor sent back, not yet resubmitted."""
    stmt = select(Followup).where(
        Followup.state == FollowupState.RETURNED.value,
        Followup.author_id == actor.user_id,
        Followup.local_state.is_(None),
    )
    rows = list(s.scalars(stmt.order_by(Followup.updated_at.desc())))
    local = _local_blobs(s, [_shown(f) for f in rows])
    return [_followup_view(f, local) for f in rows]


def outbox_counts(s: Session) -> OutboxCounts:
    """How many ops are in each state (one query; the status bar, sync log and runner)."""
    counts = dict.fromkeys(OutboxState, 0)
    for state, n in s.execute(select(Outbox.state, func.count()).group_by(Outbox.state)):
        counts[OutboxState(state)] = int(n)
    return OutboxCounts(counts)


def outbox_summary(s: Session) -> OutboxSummary:
    stmt = select(Outbox).where(Outbox.state != OutboxState.DONE).order_by(Outbox.seq)
    ops = list(s.scalars(stmt))
    numbers = _report_numbers(s, ops)
    items = tuple(
        OutboxItem(
            op.op_id,
            op.seq,
            op.type,
            op.entity_id,
            OutboxState(op.state),
            op.attempts,
            op.last_error,
            op.created_at,
            op.next_attempt_at,
            *numbers.get(op.op_id, (None, None)),
        )
        for op in ops
    )
    return OutboxSummary(outbox_counts(s), items)


def _report_numbers(s: Session, ops: list[Outbox]) -> dict[str, tuple[str | None, str | None]]:
    """op id -> (tracking number, receipt number) of the report each op is about."""
    followups = [op.entity_id for op in ops if op.type.startswith("followup.")]
    stmt_f = select(Followup.id, Followup.report_id).where(Followup.id.in_(followups))
    of_followup: dict[str, str] = {fid: rid for fid, rid in s.execute(stmt_f)}
    report_of: dict[str, str] = {}
    for op in ops:
        if op.type.startswith("followup."):
            rid = of_followup.get(op.entity_id) or op.payload.get("report_id")
        else:
            rid = op.entity_id  # report.* ops, and report.create's id is the report's too
        if rid:
            report_of[op.op_id] = str(rid)
    ids = set(report_of.values())
    stmt = select(Report.id, Report.tracking_id).where(Report.id.in_(ids))
    tracking: dict[str, str | None] = {rid: tid for rid, tid in s.execute(stmt)}
    intakes = {
        i.id: (i.tracking_id, i.receipt_number)
        for i in s.scalars(select(Intake).where(Intake.id.in_(ids)))
    }
    found: dict[str, tuple[str | None, str | None]] = {}
    for op_id, rid in report_of.items():
        from_intake = intakes.get(rid, (None, None))
        found[op_id] = (tracking.get(rid) or from_intake[0], from_intake[1])
    return found


def conflicts(s: Session, *, include_resolved: bool = False) -> list[ConflictView]:
    return [row.conflict for row in conflict_rows(s, include_resolved=include_resolved)]


def conflict_rows(s: Session, *, include_resolved: bool = False) -> list[ConflictRow]:
    """Conflicts with the report each is about and its title, in one query."""
    about = aliased(Followup)
    report_id = func.coalesce(
        case((Conflict.entity_kind == "report", Conflict.entity_id)),
        func.json_extract(Conflict.local_payload, "$.report_id"),
        func.json_extract(Conflict.server_entity, "$.report_id"),
        about.report_id,
    ).label("report_id")
    stmt = (
        select(Conflict, Outbox.type, report_id, Report.title)
        .outerjoin(Outbox, Outbox.op_id == Conflict.op_id)
        .outerjoin(about, and_(Conflict.entity_kind == "followup", about.id == Conflict.entity_id))
        .outerjoin(Report, Report.id == report_id)
    )
    if not include_resolved:
        stmt = stmt.where(Conflict.resolved_at.is_(None))
    return [
        ConflictRow(_conflict_view(c, op_type), rid, title)
        for c, op_type, rid, title in s.execute(stmt.order_by(Conflict.created_at, Conflict.id))
    ]


def _conflict_view(c: Conflict, op_type: str | None) -> ConflictView:
    return ConflictView(
        id=c.id,
        entity_kind=c.entity_kind,
        entity_id=c.entity_id,
        op_id=c.op_id,
        op_type=op_type,
        code=c.code,
        detail=c.detail,
        local_payload=c.local_payload,
        server_entity=c.server_entity,
        created_at=c.created_at,
        resolved_at=c.resolved_at,
        resolution=c.resolution,
    )


def my_intakes(s: Session, actor: Actor, *, limit: int = 200) -> list[IntakeView]:
    """The desk user's walk-in complaints, newest first, with their reports' LAPOR! state."""
    lapor = func.json_extract(Report.data, "$.lapor")
    stmt = (
        select(Intake, lapor)
        .outerjoin(Report, Report.id == Intake.id)
        .where(Intake.created_by == actor.user_id)
        .order_by(Intake.created_at.desc())
        .limit(limit)
    )
    return [
        IntakeView(
            i.id,
            i.receipt_number,
            i.title,
            i.classification,
            i.received_at,
            i.local_state,
            i.tracking_id,
            LaporView.of(_json_object(on_lapor)),
        )
        for i, on_lapor in s.execute(stmt)
    ]


def intake_receipt(s: Session, actor: Actor, intake_id: str) -> IntakeReceipt | None:
    """The receipt of one of `actor`'s own walk-in complaints (None for anyone else's).

    The name of an anonymous or confidential reporter never leaves the store this way: the
    paper says "Dirahasiakan" on both copies, and the office copy is filed where others see it.
    """
    i = s.scalar(select(Intake).where(Intake.id == intake_id, Intake.created_by == actor.user_id))
    if i is None:
        return None
    hidden = bool(i.is_anonymous or i.is_secret)
    name = None if hidden else str((i.reporter or {}).get("name") or "").strip() or None
    return IntakeReceipt(
        i.id,
        i.receipt_number,
        i.title,
        i.classification,
        i.received_at,
        hidden,
        name,
        i.tracking_id,
    )


def _json_object(text: Any) -> Any:
    """json_extract gives an object as its JSON text."""
    if not isinstance(text, str):
        return None
    try:
        return json.loads(text)
    except ValueError:
        return None


def sync_log(s: Session, *, limit: int = 500) -> list[SyncLogEntry]:
    """The sync engine's requests, newest first."""
    stmt = select(SyncLog).order_by(SyncLog.id.desc()).limit(limit)
    return [
        SyncLogEntry(
            e.id,
            e.at,
            e.method,
            e.endpoint,
            e.status,
            e.bytes_sent,
            e.bytes_received,
            e.duration_ms,
            e.error,
        )
        for e in s.scalars(stmt)
    ]
