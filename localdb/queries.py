"""Reads for the screens: frozen dataclasses in, frozen dataclasses out.

The inbox pages by keyset (the last row's sort key and id), so page N costs the same as page 1
at 100,000 reports; `ix_report_due`, `ix_report_submitted_state` and their `status` variants
carry the two sort orders, and `ix_report_published_due` the late reports in deadline order.
"""

from __future__ import annotations

import base64
import datetime as dt
import json
from dataclasses import dataclass
from typing import Any, Literal

from sqlalchemy import (
    ColumnElement,
    Select,
    SQLColumnExpression,
    String,
    and_,
    exists,
    func,
    not_,
    or_,
    select,
    tuple_,
    type_coerce,
    union_all,
)
from sqlalchemy.orm import Session, aliased
from sqlalchemy.sql import operators
from sqlalchemy.sql.elements import UnaryExpression

from domain.calendar import WorkingCalendar
from domain.deadlines import DeadlineStatus, deadline_status
from domain.states import FollowupState, ReportStatus
from localdb import news
from localdb.actor import Actor
from localdb.details import (
    approval_queue,
    approval_rows,
    conflict_rows,
    conflicts,
    drafts,
    intake_receipt,
    my_intakes,
    outbox_counts,
    outbox_summary,
    report_detail,
    returned_followups,
    sync_log,
)
from localdb.models import NO_DUE_KEY, Conflict, Draft, Followup, Outbox, Report
from localdb.pull import accepts_followup
from localdb.search import fts_query, inbox_condition
from localdb.sqltypes import to_utc_text
from localdb.views import (
    UNSENT,
    ApprovalRow,
    ConflictRow,
    ConflictView,
    DraftView,
    FollowupView,
    InboxRow,
    IntakeReceipt,
    IntakeView,
    NavCounts,
    OutboxCounts,
    OutboxState,
    OutboxSummary,
    Page,
    ReportDetail,
)

__all__ = [
    "ApprovalRow",
    "ConflictRow",
    "ConflictView",
    "DraftView",
    "FollowupView",
    "InboxFilter",
    "InboxRow",
    "IntakeReceipt",
    "IntakeView",
    "NavCounts",
    "OutboxCounts",
    "OutboxState",
    "OutboxSummary",
    "Page",
    "ReportDetail",
    "Session",  # the type of what a database task receives (ui/ never imports SQLAlchemy)
    "approval_queue",
    "approval_rows",
    "conflict_rows",
    "conflicts",
    "drafts",
    "inbox_page",
    "intake_receipt",
    "my_intakes",
    "nav_counts",
    "outbox_counts",
    "outbox_summary",
    "report_detail",
    "returned_followups",
    "sync_log",
]

Sort = Literal["deadline", "date"]
Box = Literal[
    "semua",
    "baru_diperbarui",
    "ditugaskan_kepada_saya",
    "perlu_tindak_lanjut",
    "lewat_tenggat",
    "draf",
    "menunggu_persetujuan",
    "dikembalikan",
    "kotak_keluar",
]
# Statuses in which the agency still owes an answer (so a deadline can be missed).
OPEN_STATUSES = tuple(s.value for s in ReportStatus if accepts_followup(s.value))
# A follow-up in one of these states (or on its way) answers the report for now.
_ANSWERED = (FollowupState.PENDING_APPROVAL.value, FollowupState.PUBLISHED.value)


@dataclass(frozen=True)
class InboxFilter:
    status: str | None = None
    classification: str | None = None
    category_id: str | None = None
    deadline: Literal["overdue", "due_soon"] | None = None
    unread_only: bool = False
    search: str | None = None
    box: Box | None = None


def inbox_page(
    s: Session,
    filt: InboxFilter,
    sort: Sort = "deadline",
    after: str | None = None,
    limit: int = 100,
    *,
    today: dt.date | None = None,
    cal: WorkingCalendar | None = None,
    actor: Actor | None = None,
) -> Page:
    """One page of the inbox. Deadline filters and boxes need `today` and the office calendar.

    With `actor`, the follow-up boxes list what `nav_counts` counts for that user: an officer's
    own follow-ups; without it, every follow-up on this computer.
    """
    # By date, the deadline rules are read from the date order's covering index as it is walked
    # (`ix_report_submitted_state`), not from ranges of the status indexes sorted afterwards.
    conditions = _conditions(filt, today, cal, actor, DATE_WALK if sort == "date" else PLAIN)
    if filt.search and (query := fts_query(filt.search)) is not None:
        conditions.append(inbox_condition(s, query))
    order: tuple[Any, ...]
    if sort == "deadline":
        order = (Report.due_key, Report.id)
        if after is not None:
            conditions.append(tuple_(Report.due_key, Report.id) > tuple_(*_decode(after, sort)))
    else:
        order = (Report.submitted_at.desc(), Report.id.desc())
        if after is not None:
            key, rid = _decode(after, sort)
            conditions.append(tuple_(_submitted_text(), Report.id) < tuple_(key, rid))
    if filt.box == "baru_diperbarui":
        # What the pulls marked "new" or "updated" and this user has not opened since.
        user_id = actor.user_id if actor is not None else None
        conditions.append(news.unseen_condition(user_id, dense=news.is_dense(s, user_id, limit)))
    if filt.box == "baru_diperbarui" or filt.category_id:
        # The page's ids are chosen first, and only those rows are read whole, never every
        # match's row to sort them. Marked reports: a few, or thousands for a user who opens
        # few; the sort's covering index (`ix_report_due`/`_submitted_state`) is walked checking
        # each report's mark (`news.unseen_condition`). A category: thousands of reports; its
        # covering index (`ix_report_category_rules`) holds every rule's columns and both keys.
        chosen = select(Report.id).where(*conditions).order_by(*order).limit(limit + 1)
        conditions = [Report.id.in_(chosen.scalar_subquery())]
    stmt = _inbox_select(actor).where(*conditions).order_by(*order)
    rows = s.execute(stmt.limit(limit + 1)).all()
    page = tuple(_inbox_row(r) for r in rows[:limit])
    more = len(rows) > limit
    return Page(page, _encode(page[-1], sort) if more and page else None)


def _inbox_select(actor: Actor | None = None) -> Select[*tuple[Any, ...]]:
    has_draft = exists().where(Draft.report_id == Report.id).label("has_draft")
    mark = news.mark_column(actor.user_id if actor is not None else None).label("news")
    return select(
        Report.id,
        Report.tracking_id,
        Report.title,
        Report.status,
        Report.classification,
        Report.category_id,
        Report.submitted_at,
        Report.respond_by,
        Report.is_read,
        Report.is_secret,
        has_draft,
        Report.local_state,
        Report.published,
        mark,
    )


def _inbox_row(r: Any) -> InboxRow:
    return InboxRow(*r)


def _submitted_text() -> ColumnElement[Any]:
    # Compare the stored text directly: the keyset token carries it as text.
    return type_coerce(Report.submitted_at, String)


def _encode(row: InboxRow, sort: Sort) -> str:
    if sort == "deadline":
        key = row.respond_by.isoformat() if row.respond_by else NO_DUE_KEY
    else:
        key = to_utc_text(row.submitted_at)
    raw = json.dumps([sort, key, row.id]).encode()
    return base64.urlsafe_b64encode(raw).decode()


def _decode(token: str, sort: Sort) -> tuple[str, str]:
    try:
        kind, key, rid = json.loads(base64.urlsafe_b64decode(token.encode()))
    except ValueError as exc:
        raise ValueError("invalid page token") from exc
    if kind != sort:
        raise ValueError("page token belongs to another sort order")
    return str(key), str(rid)


@dataclass(frozen=True)
class _Cols:
    """The report columns the status and deadline rules read: as they are (`PLAIN`), or each
    behind SQLite's unary `+` (`DATE_WALK`), which keeps its value and only tells the planner not
    to look it up by an index of its own, so that a date-ordered page walks
    `ix_report_submitted_state`, filters there and stops at the page's end instead of reading
    every late report through `ix_report_status_published_due` and sorting them all."""

    status: SQLColumnExpression[str]
    published: SQLColumnExpression[bool]
    answered: SQLColumnExpression[bool]
    due_key: SQLColumnExpression[str]

    @classmethod
    def of(cls, r: Any) -> _Cols:
        """The columns of `Report`, or of an alias of it."""
        return cls(r.status, r.published, r.answered, r.due_key)


def _unindexed(column: Any) -> ColumnElement[Any]:
    return UnaryExpression(column, operator=operators.custom_op("+"), type_=column.type)


PLAIN = _Cols.of(Report)
DATE_WALK = _Cols(
    *(_unindexed(c) for c in (PLAIN.status, PLAIN.published, PLAIN.answered, PLAIN.due_key))
)


def _conditions(
    filt: InboxFilter,
    today: dt.date | None,
    cal: WorkingCalendar | None,
    actor: Actor | None,
    c: _Cols = PLAIN,
) -> list[ColumnElement[bool]]:
    found: list[ColumnElement[bool]] = []
    if filt.status:
        found.append(c.status == filt.status)
    if filt.classification:
        found.append(Report.classification == filt.classification)
    if filt.category_id:
        found.append(Report.category_id == filt.category_id)
    if filt.unread_only:
        found.append(Report.is_read.is_(False))
    if filt.deadline == "overdue" or filt.box == "lewat_tenggat":
        found.append(_overdue(_need(today, cal)[0], c))
    if filt.deadline == "due_soon":
        found.append(_due_soon(*_need(today, cal), c))
    if filt.box == "perlu_tindak_lanjut":
        # The trigger-kept flag (same rule as _needs_followup): an index walk, not a subquery.
        found.extend(_needs_followup_flag(c))
    if filt.box is not None and (box := _box_condition(filt.box, actor)) is not None:
        found.append(box)
    return found


def _box_condition(box: str, actor: Actor | None) -> ColumnElement[bool] | None:
    """The navigation boxes that list reports by the local work on them."""
    if box == "ditugaskan_kepada_saya":
        # The ids first, by ix_report_assignee_status: walking the sort's index instead and
        # checking each report read all 100,000 for an officer with nothing assigned (100 ms).
        assigned = aliased(Report)
        return Report.id.in_(select(assigned.id).where(_assigned_to(actor, assigned)))
    if box == "draf":
        return exists().where(Draft.report_id == Report.id)
    if box == "menunggu_persetujuan":
        # A supervisor decides on everyone's follow-ups; an officer waits on their own.
        mine = actor is not None and not actor.is_supervisor
        return _followup_box(FollowupState.PENDING_APPROVAL, actor if mine else None)
    if box == "dikembalikan":
        return _followup_box(FollowupState.RETURNED, actor)
    if box == "kotak_keluar":
        return _with_local_work()
    return None


def _with_local_work() -> ColumnElement[bool]:
    # The ids first: the few reports with local work (partial index ix_report_local) and the
    # reports of follow-ups with local work, never a check of every report (150 ms).
    local = aliased(Report)
    return Report.id.in_(
        union_all(
            select(local.id).where(local.local_state.is_not(None)),
            select(Followup.report_id).where(Followup.local_state.is_not(None)),
        )
    )


def _assigned_to(actor: Actor | None, r: Any = Report) -> ColumnElement[bool]:
    """Open reports the supervisor assigned to this officer that still need an answer."""
    user_id = actor.user_id if actor is not None else ""
    return and_(r.assignee_id == user_id, *_needs_followup_flag(_Cols.of(r)))


def _has_followup(condition: ColumnElement[bool]) -> ColumnElement[bool]:
    return exists().where(Followup.report_id == Report.id, condition)


def _followup_box(state: FollowupState, author: Actor | None) -> ColumnElement[bool]:
    # The same rows `nav_counts` counts: settled on the server (nothing local on its way).
    conditions = [Followup.state == state.value, Followup.local_state.is_(None)]
    if author is not None:
        conditions.append(Followup.author_id == author.user_id)
    return _has_followup(and_(*conditions))


def _need(today: dt.date | None, cal: WorkingCalendar | None) -> tuple[dt.date, WorkingCalendar]:
    if today is None or cal is None:
        raise ValueError("deadline filters need today and the working calendar")
    return today, cal


def _deadline_running(c: _Cols) -> ColumnElement[bool]:
    # domain.deadlines.running_deadline in SQL: open status, no published follow-up.
    return and_(c.status.in_(OPEN_STATUSES), c.published.is_(False))


def _overdue(today: dt.date, c: _Cols = PLAIN) -> ColumnElement[bool]:
    return and_(_deadline_running(c), c.due_key < today.isoformat())


def _due_soon(today: dt.date, cal: WorkingCalendar, c: _Cols = PLAIN) -> ColumnElement[bool]:
    last = last_due_soon_day(today, cal)
    return and_(
        _deadline_running(c),
        c.due_key >= today.isoformat(),
        c.due_key <= last.isoformat(),
    )


def last_due_soon_day(today: dt.date, cal: WorkingCalendar) -> dt.date:
    """The latest due date that still counts as "due soon" today (the domain rule decides)."""
    day = today
    for _ in range(60):
        nxt = day + dt.timedelta(days=1)
        if deadline_status(nxt, today, cal).status is not DeadlineStatus.DUE_SOON:
            return day
        day = nxt
    return day


def _needs_followup() -> ColumnElement[bool]:
    # Selecting only indexed columns lets SQLite answer from ix_followup_report (covering).
    answered = exists(
        select(Followup.report_id).where(
            Followup.report_id == Report.id,
            or_(Followup.state.in_(_ANSWERED), Followup.local_state.is_not(None)),
        )
    )
    return and_(Report.status.in_(OPEN_STATUSES), not_(answered))


def _needs_followup_flag(c: _Cols = PLAIN) -> tuple[ColumnElement[bool], ...]:
    # The same rule as _needs_followup, read from `report.answered` (kept by triggers): an
    # index range on ix_report_status_answered instead of one subquery per open report.
    return c.status.in_(OPEN_STATUSES), c.answered.is_(False)


def nav_counts(s: Session, actor: Actor, today: dt.date, cal: WorkingCalendar) -> NavCounts:
    """The numbers beside each entry of the navigation."""
    reports = select(func.count()).select_from(Report)
    waiting = (
        select(func.count())
        .select_from(Followup)
        .where(
            Followup.state == FollowupState.PENDING_APPROVAL.value, Followup.local_state.is_(None)
        )
    )
    if not actor.is_supervisor:
        waiting = waiting.where(Followup.author_id == actor.user_id)
    returned = (
        select(func.count())
        .select_from(Followup)
        .where(
            Followup.state == FollowupState.RETURNED.value,
            Followup.local_state.is_(None),
            Followup.author_id == actor.user_id,
        )
    )
    return NavCounts(
        baru_diperbarui=news.unseen_count(s, actor.user_id),
        ditugaskan_kepada_saya=_count(s, reports.where(_assigned_to(actor))),
        perlu_tindak_lanjut=_count(s, reports.where(*_needs_followup_flag())),
        lewat_tenggat=_count(s, reports.where(_overdue(today))),
        draf=_count(s, select(func.count()).select_from(Draft)),
        menunggu_persetujuan=_count(s, waiting),
        dikembalikan=_count(s, returned),
        kotak_keluar=_count(s, _outgoing(actor)),
        konflik=_count(
            s, select(func.count()).select_from(Conflict).where(Conflict.resolved_at.is_(None))
        ),
    )


def _outgoing(actor: Actor) -> Select[Any]:
    """What "Kotak Keluar" lists, counted: for those who answer reports, the reports with
    local work (a report with three changes on their way is one row, and one in the count);
    for the desk, whose box is the sync log, the changes still to be sent (one per intake)."""
    if actor.has_role("officer", "supervisor"):
        return select(func.count()).select_from(Report).where(_with_local_work())
    return select(func.count()).select_from(Outbox).where(Outbox.state.in_(UNSENT))


def _count(s: Session, stmt: Select[Any]) -> int:
    return int(s.scalar(stmt) or 0)
