"""New work arrives loudly: a real server, a real sync, the real main window.

The world (the national admin, the supervisor on their own PC, a reporter) acts over HTTP; the
officer's window syncs through the real engine and must say so in one banner, mark the reports
in the inbox, clear a mark when the report is opened, and keep the rest after a restart.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
import shiboken6
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QListWidget
from sqlalchemy import select

from domain.calendar import WorkingCalendar
from localdb import commands
from localdb.models import Followup
from sync.summary import SyncSummary
from tests.support.server import AGENCY_A, Central, _start, op
from tests.sync.clients import SyncClient
from ui.context import AppContext, UiEvents
from ui.inbox.model import COL_TITLE, NEWS_ROLE
from ui.inbox.navigation import BOX_ROLE, COUNT_ROLE
from ui.notify.text import tray_message
from ui.shell.main_window import MainWindow
from ui.sync.adapter import SyncController
from ui.tasks import TaskRunner

REPORTER = "Sutrisno Wibowo"  # personal data that must not reach the banner or the tray
TITLE = "Saluran air mampet di gang Melati"


@pytest.fixture(scope="module")
def central(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Central]:
    data_dir = tmp_path_factory.mktemp("central")
    server = _start(f"sqlite:///{data_dir / 'central.db'}", data_dir)
    assert server.base_url is not None
    world = Central(server.base_url, server.admin_token, "sqlite", server)
    try:
        yield world
    finally:
        world.close_clients()
        server.stop()


class Office:
    """The officer's PC: a profile, a sync engine behind its Qt controller, the main window."""

    def __init__(self, qtbot: Any, folder: Path, central: Central) -> None:
        self.qtbot = qtbot
        self.folder = folder
        self.central = central
        self.client = SyncClient(folder, central.base_url, "officer1").login()
        self.runner = TaskRunner(self.client.profile.session)
        self.sync = SyncController(self.client.engine, runner=self.runner, interval_s=3600)
        ctx = AppContext(
            runner=self.runner,
            events=UiEvents(),
            actor=self.client.actor,
            calendar=WorkingCalendar.indonesia([dt.date.today().year]),
            profile=self.client.profile,
            sync=self.sync,
        )
        self.sync.changedReports.connect(ctx.events.reportsChanged)
        state = QSettings(str(folder.parent / "ui-state.ini"), QSettings.Format.IniFormat)
        self.window = MainWindow(ctx, state)  # deleted in `close`, as the app does
        self.window.resize(1366, 705)
        self.window.show()
        qtbot.waitExposed(self.window)
        self.window.pages.nav.select_box("semua")
        self.wait_idle()

    def start(self) -> SyncSummary:
        """The controller's thread and its first cycle, as at login."""
        with self.qtbot.waitSignal(self.sync.finished, timeout=30_000) as done:
            self.sync.start()
        self.wait_idle()
        summary: SyncSummary = done.args[0]
        assert summary.ok, summary.message
        return summary

    def wait_idle(self) -> None:
        self.qtbot.waitUntil(lambda: self.runner.is_idle(), timeout=10_000)
        inbox = self.window.pages.inbox.model
        self.qtbot.waitUntil(lambda: not inbox.is_busy(), timeout=10_000)

    def sync_now(self) -> SyncSummary:
        # A cycle already running would answer for this one: wait for it first.
        self.qtbot.waitUntil(lambda: not self.sync.running, timeout=30_000)
        with self.qtbot.waitSignal(self.sync.finished, timeout=30_000) as done:
            self.sync.syncNow()
        self.wait_idle()
        summary: SyncSummary = done.args[0]
        assert summary.ok, summary.message
        return summary

    def marks(self) -> dict[str, str | None]:
        model = self.window.pages.inbox.model
        return {
            str(model.report_id(row)): model.index(row, COL_TITLE).data(NEWS_ROLE)
            for row in range(model.rowCount())
        }

    def close(self) -> None:
        """As the app closes a workspace: the window goes before the runner stops, so none of
        its timers queues work on a stopped runner."""
        self.sync.stop()
        shiboken6.delete(self.window)
        self.runner.shutdown(wait=True)
        self.client.close()


def test_new_work_is_announced_marked_cleared_and_kept(qtbot, tmp_path: Path, central: Central):
    first = central.disposed_report(AGENCY_A, title="Lampu taman padam")
    folder = tmp_path / "officer1"
    office = Office(qtbot, folder, central)
    try:
        office.start()  # the first load: every report is new to the profile, none is news
        banner = office.window.news_banner
        assert banner.isHidden()
        assert office.marks() == {first["id"]: None}
        assert office.window.notifier.tray is None  # offscreen: no system tray, the banner says it

        # The officer answers; their own follow-up going out is no news to them.
        with office.client.profile.session() as s, s.begin():
            commands.save_draft(s, office.client.actor, first["id"], "Lampu sudah diganti baru.")
            followup_id = commands.submit_followup(s, office.client.actor, first["id"])
        assert office.sync_now().pushed == 1
        assert banner.isHidden()

        # The world moves: the supervisor returns it from their PC, the reporter answers, and
        # the national admin disposes a new complaint to the office.
        with office.client.profile.read_session() as s, s.begin():
            version = s.scalar(select(Followup.version).where(Followup.id == followup_id))
        back = central.api("supervisor1").push_one(
            op("followup.return", followup_id, {"note": "Lengkapi foto."}, version)
        )
        assert back["status"] == "applied", back
        central.admin("POST", f"/reports/{first['id']}/reply", {"message": "Masih padam."})
        fresh = central.disposed_report(
            AGENCY_A, title=TITLE, reporter_name=REPORTER, content="Air meluap ke rumah warga."
        )

        summary = office.sync_now()
        text = banner.plain_text()
        assert not banner.isHidden()
        assert text.startswith(
            "Sinkronisasi membawa: 1 laporan baru, 1 tindak lanjut dikembalikan, 1 balasan pelapor"
        ), text
        # Tracking numbers to click, new work first; nothing personal, here or in the tray.
        assert text.index(fresh["tracking_id"]) < text.index(first["tracking_id"])
        tray = tray_message(office.window.notifier.last)  # type: ignore[arg-type]
        for private in (REPORTER, TITLE, "Air meluap", "Lampu taman", "Masih padam"):
            assert private not in text and private not in tray
        assert summary.news_count("disposed") == 1
        assert office.marks() == {first["id"]: "updated", fresh["id"]: "new"}

        # "Buka laporan" opens the new one; opening clears its mark, only for it.
        with qtbot.waitSignal(office.window.pages.report.loaded, timeout=10_000):
            banner.open_button.click()
        assert office.window.pages.report.report_id() == fresh["id"]
        qtbot.waitUntil(lambda: office.marks()[fresh["id"]] is None, timeout=10_000)
        assert office.marks()[first["id"]] == "updated"
    finally:
        office.close()

    # A restart: a new window over the same profile keeps what was seen and what was not.
    again = Office(qtbot, folder, central)
    try:
        assert again.window.news_banner.isHidden()
        assert again.marks() == {first["id"]: "updated", fresh["id"]: None}
        model = again.window.pages.inbox.model
        row = model.row_of(first["id"])
        assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.FontRole).bold()
        assert (
            model.index(row, COL_TITLE)
            .data(Qt.ItemDataRole.AccessibleTextRole)
            .startswith("Diperbarui: ")
        )
        # Opening it from the inbox clears it as well.
        with qtbot.waitSignal(again.window.pages.report.loaded, timeout=10_000):
            again.window.pages.inbox.select_report(first["id"])
        qtbot.waitUntil(lambda: again.marks()[first["id"]] is None, timeout=10_000)
    finally:
        again.close()


def test_the_news_box_lists_what_a_sync_brought_and_its_count_drops_as_it_is_opened(
    qtbot, tmp_path: Path, central: Central
):
    known = central.disposed_report(AGENCY_A, title="Trotoar retak di depan sekolah")
    calm = central.disposed_report(AGENCY_A, title="Pohon tumbang di taman kota")
    office = Office(qtbot, tmp_path / "officer1", central)
    try:
        office.start()  # the first load: nothing is news, the box is empty and has no count
        nav, inbox = office.window.pages.nav, office.window.pages.inbox
        qtbot.waitUntil(lambda: nav.count("baru_diperbarui") == 0, timeout=10_000)

        fresh = [
            central.disposed_report(AGENCY_A, title=title)
            for title in ("Lampu jalan padam di simpang pasar", "Drainase tersumbat di gang")
        ]
        central.admin("POST", f"/reports/{known['id']}/reply", {"message": "Belum diperbaiki."})
        office.sync_now()
        qtbot.waitUntil(lambda: nav.count("baru_diperbarui") == 3, timeout=10_000)
        item = nav.findChild(QListWidget, "navList").item(0)
        assert item.data(BOX_ROLE) == "baru_diperbarui" and item.data(COUNT_ROLE) == 3
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Baru & Diperbarui: 3"

        # The officer back from lunch: one click lists exactly what came, marked.
        nav.select_box("baru_diperbarui")
        office.wait_idle()
        wanted = {fresh[0]["id"]: "new", fresh[1]["id"]: "new", known["id"]: "updated"}
        assert office.marks() == wanted
        assert calm["id"] not in office.marks()

        # Opening one clears its mark: the count drops, the list lets it go, the pane keeps it.
        with qtbot.waitSignal(office.window.pages.report.loaded, timeout=10_000):
            inbox.select_report(fresh[0]["id"])
        qtbot.waitUntil(lambda: nav.count("baru_diperbarui") == 2, timeout=10_000)
        qtbot.waitUntil(lambda: fresh[0]["id"] not in office.marks(), timeout=10_000)
        assert office.window.pages.report.report_id() == fresh[0]["id"]
        assert office.marks() == {fresh[1]["id"]: "new", known["id"]: "updated"}

        # The next sync brings nothing: the count stays; the last two opened empty the box.
        office.sync_now()
        qtbot.waitUntil(lambda: nav.count("baru_diperbarui") == 2, timeout=10_000)
        for rid in (fresh[1]["id"], known["id"]):
            with qtbot.waitSignal(office.window.pages.report.loaded, timeout=10_000):
                inbox.select_report(rid)
        qtbot.waitUntil(lambda: nav.count("baru_diperbarui") == 0, timeout=10_000)
        qtbot.waitUntil(lambda: inbox.model.rowCount() == 0, timeout=10_000)
        qtbot.waitUntil(lambda: inbox.empty.isVisible(), timeout=10_000)
        assert "belum Anda buka" in inbox.empty.text()
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Baru & Diperbarui"
    finally:
        office.close()
