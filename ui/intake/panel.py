"""The walk-in desk: the complaint form, the receipt, and the desk's recent intakes."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import (
    QFileDialog,
    QFrame,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListWidget,
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
from localdb.syncstore import load_local_user, load_reference
from ui.context import AppContext
from ui.domain_text import domain_text
from ui.errors import user_message
from ui.followup.attach import store_files
from ui.intake.form import IntakeForm, IntakeInput
from ui.intake.receipt import ReceiptData, render_receipt_pdf
from ui.keys import INTAKE_SAVE
from ui.widgets.empty import EmptyState

if TYPE_CHECKING:
    from localdb.queries import Session


# What the form needs from the reference data: categories, (office code, name), the regions.
_Reference = tuple[list[dict[str, Any]], tuple[str, str], RegionChoices | None]


def _office(s: Session, agency_id: str) -> tuple[str, str]:
    """(office code, office name) of the desk's agency, from what this PC knows."""
    user = load_local_user(s)
    agency = (user.user.get("agency") if user is not None else None) or {}
    if agency.get("code"):
        return str(agency["code"]), str(agency.get("name") or agency["code"])
    data, _ = load_reference(s)
    for a in (data or {}).get("agencies") or []:
        if a.get("id") == agency_id:
            return str(a.get("code") or agency_id), str(a.get("name") or agency_id)
    return agency_id, agency_id


class IntakePanel(QWidget):
    """Signal `saved(receipt_number)` after an intake is on disk."""

    saved = Signal(str)
    failed = Signal(str)
    listLoaded = Signal()

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._attachments: list[dict[str, Any]] = []
        self._receipt: ReceiptData | None = None
        self._office = ("", "")
        self.form = IntakeForm(self)
        self._build()
        ctx.events.reportsChanged.connect(lambda _ids: self.refresh_list())
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
        split = QSplitter(Qt.Orientation.Horizontal, self)
        split.addWidget(left)
        split.addWidget(right)
        # Half and half: the list keeps all four columns whole at 1366 px and at 125 %.
        split.setStretchFactor(0, 1)
        split.setStretchFactor(1, 1)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(split)

    def _receipt_box(self) -> QFrame:
        box = QFrame(self)
        box.setFrameShape(QFrame.Shape.StyledPanel)
        box.setStyleSheet("QFrame { background: #e8f5e9; }")
        column = QVBoxLayout(box)
        self.receipt_label = QLabel(box)
        self.receipt_label.setTextFormat(Qt.TextFormat.PlainText)
        self.receipt_label.setWordWrap(True)
        self.receipt_label.setStyleSheet("font-size: 13pt;")
        self.print_button = QPushButton(self.tr("Cetak tanda terima"), box)
        self.print_button.clicked.connect(self._print_dialog)
        column.addWidget(self.receipt_label)
        column.addWidget(self.print_button)
        box.hide()
        self.receipt_box = box
        return box

    def _intake_table(self, parent: QWidget) -> QTableWidget:
        table = QTableWidget(0, 4, parent)
        table.setHorizontalHeaderLabels(
            [
                self.tr("No. tanda terima"),
                self.tr("Judul"),
                self.tr("Status"),
                self.tr("No. pelacakan"),
            ]
        )
        table.verticalHeader().hide()
        table.setEditTriggers(QTableWidget.EditTrigger.NoEditTriggers)
        header = table.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(1, QHeaderView.ResizeMode.Stretch)  # the title
        return table

    def _load_reference(self) -> None:
        agency_id = self._ctx.actor.agency_id

        def work(s: Session) -> _Reference:
            data, _ = load_reference(s)
            categories = list((data or {}).get("categories") or [])
            return categories, _office(s, agency_id), region_choices(s)

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

        def work(s: Session) -> tuple[Any, tuple[str, str], dt.datetime]:
            # The hub's time, when this PC's clock is known to be off (measured at each sync).
            received_at = syncstore.corrected_now(s, local)
            office = _office(s, actor.agency_id)
            ref = commands.create_intake(
                s, actor, **_intake_args(value, office[0], received_at, attachments)
            )
            return ref, office, received_at

        self.save_button.setEnabled(False)
        self._ctx.runner.run(
            work,
            on_done=lambda r: self._saved((r[0], r[1]), value, r[2]),
            on_error=self._save_failed,
            owner=self,
        )

    def _saved(
        self, result: tuple[Any, tuple[str, str]], value: IntakeInput, when: dt.datetime
    ) -> None:
        ref, office = result
        self.save_button.setEnabled(True)
        self._receipt = ReceiptData(office[1], ref.receipt_number, when, value.title.strip())
        self.receipt_label.setText(
            self.tr("Pengaduan tersimpan. Nomor tanda terima: ")
            + ref.receipt_number
            + "\n"
            + self.tr("Nomor pelacakan diberikan pusat setelah sinkronisasi berikutnya.")
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
        return self._receipt

    def print_receipt(self, path: Path) -> Path:
        """Render the last receipt to a PDF file (QPdfWriter draws locally; no disk wait)."""
        assert self._receipt is not None
        return render_receipt_pdf(self._receipt, path)

    def _print_dialog(self) -> None:
        if self._receipt is None:
            return
        name = f"tanda-terima-{self._receipt.receipt_number}.pdf"
        path, _ = QFileDialog.getSaveFileName(
            self, self.tr("Simpan tanda terima"), name, self.tr("Dokumen PDF (*.pdf)")
        )
        if path:
            self.print_receipt(Path(path))

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
        for i, row in enumerate(rows):
            values = (
                row.receipt_number,
                row.title,
                _intake_state_label(self, getattr(row, "local_state", "")),
                row.tracking_id or self.tr("menunggu sinkron"),
            )
            for col, text in enumerate(values):
                self.table.setItem(i, col, QTableWidgetItem(str(text)))
        self.listLoaded.emit()


def _intake_state_label(w: QWidget, state: str | None) -> str:
    labels = {
        "pending": w.tr("Menunggu dikirim"),
        "sent": w.tr("Terkirim ke pusat"),
        "conflict": w.tr("Konflik"),
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
