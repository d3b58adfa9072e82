"""The settings dialog. It edits a settings value and checks it with the validator it is given,
so it knows nothing of where settings are stored."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable, Sequence
from typing import Any

from PySide6.QtCore import Slot
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFileDialog,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QPushButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

# validate(settings) -> problems, each with `.field` and `.message`.
Validate = Callable[[Any], Sequence[Any]]


class SettingsDialog(QDialog):
    def __init__(self, settings: Any, validate: Validate, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle(self.tr("Pengaturan"))
        self._original = settings
        self._validate = validate
        self._errors: dict[str, QLabel] = {}
        self._build()
        self._load(settings)

    def _build(self) -> None:
        self.server_url = QLineEdit()
        self.server_url.setPlaceholderText("https://lapor.kabupaten.go.id")
        self.ca_bundle = QLineEdit()
        self.ca_bundle.setPlaceholderText(
            self.tr(
                "kosong = sertifikat yang dipercaya sistem operasi (termasuk sertifikat kantor)"
            )
        )
        browse = QPushButton(self.tr("Pilih…"))
        browse.clicked.connect(self._browse_ca)
        ca_row = QHBoxLayout()
        ca_row.addWidget(self.ca_bundle, 1)
        ca_row.addWidget(browse)
        self.proxy = QLineEdit()
        self.proxy.setPlaceholderText(self.tr("contoh http://proxy:3128; bila diisi, dipakai"))
        self.system_proxy = QCheckBox(
            self.tr("Gunakan proksi sistem operasi bila kolom di atas kosong")
        )
        self.interval = QSpinBox()
        self.interval.setRange(1, 1440)
        self.interval.setSuffix(self.tr(" menit"))
        self.language = QComboBox()
        self.language.addItem("Bahasa Indonesia", "id")
        self.language.addItem("English", "en")
        self.cuti = QComboBox()
        self.cuti.addItem(self.tr("Ikuti pengaturan server"), None)
        self.cuti.addItem(self.tr("Ya, cuti bersama adalah hari libur"), True)
        self.cuti.addItem(self.tr("Tidak, cuti bersama dihitung hari kerja"), False)
        self.letterhead = QPlainTextEdit()
        self.letterhead.setTabChangesFocus(True)
        self.letterhead.setPlaceholderText(
            self.tr("PEMERINTAH KABUPATEN …\nDINAS …\nJalan …, telepon …")
        )
        self.letterhead.setToolTip(
            self.tr("Dicetak di atas surat tindak lanjut dan tanda terima loket, baris demi baris")
        )
        self.letterhead.setFixedHeight(self.letterhead.fontMetrics().lineSpacing() * 4 + 12)
        self.number_format = QLineEdit()
        self.number_format.setToolTip(
            self.tr(
                "Kolom: {tracking} nomor pelacakan, {year} tahun, {month} bulan, {roman_month} bulan Romawi"
            )
        )
        self.font_size = QSpinBox()
        self.font_size.setRange(0, 24)
        self.font_size.setSpecialValueText(self.tr("Bawaan sistem"))
        self.font_size.setSuffix(self.tr(" poin"))
        form = QFormLayout()
        self._row(form, "server_url", self.tr("Alamat server:"), self.server_url)
        self._row(form, "ca_bundle", self.tr("Sertifikat CA (PEM):"), ca_row)
        self._row(form, "proxy", self.tr("Proksi:"), self.proxy)
        form.addRow("", self.system_proxy)
        self._row(form, "sync_interval_minutes", self.tr("Sinkron otomatis setiap:"), self.interval)
        self._row(form, "language", self.tr("Bahasa:"), self.language)
        self._row(form, "font_size", self.tr("Ukuran huruf:"), self.font_size)
        note = QLabel(
            self.tr("Pengaturan berlaku begitu disimpan; bahasa baru dipakai setelah masuk ulang.")
        )
        note.setStyleSheet("color: #616161;")
        note.setWordWrap(True)  # whole at 125 % and in English too
        form.addRow("", note)
        self._row(form, "cuti_bersama_is_holiday", self.tr("Cuti bersama:"), self.cuti)
        self._row(form, "letterhead", self.tr("Kop surat:"), self.letterhead)
        self._row(form, "letter_number_format", self.tr("Format nomor surat:"), self.number_format)
        self.general_error = QLabel()
        self.general_error.setStyleSheet("color: #b71c1c;")
        self.general_error.setWordWrap(True)
        self.general_error.hide()
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        buttons.button(QDialogButtonBox.StandardButton.Save).setText(self.tr("Simpan"))
        buttons.button(QDialogButtonBox.StandardButton.Cancel).setText(self.tr("Batal"))
        buttons.accepted.connect(self.try_accept)
        buttons.rejected.connect(self.reject)
        layout = QVBoxLayout(self)
        layout.addLayout(form)
        layout.addWidget(self.general_error)
        layout.addWidget(buttons)
        self.setMinimumWidth(560)

    def _row(self, form: QFormLayout, field: str, label: str, editor: Any) -> None:
        form.addRow(label, editor)
        error = QLabel()
        error.setObjectName(f"error_{field}")
        error.setStyleSheet("color: #b71c1c;")
        error.setWordWrap(True)
        error.hide()
        form.addRow("", error)
        self._errors[field] = error

    def _load(self, s: Any) -> None:
        self.server_url.setText(s.server_url)
        self.ca_bundle.setText(s.ca_bundle)
        self.proxy.setText(s.proxy)
        self.system_proxy.setChecked(bool(s.use_system_proxy))
        self.interval.setValue(s.sync_interval_minutes)
        self.language.setCurrentIndex(max(0, self.language.findData(s.language)))
        self.cuti.setCurrentIndex({None: 0, True: 1, False: 2}.get(s.cuti_bersama_is_holiday, 0))
        self.letterhead.setPlainText(s.letterhead)
        self.font_size.setValue(s.font_size)
        self.number_format.setText(s.letter_number_format)

    def value(self) -> Any:
        """The edited settings (not validated: see `try_accept`)."""
        return dataclasses.replace(
            self._original,
            server_url=self.server_url.text().strip(),
            ca_bundle=self.ca_bundle.text().strip(),
            proxy=self.proxy.text().strip(),
            use_system_proxy=self.system_proxy.isChecked(),
            sync_interval_minutes=self.interval.value(),
            language=self.language.currentData(),
            cuti_bersama_is_holiday=self.cuti.currentData(),
            letterhead=self.letterhead.toPlainText().strip(),
            letter_number_format=self.number_format.text().strip(),
            font_size=self.font_size.value(),
        )

    def language_changed(self) -> bool:
        return bool(self.value().language != self._original.language)

    def show_problems(self, problems: Sequence[Any]) -> None:
        for label in self._errors.values():
            label.hide()
        other: list[str] = []
        for problem in problems:
            shown = self._errors.get(problem.field)
            if shown is None:
                other.append(problem.message)
                continue
            shown.setText(problem.message)
            shown.show()
        self.general_error.setText("\n".join(other))
        self.general_error.setVisible(bool(other))

    @Slot()
    def try_accept(self) -> None:
        problems = list(self._validate(self.value()))
        self.show_problems(problems)
        if not problems:
            self.accept()

    @Slot()
    def _browse_ca(self) -> None:
        path, _ = QFileDialog.getOpenFileName(
            self, self.tr("Pilih sertifikat CA"), "", self.tr("Sertifikat (*.pem *.crt);;Semua (*)")
        )
        if path:
            self.ca_bundle.setText(path)

    def error_text(self, field: str) -> str:
        label = self._errors.get(field)
        return label.text() if label is not None and not label.isHidden() else ""
