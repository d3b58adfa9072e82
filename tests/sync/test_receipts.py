"""Receipt numbers are unique across every desk of an office, without asking the server when
printing; the server refuses a duplicate as a conflict. Two real desk profiles, one real server."""

from __future__ import annotations

import datetime as dt
import re

from localdb import commands
from localdb.intake import IntakeRef
from tests.support.server import Central, create_report_op
from tests.sync.clients import ClientFactory, ServerView, SyncClient

DAY = dt.date(2026, 12, 2)


def _intake(desk: SyncClient, n: int) -> IntakeRef:
    with desk.profile.session() as s, s.begin():
        return commands.create_intake(
            s,
            desk.actor,
            office_code="DPUPR",
            title=f"Saluran air tersumbat {n}",
            content="Saluran air di gang mawar tersumbat sampah sejak hujan deras.",
            classification="pengaduan",
            received_at=dt.datetime.now(dt.UTC),
            today=DAY,
        )


def test_two_desks_offline_on_one_day_never_print_the_same_number(
    clients: ClientFactory, server_view: ServerView
) -> None:
    # Two desk PCs of one office; each logged in online once (that is when it got its number).
    first = clients.make("desk1", name="loket-1")
    second = clients.make("desk1", name="loket-2")
    # Offline for the day: receipts are printed with no request to the server.
    first.transport.base_url = second.transport.base_url = "http://127.0.0.1:9/api/v1"
    refs = [_intake(first, n) for n in range(3)] + [_intake(second, n) for n in range(3)]
    numbers = [r.receipt_number for r in refs]
    assert len(set(numbers)) == 6, numbers
    assert all(re.fullmatch(r"DPUPR-20261202-\d\d-000[123]", n) for n in numbers), numbers
    assert {n[15:17] for n in numbers[:3]}.isdisjoint({n[15:17] for n in numbers[3:]})

    # Back online: every walk-in complaint lands, none is refused.
    first.transport.base_url = second.transport.base_url = clients.server_url + "/api/v1"
    for desk in (first, second):
        summary = desk.sync()
        assert summary.ok and summary.pushed == 3 and summary.conflicts == 0, summary.message
    for ref in refs:
        assert server_view.report_status(ref.id) == "belum_terverifikasi"


def test_a_desk_keeps_its_number_across_logins(clients: ClientFactory) -> None:
    desk = clients.make("desk1", name="loket-tetap")
    before = _intake(desk, 1).receipt_number
    desk.login()
    after = _intake(desk, 2).receipt_number
    assert before[:18] == after[:18] and before != after


def test_the_server_refuses_a_duplicate_receipt_number_as_a_conflict(
    central: Central, server_view: ServerView
) -> None:
    """Two desks that both printed DPUPR-20261202-0001 (the older form, without a desk part)."""
    one, other = central.api("desk1"), central.api("desk1")
    first = one.push_one(create_report_op("DPUPR-20261202-0001"))
    assert first["status"] == "applied"
    second_op = create_report_op("dpupr-20261202-0001 ")  # case and spaces do not hide it
    second = other.push_one(second_op)
    assert second["status"] == "conflict"
    assert second["error"]["code"] == "receipt_taken"
    assert second.get("entity") is None  # the other citizen's report is not shown
    assert server_view.report_status(second_op["entity_id"]) is None
    # Judged afresh when sent again (a conflict is not stored): still refused.
    assert other.push_one(second_op)["status"] == "conflict"
