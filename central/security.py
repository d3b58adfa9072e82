"""Password hashing (salted scrypt) and opaque random tokens stored only as their hash."""

from __future__ import annotations

import base64
import hashlib
import hmac
import secrets

# Cost parameters: about 50 ms per hash on an office-class CPU and 16 MiB of memory.
_N, _R, _P = 2**14, 8, 1


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


def hash_password(password: str) -> str:
    salt = secrets.token_bytes(16)
    digest = hashlib.scrypt(password.encode(), salt=salt, n=_N, r=_R, p=_P, dklen=32)
    return f"scrypt${_N}${_R}${_P}${_b64(salt)}${_b64(digest)}"


def verify_password(password: str, stored: str) -> bool:
    try:
        scheme, n, r, p, salt, digest = stored.split("$")
    except ValueError:
        return False
    if scheme != "scrypt":
        return False
    expected = base64.b64decode(digest)
    got = hashlib.scrypt(
        password.encode(),
        salt=base64.b64decode(salt),
        n=int(n),
        r=int(r),
        p=int(p),
        dklen=len(expected),
    )
    return hmac.compare_digest(got, expected)


# A hash of a password nobody has, so an unknown username costs as much as a wrong password.
DUMMY_HASH = hash_password(secrets.token_urlsafe(16))


def new_token() -> str:
    """A refresh token: 256 random bits (it lives for weeks and is seldom sent)."""
    return secrets.token_urlsafe(32)


def new_access_token() -> str:
    """An access token: 128 random bits, as 22 characters. It rides on every request over the
    weak link and lives 15 minutes; 2**128 guesses stay out of reach however many are tried."""
    return secrets.token_urlsafe(16)


def token_hash(token: str) -> str:
    """Tokens are 128 or 256 random bits: a plain sha256 is enough to store them safely."""
    return hashlib.sha256(token.encode()).hexdigest()
