"""The left column of the main window: the report boxes and the pages that are not a box.

The walk-in desk's own page comes first (it is the desk's daily work), the boxes in the middle,
the approval queue and the sync log at the bottom. Exactly one row looks chosen at a time.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from PySide6.QtCore import Qt, Signal, Slot
from PySide6.QtWidgets import QFrame, QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from ui.widgets.sidebar import (
    SIDEBAR_BACKGROUND,
    needed_width,
    sidebar_heading,
    style_sidebar_list,
)

PAGE_ROLE = Qt.ItemDataRole.UserRole + 1

# (page id, label, tooltip)
Entry = tuple[str, str, str]


class Sidebar(QWidget):
    """Holds the box navigation `nav`; emits `pageChosen(page_id)` for the other pages."""

    pageChosen = Signal(str)

    def __init__(
        self,
        nav: QWidget,
        *,
        top: Sequence[Entry] = (),
        top_heading: str = "",
        bottom: Sequence[Entry] = (),
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setObjectName("sidebar")
        self.setAttribute(Qt.WidgetAttribute.WA_StyledBackground)
        self.setStyleSheet(f"QWidget#sidebar {{ background: {SIDEBAR_BACKGROUND}; }}")
        self.nav = nav
        self.lists: list[QListWidget] = []
        column = QVBoxLayout(self)
        column.setContentsMargins(0, 0, 0, 6)
        column.setSpacing(0)
        if top:
            column.addWidget(sidebar_heading(top_heading, self))
            column.addWidget(self._page_list(top, "topPages"))
        column.addWidget(nav, 1)
        if bottom:
            line = QFrame(self)
            line.setFrameShape(QFrame.Shape.HLine)
            line.setStyleSheet("color: #d5d9de;")
            column.addWidget(line)
            column.addWidget(self._page_list(bottom, "pageList"))
        boxes = nav.findChildren(QListWidget)
        self.setMinimumWidth(needed_width([*boxes, *self.lists]))

    def _page_list(self, entries: Sequence[Entry], name: str) -> QListWidget:
        lst = QListWidget(self)
        lst.setObjectName(name)
        style_sidebar_list(lst)
        lst.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        for page_id, label, tip in entries:
            item = QListWidgetItem(label)
            item.setData(PAGE_ROLE, page_id)
            item.setToolTip(tip)
            lst.addItem(item)
        lst.itemClicked.connect(lambda item: self.pageChosen.emit(str(item.data(PAGE_ROLE))))
        # As tall as its rows: the boxes get the rest of the column.
        lst.setFixedHeight(lst.sizeHintForRow(0) * lst.count() + 2 * lst.frameWidth() + 4)
        self.lists.append(lst)
        return lst

    def page_list(self) -> QListWidget | None:
        """The bottom list (sync log and friends), when there is one."""
        return next((x for x in self.lists if x.objectName() == "pageList"), None)

    @Slot(str)
    def show_current(self, page_id: str, box: str | None = None) -> None:
        """Highlight the row of the page now shown; a page without a row of its own (the
        conflicts, the inbox) is stood for by `box` in the box list."""
        ours = False
        for lst in self.lists:
            lst.clearSelection()
            for row in range(lst.count()):
                if lst.item(row).data(PAGE_ROLE) == page_id:
                    lst.item(row).setSelected(True)
                    ours = True
        if ours:
            _call(self.nav, "clear_highlight")
        elif box is not None:
            _call(self.nav, "highlight_box", box)
        else:
            _call(self.nav, "restore_highlight")


def _call(widget: Any, name: str, *args: Any) -> None:
    if hasattr(widget, name):
        getattr(widget, name)(*args)
