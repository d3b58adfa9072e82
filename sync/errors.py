"""Typed failures of a request, so the runner can decide per kind (retry, log in, stop)."""

from __future__ import annotations

from sync.wire import Problem


class TransportError(Exception):
    """Base of every failure of a request to the central server."""

    status: int | None = None  # the HTTP status when the server answered


class OfflineError(TransportError):
    """No usable connection: connect failed, DNS, reset, stalled, or a captive portal."""


class PortalAnswer(OfflineError):
    """Something between us and the server answered instead of it: a captive portal's page, a
    redirect to a login page, a proxy's HTML error. For the user that is "offline"."""


# What the user is told when the office network's set-up, not a dead link, stops the connection
# (sync/summary.py shows it; the login dialog has the same words, translated).
CERTIFICATE_MESSAGE = (
    "Sertifikat server tidak dipercaya komputer ini, jadi Simpul tidak tersambung. Bila kantor "
    "memakai proksi yang memeriksa HTTPS, minta petugas TI memasang sertifikat akar kantor di "
    "sistem operasi, atau pilih berkas sertifikat CA kantor di Berkas › Pengaturan."
)
PROXY_MESSAGE = (
    "Proksi jaringan menolak atau tidak dapat dihubungi, jadi Simpul tidak tersambung ke server. "
    "Periksa pengaturan proksi (Berkas › Pengaturan, atau proksi sistem operasi) bersama "
    "petugas TI kantor."
)


class NetworkSetupError(OfflineError):
    """The connection failed because of a proxy or a certificate, not because the link is down:
    retrying alone will not help. `kind` is "certificate" or "proxy"; `message` is for the user."""

    def __init__(self, kind: str, detail: str) -> None:
        super().__init__(f"{kind}: {detail}")
        self.kind = kind
        self.message = CERTIFICATE_MESSAGE if kind == "certificate" else PROXY_MESSAGE


class MalformedResponse(TransportError):
    """The server answered, but not with JSON that fits the wire contract."""


class ServerError(TransportError):
    """5xx: the server failed; try again later."""

    def __init__(self, status: int, problem: Problem | None = None) -> None:
        super().__init__(f"server error {status}: {problem.detail if problem else ''}".strip())
        self.status = status
        self.problem = problem


class RateLimited(TransportError):
    """429: wait at least `retry_after` seconds."""

    def __init__(self, retry_after: float, problem: Problem | None = None) -> None:
        super().__init__(f"rate limited, retry after {retry_after:.0f} s")
        self.retry_after = retry_after
        self.problem = problem


class AuthError(TransportError):
    """401: the access token (or the refresh token, or the password) was not accepted."""

    def __init__(self, problem: Problem | None = None) -> None:
        super().__init__(problem.detail if problem and problem.detail else "unauthorized")
        self.problem = problem


class UpgradeRequired(TransportError):
    """426: this client version is no longer served; `message` is for the user."""

    def __init__(self, message: str) -> None:
        super().__init__(message)
        self.message = message


class ProblemError(TransportError):
    """Any other 4xx, with the server's problem details."""

    def __init__(self, problem: Problem) -> None:
        super().__init__(f"{problem.status} {problem.code}: {problem.detail or problem.title}")
        self.problem = problem


class ServerRestored(ProblemError):
    """409 `server_restored`: the server's database is an older copy than the history this
    client saw (restored from a backup). Nothing was applied; offer again, read again."""


class ServerReplaced(ProblemError):
    """409 `server_replaced`: the server runs on another database than the one this profile
    synced with. Nothing was applied; nothing more is sent until someone decides."""


class Cancelled(Exception):
    """The user (or the app shutting down) asked the cycle to stop; nothing half-done is lost."""
