"""The paper receipt ("tanda terima") of a walk-in complaint: one page for the reporter and one
for the office's file, drawn on any paged device (a printer, the print preview, a PDF file).

The paper holds only what the reporter needs to follow the complaint: no NIK, phone, address
or complaint text. It stays Indonesian in every interface language, like the follow-up letter:
it is an official paper for an Indonesian citizen. Outside text is drawn as plain text.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from PySide6.QtCore import QMarginsF, QPointF, QRectF, Qt
from PySide6.QtGui import (
    QColor,
    QFont,
    QFontDatabase,
    QPagedPaintDevice,
    QPageLayout,
    QPageSize,
    QPainter,
    QPen,
)

from domain.states import CLASSIFICATION_LABELS, Classification
from ui.printing import pdf_in_memory, tanggal
from ui.resources import resource_path

# Shipped in resources/fonts (free licence, see LICENSE.txt there): the receipt must not depend on
# what fonts an office PC has ("Sans Serif" is a fontconfig alias Windows does not know).
RECEIPT_FONT_FILES = ("DejaVuSans.ttf", "DejaVuSans-Bold.ttf")
_families: list[str] = []

CITIZEN_COPY = "Lembar untuk pelapor"
OFFICE_COPY = "Arsip kantor"
COPIES = (CITIZEN_COPY, OFFICE_COPY)
HIDDEN_NAME = "Dirahasiakan"
NO_TRACKING = (
    "Belum ada. Nomor pelacakan dikirim setelah laporan diterima server; tanyakan di loket "
    "dengan nomor tanda terima ini."
)
FOLLOW_WAYS = (
    "Situs lapor.go.id: cari laporan dengan nomor pelacakan.",
    "SMS 1708: sebutkan nomor pelacakan.",
    "Loket ini: tunjukkan tanda terima ini.",
)
FOOTERS = {
    CITIZEN_COPY: "Simpan tanda terima ini sampai laporan Anda selesai ditindaklanjuti.",
    OFFICE_COPY: "Untuk arsip kantor: simpan bersama berkas laporan.",
}

# The page is laid out in tenths of a millimetre on an A4 text width, then scaled to the paper
# the printer dialog chose (A5, F4, Letter...), smaller when it would not fit the height.
_UNIT_PER_MM = 10.0
_WIDTH = 170 * _UNIT_PER_MM
_LABEL_WIDTH = 46 * _UNIT_PER_MM
_POINT = 25.4 / 72 * _UNIT_PER_MM  # one typographic point in layout units
_GREY = QColor("#424242")


# Indonesia's three time zones, named as a citizen reads the time.
_ZONES = {dt.timedelta(hours=7): "WIB", dt.timedelta(hours=8): "WITA", dt.timedelta(hours=9): "WIT"}


@dataclass(frozen=True)
class ReceiptData:
    letterhead: tuple[str, ...]  # the office's letterhead lines (its name when none is set)
    receipt_number: str
    received_at: dt.datetime
    classification: str  # a Classification code
    title: str
    reporter_name: str | None  # None: hidden or not given (see `identity_hidden`)
    identity_hidden: bool  # anonymous or confidential: "Dirahasiakan" on both copies
    desk_officer: str
    verify_days: int  # working days to verify and route (domain/deadlines.py)
    verify_by: dt.date
    respond_days: int  # working days for the agency's follow-up after routing
    tracking_id: str | None = None
    reprinted_on: dt.date | None = None


def _when(data: ReceiptData) -> str:
    when = data.received_at
    if when.tzinfo is not None:
        when = when.astimezone()
    zone = _ZONES.get(when.utcoffset() or dt.timedelta(0), "") if when.tzinfo else ""
    return f"{tanggal(when.date(), weekday=True)}, pukul {when:%H.%M} {zone}".rstrip()


def classification_label(code: str) -> str:
    try:
        return CLASSIFICATION_LABELS[Classification(code)]
    except ValueError:
        return code


def receipt_lines(data: ReceiptData) -> list[tuple[str, str]]:
    """The receipt's (label, value) rows, in print order."""
    name = HIDDEN_NAME if data.identity_hidden else (data.reporter_name or "Tidak diisi")
    return [  # the receipt number heads the page, under the title
        ("Diterima", _when(data)),
        ("Nama pelapor", name),
        ("Klasifikasi", classification_label(data.classification)),
        ("Judul laporan", data.title),
        ("Nomor pelacakan", data.tracking_id or NO_TRACKING),
    ]


def response_text(data: ReceiptData) -> str:
    """The response time in plain words, from the office's service standard."""
    return (
        f"Laporan Anda diperiksa dan diteruskan ke instansi yang berwenang paling lambat "
        f"{data.verify_days} hari kerja, yaitu {tanggal(data.verify_by, weekday=True)}. "
        f"Instansi tersebut menindaklanjutinya paling lambat {data.respond_days} hari kerja "
        f"setelah menerima laporan."
    )


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


def a4_layout() -> QPageLayout:
    return QPageLayout(
        QPageSize(QPageSize.PageSizeId.A4),
        QPageLayout.Orientation.Portrait,
        QMarginsF(20, 15, 20, 15),
        QPageLayout.Unit.Millimeter,
    )


def draw_receipt(
    device: QPagedPaintDevice, data: ReceiptData, copies: Sequence[str] = COPIES
) -> None:
    """Each copy on its own page of `device`, marked with the copy's name."""
    painter = QPainter()
    if not painter.begin(device):
        raise OSError("the printer could not be opened")
    try:
        for i, copy in enumerate(copies):
            if i:
                device.newPage()
            _draw_page(painter, device, data, copy)
    finally:
        painter.end()


def receipt_pdf(data: ReceiptData, copies: Sequence[str] = COPIES) -> bytes:
    """The receipt as an A4 PDF, made in memory: the only file ever written is the one the
    desk chooses (see `save_receipt_pdf`), no temporary copy with the reporter's name."""
    return pdf_in_memory(
        "Tanda terima laporan",
        a4_layout(),
        lambda writer: draw_receipt(writer, data, copies),
        resolution=300,
    )


def save_receipt_pdf(data: ReceiptData, path: Path, copies: Sequence[str] = COPIES) -> Path:
    path.write_bytes(receipt_pdf(data, copies))
    return path


def _draw_page(painter: QPainter, device: QPagedPaintDevice, data: ReceiptData, copy: str) -> None:
    painter.resetTransform()
    height = _Sheet(painter, data, copy, dry=True).lay_out()
    scale = min(device.width() / _WIDTH, device.height() / height)
    painter.translate((device.width() - _WIDTH * scale) / 2, 0)
    painter.scale(scale, scale)
    _Sheet(painter, data, copy, dry=False).lay_out()


class _Sheet:
    """One copy, laid out top to bottom; with `dry` it only measures (the height it needs)."""

    def __init__(self, painter: QPainter, data: ReceiptData, copy: str, *, dry: bool) -> None:
        self.p = painter
        self.data = data
        self.copy = copy
        self.dry = dry
        self.family = receipt_font_family()
        self.y = 0.0

    def lay_out(self) -> float:
        self._copy_mark()
        self._letterhead()
        self._title()
        self.text("Telah diterima laporan dengan keterangan sebagai berikut:", 10.5, gap=3)
        for label, value in receipt_lines(self.data):
            self._row(label, value, bold=value == self.data.tracking_id)
        self.y += 4 * _UNIT_PER_MM
        self.text("Jangka waktu tanggapan", 10.5, bold=True, gap=1)
        self.text(response_text(self.data), 10.5, gap=4)
        self.text("Cara memantau laporan", 10.5, bold=True, gap=1)
        for n, way in enumerate(FOLLOW_WAYS, start=1):
            self._row(f"{n}.", way, label_width=6 * _UNIT_PER_MM, colon=False, gap=0.5)
        self._signature()
        self._footer()
        return self.y

    # --- pieces ---------------------------------------------------------------------------

    def _font(self, size: float, *, bold: bool = False) -> QFont:
        font = QFont(self.family)
        font.setPixelSize(max(1, round(size * _POINT)))
        font.setBold(bold)
        font.setHintingPreference(QFont.HintingPreference.PreferNoHinting)
        # No "fi" ligature: a PDF of the receipt stays searchable and copyable as typed.
        font.setFeature(QFont.Tag("liga"), 0)
        return font

    def text(
        self,
        text: str,
        size: float,
        *,
        bold: bool = False,
        align: Qt.AlignmentFlag = Qt.AlignmentFlag.AlignLeft,
        left: float = 0.0,
        width: float = _WIDTH,
        gap: float = 0.0,
        colour: QColor | None = None,
    ) -> float:
        """Draw wrapped text at the current line; advance past it and `gap` mm; its height."""
        self.p.setFont(self._font(size, bold=bold))
        flags = int(align | Qt.TextFlag.TextWordWrap)
        box = QRectF(left, self.y, width, 1_000_000)
        used = self.p.boundingRect(box, flags, text)
        if not self.dry:
            self.p.setPen(colour or QColor("black"))
            self.p.drawText(QRectF(left, self.y, width, used.height()), flags, text)
        self.y += used.height() + gap * _UNIT_PER_MM
        return used.height()

    def _line(self, y: float, x1: float, x2: float, thickness_mm: float) -> None:
        if self.dry:
            return
        pen = QPen(QColor("black"))
        pen.setWidthF(thickness_mm * _UNIT_PER_MM)
        self.p.setPen(pen)
        self.p.drawLine(QPointF(x1, y), QPointF(x2, y))

    def _copy_mark(self) -> None:
        self.p.setFont(self._font(9, bold=True))
        label = self.copy.upper()
        pad = 2 * _UNIT_PER_MM
        text = self.p.boundingRect(QRectF(0, 0, _WIDTH, 1000), 0, label)
        box = QRectF(_WIDTH - text.width() - 2 * pad, self.y, text.width() + 2 * pad, 0)
        box.setHeight(text.height() + pad)
        if not self.dry:
            pen = QPen(QColor("black"))
            pen.setWidthF(0.3 * _UNIT_PER_MM)
            self.p.setPen(pen)
            self.p.drawRect(box)
            self.p.drawText(box, int(Qt.AlignmentFlag.AlignCenter), label)
        self.y += box.height() + 2 * _UNIT_PER_MM

    def _letterhead(self) -> None:
        centre = Qt.AlignmentFlag.AlignHCenter
        for i, line in enumerate(self.data.letterhead):
            self.text(line, 14 if i == 0 else 10.5, bold=i == 0, align=centre, gap=0.5)
        self.y += 1.5 * _UNIT_PER_MM
        self._line(self.y, 0, _WIDTH, 0.8)  # the letterhead's double rule, thick over thin
        self._line(self.y + 1.2 * _UNIT_PER_MM, 0, _WIDTH, 0.25)
        self.y += 6 * _UNIT_PER_MM

    def _title(self) -> None:
        centre = Qt.AlignmentFlag.AlignHCenter
        title = "TANDA TERIMA LAPORAN"
        self.text(title, 14, bold=True, align=centre)
        wide = self.p.boundingRect(QRectF(0, 0, _WIDTH, 1000), 0, title).width()  # underlined
        self._line(self.y, (_WIDTH - wide) / 2, (_WIDTH + wide) / 2, 0.3)
        self.y += 1.5 * _UNIT_PER_MM
        self.text("Nomor: " + self.data.receipt_number, 11, bold=True, align=centre, gap=6)

    def _row(
        self,
        label: str,
        value: str,
        *,
        bold: bool = False,
        label_width: float = _LABEL_WIDTH,
        colon: bool = True,
        gap: float = 1.5,
    ) -> None:
        top = self.y
        self.text(label, 10.5, width=label_width)
        label_bottom = self.y
        self.y = top
        colon_w = 0.0
        if colon:
            colon_w = 4 * _UNIT_PER_MM
            self.text(":", 10.5, left=label_width, width=colon_w)
            self.y = top
        left = label_width + colon_w
        self.text(value, 10.5, bold=bold, left=left, width=_WIDTH - left)
        self.y = max(self.y, label_bottom) + gap * _UNIT_PER_MM

    def _signature(self) -> None:
        self.y += 8 * _UNIT_PER_MM
        left, width = _WIDTH * 0.55, _WIDTH * 0.45
        centre = Qt.AlignmentFlag.AlignHCenter
        day = self.data.received_at
        day = day.astimezone() if day.tzinfo is not None else day
        self.text(tanggal(day.date()), 10.5, align=centre, left=left, width=width)
        self.text("Petugas penerima,", 10.5, align=centre, left=left, width=width)
        self.y += 20 * _UNIT_PER_MM  # room to sign
        self._line(self.y, left + 5 * _UNIT_PER_MM, _WIDTH - 5 * _UNIT_PER_MM, 0.25)
        self.y += 1 * _UNIT_PER_MM
        self.text(self.data.desk_officer, 10.5, bold=True, align=centre, left=left, width=width)

    def _footer(self) -> None:
        self.y += 8 * _UNIT_PER_MM
        self._line(self.y, 0, _WIDTH, 0.15)
        self.y += 1.5 * _UNIT_PER_MM
        note = f"{self.copy}. {FOOTERS.get(self.copy, '')}".strip()
        if self.data.reprinted_on is not None:
            note += f" Dicetak ulang {tanggal(self.data.reprinted_on)}."
        self.text(note, 8.5, colour=_GREY)
