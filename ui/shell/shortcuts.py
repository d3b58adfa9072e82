"""The keyboard shortcuts, in one table: the menus and the help dialog both read it."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtGui import QKeySequence
from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from ui.keys import APPROVAL_APPROVE, EDITOR_SUBMIT, INTAKE_REPRINT, INTAKE_SAVE


def _tr(text: str) -> str:
    return QCoreApplication.translate("Shortcuts", text)


@dataclass(frozen=True)
class Shortcut:
    action: str  # the action's id in MainWindow.actions
    keys: tuple[str, ...]  # portable QKeySequence strings
    label: str


def shortcuts() -> tuple[Shortcut, ...]:
    """Built on call so the labels follow the language loaded at start-up."""
    return (
        Shortcut("sync_now", ("Ctrl+R", "F5"), _tr("Sinkronkan sekarang")),
        Shortcut("search", ("Ctrl+F",), _tr("Cari laporan")),
        Shortcut("new_followup", ("Ctrl+N",), _tr("Tulis tindak lanjut untuk laporan terbuka")),
        Shortcut("next_report", ("Ctrl+J", "Alt+Down"), _tr("Laporan berikutnya")),
        Shortcut("previous_report", ("Ctrl+K", "Alt+Up"), _tr("Laporan sebelumnya")),
        Shortcut("show_inbox", ("Ctrl+1",), _tr("Buka kotak laporan")),
        Shortcut("show_synclog", ("Ctrl+L",), _tr("Buka log sinkronisasi")),
        Shortcut("settings", ("Ctrl+,",), _tr("Pengaturan")),
        Shortcut("shortcuts_help", ("F1",), _tr("Daftar pintasan papan ketik")),
        Shortcut("quit", ("Ctrl+Q",), _tr("Keluar")),
    )


def screen_shortcuts() -> tuple[Shortcut, ...]:
    return (
        Shortcut("", (EDITOR_SUBMIT,), _tr("Penyunting tindak lanjut: kirim untuk persetujuan")),
        Shortcut("", (APPROVAL_APPROVE,), _tr("Antrean persetujuan: setujui dan terbitkan")),
        Shortcut("", ("Alt+K",), _tr("Antrean persetujuan: kembalikan ke petugas")),
        Shortcut("", ("Alt+T",), _tr("Laporan: tugaskan ke petugas (atasan)")),
        Shortcut("", (INTAKE_SAVE,), _tr("Loket: simpan pengaduan")),
        Shortcut("", (INTAKE_REPRINT,), _tr("Loket: cetak ulang tanda terima yang dipilih")),
    )


def key_sequences(shortcut: Shortcut) -> list[QKeySequence]:
    return [QKeySequence(k) for k in shortcut.keys]


class ShortcutsDialog(QDialog):
    """Bantuan > Pintasan Papan Ketik."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pintasan Papan Ketik"))
        items = shortcuts() + screen_shortcuts()
        self.table = QTableWidget(len(items), 2, self)
        self.table.setHorizontalHeaderLabels([self.tr("Tombol"), self.tr("Tindakan")])
        self.table.verticalHeader().hide()
        self.table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        self.table.horizontalHeader().setSectionResizeMode(
            0, QHeaderView.ResizeMode.ResizeToContents
        )
        self.table.horizontalHeader().setStretchLastSection(True)
        for row, sc in enumerate(items):
            keys = self.tr(" atau ").join(
                QKeySequence(k).toString(QKeySequence.SequenceFormat.NativeText) for k in sc.keys
            )
            self.table.setItem(row, 0, QTableWidgetItem(keys))
            self.table.setItem(row, 1, QTableWidgetItem(sc.label))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close, self)
        buttons.button(QDialogButtonBox.StandardButton.Close).setText(self.tr("Tutup"))
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addWidget(self.table)
        layout.addWidget(buttons)
        self.resize(520, 400)
        self.setWindowFlag(Qt.WindowType.WindowContextHelpButtonHint, False)
