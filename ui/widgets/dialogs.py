"""The two buttons every small dialog of the app ends with, in the interface's language: the
dialog's own action (the default, for Enter) and "Batal". Qt's standard buttons would say OK and
Cancel in English whatever the language."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from PySide6.QtCore import QCoreApplication, QStandardPaths
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QFileDialog, QWidget


def action_buttons(dialog: QDialog, action: str, on_accept: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(dialog)
    ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = QCoreApplication.translate("DialogButtons", "Batal")
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    ok.setDefault(True)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons


def save_file_dialog(parent: QWidget, title: str, name: str, file_type: str) -> QFileDialog:
    """A "save as" dialog that speaks the interface's language on every system (Qt's own
    dialog would say Save and Cancel in English), starting in the user's Documents folder.
    Show it with `open()` and read `fileSelected`; nothing is written by the dialog itself."""
    translate = QCoreApplication.translate
    folder = QStandardPaths.writableLocation(QStandardPaths.StandardLocation.DocumentsLocation)
    dialog = QFileDialog(parent, title, str(Path(folder or Path.home()) / name), file_type)
    dialog.setAcceptMode(QFileDialog.AcceptMode.AcceptSave)
    dialog.setFileMode(QFileDialog.FileMode.AnyFile)
    suffix = Path(name).suffix.lstrip(".")
    if suffix:
        dialog.setDefaultSuffix(suffix)
    labels = (
        (QFileDialog.DialogLabel.Accept, translate("DialogButtons", "Simpan")),
        (QFileDialog.DialogLabel.Reject, translate("DialogButtons", "Batal")),
        (QFileDialog.DialogLabel.FileName, translate("DialogButtons", "Nama berkas:")),
        (QFileDialog.DialogLabel.FileType, translate("DialogButtons", "Jenis berkas:")),
        (QFileDialog.DialogLabel.LookIn, translate("DialogButtons", "Lokasi:")),
    )
    for which, text in labels:
        dialog.setLabelText(which, text)
    return dialog
