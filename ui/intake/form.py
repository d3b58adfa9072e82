"""The walk-in complaint form; each field has its own error line under it."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QDate, Qt
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDateEdit,
    QFormLayout,
    QGroupBox,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from domain.states import CLASSIFICATION_LABELS
from localdb.regions import RegionChoices
from ui.intake.regions import RegionPicker


@dataclass(frozen=True)
class IntakeInput:
    """What the desk typed, as `create_intake` takes it (reporter fields still raw)."""

    title: str
    content: str
    classification: str | None
    category_id: str | None
    is_anonymous: bool
    is_secret: bool
    name: str
    nik: str
    phone: str
    email: str
    reporter_address: str
    region_code: str
    address: str
    incident_date: dt.date | None


def _error_label(parent: QWidget) -> QLabel:
    label = QLabel(parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet("color: #b71c1c;")
    label.setWordWrap(True)
    label.hide()
    return label


class IntakeForm(QWidget):
    """Fields of a walk-in complaint; `show_error(field, message)` puts it next to the field."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.errors: dict[str, QLabel] = {}
        self.fields: dict[str, QWidget] = {}
        self.general_error = _error_label(self)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(self._reporter_box())
        layout.addWidget(self._report_box())
        layout.addWidget(self.general_error)

    # --- building -----------------------------------------------------------------------------

    def _add(self, form: QFormLayout, name: str, label: str, widget: QWidget) -> None:
        holder = QWidget(self)
        column = QVBoxLayout(holder)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(1)
        column.addWidget(widget)
        error = _error_label(holder)
        column.addWidget(error)
        self.errors[name] = error
        self.fields[name] = widget
        widget.setObjectName(f"intake_{name}")
        form.addRow(label, holder)

    def _reporter_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Identitas pelapor"), self)
        form = QFormLayout(box)
        self.anonymous = QCheckBox(self.tr("Pelapor minta identitasnya dirahasiakan (anonim)"), box)
        self.secret = QCheckBox(self.tr("Laporan rahasia (tidak dipublikasikan)"), box)
        form.addRow(self.anonymous)
        form.addRow(self.secret)
        self.name = QLineEdit(box)
        self.nik = QLineEdit(box)
        self.nik.setPlaceholderText(self.tr("16 digit"))
        self.nik.setMaxLength(20)
        self.phone = QLineEdit(box)
        self.phone.setPlaceholderText("08xx-xxxx-xxxx")
        self.email = QLineEdit(box)
        self.reporter_address = QLineEdit(box)
        self._add(form, "name", self.tr("Nama"), self.name)
        self._add(form, "nik", self.tr("NIK"), self.nik)
        self._add(form, "phone", self.tr("Telepon"), self.phone)
        self._add(form, "email", self.tr("Email"), self.email)
        self._add(form, "reporter_address", self.tr("Alamat pelapor"), self.reporter_address)
        self.anonymous.toggled.connect(self._anonymous_changed)
        return box

    def _report_box(self) -> QGroupBox:
        box = QGroupBox(self.tr("Isi pengaduan"), self)
        form = QFormLayout(box)
        self.title = QLineEdit(box)
        self.content = QPlainTextEdit(box)
        self.content.setTabChangesFocus(True)  # Tab moves on, as in every other field
        self.content.setMinimumHeight(100)
        self.classification = QComboBox(box)
        self.classification.addItem(self.tr("— pilih —"), None)
        for code, label in CLASSIFICATION_LABELS.items():
            self.classification.addItem(self.tr(label), str(code))
        self.category = QComboBox(box)
        self.category.addItem(self.tr("— tanpa kategori —"), None)
        self.regions = RegionPicker(box, self._note)
        self.region = self.regions.code_edit
        self.address = QLineEdit(box)
        self.has_incident_date = QCheckBox(self.tr("Tanggal kejadian diketahui"), box)
        self.incident_date = QDateEdit(box)
        self.incident_date.setCalendarPopup(True)
        self.incident_date.setDisplayFormat("dd-MM-yyyy")
        self.incident_date.setDate(QDate.currentDate())
        self.incident_date.setEnabled(False)
        self.has_incident_date.toggled.connect(self.incident_date.setEnabled)
        self._add(form, "title", self.tr("Judul"), self.title)
        self._add(form, "content", self.tr("Isi laporan"), self.content)
        self._add(form, "classification", self.tr("Klasifikasi"), self.classification)
        self._add(form, "category_id", self.tr("Kategori"), self.category)
        self._add(form, "region_district", self.tr("Kecamatan"), self.regions.district)
        self._add(form, "region_village", self.tr("Desa/kelurahan"), self.regions.village)
        self._add(form, "region", self.tr("Kode wilayah"), self.region)
        self._add(form, "address", self.tr("Alamat lokasi"), self.address)
        form.addRow(self.has_incident_date)
        self._add(form, "incident_date", self.tr("Tanggal kejadian"), self.incident_date)
        return box

    def set_categories(self, categories: list[dict[str, Any]]) -> None:
        """Categories from the cached reference data, children indented under parents; called
        again when new reference data arrives (the choice is kept)."""
        chosen = self.category.currentData()
        while self.category.count() > 1:
            self.category.removeItem(self.category.count() - 1)
        by_parent: dict[str | None, list[dict[str, Any]]] = {}
        for c in categories:
            by_parent.setdefault(c.get("parent_id"), []).append(c)

        def add(parent: str | None, depth: int) -> None:
            for c in sorted(by_parent.get(parent, []), key=lambda c: str(c.get("name"))):
                self.category.addItem("    " * depth + str(c.get("name")), c.get("id"))
                add(c.get("id"), depth + 1)

        add(None, 0)
        if chosen is not None and (index := self.category.findData(chosen)) >= 0:
            self.category.setCurrentIndex(index)

    def set_regions(self, choices: RegionChoices | None) -> None:
        """The office's kecamatan and kelurahan/desa (None: not received yet)."""
        self.regions.set_choices(choices)

    def _anonymous_changed(self, anonymous: bool) -> None:
        # The identity is still recorded for the office's own follow-up contact; the flag
        # decides who may see it. Say so, so the desk does not skip the fields by mistake.
        tip = self.tr("Identitas tetap dicatat, tetapi tidak ditampilkan kepada petugas.")
        for w in (self.name, self.nik, self.phone, self.email, self.reporter_address):
            w.setToolTip(tip if anonymous else "")

    # --- values and errors --------------------------------------------------------------------

    def value(self) -> IntakeInput:
        return IntakeInput(
            title=self.title.text(),
            content=self.content.toPlainText(),
            classification=self.classification.currentData(),
            category_id=self.category.currentData(),
            is_anonymous=self.anonymous.isChecked(),
            is_secret=self.secret.isChecked(),
            name=self.name.text(),
            nik=self.nik.text(),
            phone=self.phone.text(),
            email=self.email.text(),
            reporter_address=self.reporter_address.text(),
            region_code=self.regions.code(),
            address=self.address.text(),
            incident_date=_day(self.incident_date.date())
            if self.has_incident_date.isChecked()
            else None,
        )

    def clear_errors(self) -> None:
        for label in [*self.errors.values(), self.general_error]:
            label.clear()
            label.hide()

    def show_error(self, field: str | None, message: str) -> None:
        """Put the message under its field (and focus it), or below the form when unknown."""
        label = self.errors.get(field or "") or self.general_error
        label.setText(message)
        label.show()
        widget = self.fields.get(field or "")
        if widget is not None:
            widget.setFocus()

    def _note(self, field: str, message: str) -> None:
        """Show (or, with no message, hide) a field's error without moving the focus: the
        picker checks as the desk moves on, and must not pull them back."""
        label = self.errors[field]
        label.setText(message)
        label.setVisible(bool(message))

    def error_text(self, field: str) -> str:
        label = self.errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""

    def reset(self) -> None:
        for w in (
            self.name,
            self.nik,
            self.phone,
            self.email,
            self.reporter_address,
            self.title,
            self.address,
        ):
            w.clear()
        self.regions.clear()
        self.content.clear()
        self.anonymous.setChecked(False)
        self.secret.setChecked(False)
        self.has_incident_date.setChecked(False)
        self.classification.setCurrentIndex(0)
        self.category.setCurrentIndex(0)
        self.clear_errors()


def _day(value: QDate) -> dt.date:
    return dt.date(value.year(), value.month(), value.day())
