"""Who saw whom: the server's append-only record of reporter identities shown on devices.

A client sends the showings it recorded; each is stored under the token's user (never a user
named in the body) when that user may see the report now, else refused. Rows are only ever
inserted: there is no path that updates or deletes one. The rows hold ids and times only.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.models import IdentityReveal, Report, User
from central.render import Viewer, hidden_reason
from central.rules import Rules, load_rules
from sync.wire import RevealAnswer, RevealBatch, RevealIn

CSV_COLUMNS = ("id", "user_id", "device_id", "report_id", "at", "received_at")


@dataclass(frozen=True)
class RevealRow:
    id: str
    user_id: str
    device_id: str
    report_id: str
    at: dt.datetime
    received_at: dt.datetime


def store_reveals(session: Session, user: User, batch: RevealBatch) -> RevealAnswer:
    """Store what `user` may have seen; a reveal already stored for them counts as stored."""
    rules = load_rules(session)
    viewer = Viewer.of(user)
    stored: list[str] = []
    refused: list[str] = []
    for reveal in batch.reveals:
        ok = _store_one(session, user, viewer, batch.device_id, reveal, rules)
        (stored if ok else refused).append(reveal.id)
    return RevealAnswer(stored=stored, refused=refused)


def _store_one(
    session: Session,
    user: User,
    viewer: Viewer,
    device_id: str,
    reveal: RevealIn,
    rules: Rules,
) -> bool:
    existing = session.get(IdentityReveal, reveal.id)
    if existing is not None:
        return existing.user_id == user.id  # a retry; someone else's id is never theirs
    report = session.get(Report, reveal.report_id)
    if report is None or hidden_reason(viewer, report, rules) is not None:
        return False
    session.add(
        IdentityReveal(
            id=reveal.id,
            user_id=user.id,
            device_id=device_id,
            report_id=report.id,
            at=reveal.at,
            received_at=rules.now,
        )
    )
    session.flush()
    return True


def list_reveals(
    session: Session, *, report_id: str | None = None, user_id: str | None = None
) -> list[RevealRow]:
    """Reveals of one report and/or by one user, oldest first (at least one filter is needed)."""
    if report_id is None and user_id is None:
        raise ValueError("a report id or a user id is needed")
    query = select(IdentityReveal).order_by(IdentityReveal.at, IdentityReveal.id)
    if report_id is not None:
        query = query.where(IdentityReveal.report_id == report_id)
    if user_id is not None:
        query = query.where(IdentityReveal.user_id == user_id)
    return [
        RevealRow(r.id, r.user_id, r.device_id, r.report_id, r.at, r.received_at)
        for r in session.scalars(query)
    ]
