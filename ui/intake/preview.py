"""Print the receipt: a preview of the pages as they will come out, then the printer or a PDF.

The preview draws into memory (QPrintPreviewWidget keeps pictures, no file). "Simpan PDF" is for
offices without a printer: the PDF is made in memory and written only where the desk chose.
"""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QShowEvent
from PySide6.QtPrintSupport import QPrintDialog, QPrinter, QPrintPreviewWidget
from PySide6.QtWidgets import (
    QCheckBox,
    QDialog,
    QFileDialog,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from ui.intake.receipt import (
    CITIZEN_COPY,
    COPIES,
    ReceiptData,
    a4_layout,
    draw_receipt,
    receipt_pdf,
)
from ui.printing import write_pdf
from ui.tasks import TaskRunner
from ui.widgets.dialogs import save_file_dialog


class ReceiptPreview(QDialog):
    """Signals `printed()` once the pages went to the printer, `saved(path)` once the PDF is
    on disk, `failed(message)` when either could not be done."""

    printed = Signal()
    saved = Signal(str)
    failed = Signal(str)

    def __init__(
        self, data: ReceiptData, runner: TaskRunner, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self.data = data
        self._runner = runner
        self.file_dialog: QFileDialog | None = None
        self.print_dialog: QPrintDialog | None = None
        self.setWindowTitle(self.tr("Cetak tanda terima %1").replace("%1", data.receipt_number))
        self.printer = QPrinter(QPrinter.PrinterMode.HighResolution)
        self.printer.setPageLayout(a4_layout())
        self.printer.setDocName(self.tr("Tanda terima laporan"))
        self.view = QPrintPreviewWidget(self.printer, self)
        self.view.setViewMode(QPrintPreviewWidget.ViewMode.AllPagesView)
        self.view.setZoomMode(QPrintPreviewWidget.ZoomMode.FitInView)
        self.view.paintRequested.connect(self._paint)
        self._build()
        if parent is not None:  # most of the window: both pages readable at 1366 x 705
            self.resize(int(parent.width() * 0.9), int(parent.height() * 0.92))

    def _build(self) -> None:
        self.office_copy = QCheckBox(self.tr("Sertakan lembar arsip kantor (halaman 2)"), self)
        self.office_copy.setChecked(True)
        self.office_copy.toggled.connect(lambda _on: self.view.updatePreview())
        note = QLabel(
            self.tr(
                "Halaman 1 untuk pelapor, halaman 2 untuk arsip kantor. Tanda tangani keduanya."
            ),
            self,
        )
        note.setWordWrap(True)
        self.message = QLabel(self)
        self.message.setWordWrap(True)
        self.message.setTextFormat(Qt.TextFormat.PlainText)
        self.message.setStyleSheet("color: #b71c1c;")
        self.message.hide()
        self.print_button = QPushButton(self.tr("Cetak…"), self)
        self.print_button.setToolTip(self.tr("Pilih pencetak lalu cetak"))
        self.print_button.setDefault(True)
        self.print_button.clicked.connect(self.choose_printer)
        self.pdf_button = QPushButton(self.tr("Simpan PDF…"), self)
        self.pdf_button.setToolTip(self.tr("Untuk kantor tanpa pencetak: simpan lalu cetak nanti"))
        self.pdf_button.clicked.connect(self.choose_pdf_file)
        close = QPushButton(self.tr("Tutup"), self)
        close.clicked.connect(self.reject)
        self.zoom_in = QPushButton(self.tr("Perbesar"), self)
        self.zoom_in.clicked.connect(lambda: self.view.zoomIn())
        self.zoom_out = QPushButton(self.tr("Perkecil"), self)
        self.zoom_out.clicked.connect(lambda: self.view.zoomOut())
        whole = QPushButton(self.tr("Seluruh halaman"), self)
        whole.clicked.connect(self.view.fitInView)
        buttons = QHBoxLayout()
        buttons.addWidget(self.office_copy)
        buttons.addStretch(1)
        for button in (self.zoom_out, self.zoom_in, whole):
            buttons.addWidget(button)
        buttons.addSpacing(12)
        buttons.addWidget(self.pdf_button)
        buttons.addWidget(self.print_button)
        buttons.addWidget(close)
        layout = QVBoxLayout(self)
        layout.addWidget(self.view, 1)
        layout.addWidget(note)
        layout.addWidget(self.message)
        layout.addLayout(buttons)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.view.fitInView()  # both whole pages, side by side, at the size the dialog got

    def copies(self) -> tuple[str, ...]:
        return COPIES if self.office_copy.isChecked() else (CITIZEN_COPY,)

    @Slot(QPrinter)
    def _paint(self, printer: QPrinter) -> None:
        draw_receipt(printer, self.data, self.copies())

    # --- to the printer -------------------------------------------------------------------

    @Slot()
    def choose_printer(self) -> None:
        """The system's print dialog (printer, copies, paper), then print."""
        dialog = QPrintDialog(self.printer, self)
        dialog.setWindowTitle(self.tr("Cetak tanda terima"))
        self.print_dialog = dialog
        # exec(): on Windows the system's own dialog is only shown this way.
        accepted = dialog.exec() == QDialog.DialogCode.Accepted
        self.print_dialog = None
        dialog.deleteLater()
        if accepted:
            self.print_now()

    def print_now(self) -> bool:
        """Send the pages to `self.printer` as it is set up now."""
        try:
            draw_receipt(self.printer, self.data, self.copies())
        except OSError:
            self._fail(self.tr("Pencetak tidak dapat dipakai. Periksa pencetak, atau simpan PDF."))
            return False
        self.printed.emit()
        self.accept()
        return True

    # --- to a PDF file --------------------------------------------------------------------

    @Slot()
    def choose_pdf_file(self) -> None:
        name = f"tanda-terima-{self.data.receipt_number}.pdf"
        dialog = save_file_dialog(
            self, self.tr("Simpan tanda terima sebagai PDF"), name, self.tr("Dokumen PDF (*.pdf)")
        )
        dialog.fileSelected.connect(lambda chosen: self.save_pdf(Path(chosen)))
        self.file_dialog = dialog
        dialog.open()

    def save_pdf(self, path: Path) -> None:
        """Make the PDF here (in memory, fast) and write it on a worker thread."""
        content = receipt_pdf(self.data, self.copies())
        write_pdf(self._runner.cpu, self, path, content, self._saved, self._unwritable)

    def _unwritable(self, path: Path) -> None:
        self._fail(
            self.tr("Berkas tidak dapat disimpan di %1. Pilih folder lain.").replace(
                "%1", str(path.parent)
            )
        )

    def _saved(self, path: Path) -> None:
        self.saved.emit(str(path))
        self.accept()

    def _fail(self, message: str) -> None:
        self.message.setText(message)
        self.message.show()
        self.failed.emit(message)
