"""What a push answer does to the outbox, op by op (inside the caller's one transaction)."""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Sequence

from sqlalchemy.orm import Session

from localdb import syncstore
from localdb.syncstore import PendingOp
from sync import planner
from sync.summary import CycleStats
from sync.wire import OpResult


def apply_push_results(
    s: Session,
    batch: Sequence[PendingOp],
    results: list[OpResult],
    *,
    stats: CycleStats,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    by_id = {r.op_id: r for r in results}
    for op in batch:
        result = by_id.get(op.op_id)
        if result is None:  # not answered: send again next time
            syncstore.mark_retry(s, [op.op_id], error="no result", next_attempt_at=now)
            continue
        _apply_one(s, op, result, stats=stats, now=now, rng=rng)


def _apply_one(
    s: Session,
    op: PendingOp,
    result: OpResult,
    *,
    stats: CycleStats,
    now: dt.datetime,
    rng: random.Random,
) -> None:
    action = planner.classify_result(result)
    entity = result.entity.model_dump(mode="json", by_alias=True) if result.entity else None
    if entity is not None:
        stats.report_ids.add(str(entity.get("report_id") or entity.get("id")))
    outcome = action.outcome
    if outcome is planner.Outcome.DONE:
        syncstore.mark_applied(s, op.op_id, result.entity_kind, entity)
        stats.pushed += 1
    elif outcome in (planner.Outcome.CONFLICT, planner.Outcome.WAIT):
        # A WAIT (blocked_by_earlier_op) goes back to pending behind the parked op; localdb
        # tells the two apart by the code.
        syncstore.mark_conflict(
            s,
            op.op_id,
            code=action.code or "conflict",
            detail=action.detail or "",
            entity_kind=result.entity_kind,
            server_entity=entity,
        )
        if outcome is planner.Outcome.CONFLICT:
            stats.conflicts += 1
        else:
            stats.waiting += 1
    elif outcome is planner.Outcome.QUARANTINE:
        syncstore.mark_quarantined(
            s, op.op_id, code=action.code or "rejected", detail=action.detail or ""
        )
        stats.quarantined += 1
    else:
        _retry_missing_attachment(s, op, action.detail, now=now, rng=rng)


def _retry_missing_attachment(
    s: Session, op: PendingOp, detail: str | None, *, now: dt.datetime, rng: random.Random
) -> None:
    """The server lacks a blob we thought it had: upload it again, then send the op."""
    for sha in op.blob_shas:
        syncstore.set_blob_upload(s, sha, upload_id=None, offset=0, complete=False)
    delay = planner.retry_delay(op.attempts, cap=60.0, rng=rng)
    syncstore.mark_retry(
        s,
        [op.op_id],
        error=f"attachment_missing: {detail or ''}",
        next_attempt_at=now + dt.timedelta(seconds=delay),
    )
