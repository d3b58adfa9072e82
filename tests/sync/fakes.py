"""A tiny misbehaving HTTP server: answers 500, 429, malformed JSON, a captive portal, hangs,
or trickles (a byte now and then, so no stall timeout ever fires); a page of changes whose
header names another next cursor than its body, or a 204 without the server's time."""

from __future__ import annotations

import datetime as dt
import gzip
import json
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from typing import Any

PORTAL_HTML = b"<html><body><h1>Wi-Fi Gratis</h1><form>Masuk dulu</form></body></html>"


@dataclass
class Seen:
    method: str
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class FaultState:
    mode: str = "ok"
    healthy: bool = False  # answer /health properly whatever the mode (the fault is further on)
    seen: list[Seen] = field(default_factory=list)
    release: threading.Event = field(default_factory=threading.Event)


def _health() -> bytes:
    now = dt.datetime.now(dt.UTC).isoformat()
    return json.dumps(
        {"service": "simpul-central", "api_version": "1", "server_time": now}
    ).encode()


def _split_page() -> bytes:
    now = dt.datetime.now(dt.UTC).isoformat()
    page = {"changes": [], "next_cursor": "9.r.body", "has_more": True, "server_time": now}
    return json.dumps(page).encode()


def _problem(status: int, code: str, detail: str) -> bytes:
    return json.dumps(
        {"type": "about:blank", "title": code, "status": status, "code": code, "detail": detail}
    ).encode()


class _Handler(BaseHTTPRequestHandler):
    protocol_version = "HTTP/1.1"
    state: FaultState

    def _answer(self) -> None:
        length = int(self.headers.get("Content-Length") or 0)
        body = self.rfile.read(length) if length else b""
        if self.headers.get("Content-Encoding") == "gzip":
            body = gzip.decompress(body)
        self.state.seen.append(Seen(self.command, self.path, dict(self.headers), body))
        mode = self.state.mode
        if self.state.healthy and self.path.endswith("/health"):
            mode = "ok"
        if mode == "hang":
            self.state.release.wait(30)
            return
        if mode == "trickle":
            self._trickle()
            return
        status, ctype, payload, extra = self._reply(mode, body)
        self.send_response(status)
        self.send_header("Content-Type", ctype)
        self.send_header("Content-Length", str(len(payload)))
        for key, value in extra.items():
            self.send_header(key, value)
        self.end_headers()
        self.wfile.write(payload)

    def _trickle(self, seconds: float = 30.0) -> None:
        """A 200 whose body comes one byte every 0.2 s, for `seconds` (or until released)."""
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", "100000")
        self.end_headers()
        end = time.monotonic() + seconds
        while time.monotonic() < end and not self.state.release.wait(0.2):
            try:
                self.wfile.write(b" ")
                self.wfile.flush()
            except OSError:
                return

    def _reply(self, mode: str, body: bytes) -> tuple[int, str, bytes, dict[str, str]]:
        pj = "application/problem+json"
        table: dict[str, tuple[int, str, bytes, dict[str, str]]] = {
            "ok": (200, "application/json", _health(), {}),
            "echo": (200, "application/json", body or b"{}", {}),
            "500": (500, pj, _problem(500, "internal", "boom"), {}),
            "502_html": (502, "text/html", b"<html>Bad gateway</html>", {}),
            "429": (429, pj, _problem(429, "rate_limited", "slow down"), {"Retry-After": "17"}),
            "401": (401, pj, _problem(401, "unauthorized", "token expired"), {}),
            "404": (404, pj, _problem(404, "not_found", "no such thing"), {}),
            "426": (426, pj, _problem(426, "upgrade", "Perbarui aplikasi ke versi 0.2"), {}),
            "malformed": (200, "application/json", b'{"service": "simpul-central", "api', {}),
            "wrong_json": (200, "application/json", b'{"hello": "world"}', {}),
            "portal": (200, "text/html", PORTAL_HTML, {}),
            "redirect": (302, "text/html", b"", {"Location": "http://portal.invalid/login"}),
            "split_page": (200, "application/json", _split_page(), {"X-Next-Cursor": "9.r.head"}),
            "bare_204": (204, "application/json", b"", {}),
        }
        return table[mode]

    do_GET = do_POST = do_PATCH = do_HEAD = _answer

    def log_message(self, *args: Any) -> None:
        pass


@contextmanager
def fault_server() -> Iterator[tuple[str, FaultState]]:
    state = FaultState()
    handler = type("Handler", (_Handler,), {"state": state})
    server = ThreadingHTTPServer(("127.0.0.1", 0), handler)
    server.daemon_threads = True
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}", state
    finally:
        state.release.set()
        server.shutdown()
        server.server_close()
