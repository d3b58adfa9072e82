"""A gateway in front of the LAPOR! emulator that names every call and [U] field otherwise.

An agency's gateway may serve the v4 calls under other paths and answer with other names for
the fields the public sources do not show. `RenamingGateway` is such a gateway, for real, on
loopback: it serves each bridge call under `GATEWAY_PATHS`, forwards it to the emulator under
the default path (`Paths()`), and renames the [U] answer fields to `GATEWAY_FIELDS`, dropping the
default names, so a bridge that read a default name would find nothing. The credentials pass
through untouched (the emulator checks them). Any other path is answered 404, as a gateway
answers a route it does not have.

`lose_next(call, n)` forwards the next `n` calls of that kind and drops the connection once the
emulator has answered (carried out, answer lost).
"""

from __future__ import annotations

import json
import re
import socket
import threading
import time
from dataclasses import dataclass, field
from typing import Any
from urllib.parse import urlsplit

import httpx
import uvicorn
from starlette.types import Receive, Scope, Send

from central.faults import drop_connection
from central.lapor.mapping import Fields, Paths
from central.middleware import RAW_SEND_KEY

GATEWAY_PATHS: dict[str, str] = {
    "institutions": "/gw/v4/master/instansi",
    "templates": "/gw/v4/master/templat-balasan",
    "upload": "/gw/v4/berkas",
    "create": "/gw/v4/pengaduan-baru",
    "complaint": "/gw/v4/pengaduan/{id}",
    "followups": "/gw/v4/pengaduan/{id}/tindak-lanjut",
    "followup_add": "/gw/v4/tindak-lanjut/kirim",
    "handoff": "/gw/v4/pengaduan/{id}/bukan-kewenangan",
    "inbox": "/gw/v4/pengaduan",
}
GATEWAY_FIELDS: dict[str, str] = {
    "created_complaint_id": "id_pengaduan",
    "followup_id": "followup_id",
    "followup_created_at": "dibuat_pada",
    "followup_institution": "instansi_asal",
    "followup_is_reporter": "dari_pelapor",
    "inbox_complaint_id": "pengaduan_id",
}
METHODS = {
    "institutions": "GET",
    "templates": "GET",
    "upload": "POST",
    "create": "POST",
    "complaint": "GET",
    "followups": "GET",
    "followup_add": "POST",
    "handoff": "POST",
    "inbox": "GET",
}
# Which [U] fields each call's answer carries: in `results` (one object) or in its page's items.
_OBJECT_FIELDS = {"create": ("created_complaint_id",), "followup_add": ("followup_id",)}
_ITEM_FIELDS = {
    "followups": (
        "followup_id",
        "followup_created_at",
        "followup_institution",
        "followup_is_reporter",
    ),
    "inbox": ("inbox_complaint_id",),
}
_HOP_HEADERS = {"host", "content-length", "connection", "transfer-encoding", "accept-encoding"}


def _pattern(template: str) -> re.Pattern[str]:
    return re.compile("^" + re.escape(template).replace(r"\{id\}", "(?P<id>[0-9]+)") + "$")


def _renamed(item: Any, names: tuple[str, ...]) -> Any:
    """The item with each default [U] name replaced by the gateway's (the default gone)."""
    if not isinstance(item, dict):
        return item
    defaults, gateway = Fields(), {k: GATEWAY_FIELDS[k] for k in names}
    wanted = {getattr(defaults, k): v for k, v in gateway.items()}
    return {wanted.get(key, key): value for key, value in item.items()}


@dataclass
class RenamingGateway:
    upstream: str
    base_url: str = ""
    html_404: bool = False  # unknown routes get a web server's HTML page, not JSON
    calls: list[tuple[str, str]] = field(default_factory=list)
    lost: dict[str, int] = field(default_factory=dict)
    _lose: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _server: Any = None
    _thread: threading.Thread | None = None

    def __post_init__(self) -> None:
        defaults = Paths()
        self._routes = [
            (name, METHODS[name], _pattern(path), getattr(defaults, name))
            for name, path in GATEWAY_PATHS.items()
        ]
        # The emulator's own paths back to the gateway's, for `next_page_url`.
        self._back = [
            (_pattern(getattr(defaults, name)), path) for name, path in GATEWAY_PATHS.items()
        ]

    # --- control ------------------------------------------------------------------------------

    def lose_next(self, call: str, count: int = 1) -> None:
        assert call in GATEWAY_PATHS, call
        with self._lock:
            self._lose[call] = self._lose.get(call, 0) + count

    def count(self, call: str) -> int:
        with self._lock:
            return sum(1 for name, _ in self.calls if name == call)

    def _take_loss(self, call: str) -> bool:
        with self._lock:
            if self._lose.get(call, 0) <= 0:
                return False
            self._lose[call] -= 1
            self.lost[call] = self.lost.get(call, 0) + 1
            return True

    # --- serving ------------------------------------------------------------------------------

    def _route(self, method: str, path: str) -> tuple[str, str] | None:
        for name, wanted, pattern, default in self._routes:
            found = pattern.match(path)
            if found and method == wanted:
                ids = found.groupdict()
                return name, default.replace("{id}", ids["id"]) if ids else default
        return None

    def _gateway_url(self, url: str | None) -> str | None:
        """The emulator's `next_page_url` as the gateway's own."""
        if not url:
            return url
        parts = urlsplit(url)
        for pattern, path in self._back:
            found = pattern.match(parts.path)
            if found:
                ids = found.groupdict()
                mine = path.replace("{id}", ids["id"]) if ids else path
                return f"{self.base_url}{mine}" + (f"?{parts.query}" if parts.query else "")
        raise AssertionError(f"a page link the gateway does not serve: {parts.path}")

    def _rewrite(self, call: str, body: Any) -> Any:
        if not isinstance(body, dict):
            return body
        results = body.get("results")
        if call in _OBJECT_FIELDS:
            body = _renamed(body, _OBJECT_FIELDS[call])
            body["results"] = _renamed(results, _OBJECT_FIELDS[call])
        if isinstance(results, dict) and isinstance(results.get("data"), list):
            names = _ITEM_FIELDS.get(call, ())
            results = {
                **results,
                "data": [_renamed(item, names) for item in results["data"]],
                "next_page_url": self._gateway_url(results.get("next_page_url")),
                "prev_page_url": self._gateway_url(results.get("prev_page_url")),
            }
            body = {**body, "results": results}
        return body

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            return
        chunks = []
        while True:
            message = await receive()
            chunks.append(message.get("body", b""))
            if not message.get("more_body"):
                break
        method, path = scope["method"], scope["path"]
        route = self._route(method, path)
        if route is None:
            if self.html_404:
                page = b"<html><head><title>404 Not Found</title></head><body>nginx</body></html>"
                await self._answer(send, 404, page, [(b"content-type", b"text/html")])
                return
            await self._answer(send, 404, b'{"success":false,"message":"Route not found"}', [])
            return
        call, upstream_path = route
        with self._lock:
            self.calls.append((call, path))
        headers = [
            (k.decode("latin-1"), v.decode("latin-1"))
            for k, v in scope["headers"]
            if k.decode("latin-1").lower() not in _HOP_HEADERS
        ]
        query = scope.get("query_string", b"").decode("latin-1")
        url = f"{self.upstream}{upstream_path}" + (f"?{query}" if query else "")
        try:
            async with httpx.AsyncClient(timeout=30) as client:
                answer = await client.request(
                    method, url, headers=headers, content=b"".join(chunks)
                )
        except httpx.TransportError:
            page = b"<html><body><h1>504 Gateway Timeout</h1></body></html>"
            await self._answer(send, 504, page, [(b"content-type", b"text/html")])
            return
        if self._take_loss(call) and drop_connection({RAW_SEND_KEY: send}):
            return
        content = answer.content
        kind = answer.headers.get("content-type", "")
        if "json" in kind:
            content = json.dumps(self._rewrite(call, answer.json())).encode()
        extra = [
            (k.encode("latin-1"), v.encode("latin-1"))
            for k, v in answer.headers.items()
            if k.lower() in ("content-type", "retry-after")
        ]
        await self._answer(send, answer.status_code, content, extra)

    @staticmethod
    async def _answer(send: Send, status: int, body: bytes, headers: list[Any]) -> None:
        if not any(k == b"content-type" for k, _ in headers):
            headers = [(b"content-type", b"application/json"), *headers]
        await send({"type": "http.response.start", "status": status, "headers": headers})
        await send({"type": "http.response.body", "body": body})

    # --- lifecycle ----------------------------------------------------------------------------

    def start(self) -> str:
        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", 0))
        self.base_url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        server = uvicorn.Server(
            uvicorn.Config(self, log_level="warning", access_log=False, lifespan="off")
        )
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="lapor-gateway", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the renaming gateway did not start")
            time.sleep(0.01)
        return self.base_url

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self._server = None
        self._thread = None
