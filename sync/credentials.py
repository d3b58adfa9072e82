"""Login, token refresh, the OS keyring and offline unlock.

- The access token lives in memory only.
- The refresh token is kept in the OS keyring (service "simpul", key "<profile>:<username>").
  Without a usable keyring the app says so and asks for the password at each start; it never falls
  back to a file of its own (a plain-text keyring backend counts as "no keyring"). Within one run
  the refresh token is then held in memory, so a long session does not need a second login.
- Offline unlock: the password unwraps the profile's data key (`localdb.keybox`); that is the
  proof, so no hash of the server password is kept beside the data. The same user can then open
  the app without a connection for a limited number of days after the last online login.
- The data key may also be kept in the OS keyring (`DataKeyStore`, opt-in) so that
  `python -m sync` can open the profile without asking for the password.
"""

from __future__ import annotations

import contextlib
import datetime as dt
import enum
import hmac
import threading
from collections.abc import Callable

import keyring
import keyring.backend
import keyring.errors

from localdb import keybox, syncstore
from localdb.errors import WrongPasswordError
from localdb.profile import Profile
from sync.errors import AuthError, MalformedResponse, TransportError
from sync.transport import Transport
from sync.wire import LoginRequest, LogoutRequest, RefreshRequest, TokenPair, UserInfo

KEYRING_SERVICE = "simpul"
KEYRING_UNAVAILABLE_MESSAGE = (
    "Penyimpanan kunci sistem tidak tersedia; Anda perlu masuk setiap kali aplikasi dibuka."
)
# Refresh a little before the server would refuse the token: clocks and slow links drift.
_EXPIRY_MARGIN = dt.timedelta(seconds=60)

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
    """Who is logged in, with which tokens. One per profile.

    Used from the sync thread and from download threads: the tokens change only under a lock,
    and a refresh after a 401 is skipped when another thread already rotated the token that
    was refused (two threads never spend the same refresh token).
    """

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
        self._lock = threading.RLock()

    @property
    def access_token(self) -> str | None:
        """The current access token (read under the lock, on the thread that sends it)."""
        with self._lock:
            return self.transport.access_token

    @property
    def keyring_problem(self) -> KeyringUnavailable | None:
        """Set when the last keyring use failed: the UI shows its message."""
        reason = self.store.unavailable_reason
        return KeyringUnavailable(reason) if reason is not None else None

    @property
    def has_access_token(self) -> bool:
        return self.access_token is not None

    def login(self, username: str, password: str, *, device_name: str = "") -> UserInfo:
        """Log in online. Raises AuthError on a wrong password, OfflineError without a link."""
        device = self._device_id()
        body = LoginRequest(
            username=username, password=password, device_id=device, device_name=device_name
        )
        with self._lock:
            pair = self._post_tokens("/auth/login", body)
            self._take(pair)
        with self.profile.session() as s, s.begin():
            syncstore.save_local_user(
                s,
                pair.user.model_dump(mode="json"),
                device_id=device,
                verifier=None,
                verified_at=self.clock(),
            )
        return pair.user

    def ensure_access(self) -> None:
        """Make sure a usable access token is in memory (refreshing it if needed)."""
        with self._lock:
            if self.transport.access_token is None or self._expired():
                self.refresh()

    def refresh(self, *, refused: str | None = None, via: Transport | None = None) -> None:
        """Trade the refresh token for a new pair. Raises AuthRequired when that is not possible.

        `refused`: the access token the server just refused; when the current token differs,
        another thread has refreshed meanwhile and nothing is done. `via`: the transport of the
        calling thread (the request goes there; the new token is still kept here).
        """
        with self._lock:
            current = self.transport.access_token
            if refused is not None and current is not None and current != refused:
                return
            self._refresh(via or self.transport)

    def _refresh(self, transport: Transport) -> None:
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

    def logout(self) -> bool:
        """End this user's session on the server (`POST /auth/logout`), then forget the tokens.

        True when the server confirmed it (204, or 404 from a server without the endpoint,
        which has nothing to revoke); False when it could not be reached: the tokens are
        forgotten here all the same, and the server lets the family expire.
        """
        token = self._refresh_token or (self.store.load(self.username) if self.username else None)
        confirmed = True
        if token:
            try:
                self.transport.request(
                    "POST",
                    "/auth/logout",
                    json_body=LogoutRequest(refresh_token=token).model_dump(mode="json"),
                    auth=False,
                    ok=(200, 204, 404),
                )
            except (TransportError, AuthError):
                confirmed = False
        self.forget()
        return confirmed

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
        with self._lock:
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
    CLOCK_BACK = "clock_back"


UNLOCK_MESSAGES = {
    UnlockResult.OK: "Terbuka tanpa koneksi.",
    UnlockResult.WRONG_PASSWORD: "Kata sandi salah.",
    UnlockResult.EXPIRED: "Sudah terlalu lama tanpa masuk daring; sambungkan ke jaringan dan masuk.",
    UnlockResult.UNKNOWN_USER: "Pengguna ini belum pernah masuk di komputer ini; perlu koneksi.",
    UnlockResult.CLOCK_BACK: (
        "Jam komputer ini lebih awal daripada saat Simpul terakhir dipakai; betulkan jam, "
        "atau sambungkan ke jaringan dan masuk."
    ),
}
# A clock this much behind what the profile last saw was moved back, not just drifting.
CLOCK_BACK_TOLERANCE = dt.timedelta(minutes=10)


def offline_unlock(
    profile: Profile, username: str, password: str, *, now: dt.datetime, max_days: int = 7
) -> UnlockResult:
    """May this user open the profile without a connection?

    The password must unwrap the profile's key file to the key the profile is open with; a
    plain profile (no key) never unlocks offline.
    """
    with profile.session() as s, s.begin():
        local = syncstore.load_local_user(s)
        latest = syncstore.latest_time_seen(s)
    if local is None or local.user.get("username") != username:
        return UnlockResult.UNKNOWN_USER
    if not _unwraps(profile, password):
        return UnlockResult.WRONG_PASSWORD
    # The window counts from the last online login; moving the clock back must not reopen it.
    if latest is not None and now + CLOCK_BACK_TOLERANCE < latest:
        return UnlockResult.CLOCK_BACK
    verified_at = local.verified_at
    if verified_at is None:
        return UnlockResult.EXPIRED
    if verified_at.tzinfo is None:
        verified_at = verified_at.replace(tzinfo=dt.UTC)
    if now - verified_at > dt.timedelta(days=max_days):
        return UnlockResult.EXPIRED
    return UnlockResult.OK


def _unwraps(profile: Profile, password: str) -> bool:
    if profile.key is None or not keybox.has_key(profile.folder):
        return False
    try:
        key = keybox.unlock(profile.folder, password)
    except WrongPasswordError:
        return False
    return hmac.compare_digest(key, profile.key)


# --- the data key in the OS keyring (opt-in) ---------------------------------------------------

DATA_KEY_SERVICE = "simpul-profile-key"


class DataKeyStore:
    """The profile's data key in the OS keyring, for unattended runs; never a file of our own."""

    def __init__(self, profile_key: str, backend: keyring.backend.KeyringBackend | None = None):
        self.profile_key = profile_key
        self._backend = backend

    def _keyring(self) -> keyring.backend.KeyringBackend:
        backend = self._backend or keyring.get_keyring()
        if _is_plaintext(backend):
            raise KeyringUnavailable("plain-text keyring backend")
        return backend

    def load(self) -> bytes | None:
        try:
            value = self._keyring().get_password(DATA_KEY_SERVICE, self.profile_key)
        except (keyring.errors.KeyringError, KeyringUnavailable):
            return None
        try:
            return bytes.fromhex(value) if value else None
        except ValueError:
            return None

    def save(self, key: bytes) -> bool:
        try:
            self._keyring().set_password(DATA_KEY_SERVICE, self.profile_key, key.hex())
        except (keyring.errors.KeyringError, KeyringUnavailable):
            return False
        return True

    def delete(self) -> None:
        with contextlib.suppress(keyring.errors.KeyringError, KeyringUnavailable):
            self._keyring().delete_password(DATA_KEY_SERVICE, self.profile_key)
