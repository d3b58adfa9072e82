"""A full disk: the write fails as a whole, says so clearly, and works again once there is room.

SQLite's `max_page_count` stops the database file from growing, which takes the same SQLITE_FULL
path as a full disk, without needing a small filesystem of our own.
"""

from __future__ import annotations

import errno
from pathlib import Path

import pytest
from sqlalchemy import event, func, select
from sqlalchemy.exc import OperationalError

from localdb import commands, syncstore
from localdb.errors import STORAGE_FULL_MESSAGE, storage_message
from localdb.models import Audit, Draft, Outbox
from localdb.profile import Profile
from tests.localdb.builders import OFFICER, report_data, upsert
from tests.support.crypt import TEST_KEY

BIG = "Tindak lanjut yang panjang untuk warga. " * 480  # ~19 kB: needs pages the file cannot get


def _cap_growth(profile: Profile) -> None:
    @event.listens_for(profile.engine, "connect")
    def _cap(dbapi_conn, _record) -> None:  # type: ignore[no-untyped-def]
        pages = dbapi_conn.execute("PRAGMA page_count").fetchone()[0]
        dbapi_conn.execute(f"PRAGMA max_page_count = {pages}")

    profile.engine.dispose()  # new connections pick the cap up


def _counts(profile: Profile) -> tuple[int, int, int]:
    with profile.read_session() as s, s.begin():
        return tuple(  # type: ignore[return-value]
            s.scalar(select(func.count()).select_from(t)) for t in (Draft, Outbox, Audit)
        )


def test_full_disk_fails_whole_with_a_clear_message(tmp_path: Path) -> None:
    folder = tmp_path / "profile"
    data = report_data()
    with Profile.open(folder, key=TEST_KEY) as profile:
        with profile.session() as s, s.begin():
            syncstore.apply_changes(s, [upsert("report", data)], "c1")
        before = _counts(profile)
        _cap_growth(profile)
        with pytest.raises(OperationalError) as caught, profile.session() as s, s.begin():
            commands.save_draft(s, OFFICER, data["id"], BIG)
        assert storage_message(caught.value) == STORAGE_FULL_MESSAGE
        assert _counts(profile) == before  # nothing half-written

    with Profile.open(folder, key=TEST_KEY) as profile:  # room again: the same save goes through
        with profile.session() as s, s.begin():
            commands.save_draft(s, OFFICER, data["id"], BIG)
        assert _counts(profile)[0] == before[0] + 1


def test_storage_messages_cover_blob_writes_and_leave_other_errors_alone() -> None:
    assert storage_message(OSError(errno.ENOSPC, "No space left on device")) == STORAGE_FULL_MESSAGE
    locked = OperationalError("UPDATE", {}, Exception("database is locked"))
    assert "sibuk" in (storage_message(locked) or "")
    assert storage_message(ValueError("bukan masalah disk")) is None
