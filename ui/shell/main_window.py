"""The main window: assembles the feature pages, the menus, the shortcuts and the status bar.

Features do the work; this file only places them and routes the shell's actions to them.
"""

from __future__ import annotations

from collections.abc import Sequence
from functools import partial

from PySide6.QtCore import QSettings, Qt, Signal, Slot
from PySide6.QtGui import QAction, QCloseEvent
from PySide6.QtWidgets import (
    QMainWindow,
    QMessageBox,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from sync.version import app_version
from ui.context import AppContext
from ui.notify.banner import NewsBanner
from ui.notify.notifier import SyncNotifier
from ui.shell import pages as p
from ui.shell.shortcuts import ShortcutsDialog, key_sequences, shortcuts
from ui.shell.sidebar import Sidebar
from ui.shell.statusbar import SyncStatusBar
from ui.shell.sync_status import SyncStatusFeed

# Default widths at first start: the sidebar, and the report pane (the inbox takes the rest).
SIDEBAR_WIDTH, REPORT_WIDTH = 180, 480


class MainWindow(QMainWindow):
    settingsRequested = Signal()
    demoUserRequested = Signal(str)
    logoutRequested = Signal()  # Berkas › Keluar / Ganti pengguna (office mode)

    def __init__(
        self,
        ctx: AppContext,
        ui_state: QSettings,
        *,
        demo_users: Sequence[str] = (),
        title_suffix: str = "",
        can_log_out: bool = False,
    ) -> None:
        super().__init__()
        self.ctx = ctx
        self._ui_state = ui_state
        self.setWindowTitle(self.tr("Simpul – Layanan Pengaduan") + title_suffix)
        self.pages = p.build_pages(ctx)
        self.stack = QStackedWidget(self)
        self._page_index: dict[str, int] = {}
        self._inbox_box: str | None = None  # the box the inbox page lists
        self._build_central()
        self.status = SyncStatusBar(parent=self)
        self.statusBar().addWidget(self.status, 1)
        self.status.errorClicked.connect(lambda: self.show_page(p.SYNCLOG))
        self.sync_feed = SyncStatusFeed(ctx, self.status, parent=self)
        self.notifier = SyncNotifier(ctx, self.news_banner, parent=self)
        self.actions_by_id: dict[str, QAction] = {}
        self._build_actions()
        self._build_menus(demo_users, can_log_out)
        self._connect_features()
        self._restore_state()
        self.show_page(p.INTAKE if self.pages.intake is not None else p.INBOX)

    # --- building ---------------------------------------------------------------------------------

    def _build_central(self) -> None:
        pg = self.pages
        self.inbox_split = QSplitter(Qt.Orientation.Horizontal)
        self.inbox_split.addWidget(pg.inbox)
        self.inbox_split.addWidget(pg.report)
        self.inbox_split.setStretchFactor(0, 1)
        self.inbox_split.setStretchFactor(1, 0)  # a wider window widens the list
        self.inbox_split.setCollapsible(1, False)
        self._add_page(p.INBOX, self.inbox_split)
        for page_id, widget in (
            (p.APPROVAL, pg.approval),
            (p.CONFLICTS, pg.conflicts),
            (p.SYNCLOG, pg.synclog),
            (p.INTAKE, pg.intake),
            (p.DASHBOARD, pg.dashboard),
        ):
            if widget is not None:
                self._add_page(page_id, widget)
        self.sidebar = self._build_sidebar()
        self.page_list = self.sidebar.page_list()
        self.main_split = QSplitter(Qt.Orientation.Horizontal)
        self.main_split.addWidget(self.sidebar)
        self.main_split.addWidget(self.stack)
        self.main_split.setStretchFactor(0, 0)
        self.main_split.setStretchFactor(1, 1)
        self.main_split.setCollapsible(0, False)
        # The news of the last sync sits above the pages, across the window.
        self.news_banner = NewsBanner()
        central = QWidget(self)
        column = QVBoxLayout(central)
        column.setContentsMargins(0, 0, 0, 0)
        column.setSpacing(4)
        column.addWidget(self.news_banner)
        column.addWidget(self.main_split, 1)
        self.setCentralWidget(central)

    def _add_page(self, page_id: str, widget: QWidget) -> None:
        self._page_index[page_id] = self.stack.addWidget(widget)

    def _build_sidebar(self) -> Sidebar:
        """The boxes, plus the pages that are not a box: walk-in desk, approval, sync log."""
        tip_intake = self.tr("Catat pengaduan warga yang datang langsung ke kantor")
        tip_approval = self.tr("Tindak lanjut petugas yang menunggu keputusan Anda")
        tip_log = self.tr("Apa yang belum terkirim dan riwayat hubungan dengan pusat")
        top = [(p.INTAKE, self.tr("Loket Pengaduan"), tip_intake)]
        tip_dashboard = self.tr("Angka kantor per bulan dan per petugas, dan rekap untuk Excel")
        bottom = [
            (p.APPROVAL, self.tr("Antrean Persetujuan"), tip_approval),
            (p.DASHBOARD, self.tr("Kinerja Kantor"), tip_dashboard),
            (p.SYNCLOG, self.tr("Log Sinkronisasi"), tip_log),
        ]
        sidebar = Sidebar(
            self.pages.nav,
            top=[e for e in top if e[0] in self._page_index],
            top_heading=self.tr("Loket"),
            bottom=[e for e in bottom if e[0] in self._page_index],
        )
        sidebar.pageChosen.connect(self.show_page)
        return sidebar

    def _build_actions(self) -> None:
        handlers = {
            "sync_now": self.sync_now,
            "search": self.focus_search,
            "new_followup": self.new_followup,
            "next_report": self.next_report,
            "previous_report": self.previous_report,
            "show_inbox": lambda: self.show_page(p.INBOX),
            "show_synclog": lambda: self.show_page(p.SYNCLOG),
            "settings": self.settingsRequested.emit,
            "shortcuts_help": self.show_shortcuts,
            "quit": self.close,
        }
        for sc in shortcuts():
            action = QAction(sc.label, self)
            action.setShortcuts(key_sequences(sc))
            action.setShortcutContext(Qt.ShortcutContext.WindowShortcut)
            action.triggered.connect(handlers[sc.action])
            self.addAction(action)  # shortcuts work even while the menu bar is hidden
            self.actions_by_id[sc.action] = action

    def _build_menus(self, demo_users: Sequence[str], can_log_out: bool = False) -> None:
        a = self.actions_by_id
        bar = self.menuBar()
        file_menu = bar.addMenu(self.tr("&Berkas"))
        file_menu.addAction(a["settings"])
        if demo_users:
            demo = file_menu.addMenu(self.tr("Ganti pengguna demo"))
            for user in demo_users:
                demo.addAction(user, partial(self.demoUserRequested.emit, user))
        if can_log_out:
            logout = file_menu.addAction(self.tr("Keluar / Ganti pengguna"))
            logout.setObjectName("logoutAction")
            logout.triggered.connect(self.logoutRequested)
        file_menu.addSeparator()
        file_menu.addAction(a["quit"])
        sync_menu = bar.addMenu(self.tr("&Sinkronisasi"))
        sync_menu.addAction(a["sync_now"])
        sync_menu.addAction(a["show_synclog"])
        view = bar.addMenu(self.tr("&Tampilan"))
        view.addAction(a["show_inbox"])
        for page_id, label in (
            (p.APPROVAL, self.tr("Antrean Persetujuan")),
            (p.CONFLICTS, self.tr("Konflik")),
            (p.INTAKE, self.tr("Loket Pengaduan")),
        ):
            if page_id in self._page_index:
                view.addAction(label, partial(self.show_page, page_id))
        view.addSeparator()
        for action_id in ("search", "next_report", "previous_report", "new_followup"):
            view.addAction(a[action_id])
        help_menu = bar.addMenu(self.tr("B&antuan"))
        help_menu.addAction(a["shortcuts_help"])
        help_menu.addAction(self.tr("Tentang Simpul"), self.show_about)

    def _connect_features(self) -> None:
        pg = self.pages
        pg.nav.boxSelected.connect(self.on_box_selected)
        pg.inbox.reportSelected.connect(self.open_report)
        self.ctx.events.openReport.connect(self.open_report_anywhere)
        self.notifier.openRequested.connect(self.open_news_report)
        self.on_box_selected(pg.nav.current_box())  # the list shows the box the nav highlights

    # --- routing ----------------------------------------------------------------------------------

    def current_page(self) -> str:
        index = self.stack.currentIndex()
        return next((k for k, v in self._page_index.items() if v == index), p.INBOX)

    @Slot(str)
    def show_page(self, page_id: str) -> None:
        if page_id in self._page_index:
            self.stack.setCurrentIndex(self._page_index[page_id])
            self.sidebar.show_current(page_id, self._box_of_page(page_id))

    def _box_of_page(self, page_id: str) -> str | None:
        """The box that stands for a page with no sidebar row of its own."""
        if page_id == p.CONFLICTS:
            return "konflik"
        return self._inbox_box if page_id == p.INBOX else None

    @Slot(str)
    def on_box_selected(self, box: str) -> None:
        roles = set(getattr(self.ctx.actor, "roles", ()) or ())
        if box == "konflik":
            self.show_page(p.CONFLICTS)
        elif (
            box == "menunggu_persetujuan"
            and "supervisor" in roles
            and p.APPROVAL in self._page_index
        ):
            self.show_page(p.APPROVAL)
        elif box == "kotak_keluar" and not self.ctx.actor.has_role("officer", "supervisor"):
            self.show_page(p.SYNCLOG)  # the desk's outbox is its unsent intakes, listed there
        else:
            self._inbox_box = box
            self.show_page(p.INBOX)
            self.pages.inbox.set_box(box)

    @Slot(str)
    def open_report(self, report_id: str) -> None:
        self.pages.report.show_report(report_id)

    @Slot(str)
    def open_report_anywhere(self, report_id: str) -> None:
        """From another page (approval, conflicts): go to the inbox page and show exactly that
        report, in a list that holds it: when the current box does not, "Semua Laporan"."""
        self.show_page(p.INBOX)
        if not self.pages.inbox.select_report(report_id):
            self.pages.inbox.select_when_listed(report_id)
            self.pages.nav.select_box("semua")
        self.open_report(report_id)

    @Slot(str)
    def open_news_report(self, report_id: str) -> None:
        """From the banner or the tray's message: bring the window up and show that report."""
        if self.isMinimized():
            self.showNormal()
        self.raise_()
        self.activateWindow()
        self.open_report_anywhere(report_id)

    # --- actions ----------------------------------------------------------------------------------

    @Slot()
    def sync_now(self) -> None:
        if self.ctx.sync is not None:
            self.ctx.sync.syncNow()

    @Slot()
    def focus_search(self) -> None:
        self.show_page(p.INBOX)
        self.pages.inbox.focus_search()

    @Slot()
    def new_followup(self) -> None:
        self.show_page(p.INBOX)
        self.pages.report.new_followup()

    @Slot()
    def next_report(self) -> None:
        self.show_page(p.INBOX)
        self.pages.inbox.select_next()

    @Slot()
    def previous_report(self) -> None:
        self.show_page(p.INBOX)
        self.pages.inbox.select_previous()

    @Slot()
    def show_shortcuts(self) -> None:
        ShortcutsDialog(self).exec()

    @Slot()
    def show_about(self) -> None:
        QMessageBox.about(self, self.tr("Tentang Simpul"), self.about_text())

    def about_text(self) -> str:
        return self.tr(
            "Simpul versi {version}\n"
            "Simpul – aplikasi kantor penghubung SP4N-LAPOR!\n"
            "Bekerja tanpa koneksi; perubahan dikirim saat tersambung.\n\n"
            "Sebutkan nomor versi ini bila menghubungi petugas dukungan TI."
        ).format(version=app_version())

    # --- window state -----------------------------------------------------------------------------

    def _restore_state(self) -> None:
        geometry = self._ui_state.value("main/geometry")
        if geometry is None or not self.restoreGeometry(geometry):
            self.resize(1366, 800)
        side = max(SIDEBAR_WIDTH, self.sidebar.minimumWidth())  # a longer translation widens it
        rest = max(self.width() - side, 2 * REPORT_WIDTH)
        self.main_split.setSizes([side, rest])
        self.inbox_split.setSizes([rest - REPORT_WIDTH, REPORT_WIDTH])
        for key, splitter in (("main/split", self.main_split), ("main/inbox", self.inbox_split)):
            state = self._ui_state.value(key)
            if state is not None:
                splitter.restoreState(state)

    def save_state(self) -> None:
        self._ui_state.setValue("main/geometry", self.saveGeometry())
        self._ui_state.setValue("main/split", self.main_split.saveState())
        self._ui_state.setValue("main/inbox", self.inbox_split.saveState())
        self._ui_state.sync()

    def closeEvent(self, event: QCloseEvent) -> None:
        self.save_state()
        super().closeEvent(event)
