"""Calls to the SP4N-LAPOR! v4 API, each answer classified for the outbox.

- `Ok`: a 2xx JSON answer.
- `Refused`: a 4xx answer (not 408 or 429), JSON from LAPOR! or a gateway's own page: the
  call was not carried out and will not be by repeating it; the reason is kept for the
  administrator.
- `RateLimited`: 429; not carried out; try again after `retry_after` seconds.
- `Unknown`: no answer, a timeout, a 408 or 5xx, or a 2xx that is not JSON (a gateway's
  page): the call may or may not have been carried out. For a POST the bridge reads back
  first.
- `Unreachable`: the connection could not be opened, so nothing was sent.

The credentials go in headers only; no message here ever carries them or the body sent.
"""

from __future__ import annotations

import email.utils
import time
from dataclasses import dataclass
from typing import Any

import httpx

from central.lapor.secrets import Credentials


@dataclass(frozen=True)
class Ok:
    body: dict[str, Any]


@dataclass(frozen=True)
class Refused:
    status: int
    reason: str


@dataclass(frozen=True)
class RateLimited:
    retry_after: float


@dataclass(frozen=True)
class Unknown:
    reason: str


@dataclass(frozen=True)
class Unreachable:
    reason: str


Outcome = Ok | Refused | RateLimited | Unknown | Unreachable


class AuthRefused(Exception):
    """401/403: the gateway key or account token is wrong; nothing can be sent until fixed."""


def _retry_after(value: str | None, default: float = 60.0) -> float:
    if not value:
        return default
    try:
        return max(0.0, float(value))
    except ValueError:
        pass
    try:
        when = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError):
        return default
    return max(0.0, when.timestamp() - time.time())


def _message(response: httpx.Response) -> str:
    try:
        data = response.json()
    except ValueError:
        return f"HTTP {response.status_code}"
    text = data.get("message") if isinstance(data, dict) else None
    return (
        f"HTTP {response.status_code}: {str(text)[:200]}"
        if text
        else f"HTTP {response.status_code}"
    )


_GATEWAY_4XX = "check the path and method in the mapping, and the gateway's routes"


def classify(response: httpx.Response) -> Outcome:
    status = response.status_code
    if status == 429:
        return RateLimited(_retry_after(response.headers.get("retry-after")))
    if status in (401, 403):
        raise AuthRefused(_message(response))
    is_json = "json" in response.headers.get("content-type", "")
    if 400 <= status < 500 and status != 408 and not is_json:
        # The gateway's own page for a client error (no such path, a method not allowed, a body
        # too large): the call never reached LAPOR!, so nothing was carried out, and sending
        # it again unchanged gets the same page. Failed, with what to check, not retried.
        return Refused(status, f"HTTP {status} from the gateway, not LAPOR!: {_GATEWAY_4XX}")
    if status >= 500 or not is_json:
        kind = "no JSON" if not is_json else "server error"
        return Unknown(f"HTTP {status} ({kind})")
    if status >= 400:
        return Refused(status, _message(response))
    try:
        body = response.json()
    except ValueError:
        return Unknown(f"HTTP {status} (unreadable JSON)")
    if not isinstance(body, dict):
        return Unknown(f"HTTP {status} (unexpected JSON)")
    if body.get("success") is False:
        return Refused(status, _message(response))
    return Ok(body)


class LaporClient:
    def __init__(
        self,
        base_url: str,
        credentials: Credentials,
        *,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self._http = httpx.Client(
            base_url=self.base_url,
            headers={**credentials.headers(), "Accept": "application/json"},
            timeout=timeout,
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def call(self, method: str, path: str, **kw: Any) -> Outcome:
        try:
            response = self._http.request(method, path, **kw)
        except httpx.ConnectError as err:
            return Unreachable(f"cannot connect: {type(err).__name__}")
        except httpx.TimeoutException as err:
            return Unknown(f"timeout ({type(err).__name__})")
        except httpx.TransportError as err:
            return Unknown(f"connection lost ({type(err).__name__})")
        return classify(response)

    def get(self, path: str, params: dict[str, Any] | None = None) -> Outcome:
        return self.call("GET", path, params=params)

    def get_url(self, url: str) -> Outcome:
        """A `next_page_url` (absolute; must stay on the configured base)."""
        if not url.startswith(self.base_url):
            return Refused(0, "next_page_url leaves the configured base URL")
        return self.call("GET", url[len(self.base_url) :] or "/")

    def pages(self, path: str, params: dict[str, Any] | None = None) -> list[Any] | Outcome:
        """Every `results.data[]` item, following `results.next_page_url`; or the failure."""
        items: list[Any] = []
        outcome = self.get(path, params)
        for _ in range(100_000):
            if not isinstance(outcome, Ok):
                return outcome
            results = outcome.body.get("results") or {}
            items.extend(results.get("data") or [])
            next_url = results.get("next_page_url")
            if not next_url:
                return items
            outcome = self.get_url(next_url)
        return Unknown("too many pages")
