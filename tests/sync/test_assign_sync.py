"""Assignment end to end: a supervisor's office PC assigns offline, syncs, and the officer's PC
lists the report under "Ditugaskan kepada Saya" after its own sync."""

from __future__ import annotations

import datetime as dt

from domain.calendar import WorkingCalendar
from localdb import commands, queries
from localdb.staff import office_staff
from tests.support.server import Central
from tests.sync.clients import ClientFactory

CAL = WorkingCalendar([])


def _assigned(client, today: dt.date) -> list[str]:  # type: ignore[no-untyped-def]
    with client.profile.read_session() as s, s.begin():
        page = queries.inbox_page(
            s,
            queries.InboxFilter(box="ditugaskan_kepada_saya"),
            today=today,
            cal=CAL,
            actor=client.actor,
        )
        counts = queries.nav_counts(s, client.actor, today, CAL)
    assert counts.ditugaskan_kepada_saya == len(page.rows)
    return [r.id for r in page.rows]


def test_assignment_reaches_the_officer_through_sync(
    central: Central, clients: ClientFactory
) -> None:
    report = central.disposed_report()
    supervisor = clients.make("supervisor1")
    officer = clients.make("officer1b")
    supervisor.sync()
    officer.sync()
    today = dt.date.today()
    assert report["id"] not in _assigned(officer, today)
    with supervisor.profile.session() as s, s.begin():
        staff = office_staff(s, supervisor.actor.agency_id, role="officer")
        bayu = next(p for p in staff if p.full_name == "Bayu Officer")
        commands.assign_report(s, supervisor.actor, report["id"], bayu.id)
    summary = supervisor.sync()
    assert summary.pushed >= 1, summary
    officer.sync()
    assert report["id"] in _assigned(officer, today)
    with officer.profile.read_session() as s, s.begin():
        detail = queries.report_detail(s, report["id"], officer.actor)
    assert detail is not None and detail.assignee_id == bayu.id
