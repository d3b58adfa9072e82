"""The profile's data key, wrapped by a key derived from the user's password.

`profile.key` (JSON, 0600) holds a random 32-byte data key sealed with AES-256-GCM under a key
that scrypt derives from the password. Unwrapping it is how the app knows the password is right
when it cannot ask the server: no hash of the server password is kept beside the data. A wrong
password fails the AES-GCM tag and changes nothing.
"""

from __future__ import annotations

import base64
import json
import os
from dataclasses import dataclass
from pathlib import Path

from cryptography.exceptions import InvalidTag
from cryptography.hazmat.primitives.ciphers.aead import AESGCM
from cryptography.hazmat.primitives.kdf.scrypt import Scrypt

from localdb.cipher import KEY_BYTES, private_file
from localdb.errors import WrongPasswordError

KEY_FILE_NAME = "profile.key"
_AAD = b"simpul-profile-key-v1"
# scrypt at N=2**15, r=8: about 32 MiB and 0.1 s per try on an office PC.
SCRYPT_N, SCRYPT_R, SCRYPT_P = 2**15, 8, 1


@dataclass(frozen=True)
class WrappedKey:
    salt: bytes
    nonce: bytes
    sealed: bytes
    n: int = SCRYPT_N
    r: int = SCRYPT_R
    p: int = SCRYPT_P

    def to_json(self) -> str:
        return json.dumps(
            {
                "version": 1,
                "kdf": "scrypt",
                "n": self.n,
                "r": self.r,
                "p": self.p,
                "salt": _b64(self.salt),
                "nonce": _b64(self.nonce),
                "wrapped_key": _b64(self.sealed),
            },
            indent=1,
        )

    @classmethod
    def from_json(cls, text: str) -> WrappedKey:
        data = json.loads(text)
        if data.get("version") != 1 or data.get("kdf") != "scrypt":
            raise ValueError("unknown key file format")
        return cls(
            salt=base64.b64decode(data["salt"]),
            nonce=base64.b64decode(data["nonce"]),
            sealed=base64.b64decode(data["wrapped_key"]),
            n=int(data["n"]),
            r=int(data["r"]),
            p=int(data["p"]),
        )


def key_path(folder: Path) -> Path:
    return folder / KEY_FILE_NAME


def has_key(folder: Path) -> bool:
    return key_path(folder).is_file()


def new_data_key() -> bytes:
    return os.urandom(KEY_BYTES)


def wrap(key: bytes, password: str) -> WrappedKey:
    salt, nonce = os.urandom(16), os.urandom(12)
    kek = _derive(password, salt, SCRYPT_N, SCRYPT_R, SCRYPT_P)
    return WrappedKey(salt, nonce, AESGCM(kek).encrypt(nonce, key, _AAD))


def unwrap(wrapped: WrappedKey, password: str) -> bytes:
    """The data key; WrongPasswordError when `password` is not the one it was wrapped with."""
    kek = _derive(password, wrapped.salt, wrapped.n, wrapped.r, wrapped.p)
    try:
        return AESGCM(kek).decrypt(wrapped.nonce, wrapped.sealed, _AAD)
    except InvalidTag as exc:
        raise WrongPasswordError() from exc


def unlock_existing(folder: Path, password: str) -> bytes | None:
    """`unlock`, or None when the folder has no key file yet (a new profile, or one an older
    version left plain: `localdb.profile.unlock_key` deals with those)."""
    return unlock(folder, password) if has_key(folder) else None


def read(folder: Path) -> WrappedKey:
    return WrappedKey.from_json(key_path(folder).read_text(encoding="utf-8"))


def unlock(folder: Path, password: str) -> bytes:
    """Unwrap the data key of the profile in `folder` with `password`."""
    return unwrap(read(folder), password)


def store(folder: Path, key: bytes, password: str) -> None:
    """Write (or replace) the key file: `key` wrapped by `password`, atomically, 0600."""
    path = key_path(folder)
    tmp = path.with_name(path.name + ".new")
    with open(tmp, "w", encoding="utf-8") as fh:
        private_file(tmp)
        fh.write(wrap(key, password).to_json())
        fh.flush()
        os.fsync(fh.fileno())
    os.replace(tmp, path)


def _derive(password: str, salt: bytes, n: int, r: int, p: int) -> bytes:
    return Scrypt(salt=salt, length=KEY_BYTES, n=n, r=r, p=p).derive(password.encode("utf-8"))


def _b64(data: bytes) -> str:
    return base64.b64encode(data).decode("ascii")


# --- profiles written before encryption ----------------------------------------------------------


def check_legacy_verifier(verifier: str, password: str) -> bool:
    """Older versions kept `scrypt$n$r$p$salt$hash` of the password in `local_user.verifier`;
    it proves the password once, when such a profile is encrypted, and is then erased."""
    import hashlib
    import hmac

    try:
        scheme, n, r, p, salt, digest = verifier.split("$")
        if scheme != "scrypt":
            return False
        actual = hashlib.scrypt(
            password.encode("utf-8"),
            salt=base64.b64decode(salt),
            n=int(n),
            r=int(r),
            p=int(p),
            maxmem=64 * 1024 * 1024,
            dklen=32,
        )
    except (ValueError, TypeError):
        return False
    return hmac.compare_digest(base64.b64decode(digest), actual)
