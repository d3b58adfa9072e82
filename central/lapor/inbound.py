"""Inbound: complaints disposed to the bridged agencies, and what happens to them on LAPOR!.

New complaints are found by the configured list call (per bridged institution, Laravel paging)
and created in the hub as the world creates citizen reports. Every linked complaint (pulled, or
sent by a desk) is polled: its disposition, status, logs and the reporter's replies are applied
with the world's events, so clients get them through the normal feed.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from central import world
from central.db import Database
from central.lapor.client import LaporClient, Ok, Outcome
from central.lapor.mapping import Mapping, missing_field
from central.lapor.models import LaporLink, LaporOutbox, LaporSeen
from central.lapor.outbound import announce
from central.lapor.state import LAST_CONTACT, put, record_error
from central.models import HandoffRequest, Report
from central.mutate import add_history, begin_work, touch_report
from central.render import CLOSED_STATUSES

log = logging.getLogger("central.lapor")
LAPOR = "SP4N-LAPOR!"


@dataclass
class PullSummary:
    listed: int = 0
    created: int = 0
    polled: int = 0
    changed: int = 0
    replies: int = 0
    failed: int = 0
    stopped: str | None = None


class Inbound:
    def __init__(
        self,
        db: Database,
        client: LaporClient,
        mapping: Mapping,
        *,
        poll_interval: float,
        now: Callable[[], dt.datetime],
    ) -> None:
        self.db = db
        self.client = client
        self.mapping = mapping
        self.poll_interval = dt.timedelta(seconds=poll_interval)
        self.now = now

    def run(self) -> PullSummary:
        summary = PullSummary()
        fresh = self.discover(summary)
        if summary.stopped is None:
            self.poll(summary, fresh)
        return summary

    # --- discovering new complaints -----------------------------------------------------------

    def discover(self, summary: PullSummary) -> set[str]:
        """Ids listed for the bridged institutions that are new or changed since last seen."""
        m = self.mapping
        wanted: set[str] = set()
        if not m.paths.inbox:
            return wanted
        for institution in m.agencies.values():
            params = {
                k: v.replace("{institution_id}", institution) for k, v in m.inbox_params.items()
            }
            params["page_size"] = str(m.page_size)
            items = self.client.pages(m.paths.inbox, params)
            if not isinstance(items, list):
                self._trouble(summary, "list call", items)
                return wanted
            summary.listed += len(items)
            missing = missing_field(items, m.fields, "inbox_complaint_id")
            if missing:  # recorded; the known complaints are still polled
                with self.db.write() as session, session.begin():
                    record_error(session, self.now(), "list call", missing)
                summary.failed += 1
            key = m.fields.inbox_complaint_id
            listed = {str(i[key]): i for i in items if isinstance(i, dict) and key in i}
            wanted |= self._new_or_changed(listed)
        self._contact()
        return wanted

    def _new_or_changed(self, listed: dict[str, Any]) -> set[str]:
        with self.db.read() as session:
            links = {
                link.lapor_id: link
                for link in session.scalars(
                    select(LaporLink).where(
                        LaporLink.kind == "report", LaporLink.lapor_id.in_(list(listed))
                    )
                )
            }
        changed = set()
        for complaint_id, item in listed.items():
            link = links.get(complaint_id)
            if link is None or ("status_name" in item and item["status_name"] != link.status_name):
                changed.add(complaint_id)
        return changed

    # --- polling ------------------------------------------------------------------------------

    def poll(self, summary: PullSummary, fresh: set[str]) -> None:
        due_before = self.now() - self.poll_interval
        with self.db.read() as session:
            rows = session.execute(
                select(LaporLink.lapor_id, LaporLink.hub_id).where(
                    LaporLink.kind == "report",
                    or_(
                        LaporLink.polled_at.is_(None),
                        LaporLink.polled_at <= due_before,
                        LaporLink.lapor_id.in_(list(fresh)),
                    ),
                )
            )
            known: dict[str, str] = {lapor_id: hub_id for lapor_id, hub_id in rows}
        for complaint_id in sorted(fresh | set(known), key=lambda c: (len(c), c)):
            if not self.poll_one(complaint_id, known.get(complaint_id), summary):
                return

    def poll_one(self, complaint_id: str, hub_id: str | None, summary: PullSummary) -> bool:
        m = self.mapping
        detail = self.client.get(m.paths.complaint.replace("{id}", complaint_id))
        if not isinstance(detail, Ok):
            return self._trouble(summary, f"complaint {complaint_id}", detail)
        results = detail.body.get("results") or {}
        data, logs = results.get("data") or {}, results.get("data_logs") or []
        followups = self.client.pages(m.paths.followups.replace("{id}", complaint_id))
        if not isinstance(followups, list):
            return self._trouble(summary, f"follow-ups of {complaint_id}", followups)
        unreadable = missing_field(followups, m.fields, "followup_id", "followup_is_reporter")
        summary.polled += 1
        with self.db.write() as session, session.begin():
            put(session, LAST_CONTACT, self.now().isoformat())
            if hub_id is None:
                hub_id = self._create(session, complaint_id, data)
                if hub_id is None:
                    return True
                summary.created += 1
            link = session.get(LaporLink, ("report", hub_id))
            assert link is not None
            try:
                summary.changed += self._apply(session, link, data, logs)
                if unreadable:  # the replies wait until the mapping names their fields
                    record_error(session, self.now(), f"follow-ups of {complaint_id}", unreadable)
                    summary.failed += 1
                else:
                    summary.replies += self._replies(session, link, followups)
            except world.WorldError as err:
                record_error(session, self.now(), f"complaint {complaint_id}", err.message)
                summary.failed += 1
            link.polled_at = self.now()
        return True

    def _trouble(self, summary: PullSummary, where: str, outcome: Outcome) -> bool:
        """A call of the pull failed: record why; stop the pull unless only this item is bad."""
        reason = getattr(outcome, "reason", type(outcome).__name__)
        with self.db.write() as session, session.begin():
            record_error(session, self.now(), where, str(reason))
        log.warning("LAPOR! pull: %s failed (%s)", where, type(outcome).__name__)
        summary.failed += 1
        if type(outcome).__name__ == "Refused":
            return True
        summary.stopped = type(outcome).__name__
        return False

    def _contact(self) -> None:
        with self.db.write() as session, session.begin():
            put(session, LAST_CONTACT, self.now().isoformat())

    # --- applying -----------------------------------------------------------------------------

    def _create(self, session: Session, complaint_id: str, data: dict[str, Any]) -> str | None:
        m = self.mapping
        agency = m.agency_of(data.get("disposition_id"))
        if agency is None:
            return None  # listed, but no longer disposed to a bridged agency
        ours = self._own_unknown_send(session, complaint_id, data)
        if ours is not None:
            return ours
        event = world.CitizenReport(
            title=str(data.get("title") or f"Laporan {complaint_id}")[:200],
            content=str(data.get("content") or ""),
            channel=m.hub_channel(data.get("channel")),
            classification=m.hub_classification(data.get("classification_id")),
            category_id=m.hub_category(data.get("category_id")),
            is_anonymous=bool(data.get("is_anonymous")),
            is_secret=bool(data.get("is_secret")),
            region_code=m.hub_region(data.get("location_id")),
        )
        report = world.citizen_report(session, event)
        session.add(
            LaporLink(
                kind="report",
                hub_id=report.id,
                lapor_id=complaint_id,
                origin="lapor",
                logs_seen=0,
            )
        )
        session.flush()
        world.dispose(session, report.id, agency)
        return report.id

    def _own_unknown_send(
        self, session: Session, complaint_id: str, data: dict[str, Any]
    ) -> str | None:
        """A walk-in complaint whose create answer was lost shows up in the list: it is ours.

        Linking it here (instead of importing a second copy) also settles the outbox row, so
        the read-back does not find it "taken" and send it again.
        """
        row = (
            session.execute(
                select(LaporOutbox)
                .join(Report, Report.id == LaporOutbox.hub_id)
                .where(
                    LaporOutbox.kind == "report",
                    LaporOutbox.state.in_(("in_flight", "unknown")),
                    Report.title == data.get("title"),
                    Report.content == data.get("content"),
                )
                .order_by(LaporOutbox.id)
            )
            .scalars()
            .first()
        )
        if row is None:
            return None
        row.state = "done"
        row.lapor_id = complaint_id
        row.last_error = None
        row.updated_at = self.now()
        session.add(
            LaporLink(
                kind="report", hub_id=row.hub_id, lapor_id=complaint_id, origin="hub", logs_seen=0
            )
        )
        session.flush()
        announce(session, "report", row.hub_id)
        return row.hub_id

    def _apply(
        self, session: Session, link: LaporLink, data: dict[str, Any], logs: list[Any]
    ) -> int:
        report = session.get(Report, link.hub_id)
        if report is None:
            return 0
        changed = self._disposition(session, report, link, data.get("disposition_id"))
        status_name = data.get("status_name")
        if status_name != link.status_name:
            changed += self._status(session, report, status_name)
            link.status_name = status_name
        changed += self._logs(session, report, link, logs)
        return changed

    def _disposition(
        self, session: Session, report: Report, link: LaporLink, institution: Any
    ) -> int:
        if institution in (None, "") or str(institution) == link.institution_id:
            return 0
        link.institution_id = str(institution)
        agency = self.mapping.any_agency_of(institution)
        if (
            agency is None
            or agency == report.disposed_agency_id
            or report.status in CLOSED_STATUSES
        ):
            return 0
        pending = session.scalars(
            select(HandoffRequest).where(
                HandoffRequest.report_id == report.id,
                HandoffRequest.state == "pending",
                HandoffRequest.target_agency_id == agency,
            )
        ).first()
        if pending is not None:
            world.decide_handoff(session, pending.id, accept=True, note=LAPOR)
        else:
            world.dispose(session, report.id, agency, note=LAPOR)
        return 1

    def _status(self, session: Session, report: Report, status_name: Any) -> int:
        """LAPOR! is the authority on a complaint's status: its change is applied as it is."""
        new = self.mapping.hub_status(status_name)
        if new is None or new == report.status:
            return 0
        work = begin_work(session)
        old = report.status
        report.status = new
        report.closed_at = work.rules.now if new in CLOSED_STATUSES else None
        if new in CLOSED_STATUSES:
            report.autoclose_at = None
        add_history(work, report, LAPOR, "status", from_value=old, to_value=new)
        touch_report(work, report)
        return 1

    def _logs(self, session: Session, report: Report, link: LaporLink, logs: list[Any]) -> int:
        """Notes in new log entries (not this deployment's own actions) become history."""
        new_logs = logs[link.logs_seen :]
        link.logs_seen = len(logs)
        ours = set(self.mapping.agencies.values())
        notes = [
            e
            for e in new_logs
            if isinstance(e, dict)
            and e.get("content")
            and str(e.get("institution_from_id")) not in ours
        ]
        if not notes:
            return 0
        work = begin_work(session)
        for entry in notes:
            add_history(
                work,
                report,
                str(entry.get("institution_from_name") or LAPOR)[:200],
                "lapor_log",
                from_value=_short((entry.get("data") or {}).get("status_old")),
                to_value=_short((entry.get("data") or {}).get("status_new")),
                note=str(entry["content"]),
            )
        touch_report(work, report)
        return len(notes)

    def _replies(self, session: Session, link: LaporLink, followups: list[Any]) -> int:
        f = self.mapping.fields
        replies = [
            item
            for item in followups
            if isinstance(item, dict) and _truthy(item.get(f.followup_is_reporter))
        ]
        if not replies:
            return 0
        keys = [f"reply:{item.get(f.followup_id)}" for item in replies]
        seen = set(
            session.scalars(
                select(LaporSeen.item_id).where(
                    LaporSeen.complaint_id == link.lapor_id, LaporSeen.item_id.in_(keys)
                )
            )
        )
        applied = 0
        for key, item in zip(keys, replies, strict=True):
            if key in seen:
                continue
            session.add(LaporSeen(complaint_id=link.lapor_id, item_id=key))
            world.reporter_reply(session, link.hub_id, str(item.get("content") or ""))
            applied += 1
        return applied


def _truthy(value: Any) -> bool:
    return str(value).lower() in ("1", "true", "yes")


def _short(value: Any) -> str | None:
    return str(value)[:200] if value not in (None, "") else None
