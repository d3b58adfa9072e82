"""Errors of the local store that the app shows to the user (Indonesian first, then English)."""

from __future__ import annotations

from pathlib import Path


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
