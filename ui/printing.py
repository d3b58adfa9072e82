"""What the office prints on paper: its letterhead and letter-number format, and a document
renderer shared by the printer and PDF files. Outside text is always inserted as plain text
(QTextCursor.insertText), never as markup."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QBuffer, QByteArray, QIODevice, QMarginsF, QObject, Qt
from PySide6.QtGui import (
    QFont,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPdfWriter,
    QTextBlockFormat,
    QTextCharFormat,
    QTextCursor,
    QTextDocument,
)

from ui.print_settings import (
    DEFAULT_NUMBER_FORMAT,
    PrintSettings,
    letter_number,
    number_format_problem,
)

# Re-exported: the letter pane and older callers import them from here.
from ui.tasks import Lane

__all__ = [
    "DEFAULT_NUMBER_FORMAT",
    "FONT_FAMILY",
    "PlainDocument",
    "PrintSettings",
    "letter_number",
    "number_format_problem",
]

# A family every office PC has (Windows ships Arial; Linux maps it to Liberation/DejaVu):
# Qt falls back by itself when it is missing, so nothing fails on a machine without it.
FONT_FAMILY = "Arial"

# Indonesian dates on Indonesian paper, whatever the interface language.
MONTHS = (
    "Januari",
    "Februari",
    "Maret",
    "April",
    "Mei",
    "Juni",
    "Juli",
    "Agustus",
    "September",
    "Oktober",
    "November",
    "Desember",
)  # fmt: skip
WEEKDAYS = ("Senin", "Selasa", "Rabu", "Kamis", "Jumat", "Sabtu", "Minggu")


def tanggal(day: dt.date, *, weekday: bool = False) -> str:
    """ "2 Februari 2026", or "Senin, 2 Februari 2026" with the weekday."""
    text = f"{day.day} {MONTHS[day.month - 1]} {day.year}"
    return f"{WEEKDAYS[day.weekday()]}, {text}" if weekday else text


class PlainDocument:
    """A QTextDocument built from plain text runs: headings, paragraphs, right-aligned lines."""

    def __init__(self, title: str) -> None:
        self.doc = QTextDocument()
        self.doc.setMetaInformation(QTextDocument.MetaInformation.DocumentTitle, title)
        self.doc.setDefaultFont(QFont(FONT_FAMILY, 11))
        self.cursor = QTextCursor(self.doc)
        self._first = True

    def _block(self, align: Qt.AlignmentFlag, space_before: float) -> None:
        fmt = QTextBlockFormat()
        fmt.setAlignment(align)
        fmt.setTopMargin(space_before)
        if self._first:
            self.cursor.setBlockFormat(fmt)
            self._first = False
        else:
            self.cursor.insertBlock(fmt)

    def line(
        self,
        text: str,
        *,
        bold: bool = False,
        size: float = 11,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        space_before: float = 0,
    ) -> None:
        self._block(align, space_before)
        char = QTextCharFormat()
        char.setFontPointSize(size)
        char.setFontWeight(QFont.Weight.Bold if bold else QFont.Weight.Normal)
        self.cursor.insertText(text, char)

    def paragraphs(self, text: str, *, space_before: float = 6) -> None:
        for part in text.replace("\r\n", "\n").split("\n"):
            self.line(part, space_before=space_before)
            space_before = 0

    def rule(self) -> None:
        self._block(Qt.AlignmentFlag.AlignLeft, 2)
        self.cursor.insertHtml("<hr/>")  # a fixed rule, no outside text in it

    def pdf_bytes(self, size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4) -> bytes:
        """The document as a PDF, rendered into memory."""
        title = self.doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle)
        return pdf_in_memory(title, _layout(size), self.print_to)

    def print_to(self, device: QPagedPaintDevice) -> None:
        self.doc.print_(device)


def pdf_in_memory(
    title: str,
    layout: QPageLayout,
    draw: Callable[[QPdfWriter], None],
    *,
    resolution: int | None = None,
) -> bytes:
    """A PDF drawn by `draw` into memory: writing it to a file is the caller's, off the UI
    thread, and no temporary file ever holds what it shows. `title` goes into the file's
    properties (never personal data)."""
    array = QByteArray()
    buffer = QBuffer(array)
    buffer.open(QIODevice.OpenModeFlag.WriteOnly)
    writer = QPdfWriter(buffer)
    writer.setTitle(title)
    writer.setCreator("Simpul")
    if resolution is not None:
        writer.setResolution(resolution)
    writer.setPageLayout(layout)
    draw(writer)
    del writer  # finishes the document into the buffer
    buffer.close()
    return bytes(array.data())


def write_pdf(
    lane: Lane,
    owner: QObject,
    path: Path,
    content: bytes,
    on_saved: Callable[[Path], None],
    on_failed: Callable[[Path], None],
) -> None:
    """Write a PDF made in memory to `path` (".pdf" added when missing) on `lane`, a worker
    thread: `on_saved(path)` once it is on disk, `on_failed(path)` when it could not be
    written (both on the UI thread)."""
    if path.suffix.lower() != ".pdf":
        path = path.with_name(path.name + ".pdf")
    lane.submit(
        lambda _cancel: path.write_bytes(content),
        on_done=lambda _n: on_saved(path),
        on_error=lambda _exc: on_failed(path),
        owner=owner,
    )


def _layout(size: QPageSize.PageSizeId) -> QPageLayout:
    return QPageLayout(
        QPageSize(size),
        QPageLayout.Orientation.Portrait,
        QMarginsF(20, 20, 20, 20),
        QPageLayout.Unit.Millimeter,
    )
