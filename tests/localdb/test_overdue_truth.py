"""Overdue and due-soon, in the list, the counts and the badge's input, follow
`domain.deadlines.running_deadline`: an answered or closed report is never late."""

from __future__ import annotations

import datetime as dt
import itertools
import uuid
from pathlib import Path

from domain.calendar import WorkingCalendar
from domain.deadlines import DeadlineStatus, deadline_status, running_deadline
from domain.states import ReportStatus
from localdb import queries as q
from localdb import syncstore as ss
from localdb.profile import Profile
from tests.localdb.builders import OFFICER, followup_data, report_data, upsert

TODAY = dt.date(2026, 12, 2)  # a Wednesday
CAL = WorkingCalendar([])
DUES = [dt.date(2026, 11, 20), TODAY, dt.date(2026, 12, 3), dt.date(2026, 12, 20)]
ANSWERS = [None, "pending_approval", "published", "returned"]


def _world(profile: Profile) -> dict[str, tuple[str, dt.date, str | None]]:
    made: dict[str, tuple[str, dt.date, str | None]] = {}
    changes = []
    for status, due, answer in itertools.product(list(ReportStatus), DUES, ANSWERS):
        rid = str(uuid.uuid4())
        changes.append(upsert("report", report_data(report_id=rid, status=status, respond_by=due)))
        if answer is not None:
            changes.append(upsert("followup", followup_data(str(uuid.uuid4()), rid, state=answer)))
        made[rid] = (status.value, due, answer)
    with profile.session() as s, s.begin():
        ss.apply_changes(s, changes, "c")
    return made


def _expected(made: dict[str, tuple[str, dt.date, str | None]], level: DeadlineStatus) -> set[str]:
    out = set()
    for rid, (status, due, answer) in made.items():
        running = running_deadline(status, due, published=answer == "published")
        if deadline_status(running, TODAY, CAL).status is level:
            out.add(rid)
    return out


def _listed(profile: Profile, deadline: str) -> set[str]:
    with profile.read_session() as s, s.begin():
        page = q.inbox_page(
            s,
            q.InboxFilter(deadline=deadline),
            limit=10_000,
            today=TODAY,
            cal=CAL,  # type: ignore[arg-type]
        )
    return {r.id for r in page.rows}


def test_list_counts_and_rows_agree_with_the_domain_rule(tmp_path: Path) -> None:
    with Profile.open(tmp_path / "p") as profile:
        made = _world(profile)
        overdue = _expected(made, DeadlineStatus.OVERDUE)
        assert overdue, "the fixture must hold late reports"
        assert _listed(profile, "overdue") == overdue
        assert _listed(profile, "due_soon") == _expected(made, DeadlineStatus.DUE_SOON)
        with profile.read_session() as s, s.begin():
            counts = q.nav_counts(s, OFFICER, TODAY, CAL)
            rows = q.inbox_page(s, q.InboxFilter(), limit=10_000, today=TODAY, cal=CAL).rows
        assert counts.lewat_tenggat == len(overdue)
        for row in rows:
            status, due, answer = made[row.id]
            assert row.deadline == running_deadline(status, due, published=answer == "published")


def test_a_published_answer_arriving_later_stops_the_clock(tmp_path: Path) -> None:
    rid = str(uuid.uuid4())
    late = report_data(report_id=rid, status="dalam_proses", respond_by=dt.date(2026, 11, 20))
    with Profile.open(tmp_path / "p") as profile:
        with profile.session() as s, s.begin():
            ss.apply_changes(s, [upsert("report", late)], "c")
        assert _listed(profile, "overdue") == {rid}
        answer = followup_data(str(uuid.uuid4()), rid, state="published")
        with profile.session() as s, s.begin():
            ss.apply_changes(s, [upsert("followup", answer)], "c")
        assert _listed(profile, "overdue") == set()
