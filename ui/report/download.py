"""Fetch one attachment by sha256 (GET /files/{sha256}), resuming a partial file with Range.

Plain Python apart from the translator (thread-safe): the attachment list runs it on the
runner's network lane. The request goes through the sync transport (its CA bundle, proxy and
token refresh; `sync.files.FileFetcher`). The file is written to `<dest>.part` and only renamed
into place once its sha256 matches, so a broken link never leaves a wrong file that looks
complete.
"""

from __future__ import annotations

import contextlib
import hashlib
import threading
from collections.abc import Callable, Iterator, Mapping
from pathlib import Path
from typing import Protocol

import requests
from PySide6.QtCore import QCoreApplication

from sync.credentials import AuthRequired
from sync.errors import OfflineError, TransportError

CHUNK = 64 * 1024
Progress = Callable[[int, int], None]  # bytes so far, total (0 when unknown)


def _tr(text: str) -> str:
    return QCoreApplication.translate("Download", text)


class DownloadError(Exception):
    """A download that did not produce the expected file; the message is for the user."""


class DownloadCancelled(DownloadError):
    """The download was cancelled; nobody is told (the one who cancelled knows)."""


class FileSource(Protocol):
    """Opens the streamed answer to GET /files/{sha256} (see `sync.files.FileFetcher`)."""

    def open(
        self, sha256: str, *, headers: Mapping[str, str] | None = None
    ) -> requests.Response: ...


def _sha256_of(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(CHUNK), b""):
            digest.update(block)
    return digest.hexdigest()


def download_file(
    source: FileSource,
    sha256: str,
    dest: Path,
    *,
    on_progress: Progress | None = None,
    cancel: threading.Event | None = None,
) -> Path:
    """Download the file `sha256` into `dest`; return `dest`. Resumes a `.part` file."""
    if dest.exists() and _sha256_of(dest) == sha256:
        return dest
    part = dest.with_name(dest.name + ".part")
    dest.parent.mkdir(parents=True, exist_ok=True)
    with _only_writer(part):
        if dest.exists() and _sha256_of(dest) == sha256:
            return dest  # the writer before us finished it
        return _download_into(source, sha256, part, dest, on_progress, cancel)


@contextlib.contextmanager
def _only_writer(part: Path) -> Iterator[None]:
    """One writer per `.part` file in this process: a second download of the same file (opened
    again while a cancelled one still runs) waits, then resumes from what the first wrote."""
    with _writers_lock:
        lock = _writers.setdefault(str(part), threading.Lock())
    with lock:
        yield


_writers: dict[str, threading.Lock] = {}
_writers_lock = threading.Lock()


def _download_into(
    source: FileSource,
    sha256: str,
    part: Path,
    dest: Path,
    on_progress: Progress | None,
    cancel: threading.Event | None,
) -> Path:
    offset = part.stat().st_size if part.exists() else 0
    headers = {"Range": f"bytes={offset}-"} if offset else {}
    resp = _open(source, sha256, headers)
    with resp:
        if resp.status_code == 200:
            offset = 0  # the server ignored Range: start over
        total = offset + int(resp.headers.get("Content-Length", "0") or 0)
        _write_stream(resp, part, offset, total, on_progress, cancel)
    if _sha256_of(part) != sha256:
        part.unlink(missing_ok=True)
        raise DownloadError(
            _tr("Berkas yang diterima rusak (sidik sha256 tidak cocok); coba lagi.")
        )
    part.replace(dest)
    return dest


def _open(source: FileSource, sha256: str, headers: Mapping[str, str]) -> requests.Response:
    try:
        return source.open(sha256, headers=headers)
    except OfflineError as exc:
        raise DownloadError(_tr("Tidak dapat terhubung ke server.")) from exc
    except AuthRequired as exc:
        raise DownloadError(_tr("Sesi berakhir; silakan masuk kembali.")) from exc
    except TransportError as exc:
        raise DownloadError(
            _tr("Server menolak mengirim berkas (HTTP %1).").replace("%1", str(exc.status or "?"))
        ) from exc


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
                raise DownloadCancelled(_tr("Unduhan dibatalkan."))
            out.write(chunk)
            done += len(chunk)
            if on_progress is not None:
                on_progress(done, total)
