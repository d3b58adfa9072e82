"""Table models of the sync log page: the requests made, and the ops still in the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QCoreApplication,
    QModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from localdb.views import OutboxItem, OutboxState, SyncLogEntry
from ui.synclog.words import (
    outbox_detail,
    outbox_note,
    report_number,
    request_detail,
    request_label,
    request_result,
)
from ui.widgets.plaintext import plain_tooltip
from ui.widgets.table import Index, ReadOnlyTableModel

R = TypeVar("R")
Column = tuple[str, Callable[[Any], str]]


def _tr(text: str) -> str:
    return QCoreApplication.translate("SyncLogView", text)


def when(value: dt.datetime | None) -> str:
    if value is None:
        return ""
    local = value.astimezone() if value.tzinfo is not None else value
    return local.strftime("%d-%m-%Y %H.%M.%S")


def size(n: int) -> str:
    if n < 1024:
        return f"{n} B"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} kB"
    return f"{n / (1024 * 1024):.1f} MB"


def op_label(op_type: str) -> str:
    labels = {
        "report.create": _tr("Pengaduan loket baru"),
        "report.handoff_request": _tr("Permintaan pengalihan"),
        "report.assign": _tr("Penugasan petugas"),
        "followup.submit": _tr("Kirim tindak lanjut"),
        "followup.withdraw": _tr("Tarik tindak lanjut"),
        "followup.approve": _tr("Setujui tindak lanjut"),
        "followup.return": _tr("Kembalikan tindak lanjut"),
    }
    return labels.get(op_type, op_type)


def op_state_label(state: OutboxState) -> str:
    """The one label table of outbox states."""
    labels = {
        OutboxState.PENDING: _tr("Menunggu dikirim"),
        OutboxState.SENDING: _tr("Sedang dikirim"),
        OutboxState.DONE: _tr("Terkirim"),
        OutboxState.CONFLICT: _tr("Konflik"),
        OutboxState.QUARANTINED: _tr("Ditolak server"),
    }
    return labels[state]


class RowsModel(ReadOnlyTableModel, Generic[R]):
    """A read-only table over a list of frozen rows; `set_rows` replaces them all."""

    def __init__(self, parent: Any = None) -> None:
        super().__init__(parent)
        self._rows: list[R] = []

    def columns(self) -> Sequence[Column]:
        raise NotImplementedError

    def set_rows(self, rows: Sequence[R]) -> None:
        self.beginResetModel()
        self._rows = list(rows)
        self.endResetModel()

    def row_at(self, row: int) -> R:
        return self._rows[row]

    def rowCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._rows)

    def columnCount(self, parent: Index = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self.columns())

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        cols = self.columns()
        if (
            orientation == Qt.Orientation.Horizontal
            and role == Qt.ItemDataRole.DisplayRole
            and 0 <= section < len(cols)
        ):
            return cols[section][0]
        return None

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role == Qt.ItemDataRole.DisplayRole:
            return self.columns()[index.column()][1](row)
        if role == Qt.ItemDataRole.ToolTipRole:  # server text: never rich text
            return plain_tooltip(self.columns()[index.column()][1](row))
        if role == Qt.ItemDataRole.ForegroundRole and self.is_problem(row):
            return QBrush(QColor("#b71c1c"))
        return None

    def is_problem(self, row: R) -> bool:
        return False


def _detail_label() -> str:
    return _tr("Detail")


class SyncLogModel(RowsModel[SyncLogEntry]):
    """sync_log rows, newest first (the query's order), in words; the technical text is behind
    the last column's "Detail" button (`ui.synclog.words.request_detail`)."""

    def columns(self) -> Sequence[Column]:
        return (
            (_tr("Waktu"), lambda e: when(e.at)),
            (_tr("Apa yang dilakukan"), lambda e: request_label(e.method, e.endpoint)),
            (_tr("Hasil"), request_result),
            (_tr("Data"), lambda e: size(e.bytes_sent + e.bytes_received)),
            (_tr("Durasi"), lambda e: f"{e.duration_ms} ms"),
            ("", lambda _e: _detail_label()),
        )

    def is_problem(self, row: SyncLogEntry) -> bool:
        return row.status is None or row.status >= 400 or bool(row.error)

    def detail(self, row: int) -> str:
        return request_detail(self.row_at(row))


class OutboxModel(RowsModel[OutboxItem]):
    """Ops not done yet, in the order they will be sent, each naming its report."""

    def columns(self) -> Sequence[Column]:
        return (
            (_tr("No."), lambda o: str(o.seq)),
            (_tr("Laporan"), report_number),
            (_tr("Perubahan"), lambda o: op_label(o.type)),
            (_tr("Keadaan"), lambda o: op_state_label(o.state)),
            (_tr("Percobaan"), lambda o: str(o.attempts)),
            (_tr("Dibuat"), lambda o: when(o.created_at)),
            (_tr("Keterangan"), outbox_note),
            ("", lambda _o: _detail_label()),
        )

    def is_problem(self, row: OutboxItem) -> bool:
        return row.state.parked

    def detail(self, row: int) -> str:
        return outbox_detail(self.row_at(row))
