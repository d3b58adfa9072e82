"""Fetch one attachment by sha256 (GET /files/{sha256}), resuming a partial file with Range.

Plain Python apart from the translator (thread-safe): the attachment list runs it on a network
worker thread. The file is written
to `<dest>.part` and only renamed into place once its sha256 matches, so a broken link never
leaves a wrong file that looks complete.
"""

from __future__ import annotations

import hashlib
import threading
from collections.abc import Callable, Mapping
from pathlib import Path

import requests
from PySide6.QtCore import QCoreApplication

CHUNK = 64 * 1024
Progress = Callable[[int, int], None]  # bytes so far, total (0 when unknown)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Download", text)


class DownloadError(Exception):
    """A download that did not produce the expected file; the message is for the user."""


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download_file(
    api_base: str,
    sha256: str,
    dest: Path,
    *,
    headers: Mapping[str, str] | None = None,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
    stall_timeout: float = 30.0,
) -> Path:
    """Download the file `sha256` into `dest`; return `dest`. Resumes a `.part` file."""
    if dest.exists() and _sha256_of(dest) == sha256:
        return dest
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    offset = part.stat().st_size if part.exists() else 0
    request_headers = dict(headers or {})
    if offset:
        request_headers["Range"] = f"bytes={offset}-"
    url = f"{api_base.rstrip('/')}/files/{sha256}"
    try:
        resp = requests.get(url, headers=request_headers, stream=True, timeout=(15, stall_timeout))
    except requests.RequestException as exc:
        raise DownloadError(
            _tr("Tidak dapat terhubung ke server: %1").replace("%1", exc.__class__.__name__)
        ) from exc
    with resp:
        if resp.status_code == 200:
            offset = 0  # the server ignored Range: start over
        elif resp.status_code != 206:
            raise DownloadError(
                _tr("Server menolak mengirim berkas (HTTP %1).").replace(
                    "%1", str(resp.status_code)
                )
            )
        total = offset + int(resp.headers.get("Content-Length", "0") or 0)
        _write_stream(resp, part, offset, total, on_progress, cancel)
    if _sha256_of(part) != sha256:
        part.unlink(missing_ok=True)
        raise DownloadError(
            _tr("Berkas yang diterima rusak (sidik sha256 tidak cocok); coba lagi.")
        )
    part.replace(dest)
    return dest


def _write_stream(
    resp: requests.Response,
    part: Path,
    offset: int,
    total: int,
    on_progress: Progress | None,
    cancel: threading.Event | None,
) -> None:
    done = offset
    with part.open("ab" if offset else "wb") as out:
        for chunk in resp.iter_content(CHUNK):
            if cancel is not None and cancel.is_set():
                raise DownloadError(_tr("Unduhan dibatalkan."))
            out.write(chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, total)
