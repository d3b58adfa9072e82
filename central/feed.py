"""The pull feed: one page of changes for one user, rendered from the current rows."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.changes import Cursor, feed_rows
from central.epochs import check_mark, current_mark
from central.models import ChangeLog, Followup, Report
from central.render import Renderer, Viewer, followup_hidden, hidden_reason
from central.rules import Rules
from sync.wire import Change, ChangesPage


def _load(session: Session, rows: list[ChangeLog]) -> tuple[dict[str, Report], dict[str, Followup]]:
    followup_ids = [r.entity_id for r in rows if r.kind == "followup"]
    followups = {
        f.id: f for f in session.scalars(select(Followup).where(Followup.id.in_(followup_ids)))
    }
    report_ids = {r.entity_id for r in rows if r.kind == "report"}
    report_ids |= {f.report_id for f in followups.values()}
    reports = {r.id: r for r in session.scalars(select(Report).where(Report.id.in_(report_ids)))}
    return reports, followups


def _reason(
    viewer: Viewer,
    row: ChangeLog,
    report: Report | None,
    followup: Followup | None,
    rules: Rules,
) -> str | None:
    if report is None:
        return "out_of_scope"
    if followup is not None:
        reason = followup_hidden(viewer, followup, report, rules)
    else:
        reason = hidden_reason(viewer, report, rules)
    if reason is not None and row.op == "remove" and row.reason:
        return row.reason  # the writer knew better (e.g. "redisposed")
    return reason


def read_page(
    session: Session,
    viewer: Viewer,
    cursor_text: str | None,
    limit: int,
    rules: Rules,
    client_mark: str | None = None,
) -> ChangesPage:
    """One page after the cursor; 409 first when the cursor or the client's mark was issued by
    a history this database does not contain (restored from a backup, or another database)."""
    cursor = Cursor.decode(cursor_text)
    check_mark(session, cursor.mark or None)
    check_mark(session, client_mark)
    mark = current_mark(session)
    rows, has_more = feed_rows(session, viewer.agency_id, cursor, limit)
    reports, followups = _load(session, rows)
    reasons: dict[tuple[str, str], str | None] = {}
    for row in rows:
        followup = followups.get(row.entity_id) if row.kind == "followup" else None
        report_id = followup.report_id if followup else row.entity_id
        if row.kind == "followup" and followup is None:
            reasons[(row.kind, row.entity_id)] = "out_of_scope"
        else:
            reasons[(row.kind, row.entity_id)] = _reason(
                viewer, row, reports.get(report_id), followup, rules
            )
    renderer = Renderer(session, viewer)
    shown_reports = renderer.reports(
        [
            reports[r.entity_id]
            for r in rows
            if r.kind == "report" and not reasons[(r.kind, r.entity_id)]
        ]
    )
    shown_followups = renderer.followups(
        [
            followups[r.entity_id]
            for r in rows
            if r.kind == "followup" and not reasons[(r.kind, r.entity_id)]
        ]
    )
    changes: list[Change] = []
    for row in rows:
        reason = reasons[(row.kind, row.entity_id)]
        if reason:
            changes.append(Change(kind=row.kind, op="remove", id=row.entity_id, reason=reason))  # type: ignore[arg-type]
            continue
        data = (
            shown_reports[row.entity_id] if row.kind == "report" else shown_followups[row.entity_id]
        )
        changes.append(
            Change(kind=row.kind, op="upsert", id=row.entity_id, version=data.version, data=data)  # type: ignore[arg-type]
        )
    last = Cursor(rows[-1].seq, rows[-1].kind, rows[-1].entity_id) if rows else cursor
    return ChangesPage(
        changes=changes,
        next_cursor=last.encode(),
        has_more=has_more,
        server_time=rules.now,
        mark=mark,
    )
