"""A sentence shown inside an empty list, telling the officer why it is empty and what to do."""

from __future__ import annotations

from PySide6.QtCore import QEvent, QObject, Qt
from PySide6.QtWidgets import QAbstractItemView, QLabel


class EmptyState(QLabel):
    """Covers the view's viewport while `show_if_empty` says the view has no rows.

    The text is ours (never from outside), shown as plain text, centred and wrapped.
    """

    def __init__(self, view: QAbstractItemView, text: str = "") -> None:
        viewport = view.viewport()
        super().__init__(text, viewport)
        self.setObjectName("emptyState")
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.setWordWrap(True)
        self.setAlignment(Qt.AlignmentFlag.AlignCenter)
        self.setStyleSheet("QLabel#emptyState { color: #616161; padding: 4px 24px; }")
        self.setAttribute(Qt.WidgetAttribute.WA_TransparentForMouseEvents)
        viewport.installEventFilter(self)
        self.setGeometry(viewport.rect())
        self.hide()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        parent = self.parentWidget()
        if event.type() == QEvent.Type.Resize and parent is not None and watched is parent:
            self.setGeometry(parent.rect())
        return False

    def show_if_empty(self, empty: bool, text: str | None = None) -> None:
        if text is not None:
            self.setText(text)
        self.setVisible(empty)
