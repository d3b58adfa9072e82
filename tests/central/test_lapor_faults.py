"""Exactly once across a non-idempotent API: every fault of the emulator, one at a time, at
random, and a bridge killed in the middle of a send. Nothing doubled on LAPOR!, nothing lost,
every failure visible to the hub administrator with its reason."""

from __future__ import annotations

import datetime as dt
import json
import signal
import subprocess
import sys
import time
from collections import Counter
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from central.lapor.client import AuthRefused
from central.lapor.secrets import Credentials
from tests.support.child import child_env
from tests.support.lapor import (
    CREDENTIALS,
    TEST_MAPPING,
    Clock,
    Emulator,
    Hub,
    approved_followup,
    emulator,
    feed,
    hub,
    lapor_outbox,
    make_bridge,
    pg_hub,
    pulled_report,
    request_handoff,
)
from tests.support.server import AGENCY_B, create_report_op

__all__ = ["emulator", "hub", "pg_hub"]
FOLLOWUP_ADD = "/complaints/followup/add"
COMMITTING = ("lost_response", "error_5xx_after_commit", "timeout")
NOT_COMMITTING = ("error_5xx", "html")


@pytest.mark.parametrize("fault", COMMITTING + NOT_COMMITTING)
def test_a_followup_send_that_fails_is_read_back_then_sent_once(
    hub: Hub, emulator: Emulator, fault: str
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = f"Tindak lanjut dengan gangguan {fault} pada pengiriman pertama."
    approved_followup(hub, report_id, text)
    emulator.faults(
        {"fault": fault, "method": "POST", "path": FOLLOWUP_ADD, "count": 1}, hang_seconds=1.5
    )
    # Only the timeout fault needs a short client timeout; the rest keep a patient one, so a
    # slow machine does not add unknowns of its own.
    bridge = make_bridge(hub, emulator, timeout=0.5 if fault == "timeout" else 10, pull=False)
    first = bridge.cycle()
    assert first.push.unknown == 1 and first.push.sent == 0
    committed = fault in COMMITTING
    assert emulator.followup_contents(complaint_id) == ([text] if committed else [])
    (row,) = lapor_outbox(hub)
    assert row.state == "unknown" and row.last_error and "outcome unknown" in row.last_error
    status = hub.admin("GET", "/bridge")
    assert status["queue"]["followup"] == {"unknown": 1}
    assert status["problems"][0]["reason"] == row.last_error
    if fault == "timeout":
        time.sleep(1.2)  # the emulator's late answer is dropped; nothing more arrives
    bridge = make_bridge(hub, emulator, pull=False)
    second = bridge.cycle()
    assert (second.push.read_back, second.push.sent) == ((1, 0) if committed else (0, 1))
    assert emulator.followup_contents(complaint_id) == [text]
    (row,) = lapor_outbox(hub)
    assert row.state == "done" and row.lapor_id is not None
    bridge.cycle()
    assert emulator.followup_contents(complaint_id) == [text]


def test_rate_limit_waits_for_retry_after(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tindak lanjut yang pertama kali terkena batas laju gerbang."
    approved_followup(hub, report_id, text)
    emulator.faults(
        {"fault": "rate_limit", "method": "POST", "path": FOLLOWUP_ADD, "count": 1},
        retry_after=120,
    )
    clock = Clock()
    bridge = make_bridge(hub, emulator, clock, pull=False)
    before = clock()
    first = bridge.cycle()
    assert first.push.stopped == "rate_limited"
    (row,) = lapor_outbox(hub)
    assert row.state == "queued" and row.last_error == "rate limited (429)"
    assert row.next_attempt_at >= before + dt.timedelta(seconds=120)
    bridge.cycle()  # too early: nothing is sent
    assert emulator.control("GET", "/faults")["fired"] == {"rate_limit": 1}
    assert emulator.followup_contents(complaint_id) == []
    clock.advance(121)
    assert bridge.cycle().push.sent == 1
    assert emulator.followup_contents(complaint_id) == [text]


def test_readback_waits_for_the_readback_delay(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    approved_followup(hub, report_id, "Tindak lanjut yang jawabannya hilang di jalan.")
    emulator.faults({"fault": "lost_response", "path": FOLLOWUP_ADD, "count": 1})
    clock = Clock()
    bridge = make_bridge(hub, emulator, clock, pull=False, readback_delay=600)
    bridge.cycle()
    assert bridge.cycle().push == type(bridge.cycle().push)()  # nothing due yet
    clock.advance(601)
    assert bridge.cycle().push.read_back == 1
    assert len(emulator.followup_contents(complaint_id)) == 1


def test_a_walk_in_complaint_whose_answer_was_lost_is_created_once(
    hub: Hub, emulator: Emulator
) -> None:
    desk = hub.api("desk1")
    created = desk.push_one(create_report_op(title="Jembatan gantung di Nagari rusak"))
    assert created["status"] == "applied"
    emulator.faults({"fault": "lost_response", "path": "/complaint-lmw", "count": 1})
    # Push only: the read-back finds it through the list call.
    bridge = make_bridge(hub, emulator, pull=False)
    assert bridge.cycle().push.unknown == 1
    assert emulator.control("GET", "/stats")["counts"]["complaint"] == 1
    assert bridge.cycle().push.read_back == 1
    assert emulator.control("GET", "/stats")["counts"]["complaint"] == 1
    report = feed(desk, "report")[created["entity"]["id"]]
    assert report["lapor"]["state"] == "sent" and report["lapor"]["tracking_id"]


def test_a_lost_walk_in_create_seen_by_the_pull_is_linked_not_imported(
    hub: Hub, emulator: Emulator
) -> None:
    desk = hub.api("desk1")
    created = desk.push_one(create_report_op(title="Jembatan gantung di Nagari rusak"))
    emulator.faults({"fault": "lost_response", "path": "/complaint-lmw", "count": 1})
    bridge = make_bridge(hub, emulator)
    first = bridge.cycle()  # the send is unknown; then the pull lists the new complaint
    assert first.push.unknown == 1 and first.pull.created == 1
    for _ in range(2):
        bridge.cycle()
    assert emulator.control("GET", "/stats")["counts"]["complaint"] == 1
    reports = feed(hub.api("supervisor1"), "report")
    assert list(reports) == [created["entity"]["id"]]  # no second copy in the hub either
    assert [r.state for r in lapor_outbox(hub)] == ["done"]


def test_a_handoff_request_whose_answer_was_lost_is_sent_once(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    request_handoff(hub, report_id, AGENCY_B, "Bukan kewenangan dinas kami.")
    emulator.faults({"fault": "error_5xx_after_commit", "path": "/reject", "count": 1})
    bridge = make_bridge(hub, emulator, pull=False)
    assert bridge.cycle().push.unknown == 1
    assert bridge.cycle().push.read_back == 1
    logs = emulator.full(complaint_id)["data_logs"]
    assert [e["type"] for e in logs].count("not_authority_request") == 1


def test_the_pull_survives_a_gateway_page_and_tries_again(hub: Hub, emulator: Emulator) -> None:
    complaint_id = emulator.complaint()
    emulator.faults({"fault": "html", "method": "GET", "path": "/complaints/complaint", "count": 1})
    bridge = make_bridge(hub, emulator)
    first = bridge.cycle()
    assert first.pull.stopped == "Unknown" and first.pull.created == 0
    status = hub.admin("GET", "/bridge")
    assert status["last_error"]["where"] == "list call"
    assert "HTTP 502" in status["last_error"]["reason"]
    assert bridge.cycle().pull.created == 1
    assert bridge.cycle().pull.created == 0
    reports = feed(hub.api("officer1"), "report").values()
    assert [r["lapor"]["tracking_id"] for r in reports] == [complaint_id]


def test_wrong_credentials_stop_the_cycle_and_fail_nothing(hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    approved_followup(hub, report_id, "Tindak lanjut yang menunggu kunci gerbang yang benar.")
    wrong = Credentials(gateway_key="not-the-key", account_token=CREDENTIALS.account_token)
    bridge = make_bridge(hub, emulator, credentials=wrong)
    summary = bridge.cycle()
    assert summary.error is not None and "credentials refused" in summary.error
    (row,) = lapor_outbox(hub)
    assert row.state == "queued"
    status = hub.admin("GET", "/bridge")
    assert status["last_error"]["where"] == "credentials"
    assert "not-the-key" not in json.dumps(status)
    assert make_bridge(hub, emulator).cycle().push.sent == 1
    assert len(emulator.followup_contents(complaint_id)) == 1
    with pytest.raises(AuthRefused):
        bridge.client.get("/masters/templates")


def test_an_unknown_send_stays_unknown_while_the_credentials_are_refused(
    hub: Hub, emulator: Emulator
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tindak lanjut yang jawabannya hilang, lalu kunci gerbang diganti."
    approved_followup(hub, report_id, text)
    emulator.faults({"fault": "lost_response", "path": FOLLOWUP_ADD, "count": 1})
    assert make_bridge(hub, emulator, pull=False).cycle().push.unknown == 1
    wrong = Credentials(gateway_key="kunci-lama", account_token=CREDENTIALS.account_token)
    assert make_bridge(hub, emulator, credentials=wrong, pull=False).cycle().error
    (row,) = lapor_outbox(hub)
    assert row.state == "unknown"  # not "queued": a later run must read back, not resend
    assert make_bridge(hub, emulator, pull=False).cycle().push.read_back == 1
    assert emulator.followup_contents(complaint_id) == [text]


def test_an_unreachable_gateway_keeps_the_row_queued(hub: Hub, emulator: Emulator) -> None:
    _complaint_id, report_id = pulled_report(hub, emulator)
    approved_followup(hub, report_id, "Tindak lanjut saat jaringan ke gerbang SPLP putus.")
    bridge = make_bridge(hub, emulator, base_url="http://127.0.0.1:9", pull=False)
    assert bridge.cycle().push.stopped == "unreachable"
    (row,) = lapor_outbox(hub)
    assert row.state == "queued" and row.last_error and "cannot connect" in row.last_error


# --- at random --------------------------------------------------------------------------------

FAULTS = COMMITTING + NOT_COMMITTING + ("rate_limit",)
fault_rules = st.lists(
    st.fixed_dictionaries(
        {
            "fault": st.sampled_from(FAULTS),
            "path": st.sampled_from([FOLLOWUP_ADD, "/followups", "/complaints/"]),
            "rate": st.floats(0.05, 0.5),
        }
    ),
    min_size=1,
    max_size=4,
)


@settings(
    max_examples=12,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)
@given(rules=fault_rules, followups=st.integers(1, 4), seed=st.integers(0, 10**6))
def test_random_faults_never_double_or_lose_a_followup(
    hub: Hub, emulator: Emulator, rules: list[dict[str, Any]], followups: int, seed: int
) -> None:
    emulator.faults()
    complaint_id, report_id = pulled_report(hub, emulator)
    texts = [
        f"Tindak lanjut nomor {n} untuk contoh {seed}, laporan {complaint_id}."
        for n in range(followups)
    ]
    for text in texts:
        approved_followup(hub, report_id, text)
    emulator.faults(*rules, seed=seed, retry_after=5, hang_seconds=0.4)
    clock = Clock()
    bridge = make_bridge(hub, emulator, clock, pull=False, timeout=0.25)
    for _ in range(12):
        bridge.cycle()
        sent = Counter(emulator.followup_contents(complaint_id))
        assert all(n == 1 for n in sent.values()), sent  # never doubled, even mid-way
        clock.advance(10)
    bridge.close()
    emulator.faults()  # the weather clears: everything must arrive, once
    time.sleep(0.45)
    patient = make_bridge(hub, emulator, clock, pull=False)
    for _ in range(10):
        patient.cycle()
        clock.advance(10)
        if len(emulator.followup_contents(complaint_id)) == len(texts):
            break
    assert sorted(emulator.followup_contents(complaint_id)) == sorted(texts)
    patient.cycle()
    assert sorted(emulator.followup_contents(complaint_id)) == sorted(texts)
    patient.close()


# --- a bridge killed in the middle of a send ---------------------------------------------------


def test_a_bridge_killed_mid_send_reads_back_after_restart(
    hub: Hub, emulator: Emulator, tmp_path: Path
) -> None:
    complaint_id, report_id = pulled_report(hub, emulator)
    text = "Tindak lanjut yang sedang dikirim ketika proses jembatan dimatikan."
    approved_followup(hub, report_id, text)
    mapping_file = tmp_path / "mapping.json"
    mapping_file.write_text(json.dumps(TEST_MAPPING))
    # LAPOR! commits, then holds the answer: the bridge is killed while it waits.
    emulator.faults({"fault": "timeout", "path": FOLLOWUP_ADD, "count": 1}, hang_seconds=8)
    env = child_env(
        LAPOR_GATEWAY_KEY=CREDENTIALS.gateway_key, LAPOR_ACCOUNT_TOKEN=CREDENTIALS.account_token
    )
    proc = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "central",
            "bridge",
            "--once",
            "--db",
            hub.db.url,
            "--data-dir",
            str(hub.data_dir),
            "--base-url",
            emulator.base_url,
            "--mapping",
            str(mapping_file),
            "--readback-delay",
            "0",
            "--timeout",
            "60",
        ],
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
    )
    try:
        deadline = time.monotonic() + 60
        while emulator.followup_contents(complaint_id) == []:
            assert proc.poll() is None, proc.stderr.read() if proc.stderr else ""
            assert time.monotonic() < deadline
            time.sleep(0.05)
    finally:
        proc.send_signal(signal.SIGKILL)
        proc.wait(timeout=30)
        if proc.stderr:
            proc.stderr.close()
    (row,) = lapor_outbox(hub)
    assert row.state == "in_flight" and row.attempts == 1
    summary = make_bridge(hub, emulator, pull=False).cycle()
    assert (summary.push.read_back, summary.push.sent) == (1, 0)
    assert emulator.followup_contents(complaint_id) == [text]
    (row,) = lapor_outbox(hub)
    assert row.state == "done"


@pytest.mark.postgres
def test_exactly_once_with_the_hub_on_postgresql(pg_hub: Hub, emulator: Emulator) -> None:
    complaint_id, report_id = pulled_report(pg_hub, emulator)
    text = "Tindak lanjut melalui hub dengan basis data PostgreSQL."
    followup = approved_followup(pg_hub, report_id, text)
    emulator.faults({"fault": "lost_response", "path": FOLLOWUP_ADD, "count": 1})
    bridge = make_bridge(pg_hub, emulator)
    assert bridge.cycle().push.unknown == 1
    assert bridge.cycle().push.read_back == 1
    assert emulator.followup_contents(complaint_id) == [text]
    seen = feed(pg_hub.api("officer1"), "followup")[followup["id"]]
    assert seen["lapor"]["state"] == "sent"
