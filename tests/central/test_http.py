"""HTTP behaviour: health, problem documents, request ids, versions, gzip, ETag, faults."""

from __future__ import annotations

import gzip
import json

import httpx
import pytest

from tests.support.server import Central, create_report_op, gzip_json

PROBLEM_KEYS = {"type", "title", "status", "detail", "code"}


def _url(central: Central, path: str) -> str:
    return f"{central.base_url}/api/v1{path}"


def test_health_has_the_fields_the_client_probes(central: Central) -> None:
    r = httpx.get(_url(central, "/health"))
    assert r.status_code == 200
    body = r.json()
    assert body["service"] == "simpul-central"
    assert body["api_version"] == "1"
    assert "T" in body["server_time"]


@pytest.mark.parametrize(
    ("method", "path", "status", "code"),
    [
        ("GET", "/no/such/thing", 404, "not_found"),
        ("DELETE", "/health", 405, "method_not_allowed"),
        ("POST", "/auth/login", 422, "invalid_request"),
    ],
)
def test_errors_are_problem_documents(
    central: Central, method: str, path: str, status: int, code: str
) -> None:
    r = httpx.request(method, _url(central, path), json={"username": ""})
    assert r.status_code == status
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert set(body) >= PROBLEM_KEYS
    assert body["status"] == status and body["code"] == code


def test_validation_problem_names_the_field(central: Central) -> None:
    r = httpx.post(_url(central, "/auth/login"), json={"username": "x", "device_id": "d"})
    assert r.json()["field"] == "password"


def test_request_id_is_echoed_or_made(central: Central) -> None:
    given = httpx.get(_url(central, "/health"), headers={"X-Request-ID": "abc-123"})
    assert given.headers["x-request-id"] == "abc-123"
    made = httpx.get(_url(central, "/health"))
    assert len(made.headers["x-request-id"]) >= 16


def test_the_app_names_its_version_in_its_user_agent(central: Central) -> None:
    def status(headers: dict[str, str]) -> int:
        return httpx.get(_url(central, "/reference"), headers=headers).status_code

    assert status({"User-Agent": "Simpul/0.0.9"}) == 426
    assert status({"User-Agent": "Simpul/0.1.0"}) == 401  # passes the gate, then needs a token
    assert status({"User-Agent": "Simpul/versi-baru"}) == 400
    assert status({"User-Agent": "Mozilla/5.0 (Simpul/0.0.1)"}) == 401  # not the app's agent
    # Older apps send X-Client-Version, which counts first.
    assert status({"User-Agent": "Simpul/0.0.9", "X-Client-Version": "0.1.0"}) == 401
    assert status({"User-Agent": "Simpul/0.1.0", "X-Client-Version": "0.0.9"}) == 426


def test_answers_carry_no_server_header(central: Central) -> None:
    r = httpx.get(_url(central, "/health"))
    assert "server" not in r.headers
    assert "date" in r.headers  # HTTP asks an origin server with a clock for it


def test_old_client_gets_426_with_a_message(central: Central) -> None:
    old = httpx.get(_url(central, "/reference"), headers={"X-Client-Version": "0.0.9"})
    assert old.status_code == 426
    assert old.json()["code"] == "client_too_old"
    assert "Perbarui" in old.json()["detail"]
    assert "versi 0.1.0 atau lebih baru" in old.json()["detail"]  # says which version is needed
    current = httpx.get(_url(central, "/reference"), headers={"X-Client-Version": "0.1.0"})
    assert current.status_code == 401  # passes the gate, then needs a token


def test_responses_are_gzipped_and_gzip_bodies_accepted(central: Central) -> None:
    desk = central.api("desk1")
    # Ask for gzip explicitly and read the raw bytes, so the test sees the wire encoding.
    with desk.http.stream("GET", "/reference", headers={"Accept-Encoding": "gzip"}) as r:
        raw = b"".join(r.iter_raw())
    assert r.headers["content-encoding"] == "gzip"
    reference = json.loads(gzip.decompress(raw))
    assert {c["code"] for c in reference["classifications"]} >= {"pengaduan", "aspirasi"}

    create = create_report_op()
    body = gzip_json({"device_id": desk.device_id, "ops": [create]})
    pushed = desk.post(
        "/sync/push",
        content=body,
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert pushed.status_code == 200
    assert pushed.json()["results"][0]["status"] == "applied"
    broken = desk.post(
        "/sync/push",
        content=b"not gzip at all",
        headers={"Content-Encoding": "gzip", "Content-Type": "application/json"},
    )
    assert broken.status_code == 400 and broken.json()["code"] == "bad_gzip"


def test_reference_etag_and_304(central: Central) -> None:
    officer = central.api("officer1")
    first = officer.get("/reference")
    assert first.status_code == 200
    etag = first.headers["etag"]
    assert etag.startswith('"') and not etag.startswith("W/")
    body = first.json()
    assert body["sla"] == {"verify_days": 3, "respond_days": 5, "autoclose_days": 10}
    assert any(h["kind"] == "public" for h in body["holidays"])
    assert {a["code"] for a in body["agencies"]} == {"DPUPR", "DINKES", "DISHUB"}
    same = officer.get("/reference", headers={"If-None-Match": etag})
    assert same.status_code == 304 and same.content == b""
    assert same.headers["etag"] == etag

    central.admin("POST", "/closures", {"date": "2026-12-28", "reason": "Banjir"})
    changed = officer.get("/reference", headers={"If-None-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["etag"] != etag
    assert changed.json()["office_closures"][-1]["reason"] == "Banjir"


def test_fault_injection_errors_spare_the_admin_api(central: Central) -> None:
    central.admin("PUT", "/faults", {"error_rate": 1.0})
    try:
        r = httpx.get(_url(central, "/health"))
        assert r.status_code == 503
        assert r.json()["code"] == "unavailable"
        assert central.admin("GET", "/faults")["error_rate"] == 1.0
    finally:
        central.admin("PUT", "/faults", {})
    assert httpx.get(_url(central, "/health")).status_code == 200


def test_dropped_connection_is_a_transport_error(central: Central) -> None:
    central.admin("PUT", "/faults", {"drop_rate": 1.0})
    try:
        with pytest.raises(httpx.TransportError):
            httpx.get(_url(central, "/health"))
    finally:
        central.admin("PUT", "/faults", {})


def test_nul_characters_are_refused_before_the_database(central: Central) -> None:
    body = {"username": "a\x00b", "password": "x", "device_id": "d"}
    r = httpx.post(_url(central, "/auth/login"), json=body)
    assert r.status_code == 422
    assert r.json()["code"] == "invalid_characters"
    desk = central.api("desk1")
    assert desk.http.head("/uploads/abc%00").status_code == 422


def test_the_minimum_client_version_is_a_server_setting(tmp_path) -> None:
    from central.embedded import EmbeddedServer

    srv = EmbeddedServer(f"sqlite:///{tmp_path / 'c.db'}", tmp_path, min_client_version="2.3")
    url = srv.start()
    try:
        old = httpx.get(f"{url}/api/v1/reference", headers={"X-Client-Version": "2.2.9"})
        assert old.status_code == 426
        assert "versi 2.3 atau lebih baru" in old.json()["detail"]
        new = httpx.get(f"{url}/api/v1/reference", headers={"X-Client-Version": "2.3.0"})
        assert new.status_code == 401
    finally:
        srv.stop()
