"""The status bar: connection state, sync progress, unsent changes, last sync, last error.

It is fed by plain slots (the sync controller's signals are connected by the main window), so it
can be tested and shown without a sync engine. "Terakhir sinkron 5 menit lalu" is recomputed each
minute from the stored time, not counted up, so a sleeping laptop never shows a wrong age.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

from PySide6.QtCore import QCoreApplication, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QMouseEvent
from PySide6.QtWidgets import QHBoxLayout, QLabel, QProgressBar, QWidget

from domain.clock import now as now_utc

Clock = Callable[[], dt.datetime]

# Connection states as the sync controller names them.
ONLINE, OFFLINE, SYNCING, ERROR, AUTH_NEEDED = (
    "online",
    "offline",
    "syncing",
    "error",
    "auth_needed",
)


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("SyncStatusBar", text, None, n)


def state_text(state: str) -> str:
    return {
        ONLINE: _tr("Terhubung"),
        OFFLINE: _tr("Luring (tanpa koneksi)"),
        SYNCING: _tr("Menyinkronkan…"),
        ERROR: _tr("Sinkron bermasalah"),
        AUTH_NEEDED: _tr("Perlu masuk ulang"),
    }.get(state, state)


def last_sync_text(last: dt.datetime | None, now: dt.datetime) -> str:
    if last is None:
        return _tr("Belum pernah sinkron")
    minutes = int((now - last).total_seconds() // 60)
    if minutes < 1:
        return _tr("Terakhir sinkron baru saja")
    if minutes < 60:
        return _tr("Terakhir sinkron %n menit lalu", minutes)
    hours = minutes // 60
    if hours < 24:
        return _tr("Terakhir sinkron %n jam lalu", hours)
    return _tr("Terakhir sinkron %n hari lalu", hours // 24)


def pending_text(count: int, waiting: int = 0) -> str:
    """Unsent changes, and changes held back until the user decides (conflict or refused)."""
    parts = []
    if count > 0:
        parts.append(_tr("%n perubahan belum terkirim", count))
    if waiting > 0:
        parts.append(_tr("%n perubahan tertahan, perlu keputusan Anda", waiting))
    return " · ".join(parts) if parts else _tr("Semua perubahan terkirim")


class _ClickableLabel(QLabel):
    clicked = Signal()

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        if event.button() == Qt.MouseButton.LeftButton:
            self.clicked.emit()
        super().mouseReleaseEvent(event)


class SyncStatusBar(QWidget):
    """Lives in the main window's QStatusBar; `errorClicked` asks to open the sync log."""

    errorClicked = Signal()

    def __init__(self, clock: Clock | None = None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._clock = clock or now_utc
        self._last_sync: dt.datetime | None = None
        self._state = OFFLINE
        self.state_label = QLabel()
        self.progress = QProgressBar()
        self.progress.setMaximumWidth(160)
        self.progress.setTextVisible(False)
        self.progress.hide()
        self.phase_label = QLabel()
        self.pending_label = QLabel()
        self.last_sync_label = QLabel()
        self.error_label = _ClickableLabel()
        self.error_label.setTextFormat(Qt.TextFormat.PlainText)  # server text: never rich text
        self.error_label.setStyleSheet("color: #b71c1c; text-decoration: underline;")
        self.error_label.setCursor(Qt.CursorShape.PointingHandCursor)
        self.error_label.setToolTip(_tr("Klik untuk membuka log sinkronisasi"))
        self.error_label.clicked.connect(self.errorClicked)
        self.state_label.setToolTip(
            _tr("Hubungan dengan server pusat. Tanpa koneksi pun Anda tetap bisa bekerja.")
        )
        self.pending_label.setToolTip(
            _tr("Perubahan dikirim otomatis saat tersambung; Ctrl+R untuk sinkron sekarang")
        )
        self.last_sync_label.setToolTip(_tr("Laporan baru diambil dari pusat setiap sinkronisasi"))
        self.error_label.hide()
        self._layout()
        self._timer = QTimer(self)
        self._timer.setInterval(60_000)
        self._timer.timeout.connect(self.refresh_age)
        self._timer.start()
        self.set_state(OFFLINE)
        self.set_pending(0)
        self.refresh_age()

    def _layout(self) -> None:
        row = QHBoxLayout(self)
        row.setContentsMargins(4, 0, 4, 0)
        for w in (self.state_label, self.progress, self.phase_label, self.pending_label):
            row.addWidget(w)
        row.addWidget(self.last_sync_label)
        row.addWidget(self.error_label)
        row.addStretch(1)
        row.setSpacing(16)

    @Slot(str)
    def set_state(self, state: str) -> None:
        self._state = state
        dot = {ONLINE: "#2e7d32", SYNCING: "#1565c0", ERROR: "#b71c1c", AUTH_NEEDED: "#e65100"}.get(
            state, "#757575"
        )
        self.state_label.setText(f"● {state_text(state)}")
        self.state_label.setStyleSheet(f"color: {dot};")
        syncing = state == SYNCING
        self.progress.setVisible(syncing)
        self.phase_label.setVisible(syncing)
        if not syncing:
            self.progress.setRange(0, 1)
            self.progress.setValue(0)

    @Slot(str, int, int, int)
    def set_progress(self, phase: str, done: int, total: int, _bytes: int = 0) -> None:
        # total 0 = unknown (pull pages until has_more is false): a busy bar.
        self.progress.setRange(0, max(total, 0))
        self.progress.setValue(min(done, total) if total > 0 else 0)
        self.phase_label.setText(phase_text(phase))

    @Slot(int)
    def set_pending(self, count: int, waiting: int = 0) -> None:
        self.pending_label.setText(pending_text(count, waiting))

    def set_last_sync(self, when: dt.datetime | None) -> None:
        self._last_sync = when
        self.refresh_age()

    @Slot()
    def refresh_age(self) -> None:
        self.last_sync_label.setText(last_sync_text(self._last_sync, self._clock()))

    @Slot(str)
    def set_error(self, message: str) -> None:
        self.error_label.setText(message)
        self.error_label.setVisible(bool(message))

    @property
    def state(self) -> str:
        return self._state


def phase_text(phase: str) -> str:
    return {
        "probe": _tr("Memeriksa koneksi"),
        "auth": _tr("Masuk ke server"),
        "upload": _tr("Mengunggah lampiran"),
        "push": _tr("Mengirim perubahan"),
        "pull": _tr("Mengambil laporan"),
        "reference": _tr("Memperbarui data rujukan"),
    }.get(phase, phase)
