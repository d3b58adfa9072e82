"""The sync log page: what waits in the outbox, and every request the sync engine made."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QPushButton,
    QSplitter,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from localdb.details import outbox_summary, sync_log
from localdb.views import OutboxState, OutboxSummary, SyncLogEntry
from ui.context import AppContext
from ui.synclog.detail import DetailButtonDelegate, DetailDialog
from ui.synclog.model import OutboxModel, SyncLogModel, op_state_label
from ui.widgets.empty import EmptyState

if TYPE_CHECKING:
    from localdb.queries import Session

LOG_LIMIT = 500


class SyncLogView(QWidget):
    """Refreshes when shown, after each sync cycle, and on the refresh button."""

    loaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.outbox_model = OutboxModel(self)
        self.log_model = SyncLogModel(self)
        self.summary = QLabel(self)
        self.summary.setTextFormat(Qt.TextFormat.PlainText)
        self.summary.setWordWrap(True)
        self.summary.setObjectName("outboxSummary")
        refresh = QPushButton(self.tr("Muat ulang"), self)
        refresh.setToolTip(self.tr("Baca ulang daftar ini (tidak menyinkronkan; untuk itu Ctrl+R)"))
        refresh.clicked.connect(self.refresh)
        head = QHBoxLayout()
        head.addWidget(self.summary, 1)
        head.addWidget(refresh)
        self.outbox_table = self._table(self.outbox_model, stretch=6)
        self.log_table = self._table(self.log_model, stretch=1)
        self.detail_dialog: DetailDialog | None = None
        self.outbox_empty = EmptyState(
            self.outbox_table,
            self.tr(
                "Tidak ada yang menunggu dikirim. Perubahan yang Anda simpan muncul di sini "
                "sampai pusat menerimanya."
            ),
        )
        self.log_empty = EmptyState(
            self.log_table,
            self.tr("Belum ada permintaan ke pusat. Tekan Ctrl+R untuk sinkron sekarang."),
        )
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self._titled(self.tr("Kotak keluar (belum selesai)"), self.outbox_table))
        split.addWidget(self._titled(self.tr("Riwayat permintaan ke pusat"), self.log_table))
        split.setSizes([220, 480])
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addWidget(split, 1)
        sync = ctx.sync
        if sync is not None and hasattr(sync, "finished"):
            sync.finished.connect(lambda _summary: self.refresh())
        ctx.events.countsStale.connect(self._refresh_if_visible)

    def _table(self, model: Any, *, stretch: int) -> QTableView:
        table = QTableView(self)
        table.setModel(model)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.verticalHeader().hide()
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(stretch, QHeaderView.ResizeMode.Stretch)
        # The last column is each row's "Detail" button; Enter on a row opens it too.
        buttons = DetailButtonDelegate(table)
        buttons.clicked.connect(lambda row, m=model: self.show_detail(m, row))
        table.setItemDelegateForColumn(model.columnCount() - 1, buttons)
        table.activated.connect(lambda index, m=model: self.show_detail(m, index.row()))
        return table

    def show_detail(self, model: Any, row: int) -> None:
        """The technical text of one row, in a dialog with a copy button (not modal)."""
        if not 0 <= row < model.rowCount():
            return
        title = self.tr("Detail teknis")
        if self.detail_dialog is not None:
            self.detail_dialog.close()
        self.detail_dialog = DetailDialog(title, model.detail(row), self)
        self.detail_dialog.show()

    def _titled(self, title: str, widget: QWidget) -> QWidget:
        box = QWidget(self)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        label = QLabel(title, box)
        label.setStyleSheet("font-weight: bold;")
        column.addWidget(label)
        column.addWidget(widget)
        return box

    @Slot()
    def refresh(self) -> None:
        def work(s: Session) -> tuple[OutboxSummary, list[SyncLogEntry]]:
            return outbox_summary(s), sync_log(s, limit=LOG_LIMIT)

        self._ctx.runner.run(work, on_done=self._show, owner=self)

    def _refresh_if_visible(self) -> None:
        if self.isVisible():
            self.refresh()

    def _show(self, result: tuple[OutboxSummary, list[SyncLogEntry]]) -> None:
        summary, log = result
        self.summary.setText(self._summary_text(summary))
        self.outbox_model.set_rows(summary.items)
        self.log_model.set_rows(log)
        self.outbox_empty.show_if_empty(not summary.items)
        self.log_empty.show_if_empty(not log)
        self.loaded.emit()

    def _summary_text(self, summary: OutboxSummary) -> str:
        c = summary.counts
        if not c.unsent and not c.parked:
            return self.tr("Semua perubahan sudah terkirim ke pusat.")
        shown = (s for s in OutboxState if s is not OutboxState.DONE)
        text = " · ".join(f"{op_state_label(s)}: {c[s]}" for s in shown)
        if c.parked:
            text += "\n" + self.tr(
                "Perubahan yang konflik atau ditolak menunggu keputusan Anda di halaman Konflik."
            )
        return text

    def showEvent(self, event: QShowEvent) -> None:
        self.refresh()
        super().showEvent(event)
