"""HTTP transport to the central API: one requests.Session, typed errors, every request measured.

A weak link is slow but moving most of the time, and now and then silent. So there is a connect
timeout and a *stall* timeout (no byte for N seconds: requests' read timeout is exactly that), and
no total timeout: a slow transfer that keeps moving is never cut off.

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
import ssl
import time
import urllib.parse
import urllib.request
import uuid
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, TypeVar

import requests
import truststore
from pydantic import BaseModel, ValidationError
from requests.adapters import HTTPAdapter

from domain import clock
from sync.errors import (
    AuthError,
    MalformedResponse,
    NetworkSetupError,
    OfflineError,
    ProblemError,
    RateLimited,
    ServerError,
    UpgradeRequired,
)
from sync.version import app_version
from sync.wire import API_PREFIX, Health, Problem

CLIENT_VERSION = app_version()
GZIP_MIN_BYTES = 1024

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


class Transport:
    """Talks to one central server. Not thread-safe: one per sync thread."""

    def __init__(
        self,
        server_url: str,
        *,
        device_id: str | None = None,
        client_version: str = CLIENT_VERSION,
        connect_timeout: float = 15.0,
        stall_timeout: float = 30.0,
        ca_bundle: str | None = None,
        proxy_url: str | None = None,
        system_proxy: bool = False,
        on_request: RequestCallback | None = None,
    ) -> None:
        self.base_url = api_base(server_url)
        self.device_id = device_id
        self.client_version = client_version
        self.access_token: str | None = None
        self.on_request = on_request
        self._timeout = (connect_timeout, stall_timeout)
        self._session = requests.Session()
        # Proxies and CA come from our settings only (the system's when they say so), never
        # silently from variables such as REQUESTS_CA_BUNDLE.
        self._session.trust_env = False
        # TLS verification is always on; a custom CA bundle replaces the system's store.
        self._session.verify = ca_bundle if ca_bundle else True
        if not ca_bundle:
            self._session.mount("https://", SystemTrustAdapter())
        if proxy_url:
            self._session.proxies = {"http": proxy_url, "https": proxy_url}
        elif system_proxy:
            self._session.proxies = system_proxies(self.base_url)
        self._session.headers["Accept-Encoding"] = "gzip"
        self._session.headers["Accept"] = "application/json"

    def close(self) -> None:
        self._session.close()

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
        _, parsed = self._exchange("GET", path, params=params, auth=auth, model=model)
        assert parsed is not None
        return parsed

    def post_model(
        self, path: str, body: BaseModel | dict[str, Any], model: type[M], *, auth: bool = True
    ) -> M:
        payload = (
            body.model_dump(mode="json", by_alias=True) if isinstance(body, BaseModel) else body
        )
        _, parsed = self._exchange(
            "POST", path, json_body=payload, auth=auth, ok=(200, 201), model=model
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
        resp, _ = self._exchange(
            method,
            path,
            json_body=json_body,
            content=content,
            headers=headers,
            params=params,
            auth=auth,
            ok=ok,
            model=None,
        )
        return resp

    def _exchange(
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
        model: type[M] | None,
    ) -> tuple[requests.Response, M | None]:
        """Send, check the status, parse with `model` when given, and record the outcome
        (a body that does not fit the model is recorded as the request's error)."""
        request_id = str(uuid.uuid4())
        all_headers = self._headers(request_id, auth, headers)
        body = content
        if json_body is not None:
            body = json.dumps(json_body, ensure_ascii=False, separators=(",", ":")).encode()
            all_headers["Content-Type"] = "application/json"
            if len(body) > GZIP_MIN_BYTES:
                body = gzip.compress(body, compresslevel=6, mtime=0)
                all_headers["Content-Encoding"] = "gzip"
        started = time.monotonic()
        try:
            resp = self._session.request(
                method,
                self.base_url + path,
                data=body,
                headers=all_headers,
                params=params,
                timeout=self._timeout,
                allow_redirects=False,
            )
        except requests.RequestException as exc:
            self._record(request_id, method, path, None, body, None, started, _describe(exc))
            raise _offline_error(exc) from exc
        failure: Exception | None = None
        parsed: M | None = None
        if resp.status_code not in ok:
            failure = error_for(resp)
        elif model is not None:
            try:
                parsed = parse_model(resp, model)
            except MalformedResponse as exc:
                failure = exc
        error = None if failure is None else f"HTTP {resp.status_code}: {str(failure)[:160]}"
        self._record(request_id, method, path, resp.status_code, body, resp, started, error)
        if failure is not None:
            raise failure
        return resp, parsed

    def _headers(
        self, request_id: str, auth: bool, extra: Mapping[str, str] | None
    ) -> dict[str, str]:
        headers = {"X-Request-ID": request_id, "X-Client-Version": self.client_version}
        if self.device_id:
            headers["X-Device-ID"] = self.device_id
        if auth and self.access_token:
            headers["Authorization"] = f"Bearer {self.access_token}"
        if extra:
            headers.update(extra)
        return headers

    def _record(
        self,
        request_id: str,
        method: str,
        path: str,
        status: int | None,
        body: bytes | None,
        resp: requests.Response | None,
        started: float,
        error: str | None,
    ) -> None:
        if self.on_request is None:
            return
        sent = len(body or b"") + _head_size_sent(resp)
        self.on_request(
            RequestRecord(
                request_id=request_id,
                method=method,
                endpoint=path,
                status=status,
                bytes_sent=sent,
                bytes_received=_size_received(resp),
                duration_ms=int((time.monotonic() - started) * 1000),
                error=error,
            )
        )


# --- response handling ----------------------------------------------------------------------------


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
        super().cert_verify(conn, url, verify, cert)
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
        return model.model_validate_json(resp.content)
    except (ValidationError, ValueError) as exc:
        raise MalformedResponse(f"{model.__name__}: {str(exc)[:200]}") from exc


def parse_problem(resp: requests.Response) -> Problem | None:
    try:
        return Problem.model_validate_json(resp.content)
    except (ValidationError, ValueError):
        return None


def error_for(resp: requests.Response) -> Exception:
    """The typed error for a status outside the expected ones."""
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
