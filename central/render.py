"""Who may see what, and the wire form (sync.wire) of reports and follow-ups.

Visibility (decided here and nowhere else; the table per role and field is in docs/protocol.md):
- desk: reports created by its agency's desk, except a secret one routed to another agency;
- officer: reports disposed to its agency, a secret (`is_secret`) one only when assigned to them;
- supervisor: every report disposed to its agency;
- follow-ups: all of them to whoever may handle the report, only published ones to the others;
- a report closed longer than the retention window is out of every scope.

Fields: an anonymous reporter's identity is never sent to anyone; the reporter's NIK, phone,
e-mail and address go to those who handle the report and to the desk user who typed it in, and
to nobody else; a supervisor's review note goes to the supervisors handling the report and to
the follow-up's author only.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from central.lapor.visible import lapor_refs
from central.models import Agency, Attachment, Followup, Report, ReportHistory, User
from central.rules import Rules
from sync.wire import (
    AttachmentRef,
    Deadlines,
    Disposition,
    FollowupData,
    HistoryEntry,
    LaporRef,
    Location,
    PersonRef,
    ReportData,
    Reporter,
    Review,
)

CLOSED_STATUSES = frozenset({"selesai", "diarsipkan", "ditolak"})


@dataclass(frozen=True)
class Viewer:
    user_id: str
    agency_id: str
    roles: frozenset[str]

    @classmethod
    def of(cls, user: User) -> Viewer:
        return cls(user.id, user.agency_id, user.role_set)

    def handles(self, report: Report) -> bool:
        """Officer or supervisor of the agency the report is disposed to."""
        return report.disposed_agency_id == self.agency_id and bool(
            self.roles & {"officer", "supervisor"}
        )

    def may_handle(self, report: Report) -> bool:
        """Handles it and, for a secret report, is its assignee or a supervisor."""
        if not self.handles(report):
            return False
        if report.is_secret and "supervisor" not in self.roles:
            return report.assignee_id == self.user_id
        return True


def hidden_reason(viewer: Viewer, report: Report, rules: Rules) -> str | None:
    """None when `viewer` may see `report`; else why it is not (a feed `remove` reason)."""
    if report.closed_at is not None and report.closed_at < rules.retention_cutoff():
        return "retention"
    if viewer.may_handle(report):
        return None
    if "desk" in viewer.roles and report.created_by_agency_id == viewer.agency_id:
        if report.is_secret and report.disposed_agency_id not in (None, viewer.agency_id):
            return "redisposed"  # a secret report leaves the desk once another agency has it
        return None
    return "out_of_scope"


def followup_hidden(viewer: Viewer, followup: Followup, report: Report, rules: Rules) -> str | None:
    """None when `viewer` may see `followup`: its report, and unless they handle the report,
    only once it is published (drafts under review stay inside the handling office)."""
    reason = hidden_reason(viewer, report, rules)
    if reason is not None or viewer.may_handle(report):
        return reason
    return None if followup.state == "published" else "out_of_scope"


def sees_identity(viewer: Viewer | None, report: Report) -> bool:
    """NIK, phone, e-mail and address: the handlers and the desk user who typed them in."""
    if viewer is None:
        return True
    return viewer.may_handle(report) or report.created_by_user_id == viewer.user_id


def sees_review_note(viewer: Viewer | None, followup: Followup, report: Report) -> bool:
    if viewer is None or followup.author_id == viewer.user_id:
        return True
    return "supervisor" in viewer.roles and viewer.may_handle(report)


class Renderer:
    """Builds wire objects for many rows with a handful of queries."""

    def __init__(self, session: Session, viewer: Viewer | None = None) -> None:
        """With a viewer, fields the viewer may not see are left out (None: everything)."""
        self.session = session
        self.viewer = viewer
        self._agencies: dict[str, Agency] | None = None
        self._people: dict[str, PersonRef] = {}

    def agency_name(self, agency_id: str) -> str:
        if self._agencies is None:
            self._agencies = {a.id: a for a in self.session.scalars(select(Agency))}
        agency = self._agencies.get(agency_id)
        return agency.name if agency else agency_id

    def _load_people(self, ids: Iterable[str | None]) -> None:
        wanted = {i for i in ids if i and i not in self._people}
        if wanted:
            for user in self.session.scalars(select(User).where(User.id.in_(wanted))):
                self._people[user.id] = PersonRef(id=user.id, full_name=user.full_name)

    def _person(self, user_id: str) -> PersonRef:
        return self._people.get(user_id) or PersonRef(id=user_id, full_name=user_id)

    def _attachments(self, kind: str, ids: list[str]) -> dict[str, list[AttachmentRef]]:
        found: dict[str, list[AttachmentRef]] = defaultdict(list)
        if ids:
            rows = self.session.scalars(
                select(Attachment)
                .where(Attachment.owner_kind == kind, Attachment.owner_id.in_(ids))
                .order_by(Attachment.id)
            )
            for a in rows:
                found[a.owner_id].append(
                    AttachmentRef(sha256=a.sha256, filename=a.filename, mime=a.mime, size=a.size)
                )
        return found

    def _history(self, ids: list[str]) -> dict[str, list[HistoryEntry]]:
        found: dict[str, list[HistoryEntry]] = defaultdict(list)
        if ids:
            rows = self.session.scalars(
                select(ReportHistory)
                .where(ReportHistory.report_id.in_(ids))
                .order_by(ReportHistory.id)
            )
            for h in rows:
                entry = {
                    "at": h.at,
                    "actor": h.actor,
                    "action": h.action,
                    "from": h.from_value,
                    "to": h.to_value,
                    "note": h.note,
                }
                found[h.report_id].append(HistoryEntry.model_validate(entry))
        return found

    def reports(self, reports: list[Report]) -> dict[str, ReportData]:
        ids = [r.id for r in reports]
        attachments = self._attachments("report", ids)
        history = self._history(ids)
        lapor = lapor_refs(self.session, "report", ids)
        return {
            r.id: self._report(r, attachments[r.id], history[r.id], lapor.get(r.id))
            for r in reports
        }

    def report(self, report: Report) -> ReportData:
        return self.reports([report])[report.id]

    def _report(
        self,
        r: Report,
        attachments: list[AttachmentRef],
        history: list[HistoryEntry],
        lapor: LaporRef | None = None,
    ) -> ReportData:
        disposition = None
        if r.disposed_agency_id and r.disposed_at:
            disposition = Disposition(
                agency_id=r.disposed_agency_id,
                agency_name=self.agency_name(r.disposed_agency_id),
                disposed_at=r.disposed_at,
                assignee_id=r.assignee_id,
            )
        reporter = None
        if not r.is_anonymous and sees_identity(self.viewer, r):
            reporter = Reporter(
                name=r.reporter_name,
                nik=r.reporter_nik,
                phone=r.reporter_phone,
                email=r.reporter_email,
                address=r.reporter_address,
            )
        elif not r.is_anonymous:
            reporter = Reporter(name=r.reporter_name)
        return ReportData(
            id=r.id,
            tracking_id=r.tracking_id,
            receipt_number=r.receipt_number,
            title=r.title,
            content=r.content,
            classification=r.classification,  # type: ignore[arg-type]
            category_id=r.category_id,
            channel=r.channel,  # type: ignore[arg-type]
            status=r.status,  # type: ignore[arg-type]
            disposition=disposition,
            is_anonymous=r.is_anonymous,
            is_secret=r.is_secret,
            reporter=reporter,
            location=Location(region_code=r.region_code, address=r.address),
            incident_date=r.incident_date,
            submitted_at=r.submitted_at,
            deadlines=Deadlines(
                verify_by=r.verify_by, respond_by=r.respond_by, autoclose_at=r.autoclose_at
            ),
            attachments=attachments,
            history=history,
            version=r.version,
            updated_at=r.updated_at,
            lapor=lapor,
        )

    def followups(self, followups: list[Followup]) -> dict[str, FollowupData]:
        self._load_people([f.author_id for f in followups] + [f.reviewer_id for f in followups])
        ids = [f.id for f in followups]
        attachments = self._attachments("followup", ids)
        hidden_notes = self._hidden_notes(followups)
        lapor = lapor_refs(self.session, "followup", ids)
        return {
            f.id: self._followup(f, attachments[f.id], hidden_notes, lapor.get(f.id))
            for f in followups
        }

    def _hidden_notes(self, followups: list[Followup]) -> set[str]:
        """Ids of the follow-ups whose review note this viewer may not read."""
        if self.viewer is None:
            return set()
        ids = {f.report_id for f in followups if f.review_note}
        reports = {r.id: r for r in self.session.scalars(select(Report).where(Report.id.in_(ids)))}
        return {
            f.id
            for f in followups
            if f.review_note
            and (
                f.report_id not in reports
                or not sees_review_note(self.viewer, f, reports[f.report_id])
            )
        }

    def followup(self, followup: Followup) -> FollowupData:
        return self.followups([followup])[followup.id]

    def _followup(
        self,
        f: Followup,
        attachments: list[AttachmentRef],
        hidden_notes: set[str],
        lapor: LaporRef | None = None,
    ) -> FollowupData:
        review = None
        if f.reviewer_id and f.reviewed_at:
            note = None if f.id in hidden_notes else f.review_note
            review = Review(reviewer=self._person(f.reviewer_id), note=note, at=f.reviewed_at)
        return FollowupData(
            id=f.id,
            report_id=f.report_id,
            author=self._person(f.author_id),
            content=f.content,
            template_code=f.template_code,
            attachments=attachments,
            state=f.state,  # type: ignore[arg-type]
            review=review,
            version=f.version,
            created_at=f.created_at,
            updated_at=f.updated_at,
            lapor=lapor,
        )
