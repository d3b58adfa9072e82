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


def _late_reports(profile: Profile, n: int) -> None:
    """`n` late reports of the open statuses, and as many closed ones among them in the order."""
    changes = []
    for i in range(n):
        due = TODAY - dt.timedelta(days=1 + i % 300)
        for status in ("dalam_proses", "selesai"):
            data = report_data(report_id=str(uuid.uuid4()), status=status, respond_by=due)
            changes.append(upsert("report", data))
    with profile.session() as s, s.begin():
        ss.apply_changes(s, changes, "c")


def _first_page_steps(profile: Profile) -> tuple[int, int]:
    """The first "Lewat tenggat" page's length, and the database engine's work for it (its
    virtual machine's steps, counted in hundreds: the same on any machine, unlike a time)."""
    steps = [0]

    def count() -> int:
        steps[0] += 1
        return 0

    with profile.read_session() as s, s.begin():
        raw = s.connection().connection.driver_connection
        raw.set_progress_handler(count, 100)  # type: ignore[union-attr]
        try:
            page = q.inbox_page(
                s, q.InboxFilter(deadline="overdue"), limit=50, today=TODAY, cal=CAL
            )  # type: ignore[arg-type]
        finally:
            raw.set_progress_handler(None, 0)  # type: ignore[union-attr]
    return len(page.rows), steps[0]


def test_the_first_late_page_costs_the_same_for_few_or_many_late_reports(tmp_path: Path) -> None:
    """The page walks an index in deadline order and stops at its end: eight times the late
    reports is not eight times the work (it was, when every late report was read and sorted)."""
    with Profile.open(tmp_path / "few") as few, Profile.open(tmp_path / "many") as many:
        _late_reports(few, 200)
        _late_reports(many, 1_600)
        rows_few, steps_few = _first_page_steps(few)
        rows_many, steps_many = _first_page_steps(many)
    assert rows_few == rows_many == 50
    assert steps_many < 1.5 * steps_few, (steps_few, steps_many)
