"""The transport against a misbehaving local server: every failure comes out as its typed error."""

from __future__ import annotations

import gzip
import json
import socket
import time
from collections.abc import Iterator

import pytest

from sync.errors import (
    AuthError,
    MalformedResponse,
    OfflineError,
    PortalAnswer,
    ProblemError,
    RateLimited,
    ServerError,
    UpgradeRequired,
)
from sync.transport import RequestRecord, Transport, api_base, retry_after_seconds
from sync.wire import Health
from tests.sync.fakes import FaultState, fault_server


@pytest.fixture
def server() -> Iterator[tuple[str, FaultState]]:
    with fault_server() as s:
        yield s


def _transport(url: str, records: list[RequestRecord] | None = None) -> Transport:
    sink = records.append if records is not None else None
    return Transport(url, device_id="dev-1", stall_timeout=1.0, on_request=sink)


def test_probe_accepts_a_real_health(server: tuple[str, FaultState]) -> None:
    url, _ = server
    assert _transport(url).probe().api_version == "1"


@pytest.mark.parametrize("mode", ["portal", "redirect", "wrong_json", "malformed", "404", "hang"])
def test_probe_says_offline_for_anything_but_health(
    server: tuple[str, FaultState], mode: str
) -> None:
    url, state = server
    state.mode = mode
    with pytest.raises(OfflineError):
        _transport(url).probe()


def test_connection_refused_is_offline() -> None:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    with pytest.raises(OfflineError):
        _transport(f"http://127.0.0.1:{port}").probe()


@pytest.mark.parametrize(
    ("mode", "error"),
    [
        ("500", ServerError),
        ("502_html", ServerError),
        ("429", RateLimited),
        ("401", AuthError),
        ("426", UpgradeRequired),
        ("404", ProblemError),
        ("malformed", MalformedResponse),
        ("wrong_json", MalformedResponse),
        ("portal", PortalAnswer),  # a captive portal's page is "offline", not a server fault
        ("redirect", PortalAnswer),
        ("hang", OfflineError),
    ],
)
def test_failures_are_typed(server: tuple[str, FaultState], mode: str, error: type) -> None:
    url, state = server
    state.mode = mode
    with pytest.raises(error) as info:
        _transport(url).get_model("/health", Health)
    if mode == "429":
        assert info.value.retry_after == 17
    if mode == "500":
        assert info.value.problem.code == "internal"
    if mode == "426":
        assert "0.2" in info.value.message


def test_headers_gzip_and_measurements(server: tuple[str, FaultState]) -> None:
    url, state = server
    state.mode = "echo"
    records: list[RequestRecord] = []
    transport = _transport(url, records)
    transport.access_token = "tok-123"
    big = {"ops": [{"content": "tindak lanjut " * 20, "n": i} for i in range(20)]}
    transport.request("POST", "/sync/push", json_body=big)
    transport.request("POST", "/sync/push", json_body={"small": True})
    first, second = state.seen
    assert first.headers["Content-Encoding"] == "gzip"
    assert json.loads(first.body) == big
    assert "Content-Encoding" not in second.headers
    assert first.path == "/api/v1/sync/push"
    for seen in state.seen:
        assert seen.headers["Authorization"] == "Bearer tok-123"
        assert seen.headers["User-Agent"].startswith("Simpul/")  # the server's version gate
        assert "gzip" in seen.headers["Accept-Encoding"]
        # Only what the server reads: every header byte crosses the weak link each time.
        assert "X-Device-ID" not in seen.headers  # the push body names the device
        assert "Accept" not in seen.headers and "Connection" not in seen.headers
        assert len(seen.headers["X-Request-ID"]) == 16
    assert first.headers["X-Request-ID"] != second.headers["X-Request-ID"]
    assert [r.request_id for r in records] == [
        first.headers["X-Request-ID"],
        second.headers["X-Request-ID"],
    ]
    # The body went compressed: fewer bytes on the wire than the JSON it carried.
    assert records[0].bytes_sent < len(json.dumps(big))
    assert len(gzip.compress(json.dumps(big).encode())) <= records[0].bytes_sent
    assert all(r.status == 200 and r.bytes_received > 0 and r.error is None for r in records)
    # A refresh names its device: the server lets a lost answer be retried from it only.
    transport.request("POST", "/auth/refresh", json_body={"refresh_token": "r"}, auth=False)
    assert state.seen[-1].headers["X-Device-ID"] == "dev-1"


def test_failed_requests_are_recorded_too(server: tuple[str, FaultState]) -> None:
    url, state = server
    state.mode = "hang"
    records: list[RequestRecord] = []
    with pytest.raises(OfflineError):
        _transport(url, records).request("GET", "/changes")
    assert records[0].status is None
    assert records[0].error and "stall" in records[0].error


def test_api_base_and_retry_after_parsing() -> None:
    assert api_base("http://h:1/") == "http://h:1/api/v1"
    assert api_base("http://h:1/api/v1") == "http://h:1/api/v1"
    assert retry_after_seconds("42") == 42
    assert retry_after_seconds("Wed, 21 Oct 2015 07:28:00 GMT") == 0
    assert retry_after_seconds(None, default=5) == 5


def test_a_trickling_answer_is_cut_at_the_total_timeout(server: tuple[str, FaultState]) -> None:
    url, state = server
    state.mode = "trickle"  # a byte every 0.2 s: the stall timeout never fires
    transport = Transport(url, stall_timeout=1.0, total_timeout=1.5)
    started = time.monotonic()
    with pytest.raises(OfflineError, match="total timeout"):
        transport.get_model("/health", Health, auth=False)
    assert time.monotonic() - started < 5


def test_a_download_transport_keeps_the_proxy_and_ca_bundle(
    server: tuple[str, FaultState], tmp_path
) -> None:
    proxy_url, state = server  # the fault server stands in for the office's HTTP proxy
    ca = tmp_path / "kantor-ca.pem"
    ca.write_text("not used over plain http")
    # Plain http only for a loopback host (sync.urls); the proxy still carries the request.
    transport = Transport("http://localhost:9", ca_bundle=str(ca), proxy_url=proxy_url)
    sibling = transport.sibling()
    with sibling.open_stream("/files/" + "ab" * 32, token="tok-1") as resp:
        assert resp.status_code == 200
    [seen] = state.seen
    assert seen.path == "http://localhost:9/api/v1/files/" + "ab" * 32  # via the proxy
    assert seen.headers["Authorization"] == "Bearer tok-1"
    assert sibling._session.verify == str(ca)
