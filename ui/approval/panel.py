"""The supervisor's approval queue: the text read is the version approved or returned."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QBrush, QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QDialog,
    QHBoxLayout,
    QLabel,
    QListWidget,
    QListWidgetItem,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from localdb import commands, queries
from localdb.views import ApprovalRow
from ui.context import AppContext
from ui.errors import user_message
from ui.keys import APPROVAL_APPROVE
from ui.report.fields import format_when
from ui.widgets.deadline import BadgeLabel, deadline_badge
from ui.widgets.dialogs import action_buttons
from ui.widgets.empty import EmptyState
from ui.widgets.message import MessageLine
from ui.widgets.plaintext import plain_tooltip

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


class ApprovalPanel(QWidget):
    loaded = Signal()
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._shown_id: str | None = None
        self.queue = QListWidget(self)
        self.queue.setSpacing(3)
        self.queue.setAlternatingRowColors(True)
        # Long titles wrap inside the column: nothing is cut off and nothing scrolls sideways.
        self.queue.setWordWrap(True)
        self.queue.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.queue.setTextElideMode(Qt.TextElideMode.ElideNone)
        self.queue.currentItemChanged.connect(self._show)
        self.title = QLabel(self)
        self.title.setTextFormat(Qt.TextFormat.PlainText)
        self.title.setWordWrap(True)
        self.title.setStyleSheet("font-weight: bold; font-size: 12pt;")
        self.badge = BadgeLabel(self)
        self.meta = QLabel(self)
        self.meta.setTextFormat(Qt.TextFormat.PlainText)
        self.meta.setWordWrap(True)
        self.meta.setStyleSheet("color: #616161;")
        self.open_report = QPushButton(self.tr("&Buka laporan"), self)
        self.open_report.clicked.connect(self._open_report)
        self.open_report.setToolTip(self.tr("Lihat laporan lengkap yang dijawab tindak lanjut ini"))
        self.complaint = self._reader()
        self.complaint_files = self._files()
        self.text = self._reader()
        self.answer_files = self._files()
        self.approve_button = QPushButton(self.tr("&Setujui dan terbitkan…"), self)
        self.approve_button.setToolTip(
            self.tr("Teks tindak lanjut diterbitkan untuk pelapor pada sinkronisasi berikutnya")
        )
        self.return_button = QPushButton(self.tr("&Kembalikan ke petugas…"), self)
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
        self.approve_button.clicked.connect(self.confirm_and_approve)
        approve_key = QShortcut(QKeySequence(APPROVAL_APPROVE), self)
        approve_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        approve_key.activated.connect(self.confirm_and_approve)
        self.return_button.clicked.connect(self._ask_return)
        buttons = QHBoxLayout()
        buttons.addWidget(self.open_report)
        buttons.addStretch(1)
        buttons.addWidget(self.return_button)
        buttons.addWidget(self.approve_button)
        side_by_side = QSplitter(Qt.Orientation.Horizontal, self)
        side_by_side.addWidget(
            self._column(self.tr("Pengaduan warga"), self.complaint, self.complaint_files)
        )
        side_by_side.addWidget(
            self._column(
                self.tr("Tindak lanjut yang akan diterbitkan"), self.text, self.answer_files
            )
        )
        right = QWidget(self)
        column = QVBoxLayout(right)
        head = QHBoxLayout()
        head.addWidget(self.title, 1)
        head.addWidget(self.badge, 0, Qt.AlignmentFlag.AlignTop)
        column.addLayout(head)
        column.addWidget(self.meta)
        column.addWidget(side_by_side, 1)
        self.message = MessageLine(right)
        self.failed.connect(self.message.show_message)
        column.addWidget(self.message)
        column.addLayout(buttons)
        split = QSplitter(self)
        split.addWidget(self.queue)
        split.addWidget(right)
        split.setSizes([330, 700])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)
        ctx.events.reportsChanged.connect(lambda _ids: self.refresh())
        ctx.events.calendarChanged.connect(self.refresh)  # the deadline badges
        self.refresh()

    def _reader(self) -> QPlainTextEdit:
        box = QPlainTextEdit(self)
        box.setReadOnly(True)
        return box

    def _files(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setStyleSheet("color: #424242;")
        return label

    def _column(self, title: str, text: QPlainTextEdit, files: QLabel) -> QWidget:
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        heading = QLabel(title, holder)
        heading.setStyleSheet("font-weight: bold;")
        column.addWidget(heading)
        column.addWidget(text, 1)
        column.addWidget(files)
        return holder

    def _files_text(self, files: Any) -> str:
        if not files:
            return self.tr("Lampiran: tidak ada")
        names = ", ".join(f"{a.filename} ({a.size // 1024 + 1} KB)" for a in files)
        return self.tr("Lampiran (%n): ", "", len(files)) + names

    @Slot()
    def refresh(self) -> None:
        actor = self._ctx.actor
        self._ctx.runner.run(
            lambda s: queries.approval_rows(s, actor), on_done=self._fill, owner=self
        )

    def _fill(self, rows: list[ApprovalRow]) -> None:
        keep = self._current()
        self.queue.clear()
        today = clock.local_today()
        for row in rows:
            f = row.followup
            badge = deadline_badge(row.deadline, today, self._ctx.calendar)
            meta = " · ".join(
                x
                for x in (badge.text, row.tracking_id, f.author_name, format_when(f.updated_at))
                if x
            )
            item = QListWidgetItem(f"{row.report_title}\n{meta}")
            item.setToolTip(plain_tooltip(row.report_title) or "")
            item.setData(ROW_ROLE, row)
            if badge.level == "overdue":
                item.setForeground(QBrush(QColor("#b71c1c")))
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
        shown = row.followup.id if row is not None else None
        if shown != self._shown_id:
            self.message.clear_message()  # a failure is about the follow-up it happened to
        self._shown_id = shown
        if row is None:
            self.title.clear()
            self.meta.clear()
            self.text.clear()
            self.complaint.clear()
            self.complaint_files.clear()
            self.answer_files.clear()
            return
        f = row.followup
        self.title.setText(row.report_title)
        self.badge.set_badge(deadline_badge(row.deadline, clock.local_today(), self._ctx.calendar))
        self.complaint.setPlainText(row.report_content)
        self.complaint_files.setText(self._files_text(row.report_attachments))
        self.answer_files.setText(self._files_text(f.attachments))
        self.meta.setText(
            self.tr("No. Pelacakan %1 · ditulis oleh %2 · %3")
            .replace("%1", row.tracking_id or self.tr("(belum ada)"))
            .replace("%2", f.author_name or self.tr("(tidak diketahui)"))
            .replace("%3", format_when(f.updated_at))
        )
        self.text.setPlainText(f.content)

    @Slot()
    def confirm_and_approve(self) -> None:
        """Publishing reaches the citizen: say so and ask once before it goes."""
        row = self._current()
        if row is None:
            return
        box = QMessageBox(self)
        box.setIcon(QMessageBox.Icon.Question)
        box.setWindowTitle(self.tr("Terbitkan tindak lanjut"))
        box.setText(
            self.tr("Terbitkan tindak lanjut ini untuk pelapor laporan %1?").replace(
                "%1", row.tracking_id or row.report_title
            )
        )
        box.setInformativeText(
            self.tr("Setelah sinkronisasi, pelapor dapat membacanya. Teks tidak dapat ditarik.")
        )
        publish = box.addButton(self.tr("Terbitkan"), QMessageBox.ButtonRole.AcceptRole)
        box.addButton(self.tr("Batal"), QMessageBox.ButtonRole.RejectRole)
        box.setDefaultButton(publish)
        box.exec()
        if box.clickedButton() is publish:
            self.approve_current()

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
        dialog = ReturnDialog(self)
        if dialog.exec():
            self.return_current(dialog.note())

    def _run(self, fn: Any, row: Any) -> None:
        def done(_r: Any) -> None:
            self.message.clear_message()
            self._ctx.events.reportsChanged.emit([row.followup.report_id])
            self._ctx.events.countsStale.emit()
            self._ctx.events.localChange.emit()

        def failed(exc: BaseException) -> None:
            self.failed.emit(user_message(exc))

        self._ctx.runner.run(fn, on_done=done, on_error=failed, owner=self)


class ReturnDialog(QDialog):
    """The note that goes back to the officer: wrapped, in Indonesian, never empty."""

    MIN_NOTE = 3  # as the server requires

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Kembalikan tindak lanjut"))
        self.text = QPlainTextEdit(self)
        self.text.setTabChangesFocus(True)
        self.text.setLineWrapMode(QPlainTextEdit.LineWrapMode.WidgetWidth)
        self.text.setPlaceholderText(self.tr("Apa yang perlu diperbaiki petugas?"))
        self.error = QLabel(self)
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        buttons = action_buttons(self, self.tr("Kembalikan"), self.try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(QLabel(self.tr("Catatan untuk petugas:"), self))
        layout.addWidget(self.text, 1)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumSize(460, 260)

    def note(self) -> str:
        return self.text.toPlainText().strip()

    def try_accept(self) -> None:
        if len(self.note()) < self.MIN_NOTE:
            self.error.setText(
                self.tr(
                    "Tulis catatan untuk petugas: apa yang perlu diperbaiki (paling sedikit 3 huruf)."
                )
            )
            self.error.show()
            self.text.setFocus()
            return
        self.accept()
