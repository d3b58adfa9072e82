"""Who saw whom: every showing of a reporter's identity, recorded and sent to the server.

`record_reveal` runs on the database lane in the same task that loads the report for the pane;
the rows are append-only (triggers refuse UPDATE and DELETE) and hold ids and times only. The
sync runner sends the unsent ones and records which the server stored in a second insert-only
table, so sending never rewrites a reveal.
"""

from __future__ import annotations

import datetime as dt
import uuid
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from domain import clock
from localdb.actor import Actor
from localdb.models import IdentityReveal, IdentityRevealSent


@dataclass(frozen=True)
class Reveal:
    id: str
    user_id: str
    report_id: str
    device_id: str
    at: dt.datetime


def record_reveal(s: Session, actor: Actor, report_id: str) -> str:
    """Record that `actor` was just shown the reporter's identity of `report_id`; its id."""
    reveal_id = str(uuid.uuid4())
    s.add(
        IdentityReveal(
            id=reveal_id,
            user_id=actor.user_id,
            report_id=report_id,
            device_id=actor.device_id,
            at=clock.now(),
        )
    )
    s.flush()
    return reveal_id


def unsent_reveals(s: Session, limit: int = 500) -> list[Reveal]:
    """The oldest reveals the server has not yet confirmed."""
    sent = select(IdentityRevealSent.id)
    rows = s.scalars(
        select(IdentityReveal)
        .where(IdentityReveal.id.not_in(sent))
        .order_by(IdentityReveal.at, IdentityReveal.id)
        .limit(limit)
    )
    return [Reveal(r.id, r.user_id, r.report_id, r.device_id, r.at) for r in rows]


def mark_sent(s: Session, ids: Iterable[str], *, stored: Iterable[str], at: dt.datetime) -> None:
    """The server answered 2xx for these ids: never send them again. `stored` are those it
    kept; the others it refused for good (the user may not see that report there)."""
    wanted, kept = set(ids), set(stored)
    done = set(s.scalars(select(IdentityRevealSent.id).where(IdentityRevealSent.id.in_(wanted))))
    s.add_all(IdentityRevealSent(id=i, sent_at=at, stored=i in kept) for i in sorted(wanted - done))
    s.flush()


def reveals(s: Session) -> list[Reveal]:
    """Every recorded reveal, oldest first."""
    rows = s.scalars(select(IdentityReveal).order_by(IdentityReveal.at, IdentityReveal.id))
    return [Reveal(r.id, r.user_id, r.report_id, r.device_id, r.at) for r in rows]
