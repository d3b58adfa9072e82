"""Failed outbox rows queued again by the hub administrator, once the mapping is fixed.

From outside: officers act on the real hub over HTTP, the administrator uses the admin API and
the `python -m central bridge` command on the hub's database, the emulator is LAPOR!. Exactly
once holds throughout: a row sent already is refused, a row whose outcome is unknown is never
reset (the bridge reads it back), and a re-queued row lands on LAPOR! once.
"""

from __future__ import annotations

import subprocess
from typing import Any

import httpx
import pytest

from tests.support.lapor import (
    INSTITUTION_B,
    INSTITUTION_C,
    Clock,
    Emulator,
    Hub,
    approved_followup,
    bridge_command,
    bridge_mapping,
    emulator,
    feed,
    hub,
    lapor_outbox,
    make_bridge,
    pg_hub,
    pulled_report,
    request_handoff,
)
from tests.support.server import AGENCY_B, AGENCY_C

__all__ = ["emulator", "hub", "pg_hub"]
FOLLOWUP_ADD = "/complaints/followup/add"
NOWHERE = "http://127.0.0.1:9"  # connection refused: nothing leaves the machine
# The administrator's slip: agency A left out of the agencies, no external agencies.
WITHOUT_A = {"agencies": {AGENCY_B: INSTITUTION_B}, "external_agencies": {}}


def _queue_then_remap(hub: Hub, emulator: Emulator) -> None:
    """Queued while LAPOR! cannot be reached; then a bridge restarted on a mapping that lost
    agency A fails what it finds queued: not mapped."""
    unreachable = make_bridge(hub, emulator, base_url=NOWHERE, pull=False).cycle()
    assert unreachable.push.stopped == "unreachable", unreachable
    assert {r.state for r in lapor_outbox(hub)} == {"queued"}
    remapped = make_bridge(hub, emulator, mapping=bridge_mapping(**WITHOUT_A), pull=False)
    summary = remapped.cycle()
    assert summary.push.failed == len(lapor_outbox(hub)), summary


def _post(hub: Hub, path: str, body: dict[str, Any] | None = None) -> httpx.Response:
    return httpx.post(
        f"{hub.base_url}/api/v1/admin{path}",
        json=body,
        headers={"X-Admin-Token": hub.server.admin_token},
        timeout=30,
    )


def _command(hub: Hub, *args: str) -> subprocess.CompletedProcess[str]:
    return bridge_command(hub.data_dir, *args)


def _requeue_one_after_the_mapping_is_fixed(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tindak lanjut yang tertahan karena pemetaan instansi keliru."
    followup = approved_followup(hub, report_id, text)
    _queue_then_remap(hub, emulator)
    (row,) = lapor_outbox(hub)
    assert row.state == "failed" and row.last_error
    assert row.last_error.endswith("has no LAPOR! institution in the mapping")
    # Visible: to the administrator with its reason, to the office on the card.
    status = hub.admin("GET", "/bridge")
    assert status["queue"]["followup"] == {"failed": 1}
    assert [(p["id"], p["state"]) for p in status["problems"]] == [(row.id, "failed")]
    officer = hub.api("officer1")
    assert feed(officer, "followup")[followup["id"]]["lapor"]["reason"] == "not_mapped"

    # The mapping is fixed: a failed row stays failed, nothing is sent on its own.
    fixed = make_bridge(hub, emulator, pull=False)
    assert fixed.cycle().push.sent == 0
    assert emulator.followup_contents(complaint_id) == []
    assert [r.state for r in lapor_outbox(hub)] == ["failed"]

    answer = _post(hub, f"/bridge/rows/{row.id}/requeue")
    assert answer.status_code == 200, answer.text
    body = answer.json()
    assert body["requeued"] == 1
    assert [(r["id"], r["kind"], r["hub_id"]) for r in body["rows"]] == [
        (row.id, "followup", followup["id"])
    ]
    assert body["rows"][0]["reason"] == row.last_error
    # The card says "waiting" again, through the feed, before the bridge has run.
    assert feed(officer, "followup")[followup["id"]]["lapor"]["state"] == "pending"
    assert hub.admin("GET", "/bridge")["problems"] == []

    assert fixed.cycle().push.sent == 1
    assert emulator.followup_contents(complaint_id) == [text]
    (done,) = lapor_outbox(hub)
    assert done.state == "done" and done.lapor_id
    seen = feed(officer, "followup")[followup["id"]]["lapor"]
    assert (seen["state"], seen["tracking_id"]) == ("sent", done.lapor_id)

    # Sent: queueing it again is refused, and nothing more reaches LAPOR!.
    again = _post(hub, f"/bridge/rows/{row.id}/requeue")
    assert again.status_code == 409, again.text
    assert again.json()["code"] == "bridge_row_done"
    assert _post(hub, "/bridge/requeue").json()["requeued"] == 0
    fixed.cycle()
    assert emulator.followup_contents(complaint_id) == [text]
    assert _post(hub, "/bridge/rows/999999/requeue").status_code == 404


def test_a_followup_failed_for_an_unmapped_agency_is_sent_once_after_requeue(
    hub: Hub, emulator: Emulator
) -> None:
    _requeue_one_after_the_mapping_is_fixed(hub, emulator)


@pytest.mark.postgres
def test_requeue_with_the_hub_on_postgresql(pg_hub: Hub, emulator: Emulator) -> None:
    _requeue_one_after_the_mapping_is_fixed(pg_hub, emulator)


def test_a_row_whose_outcome_is_unknown_is_never_reset(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tindak lanjut yang jawabannya hilang setelah LAPOR! menyimpannya."
    approved_followup(hub, report_id, text)
    emulator.faults({"fault": "lost_response", "path": FOLLOWUP_ADD, "count": 1})
    clock = Clock()
    bridge = make_bridge(hub, emulator, clock, pull=False, readback_delay=3600)
    assert bridge.cycle().push.unknown == 1
    (row,) = lapor_outbox(hub)
    assert row.state == "unknown"
    refused = _post(hub, f"/bridge/rows/{row.id}/requeue")
    assert refused.status_code == 409, refused.text
    assert refused.json()["code"] == "bridge_row_pending"
    assert _post(hub, "/bridge/requeue", {"kind": "followup"}).json()["requeued"] == 0
    cli = _command(hub, "requeue", str(row.id))
    assert cli.returncode != 0
    assert f"row {row.id} not re-queued: it is unknown, not failed" in cli.stderr, cli.stderr
    (still,) = lapor_outbox(hub)
    assert (still.state, still.next_attempt_at) == ("unknown", row.next_attempt_at)
    # Its time comes: read back, found, not sent a second time.
    clock.advance(3601)
    summary = bridge.cycle()
    assert (summary.push.read_back, summary.push.sent) == (1, 0), summary
    assert emulator.followup_contents(complaint_id) == [text]


def test_requeue_all_of_one_kind_from_the_command_line(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    texts = [
        "Tindak lanjut pertama: tim meninjau lokasi lubang jalan.",
        "Tindak lanjut kedua: penambalan dijadwalkan pekan depan.",
    ]
    followups = [approved_followup(hub, report_id, t) for t in texts]
    reason = "Rambu dan marka jalan adalah kewenangan dinas perhubungan."
    request_handoff(hub, report_id, AGENCY_C, reason)
    (handoff,) = hub.admin("GET", "/handoffs")
    _queue_then_remap(hub, emulator)
    assert sorted(r.kind for r in lapor_outbox(hub) if r.state == "failed") == [
        "followup",
        "followup",
        "handoff",
    ]

    listed = _command(hub, "failed")
    assert listed.returncode == 0, listed.stderr
    lines = listed.stdout.splitlines()
    assert lines[-1] == "3 failed"
    assert sorted(line.split("\t")[2] for line in lines[:-1]) == sorted(
        [*(f["id"] for f in followups), handoff["id"]]
    )

    done = _command(hub, "requeue", "--all", "--kind", "followup")
    assert done.returncode == 0, done.stderr
    out = done.stdout.splitlines()
    assert out[-1] == "2 re-queued: sent on the bridge's next cycle"
    assert sorted(line.split("\t")[2] for line in out[:-1]) == sorted(f["id"] for f in followups)
    assert {r.kind: r.state for r in lapor_outbox(hub) if r.kind == "handoff"} == {
        "handoff": "failed"
    }

    fixed = make_bridge(hub, emulator, pull=False)
    assert fixed.cycle().push.sent == 2
    assert sorted(emulator.followup_contents(complaint_id)) == sorted(texts)
    assert hub.admin("GET", "/bridge")["queue"]["handoff"] == {"failed": 1}

    requeued = hub.admin("POST", "/bridge/requeue", {"kind": "handoff"})
    assert requeued["requeued"] == 1
    assert fixed.cycle().push.sent == 1
    logs = emulator.full(complaint_id)["data_logs"]
    handoffs = [e for e in logs if e["type"] == "not_authority_request"]
    assert [(e["content"], e["institution_to_id"]) for e in handoffs] == [(reason, INSTITUTION_C)]
    assert {r.state for r in lapor_outbox(hub)} == {"done"}
    nothing = _command(hub, "requeue", "--all")
    assert nothing.stdout.splitlines() == ["0 re-queued: sent on the bridge's next cycle"]
    fixed.cycle()
    assert sorted(emulator.followup_contents(complaint_id)) == sorted(texts)
    assert len(emulator.full(complaint_id)["data_logs"]) == len(logs)


def test_the_command_wants_a_row_or_all(hub: Hub) -> None:
    for args in ([], ["3", "--all"], ["3", "--kind", "report"]):
        done = _command(hub, "requeue", *args)
        assert done.returncode != 0 and "bridge requeue:" in done.stderr, (args, done.stderr)
    answer = _post(hub, "/bridge/requeue", {"kind": "complaint"})
    assert answer.status_code == 422, answer.text
