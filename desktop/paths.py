"""Where the app keeps its files: settings (config), profiles (data) and logs.

The folders come from platformdirs so they follow each OS's conventions. Tests and the demo
mode root everything under one folder instead, so they never touch the user's real folders.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Literal

import platformdirs

APP_NAME = "Simpul"
APP_AUTHOR: Literal[False] = False  # no vendor folder level on Windows (same as localdb.profile)


@dataclass(frozen=True)
class AppPaths:
    config_dir: Path
    data_dir: Path
    logs_dir: Path

    @classmethod
    def default(cls) -> AppPaths:
        return cls(
            config_dir=Path(platformdirs.user_config_dir(APP_NAME, appauthor=APP_AUTHOR)),
            data_dir=Path(platformdirs.user_data_dir(APP_NAME, appauthor=APP_AUTHOR)),
            logs_dir=Path(platformdirs.user_log_dir(APP_NAME, appauthor=APP_AUTHOR)),
        )

    @classmethod
    def under(cls, root: Path) -> AppPaths:
        """Everything below one folder (demo mode, tests, a portable install)."""
        return cls(config_dir=root / "config", data_dir=root / "data", logs_dir=root / "logs")

    @property
    def settings_file(self) -> Path:
        return self.config_dir / "settings.json"

    @property
    def ui_state_file(self) -> Path:
        """Window geometry and splitter positions (not settings: nothing to validate)."""
        return self.config_dir / "ui-state.ini"

    @property
    def profiles_dir(self) -> Path:
        return self.data_dir / "profiles"

    def ensure(self) -> AppPaths:
        for folder in (self.config_dir, self.data_dir, self.logs_dir):
            folder.mkdir(parents=True, exist_ok=True)
        return self
