"""Writing outbox ops and audit rows, and the input checks every command shares."""

from __future__ import annotations

import datetime as dt
import re
import uuid
from collections.abc import Iterable, Mapping
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from domain.errors import ValidationError
from localdb import journal
from localdb.actor import Actor
from localdb.models import Audit, Outbox
from localdb.rows import sync_state_row
from localdb.views import OutboxState

MAX_ATTACHMENTS = 20
_SHA256 = re.compile(r"^[0-9a-f]{64}$")


def enqueue(
    s: Session,
    *,
    op_type: str,
    entity_id: str,
    base_version: int,
    payload: dict[str, Any],
    now: dt.datetime,
) -> Outbox:
    """Append one op at the end of the queue."""
    op = Outbox(
        op_id=str(uuid.uuid4()),
        seq=next_seq(s),
        type=op_type,
        entity_id=entity_id,
        base_version=base_version,
        payload=payload,
        state=OutboxState.PENDING,
        attempts=0,
        next_attempt_at=None,
        last_error=None,
        created_at=now,
        done_at=None,
    )
    s.add(op)
    s.flush()
    journal.note_op(s, _device_id(s), _journal_form(op))
    return op


def _device_id(s: Session) -> str:
    from localdb.syncstore import device_id  # syncstore imports this module's neighbours

    return device_id(s)


def _journal_form(op: Outbox) -> dict[str, Any]:
    return {
        "op_id": op.op_id,
        "seq": op.seq,
        "type": op.type,
        "entity_id": op.entity_id,
        "base_version": op.base_version,
        "payload": op.payload,
        "created_at": op.created_at.isoformat(),
    }


def next_seq(s: Session) -> int:
    """The next op number: past every number ever used, even of ops dropped since."""
    state = sync_state_row(s)
    top = s.scalar(select(func.max(Outbox.seq))) or 0
    state.last_seq = max(top, state.last_seq) + 1
    return state.last_seq


def audit(
    s: Session,
    ctx: Actor,
    action: str,
    entity_kind: str,
    entity_id: str,
    *,
    now: dt.datetime,
    detail: dict[str, Any] | None = None,
) -> None:
    """One audit row: ids and codes only, never names, NIKs or free text."""
    s.add(
        Audit(
            at=now,
            actor=ctx.user_id,
            action=action,
            entity_kind=entity_kind,
            entity_id=entity_id,
            detail=detail,
        )
    )


def require_role(ctx: Actor, *roles: str) -> None:
    if not ctx.has_role(*roles):
        raise ValidationError(
            "role", "role_forbidden", "Peran Anda tidak mengizinkan tindakan ini."
        )


def require_text(field: str, value: str | None, *, low: int, high: int, label: str) -> str:
    """The trimmed text, or ValidationError(field) when shorter than `low` or longer than `high`."""
    text = (value or "").strip()
    if len(text) < low:
        raise ValidationError(
            field,
            f"{field}_too_short",
            f"{label} minimal {low} karakter (tertulis {len(text)}).",
            {"label": label, "low": low, "n": len(text)},
        )
    if len(text) > high:
        raise ValidationError(
            field,
            f"{field}_too_long",
            f"{label} maksimal {high} karakter (tertulis {len(text)}).",
            {"label": label, "high": high, "n": len(text)},
        )
    return text


def optional_text(field: str, value: str | None, *, high: int, label: str) -> str | None:
    text = (value or "").strip()
    if not text:
        return None
    return require_text(field, text, low=1, high=high, label=label)


def attachment_refs(items: Iterable[Any]) -> list[dict[str, Any]]:
    """Attachment references in the wire shape {sha256, filename, mime, size}."""
    refs = [_ref(item) for item in items]
    if len(refs) > MAX_ATTACHMENTS:
        raise ValidationError(
            "attachments",
            "attachments_too_many",
            f"Lampiran maksimal {MAX_ATTACHMENTS} berkas.",
            {"max": MAX_ATTACHMENTS},
        )
    return refs


def _ref(item: Any) -> dict[str, Any]:
    raw = item if isinstance(item, Mapping) else vars(item)
    try:
        sha256, filename = str(raw["sha256"]), str(raw["filename"])
        mime, size = str(raw["mime"]), int(raw["size"])
    except (KeyError, TypeError, ValueError) as exc:
        raise ValidationError(
            "attachments", "attachment_invalid", "Data lampiran tidak lengkap."
        ) from exc
    if not _SHA256.match(sha256) or not filename or size < 0:
        raise ValidationError("attachments", "attachment_invalid", "Data lampiran tidak sah.")
    return {"sha256": sha256, "filename": filename, "mime": mime, "size": size}
