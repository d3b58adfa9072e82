"""The follow-up editor: autosaved text, reply templates, attachments, submit for approval.

Autosave: every edit restarts a 2 s single-shot timer; when it fires (or the editor is hidden or
closed) the text goes to `save_draft` through the task runner. "Tersimpan 10.42" appears only
once that transaction has committed, so what the officer sees is what is on disk.
"""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtGui import (
    QCloseEvent,
    QDragEnterEvent,
    QDropEvent,
    QHideEvent,
    QKeySequence,
    QShortcut,
)
from PySide6.QtWidgets import (
    QComboBox,
    QFileDialog,
    QLabel,
    QListWidget,
    QPlainTextEdit,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from localdb import commands
from localdb.syncstore import load_reference
from ui.context import AppContext
from ui.errors import user_message
from ui.followup.attach import store_files
from ui.keys import EDITOR_SUBMIT
from ui.widgets.flow import FlowLayout

if TYPE_CHECKING:
    from localdb.queries import Session

AUTOSAVE_MS = 2000


class FollowupEditor(QWidget):
    """Edits one draft at a time. Signals: `saved(draft_id)`, `submitted(followup_id)`."""

    saved = Signal(str)
    submitted = Signal(str)
    failed = Signal(str)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._report_id: str | None = None
        self._draft_id: str | None = None
        self._revise_id: str | None = None
        self._template_code: str | None = None
        self._attachments: list[dict[str, Any]] = []
        self._dirty = False
        self._saving = False
        self._save_again = False
        self._templates: dict[str, tuple[str, str]] = {}
        self._build()
        self._timer = QTimer(self, singleShot=True, interval=AUTOSAVE_MS)
        self._timer.timeout.connect(self.save_now)
        self.text.textChanged.connect(self._on_edit)
        self.setAcceptDrops(True)
        self._load_templates()
        ctx.events.referenceChanged.connect(self._load_templates)

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.heading = QLabel(self.tr("Tindak lanjut baru"), self)
        self.heading.setStyleSheet("font-weight: bold;")
        self.return_note = QLabel(self)
        self.return_note.setTextFormat(Qt.TextFormat.PlainText)
        self.return_note.setWordWrap(True)
        self.return_note.setStyleSheet(
            "background: #fff3e0; border: 1px solid #ffb74d; padding: 6px;"
        )
        self.return_note.hide()
        self.templates = QComboBox(self)
        self.templates.addItem(self.tr("Sisipkan templat balasan…"), None)
        self.templates.setToolTip(self.tr("Sisipkan teks balasan baku, lalu sesuaikan"))
        # Long template titles must not widen the report pane: the combo keeps a modest width.
        self.templates.setSizeAdjustPolicy(
            QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon
        )
        self.templates.setMinimumContentsLength(16)
        self.templates.activated.connect(self._insert_template)
        self.text = QPlainTextEdit(self)
        self.text.setObjectName("followupText")
        self.text.setPlaceholderText(
            self.tr("Tulis tindak lanjut untuk pelapor (minimal 10 karakter)…")
        )
        self.text.setAcceptDrops(False)  # files dropped on the text go to the editor's handler
        self.attach_list = QListWidget(self)
        self.attach_list.setMaximumHeight(70)
        self.attach_button = QPushButton(self.tr("Lampirkan berkas…"), self)
        self.attach_button.clicked.connect(self._choose_files)
        self.remove_button = QPushButton(self.tr("&Hapus lampiran"), self)
        self.remove_button.setToolTip(
            self.tr(
                "Lepaskan berkas yang dipilih dari tindak lanjut ini (berkas di komputer tetap ada)"
            )
        )
        self.remove_button.clicked.connect(self.remove_selected_attachment)
        self.remove_button.hide()
        self.attach_list.setToolTip(self.tr("Pilih berkas lalu tekan Delete untuk melepaskannya"))
        delete = QShortcut(QKeySequence.StandardKey.Delete, self.attach_list)
        delete.setContext(Qt.ShortcutContext.WidgetShortcut)
        delete.activated.connect(self.remove_selected_attachment)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setObjectName("saveStatus")
        self.status.setWordWrap(True)
        self.submit_button = QPushButton(self.tr("Kirim untuk persetujuan"), self)
        self.submit_button.setObjectName("submitFollowup")
        self.submit_button.clicked.connect(self.submit)
        self.submit_button.setToolTip(self.tr("Ctrl+Enter"))
        submit_key = QShortcut(QKeySequence(EDITOR_SUBMIT), self)
        submit_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        submit_key.activated.connect(self.submit)
        # Rows that wrap instead of widening the report pane (it is narrow at 125 %): the
        # heading beside the templates, the buttons side by side, the save state on its own line.
        top = FlowLayout()
        top.addWidget(self.heading)
        top.addWidget(self.templates)
        buttons = FlowLayout()
        buttons.addWidget(self.attach_button)
        buttons.addWidget(self.remove_button)
        buttons.addWidget(self.submit_button)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(top)
        layout.addWidget(self.return_note)
        layout.addWidget(self.text, 1)
        hint = QLabel(self.tr("Seret berkas ke sini untuk melampirkan (maks. 20 MB)."), self)
        hint.setStyleSheet("color: #616161;")
        hint.setWordWrap(True)
        layout.addWidget(hint)
        layout.addWidget(self.attach_list)
        layout.addWidget(self.status)
        layout.addLayout(buttons)

    def _load_templates(self) -> None:
        def work(s: Session) -> list[dict[str, Any]]:
            data, _etag = load_reference(s)
            return list((data or {}).get("reply_templates") or [])

        self._ctx.runner.run(work, on_done=self._show_templates, owner=self)

    def _show_templates(self, templates: list[dict[str, Any]]) -> None:
        # Called again when new reference data arrives: rebuild the list, keep the choice.
        chosen = self.templates.currentData()
        while self.templates.count() > 1:
            self.templates.removeItem(self.templates.count() - 1)
        self._templates.clear()
        for t in templates:
            code = str(t.get("code"))
            self._templates[code] = (str(t.get("title", code)), str(t.get("body", "")))
            self.templates.addItem(self._templates[code][0], code)
        if chosen is not None and (index := self.templates.findData(chosen)) >= 0:
            self.templates.setCurrentIndex(index)

    # --- public API ---------------------------------------------------------------------------

    def report_id(self) -> str | None:
        return self._report_id

    def draft_id(self) -> str | None:
        return self._draft_id

    def is_dirty(self) -> bool:
        return self._dirty or self._saving

    def open_draft(
        self,
        report_id: str,
        *,
        content: str = "",
        draft_id: str | None = None,
        template_code: str | None = None,
        attachments: Sequence[Any] = (),
        revise_followup_id: str | None = None,
        return_note: str | None = None,
    ) -> None:
        """Start editing; saves what was being written first (a switch never loses text)."""
        self.save_now()
        self._report_id = report_id
        self._draft_id = draft_id
        self._revise_id = revise_followup_id
        self._template_code = template_code
        self._attachments = [_ref(a) for a in attachments]
        self.heading.setText(
            self.tr("Perbaiki tindak lanjut")
            if revise_followup_id
            else self.tr("Tindak lanjut baru")
        )
        self.return_note.setVisible(bool(return_note))
        if return_note:
            self.return_note.setText(self.tr("Catatan atasan: ") + return_note)
        self.text.blockSignals(True)
        self.text.setPlainText(content)
        self.text.blockSignals(False)
        self._dirty = False
        self._refresh_attachments()
        self.status.setText(self.tr("Draf tersimpan") if draft_id else "")

    @Slot()
    def save_now(self) -> None:
        """Save at once if something changed (also called on hide/close and before submit)."""
        self._timer.stop()
        if not self._dirty or self._report_id is None:
            return
        if self._saving:
            self._save_again = True
            return
        self._start_save()

    @Slot()
    def submit(self) -> None:
        """Save the text and send it for approval in one transaction."""
        if self._report_id is None:
            return
        self._timer.stop()
        args = self._save_args()
        actor, report_id = self._ctx.actor, self._report_id

        def work(s: Session) -> tuple[str, str]:
            ref = commands.save_draft(s, actor, report_id, args.pop("content"), **args)
            return ref.report_id, commands.submit_followup(s, actor, report_id, draft_id=ref.id)

        self.submit_button.setEnabled(False)
        self._dirty = False
        self._ctx.runner.run(
            work, on_done=self._submitted, on_error=self._submit_failed, owner=self
        )

    # --- saving -------------------------------------------------------------------------------

    def _on_edit(self) -> None:
        self._dirty = True
        self._set_status(self.tr("Belum tersimpan…"))
        self._timer.start()

    def _save_args(self) -> dict[str, Any]:
        return {
            "content": self.text.toPlainText(),
            "template_code": self._template_code,
            "attachments": list(self._attachments),
            "revise_followup_id": self._revise_id,
            "draft_id": self._draft_id,
        }

    def _start_save(self) -> None:
        args = self._save_args()
        actor, report_id = self._ctx.actor, self._report_id
        if report_id is None:
            return  # no report shown: nothing to save a draft for
        self._dirty = False
        self._saving = True

        def work(s: Session) -> Any:
            return commands.save_draft(s, actor, report_id, args.pop("content"), **args)

        def done(ref: Any) -> None:
            self._saving = False
            if ref.report_id == self._report_id:
                self._draft_id = ref.id
            self._set_status(self.tr("Tersimpan ") + clock.local_now().strftime("%H.%M"))
            self.saved.emit(ref.id)
            self._ctx.events.reportsChanged.emit([ref.report_id])
            self._ctx.events.countsStale.emit()
            if self._save_again:
                self._save_again = False
                self.save_now()

        def failed(exc: BaseException) -> None:
            self._saving = False
            self._dirty = True  # still unsaved: the next edit or hide tries again
            self._show_error(exc)

        # The work runs even if the editor goes away; only the callback is then dropped.
        self._ctx.runner.run(work, on_done=done, on_error=failed, owner=self)

    def _submitted(self, result: tuple[str, str]) -> None:
        report_id, followup_id = result
        self.submit_button.setEnabled(True)
        self._draft_id = None
        self._revise_id = None
        self._attachments = []
        self.text.blockSignals(True)
        self.text.clear()
        self.text.blockSignals(False)
        self._refresh_attachments()
        self.return_note.hide()
        self._set_status(self.tr("Masuk kotak keluar; akan dikirim ke pusat saat tersambung."))
        self.submitted.emit(followup_id)
        self._ctx.events.reportsChanged.emit([report_id])
        self._ctx.events.countsStale.emit()
        self._ctx.events.localChange.emit()

    def _submit_failed(self, exc: BaseException) -> None:
        self.submit_button.setEnabled(True)
        self._dirty = True
        self._show_error(exc)

    def _set_status(self, text: str, *, error: bool = False) -> None:
        self.status.setText(text)
        self.status.setStyleSheet("color: #b71c1c;" if error else "")

    def _show_error(self, exc: BaseException) -> None:
        message = user_message(exc)
        self._set_status(message, error=True)
        self.failed.emit(message)

    # --- templates and attachments ------------------------------------------------------------

    def _insert_template(self, index: int) -> None:
        code = self.templates.itemData(index)
        if code is None:
            return
        self._template_code = str(code)
        self.text.insertPlainText(self._templates[str(code)][1])
        self.templates.setCurrentIndex(0)

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Pilih berkas lampiran"))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: Sequence[Path]) -> None:
        """Store each file (scaled if a large photo) as a blob and attach it to the draft."""
        store_files(self._ctx, paths, on_done=self._attached, on_error=self._show_error, owner=self)

    def _attached(self, info: Any) -> None:
        ref = _ref(info)
        if all(a["sha256"] != ref["sha256"] for a in self._attachments):
            self._attachments.append(ref)
        self._refresh_attachments()
        self._dirty = True
        self.save_now()

    def _refresh_attachments(self) -> None:
        self.attach_list.clear()
        for a in self._attachments:
            self.attach_list.addItem(f"{a['filename']} ({_size(a['size'])})")
        self.attach_list.setVisible(bool(self._attachments))
        self.remove_button.setVisible(bool(self._attachments))

    def remove_selected_attachment(self) -> None:
        """A file attached by mistake comes off the draft before it is submitted."""
        row = self.attach_list.currentRow()
        if not 0 <= row < len(self._attachments):
            row = len(self._attachments) - 1 if len(self._attachments) == 1 else -1
        if row < 0:
            return
        del self._attachments[row]
        self._refresh_attachments()
        self._dirty = True
        self.save_now()

    def dragEnterEvent(self, event: QDragEnterEvent) -> None:
        if event.mimeData().hasUrls():
            event.acceptProposedAction()

    def dropEvent(self, event: QDropEvent) -> None:
        paths = [Path(u.toLocalFile()) for u in event.mimeData().urls() if u.isLocalFile()]
        if paths:
            self.add_files(paths)
            event.acceptProposedAction()

    # --- never lose text ----------------------------------------------------------------------

    def hideEvent(self, event: QHideEvent) -> None:
        self.save_now()
        super().hideEvent(event)

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_now()
        super().closeEvent(event)


def _ref(item: Any) -> dict[str, Any]:
    raw = item if isinstance(item, dict) else vars(item)
    return {k: raw[k] for k in ("sha256", "filename", "mime", "size")}


def _size(n: int) -> str:
    return f"{n / 1024:.0f} kB" if n < 1024 * 1024 else f"{n / (1024 * 1024):.1f} MB"
