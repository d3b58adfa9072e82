"""The effect of each push op type, with the role and state rules the server enforces.

A handler either returns an `applied` result or raises `OpOutcome` with a conflict or a
rejection; raising rolls the op's transaction back, so a failed op leaves nothing behind.
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.changes import next_tracking_id
from central.filetypes import declaration_problem, read_head
from central.models import (
    Agency,
    Blob,
    Category,
    Followup,
    HandoffRequest,
    ReplyTemplate,
    Report,
    User,
)
from central.mutate import Work, add_history, set_attachments, touch_followup, touch_report
from central.render import Renderer, Viewer, hidden_reason
from central.rules import local_date
from central.uploads import may_use
from domain.deadlines import autoclose_at, verify_by
from domain.errors import ValidationError
from domain.identity import normalize_phone, validate_nik, validate_region_code
from domain.receipt import parse_receipt_number
from domain.states import (
    FollowupState,
    ReportStatus,
    can_transition_followup,
    report_accepts_followup,
    report_accepts_handoff,
)
from sync.wire import (
    AttachmentRef,
    FollowupApprovePayload,
    FollowupReturnPayload,
    FollowupSubmitPayload,
    FollowupWithdrawPayload,
    HandoffRequestPayload,
    Op,
    OpResult,
    Problem,
    ReportAssignPayload,
    ReportCreatePayload,
)


class OpOutcome(Exception):
    """A result that is not `applied`; raising it rolls the op's transaction back."""

    def __init__(self, result: OpResult) -> None:
        super().__init__(result.status)
        self.result = result


@dataclass(frozen=True)
class OpContext:
    work: Work
    user: User
    viewer: Viewer
    data_dir: Path

    @property
    def session(self) -> Session:
        return self.work.session


def rejected(op: Op, status: int, code: str, detail: str, field: str | None = None) -> OpOutcome:
    problem = Problem(title="Operasi ditolak", status=status, detail=detail, code=code, field=field)
    return OpOutcome(OpResult(op_id=op.op_id, status="rejected", error=problem))


def forbidden(op: Op, detail: str = "Anda tidak berwenang atas data ini.") -> OpOutcome:
    return rejected(op, 403, "forbidden", detail)


def conflict(
    ctx: OpContext, op: Op, entity: Report | Followup, code: str, detail: str
) -> OpOutcome:
    problem = Problem(title="Konflik", status=409, detail=detail, code=code)
    renderer = Renderer(ctx.session, ctx.viewer)
    if isinstance(entity, Report):
        result = OpResult(
            op_id=op.op_id,
            status="conflict",
            entity_kind="report",
            entity=renderer.report(entity),
            error=problem,
        )
    else:
        result = OpResult(
            op_id=op.op_id,
            status="conflict",
            entity_kind="followup",
            entity=renderer.followup(entity),
            error=problem,
        )
    return OpOutcome(result)


def applied(ctx: OpContext, op: Op, entity: Report | Followup) -> OpResult:
    renderer = Renderer(ctx.session, ctx.viewer)
    if isinstance(entity, Report):
        return OpResult(
            op_id=op.op_id, status="applied", entity_kind="report", entity=renderer.report(entity)
        )
    return OpResult(
        op_id=op.op_id, status="applied", entity_kind="followup", entity=renderer.followup(entity)
    )


def _stale(ctx: OpContext, op: Op, entity: Report | Followup) -> OpOutcome:
    return conflict(
        ctx,
        op,
        entity,
        "stale_version",
        f"Data sudah berubah di server (versi {entity.version}, Anda mengubah versi "
        f"{op.base_version}).",
    )


def _check_attachments(ctx: OpContext, op: Op, refs: list[AttachmentRef]) -> None:
    """Each file must be one the user sent or may already see (else it is, for them, missing),
    and its declared size and type must fit the stored bytes."""
    for i, ref in enumerate(refs):
        blob = ctx.session.get(Blob, ref.sha256)
        if blob is None or not may_use(ctx.session, ctx.user, ref.sha256):
            raise rejected(
                op,
                422,
                "attachment_missing",
                f"Lampiran {ref.filename} belum diunggah ke server.",
                field=f"payload.attachments[{i}].sha256",
            )
        problem = declaration_problem(ref.mime, read_head(ctx.data_dir / blob.path))
        if ref.size != blob.size:
            problem = "ukuran berkas tidak cocok dengan isinya"
        if problem is not None:
            raise rejected(
                op,
                422,
                "attachment_mismatch",
                f"Lampiran {ref.filename}: {problem}.",
                field=f"payload.attachments[{i}]",
            )


def _validated(op: Op, field: str, check: Callable[[str], str], value: str | None) -> str | None:
    if not value:
        return value
    try:
        return check(value)
    except ValidationError as err:
        raise rejected(op, 422, err.code, err.message, field=field) from err


def _receipt(value: str) -> str:
    parse_receipt_number(value)
    return value


def _report_for(ctx: OpContext, op: Op, report_id: str, field: str | None = None) -> Report:
    report = ctx.session.get(Report, report_id)
    if report is None:
        raise rejected(op, 404, "not_found", "Laporan tidak ditemukan.", field=field)
    return report


# --- report ops ---------------------------------------------------------------------------------


def create_report(ctx: OpContext, op: Op, p: ReportCreatePayload) -> OpResult:
    if "desk" not in ctx.viewer.roles:
        raise forbidden(op, "Hanya petugas loket yang dapat mencatat laporan.")
    existing = ctx.session.get(Report, op.entity_id)
    if existing is not None:
        if hidden_reason(ctx.viewer, existing, ctx.work.rules) is None:
            raise conflict(ctx, op, existing, "already_exists", "Laporan ini sudah tercatat.")
        raise rejected(op, 409, "id_taken", "ID laporan sudah dipakai.", field="entity_id")
    if op.base_version != 0:
        raise rejected(
            op, 422, "invalid_base_version", "Laporan baru harus versi 0.", "base_version"
        )
    _validated(op, "payload.receipt_number", _receipt, p.receipt_number)
    reporter = p.reporter
    nik = _validated(op, "payload.reporter.nik", validate_nik, reporter.nik if reporter else None)
    phone = _validated(
        op, "payload.reporter.phone", normalize_phone, reporter.phone if reporter else None
    )
    location = p.location
    region = _validated(
        op,
        "payload.location.region_code",
        validate_region_code,
        location.region_code if location else None,
    )
    if p.category_id and ctx.session.get(Category, p.category_id) is None:
        raise rejected(
            op, 422, "unknown_category", "Kategori tidak dikenal.", "payload.category_id"
        )
    _check_attachments(ctx, op, p.attachments)
    rules = ctx.work.rules
    report = Report(
        id=op.entity_id,
        tracking_id=next_tracking_id(ctx.session),
        receipt_number=p.receipt_number,
        title=p.title,
        content=p.content,
        classification=p.classification,
        category_id=p.category_id,
        channel="walk_in",
        status=ReportStatus.BELUM_TERVERIFIKASI.value,
        created_by_agency_id=ctx.user.agency_id,
        created_by_user_id=ctx.user.id,
        is_anonymous=p.is_anonymous,
        is_secret=p.is_secret,
        reporter_name=reporter.name if reporter else None,
        reporter_nik=nik,
        reporter_phone=phone,
        reporter_email=reporter.email if reporter else None,
        reporter_address=reporter.address if reporter else None,
        region_code=region,
        address=location.address if location else None,
        incident_date=p.incident_date,
        submitted_at=p.received_at,
        verify_by=verify_by(local_date(p.received_at), rules.cal, rules.sla),
        version=1,
        updated_at=rules.now,
    )
    ctx.session.add(report)
    ctx.session.flush()
    add_history(ctx.work, report, ctx.user.full_name, "created", to_value=report.status)
    set_attachments(ctx.session, "report", report.id, p.attachments)
    touch_report(ctx.work, report, new=True)
    return applied(ctx, op, report)


def request_handoff(ctx: OpContext, op: Op, p: HandoffRequestPayload) -> OpResult:
    report = _report_for(ctx, op, op.entity_id, "entity_id")
    if not ctx.viewer.may_handle(report):
        raise forbidden(op)
    if op.base_version != report.version:
        raise _stale(ctx, op, report)
    if not report_accepts_handoff(ReportStatus(report.status)):
        raise conflict(ctx, op, report, "invalid_state", "Status laporan tidak mengizinkan.")
    target = ctx.session.get(Agency, p.target_agency_id)
    if target is None or target.id == report.disposed_agency_id:
        raise rejected(
            op, 422, "invalid_target", "Instansi tujuan tidak valid.", "payload.target_agency_id"
        )
    pending = ctx.session.scalars(
        select(HandoffRequest).where(
            HandoffRequest.report_id == report.id, HandoffRequest.state == "pending"
        )
    ).first()
    if pending is not None:
        raise conflict(ctx, op, report, "handoff_pending", "Permintaan pelimpahan masih diproses.")
    ctx.session.add(
        HandoffRequest(
            id=uuid.uuid4().hex,
            report_id=report.id,
            requested_by=ctx.user.id,
            from_agency_id=ctx.user.agency_id,
            target_agency_id=target.id,
            reason=p.reason,
            state="pending",
            created_at=ctx.work.rules.now,
        )
    )
    add_history(
        ctx.work,
        report,
        ctx.user.full_name,
        "handoff_requested",
        to_value=target.name,
        note=p.reason,
    )
    touch_report(ctx.work, report)
    return applied(ctx, op, report)


def assign_report(ctx: OpContext, op: Op, p: ReportAssignPayload) -> OpResult:
    """A supervisor of the report's agency names the officer who handles it (or nobody)."""
    report = _report_for(ctx, op, op.entity_id, "entity_id")
    if not (ctx.viewer.handles(report) and "supervisor" in ctx.viewer.roles):
        raise forbidden(op, "Hanya atasan instansi ini yang dapat menugaskan laporan.")
    if op.base_version != report.version:
        raise _stale(ctx, op, report)
    if not report_accepts_followup(ReportStatus(report.status)):
        raise conflict(ctx, op, report, "invalid_state", "Status laporan tidak mengizinkan.")
    officer = None if p.assignee_id is None else ctx.session.get(User, p.assignee_id)
    if p.assignee_id is not None and (
        officer is None
        or not officer.active
        or officer.agency_id != report.disposed_agency_id
        or "officer" not in officer.role_set
    ):
        raise rejected(
            op, 422, "invalid_assignee", "Petugas tujuan tidak valid.", "payload.assignee_id"
        )
    if report.assignee_id == p.assignee_id:
        return applied(ctx, op, report)  # already so: nothing to record
    report.assignee_id = p.assignee_id
    add_history(
        ctx.work,
        report,
        ctx.user.full_name,
        "assigned",
        to_value=officer.full_name if officer is not None else None,
    )
    touch_report(ctx.work, report)
    return applied(ctx, op, report)


# --- follow-up ops ------------------------------------------------------------------------------


def _followup_for(ctx: OpContext, op: Op) -> tuple[Followup, Report]:
    followup = ctx.session.get(Followup, op.entity_id)
    if followup is None:
        raise rejected(op, 404, "not_found", "Tindak lanjut tidak ditemukan.", "entity_id")
    report = _report_for(ctx, op, followup.report_id)
    return followup, report


def _move_followup(ctx: OpContext, op: Op, followup: Followup, new: FollowupState) -> None:
    if op.base_version != followup.version:
        raise _stale(ctx, op, followup)
    if not can_transition_followup(FollowupState(followup.state), new):
        raise conflict(
            ctx,
            op,
            followup,
            "invalid_state",
            "Status tindak lanjut tidak mengizinkan langkah ini.",
        )


def submit_followup(ctx: OpContext, op: Op, p: FollowupSubmitPayload) -> OpResult:
    report = _report_for(ctx, op, p.report_id, "payload.report_id")
    if not ctx.viewer.may_handle(report):
        raise forbidden(op)
    followup = ctx.session.get(Followup, op.entity_id)
    if followup is not None and followup.report_id != report.id:
        raise rejected(op, 422, "report_mismatch", "Laporan tidak cocok.", "payload.report_id")
    if followup is None and op.base_version != 0:
        raise rejected(op, 404, "not_found", "Tindak lanjut tidak ditemukan.", "entity_id")
    if followup is not None:
        _move_followup(ctx, op, followup, FollowupState.PENDING_APPROVAL)
        if followup.author_id != ctx.user.id:
            raise conflict(
                ctx,
                op,
                followup,
                "not_author",
                "Tindak lanjut ini ditulis pengguna lain; tulis tindak lanjut baru.",
            )
    if not report_accepts_followup(ReportStatus(report.status)):
        raise conflict(
            ctx, op, report, "invalid_state", "Status laporan tidak lagi menerima tindak lanjut."
        )
    if p.template_code and ctx.session.get(ReplyTemplate, p.template_code) is None:
        raise rejected(
            op, 422, "unknown_template", "Templat tidak dikenal.", "payload.template_code"
        )
    _check_attachments(ctx, op, p.attachments)
    now = ctx.work.rules.now
    is_new = followup is None
    if followup is None:
        followup = Followup(
            id=op.entity_id,
            report_id=report.id,
            author_id=ctx.user.id,
            created_at=now,
            updated_at=now,
            version=1,
        )
        ctx.session.add(followup)
    followup.content = p.content
    followup.template_code = p.template_code
    followup.state = FollowupState.PENDING_APPROVAL.value
    set_attachments(ctx.session, "followup", followup.id, p.attachments)
    touch_followup(ctx.work, followup, report, new=is_new)
    return applied(ctx, op, followup)


def withdraw_followup(ctx: OpContext, op: Op, p: FollowupWithdrawPayload) -> OpResult:
    followup, report = _followup_for(ctx, op)
    if not ctx.viewer.may_handle(report):
        raise forbidden(op)
    _move_followup(ctx, op, followup, FollowupState.WITHDRAWN)
    followup.state = FollowupState.WITHDRAWN.value
    touch_followup(ctx.work, followup, report)
    return applied(ctx, op, followup)


def _review(
    ctx: OpContext, op: Op, new: FollowupState, note: str | None
) -> tuple[Followup, Report]:
    followup, report = _followup_for(ctx, op)
    if "supervisor" not in ctx.viewer.roles or not ctx.viewer.handles(report):
        raise forbidden(op, "Hanya atasan instansi ini yang dapat menyetujui atau mengembalikan.")
    if new is FollowupState.PUBLISHED and followup.author_id == ctx.user.id:
        # Four eyes: what a supervisor wrote is published by another supervisor.
        raise rejected(
            op, 403, "own_followup", "Tindak lanjut harus disetujui atasan lain, bukan penulisnya."
        )
    _move_followup(ctx, op, followup, new)
    followup.state = new.value
    followup.reviewer_id = ctx.user.id
    followup.review_note = note
    followup.reviewed_at = ctx.work.rules.now
    return followup, report


def approve_followup(ctx: OpContext, op: Op, p: FollowupApprovePayload) -> OpResult:
    followup, report = _review(ctx, op, FollowupState.PUBLISHED, p.note)
    if not report_accepts_followup(ReportStatus(report.status)):
        raise conflict(
            ctx, op, report, "invalid_state", "Status laporan tidak lagi menerima tindak lanjut."
        )
    rules = ctx.work.rules
    old_status = report.status
    report.status = ReportStatus.DALAM_PROSES.value
    report.autoclose_at = autoclose_at(rules.today, rules.cal, rules.sla)
    add_history(
        ctx.work,
        report,
        ctx.user.full_name,
        "followup_published",
        from_value=old_status,
        to_value=report.status,
    )
    touch_followup(ctx.work, followup, report)
    touch_report(ctx.work, report)
    return applied(ctx, op, followup)


def return_followup(ctx: OpContext, op: Op, p: FollowupReturnPayload) -> OpResult:
    followup, report = _review(ctx, op, FollowupState.RETURNED, p.note)
    touch_followup(ctx.work, followup, report)
    return applied(ctx, op, followup)


Handler = Callable[[OpContext, Op, Any], OpResult]

HANDLERS: dict[str, Handler] = {
    "report.create": create_report,
    "report.handoff_request": request_handoff,
    "report.assign": assign_report,
    "followup.submit": submit_followup,
    "followup.withdraw": withdraw_followup,
    "followup.approve": approve_followup,
    "followup.return": return_followup,
}


def payload_field(loc: tuple[int | str, ...]) -> str:
    path = "payload"
    for part in loc:
        path += f"[{part}]" if isinstance(part, int) else f".{part}"
    return path
