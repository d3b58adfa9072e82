"""The bridge's key/value state (last contact, last error) and what the admin API shows."""

from __future__ import annotations

import datetime as dt
import json
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from central.lapor.models import LaporLink, LaporOutbox, LaporState

LAST_CONTACT = "last_contact_at"
LAST_CYCLE = "last_cycle_at"
LAST_ERROR = "last_error"


def put(session: Session, key: str, value: Any) -> None:
    text = json.dumps(value, default=str)
    row = session.get(LaporState, key)
    if row is None:
        session.add(LaporState(key=key, value=text))
    else:
        row.value = text


def get(session: Session, key: str) -> Any:
    row = session.get(LaporState, key)
    return json.loads(row.value) if row else None


def record_error(session: Session, now: dt.datetime, where: str, reason: str) -> None:
    put(session, LAST_ERROR, {"at": now.isoformat(), "where": where, "reason": reason})


def bridge_status(session: Session, problems: int = 50) -> dict[str, Any]:
    """Queue by kind and state, the rows in trouble with their reasons, last contact and error."""
    counts: dict[str, dict[str, int]] = {}
    for kind, state, n in session.execute(
        select(LaporOutbox.kind, LaporOutbox.state, func.count()).group_by(
            LaporOutbox.kind, LaporOutbox.state
        )
    ):
        counts.setdefault(kind, {})[state] = int(n)
    trouble = session.scalars(
        select(LaporOutbox)
        .where(LaporOutbox.last_error.is_not(None), LaporOutbox.state != "done")
        .order_by(LaporOutbox.updated_at.desc())
        .limit(problems)
    )
    linked = session.scalar(
        select(func.count()).select_from(LaporLink).where(LaporLink.kind == "report")
    )
    return {
        "queue": counts,
        "problems": [
            {
                "id": r.id,
                "kind": r.kind,
                "hub_id": r.hub_id,
                "state": r.state,
                "attempts": r.attempts,
                "reason": r.last_error,
                "next_attempt_at": r.next_attempt_at.isoformat(),
            }
            for r in trouble
        ],
        "linked_reports": int(linked or 0),
        "last_contact_at": get(session, LAST_CONTACT),
        "last_cycle_at": get(session, LAST_CYCLE),
        "last_error": get(session, LAST_ERROR),
    }
