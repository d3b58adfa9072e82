"""Render the sheets of an .xlsx file to PNG images, as a spreadsheet program shows them: the
cells' values as read back by openpyxl (dates as dates, numbers as numbers, with their number
format), the header row, the frozen pane marked. For looking at an exported recap without an
office suite.

    python scripts/render_xlsx.py rekap.xlsx OUT_PREFIX   # writes OUT_PREFIX-<sheet>.png
"""

from __future__ import annotations

import datetime as dt
import os
import sys
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")

from openpyxl import load_workbook
from PySide6.QtCore import QRectF, Qt
from PySide6.QtGui import QColor, QFont, QGuiApplication, QImage, QPainter, QPen

ROW_H, PAD, MAX_ROWS = 24, 6, 28


def shown(cell: Any) -> str:
    """The text a spreadsheet shows for the cell (its number format for dates and shares)."""
    value = cell.value
    if value is None:
        return ""
    if isinstance(value, dt.datetime | dt.date):
        return value.strftime("%d-%m-%Y")
    if isinstance(value, float) and "%" in (cell.number_format or ""):
        return f"{value * 100:.1f}%"
    return str(value)


def render(sheet: Any, out: Path) -> None:
    rows = list(sheet.iter_rows(max_row=min(sheet.max_row, MAX_ROWS)))
    font = QFont("DejaVu Sans", 9)
    widths = [
        max(60, int((sheet.column_dimensions[c[0].column_letter].width or 10) * 7.5))
        for c in zip(*rows, strict=False)
    ]
    image = QImage(sum(widths) + 40, (len(rows) + 1) * ROW_H + 10, QImage.Format.Format_RGB32)
    image.fill(QColor("white"))
    p = QPainter(image)
    p.setFont(font)
    x0 = 40
    letters = [r.column_letter for r in rows[0]] if rows else []
    p.fillRect(0, 0, image.width(), ROW_H, QColor("#e8eaed"))
    for i, letter in enumerate(letters):  # column letters, as in a spreadsheet
        x = x0 + sum(widths[:i])
        p.drawText(QRectF(x, 0, widths[i], ROW_H), Qt.AlignmentFlag.AlignCenter, letter)
    for r, row in enumerate(rows):
        y = (r + 1) * ROW_H
        p.fillRect(0, y, x0, ROW_H, QColor("#e8eaed"))
        p.drawText(QRectF(0, y, x0, ROW_H), Qt.AlignmentFlag.AlignCenter, str(r + 1))
        for i, cell in enumerate(row):
            x = x0 + sum(widths[:i])
            bold = bool(cell.font and cell.font.b)
            f = QFont(font)
            f.setBold(bold)
            p.setFont(f)
            numeric = isinstance(cell.value, int | float | dt.date)
            align = Qt.AlignmentFlag.AlignRight if numeric else Qt.AlignmentFlag.AlignLeft
            p.setPen(QPen(QColor("#dadce0")))
            p.drawRect(x, y, widths[i], ROW_H)
            p.setPen(QPen(QColor("#202124")))
            rect = QRectF(x + PAD, y, widths[i] - 2 * PAD, ROW_H)
            p.drawText(rect, align | Qt.AlignmentFlag.AlignVCenter, shown(cell))
    if sheet.freeze_panes:  # the frozen header: a thick line under row 1
        p.setPen(QPen(QColor("#5f6368"), 3))
        p.drawLine(0, 2 * ROW_H, image.width(), 2 * ROW_H)
    p.end()
    image.save(str(out))


def main() -> int:
    app = QGuiApplication(sys.argv[:1])
    book = load_workbook(sys.argv[1])
    for sheet in book.worksheets:
        out = Path(f"{sys.argv[2]}-{sheet.title.lower()}.png")
        render(sheet, out)
        print(out)
    del app
    return 0


if __name__ == "__main__":
    sys.exit(main())
