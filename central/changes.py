"""The change sequence and the change log the pull feed reads.

Every write to a report or follow-up first takes the next number of ONE sequence by updating a
single counter row inside the writing transaction. On PostgreSQL that row lock serialises the
writers: a transaction holding number n commits before anyone gets n+1, so commit order equals
number order and a reader never sees n+1 without n (no change is skipped by a cursor). On SQLite
the write lock taken by `BEGIN IMMEDIATE` gives the same order.

Writers must call `next_seq` before reading what they change, so they also see the latest state.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select, tuple_, update
from sqlalchemy.orm import Session

from central.models import ChangeLog, Counter
from central.problems import ProblemError

CHANGE_COUNTER = "change"
TRACKING_COUNTER = "tracking"
# Tracking ids look like the national system's (seven digits and up).
TRACKING_START = 5_000_000


def next_value(session: Session, name: str) -> int:
    stmt = (
        update(Counter)
        .where(Counter.name == name)
        .values(value=Counter.value + 1)
        .returning(Counter.value)
    )
    # The counter rows are created by the first migration.
    return int(session.execute(stmt).scalar_one())


def next_seq(session: Session) -> int:
    return next_value(session, CHANGE_COUNTER)


def next_tracking_id(session: Session) -> str:
    return str(next_value(session, TRACKING_COUNTER))


def reserve(session: Session, name: str, count: int) -> int:
    """Take `count` numbers at once (bulk loading); returns the first one."""
    first = next_value(session, name)
    if count > 1:
        session.execute(
            update(Counter).where(Counter.name == name).values(value=Counter.value + count - 1)
        )
    return first


def record(
    session: Session,
    seq: int,
    kind: str,
    entity_id: str,
    agencies: Iterable[str | None],
    *,
    op: str = "upsert",
    reason: str | None = None,
) -> None:
    """Point each agency's change-log row for this entity at `seq` (one row per entity)."""
    for agency_id in sorted({a for a in agencies if a}):
        moved = session.execute(
            update(ChangeLog)
            .where(
                ChangeLog.scope_agency_id == agency_id,
                ChangeLog.kind == kind,
                ChangeLog.entity_id == entity_id,
            )
            .values(seq=seq, op=op, reason=reason)
        )
        if moved.rowcount == 0:  # type: ignore[attr-defined]
            session.add(
                ChangeLog(
                    scope_agency_id=agency_id,
                    kind=kind,
                    entity_id=entity_id,
                    seq=seq,
                    op=op,
                    reason=reason,
                )
            )
    session.flush()


_KIND_CODES = {"": "", "report": "r", "followup": "f"}
_CODE_KINDS = {code: kind for kind, code in _KIND_CODES.items()}


@dataclass(frozen=True, order=True)
class Cursor:
    """Position after the last change-log row seen: (seq, kind, entity_id).

    One write can stamp several rows with the same number (a report and its follow-ups), so
    the position includes the row's key and a page may end in the middle of one number.

    Written compactly as `seq.k.entity_id` (`k` is `r`, `f` or empty; the id comes last, so it
    may hold dots). Cursors written before that are base64 of a JSON list and are still read:
    `[seq, kind, entity_id]`, or with a fourth part, the server's mark when the page was read
    (`database_id.epoch.seq`, see central/epochs.py), which is still checked. New cursors leave
    the mark out: the client sends its newest mark in `X-Simpul-Mark` with every request, and
    that mark is never older than the one a cursor would carry.
    """

    seq: int = 0
    kind: str = ""
    entity_id: str = ""
    mark: str = ""

    def encode(self) -> str:
        return f"{self.seq}.{_KIND_CODES[self.kind]}.{self.entity_id}"

    @classmethod
    def decode(cls, text: str | None) -> Cursor:
        if not text:
            return cls()
        try:
            # Base64url has no dot: a dot means the compact form.
            cursor = _decode_compact(text) if "." in text else _decode_json(text)
            if not (0 <= cursor.seq < 2**63 and cursor.kind in _KIND_CODES):
                raise ValueError(text)
            # Positions fit the database's BIGINT and the change log's key columns.
            if len(cursor.entity_id) > 64 or "\x00" in cursor.entity_id:
                raise ValueError(text)
        except (ValueError, binascii.Error, TypeError, UnicodeDecodeError, KeyError) as exc:
            raise ProblemError(
                400,
                "invalid_cursor",
                "Kursor tidak valid",
                "Kursor sinkronisasi tidak dikenali; mulai ulang tanpa kursor.",
                field="cursor",
            ) from exc
        return cursor


def _decode_compact(text: str) -> Cursor:
    seq, code, entity_id = text.split(".", 2)
    if not seq.isdigit() or len(seq) > 19:
        raise ValueError(text)
    return Cursor(int(seq), _CODE_KINDS[code], entity_id)


def _decode_json(text: str) -> Cursor:
    raw = base64.urlsafe_b64decode(text + "=" * (-len(text) % 4))
    parts = json.loads(raw)
    # Cursors from before the mark have three parts.
    seq, kind, entity_id, *rest = parts
    mark = rest[0] if rest else ""
    if len(rest) > 1 or not all(isinstance(p, str) for p in (kind, entity_id, mark)):
        raise ValueError(text)
    if not isinstance(seq, int) or isinstance(seq, bool):
        raise ValueError(text)
    return Cursor(seq, kind, entity_id, mark)


def feed_rows(
    session: Session, agency_id: str, cursor: Cursor, limit: int
) -> tuple[list[ChangeLog], bool]:
    """Change-log rows of one agency after `cursor`, in order; and whether more follow."""
    position = tuple_(ChangeLog.seq, ChangeLog.kind, ChangeLog.entity_id)
    rows = list(
        session.scalars(
            select(ChangeLog)
            .where(
                ChangeLog.scope_agency_id == agency_id,
                ChangeLog.seq >= cursor.seq,  # lets the planner use the (agency, seq) index
                position > tuple_(cursor.seq, cursor.kind, cursor.entity_id),
            )
            .order_by(ChangeLog.seq, ChangeLog.kind, ChangeLog.entity_id)
            .limit(limit + 1)
        )
    )
    return rows[:limit], len(rows) > limit
