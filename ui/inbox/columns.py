"""Widths of the inbox columns: each short column shows its whole text, the title takes the rest.

Measured with the bold font (unread rows are bold) so a row never gets cut when it turns unread.
The status and deadline columns also grow to the widest loaded row; their floor is a typical
long value, so switching boxes does not make the columns jump for the usual cases.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QAbstractItemDelegate, QStyleOptionViewItem, QTableView

from domain.states import REPORT_STATUS_LABELS
from ui.inbox.model import COL_DEADLINE, COL_RECEIVED, COL_STATUS, COL_TRACKING
from ui.widgets.deadline import badge_width, typical_long_texts
from ui.widgets.labels import status_label

# Room the view's style keeps around a cell's text (focus frame, margins).
CELL_PADDING = 18
# Past this the status text is elided; the tooltip still has all of it.
STATUS_MAX = 260


def _bold(font: QFont) -> QFontMetrics:
    bold = QFont(font)
    bold.setBold(True)
    return QFontMetrics(bold)


def column_widths(table: QTableView) -> dict[int, int]:
    """Column -> width in pixels for the inbox table's short columns."""
    model = table.model()
    text = _bold(table.font())
    header = _bold(table.horizontalHeader().font())

    def head(col: int) -> int:
        title = str(model.headerData(col, Qt.Orientation.Horizontal) or "")
        return header.horizontalAdvance(title) + CELL_PADDING

    statuses = [status_label(code) for code in REPORT_STATUS_LABELS]
    status = max(text.horizontalAdvance(s) for s in statuses) + CELL_PADDING
    badge = max(badge_width(text, s) for s in typical_long_texts())
    delegate = table.itemDelegateForColumn(COL_DEADLINE)
    option = QStyleOptionViewItem()
    option.font = table.font()
    for row in range(model.rowCount()):
        shown = str(model.index(row, COL_STATUS).data() or "")
        status = max(status, text.horizontalAdvance(shown) + CELL_PADDING)
        badge = max(badge, _hint(delegate, option, model.index(row, COL_DEADLINE)))
    return {
        COL_TRACKING: max(head(COL_TRACKING), text.horizontalAdvance("0000000") + CELL_PADDING),
        COL_STATUS: max(head(COL_STATUS), min(status, STATUS_MAX)),
        COL_DEADLINE: max(head(COL_DEADLINE), badge),
        COL_RECEIVED: max(head(COL_RECEIVED), text.horizontalAdvance("00-00-0000") + CELL_PADDING),
    }


def _hint(
    delegate: QAbstractItemDelegate | None, option: QStyleOptionViewItem, index: QModelIndex
) -> int:
    return delegate.sizeHint(option, index).width() if delegate is not None else 0
