"""Opening GET /files/{sha256} for a download, through the sync transport's settings.

Each download thread gets its own sibling of the sync transport (same server, CA bundle, proxy
and timeouts; a Transport is never shared between threads) and asks the credentials for the access
token on its own thread. A 401 refreshes the token once, through the credentials' lock, and the
request is tried again.
"""

from __future__ import annotations

import threading
from collections.abc import Mapping

import requests

from sync.credentials import Credentials
from sync.errors import AuthError
from sync.transport import Transport


class FileFetcher:
    """Thread-safe: call `open` from any worker thread, never from the UI thread."""

    def __init__(self, transport: Transport, credentials: Credentials) -> None:
        self._transport = transport
        self._credentials = credentials
        self._local = threading.local()

    @property
    def has_token(self) -> bool:
        return self._credentials.has_access_token

    def open(self, sha256: str, *, headers: Mapping[str, str] | None = None) -> requests.Response:
        """The streamed answer (200 or 206); the caller reads it and closes it.

        Raises the transport's typed errors; AuthRequired when the session cannot be renewed.
        """
        transport = self._thread_transport()
        path = f"/files/{sha256}"
        token = self._credentials.access_token
        try:
            return transport.open_stream(path, token=token, headers=headers)
        except AuthError:
            self._credentials.refresh(refused=token, via=transport)
        return transport.open_stream(path, token=self._credentials.access_token, headers=headers)

    def _thread_transport(self) -> Transport:
        transport: Transport | None = getattr(self._local, "transport", None)
        if transport is not None and transport.generation != self._transport.generation:
            transport.close()  # made before the settings changed
            transport = None
        if transport is None:
            transport = self._local.transport = self._transport.sibling()
        return transport
