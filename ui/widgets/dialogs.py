"""The two buttons every small dialog of the app ends with, in the interface's language: the
dialog's own action (the default, for Enter) and "Batal". Qt's standard buttons would say OK and
Cancel in English whatever the language."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import QCoreApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox


def action_buttons(dialog: QDialog, action: str, on_accept: Callable[[], None]) -> QDialogButtonBox:
    buttons = QDialogButtonBox(dialog)
    ok = buttons.addButton(action, QDialogButtonBox.ButtonRole.AcceptRole)
    cancel = QCoreApplication.translate("DialogButtons", "Batal")
    buttons.addButton(cancel, QDialogButtonBox.ButtonRole.RejectRole)
    ok.setDefault(True)
    buttons.accepted.connect(on_accept)
    buttons.rejected.connect(dialog.reject)
    return buttons
