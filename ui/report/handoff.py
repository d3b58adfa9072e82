""" "Bukan kewenangan": ask for a report to be handed to the competent agency.

The dialog lists the agencies of the reference data (not the officer's own), asks for the
reason (at least 10 characters, as the server requires), and refuses an empty choice with a
message beside the field. The request is queued like every other change and decided by the
national admin; the report pane shows its state from the report's history."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.states import ReportStatus, report_accepts_handoff
from ui.widgets.dialogs import action_buttons

REASON_MIN = 10


def may_hand_off(status: str) -> bool:
    try:
        return report_accepts_handoff(ReportStatus(status))
    except ValueError:
        return False


class HandoffDialog(QDialog):
    def __init__(self, agencies: Sequence[tuple[str, str]], parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Bukan kewenangan kami"))
        intro = QLabel(
            self.tr(
                "Minta agar laporan ini dilimpahkan ke instansi yang berwenang. Admin nasional "
                "memutuskan; sampai saat itu laporan tetap di kantor Anda."
            ),
            self,
        )
        intro.setWordWrap(True)
        self.agency = QComboBox(self)
        self.agency.addItem(self.tr("— Pilih instansi tujuan —"), None)
        for agency_id, name in agencies:
            self.agency.addItem(name, agency_id)
        self.reason = QPlainTextEdit(self)
        self.reason.setTabChangesFocus(True)
        self.reason.setPlaceholderText(
            self.tr("Mengapa laporan ini bukan kewenangan kantor Anda, dan siapa yang berwenang")
        )
        self.error = QLabel(self)
        self.error.setTextFormat(Qt.TextFormat.PlainText)
        self.error.setStyleSheet("color: #b71c1c;")
        self.error.setWordWrap(True)
        self.error.hide()
        form = QFormLayout()
        form.addRow(self.tr("&Instansi tujuan:"), self.agency)
        form.addRow(self.tr("&Alasan:"), self.reason)
        buttons = action_buttons(self, self.tr("Minta pelimpahan"), self.try_accept)
        layout = QVBoxLayout(self)
        layout.addWidget(intro)
        layout.addLayout(form)
        layout.addWidget(self.error)
        layout.addWidget(buttons)
        self.setMinimumWidth(480)

    def problems(self) -> list[str]:
        found = []
        if self.agency.currentData() is None:
            found.append(self.tr("Pilih instansi tujuan."))
        if len(self.reason.toPlainText().strip()) < REASON_MIN:
            found.append(self.tr("Tulis alasan, paling sedikit 10 huruf."))
        return found

    def try_accept(self) -> None:
        found = self.problems()
        self.error.setText("\n".join(found))
        self.error.setVisible(bool(found))
        if not found:
            self.accept()

    def value(self) -> tuple[str, str]:
        return str(self.agency.currentData()), self.reason.toPlainText().strip()


def handoff_state(history: Sequence[Any], local_state: str | None) -> str | None:
    """What the report pane says about a hand-off: waiting to be sent, waiting for the admin,
    refused; None when there is none (or it was accepted: then the report has left)."""
    if local_state == "pending_handoff":
        return "queued"
    for entry in reversed(list(history)):
        action = getattr(entry, "action", None)
        if action == "handoff_requested":
            return "requested"
        if action == "handoff_refused":
            return "refused"
        if action in ("disposed", "redisposed"):
            return None
    return None
