"""The user's answers to a conflict: keep my change, take the server's, or keep my text.

A conflict either belongs to an outbox op the server refused (`op_id` set) or to a draft whose
report was removed or closed by a pull (`entity_kind == "draft"`).
"""

from __future__ import annotations

import datetime as dt
import uuid
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain.errors import ValidationError
from domain.states import FollowupState
from localdb.actor import Actor
from localdb.models import Conflict, Draft, Followup, Intake, Outbox
from localdb.outbox import audit, enqueue, next_seq
from localdb.rows import PARKED, refresh_entity_state, refresh_report_state, unfinished_ops
from localdb.sqltypes import utcnow
from localdb.views import OutboxState

# Approving or returning is a decision about the text the supervisor read: a newer version
# must be read again, never approved blindly.
_REREAD = ("followup.approve", "followup.return")
_REVISABLE = (FollowupState.RETURNED.value, FollowupState.PENDING_APPROVAL.value)


def _open(s: Session, conflict_id: int) -> Conflict:
    conflict = s.get(Conflict, conflict_id)
    if conflict is None or conflict.resolved_at is not None:
        raise ValidationError("conflict", "conflict_unknown", "Konflik tidak ditemukan.")
    return conflict


def _parked_op(s: Session, conflict: Conflict) -> Outbox | None:
    op = s.get(Outbox, conflict.op_id) if conflict.op_id else None
    return op if op is not None and op.state in PARKED else None


def _close(s: Session, ctx: Actor, conflict: Conflict, how: str, detail: dict[str, Any]) -> None:
    now = utcnow()
    conflict.resolved_at = now
    conflict.resolution = how
    audit(
        s,
        ctx,
        f"conflict.{how}",
        conflict.entity_kind,
        conflict.entity_id,
        now=now,
        detail={"conflict_id": conflict.id, **detail},
    )


def resolve_conflict_keep_mine(s: Session, ctx: Actor, conflict_id: int) -> str | None:
    """Send my change again, now based on the server's current version; returns the new op id.

    Ops on the same entity that waited behind the refused one move behind the new op, so the
    entity's ops still reach the server in the order they were made.
    """
    conflict = _open(s, conflict_id)
    if conflict.op_id is None:  # a draft: keeping it means nothing more to do
        _close(s, ctx, conflict, "keep_mine", {})
        return None
    op = _parked_op(s, conflict)
    if op is None:
        raise ValidationError("conflict", "conflict_stale", "Perubahan ini sudah tidak tertunda.")
    if op.type in _REREAD:
        raise ValidationError(
            "conflict", "reread_required", "Baca versi terbaru dulu, lalu putuskan lagi."
        )
    server_version = (conflict.server_entity or {}).get("version")
    base = int(server_version) if server_version is not None else op.base_version
    op_type, entity_id, payload = op.type, op.entity_id, dict(op.payload)
    s.delete(op)
    s.flush()
    new = enqueue(
        s, op_type=op_type, entity_id=entity_id, base_version=base, payload=payload, now=utcnow()
    )
    for waiting in unfinished_ops(s, entity_id):
        if waiting.state == OutboxState.PENDING and waiting.op_id != new.op_id:
            waiting.seq = next_seq(s)
            s.flush()
    _close(s, ctx, conflict, "keep_mine", {"op_id": new.op_id, "seq": new.seq})
    refresh_entity_state(s, op_type, entity_id)
    return new.op_id


def resolve_conflict_take_theirs(s: Session, ctx: Actor, conflict_id: int) -> None:
    """Drop my change; the server's row stands (a draft in conflict is deleted)."""
    conflict = _open(s, conflict_id)
    if conflict.op_id is None:
        draft = s.get(Draft, conflict.entity_id)
        if draft is not None:
            s.delete(draft)
    else:
        _drop_op(s, conflict)
    _close(s, ctx, conflict, "take_theirs", {})


def _drop_op(s: Session, conflict: Conflict) -> None:
    op = _parked_op(s, conflict)
    if op is None:
        return
    op_type, entity_id = op.type, op.entity_id
    s.delete(op)
    s.flush()
    if op_type == "report.create":
        intake = s.get(Intake, entity_id)
        if intake is not None:
            intake.local_state = "discarded"
        return
    followup = s.get(Followup, entity_id)
    if followup is not None and followup.data is None and not unfinished_ops(s, entity_id):
        report_id = followup.report_id
        s.delete(followup)  # never reached the server: nothing of it is left to show
        s.flush()
        refresh_report_state(s, report_id)
        return
    refresh_entity_state(s, op_type, entity_id)


def resolve_conflict_copy_to_draft(s: Session, ctx: Actor, conflict_id: int) -> str:
    """Keep my follow-up text as a draft to rework, and drop the refused op; returns the draft id."""
    conflict = _open(s, conflict_id)
    payload = conflict.local_payload or {}
    if "content" not in payload or "report_id" not in payload:
        raise ValidationError(
            "conflict", "no_followup_text", "Tidak ada teks tindak lanjut untuk disalin."
        )
    draft = s.get(Draft, conflict.entity_id) if conflict.op_id is None else None
    if draft is None:
        draft = _draft_from(s, conflict, payload)
    if conflict.op_id is not None:
        _drop_op(s, conflict)
    _close(s, ctx, conflict, "copy_to_draft", {"draft_id": draft.id})
    return draft.id


def _draft_from(s: Session, conflict: Conflict, payload: dict[str, Any]) -> Draft:
    server = conflict.server_entity or {}
    kind, followup_id, base = "new", str(uuid.uuid4()), 0
    if conflict.entity_kind == "followup" and server.get("state") in _REVISABLE:
        kind, followup_id, base = "revise", conflict.entity_id, int(server["version"])
    existing = s.scalar(select(Draft).where(Draft.followup_id == followup_id))
    now = utcnow()
    if existing is not None:
        # Never overwrite text someone is already writing: add mine below it.
        existing.content = f"{existing.content}\n\n{payload['content']}".strip()
        existing.updated_at = now
        return existing
    draft = _new_draft_row(payload, kind, followup_id, base, now)
    s.add(draft)
    s.flush()
    return draft


def _new_draft_row(
    payload: dict[str, Any], kind: str, followup_id: str, base: int, now: dt.datetime
) -> Draft:
    return Draft(
        id=str(uuid.uuid4()),
        report_id=payload["report_id"],
        followup_id=followup_id,
        kind=kind,
        base_version=base,
        content=payload["content"],
        template_code=payload.get("template_code"),
        attachments=list(payload.get("attachments") or []),
        created_at=now,
        updated_at=now,
    )
