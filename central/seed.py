"""Load the demo world (central/demo_data.py) into the database with bulk inserts.

Rows go in with executemany batches of a few thousand, each report stamped with its own
change number, so 100,000 reports load in seconds rather than minutes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from itertools import islice
from typing import Any

from sqlalchemy import func, insert, select, update
from sqlalchemy.orm import Session

from central import demo_data
from central.changes import CHANGE_COUNTER, TRACKING_COUNTER, reserve
from central.db import Database
from central.models import (
    Agency,
    Category,
    ChangeLog,
    Counter,
    Followup,
    ReplyTemplate,
    Report,
    ReportHistory,
    User,
)
from central.render import CLOSED_STATUSES
from central.rules import Rules, load_rules, local_date, set_setting
from central.security import hash_password
from central.world import housekeeping
from domain.calendar import WorkingCalendar
from domain.deadlines import autoclose_at, respond_by, verify_by
from domain.errors import ValidationError
from domain.receipt import make_receipt_number

BATCH = 2000


def load_reference(session: Session, ref: demo_data.DemoReference) -> bool:
    """Insert agencies, users, categories and templates (and set the world's kabupaten/kota)
    once; False when already there."""
    if session.scalar(select(func.count(Agency.id))):
        return False
    session.execute(
        insert(Agency),
        [
            {"id": a.id, "code": a.code, "name": a.name, "parent_id": a.parent_id}
            for a in ref.agencies
        ],
    )
    session.execute(
        insert(User),
        [
            {
                "id": u.id,
                "username": u.username,
                "full_name": u.full_name,
                "password_hash": hash_password(demo_data.DEMO_PASSWORD),
                "roles": ",".join(u.roles),
                "agency_id": u.agency_id,
                "active": True,
            }
            for u in ref.users
        ],
    )
    # Parents first, so the category tree's foreign keys hold at every insert.
    pending = list(ref.categories)
    done: set[str | None] = {None}
    while pending:
        ready = [c for c in pending if c.parent_id in done]
        if not ready:
            raise ValueError("category tree has a loop or an unknown parent")
        session.execute(
            insert(Category),
            [{"id": c.id, "parent_id": c.parent_id, "name": c.name} for c in ready],
        )
        done |= {c.id for c in ready}
        pending = [c for c in pending if c.id not in done]
    session.execute(
        insert(ReplyTemplate),
        [{"code": t.code, "title": t.title, "body": t.body} for t in ref.templates],
    )
    if ref.regency_code is not None:
        set_setting(session, "regency_code", ref.regency_code)
    return True


def _cached(
    fn: Callable[[dt.date, WorkingCalendar, Any], dt.date], rules: Rules
) -> Callable[[dt.date], dt.date]:
    cache: dict[dt.date, dt.date] = {}

    def compute(day: dt.date) -> dt.date:
        if day not in cache:
            cache[day] = fn(day, rules.cal, rules.sla)
        return cache[day]

    return compute


@dataclass
class _Rows:
    reports: list[dict[str, Any]] = field(default_factory=list)
    history: list[dict[str, Any]] = field(default_factory=list)
    followups: list[dict[str, Any]] = field(default_factory=list)
    changes: list[dict[str, Any]] = field(default_factory=list)


class _Loader:
    def __init__(self, session: Session, rules: Rules, ref: demo_data.DemoReference) -> None:
        self.session = session
        self.rules = rules
        self.users = {u.username: u for u in ref.users}
        self.agency_names = {a.id: a.name for a in ref.agencies}
        self.agency_codes = {a.id: a.code for a in ref.agencies}
        desks = [u for u in ref.users if "desk" in u.roles]
        self.desk_agency = desks[0].agency_id if desks else None
        self.receipts: dict[dt.date, int] = {}
        self.verify_by = _cached(verify_by, rules)
        self.respond_by = _cached(respond_by, rules)
        self.autoclose_at = _cached(autoclose_at, rules)

    def _user_id(self, username: str | None) -> str | None:
        user = self.users.get(username) if username else None
        return user.id if user else None

    def _receipt(self, day: dt.date) -> str | None:
        if self.desk_agency is None:
            return None
        seq = self.receipts[day] = self.receipts.get(day, 0) + 1
        try:
            return make_receipt_number(self.agency_codes[self.desk_agency], day, seq)
        except ValidationError:
            return None

    def add(self, rows: _Rows, r: demo_data.DemoReport, seq: int) -> None:
        history = self._history(r)
        walk_in = r.channel == "walk_in"
        created_by = self.desk_agency if walk_in else None
        published = [f.created_at for f in r.followups if f.state == "published"]
        closed_at = None
        if r.status in CLOSED_STATUSES:
            closed_at = max([r.submitted_at, *(d for d in [r.disposed_at] if d), *published])
        rep = r.reporter or {}
        rows.reports.append(
            {
                "id": r.id,
                "tracking_id": r.tracking_id,
                "receipt_number": self._receipt(local_date(r.submitted_at)) if walk_in else None,
                "title": r.title,
                "content": r.content,
                "classification": r.classification,
                "category_id": r.category_id,
                "channel": r.channel,
                "status": r.status,
                "created_by_agency_id": created_by,
                "disposed_agency_id": r.disposed_agency_id,
                "disposed_at": r.disposed_at,
                "assignee_id": self._user_id(r.assignee_username),
                "is_anonymous": r.is_anonymous,
                "is_secret": r.is_secret,
                "reporter_name": rep.get("name"),
                "reporter_nik": rep.get("nik"),
                "reporter_phone": rep.get("phone"),
                "reporter_email": rep.get("email"),
                "reporter_address": rep.get("address"),
                "region_code": r.region_code,
                "address": r.address,
                "incident_date": r.incident_date,
                "submitted_at": r.submitted_at,
                "verify_by": self.verify_by(local_date(r.submitted_at)),
                "respond_by": self.respond_by(local_date(r.disposed_at)) if r.disposed_at else None,
                "autoclose_at": (
                    self.autoclose_at(local_date(max(published)))
                    if published and r.status == "dalam_proses"
                    else None
                ),
                "closed_at": closed_at,
                "retention_expired": False,
                "version": len(history),
                "updated_at": max(h["at"] for h in history),
            }
        )
        rows.history.extend(history)
        for f in r.followups:
            reviewed = f.reviewer_username is not None
            rows.followups.append(
                {
                    "id": f.id,
                    "report_id": r.id,
                    "author_id": self._user_id(f.author_username),
                    "content": f.content,
                    "template_code": None,
                    "state": f.state,
                    "reviewer_id": self._user_id(f.reviewer_username),
                    "review_note": f.review_note,
                    "reviewed_at": f.created_at + dt.timedelta(hours=3) if reviewed else None,
                    "version": 2 if reviewed else 1,
                    "created_at": f.created_at,
                    "updated_at": f.created_at + dt.timedelta(hours=3)
                    if reviewed
                    else f.created_at,
                }
            )
        for agency_id in {a for a in (created_by, r.disposed_agency_id) if a}:
            rows.changes.append(_change(agency_id, "report", r.id, seq))
            rows.changes.extend(_change(agency_id, "followup", f.id, seq) for f in r.followups)

    def _history(self, r: demo_data.DemoReport) -> list[dict[str, Any]]:
        def entry(at: dt.datetime, actor: str, action: str, **kw: Any) -> dict[str, Any]:
            row = {"report_id": r.id, "at": at, "actor": actor, "action": action}
            return row | {"from_value": None, "to_value": None, "note": None} | kw

        entries = [entry(r.submitted_at, "Pelapor", "created", to_value="belum_terverifikasi")]
        if r.disposed_at and r.disposed_agency_id:
            name = self.agency_names.get(r.disposed_agency_id)
            entries.append(entry(r.disposed_at, "Admin Nasional", "disposed", to_value=name))
        for f in r.followups:
            if f.state == "published":
                entries.append(entry(f.created_at, "Sistem", "followup_published"))
        if r.status in CLOSED_STATUSES:
            last = max(e["at"] for e in entries)
            entries.append(entry(last, "Sistem", "status", to_value=r.status))
        return entries


def _change(agency_id: str, kind: str, entity_id: str, seq: int) -> dict[str, Any]:
    return {
        "scope_agency_id": agency_id,
        "kind": kind,
        "entity_id": entity_id,
        "seq": seq,
        "op": "upsert",
        "reason": None,
    }


def _batches(
    items: Iterable[demo_data.DemoReport], size: int
) -> Iterator[list[demo_data.DemoReport]]:
    it = iter(items)
    while chunk := list(islice(it, size)):
        yield chunk


def load_reports(
    session: Session, reports: Iterable[demo_data.DemoReport], ref: demo_data.DemoReference
) -> int:
    loader = _Loader(session, load_rules(session), ref)
    count = 0
    top_tracking = 0
    for chunk in _batches(reports, BATCH):
        first = reserve(session, CHANGE_COUNTER, len(chunk))
        rows = _Rows()
        for i, report in enumerate(chunk):
            loader.add(rows, report, first + i)
            top_tracking = max(top_tracking, int(report.tracking_id))
        for model, values in (
            (Report, rows.reports),
            (ReportHistory, rows.history),
            (Followup, rows.followups),
            (ChangeLog, rows.changes),
        ):
            if values:
                # Core executemany: one prepared statement for the batch, no ORM bookkeeping.
                table = model.metadata.tables[model.__tablename__]
                session.connection().execute(table.insert(), values)
        count += len(chunk)
    # New tracking ids must continue after the demo's.
    session.execute(
        update(Counter)
        .where(Counter.name == TRACKING_COUNTER, Counter.value < top_tracking)
        .values(value=top_tracking)
    )
    return count


def seed_demo(db: Database, *, reports: int = 300, seed: int = 1) -> tuple[bool, int]:
    """Load the demo world when the database has none; returns (reference loaded, reports)."""
    ref = demo_data.reference_world()
    with db.write() as session, session.begin():
        loaded_ref = load_reference(session, ref)
    with db.write() as session, session.begin():
        if session.scalar(select(func.count(Report.id))):
            return loaded_ref, 0
        now = load_rules(session).now
        generated = demo_data.generate_reports(reports, seed=seed, now=now, reference=ref)
        count = load_reports(session, generated, ref)
    # The generator's clock and ours differ a little: settle what is already due now, so the
    # first pull after start-up does not carry a wave of auto-closes.
    with db.write() as session, session.begin():
        housekeeping(session)
    return loaded_ref, count
