"""The deadline badge: how many working days are left, coloured by urgency.

The working-day arithmetic lives in `domain.deadlines`; this module only turns its answer into
words and colours, in one place so the inbox, the report pane and the approval queue agree.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Any

from PySide6.QtCore import QCoreApplication, QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QColor, QFontMetrics, QPainter
from PySide6.QtWidgets import QLabel, QStyle, QStyledItemDelegate, QStyleOptionViewItem, QWidget

from domain.deadlines import DeadlineStatus, deadline_status

# Background / text colours per level; amber text on amber is unreadable, so dark text there.
COLOURS: dict[str, tuple[str, str]] = {
    "overdue": ("#c62828", "#ffffff"),
    "due_soon": ("#f9a825", "#212121"),
    "ok": ("#e0e0e0", "#212121"),
    "none": ("#00000000", "#616161"),
}


@dataclass(frozen=True)
class Badge:
    level: str  # "overdue" | "due_soon" | "ok" | "none"
    text: str
    working_days_left: int | None = None


def _tr(text: str, n: int = -1) -> str:
    return QCoreApplication.translate("DeadlineBadge", text, None, n)


def deadline_badge(
    due: dt.date | None, today: dt.date, calendar: Any, *, answered: bool = False
) -> Badge:
    """Badge for the running deadline (`running_deadline`): overdue red, due within one working
    day amber, else grey; "answered" once a published follow-up has met it."""
    if answered:
        return Badge("none", _tr("Sudah dijawab"))
    info = deadline_status(due, today, calendar)
    left = info.working_days_left
    if info.status is DeadlineStatus.NONE or left is None:
        return Badge("none", _tr("Tanpa tenggat"))
    if info.status is DeadlineStatus.OVERDUE:
        # Past a Friday deadline on the weekend no working day has gone by yet, but it is late.
        text = _tr("Lewat %n hari kerja", -left) if left < 0 else _tr("Lewat tenggat")
        return Badge("overdue", text, left)
    if left <= 0:
        return Badge("due_soon", _tr("Hari ini"), left)
    if info.status is DeadlineStatus.DUE_SOON:
        return Badge("due_soon", _tr("%n hari kerja lagi", left), left)
    return Badge("ok", _tr("%n hari kerja lagi", left), left)


def typical_long_texts() -> list[str]:
    """Badge texts as long as they usually get (two-digit counts): a column fits them whole."""
    return [_tr("Lewat %n hari kerja", 99), _tr("%n hari kerja lagi", 99)]


def colours(level: str) -> tuple[QColor, QColor]:
    bg, fg = COLOURS.get(level, COLOURS["none"])
    return QColor(bg), QColor(fg)


_colours = colours  # `paint_badge` takes a parameter of the same name


# Room around the pill's text inside it, and around the pill inside its cell.
_PILL_PADDING = 14
_CELL_MARGIN = 4


def badge_width(metrics: QFontMetrics, text: str) -> int:
    """The width a cell needs to show this badge text whole."""
    return metrics.horizontalAdvance(text) + _PILL_PADDING + 2 * _CELL_MARGIN


def paint_badge(
    painter: QPainter,
    rect: QRect,
    badge: Badge,
    *,
    colours: tuple[str, str] | None = None,
    plain_text: QColor | None = None,
) -> None:
    """A rounded pill with the badge text, vertically centred in `rect` (in the level's
    colours, or in `colours`: background, text). A badge without a pill (level "none") is
    written in `plain_text` when given (the selected row's text colour)."""
    bg, fg = _colours(badge.level) if colours is None else (QColor(colours[0]), QColor(colours[1]))
    if plain_text is not None and badge.level == "none" and colours is None:
        fg = plain_text
    metrics = painter.fontMetrics()
    width = min(rect.width() - 4, metrics.horizontalAdvance(badge.text) + _PILL_PADDING)
    height = min(rect.height() - 4, metrics.height() + 4)
    pill = QRect(rect.left() + 2, rect.top() + (rect.height() - height) // 2, width, height)
    painter.save()
    painter.setRenderHint(QPainter.RenderHint.Antialiasing)
    if badge.level != "none" or colours is not None:
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(bg)
        painter.drawRoundedRect(pill, height / 2, height / 2)
    painter.setPen(fg)
    painter.drawText(pill, Qt.AlignmentFlag.AlignCenter, badge.text)
    painter.restore()


class DeadlineDelegate(QStyledItemDelegate):
    """Paints the `Badge` found under `badge_role` as a coloured pill."""

    def __init__(self, badge_role: int, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._role = badge_role

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        badge = index.data(self._role)
        if not isinstance(badge, Badge):
            super().paint(painter, option, index)
            return
        # Draw the selection/hover background first so the pill sits on the selected row colour.
        style = option.widget.style() if option.widget is not None else None
        if style is not None:
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)
            opt.text = ""
            style.drawControl(QStyle.ControlElement.CE_ItemViewItem, opt, painter, option.widget)
        painter.save()
        painter.setFont(option.font)
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        # Grey words on the selection's blue are hard to read: the row's own text colour then.
        on_selection = option.palette.highlightedText().color() if selected else None
        paint_badge(painter, option.rect, badge, plain_text=on_selection)
        painter.restore()

    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        hint = super().sizeHint(option, index)
        badge = index.data(self._role)
        if isinstance(badge, Badge):
            opt = QStyleOptionViewItem(option)
            self.initStyleOption(opt, index)  # picks up the row's font (bold when unread)
            hint.setWidth(badge_width(QFontMetrics(opt.font), badge.text))
        return hint


class BadgeLabel(QLabel):
    """A standalone badge (report pane, approval queue)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setTextFormat(Qt.TextFormat.PlainText)
        self.set_badge(Badge("none", ""))

    def set_badge(self, badge: Badge) -> None:
        self.setText(badge.text)
        bg, fg = colours(badge.level)
        self.setStyleSheet(
            f"QLabel {{ background: {bg.name(QColor.NameFormat.HexArgb)}; color: {fg.name()};"
            " border-radius: 8px; padding: 1px 8px; }"
        )
        self.setVisible(bool(badge.text))


def text_badge(text: str, background: str, foreground: str = "#ffffff") -> QLabel:
    """A small fixed badge such as "Rahasia" (text is ours, never from outside)."""
    label = QLabel(text)
    label.setTextFormat(Qt.TextFormat.PlainText)
    label.setStyleSheet(
        f"QLabel {{ background: {background}; color: {foreground}; border-radius: 8px;"
        " padding: 1px 8px; font-weight: bold; }"
    )
    return label
