"""Knowing that a profile existed, from outside its database.

A database file that is missing or empty where a profile existed is damage, not a new profile:
opening it as new would make a fresh device id and an empty outbox, and the officer's unsent work
would be silently gone. The evidence lives outside the database: a small marker file written
once the profile's database has opened, its backups, and its op journal.
"""

from __future__ import annotations

import json
import os
from pathlib import Path

from localdb.backup import list_backups
from localdb.cipher import private_file
from localdb.errors import ProfileDamagedError
from localdb.journal import OpJournal
from localdb.sqltypes import utcnow

MARKER_NAME = "profile.json"
MISSING = "database file missing or empty where a profile existed"


def check_not_lost(folder: Path, db_path: Path, backup_dir: Path) -> None:
    """Raise ProfileDamagedError when the database is gone or empty but the profile existed."""
    if db_path.exists() and db_path.stat().st_size > 0:
        return
    existed = (
        (folder / MARKER_NAME).exists()
        or bool(list_backups(backup_dir))
        or bool(OpJournal(folder).open_ops())
    )
    if existed:
        raise ProfileDamagedError(db_path, MISSING)


def mark_present(folder: Path) -> None:
    """Write the marker once (the profile's database opened fine)."""
    marker = folder / MARKER_NAME
    if marker.exists():
        return
    partial = marker.with_name(marker.name + ".partial")
    partial.write_text(json.dumps({"created_at": utcnow().isoformat()}), encoding="utf-8")
    private_file(partial)  # 0600, like every file of the profile
    os.replace(partial, marker)
