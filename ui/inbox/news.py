"""The "Baru" / "Diperbarui" mark in the inbox's title column, until the user opens the report.

The row is bold as well (see the model); the pill says why, in words, so colour is never the
only sign.
"""

from __future__ import annotations

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize
from PySide6.QtGui import QFontMetrics, QPainter
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from ui.widgets.deadline import Badge, paint_badge

# Background / text per mark; both reach WCAG AA (tests/ui/test_contrast.py).
NEWS_COLOURS: dict[str, tuple[str, str]] = {
    "new": ("#2e7d32", "#ffffff"),
    "updated": ("#1565c0", "#ffffff"),
}
_GAP = 6  # between the pill and the title


def news_label(kind: str | None) -> str:
    if kind == "new":
        return QCoreApplication.translate("InboxModel", "Baru")
    if kind == "updated":
        return QCoreApplication.translate("InboxModel", "Diperbarui")
    return ""


def _pill_width(metrics: QFontMetrics, text: str) -> int:
    return metrics.horizontalAdvance(text) + 14 + 4


class NewsTitleDelegate(QStyledItemDelegate):
    """Paints the mark found under `news_role` as a pill before the cell's text. The title
    wraps onto a second line (the row is tall enough, `title_row_height`) before it is cut:
    at 125 % beside the report pane the column is narrow, and two lines say what a report is
    about where one line gave two words."""

    def __init__(self, news_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = news_role

    def initStyleOption(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> None:
        super().initStyleOption(option, index)
        option.features |= QStyleOptionViewItem.ViewItemFeature.WrapText

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        kind = index.data(self._role)
        text = news_label(kind if isinstance(kind, str) else None)
        if not text:
            super().paint(painter, option, index)
            return
        opt = QStyleOptionViewItem(option)
        self.initStyleOption(opt, index)
        metrics = QFontMetrics(opt.font)
        width = _pill_width(metrics, text)
        pill = QRect(opt.rect.left() + 2, opt.rect.top(), width, opt.rect.height())
        # The row's background and title, shifted right of the pill.
        opt.rect = opt.rect.adjusted(width + _GAP, 0, 0, 0)
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            back = QStyleOptionViewItem(option)
            self.initStyleOption(back, index)
            back.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, back, painter, option.widget)
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        painter.save()
        painter.setFont(opt.font)
        bg, fg = NEWS_COLOURS[str(kind)]
        paint_badge(painter, pill, Badge(str(kind), text), colours=(bg, fg))
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        kind = index.data(self._role)
        text = news_label(kind if isinstance(kind, str) else None)
        if text:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            hint.setWidth(hint.width() + _pill_width(QFontMetrics(opt.font), text) + _GAP)
        return hint


def title_row_height(metrics: QFontMetrics, current: int) -> int:
    """A row tall enough for two lines of title (bold, when unread) and the cell's margins."""
    return max(current, 2 * metrics.lineSpacing() + 10)
