"""The sync decisions as pure functions over values (no I/O, no clock, no randomness of its own).

The runner does the I/O around these: which ops can go now, in which batches, what a server's
answer to one op means, and how long to wait before trying again.
"""

from __future__ import annotations

import enum
import json
import random
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from typing import Any, Protocol, TypeVar

from sync.wire import MAX_PUSH_OPS, OpResult

# Batches are cut by bytes; the count only keeps within what the server takes in one push.
DEFAULT_MAX_OPS = MAX_PUSH_OPS
# A batch should cross a 256 kbit/s link in a few seconds even before compression (gzip makes
# report text about a quarter of that): 200 follow-ups of a few lines are one request.
DEFAULT_MAX_BYTES = 128 * 1024
BLOCKED_BY_EARLIER_OP = "blocked_by_earlier_op"
ATTACHMENT_MISSING = "attachment_missing"


class OpLike(Protocol):
    """What the planner needs of an outbox op (localdb.syncstore.PendingOp fits)."""

    @property
    def op_id(self) -> str: ...
    @property
    def seq(self) -> int: ...
    @property
    def type(self) -> str: ...
    @property
    def entity_id(self) -> str: ...
    @property
    def base_version(self) -> int: ...
    @property
    def payload(self) -> dict[str, Any]: ...
    @property
    def blob_shas(self) -> Sequence[str]: ...


OpT = TypeVar("OpT", bound=OpLike)


def op_wire_size(op: OpLike) -> int:
    """Roughly how many bytes this op takes in a push body (before compression)."""
    body = {
        "op_id": op.op_id,
        "seq": op.seq,
        "type": op.type,
        "entity_id": op.entity_id,
        "base_version": op.base_version,
        "payload": op.payload,
    }
    return len(json.dumps(body, ensure_ascii=False, separators=(",", ":")).encode()) + 1


def plan_batches(
    ops: Iterable[OpT], max_ops: int = DEFAULT_MAX_OPS, max_bytes: int = DEFAULT_MAX_BYTES
) -> list[list[OpT]]:
    """Split ops, in seq order, into batches of at most max_ops ops and about max_bytes bytes.

    An op bigger than max_bytes on its own still goes, alone in its batch.
    """
    max_ops = max(1, min(max_ops, MAX_PUSH_OPS))
    batches: list[list[OpT]] = []
    current: list[OpT] = []
    size = 0
    for op in sorted(ops, key=lambda o: o.seq):
        op_size = op_wire_size(op)
        if current and (len(current) >= max_ops or size + op_size > max_bytes):
            batches.append(current)
            current, size = [], 0
        current.append(op)
        size += op_size
    if current:
        batches.append(current)
    return batches


def _depends_on(op: OpLike) -> set[str]:
    """Entities this op needs to exist first: itself and the report it belongs to."""
    deps = {op.entity_id}
    report_id = op.payload.get("report_id")
    if isinstance(report_id, str):
        deps.add(report_id)
    return deps


def ops_ready(ops: Iterable[OpT], uploaded: set[str]) -> tuple[list[OpT], list[OpT]]:
    """(ready, held back): an op is held back while one of its attachments is not uploaded,
    and so is every later op on the same entity (or on a report held back), so order holds.
    Ops without attachments on other entities are never held back by someone else's upload."""
    ready: list[OpT] = []
    held: list[OpT] = []
    blocked: set[str] = set()
    for op in sorted(ops, key=lambda o: o.seq):
        missing = any(sha not in uploaded for sha in op.blob_shas)
        if missing or _depends_on(op) & blocked:
            held.append(op)
            blocked.add(op.entity_id)
        else:
            ready.append(op)
    return ready, held


class Outcome(enum.Enum):
    DONE = "done"  # applied or duplicate: the op is finished
    CONFLICT = "conflict"  # the user has to look at both sides
    QUARANTINE = "quarantine"  # invalid: kept with the server's reason, never resent on its own
    RETRY = "retry"  # try again later (attachment uploaded first, server hiccup)
    WAIT = "wait"  # blocked by an earlier op of this entity: pending until that one is settled


@dataclass(frozen=True)
class Action:
    outcome: Outcome
    code: str | None = None
    detail: str | None = None


def classify_result(result: OpResult) -> Action:
    """What one op's result in a push answer means for the outbox."""
    code = result.error.code if result.error else None
    detail = (result.error.detail or result.error.title) if result.error else None
    if result.status in ("applied", "duplicate"):
        return Action(Outcome.DONE)
    if result.status == "conflict":
        if code == BLOCKED_BY_EARLIER_OP:
            return Action(Outcome.WAIT, code, detail)
        return Action(Outcome.CONFLICT, code or "stale_version", detail)
    if code == ATTACHMENT_MISSING:
        return Action(Outcome.RETRY, code, detail)
    return Action(Outcome.QUARANTINE, code or "rejected", detail)


def backoff(attempt: int, *, base: float = 2.0, cap: float = 900.0, rng: random.Random) -> float:
    """Full-jitter exponential backoff: uniform in [0, min(cap, base * 2**attempt)]."""
    attempt = max(0, attempt)
    ceiling = cap if attempt >= 64 else min(cap, base * (2**attempt))
    return rng.uniform(0.0, ceiling)


def retry_delay(
    attempt: int,
    *,
    retry_after: float | None = None,
    base: float = 2.0,
    cap: float = 900.0,
    rng: random.Random,
) -> float:
    """Seconds to wait before the next try: the backoff, never less than the server asked."""
    delay = backoff(attempt, base=base, cap=cap, rng=rng)
    if retry_after is not None:
        delay = max(delay, retry_after)
    return delay


@dataclass(frozen=True)
class CyclePlan:
    """What a sync cycle will do about the outbox."""

    uploads: list[str] = field(default_factory=list)  # sha256s to upload first, in op order
    batches: list[list[Any]] = field(default_factory=list)
    held_back: list[Any] = field(default_factory=list)

    @property
    def has_push(self) -> bool:
        return bool(self.batches)


def decide_cycle(
    ops: Sequence[OpT],
    uploaded: set[str],
    *,
    max_ops: int = DEFAULT_MAX_OPS,
    max_bytes: int = DEFAULT_MAX_BYTES,
) -> CyclePlan:
    """Plan the push half of a cycle: which blobs to upload, then which ops go in which batch.

    `uploaded` are the blobs already on the server. Uploads are listed in the order their ops
    would go, so the oldest work moves first when the link is short-lived.
    """
    needed: list[str] = []
    for op in sorted(ops, key=lambda o: o.seq):
        for sha in op.blob_shas:
            if sha not in uploaded and sha not in needed:
                needed.append(sha)
    ready, held = ops_ready(ops, uploaded)
    return CyclePlan(
        uploads=needed, batches=list(plan_batches(ready, max_ops, max_bytes)), held_back=held
    )
