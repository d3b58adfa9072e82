"""Encrypted profiles for tests: one fixed data key, and raw connections that use it."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from localdb import cipher

# Tests open profiles with this key, as the app does with the key a password unwraps.
TEST_KEY = bytes(range(32))


def db_connect(path: Path | str, *, key: bytes | None = TEST_KEY, **_ignored: Any) -> Any:
    """A DB-API connection to a (test-key) encrypted database file, like sqlite3.connect."""
    return cipher.connect(path, key)
