"""The rest of the world around an office: citizens, the national admin, reporters, the clock.

Each event is one unit of work on a session the caller owns; the admin API and the CLI call the
same functions. Events raise `WorldError` (a message in Indonesian) when they do not apply.
"""

from __future__ import annotations

import datetime as dt
import uuid
from dataclasses import dataclass

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from central.changes import next_tracking_id
from central.models import Agency, Category, Followup, HandoffRequest, Report, User
from central.mutate import (
    Work,
    add_history,
    announce_followups,
    announce_removal,
    begin_work,
    touch_report,
)
from central.render import CLOSED_STATUSES
from central.rules import get_setting, set_setting
from domain.deadlines import respond_by, verify_by
from domain.states import ReportStatus, can_transition_report

ADMIN = "Admin Nasional"


class WorldError(Exception):
    def __init__(self, message: str, status: int = 422) -> None:
        super().__init__(message)
        self.message = message
        self.status = status


MAX_CLOCK_OFFSET_SECONDS = 50 * 365 * 86400


@dataclass(frozen=True)
class CitizenReport:
    title: str
    content: str
    channel: str = "web"
    classification: str = "pengaduan"
    category_id: str | None = None
    is_anonymous: bool = False
    is_secret: bool = False
    reporter_name: str | None = None
    reporter_phone: str | None = None
    region_code: str | None = None
    address: str | None = None
    report_id: str | None = None


def _report(session: Session, report_id: str) -> Report:
    report = session.get(Report, report_id)
    if report is None:
        report = session.scalars(select(Report).where(Report.tracking_id == report_id)).first()
    if report is None:
        raise WorldError(f"Laporan {report_id} tidak ditemukan.", 404)
    return report


def _agency(session: Session, agency_ref: str) -> Agency:
    agency = session.get(Agency, agency_ref)
    if agency is None:
        agency = session.scalars(select(Agency).where(Agency.code == agency_ref)).first()
    if agency is None:
        raise WorldError(f"Instansi {agency_ref} tidak dikenal.", 404)
    return agency


def _move(work: Work, report: Report, new: ReportStatus, actor: str, note: str | None) -> None:
    old = ReportStatus(report.status)
    if not can_transition_report(old, new):
        raise WorldError(f"Status laporan tidak dapat diubah dari {old} menjadi {new}.", 409)
    report.status = new.value
    if new.value in CLOSED_STATUSES:
        report.closed_at = work.rules.now
    else:
        report.closed_at = None
    add_history(work, report, actor, "status", from_value=old.value, to_value=new.value, note=note)


def citizen_report(session: Session, event: CitizenReport) -> Report:
    """A complaint arriving from a channel other than the desk (web, SMS, app, ...)."""
    work = begin_work(session)
    rules = work.rules
    if event.category_id is not None and session.get(Category, event.category_id) is None:
        raise WorldError(f"Kategori {event.category_id} tidak dikenal.")
    if event.report_id is not None and session.get(Report, event.report_id) is not None:
        raise WorldError(f"Laporan {event.report_id} sudah ada.", 409)
    report = Report(
        id=event.report_id or str(uuid.uuid4()),
        tracking_id=next_tracking_id(session),
        title=event.title,
        content=event.content,
        classification=event.classification,
        category_id=event.category_id,
        channel=event.channel,
        status=ReportStatus.BELUM_TERVERIFIKASI.value,
        is_anonymous=event.is_anonymous,
        is_secret=event.is_secret,
        reporter_name=event.reporter_name,
        reporter_phone=event.reporter_phone,
        region_code=event.region_code,
        address=event.address,
        submitted_at=rules.now,
        verify_by=verify_by(rules.today, rules.cal, rules.sla),
        version=1,
        updated_at=rules.now,
    )
    session.add(report)
    session.flush()
    add_history(work, report, "Pelapor", "created", to_value=report.status)
    touch_report(work, report, new=True)  # no agency hears about it before disposition
    return report


def dispose(
    session: Session,
    report_id: str,
    agency_ref: str,
    *,
    assignee: str | None = None,
    note: str | None = None,
) -> Report:
    """National admin verifies (if needed) and routes the report; re-routes a routed one."""
    work = begin_work(session)
    report = _report(session, report_id)
    agency = _agency(session, agency_ref)
    if report.status in CLOSED_STATUSES:
        raise WorldError("Laporan yang sudah ditutup tidak dapat didisposisikan.", 409)
    if report.status == ReportStatus.BELUM_TERVERIFIKASI.value:
        _move(work, report, ReportStatus.TERVERIFIKASI, ADMIN, None)
    old_agency = report.disposed_agency_id
    if old_agency == agency.id and assignee is None:
        raise WorldError("Laporan sudah didisposisikan ke instansi ini.", 409)
    report.assignee_id = _assignee_id(session, assignee, agency.id)
    if old_agency != agency.id:
        old_name = session.get(Agency, old_agency).name if old_agency else None  # type: ignore[union-attr]
        report.disposed_agency_id = agency.id
        report.disposed_at = work.rules.now
        report.respond_by = respond_by(work.rules.today, work.rules.cal, work.rules.sla)
        report.autoclose_at = None
        action = "redisposed" if old_agency else "disposed"
        add_history(
            work, report, ADMIN, action, from_value=old_name, to_value=agency.name, note=note
        )
        _withdraw_pending_followups(work, report)
    touch_report(work, report)
    announce_followups(work, report)
    if old_agency and old_agency != agency.id:
        announce_removal(work, report, old_agency, "redisposed")
    return report


def _assignee_id(session: Session, username: str | None, agency_id: str) -> str | None:
    if username is None:
        return None
    user = session.scalars(select(User).where(User.username == username)).first()
    if user is None or user.agency_id != agency_id:
        raise WorldError(f"Petugas {username} tidak ada di instansi tujuan.")
    return user.id


def _withdraw_pending_followups(work: Work, report: Report) -> None:
    """Drafts of the old agency no longer apply once the report moved on."""
    session = work.session
    session.execute(
        update(Followup)
        .where(
            Followup.report_id == report.id,
            Followup.state.in_(("pending_approval", "returned")),
        )
        .values(state="withdrawn", version=Followup.version + 1, updated_at=work.rules.now)
    )


def reject(session: Session, report_id: str, note: str) -> Report:
    work = begin_work(session)
    report = _report(session, report_id)
    _move(work, report, ReportStatus.DITOLAK, ADMIN, note)
    touch_report(work, report)
    return report


def reporter_reply(session: Session, report_id: str, message: str) -> Report:
    """The reporter answers: re-opens the conversation (auto-close cleared, new response time)."""
    work = begin_work(session)
    report = _report(session, report_id)
    if report.disposed_agency_id is None:
        raise WorldError("Laporan belum didisposisikan.", 409)
    if report.status not in (ReportStatus.DALAM_PROSES.value, ReportStatus.SELESAI.value):
        add_history(work, report, "Pelapor", "reporter_reply", note=message)
    else:
        _move(work, report, ReportStatus.DALAM_PROSES, "Pelapor", None)
        add_history(work, report, "Pelapor", "reporter_reply", note=message)
        report.autoclose_at = None
        report.respond_by = respond_by(work.rules.today, work.rules.cal, work.rules.sla)
    touch_report(work, report)
    return report


def decide_handoff(session: Session, handoff_id: str, *, accept: bool, note: str | None) -> Report:
    handoff = session.get(HandoffRequest, handoff_id)
    if handoff is None or handoff.state != "pending":
        raise WorldError("Permintaan pelimpahan tidak ditemukan atau sudah diputuskan.", 404)
    now_state = "accepted" if accept else "refused"
    if accept:
        report = dispose(session, handoff.report_id, handoff.target_agency_id, note=note)
        work_now = report.updated_at
    else:
        work = begin_work(session)
        report = _report(session, handoff.report_id)
        add_history(work, report, ADMIN, "handoff_refused", note=note)
        touch_report(work, report)
        work_now = work.rules.now
    handoff.state = now_state
    handoff.decision_note = note
    handoff.decided_at = work_now
    return report


def pending_handoffs(session: Session) -> list[HandoffRequest]:
    return list(
        session.scalars(
            select(HandoffRequest)
            .where(HandoffRequest.state == "pending")
            .order_by(HandoffRequest.created_at)
        )
    )


# --- time ---------------------------------------------------------------------------------------


def advance_clock(session: Session, *, days: float = 0, hours: float = 0) -> dt.timedelta:
    """Move the world's clock forward; returns the new total offset."""
    if days < 0 or hours < 0:
        raise WorldError("Jam dunia hanya dapat dimajukan.")
    offset = int(get_setting(session, "clock_offset_seconds"))
    offset += int(days * 86400 + hours * 3600)
    if offset > MAX_CLOCK_OFFSET_SECONDS:  # dates and calendars must stay computable
        raise WorldError("Jam dunia tidak dapat dimajukan lebih dari 50 tahun.")
    set_setting(session, "clock_offset_seconds", offset)
    session.flush()
    return dt.timedelta(seconds=offset)


def housekeeping(session: Session) -> tuple[int, int]:
    """Auto-close reports whose time ran out; announce reports past retention.

    Returns (auto-closed, expired). Call in its own transaction, after a clock move and from
    time to time while serving.
    """
    work = begin_work(session)
    closed = 0
    due = session.scalars(
        select(Report).where(
            Report.status == ReportStatus.DALAM_PROSES.value,
            Report.autoclose_at.is_not(None),
            Report.autoclose_at <= work.rules.today,
        )
    )
    for report in due:
        _move(work, report, ReportStatus.SELESAI, "Sistem", "Tidak ada tanggapan pelapor.")
        touch_report(work, report)
        closed += 1
    expired = 0
    for report in session.scalars(
        select(Report).where(
            Report.closed_at.is_not(None),
            Report.closed_at < work.rules.retention_cutoff(),
            Report.retention_expired.is_(False),
        )
    ):
        report.retention_expired = True
        for agency_id in {report.disposed_agency_id, report.created_by_agency_id}:
            if agency_id:
                announce_removal(work, report, agency_id, "retention")
        expired += 1
    session.flush()
    return closed, expired
