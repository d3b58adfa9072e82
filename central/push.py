"""Push: a batch of idempotent ops, each in its own transaction.

The answer to an applied op is stored under (device_id, op_id) in the same transaction as its
effect, so a retry after a lost response gets the first answer back (`duplicate`) and creates
nothing new. Only applied ops are stored: a conflict or a rejection changed nothing, and the
same op sent again (after the client uploaded the missing file, say) is judged afresh.
"""

from __future__ import annotations

import hashlib
import json
from pathlib import Path

import pydantic
from sqlalchemy.orm import Session

from central.db import Database
from central.models import OpResultRow, User
from central.mutate import begin_work
from central.ops import HANDLERS, OpContext, OpOutcome, payload_field, rejected
from central.render import Viewer
from central.rules import world_now
from sync.wire import PAYLOAD_MODELS, Op, OpResult, Problem, PushRequest, PushResponse


def payload_hash(op: Op) -> str:
    canonical = json.dumps(
        {
            "type": op.type,
            "entity_id": op.entity_id,
            "base_version": op.base_version,
            "payload": op.payload,
        },
        sort_keys=True,
        separators=(",", ":"),
        ensure_ascii=False,
        default=str,
    )
    return hashlib.sha256(canonical.encode()).hexdigest()


def _replay(session: Session, device_id: str, op: Op, digest: str) -> None:
    stored = session.get(OpResultRow, (device_id, op.op_id))
    if stored is None:
        return
    if stored.payload_hash != digest:
        raise rejected(
            op, 409, "op_id_reused", "op_id ini sudah dipakai untuk operasi lain.", "op_id"
        )
    result = OpResult.model_validate_json(stored.result_json)
    raise OpOutcome(result.model_copy(update={"status": "duplicate"}))


def _run(
    session: Session, user: User, device_id: str, op: Op, digest: str, data_dir: Path
) -> OpResult:
    work = begin_work(session)  # takes the change number first: serialises writers
    _replay(session, device_id, op, digest)
    model = PAYLOAD_MODELS[op.type]
    try:
        payload = model.model_validate(op.payload)
    except pydantic.ValidationError as err:
        first = err.errors()[0]
        raise rejected(
            op, 422, "invalid_payload", first["msg"], payload_field(tuple(first["loc"]))
        ) from err
    ctx = OpContext(work=work, user=user, viewer=Viewer.of(user), data_dir=data_dir)
    result = HANDLERS[op.type](ctx, op, payload)
    session.add(
        OpResultRow(
            device_id=device_id,
            op_id=op.op_id,
            payload_hash=digest,
            user_id=user.id,
            result_json=result.model_dump_json(by_alias=True),
            created_at=work.rules.now,
        )
    )
    return result


def apply_op(db: Database, user: User, device_id: str, op: Op, data_dir: Path) -> OpResult:
    digest = payload_hash(op)
    try:
        with db.write() as session, session.begin():
            return _run(session, user, device_id, op, digest, data_dir)
    except OpOutcome as outcome:
        return outcome.result


def _blocked(op: Op) -> OpResult:
    problem = Problem(
        title="Konflik",
        status=409,
        detail="Operasi sebelumnya pada data yang sama gagal; operasi ini tidak dijalankan.",
        code="blocked_by_earlier_op",
    )
    return OpResult(op_id=op.op_id, status="conflict", error=problem)


def push(db: Database, user: User, request: PushRequest, data_dir: Path) -> PushResponse:
    failed: set[str] = set()
    results: list[OpResult] = []
    for op in sorted(request.ops, key=lambda o: o.seq):
        if op.entity_id in failed:
            results.append(_blocked(op))
            continue
        result = apply_op(db, user, request.device_id, op, data_dir)
        if result.status in ("conflict", "rejected"):
            failed.add(op.entity_id)
        results.append(result)
    with db.read() as session:
        now = world_now(session)
    return PushResponse(results=results, server_time=now)


def stored_result(session: Session, device_id: str, op_id: str, user: User) -> OpResult | None:
    row = session.get(OpResultRow, (device_id, op_id))
    if row is None or row.user_id != user.id:
        return None
    return OpResult.model_validate_json(row.result_json)
