"""The paper receipt ("tanda terima") handed to a walk-in reporter, rendered to PDF."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QMarginsF, QRectF, Qt
from PySide6.QtGui import QFont, QFontDatabase, QPageLayout, QPageSize, QPainter, QPdfWriter

from ui.resources import resource_path

# Shipped in resources/fonts (free licence, see LICENSE.txt there): the receipt must not depend on
# what fonts an office PC has ("Sans Serif" is a fontconfig alias Windows does not know).
RECEIPT_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_families: list[str] = []


@dataclass(frozen=True)
class ReceiptData:
    office: str
    receipt_number: str
    received_at: dt.datetime
    title: str
    tracking_id: str | None = None


def _tr(text: str) -> str:
    return QCoreApplication.translate("IntakeReceipt", text)


def receipt_lines(data: ReceiptData) -> list[tuple[str, str]]:
    """The receipt's (label, value) lines, in print order."""
    when = data.received_at
    if when.tzinfo is not None:
        when = when.astimezone()
    tracking = data.tracking_id or _tr(
        "Diberikan setelah pengaduan diteruskan ke pusat; tanyakan ke kantor ini dengan nomor "
        "tanda terima di atas"
    )
    return [
        (_tr("Kantor"), data.office),
        (_tr("Nomor tanda terima"), data.receipt_number),
        (_tr("Tanggal diterima"), when.strftime("%d-%m-%Y %H.%M")),
        (_tr("Judul pengaduan"), data.title),
        (_tr("Nomor pelacakan"), tracking),
    ]


def render_receipt_pdf(data: ReceiptData, path: Path) -> Path:
    """Write an A5 receipt to `path` (plain text drawing: nothing is interpreted as markup)."""
    writer = QPdfWriter(str(path))
    writer.setTitle(_tr("Tanda Terima Pengaduan"))
    writer.setCreator("Simpul")
    writer.setResolution(300)
    writer.setPageLayout(
        QPageLayout(
            QPageSize(QPageSize.PageSizeId.A5),
            QPageLayout.Orientation.Portrait,
            QMarginsF(15, 15, 15, 15),
            QPageLayout.Unit.Millimeter,
        )
    )
    painter = QPainter(writer)
    try:
        _draw(painter, writer.width(), data)
    finally:
        painter.end()
    return path


def receipt_font_family() -> str:
    """The embedded font's family, registered with Qt on first use; FileNotFoundError when the
    font files are missing (a broken install must not print in a fallback font unnoticed)."""
    if not _families:
        for name in RECEIPT_FONT_FILES:
            path = resource_path("fonts", name)
            font_id = QFontDatabase.addApplicationFont(str(path))
            if font_id < 0:
                raise FileNotFoundError(f"receipt font not loadable: {name}")
            _families.extend(QFontDatabase.applicationFontFamilies(font_id))
    return _families[0]


def _draw(painter: QPainter, width: int, data: ReceiptData) -> None:
    family = receipt_font_family()
    title_font = QFont(family, 14, QFont.Weight.Bold)
    label_font = QFont(family, 9, QFont.Weight.Bold)
    body_font = QFont(family, 10)
    painter.setFont(title_font)
    y = 0.0
    heading = QRectF(0, y, width, painter.fontMetrics().height() * 1.6)
    painter.drawText(heading, Qt.AlignmentFlag.AlignHCenter, _tr("TANDA TERIMA PENGADUAN"))
    y += heading.height() + 40
    for label, value in receipt_lines(data):
        painter.setFont(label_font)
        label_h = painter.fontMetrics().height()
        painter.drawText(QRectF(0, y, width, label_h), Qt.AlignmentFlag.AlignLeft, label)
        y += label_h
        painter.setFont(body_font)
        box = QRectF(0, y, width, 10_000)
        flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
        used = painter.boundingRect(box, flags, value)
        painter.drawText(QRectF(0, y, width, used.height()), flags, value)
        y += used.height() + 30
    painter.setFont(body_font)
    note = _tr(
        "Simpan tanda terima ini. Sebutkan nomor tanda terima bila menanyakan pengaduan Anda."
    )
    flags = Qt.AlignmentFlag.AlignLeft | Qt.TextFlag.TextWordWrap
    painter.drawText(QRectF(0, y + 40, width, 10_000), flags, note)
