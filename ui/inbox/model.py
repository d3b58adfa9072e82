"""The inbox table model: report ids in pages, fetched off the UI thread.

The model keeps the ids in display order and one row snapshot per id. Pages arrive through the
task runner; a change elsewhere (`reportsChanged`) re-reads the loaded window and applies the
difference as targeted remove/move/insert/dataChanged signals so the view keeps its selection.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Callable, Sequence
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
    Signal,
)
from PySide6.QtGui import QBrush, QColor, QFont

from domain import clock
from localdb import queries
from ui.context import AppContext
from ui.inbox.news import news_label
from ui.report.fields import format_when
from ui.widgets.deadline import deadline_badge
from ui.widgets.labels import classification_label, status_label
from ui.widgets.plaintext import plain_tooltip
from ui.widgets.table import Index, ReadOnlyTableModel

if TYPE_CHECKING:
    from localdb.queries import Session

ID_ROLE = Qt.ItemDataRole.UserRole + 1
BADGE_ROLE = Qt.ItemDataRole.UserRole + 2
ROW_ROLE = Qt.ItemDataRole.UserRole + 3
NEWS_ROLE = Qt.ItemDataRole.UserRole + 4  # "new" / "updated" / None (localdb.news)

COL_TRACKING, COL_TITLE, COL_STATUS, COL_CLASS, COL_DEADLINE, COL_RECEIVED = range(6)
COLUMN_COUNT = 6
PAGE_SIZE = 200


def _tr(text: str) -> str:
    return QCoreApplication.translate("InboxModel", text)


def _headers() -> tuple[str, ...]:
    return (
        _tr("Nomor"),
        _tr("Judul"),
        _tr("Status"),
        _tr("Klasifikasi"),
        _tr("Tenggat"),
        _tr("Diterima"),
    )


def _header_tips() -> tuple[str, ...]:
    return (
        _tr("Nomor pelacakan laporan (dari pusat)"),
        _tr("Judul laporan dari pelapor"),
        _tr("Status di pusat · apa yang menunggu di komputer ini"),
        _tr("Klasifikasi laporan"),
        _tr("Sisa hari kerja sampai batas tindak lanjut"),
        _tr("Tanggal laporan diterima"),
    )


def local_state_label(state: str | None) -> str:
    """What is waiting on this PC for the report (empty when nothing is)."""
    if not state:
        return ""
    if state.startswith("pending"):
        return _tr("Menunggu dikirim")
    labels = {
        "draft": _tr("Draf"),
        "sending": _tr("Sedang dikirim"),
        "conflict": _tr("Konflik"),
        "rejected": _tr("Ditolak server"),
        "quarantined": _tr("Ditolak server"),
        "removed": _tr("Sudah dialihkan"),
    }
    return labels.get(state, state)


def label_of(labels: dict[Any, str], value: str) -> str:
    """Indonesian label of a coded value, the raw value when the code is unknown to this app."""
    return labels.get(value, value)  # StrEnum keys compare equal to their plain strings


class InboxModel(ReadOnlyTableModel):
    """Table of reports; `set_filter`/`set_sort` reload, `refresh` re-reads the loaded window."""

    loadingChanged = Signal(bool)
    loadFailed = Signal(str)
    # Emitted after the first page of a (re)load arrived.
    reloaded = Signal()

    def __init__(
        self,
        ctx: AppContext,
        today: Callable[[], dt.date] = clock.local_today,
        parent: Any = None,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._today = today
        self._filter = queries.InboxFilter()
        self._sort: queries.Sort = "deadline"
        self._ids: list[str] = []
        self.removing = False  # inside a row removal (see _remove_missing)
        self._rows: dict[str, Any] = {}
        self._next_after: Any = None
        self._generation = 0
        self._busy = False
        self._refresh_again = False
        self._loaded_once = False

    # --- Qt model API -------------------------------------------------------------------------

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._ids)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else COLUMN_COUNT

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        horizontal = orientation == Qt.Orientation.Horizontal
        if horizontal and role == Qt.ItemDataRole.DisplayRole and 0 <= section < COLUMN_COUNT:
            return _headers()[section]
        if horizontal and role == Qt.ItemDataRole.ToolTipRole and 0 <= section < COLUMN_COUNT:
            return _header_tips()[section]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._ids):
            return None
        row = self._rows[self._ids[index.row()]]
        col = index.column()
        if role == Qt.ItemDataRole.DisplayRole:
            return self._display(row, col)
        if role == ID_ROLE:
            return row.id
        if role == ROW_ROLE:
            return row
        if role == BADGE_ROLE and col == COL_DEADLINE:
            return deadline_badge(
                row.deadline, self._today(), self._ctx.calendar, answered=row.published
            )
        if role == NEWS_ROLE and col == COL_TITLE:
            return row.news
        if role == Qt.ItemDataRole.FontRole and (not row.is_read or row.news):
            font = QFont()
            font.setBold(True)
            return font
        if role == Qt.ItemDataRole.ToolTipRole:
            return plain_tooltip(self._tooltip(row, col))  # titles are citizens' words
        if role == Qt.ItemDataRole.ForegroundRole and col == COL_STATUS and _local_text(row):
            return QBrush(
                QColor("#b71c1c" if row.local_state in ("conflict", "rejected") else "#1565c0")
            )
        if role == Qt.ItemDataRole.AccessibleTextRole:
            shown = self._display(row, col)
            if col == COL_TITLE and row.news:
                return f"{news_label(row.news)}: {shown}"
            return shown
        return None

    def _display(self, row: queries.InboxRow, col: int) -> str:
        if col == COL_TRACKING:
            return row.tracking_id or _tr("(belum ada)")
        if col == COL_TITLE:
            return row.title
        if col == COL_STATUS:
            status = status_label(row.status)
            local = _local_text(row)
            # What waits on this PC matters more to the officer than the server's status.
            return f"{status} · {local}" if local else status
        if col == COL_CLASS:
            return classification_label(row.classification)
        if col == COL_DEADLINE:
            return deadline_badge(
                row.deadline, self._today(), self._ctx.calendar, answered=row.published
            ).text
        if col == COL_RECEIVED:
            return _format_day(row.submitted_at)
        return ""

    def _tooltip(self, row: queries.InboxRow, col: int) -> str | None:
        if col == COL_TITLE:
            return row.title  # the pill and the accessible text carry the mark
        if col == COL_DEADLINE and row.respond_by is not None:
            return _tr("Batas tindak lanjut: ") + row.respond_by.strftime("%d-%m-%Y")
        if col == COL_RECEIVED:
            return format_when(row.submitted_at)
        if col == COL_STATUS:
            return self._display(row, col)  # the column may be too narrow for all of it
        return None

    def canFetchMore(self, parent: Index) -> bool:
        if parent.isValid():
            return False
        return self._loaded_once and self._next_after is not None and not self._busy

    def fetchMore(self, parent: Index) -> None:
        if not self.canFetchMore(parent):
            return
        self._start_fetch(after=self._next_after, limit=PAGE_SIZE, apply=self._append_page)

    # --- public API ---------------------------------------------------------------------------

    @property
    def inbox_filter(self) -> Any:
        return self._filter

    def set_filter(self, **changes: Any) -> None:
        """Change filter fields (InboxFilter names) and load from the top."""
        self._filter = dataclasses.replace(self._filter, **changes)
        self.reload()

    def set_sort(self, sort: str) -> None:
        self._sort = "date" if sort == "date" else "deadline"
        self.reload()

    def load_if_idle(self) -> None:
        """The first load, unless a filter, a sort or a reload has already started one."""
        if self._generation == 0:
            self.reload()

    def reload(self) -> None:
        """Forget what is loaded and fetch the first page for the current filter and sort."""
        self._generation += 1
        self._busy = False
        self._start_fetch(after=None, limit=PAGE_SIZE, apply=self._replace_all)

    def refresh(self, changed_ids: Sequence[str] = ()) -> None:
        """Re-read the loaded window; rows that changed, left or joined are updated in place."""
        if self._busy:
            self._refresh_again = True  # a fetch is running: refresh once it is in
            return
        limit = max(len(self._ids), PAGE_SIZE)
        self._start_fetch(after=None, limit=limit, apply=self._apply_window)

    def row_of(self, report_id: str) -> int:
        try:
            return self._ids.index(report_id)
        except ValueError:
            return -1

    def report_id(self, row: int) -> str | None:
        return self._ids[row] if 0 <= row < len(self._ids) else None

    def is_busy(self) -> bool:
        return self._busy

    # --- fetching -----------------------------------------------------------------------------

    def _start_fetch(self, *, after: Any, limit: int, apply: Callable[[Any], None]) -> None:
        generation = self._generation
        flt, sort = self._filter, self._sort
        today, cal, actor = self._today(), self._ctx.calendar, self._ctx.actor
        self._set_busy(True)

        def work(s: Session) -> Any:
            return queries.inbox_page(
                s, flt, sort=sort, after=after, limit=limit, today=today, cal=cal, actor=actor
            )

        def done(page: Any) -> None:
            if generation != self._generation:
                return  # an older filter's answer: a newer load is on its way
            self._set_busy(False)
            apply(page)
            if self._refresh_again:
                self._refresh_again = False
                self.refresh()

        def failed(exc: BaseException) -> None:
            if generation == self._generation:
                self._set_busy(False)
                self.loadFailed.emit(str(exc))

        self._ctx.runner.run(work, on_done=done, on_error=failed, owner=self)

    def _set_busy(self, busy: bool) -> None:
        if busy != self._busy:
            self._busy = busy
            self.loadingChanged.emit(busy)

    def _replace_all(self, page: Any) -> None:
        self.beginResetModel()
        self._ids = [r.id for r in page.rows]
        self._rows = {r.id: r for r in page.rows}
        self._next_after = page.next_after
        self._loaded_once = True
        self.endResetModel()
        self.reloaded.emit()

    def _append_page(self, page: Any) -> None:
        fresh = [r for r in page.rows if r.id not in self._rows]
        if fresh:
            first = len(self._ids)
            self.beginInsertRows(QModelIndex(), first, first + len(fresh) - 1)
            self._ids.extend(r.id for r in fresh)
            self._rows.update({r.id: r for r in fresh})
            self.endInsertRows()
        self._next_after = page.next_after

    def _apply_window(self, page: Any) -> None:
        new_ids = [r.id for r in page.rows]
        new_rows = {r.id: r for r in page.rows}
        self._remove_missing(set(new_ids))
        self._reorder_like(new_ids)
        self._insert_new(new_ids, new_rows)
        self._update_changed(new_rows)
        # Only a window that reached the end of the list can say there is nothing more.
        self._next_after = page.next_after
        self._loaded_once = True

    def _remove_missing(self, keep: set[str]) -> None:
        for row in range(len(self._ids) - 1, -1, -1):
            rid = self._ids[row]
            if rid not in keep:
                # The view's selection moves while rows go: the panel must not take that for
                # the officer choosing another report (see InboxPanel._on_current_row).
                self.removing = True
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._ids[row]
                del self._rows[rid]
                self.endRemoveRows()
                self.removing = False

    def _reorder_like(self, new_ids: list[str]) -> None:
        position = {rid: i for i, rid in enumerate(new_ids)}
        ordered = sorted(self._ids, key=position.__getitem__)
        if ordered == self._ids:
            return
        self.layoutAboutToBeChanged.emit()
        old_ids = self._ids
        self._ids = ordered
        new_row = {rid: i for i, rid in enumerate(ordered)}
        moved_from = list(self.persistentIndexList())
        moved_to = [self.index(new_row[old_ids[p.row()]], p.column()) for p in moved_from]
        self.changePersistentIndexList(moved_from, moved_to)
        self.layoutChanged.emit()

    def _insert_new(self, new_ids: list[str], new_rows: dict[str, Any]) -> None:
        for i, rid in enumerate(new_ids):
            if i < len(self._ids) and self._ids[i] == rid:
                continue
            self.beginInsertRows(QModelIndex(), i, i)
            self._ids.insert(i, rid)
            self._rows[rid] = new_rows[rid]
            self.endInsertRows()

    def _update_changed(self, new_rows: dict[str, Any]) -> None:
        last = self.columnCount() - 1
        for i, rid in enumerate(self._ids):
            fresh = new_rows[rid]
            if fresh != self._rows[rid]:
                self._rows[rid] = fresh
                self.dataChanged.emit(self.index(i, 0), self.index(i, last))


def _local_text(row: Any) -> str:
    text = local_state_label(row.local_state)
    return text or (_tr("Draf") if row.has_draft else "")


def _format_day(value: dt.datetime) -> str:
    local = value.astimezone() if value.tzinfo is not None else value
    return local.strftime("%d-%m-%Y")
