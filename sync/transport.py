"""HTTP transport to the central API: one requests.Session, typed errors, every request measured.

A weak link is slow but moving most of the time, and now and then silent. So there is a connect
timeout, a *stall* timeout (no byte for N seconds: requests' read timeout is exactly that), and a
generous *total* timeout per request (checked while the answer's body is read): a server that
trickles one byte every few seconds cannot hold a sync (and so the app's exit) forever, while a
page of a slow but moving pull still fits. Streamed downloads (`open_stream`) have no total
timeout: the caller reads them, checks for cancellation between chunks and can give up.

Office networks: TLS is checked against the operating system's certificate store (`truststore`),
where an office's TLS-inspecting proxy installs its root, unless the settings name a CA file;
the system's proxy is used when asked (`system_proxy`) and no explicit proxy is set. A failure
caused by a certificate or a proxy is a NetworkSetupError that says so.
"""

from __future__ import annotations

import datetime as dt
import email.utils
import gzip
import json
import secrets
import ssl
import time
import urllib.parse
import urllib.request
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

import requests
import truststore
import urllib3
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter
from requests.structures import CaseInsensitiveDict

from domain import clock
from sync.errors import (
    AuthError,
    MalformedResponse,
    NetworkSetupError,
    OfflineError,
    PortalAnswer,
    ProblemError,
    RateLimited,
    ServerError,
    ServerReplaced,
    ServerRestored,
    TransportError,
    UpgradeRequired,
)
from sync.urls import InsecureServerUrl, server_url_allowed
from sync.version import app_version
from sync.wire import API_PREFIX, MARK_HEADER, ChangesPage, Health, Problem

CLIENT_VERSION = app_version()
GZIP_MIN_BYTES = 1024
# The server reads X-Device-ID only here (a refresh from the login's own device, stored op
# results); elsewhere the device is in the body or not needed, and the header is not sent.
DEVICE_PATHS = ("/auth/", "/sync/ops/")


def new_request_id() -> str:
    """16 hex digits: enough to find one request in the client's and the server's logs."""
    return secrets.token_hex(8)


M = TypeVar("M", bound=BaseModel)


@dataclass(frozen=True)
class RequestRecord:
    """One request as the sync log keeps it (ids, never names or tokens)."""

    request_id: str
    method: str
    endpoint: str
    status: int | None
    bytes_sent: int
    bytes_received: int
    duration_ms: int
    error: str | None


RequestCallback = Callable[[RequestRecord], None]


def api_base(server_url: str) -> str:
    """The API root for a server URL given with or without the /api/v1 prefix."""
    base = server_url.rstrip("/")
    return base if base.endswith(API_PREFIX) else base + API_PREFIX


@dataclass(frozen=True)
class Call:
    """One request as the transport sends it: `ok` are the statuses that are not errors;
    `auth` sends the session's token and mark; a `json_body` is sent as JSON (gzipped when
    large), `content` as it is."""

    method: str
    path: str
    json_body: Any = None
    content: bytes | None = None
    headers: Mapping[str, str] | None = None
    params: Mapping[str, Any] | None = None
    auth: bool = True
    ok: tuple[int, ...] = (200,)


class Transport:
    """Talks to one central server. Not thread-safe: one per sync thread.

    Refuses (InsecureServerUrl) a server reached over plain http anywhere but on this computer.
    """

    def __init__(
        self,
        server_url: str,
        *,
        device_id: str | None = None,
        client_version: str = CLIENT_VERSION,
        connect_timeout: float = 15.0,
        stall_timeout: float = 30.0,
        total_timeout: float = 300.0,
        ca_bundle: str | None = None,
        proxy_url: str | None = None,
        system_proxy: bool = False,
        on_request: RequestCallback | None = None,
    ) -> None:
        if not server_url_allowed(server_url):
            raise InsecureServerUrl()
        self.base_url = api_base(server_url)
        self.device_id = device_id
        self.client_version = client_version
        self.access_token: str | None = None
        # The server's last mark, sent back so a server that went back in time says so.
        self.mark: str | None = None
        self.on_request = on_request
        self._timeout = (connect_timeout, stall_timeout)
        self._total_timeout = total_timeout
        self._settings = (ca_bundle, proxy_url, system_proxy)
        self._session = self._new_session()
        # Rises with every `reconfigure`: a sibling made before it has the old settings.
        self.generation = 0

    def _new_session(self) -> requests.Session:
        ca_bundle, proxy_url, system_proxy = self._settings
        session = requests.Session()
        # Proxies and CA come from our settings only (the system's when they say so), never
        # silently from variables such as REQUESTS_CA_BUNDLE.
        session.trust_env = False
        # TLS verification is always on; a custom CA bundle replaces the system's store.
        session.verify = ca_bundle if ca_bundle else True
        if not ca_bundle:
            session.mount("https://", SystemTrustAdapter())
        if proxy_url:
            session.proxies = {"http": proxy_url, "https": proxy_url}
        elif system_proxy:
            session.proxies = system_proxies(self.base_url)
        # Every header byte crosses the weak link on every request: only what the server uses.
        # HTTP/1.1 keeps connections alive without `Connection: keep-alive`, and the server
        # answers JSON without `Accept`. The User-Agent names the app and its version (the
        # server's version gate reads it), instead of requests' own.
        session.headers = CaseInsensitiveDict(
            {"User-Agent": f"Simpul/{self.client_version}", "Accept-Encoding": "gzip"}
        )
        return session

    def reconfigure(
        self,
        server_url: str,
        *,
        ca_bundle: str | None = None,
        proxy_url: str | None = None,
        system_proxy: bool = False,
    ) -> None:
        """New settings from the next request on (call it on the thread that owns this
        transport, between requests). The token and the server's mark stay: the same server
        under a new address goes on as before, another server answers as one (401, or a mark
        it does not know)."""
        if not server_url_allowed(server_url):
            raise InsecureServerUrl()
        old = self._session
        self.base_url = api_base(server_url)
        self._settings = (ca_bundle or None, proxy_url or None, system_proxy)
        self._session = self._new_session()
        self.generation += 1
        old.close()

    def close(self) -> None:
        self._session.close()

    def sibling(self) -> Transport:
        """A new Transport to the same server with the same settings (CA bundle, proxy,
        timeouts, device), for another thread: a Transport is never shared between threads.
        It starts without a token; pass one per request (`open_stream`)."""
        ca_bundle, proxy_url, system_proxy = self._settings
        sibling = Transport(
            self.base_url,
            device_id=self.device_id,
            client_version=self.client_version,
            connect_timeout=self._timeout[0],
            stall_timeout=self._timeout[1],
            total_timeout=self._total_timeout,
            ca_bundle=ca_bundle,
            proxy_url=proxy_url,
            system_proxy=system_proxy,
            on_request=self.on_request,
        )
        sibling.generation = self.generation
        return sibling

    def open_stream(
        self,
        path: str,
        *,
        token: str | None,
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (200, 206),
    ) -> requests.Response:
        """GET `path` with the body left unread (the caller iterates and closes it).

        `token` is the access token to send (None: none); a 401 raises AuthError.
        """
        extra = dict(headers or {})
        if token:
            extra["Authorization"] = f"Bearer {token}"
        resp, _ = self._exchange(
            Call("GET", path, headers=extra, auth=False, ok=ok), None, stream=True
        )
        return resp

    # --- typed helpers --------------------------------------------------------------------------

    def probe(self) -> Health:
        """GET /health. Anything but a valid Health (a captive portal's page) means offline."""
        try:
            return self.get_model("/health", Health, auth=False)
        except (MalformedResponse, ProblemError, AuthError, UpgradeRequired) as exc:
            raise OfflineError(f"no usable connection: {exc}") from exc

    def get_model(
        self,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
    ) -> M:
        _, parsed = self._exchange(Call("GET", path, params=params, auth=auth), model)
        assert parsed is not None
        return parsed

    def post_model(
        self, path: str, body: BaseModel | dict[str, Any], model: type[M], *, auth: bool = True
    ) -> M:
        payload = (
            body.model_dump(mode="json", by_alias=True) if isinstance(body, BaseModel) else body
        )
        _, parsed = self._exchange(
            Call("POST", path, json_body=payload, auth=auth, ok=(200, 201)), model
        )
        assert parsed is not None
        return parsed

    # --- the one request path -------------------------------------------------------------------

    def request(
        self,
        method: str,
        path: str,
        *,
        json_body: Any = None,
        content: bytes | None = None,
        headers: Mapping[str, str] | None = None,
        params: Mapping[str, Any] | None = None,
        auth: bool = True,
        ok: tuple[int, ...] = (200,),
    ) -> requests.Response:
        """Send one request; return the response if its status is in `ok`, else raise."""
        call = Call(method, path, json_body, content, headers, params, auth, ok)
        resp, _ = self._exchange(call, None)
        return resp

    def start_model(
        self,
        path: str,
        model: type[M],
        *,
        params: Mapping[str, Any] | None = None,
        headers: Mapping[str, str] | None = None,
        ok: tuple[int, ...] = (200,),
    ) -> PendingAnswer[M]:
        """GET `path` and return once the answer's status and headers have arrived and passed
        the checks (an error status or a portal's answer raises here, as `get_model` would).

        The body is read and parsed by `PendingAnswer.finish`, which may run on another thread
        while this one sends the next request (on another pooled connection); only one thread
        may send at a time. A 204 finishes with None.
        """
        return self._send(Call("GET", path, params=params, headers=headers, ok=ok), model)

    def _exchange(
        self, call: Call, model: type[M] | None, *, stream: bool = False
    ) -> tuple[requests.Response, M | None]:
        """Send, check the status, parse with `model` when given, and record the outcome
        (a body that does not fit the model is recorded as the request's error)."""
        pending = self._send(call, model)
        if stream:
            pending.record(None)
            return pending.resp, None
        return pending.resp, pending.finish()

    def _send(self, call: Call, model: type[M] | None) -> PendingAnswer[M]:
        """Send and wait for the status and headers. A status outside `call.ok`, or an answer
        that cannot be the server's, is read, recorded and raised; otherwise the body is left
        to `PendingAnswer.finish`."""
        method, path = call.method, call.path
        request_id = new_request_id()
        all_headers = self._headers(path, request_id, call.auth, call.headers)
        body = call.content
        if call.json_body is not None:
            body = json.dumps(call.json_body, ensure_ascii=False, separators=(",", ":")).encode()
            all_headers["Content-Type"] = "application/json"
            if len(body) > GZIP_MIN_BYTES:
                body = gzip.compress(body, compresslevel=6, mtime=0)
                all_headers["Content-Encoding"] = "gzip"
        sent = _Sent(request_id, method, path, body, time.monotonic())
        try:
            resp = self._session.request(
                method,
                self.base_url + path,
                data=body,
                headers=all_headers,
                params=call.params,
                timeout=self._timeout,
                allow_redirects=False,
                stream=True,
            )
        except requests.RequestException as exc:
            self._record(sent, None, _describe(exc))
            raise _offline_error(exc) from exc
        pending = PendingAnswer(self, sent, resp, model)
        failure: Exception | None = portal_answer(resp, expect_json=model is not None)
        if failure is not None or resp.status_code not in call.ok:
            pending.read()
            failure = failure or error_for(resp)
            pending.record(f"HTTP {resp.status_code}: {str(failure)[:160]}")
            raise failure
        return pending

    def _headers(
        self, path: str, request_id: str, auth: bool, extra: Mapping[str, str] | None
    ) -> dict[str, str]:
        headers = {"X-Request-ID": request_id}
        if self.device_id and path.startswith(DEVICE_PATHS):
            headers["X-Device-ID"] = self.device_id
        if auth and self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        if auth and self.mark:
            headers[MARK_HEADER] = self.mark
        if extra:
            headers.update(extra)
        return headers

    def _record(self, sent: _Sent, resp: requests.Response | None, error: str | None) -> None:
        """Tell `on_request` of a request (`resp` None: no answer was received)."""
        if self.on_request is None:
            return
        self.on_request(
            RequestRecord(
                request_id=sent.request_id,
                method=sent.method,
                endpoint=sent.path,
                status=resp.status_code if resp is not None else None,
                bytes_sent=len(sent.body or b"") + _head_size_sent(resp),
                bytes_received=_size_received(resp),
                duration_ms=int((time.monotonic() - sent.started) * 1000),
                error=error,
            )
        )


@dataclass(frozen=True)
class _Sent:
    """A request as it went out: what its record needs."""

    request_id: str
    method: str
    path: str
    body: bytes | None
    started: float  # time.monotonic()


class PendingAnswer(Generic[M]):
    """An answer whose status and headers have arrived and passed the transport's checks, with
    its body still unread (`Transport.start_model`)."""

    def __init__(
        self, transport: Transport, sent: _Sent, resp: requests.Response, model: type[M] | None
    ) -> None:
        self.transport = transport
        self.sent = sent
        self.resp = resp
        self.model = model
        self._read = False

    @property
    def status(self) -> int:
        return self.resp.status_code

    @property
    def headers(self) -> Mapping[str, str]:
        return self.resp.headers

    def read(self) -> None:
        """Read the whole body, within the transport's total timeout (OfflineError if not)."""
        if self._read:
            return
        try:
            _read_within(self.resp, self.sent.started + self.transport._total_timeout)
        except requests.RequestException as exc:
            self.record(_describe(exc), received=False)
            raise _offline_error(exc) from exc
        self._read = True

    def finish(self) -> M | None:
        """Read and parse the body (None for a 204 or without a model), and record it."""
        self.read()
        parsed: M | None = None
        if self.model is not None and self.status != 204:
            try:
                parsed = parse_model(self.resp, self.model)
            except MalformedResponse as exc:
                self.record(f"HTTP {self.status}: {str(exc)[:160]}")
                raise
        self.record(None)
        return parsed

    def close(self) -> None:
        """Give up on the body (the connection is dropped, not reused)."""
        self.resp.close()

    def record(self, error: str | None, *, received: bool = True) -> None:
        self.transport._record(self.sent, self.resp if received else None, error)


def _read_within(resp: requests.Response, deadline: float) -> None:
    """Read the whole body as `resp.content` would, but give up at `deadline` (monotonic).

    `read1` returns whatever has arrived, so a trickle is noticed chunk by chunk."""
    chunks = []
    try:
        while chunk := resp.raw.read1(64 * 1024, decode_content=True):
            chunks.append(chunk)
            if time.monotonic() > deadline:
                resp.close()
                raise TotalTimeout("total timeout: the answer took too long")
    except urllib3.exceptions.ReadTimeoutError as exc:
        raise requests.ReadTimeout(exc) from exc
    except (urllib3.exceptions.HTTPError, OSError) as exc:
        raise requests.ConnectionError(exc) from exc
    resp._content = b"".join(chunks)  # what requests itself does once a body is read
    resp._content_consumed = True  # type: ignore[attr-defined]


class TotalTimeout(requests.Timeout):
    """A request that kept trickling past the transport's total timeout."""


# --- response handling ----------------------------------------------------------------------------


_JSON_TYPES = ("application/json", "application/problem+json")


def portal_answer(resp: requests.Response, *, expect_json: bool) -> PortalAnswer | None:
    """A PortalAnswer when this answer cannot be the central server's, else None.

    The server never redirects (the client does not follow redirects) and answers its JSON
    endpoints and every 4xx with JSON. So a 3xx, a 511 (network authentication required), a 4xx
    that is not JSON, or a JSON endpoint answering with something else (a hotel portal's HTML
    login page, a proxy's block page) came from something in between: no usable connection.
    A 5xx stays a server error (a reverse proxy of the server's own may answer those in HTML).
    """
    status = resp.status_code
    if (300 <= status < 400 and status != 304) or status == 511:
        return PortalAnswer(f"HTTP {status}: a login page or proxy is in the way")
    content_type = resp.headers.get("Content-Type", "").split(";")[0].strip().lower()
    if content_type in _JSON_TYPES or status >= 500 or status in (204, 206, 304):
        return None
    if status >= 400 or (expect_json and 200 <= status < 300):
        return PortalAnswer(f"HTTP {status} {content_type or 'without type'}: not the server")
    return None


class SystemTrustAdapter(HTTPAdapter):
    """HTTPS checked against the operating system's certificate store instead of certifi's
    bundle: Windows' store on Windows, the distribution's (or SSL_CERT_FILE) elsewhere."""

    def __init__(self) -> None:
        self._context = truststore.SSLContext(ssl.PROTOCOL_TLS_CLIENT)
        super().__init__()

    def init_poolmanager(self, *args: Any, **kwargs: Any) -> None:
        kwargs["ssl_context"] = self._context
        super().init_poolmanager(*args, **kwargs)

    def proxy_manager_for(self, proxy: str, **kwargs: Any) -> Any:
        kwargs["ssl_context"] = self._context
        return super().proxy_manager_for(proxy, **kwargs)

    def cert_verify(self, conn: Any, url: str, verify: Any, cert: Any) -> None:
        super().cert_verify(conn, url, verify, cert)  # type: ignore[no-untyped-call]
        if verify is True:  # requests would add certifi's bundle: the system's store only
            conn.ca_certs = None
            conn.ca_cert_dir = None


def system_proxies(url: str) -> dict[str, str]:
    """The operating system's proxy for `url` (Windows: Internet Options; elsewhere the
    *_proxy variables), or none when the system says to bypass it for this host."""
    host = urllib.parse.urlsplit(url).hostname or ""
    if host in ("127.0.0.1", "localhost", "::1") or urllib.request.proxy_bypass(host):
        return {}
    found = urllib.request.getproxies()
    return {scheme: found[scheme] for scheme in ("http", "https") if scheme in found}


def parse_model(resp: requests.Response, model: type[M]) -> M:
    """Parse a JSON answer with a wire model; anything that does not fit is MalformedResponse."""
    try:
        if model is ChangesPage:  # the big one: parsed in pieces (see ChangesPage.parse)
            return ChangesPage.parse(resp.content)  # type: ignore[return-value]
        return model.model_validate_json(resp.content)
    except (ValidationError, ValueError) as exc:
        raise MalformedResponse(f"{model.__name__}: {str(exc)[:200]}") from exc


def parse_problem(resp: requests.Response) -> Problem | None:
    try:
        return Problem.model_validate_json(resp.content)
    except (ValidationError, ValueError):
        return None


def error_for(resp: requests.Response) -> TransportError:
    """The typed error for a status outside the expected ones (its `status` set)."""
    error = _error_for(resp)
    error.status = resp.status_code
    return error


def _error_for(resp: requests.Response) -> TransportError:
    status = resp.status_code
    problem = parse_problem(resp)
    if status == 401:
        return AuthError(problem)
    if status == 426:
        message = problem.detail if problem and problem.detail else None
        return UpgradeRequired(message or "Versi aplikasi ini tidak lagi dilayani; perbarui.")
    if status == 429:
        return RateLimited(retry_after_seconds(resp.headers.get("Retry-After")), problem)
    if status >= 500:
        return ServerError(status, problem)
    if 400 <= status < 500:
        if problem is None:
            return MalformedResponse(f"HTTP {status} without problem details")
        if status == 409 and problem.code == "server_restored":
            return ServerRestored(problem)
        if status == 409 and problem.code == "server_replaced":
            return ServerReplaced(problem)
        return ProblemError(problem)
    return MalformedResponse(f"unexpected HTTP {status}")


def retry_after_seconds(value: str | None, *, default: float = 30.0) -> float:
    """Retry-After as seconds: either delta-seconds or an HTTP date."""
    if not value:
        return default
    value = value.strip()
    if value.isdigit():
        return float(value)
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.UTC)
    return max(0.0, (when - clock.now()).total_seconds())


def _offline_error(exc: requests.RequestException) -> OfflineError:
    """A proxy or a certificate as the cause gets its own error (and message); the rest is
    an ordinary dead link."""
    if isinstance(exc, requests.exceptions.ProxyError):
        return NetworkSetupError("proxy", _describe(exc))
    if isinstance(exc, requests.exceptions.SSLError) and _is_verification_failure(exc):
        return NetworkSetupError("certificate", _describe(exc))
    return OfflineError(_describe(exc))


def _is_verification_failure(exc: BaseException) -> bool:
    seen: set[int] = set()
    cause: BaseException | None = exc
    while cause is not None and id(cause) not in seen:
        seen.add(id(cause))
        if isinstance(cause, ssl.SSLCertVerificationError):
            return True
        nested = cause.args[0] if cause.args and isinstance(cause.args[0], BaseException) else None
        cause = cause.__cause__ or cause.__context__ or getattr(cause, "reason", None) or nested
    return "CERTIFICATE_VERIFY_FAILED" in str(exc)


def _describe(exc: requests.RequestException) -> str:
    kind = type(exc).__name__
    if isinstance(exc, requests.ConnectTimeout):
        return "connect timeout"
    if isinstance(exc, requests.ReadTimeout):
        return "stalled: no data within the stall timeout"
    if isinstance(exc, TotalTimeout):
        return str(exc)
    return f"{kind}: {str(exc)[:160]}"


def _head_size_sent(resp: requests.Response | None) -> int:
    if resp is None or resp.request is None:
        return 0
    req = resp.request
    line = len(f"{req.method} {req.path_url} HTTP/1.1\r\n")
    return line + sum(len(k) + len(str(v)) + 4 for k, v in req.headers.items()) + 2


def _size_received(resp: requests.Response | None) -> int:
    """Bytes on the wire: status line and headers plus the (still compressed) body."""
    if resp is None:
        return 0
    head = 15 + len(resp.reason or "") + sum(len(k) + len(v) + 4 for k, v in resp.headers.items())
    raw = getattr(resp, "raw", None)
    body = None
    if raw is not None:
        tell = getattr(raw, "tell", None)
        if callable(tell):
            try:
                body = int(tell())
            except (TypeError, ValueError, OSError):
                body = None
    if body is None:
        body = len(resp.content)
    return head + body
