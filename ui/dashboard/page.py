"""The supervisor's dashboard: the office's figures for a month, per officer, a weekly backlog
chart, and the monthly recap to Excel or CSV. Computed from the local store on the database
thread (`localdb.stats`), so it works offline."""

from __future__ import annotations

import datetime as dt
from pathlib import Path
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import QT_TRANSLATE_NOOP, QRectF, Qt, Signal
from PySide6.QtGui import QColor, QPainter, QPaintEvent, QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QDialog,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QMessageBox,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from domain import clock
from domain.states import CHANNEL_LABELS, CLASSIFICATION_LABELS, REPORT_STATUS_LABELS
from localdb import recap, stats, syncstore
from ui.context import AppContext
from ui.widgets.dialogs import save_file_dialog
from ui.widgets.labels import channel_label, classification_label, status_label

if TYPE_CHECKING:
    from localdb.queries import Session

MONTHS_BACK = 12
_MONTH_NAMES = (
    QT_TRANSLATE_NOOP("DashboardPage", "Januari"),
    QT_TRANSLATE_NOOP("DashboardPage", "Februari"),
    QT_TRANSLATE_NOOP("DashboardPage", "Maret"),
    QT_TRANSLATE_NOOP("DashboardPage", "April"),
    QT_TRANSLATE_NOOP("DashboardPage", "Mei"),
    QT_TRANSLATE_NOOP("DashboardPage", "Juni"),
    QT_TRANSLATE_NOOP("DashboardPage", "Juli"),
    QT_TRANSLATE_NOOP("DashboardPage", "Agustus"),
    QT_TRANSLATE_NOOP("DashboardPage", "September"),
    QT_TRANSLATE_NOOP("DashboardPage", "Oktober"),
    QT_TRANSLATE_NOOP("DashboardPage", "November"),
    QT_TRANSLATE_NOOP("DashboardPage", "Desember"),
)


def month_bounds(first: dt.date) -> tuple[dt.date, dt.date]:
    nxt = (first.replace(day=28) + dt.timedelta(days=4)).replace(day=1)
    return first, nxt - dt.timedelta(days=1)


def recent_months(today: dt.date, count: int = MONTHS_BACK) -> list[dt.date]:
    months, day = [], today.replace(day=1)
    for _ in range(count):
        months.append(day)
        day = (day - dt.timedelta(days=1)).replace(day=1)
    return months


class BacklogChart(QWidget):
    """Bars of the open backlog at the end of each week, newest on the right (QPainter)."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.points: tuple[stats.WeekPoint, ...] = ()
        self.setMinimumHeight(150)
        self.setAccessibleName(self.tr("Grafik tunggakan per minggu"))

    def set_points(self, points: tuple[stats.WeekPoint, ...]) -> None:
        self.points = points
        self.setToolTip(
            "\n".join(
                self.tr("Minggu %1: %2 terbuka, %3 masuk, %4 dijawab")
                .replace("%1", p.week_start.strftime("%d-%m"))
                .replace("%2", str(p.backlog))
                .replace("%3", str(p.received))
                .replace("%4", str(p.answered))
                for p in points
            )
        )
        self.update()

    def paintEvent(self, _event: QPaintEvent) -> None:
        if not self.points:
            return
        painter = QPainter(self)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        metrics = painter.fontMetrics()
        label_h = metrics.height() + 4
        area = QRectF(self.rect()).adjusted(8, label_h, -8, -label_h)
        top = max(p.backlog for p in self.points) or 1
        slot = area.width() / len(self.points)
        bar_w = max(4.0, slot * 0.6)
        text = self.palette().windowText().color()
        for i, p in enumerate(self.points):
            h = area.height() * p.backlog / top
            x = area.left() + i * slot + (slot - bar_w) / 2
            bar = QRectF(x, area.bottom() - h, bar_w, h)
            painter.fillRect(bar, QColor("#1f5fa8"))
            painter.setPen(text)
            painter.drawText(
                QRectF(x - 10, bar.top() - label_h, bar_w + 20, label_h),
                Qt.AlignmentFlag.AlignCenter,
                str(p.backlog),
            )
            painter.drawText(
                QRectF(x - 10, area.bottom() + 2, bar_w + 20, label_h),
                Qt.AlignmentFlag.AlignCenter,
                p.week_start.strftime("%d/%m"),
            )
        painter.end()


class DashboardPage(QWidget):
    loaded = Signal()
    exported = Signal(str)  # the path written

    def __init__(self, ctx: AppContext, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self.board: stats.Dashboard | None = None
        self.month = QComboBox(self)
        self.month.setAccessibleName(self.tr("Bulan"))
        for first in recent_months(clock.local_today()):
            self.month.addItem(f"{self._month_name(first.month)} {first.year}", first)
        self.month.currentIndexChanged.connect(lambda _i: self.refresh())
        self.export_xlsx = QPushButton(self.tr("Ekspor &Excel…"), self)
        self.export_csv = QPushButton(self.tr("Ekspor &CSV…"), self)
        self.export_xlsx.clicked.connect(lambda: self.export("xlsx"))
        self.export_csv.clicked.connect(lambda: self.export("csv"))
        head = QHBoxLayout()
        title = QLabel(self.tr("Kinerja kantor"), self)
        title.setObjectName("pageTitle")
        title_font = title.font()
        title_font.setPointSizeF(title_font.pointSizeF() * 1.3)
        title_font.setBold(True)
        title.setFont(title_font)
        head.addWidget(title)
        head.addStretch(1)
        head.addWidget(QLabel(self.tr("Bulan:"), self))
        head.addWidget(self.month)
        head.addWidget(self.export_xlsx)
        head.addWidget(self.export_csv)
        self.tiles: dict[str, QLabel] = {}
        tiles = QGridLayout()
        for i, (key, caption) in enumerate(self._tile_captions().items()):
            value = QLabel("–", self)
            value.setObjectName("figure")
            value.setTextFormat(Qt.TextFormat.PlainText)
            font = value.font()
            font.setPointSizeF(font.pointSizeF() * 1.8)
            font.setBold(True)
            value.setFont(font)
            label = QLabel(caption, self)
            label.setWordWrap(True)
            tiles.addWidget(value, 0, i)
            tiles.addWidget(label, 1, i, Qt.AlignmentFlag.AlignTop)
            self.tiles[key] = value
        self.officers = QTableWidget(0, 7, self)
        self.officers.setHorizontalHeaderLabels(list(self._officer_columns()))
        self.officers.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.officers.verticalHeader().setVisible(False)
        header = self.officers.horizontalHeader()
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        self.chart = BacklogChart(self)
        self.status = QLabel(self)
        self.status.setTextFormat(Qt.TextFormat.PlainText)
        self.status.setWordWrap(True)
        layout = QVBoxLayout(self)
        layout.addLayout(head)
        layout.addLayout(tiles)
        layout.addWidget(QLabel(self.tr("Per petugas (laporan yang ditugaskan kepadanya)"), self))
        layout.addWidget(self.officers, 1)
        layout.addWidget(QLabel(self.tr("Laporan terbuka di akhir tiap minggu (12 minggu)"), self))
        layout.addWidget(self.chart, 2)
        layout.addWidget(self.status)

    def _month_name(self, month: int) -> str:
        return self.tr(str(_MONTH_NAMES[month - 1]))

    def _tile_captions(self) -> dict[str, str]:
        return {
            "received": self.tr("Laporan diterima"),
            "on_time": self.tr("Dijawab dalam tenggat (5 hari kerja)"),
            # Of the period's reports: one received last month and overdue is in that month's.
            "overdue_now": self.tr("Lewat tenggat sekarang (diterima pada periode ini)"),
            "waiting_approval": self.tr("Menunggu persetujuan"),
            "returned": self.tr("Dikembalikan"),
            "handoffs": self.tr("Permintaan pelimpahan"),
        }

    def _officer_columns(self) -> tuple[str, ...]:
        return (
            self.tr("Petugas"),
            self.tr("Diterima"),
            self.tr("Tepat waktu"),
            self.tr("Lewat tenggat"),
            self.tr("Menunggu persetujuan"),
            self.tr("Dikembalikan"),
            self.tr("Pelimpahan"),
        )

    def period(self) -> tuple[dt.date, dt.date]:
        first = self.month.currentData()
        return month_bounds(first if isinstance(first, dt.date) else clock.local_today())

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.refresh()

    def refresh(self) -> None:
        start, end = self.period()
        today = clock.local_today()
        agency = self._ctx.actor.agency_id
        self.status.setText(self.tr("Menghitung…"))
        self._ctx.runner.run(
            lambda s: stats.dashboard(s, start, end, today, agency_id=agency),
            on_done=self._show,
            on_error=self._failed,
            owner=self,
        )

    def _show(self, board: stats.Dashboard) -> None:
        self.board = board
        f = board.office
        share = f.on_time_share
        self.tiles["received"].setText(str(f.received))
        self.tiles["on_time"].setText(
            "–" if share is None else f"{f.answered_on_time} ({share * 100:.0f}%)"
        )
        for key in ("overdue_now", "waiting_approval", "returned", "handoffs"):
            self.tiles[key].setText(str(getattr(f, key)))
        self.officers.setRowCount(len(board.officers))
        for row, (officer_id, figs) in enumerate(board.officers.items()):
            self._officer_row(row, board.names.get(officer_id, officer_id), figs)
        self.chart.set_points(board.trend)
        self.status.setText(
            self.tr("Dihitung dari data di komputer ini, %1 – %2.")
            .replace("%1", board.start.strftime("%d-%m-%Y"))
            .replace("%2", board.end.strftime("%d-%m-%Y"))
        )
        self.loaded.emit()

    def _officer_row(self, row: int, name: str, f: stats.Figures) -> None:
        share = f.on_time_share
        cells: list[Any] = [
            name,
            f.received,
            "–" if share is None else f"{share * 100:.0f}%",
            f.overdue_now,
            f.waiting_approval,
            f.returned,
            f.handoffs,
        ]
        for col, value in enumerate(cells):
            item = QTableWidgetItem()
            item.setData(Qt.ItemDataRole.DisplayRole, value)
            self.officers.setItem(row, col, item)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(
            self.tr("Angka tidak dapat dihitung: %1").replace("%1", type(error).__name__)
        )

    # --- the monthly recap ----------------------------------------------------------------------

    def export(self, fmt: str, path: Path | None = None) -> None:
        """Ask where (unless given), then write the recap on the database thread."""
        start, end = self.period()
        if path is None:
            suggested = f"rekap-{start.strftime('%Y-%m')}.{fmt}"
            filters = (
                self.tr("Buku kerja Excel (*.xlsx)") if fmt == "xlsx" else self.tr("CSV (*.csv)")
            )
            dialog = save_file_dialog(self, self.tr("Simpan rekap bulanan"), suggested, filters)
            if dialog.exec() != QDialog.DialogCode.Accepted or not dialog.selectedFiles():
                return
            path = Path(dialog.selectedFiles()[0])
        today, actor, cal = clock.local_today(), self._ctx.actor, self._ctx.calendar
        names = self._label_texts()

        def write(s: Session) -> Path:
            labels = names(category_names(s))
            board = stats.dashboard(s, start, end, today, agency_id=actor.agency_id)
            rows = recap.recap_rows(
                stats.report_facts(s, start, end, agency_id=actor.agency_id), cal, labels
            )
            if fmt == "xlsx":
                recap.write_xlsx(path, rows, board, labels)
            else:
                recap.write_csv(path, rows, labels)
            recap.record_export(s, actor, fmt=fmt, board=board, rows=len(rows), now=clock.now())
            return path

        self.status.setText(self.tr("Menyimpan rekap…"))
        self._ctx.runner.run(
            write, on_done=self._exported, on_error=self._export_failed, owner=self
        )

    def _exported(self, path: Path) -> None:
        self.status.setText(self.tr("Rekap tersimpan: %1").replace("%1", path.name))
        self.exported.emit(str(path))

    def _export_failed(self, error: BaseException) -> None:
        message = self.tr("Rekap tidak dapat disimpan (%1). Periksa folder dan ruang disk.")
        self.status.setText(message.replace("%1", type(error).__name__))
        QMessageBox.warning(self, self.tr("Rekap bulanan"), self.status.text())

    def _label_texts(self) -> Any:
        """Translated texts are read on the UI thread; the category names come from the store."""
        fixed = self._labels_without_categories()

        def with_categories(categories: dict[str, str]) -> recap.Labels:
            def name(kind: str, code: str | None) -> str:
                if kind == "category":
                    return categories.get(code or "", code or "")
                return str(fixed[kind].get(code or "", code or ""))

            return recap.Labels(**{**fixed["texts"], "name": name})

        return with_categories

    def _labels_without_categories(self) -> dict[str, Any]:
        codes = {
            "classification": {c: classification_label(c) for c in CLASSIFICATION_LABELS},
            "channel": {c: channel_label(c) for c in CHANNEL_LABELS},
            "status": {c: status_label(c) for c in REPORT_STATUS_LABELS},
        }
        return codes | {"texts": self._texts()}

    def _texts(self) -> dict[str, Any]:
        return dict(
            columns={
                "tracking_id": self.tr("No. pelacakan"),
                "classification": self.tr("Klasifikasi"),
                "category": self.tr("Kategori"),
                "channel": self.tr("Kanal"),
                "submitted_on": self.tr("Tanggal masuk"),
                "received_on": self.tr("Tanggal disposisi"),
                "answered_on": self.tr("Tindak lanjut pertama terbit"),
                "working_days": self.tr("Hari kerja"),
                "on_time": self.tr("Tepat waktu"),
                "status": self.tr("Status"),
            },
            summary={
                "received": self.tr("Laporan diterima"),
                "answered": self.tr("Laporan dijawab"),
                "answered_on_time": self.tr("Dijawab dalam tenggat"),
                "on_time_share": self.tr("Persentase tepat waktu"),
                "overdue_now": self.tr("Lewat tenggat sekarang"),
                "waiting_approval": self.tr("Menunggu persetujuan"),
                "returned": self.tr("Dikembalikan"),
                "handoffs": self.tr("Permintaan pelimpahan"),
            },
            yes=self.tr("ya"),
            no=self.tr("tidak"),
            sheet_reports=self.tr("Laporan"),
            sheet_summary=self.tr("Ringkasan"),
            period=self.tr("Periode"),
        )


def category_names(s: Session) -> dict[str, str]:
    data, _etag = syncstore.load_reference(s)
    return {str(c.get("id")): str(c.get("name")) for c in (data or {}).get("categories") or []}
