"""What another office, a curious colleague or a hostile client can get out of the server.

Each test plays an outsider over HTTP against the real server (SQLite and PostgreSQL).
"""

from __future__ import annotations

import base64
import hashlib
import json
import logging
import os
import socket
import time
import uuid
from typing import Any
from urllib.parse import urlsplit

import httpx
import pytest

from central.middleware import MAX_BODY_BYTES, MAX_CHUNK_BYTES
from tests.support.server import (
    AGENCY_A,
    AGENCY_B,
    Api,
    Central,
    create_report_op,
    op,
    submit_op,
)

OFFSET_TYPE = {"Content-Type": "application/offset+octet-stream"}
NIK = "3273014501900001"
PNG = b"\x89PNG\r\n\x1a\n" + os.urandom(64)


def _url(central: Central, path: str) -> str:
    return f"{central.base_url}/api/v1{path}"


def _create_upload(api: Api, data: bytes, mime: str = "image/jpeg") -> httpx.Response:
    body = {
        "sha256": hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "filename": "bukti.bin",
        "mime": mime,
    }
    return api.post("/uploads", json=body)


def _upload(api: Api, data: bytes, mime: str = "image/jpeg") -> None:
    r = _create_upload(api, data, mime)
    assert r.status_code == 201, r.text
    done = api.http.patch(
        f"/uploads/{r.json()['upload_id']}",
        content=data,
        headers={"Upload-Offset": "0", **OFFSET_TYPE},
    )
    assert done.status_code == 204, done.text


def _ref(data: bytes, mime: str = "image/jpeg", size: int | None = None) -> dict[str, Any]:
    return {
        "sha256": hashlib.sha256(data).hexdigest(),
        "filename": "bukti.bin",
        "mime": mime,
        "size": len(data) if size is None else size,
    }


def _walk_in(desk: Api, **overrides: Any) -> dict[str, Any]:
    payload: dict[str, Any] = {
        "reporter": {
            "name": "Budi Santoso",
            "nik": NIK,
            "phone": "081234567890",
            "address": "Jl. Melati 7",
        }
    }
    payload.update(overrides)
    result = desk.push_one(create_report_op(**payload))
    assert result["status"] == "applied", result
    entity: dict[str, Any] = result["entity"]
    return entity


def _feed(api: Api) -> dict[str, dict[str, Any]]:
    """The newest change per entity id in this user's whole feed."""
    changes, _ = api.pull_all()
    return {c["id"]: c for c in changes}


# --- 1. files by hash -------------------------------------------------------------------------


def test_knowing_a_hash_reveals_and_opens_nothing(central: Central) -> None:
    desk = central.api("desk1")
    evidence = os.urandom(4000)
    _upload(desk, evidence)
    secret = _walk_in(desk, is_secret=True, attachments=[_ref(evidence)])
    sha = hashlib.sha256(evidence).hexdigest()

    other = central.api("officer2")
    own_report = central.disposed_report(AGENCY_B)
    # Dedup is invisible: the other office is asked for the bytes like for any new file...
    created = _create_upload(other, evidence)
    assert created.status_code == 201
    assert created.json()["complete"] is False and created.json()["offset"] == 0
    # ...cannot attach the file by its hash, and cannot download it.
    attach = submit_op(own_report["id"])
    attach["payload"]["attachments"] = [_ref(evidence)]
    refused = other.push_one(attach)
    assert refused["status"] == "rejected"
    assert refused["error"]["code"] == "attachment_missing"
    assert other.get(f"/files/{sha}").status_code == 404
    assert secret["attachments"][0]["sha256"] == sha

    # Once they have really sent the same bytes, the file is theirs too.
    done = other.http.patch(
        f"/uploads/{created.json()['upload_id']}",
        content=evidence,
        headers={"Upload-Offset": "0", **OFFSET_TYPE},
    )
    assert done.status_code == 204
    assert other.get(f"/files/{sha}").content == evidence
    assert _create_upload(other, evidence).json()["complete"] is True
    again = submit_op(own_report["id"])
    again["payload"]["attachments"] = [_ref(evidence)]
    assert other.push_one(again)["status"] == "applied"


def test_whoever_sees_the_report_may_read_and_reuse_its_file(central: Central) -> None:
    desk = central.api("desk1")
    data = os.urandom(3000)
    _upload(desk, data)
    report = _walk_in(desk, attachments=[_ref(data)])
    central.admin("POST", f"/reports/{report['id']}/dispose", {"agency": AGENCY_A})
    officer = central.api("officer1")
    sha = hashlib.sha256(data).hexdigest()
    assert officer.get(f"/files/{sha}").content == data
    assert _create_upload(officer, data).json()["complete"] is True


@pytest.mark.parametrize(
    ("ref", "why"),
    [
        ({"size": 999_999}, "size"),
        ({"mime": "image/jpeg"}, "a PNG declared as JPEG"),
        ({"mime": "text/html"}, "an active type"),
        ({"mime": "image/png\r\nX-Evil: 1"}, "not a media type"),
    ],
)
def test_declared_size_and_type_must_fit_the_stored_file(
    central: Central, ref: dict[str, Any], why: str
) -> None:
    desk = central.api("desk1")
    data = PNG + os.urandom(16)
    _upload(desk, data, "image/png")
    attachment = {**_ref(data, "image/png"), **ref}
    result = desk.push_one(create_report_op(attachments=[attachment]))
    assert result["status"] == "rejected", why
    assert result["error"]["code"] == "attachment_mismatch"
    assert result["error"]["field"] == "payload.attachments[0]"
    fine = desk.push_one(create_report_op(attachments=[_ref(data, "image/png")]))
    assert fine["status"] == "applied"


# --- 9. downloads -------------------------------------------------------------------------------


def test_downloads_carry_the_proven_type_nosniff_and_attachment(central: Central) -> None:
    desk = central.api("desk1")
    page = b"<html><script>alert(document.cookie)</script></html>" + os.urandom(8)
    _upload(desk, page, "text/html")
    _upload(desk, PNG, "image/png")
    # A page passed off as plain text is still attached (harmless type), but served opaque.
    report = desk.push_one(
        create_report_op(attachments=[_ref(page, "text/plain"), _ref(PNG, "image/png")])
    )
    assert report["status"] == "applied", report
    html = desk.get(f"/files/{hashlib.sha256(page).hexdigest()}")
    assert html.status_code == 200 and html.content == page
    assert html.headers["content-type"] == "application/octet-stream"
    assert html.headers["x-content-type-options"] == "nosniff"
    assert html.headers["content-disposition"].startswith("attachment")
    png = desk.get(f"/files/{hashlib.sha256(PNG).hexdigest()}")
    assert png.headers["content-type"] == "image/png"
    assert png.headers["content-disposition"].startswith("attachment")


# --- 2. body size cap -----------------------------------------------------------------------


def _raw_request(central: Central, head: str) -> socket.socket:
    url = urlsplit(central.base_url)
    sock = socket.create_connection((url.hostname, url.port), timeout=20)
    sock.sendall((head.replace("\n", "\r\n") + f"Host: {url.netloc}\r\n\r\n").encode("latin-1"))
    return sock


def _read_answer(sock: socket.socket) -> tuple[int, bytes]:
    data = b""
    while b"\r\n\r\n" not in data:
        part = sock.recv(65536)
        if not part:
            break
        data += part
    status = int(data.split(b" ", 2)[1])
    return status, data


def test_a_declared_huge_body_is_refused_before_a_byte_is_read(central: Central) -> None:
    # 300 MB announced, nothing sent: the server answers at once instead of waiting for it.
    sock = _raw_request(
        central,
        "POST /api/v1/auth/login HTTP/1.1\nContent-Type: application/json\n"
        "Content-Length: 314572800\n",
    )
    with sock:
        status, data = _read_answer(sock)
    assert status == 413
    assert b"application/problem+json" in data


def test_an_endless_chunked_body_is_cut_off_at_the_cap(central: Central) -> None:
    """No length announced: the server must stop reading at the cap, not buffer it all."""
    sock = _raw_request(
        central,
        "POST /api/v1/sync/push HTTP/1.1\nContent-Type: application/json\n"
        "Transfer-Encoding: chunked\n",
    )
    block = b"x" * (1024 * 1024)
    chunk = f"{len(block):x}\r\n".encode() + block + b"\r\n"
    started = time.monotonic()
    with sock:
        for _ in range(MAX_BODY_BYTES // len(block) + 1):  # just past the cap, never finished
            sock.sendall(chunk)
        status, data = _read_answer(sock)
    assert status == 413, data[:300]
    assert b'"too_large"' in data or b"problem+json" in data
    assert time.monotonic() - started < 20


def test_an_upload_chunk_has_its_own_cap(central: Central) -> None:
    desk = central.api("desk1")
    created = _create_upload(desk, b"z" * 1000)
    upload_id = created.json()["upload_id"]
    sock = _raw_request(
        central,
        f"PATCH /api/v1/uploads/{upload_id} HTTP/1.1\n"
        f"Authorization: {desk.http.headers['Authorization']}\n"
        "Content-Type: application/offset+octet-stream\nUpload-Offset: 0\n"
        f"Content-Length: {MAX_CHUNK_BYTES + 1}\n",
    )
    with sock:
        status, _ = _read_answer(sock)
    assert status == 413


# --- 3. NUL guard and personal data in logs ----------------------------------------------------


@pytest.mark.parametrize(
    "content_type",
    [
        "application/json",
        "application/problem+json",
        "Application/JSON",
        "application/json; charset=utf-8",
        "text/plain",
        None,
    ],
)
def test_a_nul_is_refused_whatever_the_content_type(
    central: Central, content_type: str | None
) -> None:
    desk = central.api("desk1")
    create = create_report_op(title="Jalan\u0000rusak", reporter={"name": "Budi", "nik": NIK})
    body = json.dumps({"device_id": desk.device_id, "ops": [create]}).encode()
    headers = {"Content-Type": content_type} if content_type else {}
    request = desk.http.build_request("POST", "/sync/push", content=body, headers=headers)
    if content_type is None:
        request.headers.pop("Content-Type", None)
    r = desk.http.send(request)
    assert r.status_code == 422, r.text
    assert r.json()["code"] == "invalid_characters"


def test_no_personal_data_reaches_any_log(
    central: Central, caplog: pytest.LogCaptureFixture
) -> None:
    engine_log = logging.getLogger("sqlalchemy.engine")
    old_level = engine_log.level
    engine_log.setLevel(logging.INFO)  # as if an operator switched statement logging on
    try:
        with caplog.at_level(logging.DEBUG):
            desk = central.api("desk1")
            good = desk.push_one(create_report_op(reporter={"name": "Budi", "nik": NIK}))
            assert good["status"] == "applied"
            bad = create_report_op(reporter={"name": "Budi", "nik": NIK, "phone": "0812\u00003"})
            r = desk.http.post(
                "/sync/push",
                content=json.dumps({"device_id": desk.device_id, "ops": [bad]}),
                headers={"Content-Type": "application/problem+json"},
            )
            assert r.status_code == 422
    finally:
        engine_log.setLevel(old_level)
    text = "\n".join(f"{r.getMessage()} {r.exc_text or ''}" for r in caplog.records)
    assert "INSERT INTO report" in text  # the statements were logged...
    assert NIK not in text  # ...their personal data was not


# --- 4. four eyes -------------------------------------------------------------------------------


def test_a_supervisor_cannot_approve_his_own_followup(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    boss = central.api("supervisor1")
    written = boss.push_one(submit_op(report["id"]))
    assert written["status"] == "applied"
    own = boss.push_one(op("followup.approve", written["entity"]["id"], {}, 1))
    assert own["status"] == "rejected"
    assert own["error"]["code"] == "own_followup"
    other = central.api("supervisor1b").push_one(
        op("followup.approve", written["entity"]["id"], {}, 1)
    )
    assert other["status"] == "applied"
    assert other["entity"]["state"] == "published"


def test_writing_over_a_colleagues_followup_is_a_conflict(central: Central) -> None:
    report = central.disposed_report(AGENCY_A)
    first = central.api("officer1").push_one(submit_op(report["id"], content="Versi Hendra."))
    followup = first["entity"]
    over = central.api("officer1b").push_one(
        submit_op(report["id"], followup["id"], base_version=1, content="Versi Bayu menimpa.")
    )
    assert over["status"] == "conflict"
    assert over["error"]["code"] == "not_author"
    assert over["entity"]["content"] == "Versi Hendra."
    mine = central.api("officer1").push_one(
        submit_op(report["id"], followup["id"], base_version=1, content="Versi Hendra kedua.")
    )
    assert mine["status"] == "applied"


# --- 5. what each role receives ----------------------------------------------------------------


def test_desk_gets_identity_only_of_the_reports_it_typed_in(central: Central) -> None:
    mine = _walk_in(central.api("desk1"))
    assert mine["reporter"]["nik"] == NIK  # in the answer to its own push
    own_feed = _feed(central.api("desk1"))[mine["id"]]["data"]["reporter"]
    assert own_feed["nik"] == NIK and own_feed["phone"]
    colleague = _feed(central.api("desk1b"))[mine["id"]]["data"]["reporter"]
    assert colleague["name"] == "Budi Santoso"
    assert colleague["nik"] is None and colleague["phone"] is None
    assert colleague["address"] is None and colleague["email"] is None
    # Those who handle it get the whole identity.
    central.admin("POST", f"/reports/{mine['id']}/dispose", {"agency": AGENCY_A})
    handler = _feed(central.api("officer1"))[mine["id"]]["data"]["reporter"]
    assert handler["nik"] == NIK and handler["address"] == "Jl. Melati 7"


def test_desk_sees_no_unpublished_followups_and_no_review_notes(central: Central) -> None:
    report = _walk_in(central.api("desk1"))
    central.admin("POST", f"/reports/{report['id']}/dispose", {"agency": AGENCY_B})
    officer = central.api("officer2")
    draft = officer.push_one(submit_op(report["id"], content="Draf yang belum disetujui."))[
        "entity"
    ]
    returned = central.api("supervisor2").push_one(
        op("followup.return", draft["id"], {"note": "Catatan internal atasan"}, 1)
    )
    assert returned["status"] == "applied"
    desk_feed = _feed(central.api("desk1"))
    assert desk_feed[draft["id"]]["op"] == "remove"
    assert "data" not in desk_feed[draft["id"]] or desk_feed[draft["id"]]["data"] is None
    assert "Catatan internal" not in json.dumps(desk_feed)
    # The author reads the note on his own work.
    mine = _feed(officer)[draft["id"]]["data"]
    assert mine["review"]["note"] == "Catatan internal atasan"
    # Published, the follow-up reaches the desk (the report's answer is public).
    fixed = officer.push_one(submit_op(report["id"], draft["id"], 2, "Jawaban yang diperbaiki."))
    assert fixed["status"] == "applied"
    published = central.api("supervisor2").push_one(
        op("followup.approve", draft["id"], {"note": "ok, internal"}, 3)
    )
    assert published["status"] == "applied"
    seen = _feed(central.api("desk1"))[draft["id"]]
    assert seen["op"] == "upsert" and seen["data"]["state"] == "published"
    assert seen["data"]["review"]["note"] is None


def test_a_colleague_does_not_read_the_return_note_on_someone_elses_work(
    central: Central,
) -> None:
    report = central.disposed_report(AGENCY_A)
    written = central.api("officer1").push_one(submit_op(report["id"]))["entity"]
    central.api("supervisor1").push_one(
        op("followup.return", written["id"], {"note": "Kurang teliti, perbaiki"}, 1)
    )
    colleague = _feed(central.api("officer1b"))[written["id"]]["data"]
    assert colleague["state"] == "returned"
    assert colleague["review"]["note"] is None
    assert _feed(central.api("officer1"))[written["id"]]["data"]["review"]["note"]
    assert _feed(central.api("supervisor1b"))[written["id"]]["data"]["review"]["note"]


def test_a_secret_report_leaves_the_desk_when_it_moves_to_another_agency(
    central: Central,
) -> None:
    desk = central.api("desk1")
    secret = _walk_in(desk, is_secret=True)
    _, cursor = desk.pull_all()
    central.admin("POST", f"/reports/{secret['id']}/dispose", {"agency": AGENCY_B})
    changes, _ = desk.pull_all(cursor)
    mine = [c for c in changes if c["id"] == secret["id"]]
    assert len(mine) == 1
    assert mine[0]["op"] == "remove" and mine[0]["reason"] == "redisposed"
    assert mine[0].get("data") is None
    # A report that is not secret stays with the desk that took it in.
    plain = _walk_in(desk)
    central.admin("POST", f"/reports/{plain['id']}/dispose", {"agency": AGENCY_B})
    assert _feed(desk)[plain["id"]]["op"] == "upsert"


# --- 6. bad input is a 4xx, never a 5xx --------------------------------------------------------


def test_absurd_client_version_is_a_problem_not_a_crash(central: Central) -> None:
    r = httpx.get(_url(central, "/reference"), headers={"X-Client-Version": "9" * 5000})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("application/problem+json")
    assert r.json()["field"] == "X-Client-Version"


def test_a_cursor_with_a_huge_number_is_a_problem(central: Central) -> None:
    api = central.api("officer1")
    for position in ([10**30, "report", "x"], [-1, "report", "x"], [1, "nope", "x"]):
        cursor = base64.urlsafe_b64encode(json.dumps(position).encode()).decode().rstrip("=")
        r = api.get("/changes", params={"cursor": cursor})
        assert r.status_code == 400, r.text
        assert r.json()["code"] == "invalid_cursor"


def test_admin_settings_and_closures_refuse_what_would_break_the_world(
    central: Central,
) -> None:
    headers = {"X-Admin-Token": central.admin_token}
    bad = httpx.patch(
        _url(central, "/admin/settings"), json={"sla": {"bogus_days": 3}}, headers=headers
    )
    assert bad.status_code == 422
    assert central.api("officer1").get("/changes").status_code == 200
    closure = httpx.post(
        _url(central, "/admin/closures"),
        json={"date": "2026-03-02", "agency_id": "ag-" + uuid.uuid4().hex, "reason": "Banjir"},
        headers=headers,
    )
    assert closure.status_code == 422
    assert closure.headers["content-type"].startswith("application/problem+json")
    partial = httpx.patch(
        _url(central, "/admin/settings"), json={"sla": {"verify_days": 4}}, headers=headers
    )
    assert partial.status_code == 200
    assert partial.json()["sla"] == {"verify_days": 4, "respond_days": 5, "autoclose_days": 10}
    central.admin("PATCH", "/settings", {"sla": {"verify_days": 3}})
