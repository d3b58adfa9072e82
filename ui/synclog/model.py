"""Table models of the sync log page: the requests made, and the ops still in the outbox."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Sequence
from typing import Any, Generic, TypeVar

from PySide6.QtCore import (
    QAbstractTableModel,
    QCoreApplication,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
)
from PySide6.QtGui import QBrush, QColor

from localdb.views import OutboxItem, SyncLogEntry

Index = QModelIndex | QPersistentModelIndex
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


def op_state_label(state: str) -> str:
    labels = {
        "pending": _tr("Menunggu dikirim"),
        "sending": _tr("Sedang dikirim"),
        "done": _tr("Terkirim"),
        "conflict": _tr("Konflik"),
        "quarantined": _tr("Ditolak server"),
    }
    return labels.get(state, state)


class RowsModel(QAbstractTableModel, Generic[R]):
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

    def flags(self, index: Index) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: Index, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or index.row() >= len(self._rows):
            return None
        row = self._rows[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole):
            return self.columns()[index.column()][1](row)
        if role == Qt.ItemDataRole.ForegroundRole and self.is_problem(row):
            return QBrush(QColor("#b71c1c"))
        return None

    def is_problem(self, row: R) -> bool:
        return False


class SyncLogModel(RowsModel[SyncLogEntry]):
    """sync_log rows, newest first (the query's order)."""

    def columns(self) -> Sequence[Column]:
        return (
            (_tr("Waktu"), lambda e: when(e.at)),
            (_tr("Permintaan"), lambda e: f"{e.method} {e.endpoint}"),
            (_tr("Status"), lambda e: str(e.status) if e.status is not None else _tr("gagal")),
            (_tr("Terkirim"), lambda e: size(e.bytes_sent)),
            (_tr("Diterima"), lambda e: size(e.bytes_received)),
            (_tr("Durasi"), lambda e: f"{e.duration_ms} ms"),
            (_tr("Galat"), lambda e: e.error or ""),
        )

    def is_problem(self, row: SyncLogEntry) -> bool:
        return row.status is None or row.status >= 400 or bool(row.error)


class OutboxModel(RowsModel[OutboxItem]):
    """Ops not done yet, in the order they will be sent."""

    def columns(self) -> Sequence[Column]:
        return (
            (_tr("No."), lambda o: str(o.seq)),
            (_tr("Perubahan"), lambda o: op_label(o.type)),
            (_tr("Keadaan"), lambda o: op_state_label(o.state)),
            (_tr("Percobaan"), lambda o: str(o.attempts)),
            (_tr("Dibuat"), lambda o: when(o.created_at)),
            (_tr("Keterangan"), lambda o: o.last_error or ""),
        )

    def is_problem(self, row: OutboxItem) -> bool:
        return row.state in ("conflict", "quarantined")
