"""The world around the office: the clock, auto-close, reporter replies, rejection."""

from __future__ import annotations

from typing import Any

from tests.support.server import AGENCY_B, Central, op, submit_op


def _published(central: Central) -> dict[str, Any]:
    report = central.disposed_report(AGENCY_B)
    followup = central.api("officer2").push_one(submit_op(report["id"]))["entity"]
    result = central.api("supervisor2").push_one(op("followup.approve", followup["id"], {}, 1))
    assert result["status"] == "applied"
    return report


def _current(central: Central, report_id: str) -> dict[str, Any]:
    changes, _ = central.api("supervisor2").pull_all()
    latest = [c for c in changes if c["id"] == report_id]
    data: dict[str, Any] = latest[-1]["data"]
    return data


def test_report_autocloses_after_ten_working_days_without_reply(central: Central) -> None:
    report = _published(central)
    data = _current(central, report["id"])
    assert data["status"] == "dalam_proses"
    assert data["deadlines"]["autoclose_at"] is not None

    early = central.admin("POST", "/clock/advance", {"days": 1})
    assert early["autoclosed"] == 0
    assert _current(central, report["id"])["status"] == "dalam_proses"

    # Ten working days are at least two calendar weeks (more around holidays).
    central.admin("POST", "/clock/advance", {"days": 20})
    closed = _current(central, report["id"])
    assert closed["status"] == "selesai"
    assert closed["history"][-1]["to"] == "selesai"


def test_reporter_reply_reopens_and_clears_autoclose(central: Central) -> None:
    report = _published(central)
    reply = central.admin("POST", f"/reports/{report['id']}/reply", {"message": "Belum beres."})
    assert reply["status"] == "dalam_proses"
    data = _current(central, report["id"])
    assert data["deadlines"]["autoclose_at"] is None
    assert data["history"][-1]["action"] == "reporter_reply"
    assert data["history"][-1]["note"] == "Belum beres."
    central.admin("POST", "/clock/advance", {"days": 30})
    assert _current(central, report["id"])["status"] == "dalam_proses"


def test_rejected_report_refuses_followups(central: Central) -> None:
    report = central.disposed_report(AGENCY_B)
    central.admin("POST", f"/reports/{report['id']}/reject", {"note": "Duplikat."})
    result = central.api("officer2").push_one(submit_op(report["id"]))
    assert result["status"] == "conflict"
    assert result["entity_kind"] == "report"
    assert result["entity"]["status"] == "ditolak"


def test_world_errors_are_problems(central: Central) -> None:
    import httpx

    r = httpx.post(
        f"{central.base_url}/api/v1/admin/reports/no-such-report/reject",
        json={"note": "x"},
        headers={"X-Admin-Token": central.admin_token},
    )
    assert r.status_code == 404
    assert r.json()["code"] == "world_error"
    denied = httpx.get(f"{central.base_url}/api/v1/admin/clock", headers={"X-Admin-Token": "no"})
    assert denied.status_code == 401
