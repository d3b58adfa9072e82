"""The supervisor's approval queue: the text read is the version approved or returned."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
    QInputDialog,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from localdb import commands, queries
from localdb.views import FollowupView
from ui.context import AppContext
from ui.errors import user_message
from ui.report.fields import format_when
from ui.widgets.empty import EmptyState
from ui.widgets.plaintext import plain_tooltip

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


@dataclass(frozen=True)
class ApprovalRow:
    followup: FollowupView
    report_title: str
    tracking_id: str | None


def approval_rows(s: Any, actor: Any) -> list[ApprovalRow]:
    """The approval queue with each follow-up's report title (runs on the database thread)."""
    rows = []
    titles: dict[str, tuple[str, str | None]] = {}
    for f in queries.approval_queue(s, actor):
        if f.report_id not in titles:
            detail = queries.report_detail(s, f.report_id, actor)
            titles[f.report_id] = (
                (detail.title, detail.tracking_id) if detail else (f.report_id, None)
            )
        title, tracking = titles[f.report_id]
        rows.append(ApprovalRow(f, title, tracking))
    return rows


class ApprovalPanel(QWidget):
    loaded = Signal()
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.queue = QListWidget(self)
        self.queue.setSpacing(3)
        self.queue.setAlternatingRowColors(True)
        self.queue.currentItemChanged.connect(self._show)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color: #616161;")
        self.open_report = QPushButton(self.tr("Buka laporan"), self)
        self.open_report.clicked.connect(self._open_report)
        self.text = QPlainTextEdit(self)
        self.text.setReadOnly(True)
        self.open_report.setToolTip(self.tr("Lihat laporan lengkap yang dijawab tindak lanjut ini"))
        self.approve_button = QPushButton(self.tr("Setujui dan terbitkan"), self)
        self.approve_button.setToolTip(
            self.tr("Teks di atas diterbitkan untuk pelapor pada sinkronisasi berikutnya")
        )
        self.return_button = QPushButton(self.tr("Kembalikan ke petugas…"), self)
        self.return_button.setToolTip(
            self.tr("Minta petugas memperbaiki teks; tulis catatan apa yang perlu diubah")
        )
        self.empty = EmptyState(
            self.queue,
            self.tr(
                "Tidak ada tindak lanjut yang menunggu persetujuan. "
                "Tindak lanjut yang dikirim petugas muncul di sini setelah sinkronisasi."
            ),
        )
        self.approve_button.clicked.connect(self.approve_current)
        self.return_button.clicked.connect(self._ask_return)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_report)
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.approve_button)
        right = QWidget(self)
        column = QVBoxLayout(right)
        column.addWidget(self.title)
        column.addWidget(self.meta)
        column.addWidget(QLabel(self.tr("Teks tindak lanjut yang akan diterbitkan:"), right))
        column.addWidget(self.text, 1)
        column.addLayout(buttons)
        split = QSplitter(self)
        split.addWidget(self.queue)
        split.addWidget(right)
        split.setSizes([380, 620])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        ctx.events.reportsChanged.connect(lambda _ids: self.refresh())
        self.refresh()

    @Slot()
    def refresh(self) -> None:
        actor = self._ctx.actor
        self._ctx.runner.run(lambda s: approval_rows(s, actor), on_done=self._fill, owner=self)

    def _fill(self, rows: list[ApprovalRow]) -> None:
        keep = self._current()
        self.queue.clear()
        for row in rows:
            f = row.followup
            meta = " · ".join(
                x for x in (row.tracking_id, f.author_name, format_when(f.updated_at)) if x
            )
            item = QListWidgetItem(f"{row.report_title}\n{meta}")
            item.setToolTip(plain_tooltip(row.report_title))
            item.setData(ROW_ROLE, row)
            self.queue.addItem(item)
            if keep is not None and keep.followup.id == f.id:
                self.queue.setCurrentItem(item)
        if self.queue.count() and self.queue.currentItem() is None:
            self.queue.setCurrentRow(0)
        else:
            self.title.setText(self.tr("Tidak ada tindak lanjut yang menunggu persetujuan."))
            self.text.clear()
        for button in (self.approve_button, self.return_button, self.open_report):
            button.setEnabled(bool(self.queue.count()))
        self.empty.show_if_empty(not self.queue.count())
        self.loaded.emit()

    def _current(self) -> Any:
        item = self.queue.currentItem()
        return item.data(ROW_ROLE) if item is not None else None

    def _show(self, item: QListWidgetItem | None, _prev: Any) -> None:
        row = item.data(ROW_ROLE) if item is not None else None
        if row is None:
            self.title.clear()
            self.meta.clear()
            self.text.clear()
            return
        f = row.followup
        self.title.setText(row.report_title)
        self.meta.setText(
            self.tr("No. Pelacakan %1 · ditulis oleh %2 · %3")
            .replace("%1", row.tracking_id or self.tr("(belum ada)"))
            .replace("%2", f.author_name or self.tr("(tidak diketahui)"))
            .replace("%3", format_when(f.updated_at))
        )
        self.text.setPlainText(f.content)

    @Slot()
    def approve_current(self) -> None:
        row, actor = self._current(), self._ctx.actor
        if row is None:
            return
        # The version approved is the one on screen: a newer one is refused, never approved.
        fid, version = row.followup.id, row.followup.version
        self._run(lambda s: commands.approve_followup(s, actor, fid, version), row)

    def return_current(self, note: str) -> None:
        row, actor = self._current(), self._ctx.actor
        if row is None:
            return
        fid, version = row.followup.id, row.followup.version
        self._run(lambda s: commands.return_followup(s, actor, fid, version, note), row)

    def _open_report(self) -> None:
        row = self._current()
        if row is not None:
            self._ctx.events.openReport.emit(row.followup.report_id)

    def _ask_return(self) -> None:
        note, ok = QInputDialog.getMultiLineText(
            self, self.tr("Kembalikan tindak lanjut"), self.tr("Catatan untuk petugas:")
        )
        if ok and note.strip():
            self.return_current(note.strip())

    def _run(self, fn: Any, row: Any) -> None:
        def done(_r: Any) -> None:
            self._ctx.events.reportsChanged.emit([row.followup.report_id])
            self._ctx.events.countsStale.emit()
            self._ctx.events.localChange.emit()

        def failed(exc: BaseException) -> None:
            self.failed.emit(user_message(exc))

        self._ctx.runner.run(fn, on_done=done, on_error=failed, owner=self)
