"""What the sync engine reads and writes in the local database.

Every function takes a Session inside a transaction the caller owns, so a pushed batch's results
or a pulled page and its cursor commit together. Entities cross this boundary as plain dicts in
the wire shapes of the protocol; this package never imports the wire models.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from localdb import journal
from localdb.models import (
    Audit,
    Blob,
    Conflict,
    Intake,
    LocalUserRow,
    Outbox,
    ReferenceCache,
    SyncLog,
    SyncState,
)
from localdb.pull import AppliedPage, apply_changes
from localdb.rows import (
    OP_ENTITY_KIND,
    PARKED,
    UNFINISHED,
    refresh_entity_state,
    sync_state_row,
    upsert_entity,
)
from localdb.sqltypes import utcnow
from localdb.views import UNSENT, OutboxState

__all__ = [
    "AppliedPage",
    "BlobToUpload",
    "LocalUser",
    "PendingOp",
    "SyncStateInfo",
    "apply_changes",
    "blobs_to_upload",
    "device_id",
    "get_sync_state",
    "load_local_user",
    "load_reference",
    "mark_applied",
    "mark_conflict",
    "mark_quarantined",
    "mark_retry",
    "mark_sending",
    "pending_ops",
    "record_request",
    "reoffer_after_restore",
    "save_local_user",
    "set_blob_upload",
    "set_server_mark",
    "set_sync_result",
    "store_reference",
]

# The server's answer for an op that was not tried because an earlier op on the same entity
# failed: not the user's business, the op simply waits for that earlier one.
BLOCKED_BY_EARLIER_OP = "blocked_by_earlier_op"
SYNC_LOG_KEEP = 5000


@dataclass(frozen=True)
class PendingOp:
    op_id: str
    seq: int
    type: str
    entity_id: str
    base_version: int
    payload: dict[str, Any]
    attempts: int
    blob_shas: tuple[str, ...]


# Longer than any wait between two tries of an op (the back-off's cap is 15 minutes; a server's
# Retry-After is honoured up to this): a retry time further ahead came from a wrong clock.
MAX_RETRY_WAIT = dt.timedelta(hours=2)


def pending_ops(s: Session, *, now: dt.datetime, limit: int = 200) -> list[PendingOp]:
    """Ops to push now, in seq order.

    `sending` ops are included: they are left over from a run that died before the answer came,
    and the server's op_id check makes sending them again safe. An op waits while an earlier op
    on the same entity is parked (conflict/quarantined) or not due yet, so per-entity order holds.
    """
    stmt = select(Outbox).where(Outbox.state.in_(UNFINISHED))
    blocked: set[str] = set()
    found: list[PendingOp] = []
    for op in s.scalars(stmt.order_by(Outbox.seq)):
        due = op.next_attempt_at is None or op.next_attempt_at <= now
        # No retry is ever scheduled further ahead than the longest back-off: a time beyond
        # it was set by a clock running ahead that has since been put right. Due now.
        if op.next_attempt_at is not None and op.next_attempt_at > now + MAX_RETRY_WAIT:
            due = True
        if op.entity_id in blocked or op.state in PARKED or not due:
            blocked.add(op.entity_id)
            continue
        found.append(_pending(op))
        if len(found) >= limit:
            break
    return found


def _pending(op: Outbox) -> PendingOp:
    shas = tuple(a["sha256"] for a in op.payload.get("attachments", []) if "sha256" in a)
    return PendingOp(
        op_id=op.op_id,
        seq=op.seq,
        type=op.type,
        entity_id=op.entity_id,
        base_version=op.base_version,
        payload=dict(op.payload),
        attempts=op.attempts,
        blob_shas=shas,
    )


def mark_sending(s: Session, op_ids: Sequence[str]) -> None:
    if op_ids:
        s.execute(update(Outbox).where(Outbox.op_id.in_(op_ids)).values(state=OutboxState.SENDING))


def _op(s: Session, op_id: str) -> Outbox:
    op = s.get(Outbox, op_id)
    if op is None:
        raise KeyError(f"no outbox op {op_id}")
    return op


def mark_applied(
    s: Session, op_id: str, entity_kind: str | None, entity: dict[str, Any] | None
) -> None:
    """The server applied the op (or had before): done, and its entity becomes the local base."""
    op = _op(s, op_id)
    op.state = OutboxState.DONE
    op.done_at = utcnow()
    op.last_error = None
    journal.note_done(s, op_id)
    upsert_entity(s, entity_kind, entity)
    if op.type == "report.create" and entity is not None:
        intake = s.get(Intake, op.entity_id)
        if intake is not None:
            intake.tracking_id = entity.get("tracking_id")
            intake.reporter = _without_identity(intake.reporter)
        op.payload = {**op.payload, "reporter": _without_identity(op.payload.get("reporter"))}
    s.flush()
    refresh_entity_state(s, op.type, op.entity_id)


# Retention: once the server has a walk-in complaint, the office keeps the receipt and tracking
# numbers, not the reporter's NIK and phone (the server holds them; see docs/user-guide.md).
IDENTITY_FIELDS = ("nik", "phone")


def _without_identity(reporter: Any) -> Any:
    if not isinstance(reporter, dict):
        return reporter
    return {k: (None if k in IDENTITY_FIELDS else v) for k, v in reporter.items()}


def mark_conflict(
    s: Session,
    op_id: str,
    *,
    code: str,
    detail: str,
    entity_kind: str | None,
    server_entity: dict[str, Any] | None,
) -> None:
    """The server refused the op as stale: park it and record both sides for the user.

    `blocked_by_earlier_op` is not recorded: the op goes back to pending and waits behind the
    op that is parked.
    """
    op = _op(s, op_id)
    upsert_entity(s, entity_kind, server_entity)
    if code == BLOCKED_BY_EARLIER_OP:
        op.state = OutboxState.PENDING
        op.last_error = f"{code}: {detail}"
        return
    op.state = OutboxState.CONFLICT
    op.last_error = f"{code}: {detail}"
    _record_conflict(s, op, code=code, detail=detail, server_entity=server_entity)
    s.flush()
    refresh_entity_state(s, op.type, op.entity_id)


def mark_quarantined(s: Session, op_id: str, *, code: str, detail: str) -> None:
    """The server rejected the op as invalid: it stops here, the rest of the outbox goes on."""
    op = _op(s, op_id)
    op.state = OutboxState.QUARANTINED
    op.last_error = f"{code}: {detail}"
    _record_conflict(s, op, code=code, detail=detail, server_entity=None)
    s.flush()
    refresh_entity_state(s, op.type, op.entity_id)


def _record_conflict(
    s: Session, op: Outbox, *, code: str, detail: str, server_entity: dict[str, Any] | None
) -> None:
    s.add(
        Conflict(
            entity_kind=OP_ENTITY_KIND[op.type],
            entity_id=op.entity_id,
            op_id=op.op_id,
            local_payload=dict(op.payload),
            server_entity=server_entity,
            code=code,
            detail=detail,
            created_at=utcnow(),
        )
    )


def mark_retry(
    s: Session, op_ids: Sequence[str], *, error: str, next_attempt_at: dt.datetime
) -> None:
    """Back to pending after a transport error, to be tried again at `next_attempt_at`."""
    for op in s.scalars(select(Outbox).where(Outbox.op_id.in_(op_ids))):
        if op.state not in UNSENT:
            continue
        op.state = OutboxState.PENDING
        op.attempts += 1
        op.last_error = error
        op.next_attempt_at = next_attempt_at


# --- sync state and log -----------------------------------------------------------------------


@dataclass(frozen=True)
class SyncStateInfo:
    cursor: str | None
    last_success_at: dt.datetime | None
    last_attempt_at: dt.datetime | None
    server_offset_seconds: float | None  # server clock minus local clock
    last_error: str | None
    reference_etag: str | None
    server_mark: str | None = None  # the server's last mark (docs/sync.md)


# A PC clock within this much of the hub's is taken as right (network delay, small drift).
CLOCK_TOLERANCE = dt.timedelta(minutes=2)


def corrected_now(s: Session, now: dt.datetime) -> dt.datetime:
    """`now` moved onto the hub's clock when the last sync measured this PC's clock off by
    more than CLOCK_TOLERANCE (a desk PC two days ahead must not date a complaint so)."""
    offset = get_sync_state(s).server_offset_seconds
    if offset is None or abs(offset) <= CLOCK_TOLERANCE.total_seconds():
        return now
    return now + dt.timedelta(seconds=offset)


def get_sync_state(s: Session) -> SyncStateInfo:
    row = s.get(SyncState, 1)
    if row is None:
        return SyncStateInfo(None, None, None, None, None, None)
    return SyncStateInfo(
        cursor=row.cursor,
        last_success_at=row.last_success_at,
        last_attempt_at=row.last_attempt_at,
        server_offset_seconds=row.server_offset_seconds,
        last_error=row.last_error,
        reference_etag=row.reference_etag,
        server_mark=row.server_mark,
    )


def set_server_mark(s: Session, mark: str | None) -> None:
    sync_state_row(s).server_mark = mark


def reoffer_after_restore(s: Session) -> int:
    """The server went back to an older copy of its database: every op it had acknowledged
    goes back to `pending` (its op id makes a second apply a `duplicate`), and the cursor and
    mark are dropped so the next pull reads the whole scope again. Returns how many ops."""
    done = s.scalars(select(Outbox).where(Outbox.state == "done").order_by(Outbox.seq)).all()
    for op in done:
        op.state = "pending"
        op.attempts = 0
        op.next_attempt_at = None
        op.done_at = None
        op.last_error = "server_restored: dikirim ulang"
    s.flush()
    for op in done:
        refresh_entity_state(s, op.type, op.entity_id)
    state = sync_state_row(s)
    state.cursor = None
    state.server_mark = None
    return len(done)


def set_sync_result(
    s: Session,
    *,
    at: dt.datetime,
    success: bool,
    error: str | None = None,
    server_offset_seconds: float | None = None,
) -> None:
    row = sync_state_row(s)
    row.last_attempt_at = at
    if success:
        row.last_success_at = at
        row.last_error = None
    else:
        row.last_error = error
    if server_offset_seconds is not None:
        row.server_offset_seconds = server_offset_seconds


def record_request(
    s: Session,
    *,
    request_id: str,
    method: str,
    endpoint: str,
    status: int | None,
    bytes_sent: int,
    bytes_received: int,
    duration_ms: int,
    error: str | None,
) -> None:
    entry = SyncLog(
        request_id=request_id,
        method=method,
        endpoint=endpoint,
        status=status,
        bytes_sent=bytes_sent,
        bytes_received=bytes_received,
        duration_ms=duration_ms,
        error=error,
        at=utcnow(),
    )
    s.add(entry)
    s.flush()
    # Keep the log bounded: every few hundred requests, drop what is past the newest N.
    if entry.id % 500 == 0:
        s.execute(delete(SyncLog).where(SyncLog.id <= entry.id - SYNC_LOG_KEEP))


# --- attachments ------------------------------------------------------------------------------


@dataclass(frozen=True)
class BlobToUpload:
    sha256: str
    path: Path  # absolute
    size: int
    filename: str
    mime: str
    upload_id: str | None
    uploaded_offset: int


def blobs_to_upload(
    s: Session, blob_root: Path, op_ids: Sequence[str] | None = None
) -> list[BlobToUpload]:
    """Incomplete blobs that unsent ops refer to (only those of `op_ids` when given).

    `blob_root` is the profile's blob folder (`Profile.blob_dir`).
    """
    stmt = select(Outbox).where(Outbox.state.in_(UNSENT))
    if op_ids is not None:
        stmt = select(Outbox).where(Outbox.op_id.in_(op_ids))
    wanted: list[str] = []
    for op in s.scalars(stmt.order_by(Outbox.seq)):
        for ref in op.payload.get("attachments", []):
            if ref.get("sha256") and ref["sha256"] not in wanted:
                wanted.append(ref["sha256"])
    if not wanted:
        return []
    blobs = {b.sha256: b for b in s.scalars(select(Blob).where(Blob.sha256.in_(wanted)))}
    return [_to_upload(blobs[sha], blob_root) for sha in wanted if _needs_upload(blobs.get(sha))]


def _needs_upload(blob: Blob | None) -> bool:
    return blob is not None and not blob.complete


def _to_upload(blob: Blob, blob_root: Path) -> BlobToUpload:
    return BlobToUpload(
        sha256=blob.sha256,
        path=(blob_root / blob.path).absolute(),
        size=blob.size,
        filename=blob.filename,
        mime=blob.mime,
        upload_id=blob.upload_id,
        uploaded_offset=blob.uploaded_offset,
    )


def set_blob_upload(
    s: Session, sha256: str, *, upload_id: str | None, offset: int, complete: bool
) -> None:
    blob = s.get(Blob, sha256)
    if blob is None:
        raise KeyError(f"no blob {sha256}")
    blob.upload_id = upload_id
    blob.uploaded_offset = offset
    blob.complete = complete


# --- reference data and the local user --------------------------------------------------------


def store_reference(s: Session, data: dict[str, Any], etag: str) -> None:
    row = s.get(ReferenceCache, 1)
    if row is None:
        s.add(ReferenceCache(id=1, data=data, etag=etag, fetched_at=utcnow()))
    else:
        row.data, row.etag, row.fetched_at = data, etag, utcnow()
    sync_state_row(s).reference_etag = etag


def load_reference(s: Session) -> tuple[dict[str, Any] | None, str | None]:
    row = s.get(ReferenceCache, 1)
    return (None, None) if row is None else (dict(row.data), row.etag)


@dataclass(frozen=True)
class LocalUser:
    """The user last verified online on this profile (never a token)."""

    user: dict[str, Any]
    device_id: str
    verifier: str | None
    verified_at: dt.datetime | None


def _local_user_row(s: Session) -> LocalUserRow:
    row = s.get(LocalUserRow, 1)
    if row is None:
        row = LocalUserRow(id=1, device_id=str(uuid.uuid4()), user=None)
        s.add(row)
        s.flush()
    return row


def device_id(s: Session) -> str:
    """This profile's device id, made once and kept (the server keys op results by it)."""
    return _local_user_row(s).device_id


def latest_time_seen(s: Session) -> dt.datetime | None:
    """The latest moment this profile has seen: its last online login, its last sync attempt,
    its newest audit row. A clock now earlier than this was moved back."""
    state = get_sync_state(s)
    local = load_local_user(s)
    newest_audit = s.scalar(select(func.max(Audit.at)))
    times = [
        t
        for t in (
            local.verified_at if local else None,
            state.last_attempt_at,
            newest_audit,
        )
        if t is not None
    ]
    return max((t if t.tzinfo else t.replace(tzinfo=dt.UTC)) for t in times) if times else None


def save_local_user(
    s: Session,
    user: dict[str, Any],
    *,
    device_id: str,
    verifier: str | None,
    verified_at: dt.datetime,
) -> None:
    row = _local_user_row(s)
    row.user = dict(user)
    row.device_id = device_id
    row.verifier = verifier
    row.verified_at = verified_at


def load_local_user(s: Session) -> LocalUser | None:
    row = s.get(LocalUserRow, 1)
    if row is None or row.user is None:
        return None
    return LocalUser(dict(row.user), row.device_id, row.verifier, row.verified_at)
