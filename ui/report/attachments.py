"""A report's attachments: listed by name and size, fetched only when the officer opens one.

A file already on this PC (a blob added here, or downloaded before) opens at once. Otherwise
it is downloaded on a network thread (never the UI thread, never the database worker) with a
progress bar, into the profile's blob folder where its sha256 is its name.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any

from PySide6.QtCore import QObject, QRunnable, Qt, QThreadPool, QUrl, Signal
from PySide6.QtGui import QDesktopServices
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QProgressBar,
    QPushButton,
    QWidget,
)

from localdb.attachments import blob_relpath
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


class _Download(QRunnable):
    def __init__(self, base: str, headers: dict[str, str], sha256: str, dest: Path) -> None:
        super().__init__()
        self.signals = _Signals()
        self.cancel = threading.Event()
        self._args = (base, headers, sha256, dest)

    def run(self) -> None:
        base, headers, sha256, dest = self._args
        try:
            path = download_file(
                base,
                sha256,
                dest,
                headers=headers,
                on_progress=lambda n, total: self.signals.progress.emit(sha256, n, total),
                cancel=self.cancel,
            )
        except DownloadError as exc:
            self.signals.failed.emit(sha256, str(exc))
            return
        self.signals.done.emit(sha256, str(path))


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
        self._source = source or file_source_from(ctx)
        self._open = open_file or (lambda p: QDesktopServices.openUrl(QUrl.fromLocalFile(str(p))))
        self._pool = QThreadPool(self)
        self._pool.setMaxThreadCount(2)
        self._bars: dict[str, QProgressBar] = {}
        self._running: dict[str, _Download] = {}
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
        if path.is_file():
            self._ready(sha256, str(path))
            return
        if sha256 in self._running:
            return
        source = self._source()
        if source is None:
            self.failed.emit(
                self.tr("Lampiran belum ada di komputer ini dan server tidak tersambung.")
            )
            return
        job = _Download(source[0], source[1], sha256, path)
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
