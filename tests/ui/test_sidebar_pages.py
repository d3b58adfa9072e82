"""The sidebar shows where the officer is: the row of the page on screen, and only that row."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtWidgets import QListWidget

from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.inbox.navigation import BOX_ROLE
from ui.shell import pages
from ui.shell.main_window import MainWindow
from ui.shell.sidebar import PAGE_ROLE


@pytest.fixture
def window_for(qtbot, tmp_path: Path):
    contexts = []

    def make(role: str) -> MainWindow:
        profile = open_profile(tmp_path / role)
        fill(profile, [make_report(1, respond_in=-3), make_report(2, respond_in=5)])
        ctx = make_ctx(profile, make_actor(role))
        contexts.append(ctx)
        state = QSettings(str(tmp_path / f"{role}.ini"), QSettings.Format.IniFormat)
        window = MainWindow(ctx, state)
        qtbot.addWidget(window)
        window.resize(1366, 800)
        window.show()
        qtbot.waitExposed(window)
        return window

    yield make
    for ctx in contexts:
        close_ctx(ctx)


def highlighted(window: MainWindow) -> list[str]:
    """Every row that looks chosen, box rows and page rows alike."""
    nav: QListWidget = window.pages.nav._list
    rows = [str(item.data(BOX_ROLE)) for item in nav.selectedItems()]
    for lst in window.sidebar.lists:
        rows += [str(item.data(PAGE_ROLE)) for item in lst.selectedItems()]
    return rows


def click_box(qtbot, window: MainWindow, box: str) -> None:
    nav: QListWidget = window.pages.nav._list
    item = next(nav.item(r) for r in range(nav.count()) if nav.item(r).data(BOX_ROLE) == box)
    rect = nav.visualItemRect(item)
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())


def test_conflicts_page_highlights_the_conflict_box(window_for):
    window = window_for("officer")
    assert highlighted(window) == ["perlu_tindak_lanjut"]
    window.show_page(pages.CONFLICTS)
    assert window.current_page() == pages.CONFLICTS
    assert highlighted(window) == ["konflik"]


def test_each_page_highlights_only_its_own_row(window_for):
    window = window_for("officer")
    window.show_page(pages.CONFLICTS)
    window.show_page(pages.SYNCLOG)
    assert highlighted(window) == [pages.SYNCLOG]
    window.show_page(pages.CONFLICTS)
    assert highlighted(window) == ["konflik"]


def test_back_to_the_inbox_highlights_the_box_it_lists(qtbot, window_for):
    window = window_for("officer")
    click_box(qtbot, window, "lewat_tenggat")
    assert window.current_page() == pages.INBOX
    click_box(qtbot, window, "konflik")
    assert window.current_page() == pages.CONFLICTS
    assert highlighted(window) == ["konflik"]
    window.actions_by_id["show_inbox"].trigger()
    assert window.current_page() == pages.INBOX
    assert highlighted(window) == ["lewat_tenggat"]
    assert window.pages.nav.current_box() == "lewat_tenggat"


def test_approval_queue_highlights_its_row_not_a_box(qtbot, window_for):
    window = window_for("supervisor")
    window.show_page(pages.APPROVAL)
    assert highlighted(window) == [pages.APPROVAL]
    click_box(qtbot, window, "konflik")
    assert window.current_page() == pages.CONFLICTS
    assert highlighted(window) == ["konflik"]
    click_box(qtbot, window, "menunggu_persetujuan")
    assert window.current_page() == pages.APPROVAL
    assert highlighted(window) == [pages.APPROVAL]


def test_the_outbox_count_beside_the_box_is_the_number_of_rows_it_lists(qtbot, tmp_path: Path):
    """An officer answers a report and asks to hand it off: two changes wait on one report.
    The sidebar must say 1, as the list under "Kotak Keluar" shows one report."""
    from localdb import commands as cmd

    profile = open_profile(tmp_path)
    fill(profile, [make_report(1), make_report(2)])
    actor = make_actor("officer")
    with profile.session() as s, s.begin():
        cmd.save_draft(s, actor, "r-00001", "Jalan sudah ditambal oleh tim pemeliharaan.")
        cmd.submit_followup(s, actor, "r-00001")
        cmd.request_handoff(s, actor, "r-00001", "ag-lain", "Bukan kewenangan dinas ini.")
    ctx = make_ctx(profile, actor)
    try:
        window = MainWindow(ctx, QSettings(str(tmp_path / "ui.ini"), QSettings.Format.IniFormat))
        qtbot.addWidget(window)
        window.resize(1366, 705)
        window.show()
        nav = window.pages.nav
        qtbot.waitUntil(lambda: nav.count("kotak_keluar") is not None)
        click_box(qtbot, window, "kotak_keluar")
        model = window.pages.inbox.model
        qtbot.waitUntil(lambda: model.rowCount() == 1)
        item = next(
            nav._list.item(r)
            for r in range(nav._list.count())
            if nav._list.item(r).data(BOX_ROLE) == "kotak_keluar"
        )
        assert item.data(Qt.ItemDataRole.AccessibleTextRole) == "Kotak Keluar: 1"
        qtbot.wait(50)  # a second page or a late reload would show here
        assert model.rowCount() == 1
    finally:
        close_ctx(ctx)
