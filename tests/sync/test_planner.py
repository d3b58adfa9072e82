"""The pure sync decisions: table-driven cases plus properties."""

from __future__ import annotations

import random
from dataclasses import dataclass, field
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from sync.planner import (
    Outcome,
    backoff,
    classify_result,
    decide_cycle,
    op_wire_size,
    ops_ready,
    plan_batches,
    retry_delay,
)
from sync.wire import OpResult, Problem

SHA_A = "a" * 64
SHA_B = "b" * 64


@dataclass(frozen=True)
class Op:
    op_id: str
    seq: int
    entity_id: str
    type: str = "followup.submit"
    base_version: int = 0
    payload: dict[str, Any] = field(default_factory=dict)
    attempts: int = 0
    blob_shas: tuple[str, ...] = ()


def _result(status: str, code: str | None = None) -> OpResult:
    error = Problem(title="x", status=409, code=code, detail="why") if code else None
    return OpResult(op_id="o", status=status, error=error)  # type: ignore[arg-type]


@pytest.mark.parametrize(
    ("status", "code", "outcome"),
    [
        ("applied", None, Outcome.DONE),
        ("duplicate", None, Outcome.DONE),
        ("conflict", "stale_version", Outcome.CONFLICT),
        ("conflict", "report_state", Outcome.CONFLICT),
        ("conflict", None, Outcome.CONFLICT),
        ("conflict", "blocked_by_earlier_op", Outcome.WAIT),
        ("rejected", "attachment_missing", Outcome.RETRY),
        ("rejected", "invalid_payload", Outcome.QUARANTINE),
        ("rejected", "op_id_reused", Outcome.QUARANTINE),
        ("rejected", "forbidden", Outcome.QUARANTINE),
    ],
)
def test_classify_result(status: str, code: str | None, outcome: Outcome) -> None:
    action = classify_result(_result(status, code))
    assert action.outcome is outcome
    if code is not None:
        assert action.code == code
        assert action.detail == "why"


def test_attachments_hold_back_only_their_own_entity() -> None:
    ops = [
        Op("1", 1, "f1", blob_shas=(SHA_A,)),
        Op("2", 2, "f2"),
        Op("3", 3, "f1", type="followup.withdraw"),  # must wait behind op 1
        Op("4", 4, "f3", payload={"report_id": "r9"}),
    ]
    ready, held = ops_ready(ops, uploaded=set())
    assert [o.op_id for o in ready] == ["2", "4"]
    assert [o.op_id for o in held] == ["1", "3"]
    ready, held = ops_ready(ops, uploaded={SHA_A})
    assert [o.op_id for o in ready] == ["1", "2", "3", "4"]
    assert held == []


def test_a_followup_waits_for_its_report_being_created_with_an_attachment() -> None:
    ops = [
        Op("1", 1, "r1", type="report.create", blob_shas=(SHA_B,)),
        Op("2", 2, "f1", payload={"report_id": "r1"}),
    ]
    ready, held = ops_ready(ops, uploaded=set())
    assert ready == [] and len(held) == 2


def test_decide_cycle_lists_uploads_in_op_order_once() -> None:
    ops = [
        Op("2", 2, "f2", blob_shas=(SHA_B, SHA_A)),
        Op("1", 1, "f1", blob_shas=(SHA_A,)),
        Op("3", 3, "f3", blob_shas=(SHA_B,)),
    ]
    plan = decide_cycle(ops, uploaded=set())
    assert plan.uploads == [SHA_A, SHA_B]
    assert not plan.has_push
    plan = decide_cycle(ops, uploaded={SHA_A, SHA_B})
    assert plan.uploads == []
    assert [[o.op_id for o in b] for b in plan.batches] == [["1", "2", "3"]]


def test_batches_respect_the_byte_budget_and_an_oversized_op_goes_alone() -> None:
    big = Op("big", 2, "e2", payload={"content": "x" * 5000})
    ops = [Op("a", 1, "e1"), big, Op("c", 3, "e3")]
    batches = plan_batches(ops, max_ops=100, max_bytes=1000)
    assert [[o.op_id for o in b] for b in batches] == [["a"], ["big"], ["c"]]
    assert op_wire_size(big) > 5000


def test_backoff_grows_with_attempts_but_stays_under_the_cap() -> None:
    rng = random.Random(1)
    assert max(backoff(0, rng=rng) for _ in range(200)) <= 2.0
    assert max(backoff(3, rng=rng) for _ in range(200)) > 2.0
    assert max(backoff(50, cap=900, rng=rng) for _ in range(200)) <= 900


def test_retry_after_is_honoured() -> None:
    rng = random.Random(2)
    assert all(retry_delay(0, retry_after=120, rng=rng) >= 120 for _ in range(50))


ops_strategy = st.lists(
    st.builds(
        Op,
        op_id=st.uuids().map(str),
        seq=st.integers(0, 10_000),
        entity_id=st.sampled_from(["e1", "e2", "e3", "e4"]),
        payload=st.fixed_dictionaries({"content": st.text(max_size=400)}),
        blob_shas=st.lists(st.sampled_from([SHA_A, SHA_B]), max_size=2).map(tuple),
    ),
    max_size=60,
    unique_by=lambda o: o.seq,
)


@given(ops=ops_strategy, max_ops=st.integers(1, 20), max_bytes=st.integers(100, 5000))
def test_batches_cover_every_op_once_in_seq_order(
    ops: list[Op], max_ops: int, max_bytes: int
) -> None:
    batches = plan_batches(ops, max_ops=max_ops, max_bytes=max_bytes)
    flat = [o for b in batches for o in b]
    assert sorted(o.op_id for o in flat) == sorted(o.op_id for o in ops)
    assert [o.seq for o in flat] == sorted(o.seq for o in ops)
    for batch in batches:
        assert 1 <= len(batch) <= max_ops
        assert len(batch) == 1 or sum(op_wire_size(o) for o in batch) <= max_bytes


@given(ops=ops_strategy, uploaded=st.sets(st.sampled_from([SHA_A, SHA_B])))
def test_held_back_ops_keep_entity_order(ops: list[Op], uploaded: set[str]) -> None:
    ready, held = ops_ready(ops, uploaded)
    assert sorted(o.op_id for o in ready + held) == sorted(o.op_id for o in ops)
    first_held: dict[str, int] = {}
    for op in held:
        first_held.setdefault(op.entity_id, op.seq)
    for op in ready:
        assert all(sha in uploaded for sha in op.blob_shas)
        # Nothing goes ahead of an earlier op of its own entity that is held back.
        assert op.seq < first_held.get(op.entity_id, op.seq + 1)


@given(attempt=st.integers(0, 10_000), cap=st.floats(0, 5000), seed=st.integers())
def test_backoff_is_within_zero_and_cap(attempt: int, cap: float, seed: int) -> None:
    value = backoff(attempt, cap=cap, rng=random.Random(seed))
    assert 0 <= value <= cap
