"""The left sidebar's look: padded rows, a highlighted current row, a count pill on the right.

Both lists of the sidebar (the report boxes and the other pages) use it, so they read as one
column. The row text is ours; the count is a number under `COUNT_ROLE`, its colour a level
under `LEVEL_ROLE` ("urgent" red, "attention" amber, "news" green, anything else grey).
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFont, QFontMetrics, QPainter
from PySide6.QtWidgets import (
    QFrame,
    QLabel,
    QListWidget,
    QStyle,
    QStyledItemDelegate,
    QStyleOptionViewItem,
    QWidget,
)

COUNT_ROLE = Qt.ItemDataRole.UserRole + 2
LEVEL_ROLE = Qt.ItemDataRole.UserRole + 3

SIDEBAR_BACKGROUND = "#f3f4f6"
_SELECTED = QColor("#dce8f8")
_ACCENT = QColor("#1565c0")
_HOVER = QColor("#e6e8eb")
_TEXT = QColor("#212121")
# Count pills (background, text); each pair reaches WCAG AA (tests/ui/test_contrast.py).
PILL_COLOURS = {
    "urgent": ("#c62828", "#ffffff"),
    "attention": ("#ef6c00", "#212121"),
    "news": ("#2e7d32", "#ffffff"),  # the green of the inbox's "Baru" mark
    "normal": ("#d5d9de", "#212121"),
}
_PILLS = {k: (QColor(bg), QColor(fg)) for k, (bg, fg) in PILL_COLOURS.items()}
_ROW_PADDING_X = 8
_ROW_PADDING_Y = 7
_MARGIN_X = 4


class SidebarDelegate(QStyledItemDelegate):
    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        row = opt.rect.adjusted(_MARGIN_X, 1, -_MARGIN_X, -1)
        selected = bool(opt.state & QStyle.StateFlag.State_Selected)
        painter.save()
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        painter.setPen(Qt.PenStyle.NoPen)
        if selected:
            painter.setBrush(_SELECTED)
            painter.drawRoundedRect(row, 5, 5)
            painter.setBrush(_ACCENT)
            painter.drawRoundedRect(QRect(row.left(), row.top() + 4, 3, row.height() - 8), 1, 1)
        elif opt.state & QStyle.StateFlag.State_MouseOver:
            painter.setBrush(_HOVER)
            painter.drawRoundedRect(row, 5, 5)
        font = QFont(opt.font)  # the same weight when chosen: the row's width never changes
        painter.setFont(font)
        text_rect = row.adjusted(_ROW_PADDING_X, 0, -_ROW_PADDING_X, 0)
        count = index.data(COUNT_ROLE)
        if isinstance(count, int) and count > 0:
            pill = self._paint_pill(painter, text_rect, count, index.data(LEVEL_ROLE))
            text_rect.setRight(pill.left() - 6)
        painter.setPen(_ACCENT if selected else _TEXT)
        metrics = QFontMetrics(font)
        text = metrics.elidedText(opt.text, Qt.TextElideMode.ElideRight, text_rect.width())
        painter.drawText(
            text_rect, Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft, text
        )
        painter.restore()

    def _paint_pill(self, painter: QPainter, area: QRect, count: int, level: object) -> QRect:
        small = QFont(painter.font())
        small.setBold(True)
        small.setPointSizeF(max(small.pointSizeF() - 1, 7))
        metrics = QFontMetrics(small)
        text = str(count)
        height = metrics.height() + 2
        width = max(height, metrics.horizontalAdvance(text) + 12)
        pill = QRect(area.right() - width + 1, area.center().y() - height // 2, width, height)
        bg, fg = _PILLS.get(str(level), _PILLS["normal"])
        painter.save()
        painter.setFont(small)
        painter.setBrush(bg)
        painter.drawRoundedRect(pill, height / 2, height / 2)
        painter.setPen(fg)
        painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, text)
        painter.restore()
        return pill

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        metrics = QFontMetrics(option.font)
        hint.setHeight(metrics.height() + 2 * _ROW_PADDING_Y)
        return hint


def row_width(metrics: QFontMetrics, text: str) -> int:
    """Width a sidebar row needs to show `text` whole beside a count pill of two digits."""
    pill = metrics.horizontalAdvance("99") + 12 + 6
    return metrics.horizontalAdvance(text) + pill + 2 * (_ROW_PADDING_X + _MARGIN_X)


def needed_width(lists: list[QListWidget]) -> int:
    """The sidebar width that shows every row of these lists whole."""
    widths = [
        row_width(lst.fontMetrics(), lst.item(row).text())
        for lst in lists
        for row in range(lst.count())
    ]
    return max(widths, default=0)


def style_sidebar_list(lst: QListWidget) -> None:
    """Frameless, sidebar-coloured, hover-aware rows painted by `SidebarDelegate`."""
    lst.setItemDelegate(SidebarDelegate(lst))
    lst.setFrameShape(QFrame.Shape.NoFrame)
    lst.setMouseTracking(True)  # hover highlight
    lst.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
    lst.setStyleSheet(f"QListWidget {{ background: {SIDEBAR_BACKGROUND}; outline: 0; }}")


def sidebar_heading(text: str, parent: QWidget | None = None) -> QLabel:
    """A small grey heading above a group of sidebar rows (text is ours)."""
    label = QLabel(text, parent)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(
        "QLabel { color: #5f6368; font-weight: bold; font-size: 8pt;"
        f" padding: 10px 16px 4px 16px; background: {SIDEBAR_BACKGROUND}; }}"
    )
    return label
