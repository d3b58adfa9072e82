"""An emulator of the SP4N-LAPOR! v4 integration API (as seen through the SPLP gateway).

`python -m central lapor-emulator` serves, on loopback, the calls listed in docs/bridge.md with
the shapes known from public sources: both credentials checked on every call (`Authorization:
Bearer <gateway key>` and `token: <account GUID>`), Laravel paging (`results.data[]`,
`results.next_page_url`), `d-m-Y H:i:s` dates in WIB, its own SQLite state.

Faults are switched through `PUT /_emulator/faults` (no credentials, never disturbed itself):
each rule names a fault, optionally a method and a path fragment, and fires for the next
`count` matching calls or with probability `rate`:

- `lost_response`: the call is carried out and committed, then the connection is dropped;
- `error_5xx`: 503 before anything is done; `error_5xx_after_commit`: done, then 500;
- `timeout`: done, then the answer hangs for `hang_seconds` and the connection is dropped;
- `html`: the gateway answers 502 with an HTML page, nothing is done;
- `rate_limit`: 429 with `Retry-After: <retry_after>`, nothing is done.

`/_emulator/...` also plays the national side: new complaints, dispositions, status changes and
reporter replies.
"""

from __future__ import annotations

import asyncio
import email.parser
import email.policy
import hmac
import random
import threading
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse
from pydantic import BaseModel, Field
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.faults import drop_connection
from central.lapor.emulator_store import EmulatorStore, NotFound
from central.middleware import RAW_SEND_KEY

CONTROL = "/_emulator"
DEFAULT_GATEWAY_KEY = "emulator-gateway-key"
DEFAULT_ACCOUNT_TOKEN = "00000000-0000-4000-8000-000000000001"
FaultKind = Literal[
    "lost_response",
    "error_5xx",
    "error_5xx_after_commit",
    "timeout",
    "html",
    "rate_limit",
]
GATEWAY_PAGE = (
    b"<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body>"
    b"<h1>502 Bad Gateway</h1><p>SPLP gateway: upstream unavailable.</p></body></html>"
)


class FaultRule(BaseModel):
    fault: FaultKind
    method: str | None = None
    path: str | None = Field(default=None, description="fragment of the path")
    count: int = Field(default=0, ge=0, description="fire for the next N matching calls")
    rate: float = Field(default=0.0, ge=0, le=1, description="or with this probability")


class FaultsIn(BaseModel):
    rules: list[FaultRule] = Field(default_factory=list)
    seed: int | None = None
    retry_after: int = Field(default=1, ge=0)
    hang_seconds: float = Field(default=5.0, ge=0)


@dataclass
class EmulatorFaults:
    settings: FaultsIn = field(default_factory=FaultsIn)
    fired: dict[str, int] = field(default_factory=dict)
    _lock: threading.Lock = field(default_factory=threading.Lock)
    _random: random.Random = field(default_factory=random.Random)

    def set(self, settings: FaultsIn) -> None:
        with self._lock:
            self.settings = settings.model_copy(deep=True)
            self._random = random.Random(settings.seed)

    def pick(self, method: str, path: str) -> FaultKind | None:
        with self._lock:
            for rule in self.settings.rules:
                if rule.method and rule.method.upper() != method:
                    continue
                if rule.path and rule.path not in path:
                    continue
                if rule.count > 0:
                    rule.count -= 1
                elif not (rule.rate > 0 and self._random.random() < rule.rate):
                    continue
                self.fired[rule.fault] = self.fired.get(rule.fault, 0) + 1
                return rule.fault
            return None


async def _send_json(send: Send, status: int, body: bytes, extra: list[Any] | None = None) -> None:
    headers = [(b"content-type", b"application/json"), *(extra or [])]
    await send({"type": "http.response.start", "status": status, "headers": headers})
    await send({"type": "http.response.body", "body": body})


class EmulatorFaultMiddleware:
    def __init__(self, app: ASGIApp, faults: EmulatorFaults) -> None:
        self.app = app
        self.faults = faults

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] != "http" or path.startswith(CONTROL):
            await self.app(scope, receive, send)
            return
        fault = self.faults.pick(scope["method"], path)
        settings = self.faults.settings
        if fault is None:
            await self.app(scope, receive, send)
        elif fault == "error_5xx":
            await _send_json(send, 503, b'{"success":false,"message":"Service Unavailable"}')
        elif fault == "html":
            headers = [(b"content-type", b"text/html")]
            await send({"type": "http.response.start", "status": 502, "headers": headers})
            await send({"type": "http.response.body", "body": GATEWAY_PAGE})
        elif fault == "rate_limit":
            retry = [(b"retry-after", str(settings.retry_after).encode())]
            await _send_json(send, 429, b'{"message":"Too Many Requests"}', retry)
        else:
            await self._carry_out(scope, receive, send, fault, settings.hang_seconds)

    async def _carry_out(
        self, scope: Scope, receive: Receive, send: Send, fault: FaultKind, hang: float
    ) -> None:
        async def swallow(message: Message) -> None:
            return None

        await self.app(scope, receive, swallow)
        if fault == "error_5xx_after_commit":
            await _send_json(send, 500, b'{"success":false,"message":"Server Error"}')
            return
        if fault == "timeout":
            await asyncio.sleep(hang)
        if not drop_connection(scope):
            await send({"type": "http.response.start", "status": 200, "headers": []})
            raise ConnectionAbortedError("response dropped on purpose")


class EmulatorApp(FastAPI):
    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        scope[RAW_SEND_KEY] = send
        await super().__call__(scope, receive, send)


@dataclass(frozen=True)
class EmulatorConfig:
    gateway_key: str = DEFAULT_GATEWAY_KEY
    account_token: str = DEFAULT_ACCOUNT_TOKEN
    db_path: Path | None = None
    default_page_size: int = 15


def _fail(status: int, message: str) -> JSONResponse:
    return JSONResponse({"success": False, "message": message}, status_code=status)


def _ok(results: Any, **top: Any) -> dict[str, Any]:
    return {"success": True, "message": "OK", "results": results, **top}


def _page(request: Request, items: list[Any], total: int, page: int, size: int) -> dict[str, Any]:
    last = max(1, -(-total // size))
    nxt = str(request.url.include_query_params(page=page + 1)) if page < last else None
    prev = str(request.url.include_query_params(page=page - 1)) if page > 1 else None
    return {
        "current_page": page,
        "data": items,
        "per_page": size,
        "total": total,
        "last_page": last,
        "next_page_url": nxt,
        "prev_page_url": prev,
    }


def _paging(request: Request, default: int) -> tuple[int, int]:
    try:
        page = max(1, int(request.query_params.get("page", "1")))
        size = int(request.query_params.get("page_size", str(default)))
    except ValueError:
        return 1, default
    return page, min(max(1, size), 1000)


async def parse_multipart(request: Request) -> tuple[dict[str, str], list[tuple[str, bytes]]]:
    """Form fields and files of a multipart body (the stdlib parser; no extra package)."""
    content_type = request.headers.get("content-type", "")
    body = await request.body()
    if not content_type.startswith("multipart/form-data"):
        raise ValueError("multipart/form-data expected")
    head = f"Content-Type: {content_type}\r\nMIME-Version: 1.0\r\n\r\n".encode()
    message = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(head + body)
    fields: dict[str, str] = {}
    files: list[tuple[str, bytes]] = []
    for part in message.iter_parts():
        name = part.get_param("name", header="content-disposition")
        raw = part.get_payload(decode=True)
        payload = raw if isinstance(raw, bytes) else b""
        if part.get_filename():
            files.append((str(part.get_filename()), payload))
        elif isinstance(name, str):
            fields[name] = payload.decode("utf-8")
    return fields, files


def create_emulator(config: EmulatorConfig | None = None) -> FastAPI:
    config = config or EmulatorConfig()
    store = EmulatorStore(config.db_path)
    faults = EmulatorFaults()
    app = EmulatorApp(title="SP4N-LAPOR! v4 emulator", docs_url=None, redoc_url=None)
    app.state.store = store
    app.state.faults = faults

    @app.middleware("http")
    async def credentials(request: Request, call_next: Any) -> Any:
        if request.url.path.startswith(CONTROL):
            return await call_next(request)
        auth = request.headers.get("authorization", "")
        if not hmac.compare_digest(auth.encode(), f"Bearer {config.gateway_key}".encode()):
            return _fail(401, "Unauthorized: invalid gateway key")
        token = request.headers.get("token", "")
        if not hmac.compare_digest(token.encode(), config.account_token.encode()):
            return _fail(403, "Forbidden: invalid account token")
        try:
            return await call_next(request)
        except NotFound:
            return _fail(404, "Complaint not found")

    app.add_middleware(EmulatorFaultMiddleware, faults=faults)
    _api_routes(app, store, config)
    _control_routes(app, store, faults)
    return app


def _api_routes(app: FastAPI, store: EmulatorStore, config: EmulatorConfig) -> None:
    @app.get("/masters/institutions/external")
    def institutions(request: Request) -> dict[str, Any]:
        page, size = _paging(request, 1000)
        items = store.institutions()
        return _ok(_page(request, items[(page - 1) * size : page * size], len(items), page, size))

    @app.get("/masters/templates")
    def templates(request: Request) -> dict[str, Any]:
        page, size = _paging(request, 1000)
        items = store.templates()
        return _ok(_page(request, items[(page - 1) * size : page * size], len(items), page, size))

    @app.post("/complaints/complaint/file", response_model=None)
    async def upload(request: Request) -> dict[str, Any] | JSONResponse:
        try:
            _fields, files = await parse_multipart(request)
        except ValueError as err:
            return _fail(422, str(err))
        if not files:
            return _fail(422, "attachments[] required")
        docs = [{"id": store.add_file(name, data), "name": name} for name, data in files]
        return _ok({"docs": docs})

    @app.post("/complaints/complaint-lmw", response_model=None)
    async def create(request: Request) -> dict[str, Any] | JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return _fail(400, "JSON body expected")
        required = ("title", "content", "channel", "classification_id", "user_id")
        missing = [k for k in required if body.get(k) in (None, "")]
        if missing:
            return _fail(422, f"missing fields: {', '.join(missing)}")
        complaint_id = store.create_complaint(body, actor="Instansi")
        return _ok({"complaint_id": complaint_id}, complaint_id=complaint_id)

    @app.get("/complaints/complaint")
    def inbox(request: Request) -> dict[str, Any]:
        page, size = _paging(request, config.default_page_size)
        items, total = store.inbox(request.query_params.get("disposition_id"), page, size)
        return _ok(_page(request, items, total, page, size))

    @app.get("/complaints/{complaint_id}/complaint")
    def complaint(complaint_id: int) -> dict[str, Any]:
        return _ok(store.complaint(complaint_id))

    @app.get("/complaints/{complaint_id}/followups")
    def followups(complaint_id: int, request: Request) -> dict[str, Any]:
        page, size = _paging(request, config.default_page_size)
        items, total = store.followups(complaint_id, page, size)
        return _ok(_page(request, items, total, page, size))

    @app.post("/complaints/followup/add", response_model=None)
    async def add_followup(request: Request) -> dict[str, Any] | JSONResponse:
        try:
            fields, files = await parse_multipart(request)
        except ValueError as err:
            return _fail(422, str(err))
        if not fields.get("content") or not fields.get("complaint_id", "").isdigit():
            return _fail(422, "complaint_id and content required")
        data = store.complaint(int(fields["complaint_id"]))["data"]
        if str(data["disposition_id"]) != fields.get("institution_from_id"):
            return _fail(422, "complaint is not disposed to institution_from_id")
        names = [{"name": name, "size": len(blob)} for name, blob in files]
        followup_id = store.add_followup({**fields, "attachments": names})
        return _ok({"id": followup_id})

    @app.post("/complaints/process/{complaint_id}/reject", response_model=None)
    async def handoff(complaint_id: int, request: Request) -> dict[str, Any] | JSONResponse:
        try:
            body = await request.json()
        except ValueError:
            return _fail(400, "JSON body expected")
        if not body.get("reason") or not body.get("reason_description"):
            return _fail(422, "reason and reason_description required")
        store.request_handoff(complaint_id, str(body["reason"]), str(body["reason_description"]))
        return _ok({})


class CitizenIn(BaseModel):
    title: str
    content: str
    channel: int = 1
    classification_id: int = 6
    category_id: int | None = None
    location_id: int | None = None
    disposition_id: str | None = None
    is_anonymous: bool = False
    is_secret: bool = False


class BulkIn(BaseModel):
    count: int = Field(ge=1, le=100_000)
    disposition_id: str


class DisposeIn(BaseModel):
    institution_id: str


class StatusIn(BaseModel):
    status_name: str
    note: str | None = None


class ReplyIn(BaseModel):
    content: str


def _control_routes(app: FastAPI, store: EmulatorStore, faults: EmulatorFaults) -> None:
    @app.get(f"{CONTROL}/faults")
    def get_faults() -> dict[str, Any]:
        return {"settings": faults.settings.model_dump(), "fired": dict(faults.fired)}

    @app.put(f"{CONTROL}/faults")
    def put_faults(body: FaultsIn) -> dict[str, Any]:
        faults.set(body)
        return {"settings": faults.settings.model_dump(), "fired": dict(faults.fired)}

    @app.post(f"{CONTROL}/complaints", status_code=201)
    def citizen(body: CitizenIn) -> dict[str, Any]:
        return {"complaint_id": store.create_complaint(body.model_dump())}

    @app.post(f"{CONTROL}/complaints/bulk", status_code=201)
    def bulk(body: BulkIn) -> dict[str, Any]:
        ids = [
            store.create_complaint(
                {
                    "title": f"Laporan warga nomor {n}",
                    "content": f"Isi laporan warga nomor {n} tentang layanan publik.",
                    "channel": 1,
                    "classification_id": 6,
                    "disposition_id": body.disposition_id,
                }
            )
            for n in range(1, body.count + 1)
        ]
        return {"complaint_ids": ids}

    @app.post(f"{CONTROL}/complaints/{{complaint_id}}/dispose")
    def dispose(complaint_id: int, body: DisposeIn) -> dict[str, Any]:
        store.dispose(complaint_id, body.institution_id)
        return store.complaint(complaint_id)

    @app.post(f"{CONTROL}/complaints/{{complaint_id}}/status")
    def status(complaint_id: int, body: StatusIn) -> dict[str, Any]:
        store.set_status(complaint_id, body.status_name, body.note)
        return store.complaint(complaint_id)

    @app.post(f"{CONTROL}/complaints/{{complaint_id}}/reply")
    def reply(complaint_id: int, body: ReplyIn) -> dict[str, Any]:
        fields = {"complaint_id": complaint_id, "content": body.content}
        return {"id": store.add_followup(fields, is_reporter=True)}

    @app.get(f"{CONTROL}/complaints/{{complaint_id}}")
    def full(complaint_id: int) -> dict[str, Any]:
        items, _total = store.followups(complaint_id, 1, 100_000)
        return {**store.complaint(complaint_id), "followups": items}

    @app.get(f"{CONTROL}/stats")
    def stats() -> dict[str, Any]:
        return {"counts": store.counts(), "followups": store.followup_contents()}

    @app.exception_handler(NotFound)
    async def not_found(_request: Request, _exc: NotFound) -> JSONResponse:
        return _fail(404, "Complaint not found")


class EmulatorServer:
    """The emulator in a background thread on a free loopback port (tests, bench, demo)."""

    def __init__(self, config: EmulatorConfig | None = None, port: int = 0) -> None:
        self.config = config or EmulatorConfig()
        self.port = port
        self.base_url: str | None = None
        self.app: FastAPI | None = None
        self._server: Any = None
        self._thread: threading.Thread | None = None

    def start(self) -> str:
        import socket
        import time

        import uvicorn

        sock = socket.socket(socket.AF_INET, socket.SOCK_STREAM, socket.IPPROTO_TCP)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", self.port))
        port = sock.getsockname()[1]
        self.app = create_emulator(self.config)
        server = uvicorn.Server(
            uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off")
        )
        self._server = server
        self._thread = threading.Thread(
            target=server.run, kwargs={"sockets": [sock]}, name="lapor-emulator", daemon=True
        )
        self._thread.start()
        deadline = time.monotonic() + 30
        while not server.started:
            if not self._thread.is_alive() or time.monotonic() > deadline:
                raise RuntimeError("the LAPOR! emulator did not start")
            time.sleep(0.01)
        self.base_url = f"http://127.0.0.1:{port}"
        return self.base_url

    @property
    def store(self) -> EmulatorStore:
        assert self.app is not None
        found: EmulatorStore = self.app.state.store
        return found

    @property
    def faults(self) -> EmulatorFaults:
        assert self.app is not None
        found: EmulatorFaults = self.app.state.faults
        return found

    def stop(self) -> None:
        if self._server is None or self._thread is None:
            return
        self._server.should_exit = True
        self._thread.join(timeout=15)
        self.store.close()
        self._server = None
        self._thread = None
