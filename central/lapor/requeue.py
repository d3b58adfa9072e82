"""Queue failed outbox rows again, once the administrator has fixed what made them fail.

Only `failed` rows are touched: LAPOR! refused them (a 4xx answer: nothing was carried out) or
the bridge never sent them (an agency without an institution in the mapping, a follow-up no
longer published). A row whose outcome is `unknown` or `in_flight` is never reset: the bridge
reads it back before anything is sent again. A `done` row is on LAPOR! and is refused.

Each row is reset by a conditional UPDATE (`state = 'failed'`), so a bridge that moved the row
in the meantime is never overwritten. The row is due at once (not later than the instant the
bridge last wrote it, so a bridge whose clock runs behind the caller's still finds it due) and
re-announced, so the clients show "waiting to be sent" instead of the old refusal.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import exists, func, select, update
from sqlalchemy.orm import Session

from central.changes import next_seq
from central.lapor.models import LaporLink, LaporOutbox
from central.lapor.outbound import KIND_ORDER, announce

KINDS = KIND_ORDER


@dataclass(frozen=True)
class Requeued:
    id: int
    kind: str
    hub_id: str
    reason: str | None  # why it had failed


class RequeueRefused(Exception):
    """`code`: not_found, done (on LAPOR! already) or pending (queued, in flight, unknown)."""

    def __init__(self, code: str, row_id: int, state: str | None = None) -> None:
        super().__init__(f"outbox row {row_id}: {code}")
        self.code = code
        self.row_id = row_id
        self.state = state


def _reset(session: Session, row: LaporOutbox, now: dt.datetime) -> bool:
    due = min(now, row.updated_at)
    done = session.execute(
        update(LaporOutbox)
        .where(
            LaporOutbox.id == row.id,
            LaporOutbox.state == "failed",
            ~exists().where(LaporLink.kind == row.kind, LaporLink.hub_id == row.hub_id),
        )
        .values(state="queued", last_error=None, next_attempt_at=due, updated_at=now)
        .execution_options(synchronize_session=False)
    )
    return bool(getattr(done, "rowcount", 0))


def _announce(session: Session, rows: list[Requeued]) -> None:
    if rows:
        seq = next_seq(session)
        for r in rows:
            announce(session, r.kind, r.hub_id, seq)


def requeue_row(session: Session, row_id: int, now: dt.datetime) -> Requeued:
    """Queue one failed row again; raises RequeueRefused for any other row."""
    row = session.get(LaporOutbox, row_id) if 1 <= row_id < 2**31 else None
    if row is None:
        raise RequeueRefused("not_found", row_id)
    state = row.state
    linked = session.scalar(
        select(func.count())
        .select_from(LaporLink)
        .where(LaporLink.kind == row.kind, LaporLink.hub_id == row.hub_id)
    )
    if state == "done" or linked:
        raise RequeueRefused("done", row_id, state)
    found = Requeued(row.id, row.kind, row.hub_id, row.last_error)
    if state != "failed" or not _reset(session, row, now):
        raise RequeueRefused("pending", row_id, state)
    _announce(session, [found])
    return found


def requeue_failed(session: Session, now: dt.datetime, kind: str | None = None) -> list[Requeued]:
    """Queue every failed row again (of one kind, if given); returns them, by id."""
    if kind is not None and kind not in KINDS:
        raise ValueError(f"kind must be one of {', '.join(KINDS)}")
    query = select(LaporOutbox).where(LaporOutbox.state == "failed").order_by(LaporOutbox.id)
    if kind is not None:
        query = query.where(LaporOutbox.kind == kind)
    found = [
        Requeued(row.id, row.kind, row.hub_id, row.last_error)
        for row in list(session.scalars(query))
        if _reset(session, row, now)
    ]
    _announce(session, found)
    return found


def failed_rows(session: Session, kind: str | None = None) -> list[Requeued]:
    """The failed rows (of one kind, if given), by id, with why each failed."""
    query = select(LaporOutbox).where(LaporOutbox.state == "failed").order_by(LaporOutbox.id)
    if kind is not None:
        query = query.where(LaporOutbox.kind == kind)
    return [Requeued(r.id, r.kind, r.hub_id, r.last_error) for r in session.scalars(query)]
