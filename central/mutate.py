"""Writing reports and follow-ups: shared by the push ops and the world's events.

A unit of work starts with `begin_work`, which takes the next change number first (see
central/changes.py for why it must come first) and reads the rules snapshot. Every touch of a
report or follow-up bumps its version and points the change log of every agency that must hear
about it at this unit's number.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from central.changes import next_seq, record
from central.models import Attachment, Followup, Report, ReportHistory
from central.rules import Rules, load_rules
from sync.wire import AttachmentRef


@dataclass(frozen=True)
class Work:
    session: Session
    rules: Rules
    seq: int


def begin_work(session: Session) -> Work:
    seq = next_seq(session)
    return Work(session=session, rules=load_rules(session), seq=seq)


def audiences(report: Report) -> set[str]:
    """Agencies that hear about a report: the one handling it and the one whose desk made it."""
    return {a for a in (report.disposed_agency_id, report.created_by_agency_id) if a}


def add_history(
    work: Work,
    report: Report,
    actor: str,
    action: str,
    *,
    from_value: str | None = None,
    to_value: str | None = None,
    note: str | None = None,
) -> None:
    work.session.add(
        ReportHistory(
            report_id=report.id,
            at=work.rules.now,
            actor=actor,
            action=action,
            from_value=from_value,
            to_value=to_value,
            note=note,
        )
    )


def touch_report(work: Work, report: Report, *, new: bool = False) -> None:
    if not new:
        report.version += 1
    report.updated_at = work.rules.now
    work.session.flush()
    record(work.session, work.seq, "report", report.id, audiences(report))


def touch_followup(work: Work, followup: Followup, report: Report, *, new: bool = False) -> None:
    if not new:
        followup.version += 1
    followup.updated_at = work.rules.now
    work.session.flush()
    record(work.session, work.seq, "followup", followup.id, audiences(report))


def announce_removal(work: Work, report: Report, agency_id: str, reason: str) -> None:
    """Tell an agency that a report and its follow-ups left its scope."""
    record(work.session, work.seq, "report", report.id, [agency_id], op="remove", reason=reason)
    for followup_id in work.session.scalars(
        select(Followup.id).where(Followup.report_id == report.id)
    ):
        record(
            work.session, work.seq, "followup", followup_id, [agency_id], op="remove", reason=reason
        )


def announce_followups(work: Work, report: Report) -> None:
    """Follow-ups follow their report: re-announce them to the report's current audiences."""
    for followup_id in work.session.scalars(
        select(Followup.id).where(Followup.report_id == report.id)
    ):
        record(work.session, work.seq, "followup", followup_id, audiences(report))


def set_attachments(
    session: Session, kind: str, owner_id: str, refs: Iterable[AttachmentRef]
) -> None:
    session.execute(
        delete(Attachment).where(Attachment.owner_kind == kind, Attachment.owner_id == owner_id)
    )
    session.add_all(
        Attachment(
            owner_kind=kind,
            owner_id=owner_id,
            sha256=ref.sha256,
            filename=ref.filename,
            mime=ref.mime,
            size=ref.size,
        )
        for ref in refs
    )
