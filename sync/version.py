"""This app's version, from the installed package's metadata (pyproject.toml's `version`).

A source checkout that was never installed reads pyproject.toml itself; the bundle carries the
package's metadata (build.spec copies it), so all three agree. Sent as X-Client-Version, shown in
Bantuan › Tentang and written into crash reports.
"""

from __future__ import annotations

import functools
import re
from importlib import metadata
from pathlib import Path

DIST_NAME = "simpul"
UNKNOWN = "0+unknown"


@functools.cache
def app_version() -> str:
    try:
        return metadata.version(DIST_NAME)
    except metadata.PackageNotFoundError:
        return _from_pyproject(Path(__file__).resolve().parent.parent / "pyproject.toml")


def _from_pyproject(path: Path) -> str:
    try:
        text = path.read_text(encoding="utf-8")
    except OSError:
        return UNKNOWN
    match = re.search(r'^version\s*=\s*"([^"]+)"', text, re.MULTILINE)
    return match.group(1) if match else UNKNOWN
