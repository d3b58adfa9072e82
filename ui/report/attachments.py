"""A report's attachments: listed by name and size, fetched only when the officer opens one.

A file already on this PC (a blob added here, or downloaded before) opens at once. Otherwise
it is downloaded on a network thread (never the UI thread, never the database worker) with a
progress bar, into the profile's blob folder where its sha256 is its name, sealed with the
profile's key. Opening one writes its plaintext under the profile's `view/` folder (0700,
emptied when the profile closes) for the desktop's viewer.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from localdb import cipher
from localdb.attachments import blob_relpath
from localdb.cipher import private_folder
from ui.context import AppContext
from ui.report.download import DownloadError, download_file

# (API base URL, request headers) for GET /files/{sha256}; None when there is no connection.
FileSource = Callable[[], tuple[str, dict[str, str]] | None]


def file_source_from(ctx: AppContext) -> FileSource:
    """Where to download from: the sync controller's server and current access token."""

    def source() -> tuple[str, dict[str, str]] | None:
        sync = ctx.sync
        if sync is None:
            return None
        return sync.file_source()  # type: ignore[no-any-return]

    return source


class _Signals(QObject):
    progress = Signal(str, int, int)
    done = Signal(str, str)  # sha256, path
    failed = Signal(str, str)  # sha256, message


@dataclass(frozen=True)
class _Job:
    sha256: str
    blob: Path  # where the (sealed) blob lives in the profile
    view: Path  # where the plaintext is written for the viewer
    key: bytes | None  # the profile's blob key; None for a plain profile
    source: tuple[str, dict[str, str]] | None  # download first when the blob is not here


class _Download(QRunnable):
    """Off the UI thread: download the blob if needed, seal it, write a plaintext to view."""

    def __init__(self, job: _Job) -> None:
        super().__init__()
        self.signals = _Signals()
        self.cancel = threading.Event()
        self._job = job

    def run(self) -> None:
        job = self._job
        try:
            if job.source is not None:
                self._download(job, job.source)
            if job.key is None:
                self.signals.done.emit(job.sha256, str(job.blob))
                return
            private_folder(job.view.parent)
            cipher.decrypt_to(job.blob, job.view, job.key)
        except DownloadError as exc:
            self.signals.failed.emit(job.sha256, str(exc))
            return
        except (OSError, cipher.BlobCorrupt):
            self.signals.failed.emit(
                job.sha256, _tr("Berkas lampiran di komputer ini rusak atau tidak terbaca.")
            )
            return
        self.signals.done.emit(job.sha256, str(job.view))

    def _download(self, job: _Job, source: tuple[str, dict[str, str]]) -> None:
        base, headers = source
        # The plaintext lands beside the blob only until it is sealed.
        dest = job.blob if job.key is None else job.blob.with_name(job.blob.name + ".download")
        private_folder(dest.parent)
        download_file(
            base,
            job.sha256,
            dest,
            headers=headers,
            on_progress=lambda n, total: self.signals.progress.emit(job.sha256, n, total),
            cancel=self.cancel,
        )
        if job.key is not None:
            cipher.encrypt_file(dest, job.blob, job.key)
            dest.unlink(missing_ok=True)


def _tr(text: str) -> str:
    return QCoreApplication.translate("AttachmentList", text)


def _safe_name(filename: str) -> str:
    """The attachment's own name for the viewer, without any path parts."""
    name = Path(filename.replace("\\", "/")).name.strip(". ")
    return name[:120] or "lampiran"


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"


class AttachmentList(QWidget):
    """Signal `opened(path)` when a file is ready (and handed to the desktop to open)."""

    opened = Signal(str)
    failed = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        source: FileSource | None = None,
        open_file: Callable[[Path], None] | None = None,
    ) -> None:
        super().__init__(parent)
        self._blob_dir = Path(ctx.profile.blob_dir)
        self._key: bytes | None = ctx.profile.blob_key
        self._view_dir = Path(ctx.profile.view_dir)
        self._source = source or file_source_from(ctx)
        self._open = open_file or (lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._bars: dict[str, QProgressBar] = {}
        self._running: dict[str, _Download] = {}
        self._names: dict[str, str] = {}
        self._grid = QGridLayout(self)
        self._grid.setContentsMargins(0, 0, 0, 0)
        self._empty = QLabel(self.tr("Tidak ada lampiran."), self)

    def set_attachments(self, attachments: list[Any]) -> None:
        for job in self._running.values():
            job.cancel.set()
        self._running.clear()
        self._bars.clear()
        while (item := self._grid.takeAt(0)) is not None:
            if item.widget() is not None and item.widget() is not self._empty:
                item.widget().deleteLater()
        if not attachments:
            self._grid.addWidget(self._empty, 0, 0)
            self._empty.show()
            return
        self._empty.hide()
        for row, att in enumerate(attachments):
            ref = att if isinstance(att, dict) else vars(att)
            self._add_row(row, ref)

    def _add_row(self, row: int, ref: dict[str, Any]) -> None:
        name = QLabel(f"{ref['filename']}  ({_size(int(ref['size']))})", self)
        self._names[str(ref["sha256"])] = _safe_name(str(ref["filename"]))
        name.setTextFormat(Qt.TextFormat.PlainText)
        bar = QProgressBar(self)
        bar.setMaximumWidth(140)
        bar.hide()
        button = QPushButton(self.tr("Buka"), self)
        sha = str(ref["sha256"])
        button.clicked.connect(lambda: self.open_attachment(sha))
        self._bars[sha] = bar
        self._grid.addWidget(name, row, 0)
        self._grid.addWidget(bar, row, 1)
        self._grid.addWidget(button, row, 2)
        self._grid.setColumnStretch(0, 1)

    def local_path(self, sha256: str) -> Path:
        return self._blob_dir / blob_relpath(sha256)

    def open_attachment(self, sha256: str) -> None:
        path = self.local_path(sha256)
        if path.is_file() and self._key is None:
            self._ready(sha256, str(path))
            return
        if sha256 in self._running:
            return
        source = None
        if not path.is_file():
            source = self._source()
            if source is None:
                self.failed.emit(
                    self.tr("Lampiran belum ada di komputer ini dan server tidak tersambung.")
                )
                return
        view = self._view_dir / sha256[:16] / self._names.get(sha256, sha256)
        job = _Download(_Job(sha256, path, view, self._key, source))
        job.signals.progress.connect(self._progress)
        job.signals.done.connect(self._ready)
        job.signals.failed.connect(self._failed)
        self._running[sha256] = job
        bar = self._bars.get(sha256)
        if bar is not None:
            bar.setRange(0, 0)
            bar.show()
        self._pool.start(job)

    def _progress(self, sha256: str, done: int, total: int) -> None:
        bar = self._bars.get(sha256)
        if bar is not None and total > 0:
            bar.setRange(0, 1000)
            bar.setValue(int(done * 1000 / total))

    def _ready(self, sha256: str, path: str) -> None:
        self._running.pop(sha256, None)
        bar = self._bars.get(sha256)
        if bar is not None:
            bar.hide()
        self._open(Path(path))
        self.opened.emit(path)

    def _failed(self, sha256: str, message: str) -> None:
        self._running.pop(sha256, None)
        bar = self._bars.get(sha256)
        if bar is not None:
            bar.hide()
        self.failed.emit(message)

    def shutdown(self) -> None:
        for job in self._running.values():
            job.cancel.set()
        self._pool.waitForDone(5000)
