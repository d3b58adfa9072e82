"""The follow-up boxes list the same reports their navigation count counts."""

from __future__ import annotations

import datetime as dt
import uuid

from domain.calendar import WorkingCalendar
from localdb import commands as cmd
from localdb import queries as q
from localdb import syncstore as ss
from localdb.actor import Actor
from localdb.profile import Profile
from tests.localdb.builders import OFFICER, SUPERVISOR, followup_data, report_data, upsert

TODAY = dt.date(2026, 3, 4)
CAL = WorkingCalendar([])


def _world(profile: Profile) -> dict[str, str]:
    """One report per follow-up situation; returns situation -> report id."""
    situations = {
        "mine_pending": ("pending_approval", OFFICER.user_id),
        "theirs_pending": ("pending_approval", "u-other"),
        "mine_returned": ("returned", OFFICER.user_id),
        "theirs_returned": ("returned", "u-other"),
        "mine_withdrawing": ("pending_approval", OFFICER.user_id),
    }
    reports = {name: report_data(respond_by=dt.date(2026, 3, 20)) for name in situations}
    followups = {name: str(uuid.uuid4()) for name in situations}
    changes = [upsert("report", d) for d in reports.values()]
    for name, (state, author) in situations.items():
        data = followup_data(followups[name], reports[name]["id"], state=state, author_id=author)
        changes.append(upsert("followup", data))
    with profile.session() as s, s.begin():
        ss.apply_changes(s, changes, "c")
        # On its way back to the server: neither counted nor listed until the server answers.
        cmd.withdraw_followup(s, OFFICER, followups["mine_withdrawing"])
    return {name: d["id"] for name, d in reports.items()}


def _listed(profile: Profile, box: str, actor: Actor) -> set[str]:
    with profile.read_session() as s, s.begin():
        page = q.inbox_page(s, q.InboxFilter(box=box), today=TODAY, cal=CAL, actor=actor)  # type: ignore[arg-type]
    assert page.next_after is None
    return {r.id for r in page.rows}


def test_officer_boxes_hold_own_followups_and_match_the_counts(profile: Profile) -> None:
    ids = _world(profile)
    waiting = _listed(profile, "menunggu_persetujuan", OFFICER)
    returned = _listed(profile, "dikembalikan", OFFICER)
    assert waiting == {ids["mine_pending"]}
    assert returned == {ids["mine_returned"]}
    with profile.read_session() as s, s.begin():
        counts = q.nav_counts(s, OFFICER, TODAY, CAL)
    assert (counts.menunggu_persetujuan, counts.dikembalikan) == (len(waiting), len(returned))


def test_supervisor_waiting_box_holds_everyones_followups(profile: Profile) -> None:
    ids = _world(profile)
    waiting = _listed(profile, "menunggu_persetujuan", SUPERVISOR)
    assert waiting == {ids["mine_pending"], ids["theirs_pending"]}
    assert _listed(profile, "dikembalikan", SUPERVISOR) == set()
    with profile.read_session() as s, s.begin():
        counts = q.nav_counts(s, SUPERVISOR, TODAY, CAL)
    assert (counts.menunggu_persetujuan, counts.dikembalikan) == (len(waiting), 0)
