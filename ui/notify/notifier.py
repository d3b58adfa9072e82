"""After each sync: mark the news in the window's banner and, where there is one, the tray.

One notice per sync, counting what came ("3 laporan baru, 1 tindak lanjut dikembalikan"), never
one per report. The tray's message carries counts and tracking numbers only (it may show on a
locked screen). Without a system tray (offscreen, some Linux desktops) the banner alone says it.
"""

from __future__ import annotations

import logging
from typing import Any

from PySide6.QtCore import QObject, Signal, Slot
from PySide6.QtGui import QIcon
from PySide6.QtWidgets import QApplication, QStyle, QSystemTrayIcon

from ui.context import AppContext
from ui.notify.banner import NewsBanner
from ui.notify.text import NewsDigest, digest, tray_message, tray_title

log = logging.getLogger(__name__)


def tray_available() -> bool:
    return QSystemTrayIcon.isSystemTrayAvailable() and QSystemTrayIcon.supportsMessages()


class SyncNotifier(QObject):
    """Listens to the sync controller's `finished`; `openRequested` asks the shell for a report."""

    openRequested = Signal(str)
    notified = Signal(object)  # the NewsDigest just shown

    def __init__(self, ctx: AppContext, banner: NewsBanner, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.banner = banner
        self.last: NewsDigest | None = None
        self.tray: QSystemTrayIcon | None = self._make_tray() if tray_available() else None
        banner.openRequested.connect(self.openRequested)
        sync = ctx.sync
        if sync is not None and hasattr(sync, "finished"):
            sync.finished.connect(self.on_sync_finished)

    def _make_tray(self) -> QSystemTrayIcon:
        app = QApplication.instance()
        icon = app.windowIcon() if isinstance(app, QApplication) else QIcon()
        if icon.isNull() and isinstance(app, QApplication):
            icon = app.style().standardIcon(QStyle.StandardPixmap.SP_MessageBoxInformation)
        tray = QSystemTrayIcon(icon, self)
        tray.setToolTip("Simpul")
        tray.messageClicked.connect(self._open_last)
        tray.show()
        return tray

    @Slot(object)
    def on_sync_finished(self, summary: Any) -> None:
        events = tuple(getattr(summary, "news", ()) or ())
        if not events:
            return
        self.show_news(digest(events))

    def show_news(self, news: NewsDigest) -> None:
        if news.empty:
            return
        self.last = news
        self.banner.show_news(news)
        if self.tray is not None:
            self.tray.showMessage(
                tray_title(), tray_message(news), QSystemTrayIcon.MessageIcon.Information, 10000
            )
        self.notified.emit(news)

    @Slot()
    def _open_last(self) -> None:
        if self.last is not None and self.last.first_report is not None:
            self.openRequested.emit(self.last.first_report)
