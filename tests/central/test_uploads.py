"""Resumable uploads (tus core), checksum, size cap, attachments, and ranged downloads."""

from __future__ import annotations

import hashlib
import os
import socket
import time
from typing import Any
from urllib.parse import urlsplit

from tests.support.server import Api, Central, create_report_op

OFFSET_TYPE = {"Content-Type": "application/offset+octet-stream"}


def _begin(api: Api, data: bytes, sha: str | None = None) -> dict[str, Any]:
    body = {
        "sha256": sha or hashlib.sha256(data).hexdigest(),
        "size": len(data),
        "filename": "foto.jpg",
        "mime": "image/jpeg",
    }
    r = api.post("/uploads", json=body)
    assert r.status_code in (200, 201), r.text
    result: dict[str, Any] = r.json()
    return result


def _patch(api: Api, upload_id: str, offset: int, chunk: bytes) -> Any:
    return api.http.patch(
        f"/uploads/{upload_id}",
        content=chunk,
        headers={"Upload-Offset": str(offset), **OFFSET_TYPE},
    )


def _offset(api: Api, upload_id: str) -> int:
    r = api.http.head(f"/uploads/{upload_id}")
    assert r.status_code == 200
    return int(r.headers["upload-offset"])


def test_upload_in_chunks_then_attach_and_download_a_range(central: Central) -> None:
    desk = central.api("desk1")
    data = os.urandom(300_000)
    sha = hashlib.sha256(data).hexdigest()
    created = _begin(desk, data)
    assert created["offset"] == 0 and created["complete"] is False
    upload_id = created["upload_id"]
    for start in range(0, len(data), 100_000):
        r = _patch(desk, upload_id, start, data[start : start + 100_000])
        assert r.status_code == 204
        assert int(r.headers["upload-offset"]) == min(start + 100_000, len(data))

    again = _begin(desk, data)  # the server already has it: nothing to send
    assert again["complete"] is True

    attachment = {"sha256": sha, "filename": "foto.jpg", "mime": "image/jpeg", "size": len(data)}
    result = desk.push_one(create_report_op(attachments=[attachment]))
    assert result["status"] == "applied"
    assert result["entity"]["attachments"] == [attachment]

    whole = desk.get(f"/files/{sha}")
    assert whole.status_code == 200 and whole.content == data
    part = desk.get(f"/files/{sha}", headers={"Range": "bytes=1000-1999"})
    assert part.status_code == 206
    assert part.content == data[1000:2000]
    assert part.headers["content-range"] == f"bytes 1000-1999/{len(data)}"
    # Someone who cannot see the report cannot fetch its file either.
    assert central.api("officer2").get(f"/files/{sha}").status_code == 404


def test_wrong_offset_gets_409_with_the_right_one(central: Central) -> None:
    desk = central.api("desk1")
    data = os.urandom(1000)
    upload_id = _begin(desk, data)["upload_id"]
    assert _patch(desk, upload_id, 0, data[:400]).status_code == 204
    wrong = _patch(desk, upload_id, 0, data[:400])
    assert wrong.status_code == 409
    assert wrong.headers["upload-offset"] == "400"
    assert wrong.json()["code"] == "offset_mismatch"


def _send_half_then_cut(central: Central, api: Api, upload_id: str, data: bytes) -> None:
    """A PATCH announcing the whole body, of which only half arrives before the line drops."""
    url = urlsplit(central.base_url)
    head = (
        f"PATCH /api/v1/uploads/{upload_id} HTTP/1.1\r\nHost: {url.netloc}\r\n"
        f"Authorization: {api.http.headers['Authorization']}\r\n"
        "Content-Type: application/offset+octet-stream\r\nUpload-Offset: 0\r\n"
        f"Content-Length: {len(data)}\r\n\r\n"
    ).encode()
    with socket.create_connection((url.hostname, url.port)) as sock:
        sock.sendall(head + data[: len(data) // 2])


def test_upload_cut_halfway_resumes_at_its_offset(central: Central) -> None:
    desk = central.api("desk1")
    data = os.urandom(200_000)
    upload_id = _begin(desk, data)["upload_id"]
    _send_half_then_cut(central, desk, upload_id, data)
    deadline = time.monotonic() + 10
    while (offset := _offset(desk, upload_id)) < len(data) // 2 and time.monotonic() < deadline:
        time.sleep(0.05)
    assert offset == len(data) // 2
    resumed = _begin(desk, data)  # a client that lost the id gets the same upload back
    assert resumed == {"upload_id": upload_id, "offset": offset, "complete": False}
    assert _patch(desk, upload_id, offset, data[offset:]).status_code == 204
    assert _begin(desk, data)["complete"] is True


def test_wrong_sha256_is_refused_and_discarded(central: Central) -> None:
    desk = central.api("desk1")
    data = os.urandom(5000)
    claimed = hashlib.sha256(b"something else").hexdigest()
    upload_id = _begin(desk, data, sha=claimed)["upload_id"]
    r = _patch(desk, upload_id, 0, data)
    assert r.status_code == 422
    assert r.json()["code"] == "checksum_mismatch"
    assert desk.http.head(f"/uploads/{upload_id}").status_code == 404
    fresh = _begin(desk, data, sha=claimed)
    assert fresh["upload_id"] != upload_id and fresh["offset"] == 0


def test_size_cap_and_content_type(central: Central) -> None:
    desk = central.api("desk1")
    r = desk.post(
        "/uploads",
        json={
            "sha256": "0" * 64,
            "size": 26 * 1024 * 1024,
            "filename": "v.mp4",
            "mime": "video/mp4",
        },
    )
    assert r.status_code == 413
    assert r.json()["code"] == "too_large"
    upload_id = _begin(desk, b"abc")["upload_id"]
    wrong_type = desk.http.patch(
        f"/uploads/{upload_id}",
        content=b"abc",
        headers={"Upload-Offset": "0", "Content-Type": "application/json"},
    )
    assert wrong_type.status_code == 415
    too_much = _patch(desk, upload_id, 0, b"abcdef")
    assert too_much.status_code == 413


def test_uploads_belong_to_their_uploader(central: Central) -> None:
    upload_id = _begin(central.api("desk1"), b"private bytes")["upload_id"]
    assert central.api("officer1").http.head(f"/uploads/{upload_id}").status_code == 404
