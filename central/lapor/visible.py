"""The LAPOR! state of reports and follow-ups as clients see it (`lapor` on the wire)."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.lapor.models import LaporLink, LaporOutbox
from sync.wire import LaporRef

_STATES = {"queued": "pending", "in_flight": "pending", "unknown": "pending", "failed": "failed"}


def lapor_refs(session: Session, kind: str, ids: list[str]) -> dict[str, LaporRef]:
    """`kind` is report or followup; ids without a LAPOR! state are left out."""
    if not ids:
        return {}
    found: dict[str, LaporRef] = {}
    for hub_id, state in session.execute(
        select(LaporOutbox.hub_id, LaporOutbox.state).where(
            LaporOutbox.kind == kind, LaporOutbox.hub_id.in_(ids), LaporOutbox.state != "done"
        )
    ):
        found[hub_id] = LaporRef(state=_STATES.get(state, "pending"))  # type: ignore[arg-type]
    for hub_id, lapor_id in session.execute(
        select(LaporLink.hub_id, LaporLink.lapor_id).where(
            LaporLink.kind == kind, LaporLink.hub_id.in_(ids)
        )
    ):
        found[hub_id] = LaporRef(state="sent", tracking_id=lapor_id)
    for hub_id, done_id in session.execute(
        select(LaporOutbox.hub_id, LaporOutbox.lapor_id).where(
            LaporOutbox.kind == kind, LaporOutbox.hub_id.in_(ids), LaporOutbox.state == "done"
        )
    ):
        found.setdefault(hub_id, LaporRef(state="sent", tracking_id=done_id))
    return found
