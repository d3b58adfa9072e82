"""`report.answered` (kept by triggers) agrees with the rule it caches, whatever writes the rows."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from sqlalchemy import delete, func, select, update

from domain.calendar import WorkingCalendar
from localdb import queries as q
from localdb import syncstore as ss
from localdb.models import Followup, Report
from localdb.profile import Profile
from tests.localdb.builders import OFFICER, followup_data, report_data, upsert
from tests.support.crypt import TEST_KEY

TODAY = dt.date(2026, 3, 4)
CAL = WorkingCalendar([])
REPORTS = [str(uuid.UUID(int=i + 1)) for i in range(3)]
FOLLOWUPS = [str(uuid.UUID(int=100 + i)) for i in range(4)]
STATES = ["pending_approval", "published", "returned", "withdrawn"]

# One step: pull a report, pull a follow-up (in any state, for any report, possibly before the
# report itself), set or clear its local work, move it to another report, or delete it.
step = st.one_of(
    st.tuples(
        st.just("report"), st.sampled_from(REPORTS), st.sampled_from(["dalam_proses", "selesai"])
    ),
    st.tuples(
        st.just("followup"),
        st.sampled_from(FOLLOWUPS),
        st.sampled_from(REPORTS),
        st.sampled_from(STATES),
    ),
    st.tuples(
        st.just("local"), st.sampled_from(FOLLOWUPS), st.sampled_from([None, "pending_submit"])
    ),
    st.tuples(st.just("move"), st.sampled_from(FOLLOWUPS), st.sampled_from(REPORTS)),
    st.tuples(st.just("delete"), st.sampled_from(FOLLOWUPS)),
)


def _apply(profile: Profile, action: tuple, versions: dict[str, int]) -> None:
    kind, ident = action[0], action[1]
    with profile.session() as s, s.begin():
        if kind in ("report", "followup"):
            versions[ident] = versions.get(ident, 0) + 1
            data = (
                report_data(report_id=ident, status=action[2], version=versions[ident])
                if kind == "report"
                else followup_data(ident, action[2], state=action[3], version=versions[ident])
            )
            ss.apply_changes(s, [upsert(kind, data)], "c")
        elif kind == "local":
            s.execute(update(Followup).where(Followup.id == ident).values(local_state=action[2]))
        elif kind == "move":
            s.execute(update(Followup).where(Followup.id == ident).values(report_id=action[2]))
        else:
            s.execute(delete(Followup).where(Followup.id == ident))


def _counts(profile: Profile) -> tuple[int, int]:
    """(the navigation's count from the flag, the rule counted by its subquery)."""
    with profile.read_session() as s, s.begin():
        flagged = q.nav_counts(s, OFFICER, TODAY, CAL).perlu_tindak_lanjut
        ruled = s.scalar(select(func.count()).select_from(Report).where(q._needs_followup()))
    return flagged, int(ruled or 0)


@settings(
    max_examples=40, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture]
)
@given(steps=st.lists(step, min_size=1, max_size=12))
def test_flag_agrees_with_the_rule_after_any_writes(tmp_path: Path, steps: list[tuple]) -> None:
    folder = tmp_path / uuid.uuid4().hex
    versions: dict[str, int] = {}
    with Profile.open(folder, key=TEST_KEY) as profile:
        for action in steps:
            _apply(profile, action, versions)
            flagged, ruled = _counts(profile)
            assert flagged == ruled, action


def test_count_matches_the_box(profile: Profile) -> None:
    open_ids = [str(uuid.uuid4()) for _ in range(3)]
    with profile.session() as s, s.begin():
        changes = [upsert("report", report_data(report_id=r)) for r in open_ids]
        changes.append(
            upsert("followup", followup_data(str(uuid.uuid4()), open_ids[0], state="published"))
        )
        ss.apply_changes(s, changes, "c")
    with profile.read_session() as s, s.begin():
        count = q.nav_counts(s, OFFICER, TODAY, CAL).perlu_tindak_lanjut
        box = q.inbox_page(s, q.InboxFilter(box="perlu_tindak_lanjut"), today=TODAY, cal=CAL)
    assert count == 2 and {r.id for r in box.rows} == set(open_ids[1:])
