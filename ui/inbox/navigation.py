"""The left navigation: the officer's boxes with live counts."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from PySide6.QtCore import Qt, QTimer, Signal, Slot
from PySide6.QtWidgets import QListWidget, QListWidgetItem, QVBoxLayout, QWidget

from domain import clock
from localdb import queries
from ui.context import AppContext
from ui.widgets.sidebar import COUNT_ROLE, LEVEL_ROLE, sidebar_heading, style_sidebar_list

if TYPE_CHECKING:
    from localdb.queries import Session

BOX_ROLE = Qt.ItemDataRole.UserRole + 1
__all__ = ["BOXES", "BOX_ROLE", "COUNT_ROLE", "OFFICER_BOXES", "NavPanel", "boxes_for"]

# Box id -> NavCounts field; "semua" has no count. "Baru & Diperbarui" comes first: after time
# away it is where the officer looks first, and its count says whether there is anything to see.
BOXES: tuple[str, ...] = (
    "baru_diperbarui",
    "perlu_tindak_lanjut",
    "lewat_tenggat",
    "draf",
    "menunggu_persetujuan",
    "dikembalikan",
    "kotak_keluar",
    "konflik",
    "semua",
)
# What each role works on: the desk records walk-in complaints (its own pages), officers answer
# reports (the ones their supervisor assigned to them listed first), supervisors also decide on
# follow-ups.
_DESK_BOXES = ("kotak_keluar", "konflik")
OFFICER_BOXES = (BOXES[0], "ditugaskan_kepada_saya", *BOXES[1:])


def boxes_for(roles: Any) -> tuple[str, ...]:
    """The boxes shown to a user with these roles, in display order."""
    roles = {str(r) for r in roles or ()}
    if "supervisor" in roles:
        return BOXES
    if "officer" in roles:
        return OFFICER_BOXES
    return _DESK_BOXES


# How loud a non-zero count is: late reports are red, work sent back to the officer amber,
# what a sync brought green (as the "Baru" mark in the list).
_LEVELS = {
    "baru_diperbarui": "news",
    "lewat_tenggat": "urgent",
    "dikembalikan": "attention",
    "konflik": "attention",
}


class NavPanel(QWidget):
    """List of boxes; emits `boxSelected(box_id)`; counts refresh on events, off the UI thread."""

    boxSelected = Signal(str)
    countsLoaded = Signal(object)

    def __init__(
        self,
        ctx: AppContext,
        parent: QWidget | None = None,
        today: Callable[[], dt.date] = clock.local_today,
    ) -> None:
        super().__init__(parent)
        self._ctx = ctx
        self._today = today
        self._counts: Any = None
        self._list = QListWidget(self)
        self._list.setObjectName("navList")
        self._list.setAccessibleName(self.tr("Kotak laporan"))
        style_sidebar_list(self._list)
        self.boxes = boxes_for(getattr(ctx.actor, "roles", ()))
        for box in self.boxes:
            item = QListWidgetItem(self._label(box))
            item.setData(BOX_ROLE, box)
            item.setData(LEVEL_ROLE, _LEVELS.get(box, "normal"))
            item.setToolTip(self._hint(box))
            self._list.addItem(item)
        if "perlu_tindak_lanjut" in self.boxes:
            # The inbox opens on the open work; the assigned box sits above it, one key away.
            self._list.setCurrentRow(self.boxes.index("perlu_tindak_lanjut"))
        else:
            # The desk starts on its intake page: focus arriving by keyboard or window
            # activation must not pick a box (and switch pages) by itself.
            self._list.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self._list.currentItemChanged.connect(self._on_current)
        self._list.itemClicked.connect(self._on_clicked)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(0)
        layout.addWidget(sidebar_heading(self.tr("Kotak"), self))
        layout.addWidget(self._list)
        # Several changes in a burst (a pulled page) cost one count query.
        self._debounce = QTimer(self, singleShot=True, interval=150)
        self._debounce.timeout.connect(self.refresh_counts)
        ctx.events.countsStale.connect(self._debounce.start)
        ctx.events.reportsChanged.connect(self._debounce.start)
        ctx.events.calendarChanged.connect(self._debounce.start)  # overdue counts
        # A report opened loses its "new"/"updated" mark; a sync may bring marks (or take
        # reports away) even when no row the lists show changed.
        ctx.events.reportSeen.connect(self._debounce.start)
        if ctx.sync is not None:
            ctx.sync.finished.connect(self._debounce.start)
        # On the event loop's first pass: the database lane reads the list's first page, which
        # the main window asks for while it is built, before the numbers beside the boxes.
        QTimer.singleShot(0, self, self.refresh_counts)

    def _label(self, box: str) -> str:
        labels = {
            "baru_diperbarui": self.tr("Baru & Diperbarui"),
            "ditugaskan_kepada_saya": self.tr("Ditugaskan kepada Saya"),
            "perlu_tindak_lanjut": self.tr("Perlu Tindak Lanjut"),
            "lewat_tenggat": self.tr("Lewat Tenggat"),
            "draf": self.tr("Draf"),
            "menunggu_persetujuan": self.tr("Menunggu Persetujuan"),
            "dikembalikan": self.tr("Dikembalikan"),
            "kotak_keluar": self.tr("Kotak Keluar"),
            "konflik": self.tr("Konflik"),
            "semua": self.tr("Semua Laporan"),
        }
        return labels[box]

    def _hint(self, box: str) -> str:
        hints = {
            "baru_diperbarui": self.tr(
                "Laporan yang dibawa sinkronisasi sebagai baru atau diperbarui dan belum Anda buka"
            ),
            "ditugaskan_kepada_saya": self.tr(
                "Laporan terbuka yang ditugaskan atasan kepada Anda dan belum dijawab"
            ),
            "perlu_tindak_lanjut": self.tr("Laporan terbuka yang belum Anda jawab"),
            "lewat_tenggat": self.tr("Laporan yang sudah melewati batas tindak lanjut"),
            "draf": self.tr("Tindak lanjut yang Anda tulis tetapi belum dikirim"),
            "menunggu_persetujuan": self.tr("Tindak lanjut yang menunggu keputusan atasan"),
            "dikembalikan": self.tr("Tindak lanjut yang dikembalikan atasan untuk diperbaiki"),
            "kotak_keluar": (
                self.tr("Laporan dengan perubahan di komputer ini yang belum sampai ke pusat")
                if self._ctx.actor.has_role("officer", "supervisor")
                else self.tr("Perubahan di komputer ini yang belum sampai ke pusat")
            ),
            "konflik": self.tr("Perubahan yang bertabrakan dengan versi pusat"),
            "semua": self.tr("Semua laporan instansi Anda di komputer ini"),
        }
        return hints[box]

    @Slot()
    def refresh_counts(self) -> None:
        ctx, today = self._ctx, self._today()

        def work(s: Session) -> Any:
            return queries.nav_counts(s, ctx.actor, today, ctx.calendar)

        ctx.runner.run(work, on_done=self._show_counts, owner=self)

    def _show_counts(self, counts: Any) -> None:
        self._counts = counts
        for row in range(self._list.count()):
            item = self._list.item(row)
            box = item.data(BOX_ROLE)
            n = getattr(counts, box, None)
            item.setData(COUNT_ROLE, n)
            # The count is painted as a pill; screen readers get it in words.
            label = self._label(box)
            item.setData(Qt.ItemDataRole.AccessibleTextRole, f"{label}: {n}" if n else label)
        self.countsLoaded.emit(counts)

    def count(self, box: str) -> int | None:
        return getattr(self._counts, box, None) if self._counts is not None else None

    def current_box(self) -> str:
        item = self._list.currentItem()
        return str(item.data(BOX_ROLE)) if item is not None else "semua"

    @Slot(str)
    def select_box(self, box: str) -> None:
        for row in range(self._list.count()):
            if self._list.item(row).data(BOX_ROLE) == box:
                self._list.setCurrentRow(row)
                return

    def clear_highlight(self) -> None:
        """Another page of the sidebar is showing: no box looks chosen."""
        self._list.clearSelection()

    def highlight_box(self, box: str) -> None:
        """Show `box` as the chosen row without choosing it again (the page is already up)."""
        self._list.clearSelection()
        for row in range(self._list.count()):
            if self._list.item(row).data(BOX_ROLE) == box:
                self._list.blockSignals(True)
                try:
                    self._list.setCurrentRow(row)
                finally:
                    self._list.blockSignals(False)
                self._list.item(row).setSelected(True)
                return

    def restore_highlight(self) -> None:
        """A box's page is showing again: its row looks chosen."""
        item = self._list.currentItem()
        if item is not None:
            item.setSelected(True)

    def _on_current(self, item: QListWidgetItem | None, _previous: Any) -> None:
        if item is not None:
            self.boxSelected.emit(str(item.data(BOX_ROLE)))

    def _on_clicked(self, item: QListWidgetItem) -> None:
        # A click on the box already current (after another page was shown) goes back to it.
        item.setSelected(True)
        self.boxSelected.emit(str(item.data(BOX_ROLE)))
