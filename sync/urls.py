"""Which server URLs the client may talk to: https always, plain http only on this computer.

Kept free of `requests` so the desktop's settings can check a URL without importing the network
stack.
"""

from __future__ import annotations

import ipaddress
from urllib.parse import urlsplit

__all__ = ["INSECURE_SERVER_MESSAGE", "InsecureServerUrl", "is_loopback_host", "server_url_allowed"]

INSECURE_SERVER_MESSAGE = (
    "Alamat server harus memakai https://. Sambungan http:// tanpa enkripsi hanya diizinkan "
    "untuk server di komputer ini sendiri (127.0.0.1, ::1 atau localhost)."
)


class InsecureServerUrl(Exception):
    """A server URL that would send passwords and citizens' data without TLS."""

    def __init__(self) -> None:
        super().__init__(INSECURE_SERVER_MESSAGE)
        self.message = INSECURE_SERVER_MESSAGE


def is_loopback_host(host: str) -> bool:
    """127.0.0.0/8, ::1 and localhost: traffic that never leaves this computer."""
    name = host.strip("[]").lower().rstrip(".")
    if name == "localhost":
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def server_url_allowed(server_url: str) -> bool:
    """https always; http only to a loopback host. Anything else is refused."""
    parts = urlsplit(server_url.strip())
    if parts.scheme == "https":
        return bool(parts.hostname)
    if parts.scheme == "http":
        return bool(parts.hostname) and is_loopback_host(parts.hostname or "")
    return False
