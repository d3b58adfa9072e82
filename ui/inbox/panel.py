"""The inbox panel: filter bar, search, and the report table."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import Any

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, QTimer, Signal, Slot
from PySide6.QtGui import QAction, QFont, QFontMetrics
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QComboBox,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QLineEdit,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.states import CLASSIFICATION_LABELS, REPORT_STATUS_LABELS
from ui.context import AppContext
from ui.inbox.columns import column_widths
from ui.inbox.empty import empty_message
from ui.inbox.model import (
    BADGE_ROLE,
    COL_CLASS,
    COL_DEADLINE,
    COL_TITLE,
    ID_ROLE,
    NEWS_ROLE,
    InboxModel,
)
from ui.inbox.news import NewsTitleDelegate, title_row_height
from ui.widgets.deadline import DeadlineDelegate
from ui.widgets.empty import EmptyState
from ui.widgets.labels import classification_label, status_label

SEARCH_DEBOUNCE_MS = 250


class InboxPanel(QWidget):
    """Emits `reportSelected(report_id)` when the officer moves to a report."""

    reportSelected = Signal(str)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = clock.local_today,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._selected_id: str | None = None
        self.model = InboxModel(ctx, today=today, parent=self)
        self._build_filters()
        self._build_table()
        self._status = QLabel(self)
        self._status.setTextFormat(Qt.TextFormat.PlainText)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addLayout(self._filters)
        layout.addWidget(self.table, 1)
        layout.addWidget(self._status)
        # Rows arrive in bursts (a page, a refresh): the columns are measured once per burst.
        self._fit_timer = QTimer(self, singleShot=True, interval=0)
        self._fit_timer.timeout.connect(self.fit_columns)
        for signal in (
            self.model.modelReset,
            self.model.rowsInserted,
            self.model.dataChanged,
            self.model.layoutChanged,
        ):
            signal.connect(self._fit_timer.start)
        self._search_timer = QTimer(self, singleShot=True, interval=SEARCH_DEBOUNCE_MS)
        self._search_timer.timeout.connect(self._apply_search)
        self.search.textChanged.connect(self._search_timer.start)
        self.model.reloaded.connect(self._after_reload)
        self.model.loadingChanged.connect(self._show_status)
        self.model.loadFailed.connect(self._show_error)
        self.model.rowsInserted.connect(lambda *_: self._show_status(False))
        self.model.rowsRemoved.connect(lambda *_: self._show_status(False))
        # A report that leaves the list (answered, so out of "Perlu Tindak Lanjut") stays in the
        # pane: the officer is not moved to another report behind their back.
        self.model.rowsRemoved.connect(self._on_rows_left)
        ctx.events.reportsChanged.connect(self.model.refresh)
        ctx.events.reportSeen.connect(lambda rid: self.model.refresh([rid]))
        ctx.events.calendarChanged.connect(self._calendar_changed)
        # The main window chooses the navigation's box right after building the pages, which
        # loads the list once; a panel on its own loads on the event loop's first pass.
        QTimer.singleShot(0, self, self.model.load_if_idle)

    # --- building -----------------------------------------------------------------------------

    def _build_filters(self) -> None:
        self.search = QLineEdit(self)
        self.search.setObjectName("inboxSearch")
        self.search.setPlaceholderText(self.tr("Cari nomor, judul, isi… (Ctrl+F)"))
        self.search.setClearButtonEnabled(True)
        self.search.setMinimumWidth(240)
        self.status_filter = self._combo(
            self.tr("Semua status"), [(str(k), status_label(k)) for k in REPORT_STATUS_LABELS]
        )
        self.class_filter = self._combo(
            self.tr("Semua klasifikasi"),
            [(str(k), classification_label(k)) for k in CLASSIFICATION_LABELS],
        )
        self.deadline_filter = self._combo(
            self.tr("Semua tenggat"),
            [("overdue", self.tr("Lewat tenggat")), ("due_soon", self.tr("Segera jatuh tempo"))],
        )
        self.sort_combo = QComboBox(self)
        self.sort_combo.addItem(self.tr("Urut: tenggat terdekat"), "deadline")
        self.sort_combo.addItem(self.tr("Urut: terbaru diterima"), "date")
        self.unread_only = QCheckBox(self.tr("Belum dibaca saja"), self)
        for combo, name in (
            (self.status_filter, "status"),
            (self.class_filter, "classification"),
            (self.deadline_filter, "deadline"),
        ):
            combo.currentIndexChanged.connect(
                lambda _i, c=combo, n=name: self.model.set_filter(**{n: c.currentData()})
            )
        self.sort_combo.currentIndexChanged.connect(
            lambda _i: self.model.set_sort(self.sort_combo.currentData())
        )
        self.unread_only.toggled.connect(lambda on: self.model.set_filter(unread_only=on))
        # Two rows: the search box keeps its width even when the report pane takes half.
        self._filters = QVBoxLayout()
        top, bottom = QHBoxLayout(), QHBoxLayout()
        top.addWidget(self.search, 1)
        top.addWidget(self.sort_combo)
        for w in (self.status_filter, self.class_filter, self.deadline_filter):
            bottom.addWidget(w)
        bottom.addWidget(self.unread_only)
        bottom.addStretch(1)
        self._filters.addLayout(top)
        self._filters.addLayout(bottom)

    def _combo(self, all_label: str, items: list[tuple[str, str]]) -> QComboBox:
        combo = QComboBox(self)
        combo.addItem(all_label, None)
        for code, label in items:
            combo.addItem(label, code)
        return combo

    def _build_table(self) -> None:
        self.table = QTableView(self)
        self.table.setObjectName("inboxTable")
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        rows = self.table.verticalHeader()
        rows.hide()
        bold = QFont(self.table.font())
        bold.setBold(True)
        rows.setDefaultSectionSize(title_row_height(QFontMetrics(bold), rows.defaultSectionSize()))
        self.table.setItemDelegateForColumn(COL_DEADLINE, DeadlineDelegate(BADGE_ROLE, self.table))
        self.table.setItemDelegateForColumn(COL_TITLE, NewsTitleDelegate(NEWS_ROLE, self.table))
        header = self.table.horizontalHeader()
        # The title is what the officer reads: it takes the room; the other columns are sized
        # here (`fit_columns`) to show their whole text, and the officer may still drag them.
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_TITLE, QHeaderView.ResizeMode.Stretch)
        header.setMinimumSectionSize(48)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        # Classification is a filter above; as a column it is optional (header menu).
        self.table.setColumnHidden(COL_CLASS, True)
        header.setContextMenuPolicy(Qt.ContextMenuPolicy.ActionsContextMenu)
        for col in range(self.model.columnCount()):
            if col == COL_TITLE:
                continue
            name = self.model.headerData(col, Qt.Orientation.Horizontal)
            action = QAction(name, header)
            action.setCheckable(True)
            action.setChecked(not self.table.isColumnHidden(col))
            action.toggled.connect(lambda on, c=col: self.table.setColumnHidden(c, not on))
            header.addAction(action)
        self.table.selectionModel().currentRowChanged.connect(self._on_current_row)
        self.empty = EmptyState(self.table)
        self._fitting, self._sized_by_hand = False, set[int]()
        header.sectionResized.connect(self._section_resized)
        self.fit_columns()

    def fit_columns(self) -> None:
        """Give the short columns the width their whole text needs; the title gets the rest."""
        header = self.table.horizontalHeader()
        self._fitting = True
        try:
            for col, width in column_widths(self.table).items():
                if col not in self._sized_by_hand or header.sectionSize(col) < width:
                    header.resizeSection(col, width)
        finally:
            self._fitting = False

    def _section_resized(self, col: int, _old: int, _new: int) -> None:
        if not self._fitting and col != COL_TITLE:
            self._sized_by_hand.add(col)  # the officer dragged it: keep their width

    # --- slots the shell uses -----------------------------------------------------------------

    @Slot(str)
    @Slot()
    def _calendar_changed(self) -> None:
        """Deadlines count working days: redraw the badges, re-read the rows (a box of overdue
        reports may gain or lose some)."""
        self.table.viewport().update()
        self.model.refresh()

    def set_box(self, box: str) -> None:
        wanted = None if box == "semua" else box
        if wanted != self.model.inbox_filter.box:
            self.model.set_filter(box=wanted)

    @Slot()
    def focus_search(self) -> None:
        self.search.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.selectAll()

    @Slot()
    def select_next(self) -> None:
        self._move(+1)

    @Slot()
    def select_previous(self) -> None:
        self._move(-1)

    def selected_id(self) -> str | None:
        return self._selected_id

    def select_when_listed(self, report_id: str) -> None:
        """Select `report_id` once the list being loaded holds it (the pane shows it already)."""
        self._selected_id = report_id

    def select_report(self, report_id: str) -> bool:
        row = self.model.row_of(report_id)
        if row < 0:
            return False
        self._select_row(row)
        return True

    # --- internals ----------------------------------------------------------------------------

    def _move(self, step: int) -> None:
        count = self.model.rowCount()
        if count == 0:
            return
        current = self.table.currentIndex().row()
        row = 0 if current < 0 else min(max(current + step, 0), count - 1)
        if step > 0 and row == count - 1 and self.model.canFetchMore(QModelIndex()):
            self.model.fetchMore(QModelIndex())
        self._select_row(row)

    def _select_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        flags = (
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows
        )
        self.table.selectionModel().setCurrentIndex(index, flags)
        self.table.scrollTo(index)

    def _on_rows_left(self, *_args: object) -> None:
        if self._selected_id is not None and self.model.row_of(self._selected_id) < 0:
            # The shown report left the list: nothing in the list looks chosen now.
            self.table.selectionModel().clear()

    def _on_current_row(self, current: QModelIndex, _previous: QModelIndex) -> None:
        if not current.isValid() or self.model.removing:
            return
        report_id = current.data(ID_ROLE)
        if report_id and report_id != self._selected_id:
            self._selected_id = report_id
            self.reportSelected.emit(report_id)

    def _apply_search(self) -> None:
        text = self.search.text().strip()
        self.model.set_filter(search=text or None)

    def _after_reload(self) -> None:
        # A new filter or box: keep the report the officer was on if it is still listed.
        if self._selected_id is not None:
            row = self.model.row_of(self._selected_id)
            if row >= 0:
                self._select_row(row)
        self._show_status(False)

    def _show_status(self, loading: bool) -> None:
        if loading:
            self._status.setText(self.tr("Memuat…"))
            return
        n = self.model.rowCount()
        self.empty.show_if_empty(n == 0, empty_message(self.model.inbox_filter))
        if n == 0:
            self._status.setText(self.tr("Tidak ada laporan di sini."))
        else:
            more = (
                self.tr(" (gulir untuk memuat lebih banyak)")
                if self.model.canFetchMore(QModelIndex())
                else ""
            )
            self._status.setText(self.tr("%n laporan ditampilkan", "", n) + more)

    def _show_error(self, message: str) -> None:
        self._status.setText(self.tr("Gagal memuat daftar laporan: ") + message)

    def current_filter(self) -> Any:
        return self.model.inbox_filter
