"""A vertical timeline: one dot and a line per entry, newest at the bottom."""

from __future__ import annotations

from dataclasses import dataclass

from PySide6.QtCore import QPoint, Qt
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QPen
from PySide6.QtWidgets import QHBoxLayout, QLabel, QVBoxLayout, QWidget

_DOT = 10
_GUTTER = 22


@dataclass(frozen=True)
class TimelineEntry:
    when: str
    headline: str
    detail: str = ""  # text from outside (a note): shown as plain text


class _Rail(QWidget):
    """The gutter with the dot for one entry and the line down to the next."""

    def __init__(self, first: bool, last: bool, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._first, self._last = first, last
        self.setFixedWidth(_GUTTER)

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        x = _GUTTER // 2
        dot_y = 4 + _DOT // 2 + 2
        painter.setPen(QPen(QColor("#9e9e9e"), 2))
        if not self._first:
            painter.drawLine(QPoint(x, 0), QPoint(x, dot_y))
        if not self._last:
            painter.drawLine(QPoint(x, dot_y), QPoint(x, self.height()))
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(QColor("#1565c0"))
        painter.drawEllipse(QPoint(x, dot_y), _DOT // 2, _DOT // 2)
        painter.end()


def _plain(text: str, parent: QWidget, style: str = "") -> QLabel:
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setWordWrap(True)
    label.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
    if style:
        label.setStyleSheet(style)
    return label


class Timeline(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._layout = QVBoxLayout(self)
        self._layout.setContentsMargins(0, 0, 0, 0)
        self._layout.setSpacing(0)
        self._entries: list[TimelineEntry] = []

    def entries(self) -> list[TimelineEntry]:
        return list(self._entries)

    def set_entries(self, entries: list[TimelineEntry]) -> None:
        while (item := self._layout.takeAt(0)) is not None:
            if (old := item.widget()) is not None:
                old.deleteLater()
        self._entries = list(entries)
        for i, entry in enumerate(entries):
            self._layout.addWidget(self._row(entry, i == 0, i == len(entries) - 1))

    def _row(self, entry: TimelineEntry, first: bool, last: bool) -> QWidget:
        row = QWidget(self)
        h = QHBoxLayout(row)
        h.setContentsMargins(0, 0, 0, 0)
        h.addWidget(_Rail(first, last, row), 0)
        text = QWidget(row)
        v = QVBoxLayout(text)
        v.setContentsMargins(4, 2, 0, 8)
        v.setSpacing(1)
        v.addWidget(_plain(entry.headline, text, "font-weight: bold;"))
        v.addWidget(_plain(entry.when, text, "color: #616161;"))
        if entry.detail:
            v.addWidget(_plain(entry.detail, text))
        h.addWidget(text, 1)
        return row
