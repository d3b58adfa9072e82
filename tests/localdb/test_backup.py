from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from sqlalchemy import func, select

from localdb import commands as cmd
from localdb import syncstore as ss
from localdb.backup import backup_if_due, backup_time, list_backups, make_backup, rotate_backups
from localdb.errors import ProfileDamagedError
from localdb.models import Draft, Intake, Outbox, Report
from localdb.profile import DB_NAME, Profile
from localdb.recovery import recover, recover_with_report
from tests.localdb.builders import DESK, OFFICER, T0, lamp_intake, report_data, upsert
from tests.support.crypt import TEST_KEY, db_connect

DAY0 = dt.datetime(2026, 3, 2, 1, 0, tzinfo=dt.UTC)
TEXT = "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."


def test_backup_is_a_complete_database(profile: Profile) -> None:
    data = report_data()
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", data)], "c1")
    copy = make_backup(profile.db_path, profile.backup_dir, reason="manual", now=DAY0, key=TEST_KEY)
    assert backup_time(copy) == DAY0
    conn = db_connect(copy)
    assert conn.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert conn.execute("SELECT id FROM report").fetchall() == [(data["id"],)]
    conn.close()


def test_daily_backup_only_when_the_newest_is_older_than_a_day(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    Profile.open(folder, now=DAY0, key=TEST_KEY).close()
    Profile.open(folder, now=DAY0 + dt.timedelta(hours=23), key=TEST_KEY).close()
    assert [backup_time(p) for p in list_backups(folder / "backups")] == [DAY0]
    Profile.open(folder, now=DAY0 + dt.timedelta(hours=25), key=TEST_KEY).close()
    assert [backup_time(p) for p in list_backups(folder / "backups")] == [
        DAY0,
        DAY0 + dt.timedelta(hours=25),
    ]


def test_backups_rotate_keeping_the_newest(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    days = [DAY0 + dt.timedelta(days=i) for i in range(6)]
    for day in days:
        Profile.open(folder, now=day, keep_backups=3, key=TEST_KEY).close()
    assert [backup_time(p) for p in list_backups(folder / "backups")] == days[-3:]
    # Files that are not backups are never touched by rotation.
    (folder / "backups" / "notes.txt").write_text("x")
    rotate_backups(folder / "backups", keep=1)
    assert [backup_time(p) for p in list_backups(folder / "backups")] == days[-1:]
    assert (folder / "backups" / "notes.txt").exists()
    assert (
        backup_if_due(folder / DB_NAME, folder / "backups", now=days[-1], keep=1, key=TEST_KEY)
        is None
    )


# dbstat (which finds a table's pages) is only in the standard library's SQLite, so the
# page-damage tests run on a plain profile: the check and recovery code is the same for
# both; tests/localdb/test_encryption.py damages an encrypted file.
def _damage_table(db: Path, table: str) -> None:
    conn = db_connect(db, key=None)
    pages = [
        r[0]
        for r in conn.execute(
            "SELECT pageno FROM dbstat WHERE name = ? AND pagetype = 'leaf'", (table,)
        )
    ]
    page_size = conn.execute("PRAGMA page_size").fetchone()[0]
    conn.close()
    assert len(pages) >= 4
    with open(db, "r+b") as f:
        for page in pages[1:3]:
            f.seek((page - 1) * page_size)
            f.write(b"\x0d" + b"\xa5" * (page_size - 1))


def test_recovery_keeps_every_unsent_op_draft_and_intake(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    datas = [report_data(content="Isi laporan yang cukup panjang. " * 20) for _ in range(120)]
    with Profile.open(folder, key=None) as profile:
        with profile.session() as s, s.begin():
            ss.apply_changes(s, [upsert("report", d) for d in datas], "cursor-9")
        with profile.session() as s, s.begin():
            for d in datas[:5]:
                cmd.save_draft(s, OFFICER, d["id"], TEXT)
                cmd.submit_followup(s, OFFICER, d["id"])
            cmd.save_draft(s, OFFICER, datas[6]["id"], "Draf yang belum selesai")
            lamp_intake(s)
            ops = sorted(s.scalars(select(Outbox.op_id)).all())
            top_seq = s.scalar(select(func.max(Outbox.seq)))
    _damage_table(folder / DB_NAME, "report")
    with pytest.raises(ProfileDamagedError):
        Profile.open(folder, key=None)

    result = recover_with_report(folder)

    assert result.damaged_copy.exists() and result.damaged_copy.parent == folder
    assert result.unreadable["report"] > 0  # the damage was real
    with Profile.open(folder, key=None) as profile, profile.session() as s, s.begin():
        assert sorted(s.scalars(select(Outbox.op_id)).all()) == ops
        assert s.scalars(select(Draft.content)).all() == ["Draf yang belum selesai"]
        assert s.scalar(select(func.count()).select_from(Intake)) == 1
        assert 0 < s.scalar(select(func.count()).select_from(Report)) < len(datas)
        assert ss.get_sync_state(s).cursor is None  # the next pull refetches everything
        assert len(ss.pending_ops(s, now=T0 + dt.timedelta(days=1))) == len(ops)
        cmd.create_intake(
            s,
            DESK,
            office_code="DPUPR",
            title="Air mati",
            content="Air PDAM mati sejak kemarin pagi.",
            classification="pengaduan",
            received_at=T0,
        )
        assert s.scalar(select(func.max(Outbox.seq))) == top_seq + 1  # numbering continues


def test_recover_on_a_healthy_profile_loses_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", report_data()) for _ in range(3)], "c")
    aside = recover(folder, key=TEST_KEY)
    assert aside.exists()
    with Profile.open(folder, key=TEST_KEY) as profile, profile.session() as s:
        assert s.scalar(select(func.count()).select_from(Report)) == 3
