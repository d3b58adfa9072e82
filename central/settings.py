"""Settings of one server process (the world's settings live in the database, see rules.py)."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from central.auth import AuthPolicy
from central.middleware import MAX_BODY_BYTES, MAX_CHUNK_BYTES
from sync.wire import MIN_CLIENT_VERSION


@dataclass(frozen=True)
class ServerSettings:
    db_url: str
    data_dir: Path
    # None switches the admin API off; `serve` always sets one (given or random) and prints it.
    admin_token: str | None = None
    max_upload_bytes: int = 25 * 1024 * 1024
    # Any request body (413 above it, decided while reading); one upload PATCH has its own cap.
    max_body_bytes: int = MAX_BODY_BYTES
    max_chunk_bytes: int = MAX_CHUNK_BYTES
    auth: AuthPolicy = field(default_factory=AuthPolicy)
    # Auto-close and retention run after a clock move and at most this often while pulling.
    housekeeping_interval_seconds: float = 60.0
    gzip_minimum_size: int = 500
    # Clients that send an older X-Client-Version get 426 with what to do (`serve --min-client-version`).
    min_client_version: str = MIN_CLIENT_VERSION
    # Fault injection through the admin API (`serve --allow-faults`; on in the embedded server
    # that tests and the demo run). Off, the hub never reads the fault settings.
    fault_injection: bool = False


def sqlite_url(path: Path) -> str:
    return f"sqlite:///{path}"
