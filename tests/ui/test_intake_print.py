"""The walk-in receipt on paper, driven through the desk's widgets against a real server.

A complaint typed into the form, "Cetak tanda terima", the preview, "Cetak…" and the system's
print dialog: the printer is a QPrinter writing PDF (no printer is attached here), read back
with pdftotext. Two pages, one per copy, each marked; what a citizen needs is on both, the NIK,
phone and complaint text on neither. After a real sync the desk's list shows the tracking
number and "Cetak ulang" prints it. "Simpan PDF" goes through the Indonesian save dialog and
writes only the chosen file. In English the desk's labels are English, the paper Indonesian.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from collections.abc import Iterator
from pathlib import Path

import pytest
from PySide6.QtCore import QCoreApplication, Qt, QTimer
from PySide6.QtPrintSupport import QPrinter
from PySide6.QtWidgets import QApplication, QDialogButtonBox, QFileDialog, QPushButton

from desktop.app import install_translator
from domain import clock
from localdb.reveals import reveals
from tests.support.server import TEST_WORLD, Central, _start
from tests.sync.clients import SyncClient
from tests.ui.feature_fixtures import calendar
from ui.context import AppContext, UiEvents
from ui.intake.panel import TRACKING_COLUMN, IntakePanel
from ui.intake.preview import ReceiptPreview
from ui.printing import PrintSettings, tanggal
from ui.sync.adapter import SyncController
from ui.tasks import TaskRunner

LETTERHEAD = "PEMERINTAH KABUPATEN AGAM\nDINAS PEKERJAAN UMUM\nJl. Soekarno-Hatta 12, Lubuk Basung"
NAME, NIK, PHONE = "Rahmi Yuliani", "1306015505900001", "0812-6677-8899"
CONTENT = "Sudah dua minggu lampu jalan padam sehingga jalan gelap di malam hari."
DESK_NAME = next(u.full_name for u in TEST_WORLD.users if u.username == "desk1")


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    data_dir = tmp_path_factory.mktemp("central")
    server = _start(f"sqlite:///{data_dir / 'central.db'}", data_dir)
    assert server.base_url is not None
    world = Central(server.base_url, server.admin_token, "sqlite", server)
    try:
        yield world
    finally:
        world.close_clients()
        server.stop()


@pytest.fixture
def desk(tmp_path: Path, central: Central) -> Iterator[SyncClient]:
    client = SyncClient(tmp_path / "desk1", central.base_url, "desk1").login()
    client.sync()  # reference data: the office, the service standard
    try:
        yield client
    finally:
        client.close()


@pytest.fixture
def panel(qtbot, desk: SyncClient) -> Iterator[IntakePanel]:
    runner = TaskRunner(desk.profile.session)
    controller = SyncController(desk.engine, runner=runner)
    ctx = AppContext(
        runner,
        UiEvents(),
        desk.actor,
        calendar(),
        desk.profile,
        sync=controller,
        printing=PrintSettings(letterhead=LETTERHEAD),
    )
    widget = IntakePanel(ctx)
    qtbot.addWidget(widget)
    widget.resize(860, 560)  # what the page gets beside the sidebar at 125 % on 1366 x 705
    widget.show()
    yield widget
    controller.stop()
    runner.shutdown()


def _pdf_pages(path: Path) -> list[str]:
    if shutil.which("pdftotext") is None:
        pytest.skip("pdftotext (poppler-utils) is not installed")
    out = subprocess.run(["pdftotext", "-layout", str(path), "-"], capture_output=True, text=True)
    return [page for page in out.stdout.split("\f") if page.strip()]


def _pdf_title(path: Path) -> str:
    out = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True).stdout
    return next((ln for ln in out.splitlines() if ln.startswith("Title:")), "")


def _type_complaint(panel: IntakePanel, *, anonymous: bool = False, secret: bool = False) -> str:
    f = panel.form
    f.anonymous.setChecked(anonymous)
    f.secret.setChecked(secret)
    f.name.setText(NAME)
    f.nik.setText(NIK)
    f.phone.setText(PHONE)
    f.title.setText("Lampu jalan padam di Jorong Koto Baru")
    f.content.setPlainText(CONTENT)
    f.classification.setCurrentIndex(f.classification.findData("pengaduan"))
    f.region.setText("13.06.01.2001")
    return "Lampu jalan padam di Jorong Koto Baru"


def _save(qtbot, panel: IntakePanel) -> str:
    with qtbot.waitSignal(panel.saved, timeout=10_000) as saved:
        panel.save_button.click()
    return str(saved.args[0])


def _open_preview(qtbot, panel: IntakePanel, trigger) -> ReceiptPreview:  # type: ignore[no-untyped-def]
    with qtbot.waitSignal(panel.previewShown, timeout=10_000) as shown:
        trigger()
    preview: ReceiptPreview = shown.args[0]
    assert preview.isVisible()
    return preview


def _print_through_dialog(qtbot, preview: ReceiptPreview, out: Path) -> None:
    """ "Cetak…", then OK in the system's print dialog; the printer writes PDF to `out`."""
    preview.printer.setOutputFormat(QPrinter.OutputFormat.PdfFormat)
    preview.printer.setOutputFileName(str(out))
    seen: list[str] = []

    def press_ok() -> None:
        dialog = preview.print_dialog
        assert dialog is not None and dialog.isVisible()
        seen.append(dialog.windowTitle())
        dialog.accept()

    QTimer.singleShot(0, press_ok)
    with qtbot.waitSignal(preview.printed, timeout=10_000):
        preview.print_button.click()
    assert seen  # the print dialog was shown, not skipped
    assert not preview.isVisible()


def _tracking_in_list(panel: IntakePanel, receipt: str) -> str:
    row = panel.row_of(receipt)
    return "" if row is None else panel.table.item(row, TRACKING_COLUMN).text()


def test_the_printed_receipt_holds_what_the_citizen_needs_on_two_marked_pages(
    qtbot, panel: IntakePanel, desk: SyncClient, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    scratch = tmp_path / "tmp"  # where Qt and Python would put any temporary file
    scratch.mkdir()
    monkeypatch.setenv("TMPDIR", str(scratch))
    monkeypatch.setattr(tempfile, "tempdir", str(scratch))
    title = _type_complaint(panel)
    receipt = _save(qtbot, panel)
    preview = _open_preview(qtbot, panel, panel.print_button.click)
    assert preview.view.pageCount() == 2  # the preview shows both copies
    out = tmp_path / "printed.pdf"
    _print_through_dialog(qtbot, preview, out)

    pages = _pdf_pages(out)
    assert len(pages) == 2
    assert "LEMBAR UNTUK PELAPOR" in pages[0] and "ARSIP KANTOR" not in pages[0]
    assert "ARSIP KANTOR" in pages[1] and "LEMBAR UNTUK PELAPOR" not in pages[1]
    today = clock.local_today()
    due = calendar().add_working_days(today, 3)  # the test world's standard: 3 and 5 days
    for page in pages:
        flat = " ".join(page.split())
        for expected in (
            "PEMERINTAH KABUPATEN AGAM",
            "Jl. Soekarno-Hatta 12, Lubuk Basung",
            "TANDA TERIMA LAPORAN",
            receipt,
            f"Nama pelapor : {NAME}",
            "Klasifikasi : Pengaduan",
            title,
            tanggal(today),
            "Petugas penerima",
            DESK_NAME,
            "lapor.go.id",
            "SMS 1708",
            f"paling lambat 3 hari kerja, yaitu {tanggal(due, weekday=True)}",
            "menindaklanjutinya paling lambat 5 hari kerja",
            "Nomor pelacakan dikirim setelah laporan diterima server; tanyakan di loket",
        ):
            assert expected in flat, expected
        # Only what is needed: no NIK, phone or complaint text; no sync jargon.
        for absent in (NIK, "6677", CONTENT[:30], "sinkron"):
            assert absent not in flat, absent
    assert NAME not in _pdf_title(out) and receipt not in _pdf_title(out)
    # The PDF is where the printer was told to write, and no temporary copy was left anywhere.
    assert {p.name for p in tmp_path.iterdir()} == {"printed.pdf", "desk1", "tmp"}
    assert list(scratch.iterdir()) == []

    # Sync with the server: the tracking number arrives and the list shows it whole.
    controller = panel._ctx.sync
    assert controller is not None
    with qtbot.waitSignal(controller.finished, timeout=30_000) as synced:
        controller.start()  # the app's first cycle; the panel refreshes when it ends
    assert synced.args[0].pushed == 1
    qtbot.waitUntil(lambda: _tracking_in_list(panel, receipt).isdigit(), timeout=10_000)
    tracking = _tracking_in_list(panel, receipt)
    column = panel.table.columnWidth(TRACKING_COLUMN)
    assert panel.table.fontMetrics().horizontalAdvance(tracking) < column  # not cut off
    assert not panel.table.horizontalScrollBar().isVisible()  # nor pushed out of sight

    # "Cetak ulang" from the list, by its key: the paper carries the tracking number.
    row = panel.row_of(receipt)
    assert row is not None
    panel.table.selectRow(row)
    panel.activateWindow()
    qtbot.waitUntil(lambda: QApplication.activeWindow() is panel, timeout=5_000)
    panel.table.setFocus()
    assert panel.reprint_button.isEnabled()
    preview = _open_preview(
        qtbot,
        panel,
        lambda: qtbot.keyClick(panel.table, Qt.Key.Key_P, Qt.KeyboardModifier.ControlModifier),
    )
    again = tmp_path / "reprinted.pdf"
    _print_through_dialog(qtbot, preview, again)
    pages = _pdf_pages(again)
    assert len(pages) == 2
    for page in pages:
        flat = " ".join(page.split())
        assert f"Nomor pelacakan : {tracking}" in flat
        assert "Nomor pelacakan dikirim" not in flat
        assert f"Dicetak ulang {tanggal(today)}" in flat
        assert f"Nama pelapor : {NAME}" in flat  # the name is kept after the server has it
    # Printing the name again is a showing of the identity: recorded (who saw whom).
    with desk.profile.read_session() as s, s.begin():
        assert [r.user_id for r in reveals(s)] == [desk.actor.user_id]


def test_the_context_menu_reprints_and_simpan_pdf_uses_an_indonesian_dialog(
    qtbot, panel: IntakePanel, desk: SyncClient, tmp_path: Path
) -> None:
    _type_complaint(panel, anonymous=True)
    receipt = _save(qtbot, panel)
    qtbot.waitUntil(lambda: panel.table.rowCount() == 1, timeout=10_000)
    assert not panel.reprint_button.isEnabled()  # nothing chosen yet
    rect = panel.table.visualRect(panel.table.model().index(0, 0))
    panel.table.customContextMenuRequested.emit(rect.center())
    [action] = panel.list_menu.actions()
    assert action.text() == "Cetak ulang tanda terima…"
    preview = _open_preview(qtbot, panel, action.trigger)

    preview.choose_pdf_file()
    dialog = preview.file_dialog
    assert dialog is not None and dialog.isVisible()
    buttons = dialog.findChild(QDialogButtonBox)
    texts = {b.text() for b in buttons.findChildren(QPushButton)} if buttons else set()
    assert "Simpan" in texts and "Batal" in texts and "Save" not in texts
    assert dialog.acceptMode() is QFileDialog.AcceptMode.AcceptSave
    chosen = tmp_path / "pilihan" / "tanda-terima"
    chosen.parent.mkdir()
    with qtbot.waitSignal(preview.saved, timeout=10_000) as saved:
        dialog.fileSelected.emit(str(chosen))
    written = Path(saved.args[0])
    assert written == chosen.with_name("tanda-terima.pdf")
    assert list(chosen.parent.iterdir()) == [written]
    pages = _pdf_pages(written)
    assert len(pages) == 2
    for page in pages:
        flat = " ".join(page.split())
        assert receipt in flat and "Nama pelapor : Dirahasiakan" in flat
        assert NAME not in flat and NIK not in flat
    # An anonymous reporter's name was not printed, so no showing is recorded.
    with desk.profile.read_session() as s, s.begin():
        assert reveals(s) == []


def test_a_confidential_report_prints_dirahasiakan_and_one_copy_when_asked(
    qtbot, panel: IntakePanel, tmp_path: Path
) -> None:
    _type_complaint(panel, secret=True)
    _save(qtbot, panel)
    preview = _open_preview(qtbot, panel, panel.print_button.click)
    preview.office_copy.setChecked(False)
    assert preview.view.pageCount() == 1
    before = preview.view.zoomFactor()
    preview.zoom_in.click()  # to read the small print before printing
    assert preview.view.zoomFactor() > before
    out = tmp_path / "satu.pdf"
    _print_through_dialog(qtbot, preview, out)
    [page] = _pdf_pages(out)
    flat = " ".join(page.split())
    assert "LEMBAR UNTUK PELAPOR" in flat and "Nama pelapor : Dirahasiakan" in flat
    assert NAME not in flat


def test_in_english_the_desk_speaks_english_and_the_paper_stays_indonesian(
    qtbot, desk: SyncClient, tmp_path: Path
) -> None:
    app = QApplication.instance()
    assert app is not None
    translator = install_translator(app, "en")
    assert translator is not None, "simpul_en.qm missing: build the translations"
    runner = TaskRunner(desk.profile.session)
    try:
        ctx = AppContext(runner, UiEvents(), desk.actor, calendar(), desk.profile)
        panel = IntakePanel(ctx)
        qtbot.addWidget(panel)
        panel.show()
        assert panel.reprint_button.text() == "&Reprint receipt"
        assert panel.table.horizontalHeaderItem(1).text() == "Tracking no."
        _type_complaint(panel)
        receipt = _save(qtbot, panel)
        assert "Complaint saved" in panel.receipt_label.text()
        preview = _open_preview(qtbot, panel, panel.print_button.click)
        assert preview.print_button.text() == "Print…"
        assert preview.pdf_button.text() == "Save PDF…"
        assert preview.windowTitle() == f"Print receipt {receipt}"
        # The longer English labels still fit a 1366 px screen at 125 % (1093 logical px).
        assert preview.minimumSizeHint().width() <= 1366 / 1.25
        preview.choose_pdf_file()
        assert preview.file_dialog is not None
        buttons = preview.file_dialog.findChild(QDialogButtonBox)
        texts = {b.text() for b in buttons.findChildren(QPushButton)} if buttons else set()
        assert "Save" in texts and "Cancel" in texts
        out = tmp_path / "english.pdf"
        with qtbot.waitSignal(preview.saved, timeout=10_000):
            preview.file_dialog.fileSelected.emit(str(out))
        flat = " ".join(" ".join(_pdf_pages(out)).split())
        assert "TANDA TERIMA LAPORAN" in flat and "Lembar untuk pelapor" in flat
        assert "Nomor pelacakan" in flat and "Receipt" not in flat and "Tracking" not in flat
    finally:
        app.removeTranslator(translator)
        runner.shutdown()
    assert QCoreApplication.translate("IntakePanel", "Judul") == "Judul"
