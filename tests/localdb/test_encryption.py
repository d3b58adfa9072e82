"""Encryption at rest, checked from outside: the bytes on disk, a wrong password, a stolen copy,
a profile written by the version before encryption, and a blob damaged on disk."""

from __future__ import annotations

import base64
import hashlib
import os
import stat
from pathlib import Path

import pytest
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from localdb import cipher, keybox
from localdb import commands as cmd
from localdb import syncstore as ss
from localdb.backup import list_backups
from localdb.errors import ProfileDamagedError, ProfileLockedError, WrongPasswordError
from localdb.models import Blob, Draft, Outbox, Report
from localdb.profile import DB_NAME, Profile, open_with_password, unlock_key
from localdb.search import search_reports
from localdb.sqltypes import utcnow
from tests.localdb.builders import OFFICER, report_data, upsert

PASSWORD = "Sandi-Kantor-2026"
SECRET_NAME = "Siti Aminah Rahasia"
SECRET_PHONE = "+628123456789"
PHOTO = b"\x89PNG foto bukti " + os.urandom(200_000) + b" akhir foto"


def _all_bytes(folder: Path) -> bytes:
    return b"".join(p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file())


def _digests(folder: Path) -> dict[str, str]:
    """Every file's digest, but SQLite's shared-memory index (a read may create it)."""
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*"))
        if p.is_file() and not p.name.endswith("-shm") and p.stat().st_size > 0
    }


def _report(s: Session, report_id: str) -> Report | None:
    return s.scalar(select(Report).where(Report.id == report_id))


def _fill(profile: Profile, tmp_path: Path) -> tuple[str, str]:
    """A report with a reporter, a draft, a queued op and an attachment."""
    data = report_data(reporter_name=SECRET_NAME, title="Saluran air tersumbat di pasar")
    src = tmp_path / "foto.png"
    src.write_bytes(PHOTO)
    with profile.session() as s, s.begin():
        ss.apply_changes(s, [upsert("report", data)], "c1")
        info = cmd.add_attachment(
            s, profile.blob_dir, src, "foto.png", "image/png", key=profile.blob_key
        )
        cmd.save_draft(s, OFFICER, data["id"], "Tim meninjau lokasi.", attachments=[info])
        cmd.submit_followup(s, OFFICER, data["id"])
    return data["id"], info.sha256


def test_nothing_readable_on_disk_and_private_permissions(tmp_path: Path) -> None:
    folder = tmp_path / "budi"
    profile, provisional = open_with_password(folder, PASSWORD)
    assert provisional  # a new profile: the server still has to accept the password
    with profile:
        _, sha = _fill(profile, tmp_path)
    raw = _all_bytes(folder)
    for secret in (SECRET_NAME.encode(), SECRET_PHONE.encode(), b"Saluran air", PHOTO[:40]):
        assert secret not in raw
    assert not cipher.is_plain_database(folder / DB_NAME)
    assert all(not cipher.is_plain_database(p) for p in list_backups(folder / "backups"))
    assert list_backups(folder / "backups")  # the daily backup exists, encrypted
    blob = folder / "blobs" / sha[:2] / sha
    assert cipher.is_encrypted_file(blob)
    if os.name == "posix":
        for path in [folder, *folder.rglob("*")]:
            mode = stat.S_IMODE(path.stat().st_mode)
            assert mode == (0o700 if path.is_dir() else 0o600), path


def test_right_password_reopens_wrong_password_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "budi"
    profile, _ = open_with_password(folder, PASSWORD)
    with profile:
        report_id, sha = _fill(profile, tmp_path)
    before = _digests(folder)
    with pytest.raises(WrongPasswordError) as err:
        open_with_password(folder, "sandi-keliru")
    assert "Kata sandi salah" in err.value.message
    assert _digests(folder) == before
    # Without any key the profile does not open as plain either.
    with pytest.raises(ProfileLockedError):
        Profile.open(folder)
    again, provisional = open_with_password(folder, PASSWORD)
    assert not provisional
    with again, again.read_session() as s, s.begin():
        assert _report(s, report_id) is not None
        assert [h.id for h in search_reports(s, "saluran tersumbat")] == [report_id]
        blob = s.get(Blob, sha)
        assert blob is not None
        assert b"".join(cipher.iter_plain(again.blob_dir / blob.path, again.blob_key)) == PHOTO


def test_a_copied_database_does_not_open_with_another_key(tmp_path: Path) -> None:
    """The stolen-laptop case: the file without the password is noise to SQLite."""
    profile, _ = open_with_password(tmp_path / "budi", PASSWORD)
    with profile:
        _fill(profile, tmp_path)
    thief = tmp_path / "thief"
    thief.mkdir()
    (thief / DB_NAME).write_bytes((tmp_path / "budi" / DB_NAME).read_bytes())
    with pytest.raises(ProfileDamagedError):
        Profile.open(thief, key=os.urandom(32))


def _old_verifier(password: str) -> str:
    """What the version before encryption stored in local_user.verifier."""
    salt = os.urandom(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=2**14, r=8, p=1, dklen=32)
    b64 = base64.b64encode
    return f"scrypt$16384$8$1${b64(salt).decode()}${b64(digest).decode()}"


def _plain_profile(folder: Path, tmp_path: Path) -> tuple[str, str]:
    """A profile as the version before encryption left it: plain database, blobs, backups."""
    with Profile.open(folder) as plain:  # no key: the old, plain format
        report_id, sha = _fill(plain, tmp_path)
        with plain.session() as s, s.begin():
            ss.save_local_user(
                s,
                {"id": "u1", "username": "budi", "full_name": "Budi", "roles": ["officer"]},
                device_id=ss.device_id(s),
                verifier=_old_verifier(PASSWORD),
                verified_at=utcnow(),
            )
    assert cipher.is_plain_database(folder / DB_NAME)
    assert SECRET_NAME.encode() in _all_bytes(folder)
    return report_id, sha


def test_a_plain_profile_is_encrypted_in_place_without_loss(tmp_path: Path) -> None:
    folder = tmp_path / "budi"
    report_id, sha = _plain_profile(folder, tmp_path)
    with Profile.open(folder) as plain, plain.read_session() as s, s.begin():
        counts = {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (Report, Draft, Outbox, Blob)
        }
    profile, provisional = open_with_password(folder, PASSWORD)
    assert not provisional
    with profile, profile.read_session() as s, s.begin():
        assert {
            m.__tablename__: s.scalar(select(func.count()).select_from(m))
            for m in (Report, Draft, Outbox, Blob)
        } == counts
        assert [h.id for h in search_reports(s, "saluran tersumbat")] == [report_id]
        assert _report(s, report_id).data["reporter"]["name"] == SECRET_NAME
        assert ss.load_local_user(s).verifier is None  # no password hash stays beside the data
        path = profile.blob_dir / s.get(Blob, sha).path
    assert b"".join(cipher.iter_plain(path, profile.blob_key)) == PHOTO
    # The old plain files are gone: nothing readable anywhere in the folder.
    raw = _all_bytes(folder)
    assert SECRET_NAME.encode() not in raw and PHOTO[:40] not in raw
    assert not cipher.is_plain_database(folder / DB_NAME)
    assert not any(cipher.is_plain_database(p) for p in folder.rglob("*.db"))
    assert not list(folder.rglob("*.encrypting")) and not list(folder.rglob("*.sealing"))


def test_a_plain_profile_and_a_wrong_password_changes_nothing(tmp_path: Path) -> None:
    folder = tmp_path / "budi"
    _plain_profile(folder, tmp_path)
    before = _digests(folder)
    with pytest.raises(WrongPasswordError):
        open_with_password(folder, "sandi-keliru")
    assert _digests(folder) == before
    assert not keybox.has_key(folder)


def test_an_interrupted_encryption_finishes_at_the_next_open(tmp_path: Path) -> None:
    """A crash after the key file was written but before the database was replaced."""
    folder = tmp_path / "budi"
    report_id, _ = _plain_profile(folder, tmp_path)
    key, _ = unlock_key(folder, PASSWORD)  # writes the key file, encrypts nothing yet
    assert keybox.has_key(folder) and cipher.is_plain_database(folder / DB_NAME)
    profile, _ = open_with_password(folder, PASSWORD)
    with profile, profile.read_session() as s, s.begin():
        assert profile.key == key
        assert _report(s, report_id) is not None
    assert SECRET_NAME.encode() not in _all_bytes(folder)


def test_a_damaged_or_cut_blob_is_refused(tmp_path: Path) -> None:
    profile, _ = open_with_password(tmp_path / "budi", PASSWORD)
    with profile:
        _, sha = _fill(profile, tmp_path)
        path = profile.blob_dir / sha[:2] / sha
        key = profile.blob_key
    assert key is not None
    data = bytearray(path.read_bytes())
    data[5000] ^= 0x01
    path.write_bytes(bytes(data))
    with pytest.raises(cipher.BlobCorrupt), cipher.SealedReader(path, key) as reader:
        reader.verify()
    data[5000] ^= 0x01
    path.write_bytes(bytes(data[: -(cipher.CHUNK + 16)]))  # the last chunk cut off
    with pytest.raises(cipher.BlobCorrupt), cipher.SealedReader(path, key) as reader:
        reader.verify()


@pytest.mark.parametrize("size", [0, 1, cipher.CHUNK - 1, cipher.CHUNK, 3 * cipher.CHUNK + 7])
def test_sealed_files_read_back_at_any_offset(tmp_path: Path, size: int) -> None:
    plain = os.urandom(size)
    src, sealed = tmp_path / "a", tmp_path / "b"
    src.write_bytes(plain)
    key = os.urandom(32)
    cipher.encrypt_file(src, sealed, key)
    with cipher.SealedReader(sealed, key) as reader:
        assert reader.size == size
        assert reader.read() == plain
        for offset in {0, size // 2, max(0, size - 3)}:
            reader.seek(offset)
            assert reader.read(70_000) == plain[offset : offset + 70_000]


def test_a_damaged_encrypted_page_fails_the_check(tmp_path: Path) -> None:
    folder = tmp_path / "budi"
    profile, _ = open_with_password(folder, PASSWORD)
    with profile:
        _fill(profile, tmp_path)
    db = folder / DB_NAME
    size = db.stat().st_size
    with open(db, "r+b") as f:
        f.seek(size // 2)
        f.write(b"\xff" * 64)
    with pytest.raises(ProfileDamagedError):
        open_with_password(folder, PASSWORD)


def test_an_encrypted_database_without_its_key_file_is_not_given_a_new_key(tmp_path: Path) -> None:
    folder = tmp_path / "budi"
    profile, _ = open_with_password(folder, PASSWORD)
    profile.close()
    keybox.key_path(folder).rename(tmp_path / "elsewhere.key")
    before = _digests(folder)
    with pytest.raises(ProfileDamagedError):
        open_with_password(folder, PASSWORD)
    assert _digests(folder) == before and not keybox.has_key(folder)
