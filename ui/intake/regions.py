"""The desk's region picker: kecamatan, then kelurahan/desa, and the Kemendagri code they make.

Both lists are type-to-search (any part of the name, any case) and keyboard-only: type, pick with
the arrow keys and Enter (or type enough for one match), Tab on. The code field shows the chosen
region's code; a code typed there selects its kecamatan and kelurahan/desa, so a desk used to
typing codes loses nothing. A code outside the office's kabupaten/kota is allowed (a citizen may
complain about another place); inside it, the code must be on the list.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import QObject, Qt
from PySide6.QtWidgets import QComboBox, QCompleter, QLineEdit, QWidget

from domain.errors import ValidationError
from domain.identity import validate_region_code
from localdb.regions import RegionChoices, RegionView
from ui.domain_text import domain_text

ShowError = Callable[[str, str], None]  # (field, message); an empty message hides it


def _search_combo(parent: QWidget) -> QComboBox:
    combo = QComboBox(parent)
    combo.setEditable(True)
    combo.setInsertPolicy(QComboBox.InsertPolicy.NoInsert)
    # Long names must not widen the whole form: the list pops up as wide as it needs.
    combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToMinimumContentsLengthWithIcon)
    combo.setMinimumContentsLength(14)
    completer = QCompleter(combo.model(), combo)
    completer.setCaseSensitivity(Qt.CaseSensitivity.CaseInsensitive)
    completer.setFilterMode(Qt.MatchFlag.MatchContains)
    completer.setCompletionMode(QCompleter.CompletionMode.PopupCompletion)
    combo.setCompleter(completer)
    return combo


def _line(combo: QComboBox) -> QLineEdit:
    edit = combo.lineEdit()
    assert edit is not None  # every combo here is editable
    return edit


def _matching(combo: QComboBox, text: str) -> int:
    """The item named `text` (any case), else the only item containing it; -1 otherwise."""
    wanted = text.strip().casefold()
    names = [combo.itemText(i).casefold() for i in range(combo.count())]
    if wanted in names:
        return names.index(wanted)
    hits = [i for i, name in enumerate(names) if wanted in name]
    return hits[0] if len(hits) == 1 else -1


class RegionPicker(QObject):
    """Owns the three widgets (placed by the form); `code()` is what the desk chose or typed."""

    def __init__(self, parent: QWidget, show_error: ShowError) -> None:
        super().__init__(parent)
        self._show_error = show_error
        self._choices: RegionChoices | None = None
        self._quiet = False  # set while the code field drives the lists
        self.district = _search_combo(parent)
        self.village = _search_combo(parent)
        self.code_edit = QLineEdit(parent)
        self.code_edit.setPlaceholderText(self.tr("contoh 13.06.01.2001"))
        self.code_edit.setMaxLength(16)
        _line(self.district).setPlaceholderText(self.tr("ketik nama kecamatan"))
        self.district.currentIndexChanged.connect(self._district_chosen)
        self.village.currentIndexChanged.connect(self._village_chosen)
        _line(self.district).editingFinished.connect(
            lambda: self._resolve(self.district, "region_district")
        )
        _line(self.village).editingFinished.connect(
            lambda: self._resolve(self.village, "region_village")
        )
        self.code_edit.textEdited.connect(self._code_typed)
        self.code_edit.editingFinished.connect(self.check)
        self.set_choices(None)

    # --- the lists ----------------------------------------------------------------------------

    def set_choices(self, choices: RegionChoices | None) -> None:
        """The office's regions (None: not received yet); the code already chosen stays."""
        self._choices = choices
        code = self.code()
        self._quiet = True
        try:
            _fill(self.district, choices.districts if choices else ())
            _fill(self.village, ())
        finally:
            self._quiet = False
        for combo in (self.district, self.village):
            combo.setEnabled(choices is not None)
        tip = (
            self.tr("Kecamatan dan desa/kelurahan %1").replace("%1", choices.regency_name)
            if choices
            else self.tr("Daftar wilayah belum diterima dari pusat; ketik kodenya.")
        )
        for combo in (self.district, self.village):
            combo.setToolTip(tip)
        self._select_code(code)

    def _district_chosen(self, index: int) -> None:
        if self._quiet:
            return
        self._fill_villages(self.district.itemData(index) if index >= 0 else None)
        self._set_code(self.district.itemData(index) if index >= 0 else "")

    def _village_chosen(self, index: int) -> None:
        if self._quiet:
            return
        district = self.district.currentData() if self.district.currentIndex() >= 0 else ""
        self._set_code(self.village.itemData(index) if index >= 0 else district or "")

    def _fill_villages(self, district: str | None) -> None:
        villages = self._choices.villages.get(district, ()) if self._choices and district else ()
        self._quiet = True
        try:
            _fill(self.village, villages)
        finally:
            self._quiet = False
        self._village_hint()

    def _village_hint(self) -> None:
        hint = (
            self.tr("ketik nama desa/kelurahan")
            if self.village.count()
            else self.tr("pilih kecamatan dulu")
        )
        _line(self.village).setPlaceholderText(hint)

    def _resolve(self, combo: QComboBox, field: str) -> None:
        """Typed text that names one item (or is the only one containing it) selects it."""
        text = combo.currentText().strip()
        current = combo.itemText(combo.currentIndex()) if combo.currentIndex() >= 0 else ""
        self._show_error(field, "")
        if text == current:
            return
        index = _matching(combo, text) if text else -1
        combo.setCurrentIndex(index)
        if index < 0 and text:
            combo.setEditText(text)  # left as typed, so the desk sees what did not match
            self._show_error(field, self.tr("“%1” tidak ada dalam daftar.").replace("%1", text))

    # --- the code -----------------------------------------------------------------------------

    def code(self) -> str:
        return self.code_edit.text().strip()

    def _set_code(self, code: str) -> None:
        self.code_edit.setText(code)
        self._show_error("region", "")

    def _code_typed(self, text: str) -> None:
        try:
            code = validate_region_code(text)
        except ValidationError:
            return  # still being typed; `check` says what is wrong when the desk moves on
        self._select_code(code)

    def _select_code(self, code: str) -> None:
        """Show the lists at the region of `code` (cleared when it is not on them)."""
        choices = self._choices
        found = choices.find(code) if choices and code else None
        district = code if found and code.count(".") == 2 else code.rpartition(".")[0]
        self._quiet = True
        try:
            self.district.setCurrentIndex(self.district.findData(district) if found else -1)
            _fill(self.village, choices.villages.get(district, ()) if choices and found else ())
            self.village.setCurrentIndex(self.village.findData(code) if found else -1)
        finally:
            self._quiet = False
        self._village_hint()

    def check(self) -> bool:
        """Say beside the field what is wrong with a typed code; True when it may be saved."""
        text = self.code()
        if not text:
            self._show_error("region", "")
            return True
        try:
            code = validate_region_code(text)
            if self._choices is not None:
                self._choices.check(code)
        except ValidationError as err:
            self._show_error("region", domain_text(err))
            return False
        self._show_error("region", "")
        return True

    def clear(self) -> None:
        self.code_edit.clear()
        self._select_code("")


def _fill(combo: QComboBox, regions: Sequence[RegionView]) -> None:
    combo.clear()
    for r in regions:
        combo.addItem(r.name, r.code)
        combo.setItemData(combo.count() - 1, r.code, Qt.ItemDataRole.ToolTipRole)
    combo.setCurrentIndex(-1)
