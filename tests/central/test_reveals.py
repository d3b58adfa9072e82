"""Who saw whom on the server (SQLite and PostgreSQL), over HTTP as a client or another office
would: idempotent by reveal id, refused row by row for a report the user cannot see, the user
taken from the token, and an export only for the admin token."""

from __future__ import annotations

import uuid
from typing import Any

import httpx

from sync.wire import API_PREFIX
from tests.support.server import AGENCY_B, Central


def _export(central: Central, **params: str) -> list[dict[str, Any]]:
    query = "&".join(f"{k}={v}" for k, v in params.items())
    rows: list[dict[str, Any]] = central.admin("GET", f"/reveals?{query}")
    return rows


def _batch(report_id: str, reveal_id: str | None = None, **extra: Any) -> dict[str, Any]:
    reveal = {"id": reveal_id or str(uuid.uuid4()), "report_id": report_id}
    return {**reveal, "at": "2026-03-02T08:00:00+07:00", **extra}


def test_the_same_batch_sent_twice_is_stored_once(central: Central) -> None:
    report = central.disposed_report()
    api = central.api("officer1b")
    body = {"device_id": api.device_id, "reveals": [_batch(report["id"])]}
    answers = [api.post("/audit/reveals", json=body) for _ in range(2)]
    assert [a.status_code for a in answers] == [200, 200]
    assert all(a.json() == {"stored": [body["reveals"][0]["id"]], "refused": []} for a in answers)
    rows = _export(central, report_id=report["id"])
    assert [r["id"] for r in rows] == [body["reveals"][0]["id"]]


def test_another_office_is_refused_row_by_row_and_the_user_comes_from_the_token(
    central: Central,
) -> None:
    theirs = central.disposed_report()  # disposed to agency A
    mine = central.disposed_report(agency=AGENCY_B)
    api = central.api("officer2")  # agency B
    refused_id, stored_id = str(uuid.uuid4()), str(uuid.uuid4())
    body = {
        "device_id": api.device_id,
        "reveals": [
            _batch(theirs["id"], refused_id),
            _batch("no-such-report"),
            _batch(mine["id"], stored_id, user_id="u-officer1"),  # a user in the body is ignored
        ],
    }
    r = api.post("/audit/reveals", json=body)
    assert r.status_code == 200, r.text
    assert r.json()["stored"] == [stored_id]
    assert refused_id in r.json()["refused"] and len(r.json()["refused"]) == 2
    assert _export(central, report_id=theirs["id"]) == []
    [row] = _export(central, report_id=mine["id"])
    assert (row["user_id"], row["device_id"]) == ("u-officer2", api.device_id)
    # Someone else's reveal id is never theirs: sending it again under another user is refused.
    other = central.api("supervisor2")
    again = other.post("/audit/reveals", json={"device_id": "x", "reveals": body["reveals"][2:]})
    assert again.json() == {"stored": [], "refused": [stored_id]}


def test_the_export_needs_the_admin_token_and_a_filter(central: Central) -> None:
    url = f"{central.base_url}{API_PREFIX}/admin/reveals"
    assert httpx.get(url, params={"user_id": "u-officer1"}, timeout=10).status_code == 401
    bad = httpx.get(url, headers={"X-Admin-Token": central.admin_token}, timeout=10)
    assert bad.status_code == 422
    api = central.api("officer1")
    assert api.post("/audit/reveals", json={"device_id": "d", "reveals": []}).status_code == 200
    assert api.get("/admin/reveals", params={"user_id": "u-officer1"}).status_code == 401
