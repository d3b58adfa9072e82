"""Outbound: what the hub's users did, sent to SP4N-LAPOR! exactly once.

The v4 POSTs are not known to be idempotent, so every send goes through the outbox:

1. `enqueue` adds a row for each published follow-up, walk-in complaint and pending hand-off
   request of a bridged agency (on a report that is, or is about to be, on LAPOR!).
2. Before a POST the row is committed as `in_flight` (and due again only after the read-back
   delay): a bridge killed during the send finds it so on restart.
3. The answer decides: `done` (with the LAPOR! id), `failed` (refused: the reason is kept),
   `queued` again (429 or no connection: nothing was carried out), or `unknown`.
4. A row `in_flight` or `unknown` is read back first (the complaint's follow-ups, its logs, or the
   list of complaints) and sent again only when LAPOR! does not have it.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from sqlalchemy import and_, exists, or_, select
from sqlalchemy.orm import Session

from central.changes import next_seq, record
from central.db import Database
from central.lapor.client import (
    AuthRefused,
    LaporClient,
    Ok,
    Outcome,
    RateLimited,
    Refused,
    Unknown,
    Unreachable,
)
from central.lapor.mapping import Mapping, missing_field
from central.lapor.masters import lapor_template_code
from central.lapor.models import LaporLink, LaporOutbox
from central.lapor.state import LAST_CONTACT, put, record_error
from central.models import Attachment, Blob, Followup, HandoffRequest, Report, User
from central.mutate import audiences

log = logging.getLogger("central.lapor")
PENDING = ("queued", "in_flight", "unknown")
KIND_ORDER = ("report", "followup", "handoff")

# Why a row failed, as `last_error` begins (visible.py tells clients which of these it was).
REFUSED = "refused by LAPOR!: "
NOT_MAPPED = "has no LAPOR! institution in the mapping"
NO_LONGER_PUBLISHED = "the follow-up is no longer published"
REPORT_GONE = "the report is gone"


@dataclass(frozen=True)
class Found:
    lapor_id: str | None


@dataclass(frozen=True)
class Wait:
    reason: str


@dataclass(frozen=True)
class Fail:
    reason: str


Readback = Found | None | Outcome  # None: LAPOR! does not have it


@dataclass
class Plan:
    send: Callable[[], Outcome]
    readback: Callable[[], Readback]
    answer_id: Callable[[Ok], str | None]


# --- enqueue ------------------------------------------------------------------------------------


def _on_lapor(report_id: Any) -> Any:
    """The report is linked to a LAPOR! complaint or queued to become one."""
    return or_(
        exists().where(LaporLink.kind == "report", LaporLink.hub_id == report_id),
        exists().where(LaporOutbox.kind == "report", LaporOutbox.hub_id == report_id),
    )


def _not_queued(kind: str, hub_id: Any) -> Any:
    return ~exists().where(LaporOutbox.kind == kind, LaporOutbox.hub_id == hub_id)


def enqueue(
    session: Session, mapping: Mapping, now: dt.datetime, since: dt.datetime | None = None
) -> int:
    """Queue what is new; with `since`, only what happened from then on (a bridge switched on
    for a hub with a history does not send that history)."""
    agencies = list(mapping.agencies)
    start = since or dt.datetime(1970, 1, 1, tzinfo=dt.UTC)
    walk_ins = select(Report.id).where(
        Report.submitted_at >= start,
        Report.channel == "walk_in",
        Report.created_by_agency_id.in_(agencies),
        _not_queued("report", Report.id),
        ~exists().where(LaporLink.kind == "report", LaporLink.hub_id == Report.id),
    )
    rows = [("report", i) for i in session.scalars(walk_ins)]
    session.add_all(_row(k, i, now) for k, i in rows)
    session.flush()
    followups = (
        select(Followup.id)
        .join(User, User.id == Followup.author_id)
        .where(
            Followup.state == "published",
            Followup.reviewed_at >= start,
            User.agency_id.in_(agencies),
            _on_lapor(Followup.report_id),
            _not_queued("followup", Followup.id),
        )
        .order_by(Followup.reviewed_at, Followup.id)
    )
    handoffs = select(HandoffRequest.id).where(
        and_(HandoffRequest.state == "pending", HandoffRequest.from_agency_id.in_(agencies)),
        HandoffRequest.created_at >= start,
        _on_lapor(HandoffRequest.report_id),
        _not_queued("handoff", HandoffRequest.id),
    )
    more = [("followup", i) for i in session.scalars(followups)]
    more += [("handoff", i) for i in session.scalars(handoffs)]
    session.add_all(_row(k, i, now) for k, i in more)
    if rows or more:  # clients now see "waiting to be sent to LAPOR!" (one feed step for all)
        session.flush()
        seq = next_seq(session)
        for kind, hub_id in rows + more:
            announce(session, kind, hub_id, seq)
    return len(rows) + len(more)


def _row(kind: str, hub_id: str, now: dt.datetime) -> LaporOutbox:
    return LaporOutbox(
        kind=kind,
        hub_id=hub_id,
        state="queued",
        attempts=0,
        next_attempt_at=now,
        created_at=now,
        updated_at=now,
    )


# --- sending ------------------------------------------------------------------------------------


@dataclass
class PushSummary:
    sent: int = 0
    read_back: int = 0
    unknown: int = 0
    failed: int = 0
    waiting: int = 0
    stopped: str | None = None


class Outbound:
    def __init__(
        self,
        db: Database,
        client: LaporClient,
        mapping: Mapping,
        data_dir: Path,
        *,
        readback_delay: float,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.db = db
        self.client = client
        self.mapping = mapping
        self.data_dir = data_dir
        self.readback_delay = dt.timedelta(seconds=readback_delay)
        self.now = now

    def run(self, limit: int = 10_000) -> PushSummary:
        summary = PushSummary()
        with self.db.read() as session:
            due = list(
                session.execute(
                    select(LaporOutbox.id, LaporOutbox.kind)
                    .where(
                        LaporOutbox.state.in_(PENDING), LaporOutbox.next_attempt_at <= self.now()
                    )
                    .order_by(LaporOutbox.id)
                    .limit(limit)
                )
            )
        due.sort(key=lambda r: (KIND_ORDER.index(r.kind), r.id))
        for row_id, _kind in due:
            stop = self.process(row_id, summary)
            if stop:
                summary.stopped = stop
                break
        return summary

    # One row: prepare, read back when needed, send, record. Returns a reason to stop the run.
    def process(self, row_id: int, summary: PushSummary) -> str | None:
        with self.db.read() as session:
            row = session.get(LaporOutbox, row_id)
            if row is None or row.state not in PENDING:
                return None
            kind, hub_id, state = row.kind, row.hub_id, row.state
            plan = self._plan(session, kind, hub_id)
        if isinstance(plan, Wait):
            summary.waiting += 1
            self._update(row_id, "queued", plan.reason, delay=self.readback_delay, error=False)
            return None
        if isinstance(plan, Fail):
            summary.failed += 1
            self._fail(row_id, kind, hub_id, plan.reason)
            return None
        if state in ("in_flight", "unknown"):
            try:
                back = plan.readback()
            except AuthRefused as err:  # still unknown: it must be read back once allowed
                self._update(row_id, state, f"credentials refused: {err}")
                raise
            if isinstance(back, Found):
                summary.read_back += 1
                self._done(row_id, kind, hub_id, back.lapor_id)
                return None
            if back is not None:
                return self._not_checked(row_id, back)
        self._mark_in_flight(row_id)
        try:
            outcome = plan.send()
        except AuthRefused as err:  # the gateway refused the call: nothing was carried out
            self._update(row_id, "queued", f"credentials refused: {err}")
            raise
        return self._record(row_id, kind, hub_id, plan, outcome, summary)

    def _record(
        self, row_id: int, kind: str, hub_id: str, plan: Plan, outcome: Outcome, s: PushSummary
    ) -> str | None:
        if isinstance(outcome, Ok):
            s.sent += 1
            lapor_id = plan.answer_id(outcome)
            if lapor_id is None:
                back = plan.readback()
                lapor_id = back.lapor_id if isinstance(back, Found) else None
            self._done(row_id, kind, hub_id, lapor_id)
            return None
        if isinstance(outcome, Refused):
            s.failed += 1
            self._fail(row_id, kind, hub_id, f"{REFUSED}{outcome.reason}")
            return None
        if isinstance(outcome, RateLimited):
            delay = dt.timedelta(seconds=outcome.retry_after)
            self._update(row_id, "queued", "rate limited (429)", delay=delay)
            return "rate_limited"
        if isinstance(outcome, Unreachable):
            self._update(row_id, "queued", outcome.reason)
            return "unreachable"
        s.unknown += 1
        self._update(
            row_id, "unknown", f"outcome unknown: {outcome.reason}", delay=self.readback_delay
        )
        return None

    def _not_checked(self, row_id: int, back: Outcome) -> str | None:
        """The read-back itself failed: still unknown, try again later."""
        if isinstance(back, RateLimited):
            self._update(
                row_id,
                "unknown",
                "read-back rate limited (429)",
                delay=dt.timedelta(seconds=back.retry_after),
            )
            return "rate_limited"
        reason = getattr(back, "reason", "read-back failed")
        self._update(row_id, "unknown", f"read-back failed: {reason}", delay=self.readback_delay)
        return "unreachable" if isinstance(back, Unreachable) else None

    # --- row state ----------------------------------------------------------------------------

    def _mark_in_flight(self, row_id: int) -> None:
        with self.db.write() as session, session.begin():
            row = session.get(LaporOutbox, row_id)
            assert row is not None
            row.state = "in_flight"
            row.attempts += 1
            row.updated_at = self.now()
            row.next_attempt_at = self.now() + self.readback_delay

    def _update(
        self,
        row_id: int,
        state: str,
        reason: str,
        delay: dt.timedelta = dt.timedelta(),
        *,
        error: bool = True,
    ) -> None:
        now = self.now()
        with self.db.write() as session, session.begin():
            row = session.get(LaporOutbox, row_id)
            assert row is not None
            row.state = state
            row.last_error = reason
            row.updated_at = now
            row.next_attempt_at = now + delay
            if error:
                record_error(session, now, f"{row.kind} {row.hub_id}", reason)
        if error:
            # Only the kind of problem: a refusal's text may quote what was sent.
            log.warning("LAPOR! outbox row %s %s: %s", row_id, state, reason.split(":")[0])

    def _fail(self, row_id: int, kind: str, hub_id: str, reason: str) -> None:
        self._update(row_id, "failed", reason)
        with self.db.write() as session, session.begin():
            announce(session, kind, hub_id)

    def _done(self, row_id: int, kind: str, hub_id: str, lapor_id: str | None) -> None:
        now = self.now()
        with self.db.write() as session, session.begin():
            row = session.get(LaporOutbox, row_id)
            assert row is not None
            row.state = "done"
            row.lapor_id = lapor_id
            row.last_error = None
            row.updated_at = now
            put(session, LAST_CONTACT, now.isoformat())
            if kind in ("report", "followup") and lapor_id:
                link = session.get(LaporLink, (kind, hub_id))
                if link is None:
                    session.add(
                        LaporLink(
                            kind=kind, hub_id=hub_id, lapor_id=lapor_id, origin="hub", logs_seen=0
                        )
                    )
                session.flush()
            announce(session, kind, hub_id)

    # --- plans ----------------------------------------------------------------------------------

    def _plan(self, session: Session, kind: str, hub_id: str) -> Plan | Wait | Fail:
        if kind == "followup":
            return self._followup_plan(session, hub_id)
        if kind == "report":
            return self._report_plan(session, hub_id)
        return self._handoff_plan(session, hub_id)

    def _complaint_of(self, session: Session, report_id: str) -> str | None:
        link = session.get(LaporLink, ("report", report_id))
        return link.lapor_id if link else None

    def _files(self, session: Session, kind: str, owner_id: str) -> list[tuple[str, Path, str]]:
        rows = session.execute(
            select(Attachment.filename, Attachment.mime, Blob.path)
            .join(Blob, Blob.sha256 == Attachment.sha256)
            .where(Attachment.owner_kind == kind, Attachment.owner_id == owner_id)
            .order_by(Attachment.id)
        )
        return [(name, self.data_dir / path, mime) for name, mime, path in rows]

    def _followup_plan(self, session: Session, hub_id: str) -> Plan | Wait | Fail:
        followup = session.get(Followup, hub_id)
        if followup is None or followup.state != "published":
            return Fail(NO_LONGER_PUBLISHED)
        complaint_id = self._complaint_of(session, followup.report_id)
        if complaint_id is None:
            return Wait("waiting for the complaint to reach LAPOR!")
        author = session.get(User, followup.author_id)
        institution = self.mapping.institution_of(author.agency_id if author else None)
        if institution is None:
            return Fail(f"the author's agency {NOT_MAPPED}")
        report = session.get(Report, followup.report_id)
        m = self.mapping
        fields = {
            "user_id": m.user_id,
            "institution_from_id": institution,
            "institution_to_id": m.followup_to_institution,
            "complaint_id": complaint_id,
            "info_disposition": "",
            "template_code": lapor_template_code(m, followup.template_code),
            "rating": "0",
            "is_secret": "1" if report is not None and report.is_secret else "0",
            "content": followup.content,
        }
        files = self._files(session, "followup", hub_id)
        content = followup.content
        path = m.paths.followup_add

        def send() -> Outcome:
            parts: list[tuple[str, Any]] = [(k, (None, v)) for k, v in fields.items()]
            for i, (name, file_path, mime) in enumerate(files):
                parts.append((f"attachment[{i}]", (name, file_path.read_bytes(), mime)))
            return self.client.call("POST", path, files=parts)

        def answer_id(ok: Ok) -> str | None:
            results = ok.body.get("results")
            value = results.get(m.fields.followup_id) if isinstance(results, dict) else None
            return str(value) if value not in (None, "") else None

        return Plan(
            send=send,
            readback=lambda: self._find_followup(complaint_id, institution, content),
            answer_id=answer_id,
        )

    def _find_followup(self, complaint_id: str, institution: str, content: str) -> Readback:
        m = self.mapping
        items = self.client.pages(m.paths.followups.replace("{id}", complaint_id))
        if not isinstance(items, list):
            return items
        missing = missing_field(items, m.fields, "followup_id", "followup_institution")
        if missing:
            return Unknown(missing)
        candidates = [
            str(item.get(m.fields.followup_id))
            for item in items
            if isinstance(item, dict)
            and item.get("content") == content
            and str(item.get(m.fields.followup_institution)) == institution
        ]
        if not candidates:
            return None
        with self.db.read() as session:
            taken = set(
                session.scalars(
                    select(LaporLink.lapor_id).where(
                        LaporLink.kind == "followup", LaporLink.lapor_id.in_(candidates)
                    )
                )
            )
        free = [c for c in candidates if c not in taken]
        return Found(free[0]) if free else None

    def _report_plan(self, session: Session, hub_id: str) -> Plan | Wait | Fail:
        report = session.get(Report, hub_id)
        if report is None:
            return Fail(REPORT_GONE)
        m = self.mapping
        # Disposed to the agency that answers it when the hub already knows which (a desk takes
        # in complaints about other offices' work too); else to the desk's own agency.
        institution = m.institution_of(report.disposed_agency_id) or m.institution_of(
            report.created_by_agency_id
        )
        if institution is None:
            return Fail(f"the desk's agency {NOT_MAPPED}")
        day_format = m.date_format.split(" ")[0]
        body: dict[str, Any] = {
            "title": report.title,
            "content": report.content,
            "channel": m.channels["walk_in"],
            "user_id": m.user_id,
            "classification_id": m.classifications[report.classification],
            "category_id": m.categories.get(report.category_id or "", m.default_category_id),
            "disposition_id": institution,
            "location_id": m.locations.get(report.region_code or "", m.default_location_id),
            "date_of_incident": (
                report.incident_date.strftime(day_format) if report.incident_date else None
            ),
            "tags_raw": "",
            "is_anonymous": int(report.is_anonymous),
            "is_secret": int(report.is_secret),
            "is_priority": 0,
            "attachments": [],
        }
        files = self._files(session, "report", hub_id)
        title, content = report.title, report.content

        def send() -> Outcome:
            if files:
                parts = [
                    ("attachments[]", (name, path.read_bytes(), mime)) for name, path, mime in files
                ]
                uploaded = self.client.call("POST", m.paths.upload, files=parts)
                if not isinstance(uploaded, Ok):
                    return uploaded
                docs = (uploaded.body.get("results") or {}).get("docs") or []
                body["attachments"] = [d.get("id") for d in docs if isinstance(d, dict)]
            return self.client.call("POST", m.paths.create, json=body)

        def answer_id(ok: Ok) -> str | None:
            key = m.fields.created_complaint_id
            results = ok.body.get("results")
            value = ok.body.get(key)
            if value is None and isinstance(results, dict):
                value = results.get(key)
            return str(value) if value not in (None, "") else None

        return Plan(
            send=send,
            readback=lambda: self._find_complaint(institution, title, content),
            answer_id=answer_id,
        )

    def _find_complaint(self, institution: str, title: str, content: str) -> Readback:
        m = self.mapping
        if not m.paths.inbox:
            return Unknown("no list call configured to read back a created complaint")
        params = {k: v.replace("{institution_id}", institution) for k, v in m.inbox_params.items()}
        params["page_size"] = str(m.page_size)
        items = self.client.pages(m.paths.inbox, params)
        if not isinstance(items, list):
            return items
        missing = missing_field(items, m.fields, "inbox_complaint_id")
        if missing:
            return Unknown(missing)
        ids = [
            str(i.get(m.fields.inbox_complaint_id))
            for i in items
            if isinstance(i, dict) and i.get("title") == title
        ]
        with self.db.read() as session:
            taken = set(
                session.scalars(
                    select(LaporLink.lapor_id).where(
                        LaporLink.kind == "report", LaporLink.lapor_id.in_(ids)
                    )
                )
            )
        for complaint_id in (i for i in ids if i not in taken):
            detail = self.client.get(m.paths.complaint.replace("{id}", complaint_id))
            if not isinstance(detail, Ok):
                return detail
            data = (detail.body.get("results") or {}).get("data") or {}
            if data.get("content") == content:
                return Found(complaint_id)
        return None

    def _handoff_plan(self, session: Session, hub_id: str) -> Plan | Wait | Fail:
        handoff = session.get(HandoffRequest, hub_id)
        if handoff is None or handoff.state != "pending":
            return Fail("the hand-off request was decided before it reached LAPOR!")
        complaint_id = self._complaint_of(session, handoff.report_id)
        if complaint_id is None:
            return Wait("waiting for the complaint to reach LAPOR!")
        target = self.mapping.target_institution(handoff.target_agency_id)
        if target is None:
            return Fail(f"the target agency {NOT_MAPPED}")
        reason = handoff.reason
        body = {"is_request": 1, "not_authority": 1, "reason": target, "reason_description": reason}
        path = self.mapping.paths.handoff.replace("{id}", complaint_id)
        return Plan(
            send=lambda: self.client.call("POST", path, json=body),
            readback=lambda: self._find_log(complaint_id, reason),
            answer_id=lambda ok: complaint_id,
        )

    def _find_log(self, complaint_id: str, content: str) -> Readback:
        detail = self.client.get(self.mapping.paths.complaint.replace("{id}", complaint_id))
        if not isinstance(detail, Ok):
            return detail
        logs = (detail.body.get("results") or {}).get("data_logs") or []
        hit = any(isinstance(e, dict) and e.get("content") == content for e in logs)
        return Found(complaint_id) if hit else None


def announce(session: Session, kind: str, hub_id: str, seq: int | None = None) -> None:
    """Re-announce the entity, so clients see its LAPOR! state through the normal feed.

    Its version stays: the LAPOR! state is the hub's, not a user's change, and a user's queued
    change made on that version must not turn into a conflict because the bridge moved.
    """
    if kind == "followup":
        followup = session.get(Followup, hub_id)
        report = session.get(Report, followup.report_id) if followup else None
        if followup is not None and report is not None:
            record(session, seq or next_seq(session), "followup", followup.id, audiences(report))
    elif kind == "report":
        report = session.get(Report, hub_id)
        if report is not None:
            record(session, seq or next_seq(session), "report", report.id, audiences(report))
