"""Errors of the local store that the app shows to the user (Indonesian first, then English)."""

from __future__ import annotations

import errno
from pathlib import Path

from localdb.cipher import DB_ERRORS


class ProfileError(Exception):
    """A profile database that cannot be opened; `message` is for the user."""

    def __init__(self, message: str, *, path: Path) -> None:
        super().__init__(message)
        self.message = message
        self.path = path


class ProfileTooNewError(ProfileError):
    """The database was written by a newer version of the app; it is left untouched."""

    def __init__(self, path: Path, revision: str) -> None:
        super().__init__(
            "Data profil ini dibuat oleh versi Simpul yang lebih baru. Perbarui aplikasi Simpul "
            "untuk membukanya; berkas tidak diubah. / This profile was written by a newer "
            "version of Simpul. Update the app to open it; the file was not changed.",
            path=path,
        )
        self.revision = revision


class ProfileDamagedError(ProfileError):
    """SQLite's quick check failed; `recover(folder)` builds a new database from what is readable."""

    def __init__(self, path: Path, detail: str) -> None:
        super().__init__(
            "Basis data profil rusak. Pilih 'Pulihkan profil': Simpul menyisihkan berkas yang "
            "rusak, membuat basis data baru, dan menyalin semua yang masih terbaca, terutama "
            "pekerjaan yang belum terkirim. / The profile database is damaged. Choose "
            "'Recover profile': Simpul moves the damaged file aside, builds a new database and "
            "copies everything still readable, above all unsent work.",
            path=path,
        )
        self.detail = detail


STORAGE_FULL_MESSAGE = (
    "Disk komputer ini penuh: perubahan terakhir BELUM tersimpan, tetapi teksnya masih ada di "
    "layar. Kosongkan ruang disk, lalu Simpul menyimpan lagi. / This computer's disk is full: "
    "the last change is NOT saved yet, but its text is still on screen. Free some disk space "
    "and Simpul saves again."
)
STORAGE_BUSY_MESSAGE = (
    "Basis data sedang sibuk dipakai proses lain; Simpul akan mencoba lagi. / The database is busy "
    "in another process; Simpul will try again."
)
STORAGE_FAILED_MESSAGE = (
    "Gagal menyimpan ke disk komputer ini ({detail}); teks masih ada di layar. / Could not "
    "write to this computer's disk ({detail}); the text is still on screen."
)


def _is_full(exc: BaseException) -> bool:
    if isinstance(exc, OSError) and exc.errno == errno.ENOSPC:
        return True
    text = str(getattr(exc, "orig", exc)).lower()
    return "database or disk is full" in text or "no space left" in text


def storage_message(exc: BaseException) -> str | None:
    """The user's message for a failure to write local data, or None if it is something else.

    SQLite reports a full disk as SQLITE_FULL ("database or disk is full"), a blob write as
    ENOSPC; both mean the same to an officer, and neither loses what is on screen.
    """
    if _is_full(exc):
        return STORAGE_FULL_MESSAGE
    text = str(getattr(exc, "orig", exc)).lower()
    if "database is locked" in text or "database is busy" in text:
        return STORAGE_BUSY_MESSAGE
    if isinstance(exc, (*DB_ERRORS, OSError)) or type(exc).__module__.startswith("sqlalchemy"):
        return STORAGE_FAILED_MESSAGE.format(detail=type(getattr(exc, "orig", exc)).__name__)
    return None


class WrongPasswordError(ProfileError):
    """The password does not unwrap this profile's key; nothing was changed."""

    def __init__(self, path: Path | None = None) -> None:
        super().__init__(
            "Kata sandi salah: profil di komputer ini tidak dapat dibuka dengan kata sandi itu; "
            "tidak ada yang diubah. / Wrong password: the profile on this computer does not "
            "open with that password; nothing was changed.",
            path=path or Path(),
        )


class ProfileLockedError(ProfileError):
    """An encrypted profile opened without its key."""

    def __init__(self, path: Path) -> None:
        super().__init__(
            "Profil ini terenkripsi; masuk dengan kata sandi untuk membukanya. / This profile is "
            "encrypted; log in with the password to open it.",
            path=path,
        )
