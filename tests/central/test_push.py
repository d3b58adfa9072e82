"""Push: every op type, the role rules, idempotency, conflicts and rejections."""

from __future__ import annotations

import uuid
from typing import Any

import httpx
import pytest

from tests.support.server import AGENCY_A, AGENCY_B, Central, create_report_op, op, submit_op


def _submit(central: Central, report_id: str, who: str = "officer1") -> dict[str, Any]:
    result = central.api(who).push_one(submit_op(report_id))
    assert result["status"] == "applied", result
    return result["entity"]


# --- report.create --------------------------------------------------------------------------


def test_desk_creates_a_report_with_tracking_id_and_deadline(central: Central) -> None:
    desk = central.api("desk1")
    create = create_report_op(receipt="DPUPR-20260105-0042")
    result = desk.push_one(create)
    assert result["status"] == "applied"
    report = result["entity"]
    assert report["id"] == create["entity_id"]
    assert report["tracking_id"].isdigit()
    assert report["receipt_number"] == "DPUPR-20260105-0042"
    assert report["status"] == "belum_terverifikasi"
    assert report["channel"] == "walk_in"
    assert report["deadlines"]["verify_by"] == "2026-01-08"  # 3 working days after Mon 5 Jan
    assert report["reporter"]["phone"] == "+6281234567890"  # normalised by the domain rules
    assert report["version"] == 1


def test_only_the_desk_creates_reports(central: Central) -> None:
    result = central.api("officer1").push_one(create_report_op())
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "forbidden"


def test_anonymous_reporter_is_never_sent_back(central: Central) -> None:
    result = central.api("desk1").push_one(create_report_op(is_anonymous=True))
    assert result["status"] == "applied"
    assert result["entity"]["reporter"] is None


@pytest.mark.parametrize(
    ("overrides", "field", "code"),
    [
        ({"reporter": {"name": "X", "nik": "123"}}, "payload.reporter.nik", None),
        ({"location": {"region_code": "99.99"}}, "payload.location.region_code", None),
        ({"title": "x"}, "payload.title", "invalid_payload"),
        ({"receipt_number": "not a receipt"}, "payload.receipt_number", None),
        ({"category_id": "no-such-category"}, "payload.category_id", "unknown_category"),
    ],
)
def test_invalid_payloads_are_rejected_with_the_field(
    central: Central, overrides: dict[str, Any], field: str, code: str | None
) -> None:
    result = central.api("desk1").push_one(create_report_op(**overrides))
    assert result["status"] == "rejected"
    assert result["error"]["field"] == field
    if code:
        assert result["error"]["code"] == code
    assert result["error"]["detail"]


def test_missing_attachment_is_rejected_until_uploaded(central: Central) -> None:
    attachment = {"sha256": "ab" * 32, "filename": "foto.jpg", "mime": "image/jpeg", "size": 10}
    result = central.api("desk1").push_one(create_report_op(attachments=[attachment]))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "attachment_missing"
    assert result["error"]["field"] == "payload.attachments[0].sha256"


# --- idempotency ----------------------------------------------------------------------------


def test_a_retry_after_a_lost_answer_returns_the_stored_result(central: Central) -> None:
    desk = central.api("desk1")
    create = create_report_op()
    central.admin("PUT", "/faults", {"drop_push_after_commit": 1})
    with pytest.raises(httpx.TransportError):
        desk.push(create)
    central.admin("PUT", "/faults", {})
    retry = desk.push_one(create)
    assert retry["status"] == "duplicate"
    assert retry["entity"]["id"] == create["entity_id"]
    first_tracking = retry["entity"]["tracking_id"]
    again = desk.push_one(create)
    assert again["entity"]["tracking_id"] == first_tracking
    # Exactly one report exists: the desk's feed has it once, at version 1.
    changes, _ = desk.pull_all()
    mine = [c for c in changes if c["id"] == create["entity_id"]]
    assert [c["version"] for c in mine] == [1]


def test_same_op_id_with_another_payload_is_rejected(central: Central) -> None:
    desk = central.api("desk1")
    create = create_report_op()
    assert desk.push_one(create)["status"] == "applied"
    forged = dict(create, payload=dict(create["payload"], title="Judul lain sama sekali"))
    result = desk.push_one(forged)
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "op_id_reused"


def test_a_failed_op_blocks_later_ops_on_the_same_entity_only(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = central.api("officer1")
    followup_id = str(uuid.uuid4())
    stale = submit_op(report["id"], followup_id, base_version=5)  # unknown follow-up
    later = submit_op(report["id"], followup_id, base_version=1)
    other = submit_op(report["id"])
    results = officer.push(stale, later, other)
    assert [r["status"] for r in results] == ["rejected", "conflict", "applied"]
    assert results[1]["error"]["code"] == "blocked_by_earlier_op"


# --- follow-ups -----------------------------------------------------------------------------


def test_submit_edit_approve_publishes_and_starts_the_autoclose_clock(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    officer, supervisor = central.api("officer1"), central.api("supervisor1")
    followup = _submit(central, report["id"])
    assert followup["state"] == "pending_approval"
    assert followup["version"] == 1
    edited = officer.push_one(
        submit_op(report["id"], followup["id"], 1, "Perbaikan dijadwalkan minggu depan.")
    )
    assert edited["status"] == "applied"
    assert edited["entity"]["version"] == 2

    stale = supervisor.push_one(op("followup.approve", followup["id"], {}, base_version=1))
    assert stale["status"] == "conflict"
    assert stale["error"]["code"] == "stale_version"
    assert stale["entity"]["content"] == "Perbaikan dijadwalkan minggu depan."

    approved = supervisor.push_one(op("followup.approve", followup["id"], {"note": "OK"}, 2))
    assert approved["status"] == "applied"
    assert approved["entity"]["state"] == "published"
    assert approved["entity"]["review"]["reviewer"]["id"] == "u-supervisor1"
    changes, _ = supervisor.pull_all()
    current = next(c for c in changes if c["id"] == report["id"])
    assert current["data"]["status"] == "dalam_proses"
    assert current["data"]["deadlines"]["autoclose_at"] is not None


def test_only_the_supervisor_approves(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    followup = _submit(central, report["id"])
    result = central.api("officer1").push_one(op("followup.approve", followup["id"], {}, 1))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "forbidden"


def test_return_needs_a_note_and_allows_resubmission(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    followup = _submit(central, report["id"])
    supervisor, officer = central.api("supervisor1"), central.api("officer1")
    no_note = supervisor.push_one(op("followup.return", followup["id"], {}, 1))
    assert no_note["status"] == "rejected"
    assert no_note["error"]["field"] == "payload.note"
    returned = supervisor.push_one(
        op("followup.return", followup["id"], {"note": "Lengkapi foto lokasi."}, 1)
    )
    assert returned["entity"]["state"] == "returned"
    assert returned["entity"]["review"]["note"] == "Lengkapi foto lokasi."
    again = officer.push_one(submit_op(report["id"], followup["id"], 2, "Dengan foto lokasi."))
    assert again["entity"]["state"] == "pending_approval"


def test_withdraw_then_nothing_more(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    followup = _submit(central, report["id"])
    officer = central.api("officer1")
    withdrawn = officer.push_one(op("followup.withdraw", followup["id"], {}, 1))
    assert withdrawn["entity"]["state"] == "withdrawn"
    late = central.api("supervisor1").push_one(op("followup.approve", followup["id"], {}, 2))
    assert late["status"] == "conflict"
    assert late["error"]["code"] == "invalid_state"


def test_followup_needs_a_routed_report(central: Central) -> None:
    report = central.citizen_report()  # not verified, not routed
    result = central.api("officer1").push_one(submit_op(report["id"]))
    assert result["status"] == "rejected"
    assert result["error"]["code"] == "forbidden"


def test_secret_report_is_handled_by_its_assignee_or_a_supervisor(central: Central) -> None:
    report = central.disposed_report(AGENCY_A, is_secret=True, assignee="officer1")
    other = central.api("officer1b").push_one(submit_op(report["id"]))
    assert other["status"] == "rejected"
    assert other["error"]["code"] == "forbidden"
    assert central.api("officer1").push_one(submit_op(report["id"]))["status"] == "applied"
    assert central.api("supervisor1").push_one(submit_op(report["id"]))["status"] == "applied"


# --- other agencies ---------------------------------------------------------------------------


def test_another_agencys_report_is_untouchable_and_reveals_nothing(central: Central) -> None:
    report = central.disposed_report(AGENCY_B)
    followup = _submit(central, report["id"], who="officer2")
    for result in (
        central.api("officer1").push_one(submit_op(report["id"])),
        central.api("supervisor1").push_one(op("followup.approve", followup["id"], {}, 1)),
        central.api("officer1").push_one(
            op(
                "report.handoff_request",
                report["id"],
                {"target_agency_id": AGENCY_A, "reason": "Bukan kewenangan kami sama sekali."},
                report["version"],
            )
        ),
    ):
        assert result["status"] == "rejected"
        assert result["error"]["code"] == "forbidden"
        assert result["entity"] is None


# --- hand-off --------------------------------------------------------------------------------


def test_handoff_request_and_decision_moves_the_report(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    officer = central.api("officer1")
    reason = "Jalan nasional, kewenangan instansi lain."
    stale = officer.push_one(
        op(
            "report.handoff_request",
            report["id"],
            {"target_agency_id": AGENCY_B, "reason": reason},
            1,
        )
    )
    assert stale["status"] == "conflict"
    asked = officer.push_one(
        op(
            "report.handoff_request",
            report["id"],
            {"target_agency_id": AGENCY_B, "reason": reason},
            report["version"],
        )
    )
    assert asked["status"] == "applied"
    assert asked["entity"]["history"][-1]["action"] == "handoff_requested"
    pending = [h for h in central.admin("GET", "/handoffs") if h["report_id"] == report["id"]]
    assert len(pending) == 1
    moved = central.admin("POST", f"/handoffs/{pending[0]['id']}/decide", {"accept": True})
    assert moved["disposed_agency_id"] == AGENCY_B


def test_stored_op_result_can_be_read_back(central: Central) -> None:
    desk = central.api("desk1")
    create = create_report_op()
    desk.push_one(create)
    r = desk.get(f"/sync/ops/{create['op_id']}", headers={"X-Device-ID": desk.device_id})
    assert r.status_code == 200
    assert r.json()["entity"]["id"] == create["entity_id"]
    other = central.api("officer1").get(
        f"/sync/ops/{create['op_id']}", headers={"X-Device-ID": desk.device_id}
    )
    assert other.status_code == 404


def test_reusing_a_report_id_in_a_new_op_is_a_conflict(central: Central) -> None:
    desk = central.api("desk1")
    first = create_report_op()
    assert desk.push_one(first)["status"] == "applied"
    second = create_report_op()
    second["entity_id"] = first["entity_id"]
    result = desk.push_one(second)
    assert result["status"] == "conflict"
    assert result["error"]["code"] == "already_exists"
    assert result["entity"]["id"] == first["entity_id"]
    # Another agency's desk cannot even learn that the id exists with its content.
    third = create_report_op()
    third["entity_id"] = first["entity_id"]
    other = central.api("desk2").push_one(third)
    assert other["status"] == "rejected"
    assert other["entity"] is None
