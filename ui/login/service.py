"""Logging in: the password unlocks the profile's key, then the server checks it online;
without a server the unwrapped key is the proof (offline unlock, for a limited number of days).

Runs on a background thread (the network, scrypt and opening the profile all block). Failures
come out as LoginFailure with a message for the user; the dialog only shows them.

The login window is the first window a user sees, and it imports this module: the store, the
sync client and their wire models are imported inside the functions that run on the login's
thread, never when the module loads.
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QCoreApplication

from domain.clock import now as clock_now

if TYPE_CHECKING:
    from sync import credentials as cred
    from sync.errors import NetworkSetupError

log = logging.getLogger(__name__)

# What the login is doing now, told from its background thread so the window can say it:
# "opening" (unlocking and opening the profile), "upgrading" (an older version's profile is
# encrypted or migrated: it can take minutes), "server" (the server checks the password),
# "offline" (the server cannot be reached; the password is checked on this computer).
Stage = Callable[[str], None]

OFFLINE_DAYS = 7


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("Login", text, None, n)


class ProfileBusy(Exception):
    """Another running Simpul holds this profile's lock."""


class LoginFailure(Exception):
    """A login that did not succeed; `message` is for the user, `kind` for code and tests."""

    def __init__(self, kind: str, message: str, *, retry_after: float | None = None) -> None:
        super().__init__(kind)
        self.kind = kind
        self.message = message
        self.retry_after = retry_after


@dataclass
class OpenedProfile:
    """What the composition root prepares for one username before the password is checked."""

    profile: Any  # localdb.profile.Profile
    credentials: cred.Credentials
    release: Callable[[], None]  # closes the profile and gives its lock back
    # A key made by this login for a new profile: forgotten again if the password is refused.
    discard: Callable[[], None] | None = None

    def abandon(self) -> None:
        """Release after a failed login (dropping a provisional key and its empty database)."""
        self.release()
        if self.discard is not None:
            self.discard()


# (username, password, stage) -> the profile opened with the key the password unwraps.
OpenProfile = Callable[[str, str, Stage | None], OpenedProfile]


@dataclass(frozen=True)
class LoginResult:
    opened: OpenedProfile
    user: dict[str, Any]  # the wire UserInfo as a dict: id, username, full_name, roles, agency
    device_id: str
    online: bool
    keyring_missing: bool


class LoginService:
    def __init__(
        self,
        open_profile: OpenProfile,
        *,
        clock: Callable[[], dt.datetime] = clock_now,
        offline_days: int = OFFLINE_DAYS,
    ) -> None:
        self._open_profile = open_profile
        self._clock = clock
        self._offline_days = offline_days

    def authenticate(self, username: str, password: str, stage: Stage | None = None) -> LoginResult:
        username = username.strip()
        if not username or not password:
            raise LoginFailure("missing", _tr("Isi nama pengguna dan kata sandi."))
        tell = stage or _quiet
        tell("opening")
        opened = self._open(username, password, tell)
        try:
            online = self._check_password(opened, username, password, tell)
            return self._result(opened, online)
        except BaseException:
            opened.abandon()
            raise

    def _open(self, username: str, password: str, tell: Stage) -> OpenedProfile:
        try:
            return self._open_profile(username, password, tell)
        except Exception as exc:
            failure = _open_failure(exc)
            if failure is None:
                raise
            raise failure from exc

    def _check_password(
        self, opened: OpenedProfile, username: str, password: str, tell: Stage
    ) -> bool:
        from sync.errors import (
            AuthError,
            MalformedResponse,
            NetworkSetupError,
            OfflineError,
            ProblemError,
            RateLimited,
            ServerError,
            UpgradeRequired,
        )

        tell("server")
        try:
            opened.credentials.login(username, password, device_name="Simpul")
        except AuthError as exc:
            raise LoginFailure(
                "wrong_password", _tr("Nama pengguna atau kata sandi salah.")
            ) from exc
        except RateLimited as exc:
            minutes = max(1, round(exc.retry_after / 60))
            raise LoginFailure(
                "rate_limited",
                _tr(
                    "Terlalu banyak percobaan masuk; akun dikunci sementara. "
                    "Coba lagi dalam %n menit.",
                    minutes,
                ),
                retry_after=exc.retry_after,
            ) from exc
        except UpgradeRequired as exc:
            raise LoginFailure("upgrade", upgrade_message()) from exc
        except ProblemError as exc:
            detail = exc.problem.detail or exc.problem.title
            raise LoginFailure("refused", _tr("Server menolak: ") + detail) from exc
        except NetworkSetupError as exc:
            log.info("network set-up problem at login (%s); trying offline unlock", exc.kind)
            tell("offline")
            self._unlock_offline_or_explain(opened, username, password, exc)
            return False
        except (OfflineError, ServerError, MalformedResponse):
            log.info("server unreachable at login; trying offline unlock")
            tell("offline")
            self._unlock_offline(opened, username, password)
            return False
        return True

    def _unlock_offline_or_explain(
        self, opened: OpenedProfile, username: str, password: str, cause: NetworkSetupError
    ) -> None:
        """Work offline if this user may; otherwise say that a proxy or a certificate, not a
        dead link, is why the server cannot be reached."""
        try:
            self._unlock_offline(opened, username, password)
        except LoginFailure as failure:
            if failure.kind == "offline_wrong_password":
                raise
            raise LoginFailure(cause.kind, network_setup_message(cause.kind)) from cause

    def _unlock_offline(self, opened: OpenedProfile, username: str, password: str) -> None:
        from sync import credentials as cred

        outcome = cred.offline_unlock(
            opened.profile, username, password, now=self._clock(), max_days=self._offline_days
        )
        if outcome is cred.UnlockResult.OK:
            return
        failures = {
            cred.UnlockResult.WRONG_PASSWORD: (
                "offline_wrong_password",
                _tr("Kata sandi salah. (Server tidak terjangkau; diperiksa tanpa koneksi.)"),
            ),
            cred.UnlockResult.EXPIRED: (
                "offline_expired",
                _tr("Masa berlaku masuk luring habis; sambungkan ke server"),
            ),
            cred.UnlockResult.CLOCK_BACK: (
                "offline_clock_back",
                _tr(
                    "Jam komputer ini lebih awal daripada saat Simpul terakhir dipakai. "
                    "Betulkan jam komputer, atau sambungkan ke server untuk masuk."
                ),
            ),
            cred.UnlockResult.UNKNOWN_USER: (
                "offline_unknown",
                _tr(
                    "Server tidak dapat dihubungi, dan pengguna ini belum pernah masuk di "
                    "komputer ini. Sambungkan ke server untuk masuk pertama kali."
                ),
            ),
        }
        kind, message = failures[outcome]
        raise LoginFailure(kind, message)

    def _result(self, opened: OpenedProfile, online: bool) -> LoginResult:
        from localdb import syncstore

        with opened.profile.session() as s, s.begin():
            local = syncstore.load_local_user(s)
        if local is None:  # cannot happen after a login or an unlock; fail loudly
            raise LoginFailure("profile", _tr("Data pengguna lokal tidak ditemukan."))
        keyring_missing = opened.credentials.keyring_problem is not None
        return LoginResult(opened, dict(local.user), local.device_id, online, keyring_missing)


def _quiet(_stage: str) -> None:
    """No one to tell (the demo, tests)."""


def upgrade_message() -> str:
    """What to do when the server no longer serves this version (HTTP 426)."""
    from sync.version import app_version

    return _tr(
        "Versi Simpul ini ({version}) sudah tidak dilayani server. Minta pemasang versi terbaru "
        "kepada petugas TI kantor Anda, pasang, lalu buka Simpul kembali. Pekerjaan yang belum "
        "terkirim tetap tersimpan di komputer ini."
    ).format(version=app_version())


def network_setup_message(kind: str) -> str:
    """The words of sync.errors.CERTIFICATE_MESSAGE / PROXY_MESSAGE, translatable."""
    if kind == "certificate":
        return _tr(
            "Sertifikat server tidak dipercaya komputer ini, jadi Simpul tidak tersambung. Bila "
            "kantor memakai proksi yang memeriksa HTTPS, minta petugas TI memasang sertifikat "
            "akar kantor di sistem operasi, atau pilih berkas sertifikat CA kantor di "
            "Berkas › Pengaturan."
        )
    return _tr(
        "Proksi jaringan menolak atau tidak dapat dihubungi, jadi Simpul tidak tersambung ke "
        "server. Periksa pengaturan proksi (Berkas › Pengaturan, atau proksi sistem operasi) "
        "bersama petugas TI kantor."
    )


def _open_failure(exc: Exception) -> LoginFailure | None:
    """The words for a profile that did not open (None: not a profile's refusal). Imported only
    now: the opener has waited for the start-up's import thread, and two threads importing at
    once can deadlock."""
    from localdb.errors import ProfileDamagedError, ProfileError, WrongPasswordError

    if isinstance(exc, WrongPasswordError):
        return LoginFailure(
            "wrong_password",
            _tr(
                "Kata sandi salah: data Simpul di komputer ini tidak terbuka dengan kata "
                "sandi itu. Tidak ada yang diubah."
            ),
        )
    if isinstance(exc, ProfileBusy):
        return LoginFailure(
            "profile_busy", _tr("Simpul sudah terbuka untuk pengguna ini di jendela lain.")
        )
    if isinstance(exc, ProfileDamagedError):  # the dialog offers "Pulihkan profil"
        return LoginFailure("profile_damaged", exc.message)
    if isinstance(exc, ProfileError):
        return LoginFailure("profile", exc.message)
    if isinstance(exc, ValueError):
        return LoginFailure("username", _tr("Nama pengguna tidak valid."))
    return None
