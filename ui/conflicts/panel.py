"""Conflicts: the server's version and mine side by side, and the three ways out."""

from __future__ import annotations

from typing import Any

from PySide6.QtCore import QCoreApplication, Qt, Signal, Slot
from PySide6.QtWidgets import (
    QHBoxLayout,
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
from localdb.views import ConflictRow, ConflictView
from ui.context import AppContext
from ui.errors import user_message
from ui.report.fields import format_when

ROW_ROLE = Qt.ItemDataRole.UserRole + 1


def _text_of(payload: dict[str, Any] | None) -> str:
    if not payload:
        return ""
    return str(payload.get("content") or payload.get("note") or payload.get("reason") or "")


def differences(mine: str, theirs: str) -> str:
    """One line per changed line, '-' server, '+' mine (plain text, no markup)."""
    import difflib  # only when a conflict is shown: a large module to load at start-up

    lines = difflib.unified_diff(theirs.splitlines(), mine.splitlines(), lineterm="", n=0)
    return "\n".join(x for x in lines if not x.startswith(("---", "+++", "@@")))


def _tr(text: str) -> str:
    return QCoreApplication.translate("ConflictsPanel", text)


def what_happened(c: ConflictView) -> str:
    """Why this needs a decision, in words an officer understands."""
    reasons = {
        "stale_version": _tr("Data ini sudah diubah di pusat sejak Anda mulai mengubahnya."),
        "invalid_state": _tr("Status laporan di pusat tidak lagi mengizinkan perubahan ini."),
        "report_removed": _tr("Laporan ini sudah tidak ada di kotak Anda (mungkin dialihkan)."),
        "report_closed": _tr("Laporan ini sudah ditutup sehingga draf tidak bisa dikirim."),
        "not_author": _tr("Tindak lanjut ini ditulis rekan Anda; perubahan Anda tidak menimpanya."),
        "handoff_pending": _tr("Permintaan pelimpahan sebelumnya masih menunggu keputusan."),
    }
    head = reasons.get(c.code)
    if head is not None:
        return head  # the server's own wording (versions, ids) says nothing more to an officer
    unknown = _tr("Pusat menolak perubahan ini.")
    return f"{unknown}\n{c.detail}" if c.detail else unknown


class ConflictsPanel(QWidget):
    loaded = Signal()
    resolved = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.list = QListWidget(self)
        self.list.currentItemChanged.connect(self._show)
        self.reason = self._plain_label()
        self.message = self._plain_label()
        self.message.setStyleSheet("color: #b71c1c;")
        self.mine = QPlainTextEdit(self)
        self.theirs = QPlainTextEdit(self)
        self.diff = QPlainTextEdit(self)
        for w in (self.mine, self.theirs, self.diff):
            w.setReadOnly(True)
        self.diff.setMaximumHeight(90)
        self.keep_mine = QPushButton(self.tr("Pakai versi saya"), self)
        self.keep_mine.setToolTip(self.tr("Kirim ulang perubahan saya di atas versi pusat."))
        self.take_theirs = QPushButton(self.tr("Pakai versi server"), self)
        self.take_theirs.setToolTip(self.tr("Buang perubahan saya; versi pusat yang berlaku."))
        self.copy_draft = QPushButton(self.tr("Salin ke draf baru"), self)
        self.copy_draft.setToolTip(self.tr("Simpan teks saya sebagai draf untuk diolah lagi."))
        self.keep_mine.clicked.connect(lambda: self.resolve("keep_mine"))
        self.take_theirs.clicked.connect(lambda: self.resolve("take_theirs"))
        self.copy_draft.clicked.connect(lambda: self.resolve("copy_to_draft"))
        self.empty = QLabel(self.tr("Tidak ada konflik. Semua perubahan Anda cocok dengan pusat."))
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        layout = QVBoxLayout(self)
        layout.addWidget(self.empty)
        split = QSplitter(Qt.Orientation.Vertical, self)
        split.addWidget(self.list)
        split.addWidget(self._detail_widget())
        split.setSizes([200, 500])
        self._split = split
        layout.addWidget(split, 1)
        ctx.events.reportsChanged.connect(lambda _ids: self.refresh())
        self.refresh()

    def _plain_label(self) -> QLabel:
        label = QLabel(self)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        return label

    def _detail_widget(self) -> QWidget:
        box = QWidget(self)
        sides = QHBoxLayout()
        for title, w in (
            (self.tr("Versi saya (di komputer ini)"), self.mine),
            (self.tr("Versi server (pusat)"), self.theirs),
        ):
            col = QVBoxLayout()
            col.addWidget(QLabel(title, box))
            col.addWidget(w)
            sides.addLayout(col)
        buttons = QHBoxLayout()
        buttons.addWidget(self.message, 1)
        for b in (self.copy_draft, self.take_theirs, self.keep_mine):
            buttons.addWidget(b)
        column = QVBoxLayout(box)
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.reason)
        column.addLayout(sides, 3)
        column.addWidget(QLabel(self.tr("Yang berbeda (- pusat, + saya)"), box))
        column.addWidget(self.diff)
        column.addLayout(buttons)
        return box

    @Slot()
    def refresh(self) -> None:
        self._ctx.runner.run(queries.conflict_rows, on_done=self._fill, owner=self)

    def _fill(self, rows: list[ConflictRow]) -> None:
        self.list.clear()
        for row in rows:
            kind = {
                "followup": self.tr("Tindak lanjut"),
                "draft": self.tr("Draf"),
                "report": self.tr("Laporan"),
            }.get(row.conflict.entity_kind, row.conflict.entity_kind)
            title = row.report_title or self.tr("(laporan tidak ada di komputer ini)")
            when = format_when(row.conflict.created_at)
            item = QListWidgetItem(f"{kind}: {title}  ·  {when}")
            item.setData(ROW_ROLE, row)
            self.list.addItem(item)
        has_rows = bool(self.list.count())
        self.empty.setVisible(not has_rows)
        self._split.setVisible(has_rows)
        if has_rows:
            self.list.setCurrentRow(0)
        for b in (self.keep_mine, self.take_theirs, self.copy_draft):
            b.setEnabled(has_rows)
        self.loaded.emit()

    def _show(self, item: QListWidgetItem | None, _prev: Any) -> None:
        row: ConflictRow | None = item.data(ROW_ROLE) if item is not None else None
        self.message.clear()
        if row is None:
            for w in (self.mine, self.theirs, self.diff):
                w.clear()
            self.reason.clear()
            return
        c = row.conflict
        mine, theirs = _text_of(c.local_payload), _text_of(c.server_entity)
        self.reason.setText(what_happened(c))
        self.mine.setPlainText(mine)
        self.theirs.setPlainText(theirs or self.tr("(tidak ada teks di pusat)"))
        self.diff.setPlainText(differences(mine, theirs))
        # Copying needs text of mine to copy; keeping mine needs an op to resend.
        self.copy_draft.setEnabled(bool(c.local_payload and "content" in c.local_payload))

    def resolve(self, how: str) -> None:
        item = self.list.currentItem()
        if item is None:
            return
        row: ConflictRow = item.data(ROW_ROLE)
        actor, cid = self._ctx.actor, row.conflict.id
        fn = {
            "keep_mine": commands.resolve_conflict_keep_mine,
            "take_theirs": commands.resolve_conflict_take_theirs,
            "copy_to_draft": commands.resolve_conflict_copy_to_draft,
        }[how]

        def done(_r: Any) -> None:
            ids = [row.report_id] if row.report_id else []
            self._ctx.events.reportsChanged.emit(ids)
            self._ctx.events.countsStale.emit()
            self._ctx.events.localChange.emit()
            self.resolved.emit(how)
            self.refresh()

        def failed(exc: BaseException) -> None:
            message = user_message(exc)
            self.message.setText(message)
            self.failed.emit(message)

        self._ctx.runner.run(lambda s: fn(s, actor, cid), on_done=done, on_error=failed, owner=self)
