"""The connection states the sync controller reports and the status bar shows."""

from __future__ import annotations

from enum import StrEnum


class ConnectionState(StrEnum):
    ONLINE = "online"
    OFFLINE = "offline"
    SYNCING = "syncing"
    ERROR = "error"
    AUTH_NEEDED = "auth_needed"  # the user has to log in again
