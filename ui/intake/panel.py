"""The walk-in desk: the complaint form, the receipt, and the desk's recent intakes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QPoint, Qt, Signal, Slot
from PySide6.QtGui import QColor, QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QAbstractItemView,
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
    QMenu,
    QPushButton,
    QScrollArea,
    QSplitter,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.errors import ValidationError, ValidationErrors
from localdb import commands, queries, syncstore
from localdb.regions import RegionChoices, region_choices
from localdb.syncstore import load_reference
from localdb.views import LaporView
from ui.context import AppContext
from ui.domain_text import domain_text
from ui.errors import user_message
from ui.followup.attach import store_files
from ui.intake.form import IntakeForm, IntakeInput
from ui.intake.preview import ReceiptPreview
from ui.intake.receipt import ReceiptData
from ui.intake.receipt_source import load_receipt, office_of
from ui.keys import INTAKE_REPRINT, INTAKE_SAVE
from ui.widgets.empty import EmptyState
from ui.widgets.lapor import LAPOR_COLOURS, lapor_short, lapor_text

if TYPE_CHECKING:
    from localdb.queries import Session

_INTAKE_ID = Qt.ItemDataRole.UserRole + 1

# What the form needs from the reference data: categories, (office code, name), the regions.
_Reference = tuple[list[dict[str, Any]], tuple[str, str], RegionChoices | None]


class IntakePanel(QWidget):
    """Signal `saved(receipt_number)` after an intake is on disk; `previewShown(dialog)` when
    a receipt's print preview opened."""

    saved = Signal(str)
    failed = Signal(str)
    listLoaded = Signal()
    previewShown = Signal(object)

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._attachments: list[dict[str, Any]] = []
        self._last_intake: str | None = None  # the one saved last, for "Cetak tanda terima"
        self._receipt: ReceiptData | None = None
        self.preview: ReceiptPreview | None = None
        self._office = ("", "")
        self.form = IntakeForm(self)
        self._build()
        ctx.events.reportsChanged.connect(lambda _ids: self.refresh_list())
        if ctx.sync is not None:  # a push brings tracking numbers even when nothing is pulled
            ctx.sync.finished.connect(lambda _summary: self.refresh_list())
        self._load_reference()
        ctx.events.referenceChanged.connect(self._load_reference)
        self.refresh_list()

    # --- building -----------------------------------------------------------------------------

    def _build(self) -> None:
        self.attach_list = QListWidget(self)
        self.attach_list.setMaximumHeight(60)
        self.attach_empty = EmptyState(
            self.attach_list, self.tr("Belum ada berkas terlampir (tidak wajib).")
        )
        self.attach_empty.show()
        self.attach_list.model().rowsInserted.connect(lambda *_: self.attach_empty.hide())
        self.attach_list.model().modelReset.connect(self.attach_empty.show)
        attach = QPushButton(self.tr("Lampirkan berkas…"), self)
        attach.setToolTip(self.tr("Foto atau dokumen dari pelapor, maks. 20 MB per berkas"))
        attach.clicked.connect(self._choose_files)
        self.save_button = QPushButton(self.tr("Simpan pengaduan"), self)
        self.save_button.setToolTip(self.tr("Ctrl+S"))
        save_key = QShortcut(QKeySequence(INTAKE_SAVE), self)
        save_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_key.activated.connect(self.save)
        self.save_button.setObjectName("saveIntake")
        self.save_button.setDefault(True)
        self.save_button.clicked.connect(self.save)
        buttons = QHBoxLayout()
        buttons.addWidget(attach)
        buttons.addStretch(1)
        buttons.addWidget(self.save_button)
        form_page = QWidget(self)
        column = QVBoxLayout(form_page)
        column.addWidget(self.form)
        column.addWidget(self.attach_list)
        column.addStretch(1)
        scroll = QScrollArea(self)
        scroll.setWidgetResizable(True)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(form_page)
        # The buttons stay below the scrolling form: "Simpan pengaduan" is always in sight.
        left = QWidget(self)
        left_column = QVBoxLayout(left)
        left_column.setContentsMargins(0, 0, 0, 0)
        left_column.addWidget(scroll, 1)
        left_column.addLayout(buttons)
        right = QWidget(self)
        right_column = QVBoxLayout(right)
        right_column.addWidget(self._receipt_box())
        heading = QLabel(self.tr("Pengaduan yang dicatat di loket ini"), right)
        heading.setStyleSheet("font-weight: bold;")
        right_column.addWidget(heading)
        self.table = self._intake_table(right)
        self.table_empty = EmptyState(
            self.table,
            self.tr(
                "Belum ada pengaduan yang dicatat di loket ini. Isi formulir di kiri, "
                "lalu klik \u201cSimpan pengaduan\u201d; tanda terimanya muncul di sini."
            ),
        )
        right_column.addWidget(self.table, 1)
        self.reprint_button = QPushButton(self.tr("Cetak &ulang tanda terima"), right)
        self.reprint_button.setToolTip(
            self.tr("Cetak lagi tanda terima yang dipilih, dengan nomor pelacakan bila sudah ada")
            + " ("
            + QKeySequence(INTAKE_REPRINT).toString(QKeySequence.SequenceFormat.NativeText)
            + ")"
        )
        self.reprint_button.setEnabled(False)
        self.reprint_button.clicked.connect(self.reprint_selected)
        reprint_key = QShortcut(QKeySequence(INTAKE_REPRINT), self)
        reprint_key.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        reprint_key.activated.connect(self.reprint_selected)
        reprint_row = QHBoxLayout()
        reprint_row.addStretch(1)
        reprint_row.addWidget(self.reprint_button)
        right_column.addLayout(reprint_row)
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        # 45:55, whatever the form's size hint asks: the list keeps its three columns whole at
        # 1366 px and at 125 %, and the form (about 350 px at least) stays usable.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        split.setSizes([4500, 5500])
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _receipt_box(self) -> QFrame:
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setStyleSheet("QFrame { background: #e8f5e9; }")
        column = QVBoxLayout(box)
        self.receipt_label = QLabel(box)  # the number large: the desk reads it out
        self.receipt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.receipt_label.setWordWrap(True)
        self.receipt_label.setStyleSheet("font-size: 13pt; font-weight: bold;")
        self.receipt_note = QLabel(box)
        self.receipt_note.setTextFormat(Qt.TextFormat.PlainText)
        self.receipt_note.setWordWrap(True)
        self.print_button = QPushButton(self.tr("Cetak tanda terima…"), box)
        self.print_button.setToolTip(
            self.tr("Pratinjau lalu cetak: satu lembar untuk pelapor, satu arsip")
        )
        self.print_button.clicked.connect(self.print_last)
        column.addWidget(self.receipt_label)
        column.addWidget(self.receipt_note)
        column.addWidget(self.print_button)
        box.hide()
        self.receipt_box = box
        return box

    def _intake_table(self, parent: QWidget) -> QTableWidget:
        # Three columns, so that all stay whole beside the form at 1366 px and at 125 %: the
        # complaint (receipt number over its title), and the two numbers it gets later (the
        # hub's, then LAPOR!'s), each saying where it stands until then.
        table = QTableWidget(0, 3, parent)
        headers = (
            (self.tr("Pengaduan"), self.tr("Nomor tanda terima dan judul")),
            (
                self.tr("No. pelacakan"),
                self.tr("Nomor dari server pusat, setelah pengaduan terkirim ke sana"),
            ),
            (
                self.tr("No. LAPOR!"),
                self.tr("Nomor pelacakan pengaduan ini di SP4N-LAPOR!, setelah pusat mengirimnya"),
            ),
        )
        for column, (title, tip) in enumerate(headers):
            item = QTableWidgetItem(title)
            item.setToolTip(tip)
            table.setHorizontalHeaderItem(column, item)
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(RECEIPT_COLUMN, QHeaderView.ResizeMode.Stretch)
        table.itemSelectionChanged.connect(
            lambda: self.reprint_button.setEnabled(self.selected_intake() is not None)
        )
        table.setContextMenuPolicy(Qt.ContextMenuPolicy.CustomContextMenu)
        table.customContextMenuRequested.connect(self._list_menu)
        table.doubleClicked.connect(lambda _index: self.reprint_selected())
        return table

    def row_of(self, receipt_number: str) -> int | None:
        """The list's row of a receipt number (None while it is not listed)."""
        for row in range(self.table.rowCount()):
            item = self.table.item(row, RECEIPT_COLUMN)
            if item is not None and item.data(Qt.ItemDataRole.UserRole) == receipt_number:
                return row
        return None

    def _load_reference(self) -> None:
        agency_id = self._ctx.actor.agency_id

        def work(s: Session) -> _Reference:
            data, _ = load_reference(s)
            categories = list((data or {}).get("categories") or [])
            return categories, office_of(s, agency_id), region_choices(s)

        def done(result: _Reference) -> None:
            categories, self._office, regions = result
            self.form.set_categories(categories)
            self.form.set_regions(regions)

        self._ctx.runner.run(work, on_done=done, owner=self)

    # --- saving -------------------------------------------------------------------------------

    @Slot()
    def save(self) -> None:
        self.form.clear_errors()
        value = self.form.value()
        actor = self._ctx.actor
        attachments = list(self._attachments)
        local = clock.local_now()

        def work(s: Session) -> Any:
            # The hub's time, when this PC's clock is known to be off (measured at each sync).
            received_at = syncstore.corrected_now(s, local)
            office_code = office_of(s, actor.agency_id)[0]
            return commands.create_intake(
                s, actor, **_intake_args(value, office_code, received_at, attachments)
            )

        self.save_button.setEnabled(False)
        self._ctx.runner.run(work, on_done=self._saved, on_error=self._save_failed, owner=self)

    def _saved(self, ref: Any) -> None:
        self.save_button.setEnabled(True)
        self._last_intake = ref.id
        self.receipt_label.setText(
            self.tr("Pengaduan tersimpan. Nomor tanda terima: ") + ref.receipt_number
        )
        self.receipt_note.setText(
            self.tr(
                "Nomor pelacakan menyusul setelah laporan diterima server; tanda terima dapat "
                "dicetak ulang dari daftar di bawah."
            )
        )
        self.receipt_box.show()
        self.form.reset()
        self._attachments = []
        self.attach_list.clear()
        self.saved.emit(ref.receipt_number)
        self._ctx.events.localChange.emit()
        self._ctx.events.countsStale.emit()
        self.refresh_list()

    def _save_failed(self, exc: BaseException) -> None:
        self.save_button.setEnabled(True)
        if isinstance(exc, ValidationErrors):
            for problem in reversed(exc.problems):  # the focus ends on the first field
                self.form.show_error(problem.field, domain_text(problem))
            message = "\n".join(domain_text(p) for p in exc.problems)
        elif isinstance(exc, ValidationError):
            message = domain_text(exc)
            self.form.show_error(exc.field, message)
        else:
            message = user_message(exc)
            self.form.show_error(None, self.tr("Gagal menyimpan: ") + message)
        self.failed.emit(message)

    # --- receipt ------------------------------------------------------------------------------

    def receipt(self) -> ReceiptData | None:
        """The receipt last shown in the print preview."""
        return self._receipt

    @Slot()
    def print_last(self) -> None:
        """The preview of the complaint saved last ("Cetak tanda terima")."""
        if self._last_intake is not None:
            self.print_receipt(self._last_intake)

    @Slot()
    def reprint_selected(self) -> None:
        """The selected complaint's receipt again ("Cetak ulang"), with its tracking number."""
        intake_id = self.selected_intake()
        if intake_id is not None:
            self.print_receipt(intake_id, reprint=True)

    def print_receipt(self, intake_id: str, *, reprint: bool = False) -> None:
        """Read the receipt on the database lane, then open its print preview."""
        actor, calendar = self._ctx.actor, self._ctx.calendar
        letterhead = self._ctx.printing.letterhead
        today = clock.local_today() if reprint else None

        def work(s: Session) -> ReceiptData | None:
            return load_receipt(
                s, actor, intake_id, calendar=calendar, letterhead=letterhead, reprinted_on=today
            )

        self._ctx.runner.run(work, on_done=self._show_preview, owner=self)

    def _show_preview(self, data: ReceiptData | None) -> None:
        if data is None:
            return
        self._receipt = data
        if self.preview is not None:
            self.preview.deleteLater()
        self.preview = ReceiptPreview(data, self._ctx.runner, self.window())
        self.preview.open()
        self.previewShown.emit(self.preview)

    # --- attachments --------------------------------------------------------------------------

    def _choose_files(self) -> None:
        paths, _ = QFileDialog.getOpenFileNames(self, self.tr("Pilih berkas lampiran"))
        self.add_files([Path(p) for p in paths])

    def add_files(self, paths: list[Path]) -> None:
        store_files(
            self._ctx, paths, on_done=self._attached, on_error=self._save_failed, owner=self
        )

    def _attached(self, info: Any) -> None:
        ref = info.as_ref()
        if all(a["sha256"] != ref["sha256"] for a in self._attachments):
            self._attachments.append(ref)
            self.attach_list.addItem(ref["filename"])

    # --- the desk's list ----------------------------------------------------------------------

    @Slot()
    def refresh_list(self) -> None:
        actor = self._ctx.actor
        self._ctx.runner.run(
            lambda s: queries.my_intakes(s, actor), on_done=self._show_list, owner=self
        )

    def _show_list(self, rows: list[Any]) -> None:
        self.table.setRowCount(len(rows))
        self.table_empty.show_if_empty(not rows)
        chosen = self.selected_intake()
        for i, row in enumerate(rows):
            complaint = QTableWidgetItem(f"{row.receipt_number}\n{row.title}")
            complaint.setData(Qt.ItemDataRole.UserRole, row.receipt_number)
            complaint.setData(_INTAKE_ID, row.id)
            complaint.setToolTip(row.title)  # a long title is cut; the tooltip has it whole
            self.table.setItem(i, RECEIPT_COLUMN, complaint)
            state = _intake_state_label(self, row.local_state)
            tracking = QTableWidgetItem(row.tracking_id or state)
            tracking.setToolTip(state)
            self.table.setItem(i, TRACKING_COLUMN, tracking)
            self.table.setItem(i, LAPOR_COLUMN, _lapor_item(row.lapor))
            if row.id == chosen:
                self.table.selectRow(i)
        self.table.resizeRowsToContents()
        self.reprint_button.setEnabled(self.selected_intake() is not None)
        self.listLoaded.emit()

    def selected_intake(self) -> str | None:
        rows = self.table.selectionModel().selectedRows() if self.table.selectionModel() else []
        if not rows:
            return None
        item = self.table.item(rows[0].row(), RECEIPT_COLUMN)
        value = item.data(_INTAKE_ID) if item is not None else None
        return str(value) if value else None

    def _list_menu(self, pos: QPoint) -> None:
        index = self.table.indexAt(pos)
        if not index.isValid():
            return
        self.table.selectRow(index.row())
        menu = QMenu(self.table)
        action = menu.addAction(self.tr("Cetak ulang tanda terima…"))
        action.setShortcut(QKeySequence(INTAKE_REPRINT))
        action.triggered.connect(self.reprint_selected)
        self.list_menu = menu
        menu.popup(self.table.viewport().mapToGlobal(pos))


RECEIPT_COLUMN, TRACKING_COLUMN, LAPOR_COLUMN = 0, 1, 2


def _lapor_item(lapor: LaporView | None) -> QTableWidgetItem:
    """The LAPOR! tracking id once the hub has sent it, else a word, coloured by state; the
    whole sentence (with the reason of a failure) as the tooltip and the accessible text."""
    item = QTableWidgetItem(lapor_short(lapor))
    text = lapor_text(lapor, followup=False)
    if text:
        item.setToolTip(text)
        item.setData(Qt.ItemDataRole.AccessibleTextRole, text)
    if lapor is not None and lapor.state in LAPOR_COLOURS:
        background, foreground = LAPOR_COLOURS[lapor.state]
        item.setBackground(QColor(background))
        item.setForeground(QColor(foreground))
    return item


def _intake_state_label(w: QWidget, state: str | None) -> str:
    labels = {
        "pending": w.tr("Menunggu dikirim"),
        "sent": w.tr("Terkirim ke pusat"),
        "conflict": w.tr("Konflik: lihat halaman Konflik"),
        "rejected": w.tr("Ditolak server"),
    }
    return labels.get(state or "", state or "")


def _intake_args(
    value: IntakeInput,
    office_code: str,
    received_at: dt.datetime,
    attachments: list[dict[str, Any]],
) -> dict[str, Any]:
    reporter = commands.ReporterInput(
        name=value.name or None,
        nik=value.nik or None,
        phone=value.phone or None,
        email=value.email or None,
        address=value.reporter_address or None,
    )
    return {
        "office_code": office_code,
        "title": value.title,
        "content": value.content,
        "classification": value.classification or "",
        "received_at": received_at,
        "today": received_at.astimezone().date(),  # the receipt number carries this day
        "category_id": value.category_id,
        "is_anonymous": value.is_anonymous,
        "is_secret": value.is_secret,
        "reporter": reporter,
        "region_code": value.region_code.strip() or None,
        "address": value.address or None,
        "incident_date": value.incident_date,
        "attachments": attachments,
    }
