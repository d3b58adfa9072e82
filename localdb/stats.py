"""The office's figures, computed from this computer's store (so they work offline).

What an evaluation asks an office for (Ombudsman, KemenPANRB): reports received, how many were
answered within the follow-up deadline (5 working days after disposition by default: the
report's `respond_by`), overdue now, follow-ups waiting for approval, returned, hand-offs; a
weekly backlog; and the list of the period's reports with the working days each took.

A report is *received* by the office on the WIB day it was disposed to it; *answered* on the
WIB day its first follow-up was published (approved). Counts are per report, never per
follow-up. Figures per officer are by the report's assignee (the officer the supervisor
assigned it to); reports nobody was assigned count for the office only.

The dashboard aggregates in SQL over one covering index (`dashboard`); the recap reads one row
per report (`report_facts`, with the same rules in Python), and a test checks both against a
hand-computed fixture.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import astuple, dataclass, field
from typing import Any

from sqlalchemy import (
    ColumnElement,
    ScalarSelect,
    Select,
    and_,
    case,
    func,
    literal_column,
    or_,
    select,
)
from sqlalchemy.orm import Session

from domain.calendar import WorkingCalendar
from domain.deadlines import running_deadline
from localdb.models import Followup, Report
from localdb.queries import OPEN_STATUSES
from localdb.syncstore import load_reference

WIB_SHIFT = "+7 hours"


@dataclass(frozen=True)
class ReportFacts:
    """One report, as the figures and the recap see it (no reporter identity here)."""

    id: str
    tracking_id: str | None
    title: str
    classification: str
    category_id: str | None
    channel: str | None
    status: str
    submitted_on: dt.date | None
    received_on: dt.date | None  # disposed to the office (WIB day)
    respond_by: dt.date | None
    answered_on: dt.date | None  # first follow-up published (WIB day)
    officer_id: str | None
    waiting: int  # follow-ups waiting for approval
    returned: int  # follow-ups returned to their author
    handoff: bool  # a hand-off to another agency was asked for

    def working_days_taken(self, cal: WorkingCalendar) -> int | None:
        if self.received_on is None or self.answered_on is None:
            return None
        return max(0, cal.working_days_between(self.received_on, self.answered_on))

    @property
    def on_time(self) -> bool:
        return (
            self.answered_on is not None
            and self.respond_by is not None
            and self.answered_on <= self.respond_by
        )

    def overdue(self, today: dt.date) -> bool:
        due = running_deadline(self.status, self.respond_by, published=self.answered_on is not None)
        return due is not None and due < today


@dataclass(frozen=True)
class Figures:
    received: int = 0
    answered: int = 0
    answered_on_time: int = 0
    overdue_now: int = 0
    waiting_approval: int = 0
    returned: int = 0
    handoffs: int = 0

    @property
    def on_time_share(self) -> float | None:
        """Share of the received reports answered within their deadline (None: none received)."""
        return self.answered_on_time / self.received if self.received else None


@dataclass(frozen=True)
class WeekPoint:
    week_start: dt.date  # a Monday
    received: int
    answered: int
    backlog: int  # received by the end of the week and not answered by then


@dataclass(frozen=True)
class Dashboard:
    start: dt.date
    end: dt.date  # inclusive
    office: Figures
    officers: dict[str, Figures] = field(default_factory=dict)
    names: dict[str, str] = field(default_factory=dict)  # officer id -> name, where known
    trend: tuple[WeekPoint, ...] = ()


def _facts_select(agency_id: str | None) -> Select[Any]:
    def count_state(state: str) -> ScalarSelect[int]:
        return (
            select(func.count())
            .where(Followup.report_id == Report.id, Followup.state == state)
            .scalar_subquery()
        )

    history = func.json_extract(Report.data, "$.history")
    stmt: Select[Any] = select(
        Report.id,
        Report.tracking_id,
        Report.title,
        Report.classification,
        Report.category_id,
        func.json_extract(Report.data, "$.channel"),
        Report.status,
        func.date(Report.submitted_at, WIB_SHIFT),
        Report.disposed_on,
        Report.respond_by,
        Report.answered_on,
        Report.assignee_id,
        count_state("pending_approval"),
        count_state("returned"),
        func.coalesce(func.instr(history, literal_column("'\"handoff_requested\"'")), 0) > 0,
    ).where(Report.disposed_on.is_not(None))
    if agency_id is not None:
        stmt = stmt.where(Report.agency == agency_id)
    return stmt


def _date(value: object) -> dt.date | None:
    if value is None:
        return None
    if isinstance(value, dt.date):
        return value
    return dt.date.fromisoformat(str(value)[:10])


def report_facts(
    s: Session, start: dt.date, end: dt.date, *, agency_id: str | None = None
) -> list[ReportFacts]:
    """The reports received in [start, end] (WIB days, inclusive), oldest first."""
    stmt = _facts_select(agency_id).where(
        and_(Report.disposed_on >= start.isoformat(), Report.disposed_on <= end.isoformat())
    )
    return sorted((_facts(r) for r in s.execute(stmt)), key=lambda f: (f.received_on, f.id))


def weekly_trend_sql(
    s: Session, last_week: dt.date, weeks: int, *, agency_id: str | None = None
) -> list[WeekPoint]:
    """`weeks` Mondays up to the week of `last_week`: received, answered, and the backlog at
    each week's end, as sums over one scan of the covering index (never the report JSON)."""
    monday = week_start(last_week)
    starts = [monday - dt.timedelta(weeks=weeks - 1 - i) for i in range(weeks)]
    disposed, answered = Report.disposed_on, Report.answered_on
    columns: list[Any] = []
    for start in starts:
        first, last = start.isoformat(), (start + dt.timedelta(days=6)).isoformat()
        columns += [
            func.sum(case((and_(disposed >= first, disposed <= last), 1), else_=0)),
            func.sum(case((and_(answered >= first, answered <= last), 1), else_=0)),
            func.sum(
                case(
                    (and_(disposed <= last, or_(answered.is_(None), answered > last)), 1),
                    else_=0,
                )
            ),
        ]
    stmt = select(*columns).where(disposed.is_not(None))
    if agency_id is not None:
        stmt = stmt.where(Report.agency == agency_id)
    row = s.execute(stmt).one()
    values = [int(v or 0) for v in row]
    return [
        WeekPoint(start, values[3 * i], values[3 * i + 1], values[3 * i + 2])
        for i, start in enumerate(starts)
    ]


def _facts(r: Sequence[Any]) -> ReportFacts:
    return ReportFacts(
        id=str(r[0]),
        tracking_id=None if r[1] is None else str(r[1]),
        title=str(r[2]),
        classification=str(r[3]),
        category_id=None if r[4] is None else str(r[4]),
        channel=None if r[5] is None else str(r[5]),
        status=str(r[6]),
        submitted_on=_date(r[7]),
        received_on=_date(r[8]),
        respond_by=_date(r[9]),
        answered_on=_date(r[10]),
        officer_id=None if r[11] is None else str(r[11]),
        waiting=int(r[12] or 0),
        returned=int(r[13] or 0),
        handoff=bool(r[14]),
    )


def figures(facts: Iterable[ReportFacts], today: dt.date) -> Figures:
    received = answered = on_time = overdue = waiting = returned = handoffs = 0
    for f in facts:
        received += 1
        answered += f.answered_on is not None
        on_time += f.on_time
        overdue += f.overdue(today)
        waiting += f.waiting
        returned += f.returned
        handoffs += f.handoff
    return Figures(received, answered, on_time, overdue, waiting, returned, handoffs)


def week_start(day: dt.date) -> dt.date:
    return day - dt.timedelta(days=day.weekday())


def dashboard(
    s: Session,
    start: dt.date,
    end: dt.date,
    today: dt.date,
    *,
    agency_id: str | None = None,
    weeks: int = 12,
) -> Dashboard:
    """The office's figures for [start, end], per officer, and a weekly backlog trend.

    Aggregated in SQL over `ix_report_agency_disposed`, which covers every column read, so the
    reports' JSON is never loaded (2 s at 100,000 reports when it was)."""
    per_officer = _officer_figures(s, start, end, today, agency_id)
    office = _sum(per_officer.values())
    officers = {k: v for k, v in per_officer.items() if k is not None}
    trend = weekly_trend_sql(s, today, weeks, agency_id=agency_id)
    return Dashboard(
        start=start,
        end=end,
        office=office,
        officers=dict(sorted(officers.items())),
        names=officer_names(s, officers),
        trend=tuple(trend),
    )


def _period(start: dt.date, end: dt.date, agency_id: str | None) -> list[ColumnElement[bool]]:
    where = [Report.disposed_on >= start.isoformat(), Report.disposed_on <= end.isoformat()]
    if agency_id is not None:
        where.append(Report.agency == agency_id)
    return where


def _officer_figures(
    s: Session, start: dt.date, end: dt.date, today: dt.date, agency_id: str | None
) -> dict[str | None, Figures]:
    """Figures per assignee (None: reports nobody was assigned), the rules of `ReportFacts`."""
    answered = Report.answered_on.is_not(None)
    on_time = and_(
        answered, Report.respond_by.is_not(None), Report.answered_on <= Report.respond_by
    )
    overdue = and_(
        Report.status.in_(OPEN_STATUSES),
        Report.published.is_(False),
        Report.due_key < today.isoformat(),
    )
    rows = s.execute(
        select(
            Report.assignee_id,
            func.count(),
            func.sum(case((answered, 1), else_=0)),
            func.sum(case((on_time, 1), else_=0)),
            func.sum(case((overdue, 1), else_=0)),
            func.sum(case((Report.handoff_asked.is_(True), 1), else_=0)),
        )
        .where(*_period(start, end, agency_id))
        .group_by(Report.assignee_id)
    ).all()
    waiting: Counter[tuple[str | None, str]] = Counter()
    for assignee, state, n in s.execute(
        select(Report.assignee_id, Followup.state, func.count())
        .join(Followup, Followup.report_id == Report.id)
        # `state || ''` keeps SQLite (SQLCipher's newer planner) from starting at every
        # follow-up in review through ix_followup_state and reading each one's report row (on
        # an encrypted profile 0.4 s of page decryption at 100,000 reports): it starts at the
        # period's reports in their covering index and reads ix_followup_report (17 ms).
        .where(*_period(start, end, agency_id), Followup.state.concat("").in_(_REVIEW_STATES))
        .group_by(Report.assignee_id, Followup.state)
    ):
        waiting[(assignee, str(state))] = int(n)
    return {
        who: Figures(
            received=int(n),
            answered=int(ans or 0),
            answered_on_time=int(ok or 0),
            overdue_now=int(late or 0),
            waiting_approval=waiting[(who, "pending_approval")],
            returned=waiting[(who, "returned")],
            handoffs=int(hand or 0),
        )
        for who, n, ans, ok, late, hand in rows
    }


_REVIEW_STATES = ("pending_approval", "returned")


def _sum(parts: Iterable[Figures]) -> Figures:
    total = Figures()
    for f in parts:
        total = Figures(*(a + b for a, b in zip(astuple(total), astuple(f), strict=True)))
    return total


def officer_names(s: Session, ids: Iterable[str]) -> dict[str, str]:
    """Names from the reference data's staff list; for an id it does not hold (an officer who
    left), the name their newest follow-up carries."""
    wanted = set(ids)
    data, _etag = load_reference(s)
    names = {
        str(p["id"]): str(p.get("full_name") or p["id"])
        for p in (data or {}).get("staff") or []
        if p.get("id") in wanted
    }
    for missing in wanted - names.keys():
        name = s.scalar(
            select(func.json_extract(Followup.data, "$.author.full_name"))
            .where(Followup.author_id == missing, Followup.data.is_not(None))
            .order_by(Followup.updated_at.desc())
            .limit(1)
        )
        if name:
            names[missing] = str(name)
    return names
