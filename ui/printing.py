"""What the office prints on paper: its letterhead and letter-number format, and a document
renderer shared by the printer and PDF files. Outside text is always inserted as plain text
(QTextCursor.insertText), never as markup."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, Qt
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

DEFAULT_NUMBER_FORMAT = "{tracking}/TL/{roman_month}/{year}"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")
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


@dataclass(frozen=True)
class PrintSettings:
    letterhead: str = ""  # lines: the agency, the office, its address
    number_format: str = DEFAULT_NUMBER_FORMAT


def letter_number(fmt: str, *, tracking: str | None, when: dt.date) -> str:
    """The letter's number from the office's format: {tracking} {year} {month} {roman_month}."""
    values = {
        "tracking": tracking or "-",
        "year": f"{when.year}",
        "month": f"{when.month:02d}",
        "roman_month": _ROMAN[when.month - 1],
    }
    try:
        return (fmt or DEFAULT_NUMBER_FORMAT).format(**values)
    except (KeyError, IndexError, ValueError):
        return DEFAULT_NUMBER_FORMAT.format(**values)


def number_format_problem(fmt: str) -> str | None:
    """None when the format can be filled; else which placeholder is unknown (for settings)."""
    try:
        fmt.format(tracking="", year="", month="", roman_month="")
    except (KeyError, IndexError, ValueError) as exc:
        return str(exc)
    return None


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

    def save_pdf(self, path: Path, size: QPageSize.PageSizeId = QPageSize.PageSizeId.A4) -> Path:
        writer = QPdfWriter(str(path))
        writer.setCreator("Simpul")
        writer.setTitle(self.doc.metaInformation(QTextDocument.MetaInformation.DocumentTitle))
        writer.setPageLayout(_layout(size))
        self.print_to(writer)
        return path

    def print_to(self, device: QPagedPaintDevice) -> None:
        self.doc.print_(device)


def _layout(size: QPageSize.PageSizeId) -> QPageLayout:
    return QPageLayout(
        QPageSize(size),
        QPageLayout.Orientation.Portrait,
        QMarginsF(20, 20, 20, 20),
        QPageLayout.Unit.Millimeter,
    )
