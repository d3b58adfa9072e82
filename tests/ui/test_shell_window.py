"""The main window: shortcuts trigger their actions, pages switch, geometry is kept."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import QObject, QSettings, Qt, Signal, Slot

from domain.calendar import WorkingCalendar
from localdb.actor import Actor
from localdb.profile import Profile
from tests.support.crypt import TEST_KEY
from ui.context import AppContext, UiEvents
from ui.shell import pages
from ui.shell.main_window import MainWindow
from ui.shell.shortcuts import shortcuts
from ui.tasks import TaskRunner


class RecordingSync(QObject):
    """The SyncController's signal surface, recording what the window asks of it."""

    stateChanged = Signal(str)
    progress = Signal(str, int, int, int)
    finished = Signal(object)
    changedReports = Signal(list)

    def __init__(self) -> None:
        super().__init__()
        self.sync_now_calls = 0

    @Slot()
    def syncNow(self) -> None:
        self.sync_now_calls += 1


def make_window(
    qtbot, tmp_path: Path, roles=("officer",), profile_name: str = "profile"
) -> tuple[MainWindow, RecordingSync]:
    profile = Profile.open(tmp_path / profile_name, key=TEST_KEY)
    runner = TaskRunner(profile.session)
    sync = RecordingSync()
    ctx = AppContext(
        runner=runner,
        events=UiEvents(),
        actor=Actor("u1", "officer1", frozenset(roles), "a1", "d1"),
        calendar=WorkingCalendar.indonesia([dt.date.today().year]),
        profile=profile,
        sync=sync,
    )
    state = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, state)
    qtbot.addWidget(window)
    window.show()
    qtbot.waitExposed(window)
    qtbot.waitUntil(runner.is_idle)

    def cleanup() -> None:
        runner.shutdown()
        profile.close()

    window.destroyed.connect(cleanup)
    return window, sync


@pytest.fixture
def win(qtbot, tmp_path):
    return make_window(qtbot, tmp_path)


def test_sync_now_by_ctrl_r_and_f5(qtbot, win) -> None:
    window, sync = win
    qtbot.keyClick(window, Qt.Key.Key_R, Qt.KeyboardModifier.ControlModifier)
    qtbot.keyClick(window, Qt.Key.Key_F5)
    assert sync.sync_now_calls == 2


def test_ctrl_f_focuses_search_on_the_inbox_page(qtbot, win) -> None:
    window, _ = win
    window.show_page(pages.SYNCLOG)
    qtbot.keyClick(window, Qt.Key.Key_F, Qt.KeyboardModifier.ControlModifier)
    assert window.current_page() == pages.INBOX
    search = getattr(window.pages.inbox, "search", None)
    if search is not None:
        qtbot.waitUntil(search.hasFocus)


@pytest.mark.parametrize(
    ("key", "mod", "method"),
    [
        (Qt.Key.Key_J, Qt.KeyboardModifier.ControlModifier, "select_next"),
        (Qt.Key.Key_Down, Qt.KeyboardModifier.AltModifier, "select_next"),
        (Qt.Key.Key_K, Qt.KeyboardModifier.ControlModifier, "select_previous"),
        (Qt.Key.Key_Up, Qt.KeyboardModifier.AltModifier, "select_previous"),
    ],
)
def test_next_previous_report(qtbot, win, key, mod, method) -> None:
    window, _ = win
    calls: list[str] = []
    setattr(window.pages.inbox, method, lambda: calls.append(method))
    qtbot.keyClick(window, key, mod)
    assert calls == [method]


def test_ctrl_n_asks_the_report_pane_for_a_new_followup(qtbot, win) -> None:
    window, _ = win
    calls: list[str] = []
    window.pages.report.new_followup = lambda: calls.append("new")  # type: ignore[attr-defined]
    qtbot.keyClick(window, Qt.Key.Key_N, Qt.KeyboardModifier.ControlModifier)
    assert calls == ["new"]


def test_every_shortcut_is_bound_and_listed(win) -> None:
    window, _ = win
    for sc in shortcuts():
        bound = {s.toString() for s in window.actions_by_id[sc.action].shortcuts()}
        assert set(sc.keys) <= bound


def test_status_bar_follows_sync_signals(qtbot, win) -> None:
    window, sync = win
    sync.stateChanged.emit("syncing")
    sync.progress.emit("push", 1, 4, 100)
    assert "Menyinkronkan" in window.status.state_label.text()
    assert window.status.progress.maximum() == 4
    sync.stateChanged.emit("offline")
    assert "Luring" in window.status.state_label.text()


def test_error_click_opens_sync_log(qtbot, win) -> None:
    window, _ = win
    window.status.set_error("Server menolak")
    qtbot.mouseClick(window.status.error_label, Qt.MouseButton.LeftButton)
    assert window.current_page() == pages.SYNCLOG


def test_pages_per_role(qtbot, tmp_path) -> None:
    officer, _ = make_window(qtbot, tmp_path / "o", roles=("officer",))
    assert officer.pages.approval is None and officer.pages.intake is None
    sup, _ = make_window(qtbot, tmp_path / "s", roles=("officer", "supervisor"))
    sup.on_box_selected("menunggu_persetujuan")
    assert sup.current_page() == pages.APPROVAL
    desk, _ = make_window(qtbot, tmp_path / "d", roles=("desk",))
    assert desk.current_page() == pages.INTAKE


def test_window_state_is_saved_and_restored(qtbot, tmp_path) -> None:
    window, _ = make_window(qtbot, tmp_path)
    window.move(40, 30)
    split, geometry = window.main_split.saveState(), window.saveGeometry()
    window.close()
    state = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    assert state.value("main/split") == split
    assert state.value("main/geometry") == geometry
    # The offscreen screen (800x600) is smaller than the window, so Qt clamps the position;
    # what matters here is that the next window starts from the saved state.
    again, _ = make_window(qtbot, tmp_path, profile_name="other")
    assert again.restoreGeometry(state.value("main/geometry"))


def test_open_report_anywhere_shows_exactly_that_report_in_a_list_that_holds_it(
    qtbot, tmp_path
) -> None:
    from tests.ui.feature_fixtures import fill, make_followup, make_report

    window, _ = make_window(qtbot, tmp_path, roles=("officer", "supervisor"))
    # Answered (a follow-up waits for approval): not in "Perlu Tindak Lanjut", the inbox's box.
    fill(window.ctx.profile, [make_report(1)], [make_followup("r-00001", state="pending_approval")])
    window.ctx.events.reportsChanged.emit(["r-00001"])
    qtbot.waitUntil(window.ctx.runner.is_idle)
    assert window.pages.inbox.model.row_of("r-00001") < 0
    window.open_report_anywhere("r-00001")
    inbox = window.pages.inbox
    qtbot.waitUntil(lambda: inbox.model.row_of("r-00001") >= 0, timeout=5000)
    assert window.current_page() == pages.INBOX
    assert inbox.current_filter().box is None  # "Semua Laporan"
    assert inbox.selected_id() == "r-00001"
    qtbot.waitUntil(lambda: window.pages.report.report_id() == "r-00001", timeout=5000)


def test_the_first_list_page_is_read_once_and_before_the_box_counts(qtbot, tmp_path) -> None:
    """Opening the window reads the chosen box's first page once (the panel's own first load
    gives way to the main window's choice of box), and before the numbers beside the boxes:
    the database lane serves the list the officer is waiting for first."""
    from sqlalchemy import Engine, event

    from tests.ui.feature_fixtures import fill, make_report

    with Profile.open(tmp_path / "profile", key=TEST_KEY) as profile:
        fill(profile, [make_report(i) for i in range(3)])
    statements: list[str] = []

    def record(_conn, _cursor, statement, _params, _context, _many) -> None:
        flat = " ".join(statement.split())
        if "AS has_draft" in flat:
            statements.append("page")
        elif "count(*)" in flat and "FROM draft" in flat:  # one of the navigation's counts
            statements.append("count")

    event.listen(Engine, "before_cursor_execute", record)
    try:
        window, _sync = make_window(qtbot, tmp_path)
    finally:
        event.remove(Engine, "before_cursor_execute", record)
    assert window.pages.inbox.model.rowCount() == 3
    assert statements.count("page") == 1, statements
    assert statements.index("page") < statements.index("count"), statements
