"""Finding bundled files (translations, icons) from a source checkout and a PyInstaller build.

In a checkout the files sit in the `resources/` package next to `ui/`; a PyInstaller one-folder
or one-file build unpacks them under `sys._MEIPASS` with the same relative layout (see
build.spec), so one helper serves both.
"""

from __future__ import annotations

import sys
from pathlib import Path


def resource_root() -> Path:
    frozen_root = getattr(sys, "_MEIPASS", None)
    if frozen_root is not None:
        return Path(frozen_root) / "resources"
    return Path(__file__).resolve().parent.parent / "resources"


def resource_path(*parts: str) -> Path:
    return resource_root().joinpath(*parts)


def translation_file(language: str) -> Path:
    """The compiled translation for `language` (Indonesian is the source: it has none)."""
    return resource_path("translations", f"simpul_{language}.qm")
