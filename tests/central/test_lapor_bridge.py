"""The SP4N-LAPOR! bridge in both directions, against the emulator on loopback.

Outsiders all round: citizens and the national admin act on the emulator over HTTP, officers
and supervisors act on the real hub over HTTP and read their feed; the bridge runs between.
"""

from __future__ import annotations

import datetime as dt
import os
import time

from tests.support.lapor import (
    INSTITUTION_A,
    INSTITUTION_B,
    Clock,
    Emulator,
    Hub,
    approved_followup,
    bridge_mapping,
    emulator,
    feed,
    hub,
    make_bridge,
    pulled_report,
    request_handoff,
    sent,
    upload,
    walk_in,
)
from tests.support.server import AGENCY_A, AGENCY_B, create_report_op, op, submit_op

__all__ = ["emulator", "hub"]


def test_a_complaint_disposed_on_lapor_reaches_the_officers_feed(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id = emulator.complaint(title="Lampu jalan padam di Pasar Baru")
    elsewhere = emulator.complaint(disposition_id="1302")  # not one of the bridged agencies
    make_bridge(hub, emulator).cycle()
    reports = feed(hub.api("officer1"), "report")
    mine = [r for r in reports.values() if r["lapor"]["tracking_id"] == complaint_id]
    assert len(mine) == 1
    report = mine[0]
    assert report["title"] == "Lampu jalan padam di Pasar Baru"
    assert report["status"] == "terverifikasi"
    assert report["disposition"]["agency_id"] == AGENCY_A
    assert report["lapor"] == sent(complaint_id)
    assert all(r["lapor"]["tracking_id"] != elsewhere for r in reports.values())
    assert feed(hub.api("officer2"), "report") == {}  # agency B hears nothing of it
    # A second cycle finds nothing new: no second copy in the hub.
    again = make_bridge(hub, emulator).cycle()
    assert again.pull.created == 0
    assert len(feed(hub.api("officer1"), "report")) == 1


def test_an_approved_followup_reaches_the_lapor_complaint_once(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tim DPUPR sudah meninjau lokasi dan menambal lubang pada hari Senin."
    followup = approved_followup(hub, report_id, text)
    clock = Clock()
    clock.advance(3600)  # the bridge's "now": later than anything before, so it is told apart
    bridge = make_bridge(hub, emulator, clock)
    summary = bridge.cycle()
    assert summary.push.sent == 1
    # The administrator sees the queue, the last contact and the last cycle: this one.
    status = hub.admin("GET", "/bridge")
    assert status["queue"]["followup"] == {"done": 1} and status["problems"] == []
    assert status["linked_reports"] == 1
    contact = dt.datetime.fromisoformat(status["last_contact_at"])
    cycle = dt.datetime.fromisoformat(status["last_cycle_at"])
    assert contact >= clock() - dt.timedelta(minutes=5) and cycle >= contact
    assert emulator.followup_contents(complaint_id) == [text]
    lapor_followup = emulator.full(complaint_id)["followups"][0]
    assert lapor_followup["institution_from_id"] == INSTITUTION_A
    seen = feed(hub.api("officer1"), "followup")[followup["id"]]
    assert seen["lapor"] == sent(str(lapor_followup["id"]))
    for _ in range(2):
        bridge.cycle()
    assert emulator.followup_contents(complaint_id) == [text]


def test_a_draft_or_returned_followup_is_not_sent(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    officer = hub.api("officer1")
    draft = officer.push_one(submit_op(report_id, content="Draf yang belum disetujui atasan."))
    assert draft["status"] == "applied"
    make_bridge(hub, emulator).cycle()
    assert emulator.followup_contents(complaint_id) == []
    assert feed(officer, "followup")[draft["entity"]["id"]]["lapor"] is None


def test_followup_attachments_travel_with_it(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    officer = hub.api("officer1")
    data = os.urandom(5000)
    ref = upload(officer, data, "tambalan.jpg")
    text = "Lubang sudah ditambal, foto terlampir sebagai bukti pekerjaan."
    submitted = officer.push_one(
        op(
            "followup.submit",
            "fu-with-photo",
            {"report_id": report_id, "content": text, "attachments": [ref]},
        )
    )
    assert submitted["status"] == "applied", submitted
    approved = hub.api("supervisor1").push_one(op("followup.approve", "fu-with-photo", {}, 1))
    assert approved["status"] == "applied", approved
    make_bridge(hub, emulator).cycle()
    sent = emulator.full(complaint_id)["followups"]
    assert [f["attachments"] for f in sent] == [[{"name": "tambalan.jpg", "size": 5000}]]


def test_a_walk_in_complaint_gets_a_lapor_tracking_id(hub: Hub, emulator: Emulator) -> None:
    report_id = walk_in(hub)
    bridge = make_bridge(hub, emulator)
    summary = bridge.cycle()
    assert summary.push.sent == 1, summary
    listed = emulator.http.get(
        "/complaints/complaint",
        params={"disposition_id": INSTITUTION_A},
        headers=bridge.client._http.headers,
    ).json()["results"]["data"]
    assert [c["title"] for c in listed] == ["Saluran air tersumbat di Nagari Lubuk Basung"]
    complaint_id = str(listed[0]["id"])
    full = emulator.full(complaint_id)
    assert full["data"]["channel"] == 13
    assert len(full["data"]["attachments"]) == 1
    report = feed(hub.api("desk1"), "report")[report_id]
    assert report["lapor"] == sent(complaint_id)
    # The next cycle's poll applies LAPOR!'s disposition: the officers of agency A get it.
    bridge.cycle()
    routed = feed(hub.api("officer1"), "report")[report_id]
    assert routed["disposition"]["agency_id"] == AGENCY_A
    assert routed["lapor"]["tracking_id"] == complaint_id
    assert emulator.control("GET", "/stats")["counts"]["complaint"] == 1


def test_a_walk_in_about_another_office_goes_to_lapor_disposed_to_that_office(
    hub: Hub, emulator: Emulator
) -> None:
    """Agency A's desk takes in a complaint that agency B answers: on LAPOR! the complaint is
    disposed to B, so B's approved follow-up is accepted there (not refused as from an agency the
    complaint is not disposed to)."""
    created = hub.api("desk1").push_one(
        create_report_op(
            title="Antrean obat di Puskesmas Lubuk Basung",
            content="Pasien menunggu obat lebih dari dua jam setiap pagi.",
        )
    )
    assert created["status"] == "applied", created
    report_id = created["entity"]["id"]
    hub.admin("POST", f"/reports/{report_id}/dispose", {"agency": AGENCY_B})
    bridge = make_bridge(hub, emulator)
    assert bridge.cycle().push.sent == 1
    complaint_id = feed(hub.api("officer2"), "report")[report_id]["lapor"]["tracking_id"]
    assert emulator.full(complaint_id)["data"]["disposition_id"] == INSTITUTION_B
    submitted = hub.api("officer2").push_one(
        submit_op(report_id, content="Loket obat kedua dibuka mulai Senin depan.")
    )
    entity = submitted["entity"]
    approved = hub.api("supervisor2").push_one(
        op("followup.approve", entity["id"], {}, entity["version"])
    )
    assert approved["status"] == "applied", approved
    summary = bridge.cycle()
    assert (summary.push.sent, summary.push.failed) == (1, 0), summary
    followups = emulator.full(complaint_id)["followups"]
    assert [f["content"] for f in followups] == ["Loket obat kedua dibuka mulai Senin depan."]
    assert [f["institution_from_id"] for f in followups] == [INSTITUTION_B]


def test_status_changes_logs_and_reporter_replies_reach_the_hub(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    emulator.control(
        "POST",
        f"/complaints/{complaint_id}/status",
        {"status_name": "Dalam Proses", "note": "Mohon segera ditindaklanjuti."},
    )
    emulator.control(
        "POST",
        f"/complaints/{complaint_id}/reply",
        {"content": "Lubangnya masih ada, tolong dicek lagi."},
    )
    make_bridge(hub, emulator).cycle()
    report = feed(hub.api("officer1"), "report")[report_id]
    assert report["status"] == "dalam_proses"
    actions = [h["action"] for h in report["history"]]
    assert "reporter_reply" in actions and "lapor_log" in actions
    notes = [h["note"] for h in report["history"]]
    assert "Lubangnya masih ada, tolong dicek lagi." in notes
    assert "Mohon segera ditindaklanjuti." in notes
    # Seen once, applied once.
    make_bridge(hub, emulator).cycle()
    again = feed(hub.api("officer1"), "report")[report_id]
    assert [h["action"] for h in again["history"]].count("reporter_reply") == 1
    emulator.control("POST", f"/complaints/{complaint_id}/status", {"status_name": "Selesai"})
    make_bridge(hub, emulator).cycle()
    assert feed(hub.api("officer1"), "report")[report_id]["status"] == "selesai"


def test_a_handoff_request_reaches_lapor_and_its_decision_comes_back(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    reason = "Saluran irigasi primer adalah kewenangan dinas lain."
    request_handoff(hub, report_id, AGENCY_B, reason)
    bridge = make_bridge(hub, emulator)
    assert bridge.cycle().push.sent == 1
    logs = emulator.full(complaint_id)["data_logs"]
    request = [entry for entry in logs if entry["type"] == "not_authority_request"]
    assert [(e["content"], e["institution_to_id"]) for e in request] == [(reason, INSTITUTION_B)]
    # The national admin agrees and routes it to agency B.
    emulator.control("POST", f"/complaints/{complaint_id}/dispose", {"institution_id": "2102"})
    bridge.cycle()
    moved = feed(hub.api("officer2"), "report")[report_id]
    assert moved["disposition"]["agency_id"] == AGENCY_B
    assert hub.admin("GET", "/handoffs") == []  # decided, not pending any more
    bridge.cycle()
    assert (
        len(
            [
                e
                for e in emulator.full(complaint_id)["data_logs"]
                if e["type"] == "not_authority_request"
            ]
        )
        == 1
    )


def test_a_refused_followup_is_visible_to_the_admin_and_the_client(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tindak lanjut yang terlambat, laporan sudah dipindah di LAPOR!."
    followup = approved_followup(hub, report_id, text)
    # LAPOR! moved the complaint away before the follow-up got there: the send is refused.
    emulator.control("POST", f"/complaints/{complaint_id}/dispose", {"institution_id": "1302"})
    clock = Clock()
    make_bridge(hub, emulator, clock, pull=False).cycle()
    assert emulator.followup_contents(complaint_id) == []
    status = hub.admin("GET", "/bridge")
    assert status["queue"]["followup"] == {"failed": 1}
    problem = status["problems"][0]
    assert problem["hub_id"] == followup["id"]
    assert "422" in problem["reason"] and "refused" in problem["reason"]
    assert status["last_error"]["reason"] == problem["reason"]
    seen = feed(hub.api("officer1"), "followup")[followup["id"]]
    assert seen["lapor"]["state"] == "failed" and seen["lapor"]["tracking_id"] is None
    assert seen["lapor"]["reason"] == "refused"
    # LAPOR!'s own words, without the hub's prefix and status: what the office can act on.
    assert seen["lapor"]["message"] == "complaint is not disposed to institution_from_id"


def test_since_leaves_the_hubs_history_unsent(hub: Hub, emulator: Emulator) -> None:
    desk = hub.api("desk1")
    old = desk.push_one(create_report_op(title="Pengaduan lama sebelum jembatan dipasang"))
    assert old["status"] == "applied"
    later = dt.datetime.now(dt.UTC) + dt.timedelta(seconds=1)
    bridge = make_bridge(hub, emulator, since=later)
    assert bridge.cycle().queued == 0
    assert emulator.control("GET", "/stats")["counts"]["complaint"] == 0
    # The hub takes no time in its future (a desk clock running ahead), so wait until `later`.
    while dt.datetime.now(dt.UTC) <= later + dt.timedelta(milliseconds=200):
        time.sleep(0.05)
    new = desk.push_one(
        create_report_op(
            title="Pengaduan baru sesudah jembatan dipasang",
            received_at=dt.datetime.now(dt.UTC).isoformat(),
        )
    )
    assert new["status"] == "applied"
    assert bridge.cycle().push.sent == 1
    assert feed(desk, "report")[old["entity"]["id"]]["lapor"] is None


def test_lapor_templates_and_institutions_join_the_reference_data(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id = emulator.complaint()
    mapping = bridge_mapping(import_institutions=True)
    bridge = make_bridge(hub, emulator, mapping=mapping)
    first = bridge.cycle()
    assert first.masters > 0 and first.pull.created == 1
    officer = hub.api("officer1")
    report_id = next(iter(feed(officer, "report")))
    reference = officer.get("/reference").json()
    templates = {t["code"]: t["body"] for t in reference["reply_templates"]}
    assert templates["LAPOR-T01"].startswith("Terima kasih atas laporan Anda")
    agencies = {a["id"]: a["name"] for a in reference["agencies"]}
    assert agencies["lapor-1302"] == "Balai Pelaksanaan Jalan Nasional Sumatera Barat"
    assert "lapor-2101" not in agencies  # already mapped to a hub agency
    # A follow-up written from a LAPOR! template goes with its LAPOR! code.
    text = "Terima kasih atas laporan Anda. Laporan sedang kami tindak lanjuti."
    submitted = officer.push_one(
        op(
            "followup.submit",
            "fu-template",
            {"report_id": report_id, "content": text, "template_code": "LAPOR-T01"},
        )
    )
    assert submitted["status"] == "applied", submitted
    approved = hub.api("supervisor1").push_one(op("followup.approve", "fu-template", {}, 1))
    assert approved["status"] == "applied", approved
    bridge.cycle()
    assert [f["template_code"] for f in emulator.full(complaint_id)["followups"]] == ["T01"]
    # An imported institution is a hand-off target the bridge can name.
    version = feed(officer, "report")[report_id]["version"]
    body = {"target_agency_id": "lapor-1302", "reason": "Jalan nasional, bukan jalan kabupaten."}
    asked = officer.push_one(op("report.handoff_request", report_id, body, version))
    assert asked["status"] == "applied", asked
    bridge.cycle()
    logs = emulator.full(complaint_id)["data_logs"]
    assert [e["institution_to_id"] for e in logs if e["type"] == "not_authority_request"] == [
        "1302"
    ]
    assert bridge.cycle().masters == 0  # not due again for a day


def test_the_lapor_state_reaches_the_feed_without_a_new_version(
    hub: Hub, emulator: Emulator
) -> None:
    """Waiting, then sent, each through the feed; the entity's version stays, so a change a
    user queued on that version is not made stale by the bridge."""
    desk = hub.api("desk1")
    created = desk.push_one(
        create_report_op(
            title="Trotoar amblas di depan Puskesmas Tiku",
            content="Trotoar di depan puskesmas amblas dan membahayakan pejalan kaki.",
        )
    )
    assert created["status"] == "applied", created
    report_id, version = created["entity"]["id"], created["entity"]["version"]
    assert feed(desk, "report")[report_id].get("lapor") is None  # not queued yet
    emulator.faults({"fault": "error_5xx", "method": "POST", "path": "complaint-lmw", "count": 1})
    clock = Clock()
    bridge = make_bridge(hub, emulator, clock, pull=False)
    assert bridge.cycle().push.unknown == 1
    waiting = feed(desk, "report")[report_id]
    assert waiting["lapor"]["state"] == "pending" and waiting["lapor"]["tracking_id"] is None
    assert waiting["version"] == version
    clock.advance(5)
    assert bridge.cycle().push.sent == 1
    relayed = feed(desk, "report")[report_id]
    assert relayed["lapor"]["state"] == "sent" and relayed["lapor"]["tracking_id"]
    assert relayed["version"] == version
    bridge.close()
