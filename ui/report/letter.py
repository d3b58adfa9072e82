"""A published follow-up as a letter on the office's letterhead, to PDF or to a printer.

No reporter identity is printed: the letter is addressed to the reporter of the report with
that tracking number, which is how SP4N-LAPOR! itself refers to them."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from PySide6.QtCore import QCoreApplication, Qt
from PySide6.QtWidgets import QWidget

from ui.printing import PlainDocument, PrintSettings, letter_number, tanggal


@dataclass(frozen=True)
class LetterData:
    tracking_id: str | None
    report_title: str
    content: str  # the published follow-up
    approved_by: str | None
    approved_on: dt.date
    office: str


def _tr(text: str) -> str:
    return QCoreApplication.translate("FollowupLetter", text)


def _id(text: str) -> str:
    """Letter text stays Indonesian in every interface language: it is official correspondence
    to an Indonesian citizen, like its dates (`tanggal`)."""
    return text


def build_letter(data: LetterData, settings: PrintSettings) -> PlainDocument:
    doc = PlainDocument(_id("Surat tindak lanjut"))
    head = [ln for ln in settings.letterhead.splitlines() if ln.strip()] or [data.office]
    for i, text in enumerate(head):
        doc.line(text, bold=i == 0, size=14 if i == 0 else 10, align=Qt.AlignmentFlag.AlignHCenter)
    doc.rule()
    number = letter_number(settings.number_format, tracking=data.tracking_id, when=data.approved_on)
    doc.line(tanggal(data.approved_on), align=Qt.AlignmentFlag.AlignRight, space_before=8)
    doc.line(_id("Nomor: %1").replace("%1", number), space_before=8)
    doc.line(_id("Perihal: Tindak lanjut pengaduan SP4N-LAPOR!"))
    doc.line(
        _id("No. pelacakan: %1").replace("%1", data.tracking_id or "-"),
    )
    doc.line(_id("Kepada Yth."), space_before=12)
    doc.line(_id("Pelapor pada SP4N-LAPOR! dengan nomor pelacakan tersebut"))
    doc.line(_id("Laporan: %1").replace("%1", data.report_title), space_before=12)
    doc.paragraphs(data.content, space_before=12)
    doc.line(data.office, align=Qt.AlignmentFlag.AlignRight, space_before=24)
    doc.line(" ", space_before=36)
    doc.line(data.approved_by or _id("(nama atasan)"), bold=True, align=Qt.AlignmentFlag.AlignRight)
    doc.line(
        _id("Tindak lanjut lengkap dapat dibaca di lapor.go.id dengan nomor pelacakan di atas."),
        size=9,
        space_before=24,
    )
    return doc


def letter_pdf(data: LetterData, settings: PrintSettings) -> bytes:
    """The letter as a PDF, made in memory; writing it to disk is the caller's, off the UI
    thread."""
    return build_letter(data, settings).pdf_bytes()


def print_letter(data: LetterData, settings: PrintSettings, parent: QWidget | None) -> bool:
    """The print dialog with a preview; True when it was sent to the printer."""
    from PySide6.QtPrintSupport import QPrinter, QPrintPreviewDialog

    doc = build_letter(data, settings)
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    preview = QPrintPreviewDialog(printer, parent)
    preview.setWindowTitle(_tr("Cetak surat tindak lanjut"))
    preview.paintRequested.connect(doc.print_to)
    return bool(preview.exec())
