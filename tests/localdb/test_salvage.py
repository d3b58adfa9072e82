"""The pieces of "Pulihkan profil" on real files: the op journal, the presence marker, and
reading a truncated database."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import select

from localdb import commands as cmd
from localdb import syncstore as ss
from localdb.errors import ProfileDamagedError
from localdb.journal import JOURNAL_NAME, OpJournal
from localdb.models import Outbox
from localdb.profile import DB_NAME, Profile
from localdb.recovery import recover_with_report
from tests.localdb.builders import OFFICER, report_data, upsert

TEXT = "Tim kami sudah meninjau lokasi dan menjadwalkan perbaikan."


def _queue(profile: Profile, n: int) -> list[str]:
    datas = [report_data(content="Isi laporan yang cukup panjang. " * 20) for _ in range(200)]
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", d) for d in datas], "c")
    with profile.session() as s, s.begin():
        for d in datas[:n]:
            cmd.save_draft(s, OFFICER, d["id"], TEXT)
            cmd.submit_followup(s, OFFICER, d["id"])
        return list(s.scalars(select(Outbox.op_id).order_by(Outbox.seq)))


def test_journal_holds_committed_unsent_ops_only(tmp_path: Path) -> None:
    with Profile.open(tmp_path / "p") as profile:
        ops = _queue(profile, 3)
        with pytest.raises(RuntimeError), profile.session() as s, s.begin():
            d = report_data()
            ss.apply_changes(s, [upsert("report", d)], "c2")
            cmd.save_draft(s, OFFICER, d["id"], TEXT)
            cmd.submit_followup(s, OFFICER, d["id"])
            raise RuntimeError("rolled back: its op never existed")
        with profile.session() as s, s.begin():
            device = ss.device_id(s)
            ss.mark_applied(s, ops[0], None, None)
    journal = OpJournal(tmp_path / "p")
    assert [j.op["op_id"] for j in journal.open_ops()] == ops[1:]
    assert {j.device_id for j in journal.open_ops()} == {device}
    with open(journal.path, "ab") as f:
        f.write(b'{"k": "op", "op": {"op_id": "torn')  # a crash mid-append
    assert [j.op["op_id"] for j in journal.open_ops()] == ops[1:]


def test_journal_compaction_keeps_open_ops(tmp_path: Path, monkeypatch) -> None:
    monkeypatch.setattr("localdb.journal.COMPACT_ABOVE_BYTES", 1)
    with Profile.open(tmp_path / "p") as profile:
        ops = _queue(profile, 3)
        with profile.session() as s, s.begin():
            ss.mark_applied(s, ops[0], None, None)
    # Compacted right after the acknowledgement was journalled: the acknowledged op is gone.
    journal = OpJournal(tmp_path / "p")
    text = journal.path.read_text()
    assert ops[0] not in text and '"done"' not in text
    assert [j.op["op_id"] for j in journal.open_ops()] == ops[1:]


def test_an_empty_or_missing_file_where_a_profile_was_is_damage(tmp_path: Path) -> None:
    Profile.open(tmp_path / "new").close()  # a new profile opens
    folder = tmp_path / "p"
    with Profile.open(folder) as profile:
        _queue(profile, 1)
    (folder / DB_NAME).write_bytes(b"")
    with pytest.raises(ProfileDamagedError) as caught:
        Profile.open(folder)
    assert "Pulihkan profil" in caught.value.message
    (folder / DB_NAME).unlink()
    with pytest.raises(ProfileDamagedError):
        Profile.open(folder)
    assert (folder / JOURNAL_NAME).exists()


def test_rows_of_a_truncated_database_are_read(tmp_path: Path) -> None:
    folder = tmp_path / "p"
    with Profile.open(folder) as profile:
        ops = _queue(profile, 5)
    db = folder / DB_NAME
    with open(db, "r+b") as f:
        f.truncate(int(db.stat().st_size * 0.6))
    result = recover_with_report(folder)
    assert result.copied["outbox"] == 5
    with Profile.open(folder) as profile, profile.read_session() as s, s.begin():
        assert list(s.scalars(select(Outbox.op_id).order_by(Outbox.seq))) == ops
