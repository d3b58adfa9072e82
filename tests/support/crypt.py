"""Encrypted profiles for tests: one fixed data key, and raw connections that use it."""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from localdb import cipher

# Tests open profiles with this key, as the app does with the key a password unwraps.
TEST_KEY = bytes(range(32))


def db_connect(path: Path | str, *, key: bytes | None = TEST_KEY, **_ignored: Any) -> Any:
    """A DB-API connection to a (test-key) encrypted database file, like sqlite3.connect."""
    return cipher.connect(path, key)


def big_profile(folder: Path, megabytes: int = 60) -> None:
    """A sound encrypted profile whose file is big enough that its quick check takes a while
    (about 0.2 s here for 60 MB): rows of random text in the audit table."""
    from sqlalchemy import text

    from localdb.profile import Profile

    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s, s.begin():
        for i in range(megabytes * 5):
            s.execute(
                text(
                    "INSERT INTO audit (at, actor, action, entity_kind, entity_id, detail) "
                    "VALUES ('2026-01-01T00:00:00.000000Z', 'a', 'b', 'c', :i, :d)"
                ),
                {"i": str(i), "d": '"' + os.urandom(100_000).hex() + '"'},
            )
