"""Cross-cutting ASGI middleware: request ids, client version gate, gzip both ways."""

from __future__ import annotations

import json
import logging
import re
import time
import uuid
import zlib

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware.gzip import GZipMiddleware
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from central.problems import make_problem, problem_response
from sync.wire import API_PREFIX, MIN_CLIENT_VERSION

log = logging.getLogger("central.access")

RAW_SEND_KEY = "simpul.raw_send"
# Request bodies are capped while they are read (see BodyLimitMiddleware); a compressed body is
# inflated in memory and capped again, inflated, at the same size.
MAX_BODY_BYTES = 16 * 1024 * 1024
MAX_INFLATED_BODY = MAX_BODY_BYTES
# One PATCH of a resumable upload; the client sends 64 KiB chunks.
MAX_CHUNK_BYTES = 8 * 1024 * 1024


async def send_problem(
    scope: Scope,
    receive: Receive,
    send: Send,
    status: int,
    code: str,
    title: str,
    detail: str,
    field: str | None = None,
) -> None:
    problem = make_problem(status, code, title, detail, field)
    await problem_response(problem)(scope, receive, send)


def is_upload_chunk(scope: Scope) -> bool:
    return scope.get("method") == "PATCH" and str(scope.get("path", "")).startswith(
        f"{API_PREFIX}/uploads/"
    )


class BodyTooLarge(Exception):
    """Raised from `receive` once more bytes arrived than the cap allows."""


class BodyLimitMiddleware:
    """413 for a request body above the cap, decided while it arrives: a declared
    Content-Length above the cap is refused before a byte is read, and a body without one
    (chunked) is cut off as soon as the cap is passed. Nothing past the cap is ever held."""

    def __init__(self, app: ASGIApp, limit: int, chunk_limit: int) -> None:
        self.app = app
        self.limit = limit
        self.chunk_limit = chunk_limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.chunk_limit if is_upload_chunk(scope) else self.limit
        declared = Headers(scope=scope).get("content-length", "").strip()
        if declared and (len(declared) > 18 or not declared.isdigit() or int(declared) > limit):
            await self._refuse(scope, receive, send, limit)
            return
        received = 0
        started = False

        async def limited() -> Message:
            nonlocal received
            message = await receive()
            if message["type"] == "http.request":
                received += len(message.get("body", b""))
                if received > limit:
                    raise BodyTooLarge
            return message

        async def watch(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, limited, watch)
        except BodyTooLarge:
            if not started:
                await self._refuse(scope, receive, send, limit)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send, limit: int) -> None:
        await send_problem(
            scope,
            receive,
            send,
            413,
            "too_large",
            "Permintaan terlalu besar",
            f"Badan permintaan paling besar {limit // (1024 * 1024)} MB.",
        )


def replaying(body: bytes, receive: Receive) -> Receive:
    """A `receive` that hands the app `body` (already read) once, then the real messages."""
    sent = False

    async def replay() -> Message:
        nonlocal sent
        if sent:
            return await receive()
        sent = True
        return {"type": "http.request", "body": body, "more_body": False}

    return replay


class HttpMiddleware:
    """Base of the middleware below: other ASGI scopes (lifespan) pass straight through to the
    app; `handle` sees every HTTP request."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        await self.handle(scope, receive, send)

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        raise NotImplementedError


class RequestIdMiddleware(HttpMiddleware):
    """Echo X-Request-ID (make one when absent) and log one line per request with it."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        request_id = Headers(scope=scope).get("x-request-id") or uuid.uuid4().hex
        request_id = request_id[:100]
        scope.setdefault("state", {})["request_id"] = request_id
        started = time.perf_counter()
        status = 0

        async def send_with_id(message: Message) -> None:
            nonlocal status
            if message["type"] == "http.response.start":
                status = message["status"]
                headers = MutableHeaders(scope=message)
                headers["X-Request-ID"] = request_id
                headers["X-Content-Type-Options"] = "nosniff"
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        finally:
            log.info(
                "%s %s %s %s %.1fms",
                request_id,
                scope["method"],
                scope["path"],
                status or "-",
                (time.perf_counter() - started) * 1000,
            )


def parse_version(text: str) -> tuple[int, ...] | None:
    """(1, 2, 3) from "1.2.3" or "v1.2.3-beta"; None for anything else (also absurd lengths)."""
    match = re.match(r"^\s*v?(\d{1,9}(?:\.\d{1,9}){0,7})(?![\d.]*\d)", text[:100])
    return tuple(int(p) for p in match.group(1).split(".")) if match else None


def _pad(v: tuple[int, ...]) -> tuple[int, ...]:
    return v + (0,) * (8 - len(v))


# The app names its version in its User-Agent (`Simpul/1.2.3`); older apps send X-Client-Version.
_AGENT_VERSION = re.compile(r"^Simpul/(\S{1,100})")


def client_version(headers: Headers) -> str | None:
    """The app version a request names: X-Client-Version, else a `Simpul/x.y.z` User-Agent."""
    given = headers.get("x-client-version")
    if given is not None:
        return given
    match = _AGENT_VERSION.match(headers.get("user-agent", ""))
    return match.group(1) if match else None


class ClientVersionMiddleware:
    """426 with a message for the user when the app's version (X-Client-Version, or the
    User-Agent `Simpul/x.y.z`) is older than the server serves."""

    def __init__(self, app: ASGIApp, minimum: str = MIN_CLIENT_VERSION) -> None:
        self.app = app
        self.minimum = parse_version(minimum) or (0,)
        self.minimum_text = minimum

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"] != f"{API_PREFIX}/health":
            given = client_version(Headers(scope=scope))
            version = parse_version(given) if given is not None else None
            if given is not None and (version is None or len(given) > 100):
                await send_problem(
                    scope,
                    receive,
                    send,
                    400,
                    "invalid_request",
                    "Data tidak valid",
                    "X-Client-Version harus berupa nomor versi seperti 1.2.3.",
                    field="X-Client-Version",
                )
                return
            if version is not None and _pad(version) < _pad(self.minimum):
                await send_problem(
                    scope,
                    receive,
                    send,
                    426,
                    "client_too_old",
                    "Versi aplikasi terlalu lama",
                    f"Versi aplikasi Simpul ini ({given}) sudah tidak didukung server; server ini "
                    f"memerlukan versi {self.minimum_text} atau lebih baru. Perbarui Simpul: minta "
                    "pemasang versi terbaru kepada petugas TI kantor Anda, pasang, lalu buka "
                    "Simpul kembali. "
                    "Pekerjaan yang belum terkirim tetap tersimpan dan dikirim setelah itu.",
                )
                return
        await self.app(scope, receive, send)


class GzipRequestMiddleware(HttpMiddleware):
    """Accept `Content-Encoding: gzip` request bodies (inflated before the app reads them)."""

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        encoding = Headers(scope=scope).get("content-encoding", "").strip().lower()
        if encoding in ("", "identity"):
            await self.app(scope, receive, send)
            return
        if encoding != "gzip":
            await send_problem(
                scope,
                receive,
                send,
                415,
                "unsupported_encoding",
                "Pengodean tidak didukung",
                f"Content-Encoding {encoding} tidak didukung; gunakan gzip.",
            )
            return
        try:
            body = await _inflate(receive)
        except (zlib.error, ValueError):
            await send_problem(
                scope,
                receive,
                send,
                400,
                "bad_gzip",
                "Data terkompresi rusak",
                "Badan permintaan gzip tidak dapat dibaca.",
            )
            return
        headers = [
            (k, v) for k, v in scope["headers"] if k not in (b"content-encoding", b"content-length")
        ]
        headers.append((b"content-length", str(len(body)).encode()))
        await self.app(dict(scope, headers=headers), replaying(body, receive), send)


async def _inflate(receive: Receive) -> bytes:
    inflater = zlib.decompressobj(16 + zlib.MAX_WBITS)
    out = bytearray()
    more = True
    while more:
        message = await receive()
        if message["type"] != "http.request":
            raise ValueError("client went away")
        out += inflater.decompress(message.get("body", b""), MAX_INFLATED_BODY + 1 - len(out))
        if len(out) > MAX_INFLATED_BODY or inflater.unconsumed_tail:
            raise ValueError("inflated body too large")
        more = message.get("more_body", False)
    out += inflater.flush()
    return bytes(out)


def _has_nul(value: object) -> bool:
    if isinstance(value, str):
        return "\x00" in value
    if isinstance(value, dict):
        return any(_has_nul(k) or _has_nul(v) for k, v in value.items())
    if isinstance(value, list):
        return any(_has_nul(v) for v in value)
    return False


def _body_has_nul(body: bytes) -> bool:
    if b"\x00" in body:
        return True
    if b"\\u0000" not in body:  # cheap test first; parse only when it may be there
        return False
    try:
        return _has_nul(json.loads(body))
    except RecursionError:
        return True  # nested too deep to look through: refused rather than let through
    except ValueError:
        return False  # not JSON: the app answers with its own validation problem


class NulGuardMiddleware(HttpMiddleware):
    """Refuse NUL characters in paths, queries and bodies (PostgreSQL cannot store them).

    Every body is checked whatever its Content-Type says (or if it says nothing), except the
    raw bytes of an upload chunk: the app parses JSON from more types than one spelling.
    """

    async def handle(self, scope: Scope, receive: Receive, send: Send) -> None:
        if "\x00" in scope["path"] or b"%00" in scope.get("query_string", b""):
            await self._refuse(scope, receive, send)
            return
        if is_upload_chunk(scope) or scope.get("method") in ("GET", "HEAD"):
            await self.app(scope, receive, send)
            return
        body = bytearray()
        more = True
        while more:
            message = await receive()
            if message["type"] != "http.request":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
        if _body_has_nul(bytes(body)):
            await self._refuse(scope, receive, send)
            return
        await self.app(scope, replaying(bytes(body), receive), send)

    async def _refuse(self, scope: Scope, receive: Receive, send: Send) -> None:
        await send_problem(
            scope,
            receive,
            send,
            422,
            "invalid_characters",
            "Data tidak valid",
            "Data berisi karakter NUL yang tidak diizinkan.",
        )


class SelectiveGzipMiddleware:
    """Compress responses, except file downloads and uploads (ranges count raw bytes)."""

    def __init__(self, app: ASGIApp, minimum_size: int = 500) -> None:
        self.app = app
        self.gzip = GZipMiddleware(app, minimum_size=minimum_size, compresslevel=6)

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        path = scope.get("path", "")
        if scope["type"] == "http" and not path.startswith(
            (f"{API_PREFIX}/files", f"{API_PREFIX}/uploads")
        ):
            await self.gzip(scope, receive, send)
        else:
            await self.app(scope, receive, send)
