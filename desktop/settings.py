"""The user's settings, kept as JSON in the config folder and validated before use.

Validation returns every problem at once, each naming its field and saying what is wrong in the
user's language, so the settings dialog can point at the field and a broken file can be reported
clearly at start-up instead of failing somewhere deep inside.
"""

from __future__ import annotations

import dataclasses
import json
import logging
import os
from dataclasses import dataclass
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from PySide6.QtCore import QCoreApplication

from ui.print_settings import DEFAULT_NUMBER_FORMAT, number_format_problem

log = logging.getLogger(__name__)

LANGUAGES = ("id", "en")
_PROXY_SCHEMES = {"http", "https", "socks5", "socks5h"}
MIN_INTERVAL, MAX_INTERVAL = 1, 24 * 60


def _tr(text: str) -> str:
    return QCoreApplication.translate("Settings", text)


@dataclass(frozen=True)
class Settings:
    server_url: str = ""
    ca_bundle: str = ""  # a PEM file; empty = the operating system's certificate store
    proxy: str = ""  # e.g. http://proxy.kantor:3128; when set it wins over the system's proxy
    use_system_proxy: bool = True  # with no explicit proxy: the operating system's proxy
    sync_interval_minutes: int = 15
    language: str = "id"
    # None: follow the server's reference data; True/False: the office's own decision.
    cuti_bersama_is_holiday: bool | None = None
    last_username: str = ""
    # What printed letters carry: the letterhead lines and the letter-number format.
    letterhead: str = ""
    letter_number_format: str = DEFAULT_NUMBER_FORMAT
    # Text size in points for the whole window; 0 = the system's own size.
    font_size: int = 0

    def replace(self, **changes: Any) -> Settings:
        return dataclasses.replace(self, **changes)


@dataclass(frozen=True)
class SettingsProblem:
    field: str
    message: str


class SettingsError(ValueError):
    def __init__(self, problems: list[SettingsProblem]) -> None:
        super().__init__("; ".join(f"{p.field}: {p.message}" for p in problems))
        self.problems = problems


def validate(s: Settings) -> list[SettingsProblem]:
    """Every problem of `s`; an empty list means the settings can be used."""
    problems: list[SettingsProblem] = []
    if msg := _server_url_problem(s.server_url):
        problems.append(SettingsProblem("server_url", msg))
    if s.ca_bundle and not Path(s.ca_bundle).is_file():
        problems.append(SettingsProblem("ca_bundle", _tr("Berkas sertifikat CA tidak ditemukan.")))
    if msg := _proxy_problem(s.proxy):
        problems.append(SettingsProblem("proxy", msg))
    interval = s.sync_interval_minutes
    if isinstance(interval, bool) or not isinstance(interval, int):
        problems.append(
            SettingsProblem("sync_interval_minutes", _tr("Selang harus bilangan bulat."))
        )
    elif not MIN_INTERVAL <= interval <= MAX_INTERVAL:
        problems.append(
            SettingsProblem(
                "sync_interval_minutes", _tr("Selang sinkron harus 1 sampai 1440 menit.")
            )
        )
    if s.language not in LANGUAGES:
        problems.append(SettingsProblem("language", _tr("Bahasa harus 'id' atau 'en'.")))
    if not isinstance(s.use_system_proxy, bool):
        problems.append(SettingsProblem("use_system_proxy", _tr("Nilai tidak dikenal.")))
    if problem := number_format_problem(s.letter_number_format):
        problems.append(
            SettingsProblem(
                "letter_number_format",
                _tr("Format nomor surat memuat kolom yang tidak dikenal: %1").replace(
                    "%1", problem
                ),
            )
        )
    size = s.font_size
    if isinstance(size, bool) or not isinstance(size, int) or not (size == 0 or 8 <= size <= 24):
        problems.append(
            SettingsProblem("font_size", _tr("Ukuran huruf harus 8 sampai 24 poin (0 = bawaan)."))
        )
    if s.cuti_bersama_is_holiday not in (None, True, False):
        problems.append(SettingsProblem("cuti_bersama_is_holiday", _tr("Nilai tidak dikenal.")))
    return problems


def _server_url_problem(url: str) -> str | None:
    if not url:
        return None  # not configured yet: the login dialog asks for it
    parts = urlsplit(url)
    if parts.scheme not in ("http", "https") or not parts.hostname:
        return _tr("Alamat server harus diawali https:// dan memuat nama host.")
    # TLS is always on for a real server; plain http only for a server on this computer.
    from sync.urls import server_url_allowed  # small; imported here to keep start-up lean

    if not server_url_allowed(url):
        return _tr("Gunakan https:// (http:// hanya untuk server di komputer ini).")
    return None


def _proxy_problem(proxy: str) -> str | None:
    if not proxy:
        return None
    parts = urlsplit(proxy)
    if parts.scheme not in _PROXY_SCHEMES or not parts.hostname:
        return _tr("Proksi harus berbentuk http://host:port.")
    try:
        port = parts.port
    except ValueError:
        port = None
    if port is None:
        return _tr("Proksi harus menyebut nomor port, misalnya http://proxy:3128.")
    return None


def from_dict(data: dict[str, Any]) -> Settings:
    """Known keys only: a file written by a newer version still loads."""
    known = {f.name for f in dataclasses.fields(Settings)}
    return Settings(**{k: v for k, v in data.items() if k in known})


def load(path: Path) -> Settings:
    """The settings in `path` (defaults when it does not exist); SettingsError when invalid."""
    if not path.exists():
        return Settings()
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
        if not isinstance(data, dict):
            raise ValueError("not an object")
        settings = from_dict(data)
    except (ValueError, TypeError) as exc:
        log.warning("settings file unreadable: %s", type(exc).__name__)
        raise SettingsError(
            [SettingsProblem("file", _tr("Berkas pengaturan rusak; periksa atau hapus berkasnya."))]
        ) from exc
    problems = validate(settings)
    if problems:
        raise SettingsError(problems)
    return settings


def save(path: Path, settings: Settings) -> None:
    """Validate, then write atomically (a crash mid-write never leaves half a file)."""
    problems = validate(settings)
    if problems:
        raise SettingsError(problems)
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_suffix(".tmp")
    tmp.write_text(json.dumps(dataclasses.asdict(settings), indent=2), encoding="utf-8")
    os.replace(tmp, path)
