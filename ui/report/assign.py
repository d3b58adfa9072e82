"""The supervisor's "Tugaskan…" dialog: choose the officer of this office who handles a report."""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QFormLayout,
    QLabel,
    QVBoxLayout,
    QWidget,
)

from localdb.staff import StaffView
from ui.widgets.dialogs import action_buttons


class AssignDialog(QDialog):
    def __init__(
        self,
        officers: Sequence[StaffView],
        current: str | None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Tugaskan laporan"))
        self.officer = QComboBox(self)
        self.officer.addItem(self.tr("— Belum ditugaskan —"), None)
        for person in officers:
            self.officer.addItem(person.full_name, person.id)
        index = self.officer.findData(current) if current else 0
        self.officer.setCurrentIndex(max(index, 0))
        note = QLabel(
            self.tr(
                "Petugas yang dipilih melihat laporan ini di \u201cDitugaskan kepada Saya\u201d "
                "setelah sinkronisasi."
            ),
            self,
        )
        note.setWordWrap(True)
        form = QFormLayout()
        form.addRow(self.tr("&Petugas:"), self.officer)
        buttons = action_buttons(self, self.tr("Tugaskan"), self.accept)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(note)
        layout.addWidget(buttons)
        self.setMinimumWidth(420)

    def chosen(self) -> str | None:
        value = self.officer.currentData()
        return None if value is None else str(value)
