"""Applying a page of the server's change feed to the local base rows.

A pulled row never overwrites unsent local work: server columns are replaced, local columns,
drafts and outbox ops stay. Clashes of pending ops are left to the server's push answers (they
are authoritative, and right even when an acknowledgement was lost); only drafts, which the
server never sees, are checked here.
"""

from __future__ import annotations

import datetime as dt
import time
from dataclasses import dataclass
from typing import Any

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from domain.states import ReportStatus, report_accepts_followup
from localdb import news
from localdb.models import Conflict, Draft, Followup, LocalUserRow, Outbox, Report
from localdb.news import NewsEvent
from localdb.rows import (
    REMOVED,
    UNFINISHED,
    delete_report,
    has_local_work,
    sync_state_row,
    upsert_followup,
    upsert_report_row,
)
from localdb.sqltypes import utcnow

REPORT_REMOVED = "report_removed"
REPORT_CLOSED = "report_closed"
# Every this many changes the applying thread sleeps a moment (see `apply_changes`).
YIELD_EVERY = 25
YIELD_S = 0.001


@dataclass(frozen=True)
class AppliedPage:
    upserts: int
    removes: int
    conflicts: int
    report_ids: frozenset[str]  # reports whose rows, follow-ups or drafts changed
    news: tuple[NewsEvent, ...] = ()  # what the office should notice (localdb.news)


def apply_changes(
    s: Session,
    changes: list[dict[str, Any]],
    next_cursor: str,
    *,
    server_time: dt.datetime | None = None,
    quiet: bool = False,
) -> AppliedPage:
    """Apply one page and store its cursor, in the caller's transaction.

    What the office should notice is marked and returned (`news`) unless `quiet` (the
    profile's first load).

    A page is a thousand or more short statements, and the database driver lets go of the GIL
    around each and takes it straight back: a thread waiting for the GIL (the office window's)
    is then not given it for as long as the page takes, because the switches it waits for keep
    happening. A real sleep every `YIELD_EVERY` changes hands it over (about 20 ms a page)."""
    now = utcnow()
    upserts = removes = 0
    touched: set[str] = set()
    me = None if quiet else _me(s)
    events: list[NewsEvent] = []
    for n, change in enumerate(changes, start=1):
        if change["op"] == "upsert":
            touched.add(_upsert(s, change, now, me, events))
            upserts += 1
        else:
            report_id = _remove(s, change)
            if report_id is not None:
                touched.add(report_id)
            removes += 1
        if n % YIELD_EVERY == 0:
            time.sleep(YIELD_S)
    conflicts = sum(check_drafts(s, report_id) for report_id in _with_drafts(s, touched))
    state = sync_state_row(s)
    state.cursor = next_cursor
    if server_time is not None:
        state.server_offset_seconds = (server_time - now).total_seconds()
    news.record_all(s, [(e.report_id, e.kind) for e in events], at=now)
    return AppliedPage(upserts, removes, conflicts, frozenset(touched), tuple(events))


def _me(s: Session) -> news.Me:
    row = s.get(LocalUserRow, 1)
    return news.Me.from_user(row.user if row is not None else None)


def _upsert(
    s: Session,
    change: dict[str, Any],
    now: dt.datetime,
    me: news.Me | None,
    events: list[NewsEvent],
) -> str:
    data = dict(change["data"])
    if change.get("version") is not None:
        data.setdefault("version", change["version"])
    if change["kind"] == "report":
        held = s.scalar(select(Report).where(Report.id == data["id"]))
        old = held.data if held is not None else None  # replaced, never changed in place
        row = upsert_report_row(s, held, data, now=now)
        if me is not None:
            kinds = news.report_events(old, data, me)
            events.extend(NewsEvent(k, row.id, row.tracking_id) for k in kinds)
        return row.id
    known = s.get(Followup, data["id"]) if me else None
    old_state = known.state if known is not None and known.data is not None else None
    old_version = known.version if known is not None and known.data is not None else None
    followup = upsert_followup(s, data)
    if me is not None:
        for kind in news.followup_events(old_state, old_version, data, me):
            tracking = s.scalar(select(Report.tracking_id).where(Report.id == followup.report_id))
            events.append(NewsEvent(kind, followup.report_id, tracking))
    return followup.report_id


def _remove(s: Session, change: dict[str, Any]) -> str | None:
    if change["kind"] == "report":
        row = s.scalar(select(Report).where(Report.id == change["id"]))
        if row is None:
            return None
        if has_local_work(s, row.id):
            row.local_state = REMOVED
        else:
            delete_report(s, row)
        return str(change["id"])
    followup = s.get(Followup, change["id"])
    if followup is None:
        return None
    report_id = followup.report_id
    if followup.local_state is None and not _has_unfinished_ops(s, followup.id):
        s.delete(followup)
    return report_id


def _has_unfinished_ops(s: Session, entity_id: str) -> bool:
    stmt = select(exists().where(Outbox.entity_id == entity_id, Outbox.state.in_(UNFINISHED)))
    return bool(s.scalar(stmt))


def _with_drafts(s: Session, report_ids: set[str]) -> list[str]:
    """Those of `report_ids` that have drafts, sorted (one query per 500, not one per report:
    most reports have none)."""
    ids, found = sorted(report_ids), set[str]()
    for start in range(0, len(ids), 500):
        chunk = ids[start : start + 500]
        found.update(s.scalars(select(Draft.report_id).where(Draft.report_id.in_(chunk))))
    return sorted(found)


def check_drafts(s: Session, report_id: str) -> int:
    """Record a conflict for each draft of a report that was removed or can no longer be
    answered (once per draft and reason); the drafts themselves stay. Returns how many."""
    drafts = s.scalars(select(Draft).where(Draft.report_id == report_id)).all()
    if not drafts:
        return 0
    report = s.scalar(select(Report).where(Report.id == report_id))
    code, server = _draft_problem(report)
    if code is None:
        return 0
    made = 0
    for draft in drafts:
        if _open_conflict(s, draft.id, code):
            continue
        s.add(
            Conflict(
                entity_kind="draft",
                entity_id=draft.id,
                op_id=None,
                local_payload=_draft_payload(draft),
                server_entity=server,
                code=code,
                detail=_DETAIL[code],
                created_at=utcnow(),
            )
        )
        made += 1
    return made


_DETAIL = {
    REPORT_REMOVED: "Laporan tidak lagi ditangani instansi ini; draf tetap disimpan.",
    REPORT_CLOSED: "Laporan tidak lagi menerima tindak lanjut; draf tetap disimpan.",
}


def _draft_problem(report: Report | None) -> tuple[str | None, dict[str, Any] | None]:
    if report is None or report.local_state == REMOVED:
        return REPORT_REMOVED, None
    if not accepts_followup(report.status):
        return REPORT_CLOSED, dict(report.data)
    return None, None


def accepts_followup(status: str) -> bool:
    try:
        return report_accepts_followup(ReportStatus(status))
    except ValueError:  # a status a newer server knows and this app does not
        return False


def _open_conflict(s: Session, entity_id: str, code: str) -> bool:
    stmt = select(
        exists().where(
            Conflict.entity_id == entity_id, Conflict.code == code, Conflict.resolved_at.is_(None)
        )
    )
    return bool(s.scalar(stmt))


def _draft_payload(draft: Draft) -> dict[str, Any]:
    return {
        "report_id": draft.report_id,
        "content": draft.content,
        "template_code": draft.template_code,
        "attachments": list(draft.attachments),
    }


__all__ = ["AppliedPage", "accepts_followup", "apply_changes", "check_drafts"]
