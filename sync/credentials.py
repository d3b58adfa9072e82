"""Login, token refresh, the OS keyring and offline unlock.

- The access token lives in memory only.
- The refresh token is kept in the OS keyring (service "simpul", key "<profile>:<username>").
  Without a usable keyring the app says so and asks for the password at each start; it never falls
  back to a file of its own (a plain-text keyring backend counts as "no keyring"). Within one run
  the refresh token is then held in memory, so a long session does not need a second login.
- Offline unlock: after every online login a salted scrypt verifier of the password is kept in the
  profile, so the same user can open the app without a connection for a limited number of days.
"""

from __future__ import annotations

import base64
import contextlib
import datetime as dt
import enum
import hashlib
import hmac
import os
from collections.abc import Callable

import keyring
import keyring.backend
import keyring.errors

from localdb import syncstore
from localdb.profile import Profile
from sync.errors import AuthError, MalformedResponse
from sync.transport import Transport
from sync.wire import LoginRequest, RefreshRequest, TokenPair, UserInfo

KEYRING_SERVICE = "simpul"
KEYRING_UNAVAILABLE_MESSAGE = (
    "Penyimpanan kunci sistem tidak tersedia; Anda perlu masuk setiap kali aplikasi dibuka."
)
# Refresh a little before the server would refuse the token: clocks and slow links drift.
_EXPIRY_MARGIN = dt.timedelta(seconds=60)
_SCRYPT_N, _SCRYPT_R, _SCRYPT_P = 2**14, 8, 1

Clock = Callable[[], dt.datetime]


class AuthRequired(Exception):
    """The user has to log in (again) with a password; `message` is for the user."""

    def __init__(self, message: str = "Sesi berakhir; silakan masuk kembali.") -> None:
        super().__init__(message)
        self.message = message


class KeyringUnavailable(Exception):
    """The OS keyring cannot be used: tokens are not remembered between runs."""

    def __init__(self, reason: str = "") -> None:
        super().__init__(KEYRING_UNAVAILABLE_MESSAGE)
        self.message = KEYRING_UNAVAILABLE_MESSAGE
        self.reason = reason


class TokenStore:
    """The refresh token in the OS keyring, or nowhere (never a file of our own)."""

    def __init__(self, profile_key: str, backend: keyring.backend.KeyringBackend | None = None):
        self.profile_key = profile_key
        self._backend = backend
        self.unavailable_reason: str | None = None

    def _keyring(self) -> keyring.backend.KeyringBackend:
        backend = self._backend or keyring.get_keyring()
        if _is_plaintext(backend):
            raise KeyringUnavailable(f"refusing plain-text keyring backend {type(backend)!r}")
        return backend

    def _key(self, username: str) -> str:
        return f"{self.profile_key}:{username}"

    def load(self, username: str) -> str | None:
        try:
            return self._keyring().get_password(KEYRING_SERVICE, self._key(username))
        except (keyring.errors.KeyringError, KeyringUnavailable) as exc:
            self.unavailable_reason = _reason(exc)
            return None

    def save(self, username: str, token: str) -> bool:
        """Store the token; False when there is no usable keyring."""
        try:
            self._keyring().set_password(KEYRING_SERVICE, self._key(username), token)
        except (keyring.errors.KeyringError, KeyringUnavailable) as exc:
            self.unavailable_reason = _reason(exc)
            return False
        self.unavailable_reason = None
        return True

    def delete(self, username: str) -> None:
        with contextlib.suppress(keyring.errors.KeyringError, KeyringUnavailable):
            self._keyring().delete_password(KEYRING_SERVICE, self._key(username))


def _reason(exc: Exception) -> str:
    if isinstance(exc, KeyringUnavailable):
        return exc.reason or type(exc).__name__
    return str(exc) or type(exc).__name__


def _is_plaintext(backend: keyring.backend.KeyringBackend) -> bool:
    """keyrings.alt's file backends keep secrets in a readable file: not a keyring for us."""
    backends = getattr(backend, "backends", None) or [backend]
    return any(type(b).__module__.startswith("keyrings.alt") for b in backends)


class Credentials:
    """Who is logged in, with which tokens. One per profile; used from the sync thread."""

    def __init__(
        self,
        profile: Profile,
        transport: Transport,
        *,
        profile_key: str,
        clock: Clock,
        backend: keyring.backend.KeyringBackend | None = None,
        username: str | None = None,
    ) -> None:
        self.profile = profile
        self.transport = transport
        self.clock = clock
        self.store = TokenStore(profile_key, backend)
        self.username = username
        self.user: UserInfo | None = None
        self._refresh_token: str | None = None  # only when there is no keyring, this run only
        self._expires_at: dt.datetime | None = None

    @property
    def keyring_problem(self) -> KeyringUnavailable | None:
        """Set when the last keyring use failed: the UI shows its message."""
        reason = self.store.unavailable_reason
        return KeyringUnavailable(reason) if reason is not None else None

    @property
    def has_access_token(self) -> bool:
        return self.transport.access_token is not None

    def login(self, username: str, password: str, *, device_name: str = "") -> UserInfo:
        """Log in online. Raises AuthError on a wrong password, OfflineError without a link."""
        device = self._device_id()
        body = LoginRequest(
            username=username, password=password, device_id=device, device_name=device_name
        )
        pair = self._post_tokens("/auth/login", body)
        self._take(pair)
        with self.profile.session() as s, s.begin():
            syncstore.save_local_user(
                s,
                pair.user.model_dump(mode="json"),
                device_id=device,
                verifier=make_verifier(password),
                verified_at=self.clock(),
            )
        return pair.user

    def ensure_access(self) -> None:
        """Make sure a usable access token is in memory (refreshing it if needed)."""
        if self.transport.access_token is None or self._expired():
            self.refresh()

    def refresh(self) -> None:
        """Trade the refresh token for a new pair. Raises AuthRequired when that is not possible."""
        if not self.username:
            raise AuthRequired("Silakan masuk terlebih dahulu.")
        token = self._refresh_token or self.store.load(self.username)
        if not token:
            raise AuthRequired(_no_token_message(self.store.unavailable_reason))
        self._device_id()
        try:
            pair = self._post_tokens("/auth/refresh", RefreshRequest(refresh_token=token))
        except AuthError as exc:
            self.forget()
            raise AuthRequired() from exc
        self._take(pair)

    def _post_tokens(self, path: str, body: LoginRequest | RefreshRequest) -> TokenPair:
        """POST for a token pair; an answer that is not one, from a link whose /health is not
        the server's either (a portal answering JSON), is OfflineError, not a server fault."""
        try:
            return self.transport.post_model(path, body, TokenPair, auth=False)
        except MalformedResponse:
            self.transport.probe()  # raises OfflineError when /health is not the server's
            raise

    def forget(self) -> None:
        """Drop every token of this user (logout, or a refresh token the server refused)."""
        self.transport.access_token = None
        self._refresh_token = None
        self._expires_at = None
        if self.username:
            self.store.delete(self.username)

    def _take(self, pair: TokenPair) -> None:
        self.username = pair.user.username
        self.user = pair.user
        self.transport.access_token = pair.access_token
        self._expires_at = self.clock() + dt.timedelta(seconds=pair.expires_in) - _EXPIRY_MARGIN
        if self.store.save(pair.user.username, pair.refresh_token):
            self._refresh_token = None
        else:
            self._refresh_token = pair.refresh_token

    def _expired(self) -> bool:
        return self._expires_at is not None and self.clock() >= self._expires_at

    def _device_id(self) -> str:
        with self.profile.session() as s, s.begin():
            device = syncstore.device_id(s)
        self.transport.device_id = device
        return device


def _no_token_message(keyring_reason: str | None) -> str:
    if keyring_reason is not None:
        return KEYRING_UNAVAILABLE_MESSAGE
    return "Silakan masuk dengan kata sandi Anda."


# --- offline unlock -------------------------------------------------------------------------------


class UnlockResult(enum.Enum):
    OK = "ok"
    WRONG_PASSWORD = "wrong_password"
    EXPIRED = "expired"
    UNKNOWN_USER = "unknown_user"


UNLOCK_MESSAGES = {
    UnlockResult.OK: "Terbuka tanpa koneksi.",
    UnlockResult.WRONG_PASSWORD: "Kata sandi salah.",
    UnlockResult.EXPIRED: "Sudah terlalu lama tanpa masuk daring; sambungkan ke jaringan dan masuk.",
    UnlockResult.UNKNOWN_USER: "Pengguna ini belum pernah masuk di komputer ini; perlu koneksi.",
}


def make_verifier(password: str, *, salt: bytes | None = None) -> str:
    """A self-describing scrypt verifier: scrypt$n$r$p$salt$hash (base64)."""
    salt = salt if salt is not None else os.urandom(16)
    digest = _scrypt(password, salt, _SCRYPT_N, _SCRYPT_R, _SCRYPT_P)
    return "$".join(
        ["scrypt", str(_SCRYPT_N), str(_SCRYPT_R), str(_SCRYPT_P), _b64(salt), _b64(digest)]
    )


def check_verifier(verifier: str, password: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = verifier.split("$")
        if scheme != "scrypt":
            return False
        expected = base64.b64decode(digest)
        actual = _scrypt(password, base64.b64decode(salt), int(n), int(r), int(p))
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(expected, actual)


def offline_unlock(
    profile: Profile, username: str, password: str, *, now: dt.datetime, max_days: int = 7
) -> UnlockResult:
    """May this user open the profile without a connection?"""
    with profile.session() as s, s.begin():
        local = syncstore.load_local_user(s)
    if local is None or local.user.get("username") != username:
        return UnlockResult.UNKNOWN_USER
    if not local.verifier or not check_verifier(local.verifier, password):
        return UnlockResult.WRONG_PASSWORD
    verified_at = local.verified_at
    if verified_at is None:
        return UnlockResult.EXPIRED
    if verified_at.tzinfo is None:
        verified_at = verified_at.replace(tzinfo=dt.UTC)
    if now - verified_at > dt.timedelta(days=max_days):
        return UnlockResult.EXPIRED
    return UnlockResult.OK


def _scrypt(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return hashlib.scrypt(
        password.encode("utf-8"), salt=salt, n=n, r=r, p=p, maxmem=64 * 1024 * 1024, dklen=32
    )


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")
