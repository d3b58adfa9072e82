"""The LAPOR! state of reports and follow-ups as clients see it (`lapor` on the wire)."""

from __future__ import annotations

import re

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.lapor.models import LaporLink, LaporOutbox
from central.lapor.outbound import NO_LONGER_PUBLISHED, NOT_MAPPED, REFUSED, REPORT_GONE
from sync.wire import LaporRef

_STATES = {"queued": "pending", "in_flight": "pending", "unknown": "pending", "failed": "failed"}
_HTTP = re.compile(r"HTTP \d{3}(?:: (?P<message>.*))?\Z", re.DOTALL)


def failure(last_error: str | None) -> tuple[str, str | None]:
    """(reason, LAPOR!'s own words or None) of a failed row, from its `last_error`."""
    text = last_error or ""
    if text.startswith(REFUSED):
        found = _HTTP.match(text[len(REFUSED) :])
        message = found.group("message") if found else None
        return "refused", (message or None)
    if text.endswith(NOT_MAPPED):
        return "not_mapped", None
    if text in (NO_LONGER_PUBLISHED, REPORT_GONE):
        return "withdrawn", None
    return "other", None


def lapor_refs(session: Session, kind: str, ids: list[str]) -> dict[str, LaporRef]:
    """`kind` is report or followup; ids without a LAPOR! state are left out."""
    if not ids:
        return {}
    found: dict[str, LaporRef] = {}
    for hub_id, state, last_error in session.execute(
        select(LaporOutbox.hub_id, LaporOutbox.state, LaporOutbox.last_error).where(
            LaporOutbox.kind == kind, LaporOutbox.hub_id.in_(ids), LaporOutbox.state != "done"
        )
    ):
        shown = _STATES.get(state, "pending")
        if shown == "failed":
            reason, message = failure(last_error)
            found[hub_id] = LaporRef(state="failed", reason=reason, message=message)
        else:
            found[hub_id] = LaporRef(state="pending")
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
