"""A PC whose clock is wrong: its complaints are not dated in the hub's future, and a retry
scheduled by a clock running ahead does not wait days after the clock is put right."""

from __future__ import annotations

import datetime as dt
import uuid

from domain import clock
from localdb import syncstore
from localdb.intake import ReporterInput
from localdb.models import Outbox
from tests.support.server import Central, create_report_op
from tests.sync.clients import ClientFactory


def test_the_hub_never_dates_a_complaint_in_its_future(central: Central) -> None:
    ahead = (dt.datetime.now(dt.UTC) + dt.timedelta(days=2)).isoformat()
    result = central.api("desk1").push_one(create_report_op(received_at=ahead))
    assert result["status"] == "applied", result
    submitted = dt.datetime.fromisoformat(result["entity"]["submitted_at"])
    assert submitted <= dt.datetime.now(dt.UTC) + dt.timedelta(minutes=1)
    # The verification deadline counts from that time (how many calendar days 3 working days
    # take depends on the date: at the year's end New Year and a weekend come first).
    same_now = central.api("desk1").push_one(
        create_report_op(received_at=dt.datetime.now(dt.UTC).isoformat())
    )
    assert (
        result["entity"]["deadlines"]["verify_by"] == same_now["entity"]["deadlines"]["verify_by"]
    )


def test_a_desk_pc_two_days_ahead_dates_by_the_hubs_clock(
    central: Central, clients: ClientFactory
) -> None:
    # Only the desk PC's clock is wrong (the hub runs in this process on the right one).
    wrong = clock.StartedClock(dt.datetime.now(dt.UTC) + dt.timedelta(days=2))
    desk = clients.make("desk1")
    desk.engine.clock = wrong
    desk.sync()  # measures the offset to the hub
    with desk.profile.session() as s, s.begin():
        offset = syncstore.get_sync_state(s).server_offset_seconds
        assert offset is not None and offset < -86_000
        received = syncstore.corrected_now(s, wrong())
    assert abs((received - dt.datetime.now(dt.UTC)).total_seconds()) < 120


def test_a_retry_set_by_a_clock_running_ahead_is_due_once_it_is_right(tmp_path) -> None:
    from localdb.profile import Profile

    now = dt.datetime.now(dt.UTC)
    with Profile.open(tmp_path / "p") as profile:
        with profile.session() as s, s.begin():
            op = Outbox(
                op_id=str(uuid.uuid4()), seq=1, type="followup.withdraw",
                entity_id="f-1", base_version=1, payload={}, state="pending", attempts=3,
                created_at=now, next_attempt_at=now + dt.timedelta(days=2),
            )  # fmt: skip
            s.add(op)
        with profile.read_session() as s, s.begin():
            due = syncstore.pending_ops(s, now=now)
        assert [p.op_id for p in due] == [op.op_id]
        _ = ReporterInput  # the intake module loads with the store
