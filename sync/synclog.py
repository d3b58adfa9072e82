"""The sync log: every request (id, endpoint, status, bytes, duration, error) in the profile."""

from __future__ import annotations

import threading

from localdb import syncstore
from localdb.profile import Profile
from sync.transport import RequestRecord


class RequestLog:
    """Writes request records to the profile's sync log.

    Records from the thread that owns the cycle are written at once; records from a helper
    thread (the pull's prefetcher) are buffered and written by the owner between pages, so the
    log never competes with a page's transaction for SQLite's one write lock.
    """

    def __init__(self, profile: Profile) -> None:
        self.profile = profile
        self.owner = threading.get_ident()
        self._lock = threading.Lock()
        self._buffer: list[RequestRecord] = []

    def add(self, record: RequestRecord) -> None:
        with self._lock:
            self._buffer.append(record)
        if threading.get_ident() == self.owner:
            self.flush()

    def flush(self) -> None:
        with self._lock:
            records, self._buffer = self._buffer, []
        if not records:
            return
        with self.profile.session() as s, s.begin():
            for record in records:
                syncstore.record_request(
                    s,
                    request_id=record.request_id,
                    method=record.method,
                    endpoint=record.endpoint,
                    status=record.status,
                    bytes_sent=record.bytes_sent,
                    bytes_received=record.bytes_received,
                    duration_ms=record.duration_ms,
                    error=record.error,
                )
