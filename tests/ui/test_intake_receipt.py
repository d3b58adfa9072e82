"""The receipt paper itself: drawn on whatever paper the printer dialog picks, outside text as
plain text, a hidden identity never printed, and the PDF's properties free of personal data."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from PySide6.QtCore import QMarginsF
from PySide6.QtGui import QPageLayout, QPageSize
from PySide6.QtPrintSupport import QPrinter

from ui.intake.receipt import (
    COPIES,
    ReceiptData,
    draw_receipt,
    receipt_lines,
    response_text,
    save_receipt_pdf,
)

HOSTILE = "<b>Jalan</b> &amp; <img src=x> rusak " + "sangat panjang " * 20
DATA = ReceiptData(
    letterhead=("PEMERINTAH KABUPATEN AGAM", "DINAS PEKERJAAN UMUM", "Jl. Soekarno-Hatta 12"),
    receipt_number="DPUPR-20260202-01-0003",
    received_at=dt.datetime(2026, 2, 2, 3, 42, tzinfo=dt.UTC),
    classification="permintaan_informasi",
    title=HOSTILE,
    reporter_name="Rahmi Yuliani",
    identity_hidden=False,
    desk_officer="Rini Susanti",
    verify_days=3,
    verify_by=dt.date(2026, 2, 5),
    respond_days=5,
)


def _text(path: Path, *, layout: bool = True) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    cmd = ["pdftotext", *(["-layout"] if layout else []), str(path), "-"]
    out = subprocess.run(cmd, capture_output=True, text=True).stdout
    return [" ".join(page.split()) for page in out.split("\f") if page.strip()]


def _word_boxes(path: Path) -> list[tuple[float, float, list[tuple[float, ...]]]]:
    """Per page: its width, height and the box of every word on it (pdftotext -bbox)."""
    html = subprocess.run(["pdftotext", "-bbox", str(path), "-"], capture_output=True, text=True)
    pages = []
    for chunk in html.stdout.split("<page ")[1:]:
        size = re.search(r'width="([\d.]+)" height="([\d.]+)"', chunk)
        assert size is not None
        words = [
            tuple(float(v) for v in m.groups())
            for m in re.finditer(
                r'xMin="([\d.-]+)" yMin="([\d.-]+)" xMax="([\d.-]+)" yMax="([\d.-]+)"', chunk
            )
        ]
        pages.append((float(size.group(1)), float(size.group(2)), words))
    return pages


def test_rows_and_response_time_in_plain_words() -> None:
    rows = dict(receipt_lines(DATA))
    assert rows["Klasifikasi"] == "Permintaan Informasi"
    assert rows["Nama pelapor"] == "Rahmi Yuliani"
    assert rows["Nomor pelacakan"].startswith("Belum ada.")
    assert "tersinkron" not in rows["Nomor pelacakan"]
    assert "paling lambat 3 hari kerja, yaitu Kamis, 5 Februari 2026" in response_text(DATA)
    hidden = dict(receipt_lines(ReceiptData(**{**DATA.__dict__, "identity_hidden": True})))
    assert hidden["Nama pelapor"] == "Dirahasiakan"
    missing = dict(receipt_lines(ReceiptData(**{**DATA.__dict__, "reporter_name": None})))
    assert missing["Nama pelapor"] == "Tidak diisi"


@pytest.mark.parametrize(
    ("zone", "expected"),
    [
        ("Asia/Jakarta", "pukul 10.42 WIB"),
        ("Asia/Makassar", "pukul 11.42 WITA"),
        ("Asia/Jayapura", "pukul 12.42 WIT"),
    ],
)
def test_the_time_names_the_indonesian_zone(
    monkeypatch: pytest.MonkeyPatch, zone: str, expected: str
) -> None:
    monkeypatch.setenv("TZ", zone)
    time.tzset()
    try:
        assert dict(receipt_lines(DATA))["Diterima"] == f"Senin, 2 Februari 2026, {expected}"
    finally:
        monkeypatch.undo()
        time.tzset()


def test_outside_text_is_printed_literally_and_the_file_names_no_one(qapp, tmp_path) -> None:
    out = save_receipt_pdf(DATA, tmp_path / "tanda-terima.pdf")
    pages = _text(out, layout=False)
    assert len(pages) == len(COPIES) == 2
    for page in pages:
        assert "<b>Jalan</b> &amp; <img src=x> rusak" in page  # wrapped, but every word there
        assert page.count("sangat panjang") == 20
        assert "Dicetak ulang" not in page
    info = subprocess.run(["pdfinfo", str(out)], capture_output=True, text=True).stdout
    assert "Rahmi" not in info and "DPUPR-2026" not in info


PORTRAIT, LANDSCAPE = QPageLayout.Orientation.Portrait, QPageLayout.Orientation.Landscape


@pytest.mark.parametrize(
    ("size", "orientation"),
    [
        (QPageSize.PageSizeId.A5, PORTRAIT),
        (QPageSize.PageSizeId.A5, LANDSCAPE),  # wide and short: the page is shrunk to fit
        (QPageSize.PageSizeId.Letter, PORTRAIT),
        (QPageSize.PageSizeId.Legal, PORTRAIT),
    ],
)
def test_any_paper_the_printer_dialog_picks_holds_the_whole_page(
    qapp, tmp_path, size, orientation
) -> None:
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "out.pdf"))
    printer.setPageLayout(
        QPageLayout(
            QPageSize(size),
            orientation,
            QMarginsF(10, 10, 10, 10),
            QPageLayout.Unit.Millimeter,
        )
    )
    data = ReceiptData(**{**DATA.__dict__, "tracking_id": "5012345", "title": "Jalan rusak"})
    draw_receipt(printer, data)
    pages = _text(tmp_path / "out.pdf")
    assert len(pages) == 2
    for width, height, words in _word_boxes(tmp_path / "out.pdf"):
        assert len(words) > 100
        for x1, y1, x2, y2 in words:  # every word on the paper: nothing fell off
            assert 0 <= x1 < x2 <= width and 0 <= y1 < y2 <= height
    for page in pages:
        assert page.startswith(("LEMBAR UNTUK PELAPOR", "ARSIP KANTOR"))
        assert "PEMERINTAH KABUPATEN AGAM" in page and "Nomor pelacakan : 5012345" in page
        assert "Rini Susanti" in page and page.endswith(("ditindaklanjuti.", "berkas laporan."))
