"""The gateway key and the account token: from the environment or a 0600 secrets file.

They are never written to the database, a log line or the feed. The secrets file holds
`KEY=value` lines (`LAPOR_GATEWAY_KEY`, `LAPOR_ACCOUNT_TOKEN`); the environment wins.
"""

from __future__ import annotations

import os
import stat
from collections.abc import Mapping
from dataclasses import dataclass, field
from pathlib import Path

GATEWAY_KEY_VAR = "LAPOR_GATEWAY_KEY"
ACCOUNT_TOKEN_VAR = "LAPOR_ACCOUNT_TOKEN"
SECRETS_FILE_VAR = "LAPOR_SECRETS_FILE"


class SecretsError(Exception):
    pass


@dataclass(frozen=True)
class Credentials:
    gateway_key: str = field(repr=False)
    account_token: str = field(repr=False)

    def headers(self) -> dict[str, str]:
        return {"Authorization": f"Bearer {self.gateway_key}", "token": self.account_token}

    def __repr__(self) -> str:
        return "Credentials(<hidden>)"


def _read_file(path: Path) -> dict[str, str]:
    try:
        mode = path.stat().st_mode
    except OSError as err:
        raise SecretsError(f"secrets file {path.name} cannot be read: {err.strerror}") from None
    if os.name == "posix" and stat.S_IMODE(mode) & 0o077:
        raise SecretsError(
            f"secrets file {path.name} must be readable by its owner only "
            f"(chmod 600), it is {stat.S_IMODE(mode):03o}"
        )
    values: dict[str, str] = {}
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        line = line.strip()
        if not line or line.startswith("#"):
            continue
        key, sep, value = line.partition("=")
        if not sep:
            raise SecretsError(f"secrets file {path.name}, line {number}: expected KEY=value")
        values[key.strip()] = value.strip().strip('"')
    return values


def load_credentials(
    secrets_file: Path | None = None, environ: Mapping[str, str] | None = None
) -> Credentials:
    env = os.environ if environ is None else environ
    file_values: dict[str, str] = {}
    path = secrets_file or (Path(env[SECRETS_FILE_VAR]) if env.get(SECRETS_FILE_VAR) else None)
    if path is not None:
        file_values = _read_file(path)
    key = env.get(GATEWAY_KEY_VAR) or file_values.get(GATEWAY_KEY_VAR)
    token = env.get(ACCOUNT_TOKEN_VAR) or file_values.get(ACCOUNT_TOKEN_VAR)
    missing = [n for n, v in ((GATEWAY_KEY_VAR, key), (ACCOUNT_TOKEN_VAR, token)) if not v]
    if missing:
        raise SecretsError(
            "missing " + ", ".join(missing) + ": set them in the environment or a 0600 secrets file"
        )
    assert key is not None and token is not None
    return Credentials(gateway_key=key, account_token=token)
