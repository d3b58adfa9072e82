"""A page's last failure, in words, where the user is looking: an action that did not happen
(an approval refused as out of date, an attachment that cannot be fetched offline, a letter that
cannot be saved) must never fail without a word."""

from __future__ import annotations

from PySide6.QtCore import Qt, Slot
from PySide6.QtWidgets import QLabel, QWidget


class MessageLine(QLabel):
    """Plain text, red, wrapped to the page's width; hidden while there is nothing to say."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("pageMessage")
        self.setTextFormat(Qt.TextFormat.PlainText)  # messages may quote the server: never HTML
        self.setWordWrap(True)
        self.setStyleSheet(
            "QLabel#pageMessage { color: #b71c1c; background: #ffebee; padding: 6px; }"
        )
        self.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.hide()

    @Slot(str)
    def show_message(self, text: str) -> None:
        self.setText(text)
        self.setVisible(bool(text))

    @Slot()
    def clear_message(self) -> None:
        self.show_message("")
