"""Local commands: the only way the app changes data.

Each command runs in the caller's transaction and writes its change, exactly one outbox op and
one audit row, or raises ValidationError (naming the field) before writing anything. Saving a
draft and marking a report read are local only: they write no op.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import ValidationError
from domain.states import (
    FollowupState,
    ReportStatus,
    report_accepts_followup,
    report_accepts_handoff,
)
from localdb import news
from localdb.actor import Actor
from localdb.attachments import AttachmentInfo, add_attachment
from localdb.conflicts import (
    resolve_conflict_copy_to_draft,
    resolve_conflict_keep_mine,
    resolve_conflict_take_theirs,
)
from localdb.intake import IntakeRef, ReporterInput, create_intake
from localdb.models import Draft, Followup, Report
from localdb.outbox import (
    attachment_refs,
    audit,
    enqueue,
    optional_text,
    require_role,
    require_text,
)
from localdb.pull import accepts_followup
from localdb.rows import refresh_followup_state, refresh_report_state, unfinished_ops
from localdb.sqltypes import utcnow

__all__ = [
    "Actor",
    "AttachmentInfo",
    "DraftRef",
    "IntakeRef",
    "ReporterInput",
    "add_attachment",
    "approve_followup",
    "assign_report",
    "create_intake",
    "mark_read",
    "request_handoff",
    "resolve_conflict_copy_to_draft",
    "resolve_conflict_keep_mine",
    "resolve_conflict_take_theirs",
    "return_followup",
    "save_draft",
    "submit_followup",
    "withdraw_followup",
]

CONTENT_MIN, CONTENT_MAX = 10, 20000
NOTE_MAX = 2000
# Follow-ups an officer may still change (a returned one, or one not reviewed yet).
_REVISABLE = (FollowupState.RETURNED.value, FollowupState.PENDING_APPROVAL.value)


@dataclass(frozen=True)
class DraftRef:
    id: str
    report_id: str
    followup_id: str  # the id the follow-up will carry once submitted
    kind: str  # "new" | "revise"


def _report(s: Session, report_id: str) -> Report:
    row = s.scalar(select(Report).where(Report.id == report_id))
    if row is None:
        raise ValidationError("report", "report_unknown", "Laporan tidak ditemukan.")
    return row


def _followup(s: Session, followup_id: str) -> Followup:
    row = s.get(Followup, followup_id)
    if row is None:
        raise ValidationError("followup", "followup_unknown", "Tindak lanjut tidak ditemukan.")
    return row


def _require_idle(s: Session, entity_id: str, field: str) -> None:
    # A second op on top of an unsent one would carry a base version that is already stale.
    if unfinished_ops(s, entity_id):
        raise ValidationError(
            field,
            f"{field}_busy",
            "Perubahan sebelumnya belum terkirim atau menunggu keputusan; tunggu dulu.",
        )


# --- drafts -----------------------------------------------------------------------------------


def save_draft(
    s: Session,
    ctx: Actor,
    report_id: str,
    content: str,
    *,
    template_code: str | None = None,
    attachments: Sequence[Any] = (),
    revise_followup_id: str | None = None,
    draft_id: str | None = None,
) -> DraftRef:
    """Autosave the follow-up text being written (a new one, or a revision of a returned one).

    Without `draft_id` the report's existing draft of the same kind is reused, so repeated
    autosaves never pile up drafts.
    """
    if len(content) > CONTENT_MAX:
        raise ValidationError(
            "content",
            "content_too_long",
            f"Isi tindak lanjut maksimal {CONTENT_MAX} karakter.",
            {"max": CONTENT_MAX},
        )
    refs = attachment_refs(attachments)
    now = utcnow()
    draft = _find_draft(s, report_id, revise_followup_id, draft_id)
    if draft is None:
        draft = _new_draft(s, ctx, report_id, revise_followup_id, now)
    draft.content = content
    draft.template_code = template_code
    draft.attachments = refs
    draft.updated_at = now
    s.flush()
    return DraftRef(draft.id, draft.report_id, draft.followup_id, draft.kind)


def _find_draft(
    s: Session, report_id: str, revise_followup_id: str | None, draft_id: str | None
) -> Draft | None:
    if draft_id is not None:
        draft = s.get(Draft, draft_id)
        if draft is None or draft.report_id != report_id:
            raise ValidationError("draft", "draft_unknown", "Draf tidak ditemukan.")
        return draft
    if revise_followup_id is not None:
        found = s.scalar(select(Draft).where(Draft.followup_id == revise_followup_id))
        if found is not None and found.report_id != report_id:
            raise ValidationError(
                "followup", "followup_other_report", "Tindak lanjut ini milik laporan lain."
            )
        return found
    stmt = select(Draft).where(Draft.report_id == report_id, Draft.kind == "new")
    return s.scalars(stmt.order_by(Draft.created_at)).first()


def _new_draft(
    s: Session, ctx: Actor, report_id: str, revise_followup_id: str | None, now: dt.datetime
) -> Draft:
    require_role(ctx, "officer", "supervisor")
    _report(s, report_id)
    kind, followup_id, base_version = "new", str(uuid.uuid4()), 0
    if revise_followup_id is not None:
        followup = _followup(s, revise_followup_id)
        if followup.report_id != report_id:
            raise ValidationError(
                "followup", "followup_other_report", "Tindak lanjut ini milik laporan lain."
            )
        if followup.data is None or followup.state not in _REVISABLE:
            raise ValidationError(
                "followup", "followup_not_revisable", "Tindak lanjut ini tidak dapat diperbaiki."
            )
        kind, followup_id, base_version = "revise", followup.id, followup.version
    draft = Draft(
        id=str(uuid.uuid4()),
        report_id=report_id,
        followup_id=followup_id,
        kind=kind,
        base_version=base_version,
        content="",
        template_code=None,
        attachments=[],
        created_at=now,
        updated_at=now,
    )
    s.add(draft)
    audit(s, ctx, "draft.create", "draft", draft.id, now=now, detail={"report_id": report_id})
    return draft


# --- follow-ups -------------------------------------------------------------------------------


def submit_followup(s: Session, ctx: Actor, report_id: str, *, draft_id: str | None = None) -> str:
    """Send the report's draft (or the given one) for approval; returns the follow-up id.

    The follow-up shows at once as "pending_submit"; the draft is removed in the same
    transaction that writes the op, so the text is always in one of the two.
    """
    require_role(ctx, "officer", "supervisor")
    draft = _draft_to_submit(s, report_id, draft_id)
    report = _report(s, report_id)
    if not accepts_followup(report.status) or report.local_state == "removed":
        raise ValidationError(
            "report", "report_closed", "Laporan ini tidak lagi menerima tindak lanjut."
        )
    content = require_text(
        "content", draft.content, low=CONTENT_MIN, high=CONTENT_MAX, label="Isi tindak lanjut"
    )
    _require_idle(s, draft.followup_id, "followup")
    now = utcnow()
    payload = {
        "report_id": report_id,
        "content": content,
        "template_code": draft.template_code,
        "attachments": attachment_refs(draft.attachments),
    }
    _ensure_followup_row(s, ctx, draft, now)
    op = enqueue(
        s,
        op_type="followup.submit",
        entity_id=draft.followup_id,
        base_version=draft.base_version,
        payload=payload,
        now=now,
    )
    audit(s, ctx, "followup.submit", "followup", draft.followup_id, now=now, detail=_ids(op))
    s.delete(draft)
    s.flush()
    refresh_followup_state(s, draft.followup_id)
    return draft.followup_id


def _draft_to_submit(s: Session, report_id: str, draft_id: str | None) -> Draft:
    if draft_id is not None:
        draft = s.get(Draft, draft_id)
    else:
        stmt = select(Draft).where(Draft.report_id == report_id)
        draft = s.scalars(stmt.order_by(Draft.updated_at.desc())).first()
    if draft is None or draft.report_id != report_id:
        raise ValidationError("draft", "draft_unknown", "Tidak ada draf untuk dikirim.")
    return draft


def _ensure_followup_row(s: Session, ctx: Actor, draft: Draft, now: dt.datetime) -> None:
    if s.get(Followup, draft.followup_id) is not None:
        return
    s.add(
        Followup(
            id=draft.followup_id,
            report_id=draft.report_id,
            version=0,
            data=None,
            state=None,
            author_id=ctx.user_id,
            updated_at=now,
            local_state=None,
            local_data=None,
        )
    )
    s.flush()


def _ids(op: Any) -> dict[str, Any]:
    return {"op_id": op.op_id, "seq": op.seq}


def withdraw_followup(s: Session, ctx: Actor, followup_id: str, reason: str | None = None) -> str:
    """Take back a follow-up not yet published; returns the op id."""
    require_role(ctx, "officer", "supervisor")
    followup = _followup(s, followup_id)
    if followup.data is None or followup.state not in _REVISABLE:
        raise ValidationError(
            "followup", "followup_not_withdrawable", "Tindak lanjut ini tidak dapat ditarik."
        )
    note = optional_text("reason", reason, high=NOTE_MAX, label="Alasan")
    return _followup_op(s, ctx, followup, "followup.withdraw", followup.version, {"reason": note})


def approve_followup(
    s: Session, ctx: Actor, followup_id: str, version_read: int, note: str | None = None
) -> str:
    """Publish exactly the version the supervisor read (`version_read`); returns the op id."""
    require_role(ctx, "supervisor")
    followup = _pending_review(s, followup_id, version_read)
    text = optional_text("note", note, high=NOTE_MAX, label="Catatan")
    return _followup_op(s, ctx, followup, "followup.approve", version_read, {"note": text})


def return_followup(s: Session, ctx: Actor, followup_id: str, version: int, note: str) -> str:
    """Send the follow-up back to its author with a note; returns the op id."""
    require_role(ctx, "supervisor")
    followup = _pending_review(s, followup_id, version)
    text = require_text("note", note, low=3, high=NOTE_MAX, label="Catatan")
    return _followup_op(s, ctx, followup, "followup.return", version, {"note": text})


def _pending_review(s: Session, followup_id: str, version: int) -> Followup:
    followup = _followup(s, followup_id)
    if followup.state != FollowupState.PENDING_APPROVAL.value or version < 1:
        raise ValidationError(
            "followup",
            "followup_not_pending",
            "Tindak lanjut ini tidak lagi menunggu persetujuan: sudah disetujui, dikembalikan, atau ditarik.",
        )
    return followup


def _followup_op(
    s: Session,
    ctx: Actor,
    followup: Followup,
    op_type: str,
    base_version: int,
    payload: dict[str, Any],
) -> str:
    _require_idle(s, followup.id, "followup")
    now = utcnow()
    op = enqueue(
        s,
        op_type=op_type,
        entity_id=followup.id,
        base_version=base_version,
        payload=payload,
        now=now,
    )
    audit(s, ctx, op_type, "followup", followup.id, now=now, detail=_ids(op))
    refresh_followup_state(s, followup.id)
    return op.op_id


# --- reports ----------------------------------------------------------------------------------


def request_handoff(
    s: Session, ctx: Actor, report_id: str, target_agency_id: str, reason: str
) -> str:
    """Ask for the report to go to another agency ("bukan kewenangan"); returns the op id."""
    require_role(ctx, "officer", "supervisor")
    report = _report(s, report_id)
    target = (target_agency_id or "").strip()
    if not target or target == report.agency:
        raise ValidationError(
            "target_agency_id", "target_agency_invalid", "Pilih instansi tujuan yang lain."
        )
    text = require_text("reason", reason, low=10, high=NOTE_MAX, label="Alasan")
    if not _accepts_handoff(report.status):
        raise ValidationError(
            "report", "report_not_handoff", "Laporan ini tidak dapat dialihkan sekarang."
        )
    _require_idle(s, report_id, "report")
    now = utcnow()
    op = enqueue(
        s,
        op_type="report.handoff_request",
        entity_id=report_id,
        base_version=report.version,
        payload={"target_agency_id": target, "reason": text},
        now=now,
    )
    audit(s, ctx, "report.handoff_request", "report", report_id, now=now, detail=_ids(op))
    refresh_report_state(s, report_id)
    return op.op_id


def assign_report(s: Session, ctx: Actor, report_id: str, assignee_id: str | None) -> str:
    """A supervisor names the officer who handles the report (None: nobody); returns the op id.

    The server checks that the officer belongs to the report's agency; until it answers, the
    report carries `pending_assign` and the assignee the supervisor chose."""
    require_role(ctx, "supervisor")
    report = _report(s, report_id)
    if report.agency != ctx.agency_id:
        raise ValidationError(
            "report", "report_other_agency", "Laporan ini bukan milik kantor Anda."
        )
    if not report_accepts_followup(ReportStatus(report.status)):
        raise ValidationError(
            "report", "report_not_assignable", "Laporan ini tidak dapat ditugaskan sekarang."
        )
    _require_idle(s, report_id, "report")
    now = utcnow()
    op = enqueue(
        s,
        op_type="report.assign",
        entity_id=report_id,
        base_version=report.version,
        payload={"assignee_id": assignee_id},
        now=now,
    )
    report.assignee_id = assignee_id
    audit(s, ctx, "report.assign", "report", report_id, now=now, detail=_ids(op))
    refresh_report_state(s, report_id)
    return op.op_id


def _accepts_handoff(status: str) -> bool:
    try:
        return report_accepts_handoff(ReportStatus(status))
    except ValueError:
        return False


def mark_read(s: Session, ctx: Actor, report_id: str, read: bool = True) -> bool:
    """Local only. Opening a report is also an access to personal data: audited when read.

    Reading also clears the report's "new"/"updated" mark for this user (`localdb.news`);
    returns True when it had one."""
    report = _report(s, report_id)
    cleared = news.mark_seen(s, ctx.user_id, report_id) if read else False
    if report.is_read == read:
        return cleared
    report.is_read = read
    audit(s, ctx, "report.read" if read else "report.unread", "report", report_id, now=utcnow())
    return cleared
