"""Where a user's profile lives: its folder's name and the root of all profiles.

Light on purpose (no SQLAlchemy, no SQLCipher): the login finds the folder and unwraps the
profile's key (`localdb.keybox`) while the store's own modules are still loading.
"""

from __future__ import annotations

import re
from pathlib import Path

import platformdirs

APP_NAME = "Simpul"
_PROFILE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]{0,63}$")
# Names Windows reserves for devices, with or without an extension ("CON", "nul.txt", "COM1").
_WINDOWS_RESERVED = re.compile(
    r"^(CON|PRN|AUX|NUL|CONIN\$|CONOUT\$|COM[0-9¹²³]|LPT[0-9¹²³])(\..*)?$", re.I
)


def default_profiles_root() -> Path:
    """Where profiles live unless the user chose another place (the OS's user data folder)."""
    return Path(platformdirs.user_data_dir(APP_NAME, appauthor=False)) / "profiles"


def profile_folder(name: str, root: Path | None = None) -> Path:
    """The folder of the profile `name` (a user name or similar; no path separators).

    Only names every supported OS can store: Windows refuses device names (CON, NUL, COM1...)
    and silently drops a trailing dot or space, which would make two names one folder.
    """
    if not _PROFILE_NAME.match(name) or name.endswith((".", " ")) or _WINDOWS_RESERVED.match(name):
        raise ValueError(f"invalid profile name {name!r}")
    return (root or default_profiles_root()) / name
