"""A published follow-up printed as a letter: the office's letterhead and number format from
its settings, the tracking number, the published text, the approving supervisor; to PDF and
through the real printer path (QPrinter writing PDF, since no printer is attached here)."""

from __future__ import annotations

import dataclasses
import datetime as dt
import shutil
import subprocess
from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QPushButton

from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
    pane_showing,
)
from ui.printing import PrintSettings, letter_number
from ui.report.letter import LetterData, build_letter

SETTINGS = PrintSettings(
    letterhead="PEMERINTAH KABUPATEN AGAM\nDINAS PEKERJAAN UMUM\nJl. Soekarno-Hatta, Lubuk Basung",
    number_format="600/{tracking}/DPUPR/{roman_month}/{year}",
)
REVIEW = {"reviewer": {"id": "u-super", "full_name": "Ir. Syafrizal"}, "at": "2026-01-22T03:00:00Z"}
HOSTILE = "<b>Jalan</b> &amp; <img src=x> rusak"


def _pdf_text(path: Path) -> str:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True).stdout


def test_letter_number_follows_the_office_format() -> None:
    when = dt.date(2026, 11, 3)
    assert letter_number(SETTINGS.number_format, tracking="5012345", when=when) == (
        "600/5012345/DPUPR/XI/2026"
    )
    assert letter_number("{nope}", tracking="1", when=when) == "1/TL/XI/2026"  # falls back


def test_the_letter_carries_what_the_citizen_needs_and_no_markup() -> None:
    data = LetterData("5012345", HOSTILE, "Jalan sudah diaspal.\nTerima kasih.", "Ir. Syafrizal",
                      dt.date(2026, 1, 22), "Dinas PU")  # fmt: skip
    text = build_letter(data, SETTINGS).doc.toPlainText()
    for expected in (
        "PEMERINTAH KABUPATEN AGAM",
        "22 Januari 2026",
        "Nomor: 600/5012345/DPUPR/I/2026",
        "No. pelacakan: 5012345",
        HOSTILE,  # shown literally: outside text is never markup
        "Jalan sudah diaspal.",
        "Ir. Syafrizal",
    ):
        assert expected in text, expected


def test_the_pane_saves_the_letter_as_pdf(qtbot, tmp_path: Path) -> None:
    profile = open_profile(tmp_path)
    fill(
        profile,
        [make_report(1)],
        [make_followup("r-00001", state="published", review=REVIEW, content="Perbaikan selesai 21 Januari.")],
    )  # fmt: skip
    ctx = dataclasses.replace(make_ctx(profile, make_actor("officer")), printing=SETTINGS)
    try:
        pane = pane_showing(qtbot, ctx)
        assert pane.letter_button.isVisibleTo(pane)
        with qtbot.waitSignal(pane.letterSaved, timeout=10_000) as saved:
            pane.save_letter(tmp_path / "surat")  # the .pdf is added
        out = Path(saved.args[0])
        assert out == tmp_path / "surat.pdf" and out.read_bytes().startswith(b"%PDF")
        text = _pdf_text(out)
        assert "PEMERINTAH KABUPATEN AGAM" in text and "Perbaikan selesai 21 Januari." in text
        assert "Ir. Syafrizal" in text and "5010001" in text
    finally:
        close_ctx(ctx)


def test_a_letter_that_cannot_be_written_says_where_and_loses_nothing(
    qtbot, tmp_path: Path
) -> None:
    """The chosen folder is not a folder (a file stands where it should be): the pane says
    where the letter could not be saved, in words on the pane, and nothing else is touched."""
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)], [make_followup("r-00001", state="published", review=REVIEW)])
    ctx = dataclasses.replace(make_ctx(profile, make_actor("officer")), printing=SETTINGS)
    blocker = tmp_path / "bukan-folder"
    blocker.write_text("x")
    try:
        pane = pane_showing(qtbot, ctx)
        with qtbot.waitSignal(pane.failed, timeout=10_000) as failed:
            pane.save_letter(blocker / "surat.pdf")
        assert str(blocker) in failed.args[0] and "tidak dapat disimpan" in failed.args[0]
        assert pane.message.isVisibleTo(pane) and pane.message.text() == failed.args[0]
        assert blocker.read_text() == "x"
        with qtbot.waitSignal(pane.letterSaved, timeout=10_000):
            pane.save_letter(tmp_path / "surat.pdf")  # another folder: it works
    finally:
        close_ctx(ctx)


def test_saving_the_letter_asks_where_in_indonesian(qtbot, tmp_path: Path) -> None:
    """Without a path the pane asks where, in a dialog that says Simpan and Batal (Qt's own
    dialog would say Save and Cancel), and writes the PDF where the user chose."""
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)], [make_followup("r-00001", state="published", review=REVIEW)])
    ctx = dataclasses.replace(make_ctx(profile, make_actor("officer")), printing=SETTINGS)
    chosen = tmp_path / "pilihan.pdf"
    seen: list[set[str]] = []

    def answer() -> None:
        dialog = QApplication.activeModalWidget()
        assert isinstance(dialog, QFileDialog)
        buttons = dialog.findChild(QDialogButtonBox)
        seen.append({b.text() for b in buttons.findChildren(QPushButton)} if buttons else set())
        dialog.selectFile(str(chosen))
        dialog.accept()

    try:
        pane = pane_showing(qtbot, ctx)
        QTimer.singleShot(0, answer)
        with qtbot.waitSignal(pane.letterSaved, timeout=10_000) as saved:
            pane.choose_letter_file()
        assert seen and "Simpan" in seen[0] and "Batal" in seen[0] and "Save" not in seen[0]
        assert saved.args == [str(chosen)] and chosen.read_bytes().startswith(b"%PDF")
    finally:
        close_ctx(ctx)


def test_the_printer_path_renders_pages(qtbot, tmp_path: Path) -> None:
    from PySide6.QtPrintSupport import QPrinter

    data = LetterData("5012345", "Jalan", "Isi " * 3000, "Atasan", dt.date(2026, 1, 22), "Dinas")
    printer = QPrinter(QPrinter.PrinterMode.HighResolution)
    printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    printer.setOutputFileName(str(tmp_path / "printed.pdf"))
    build_letter(data, SETTINGS).print_to(printer)
    text = _pdf_text(tmp_path / "printed.pdf")
    assert text.count("\f") >= 2  # a long answer runs over several pages
