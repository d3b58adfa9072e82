"""The workspace reads whole at its default size: columns fit their text, panes fit their width,
empty places say what to do, the desk's outbox shows its unsent work."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from PySide6.QtCore import QSettings, Qt
from PySide6.QtGui import QFont, QFontMetrics
from PySide6.QtWidgets import QStyleOptionViewItem

from localdb import commands
from tests.ui.feature_fixtures import (
    TODAY,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.inbox.model import COL_DEADLINE, COL_RECEIVED, COL_STATUS, COL_TITLE
from ui.inbox.panel import InboxPanel
from ui.report.pane import ReportPane
from ui.shell import pages
from ui.shell.main_window import REPORT_WIDTH, SIDEBAR_WIDTH, MainWindow


@pytest.fixture
def ctx(tmp_path: Path):
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1, respond_in=-34), make_report(2, respond_in=5)])
    with profile.session() as s, s.begin():
        actor = make_actor("officer")
        commands.request_handoff(s, actor, "r-00002", "ag-dinkes", "Bukan kewenangan dinas ini.")
    c = make_ctx(profile, make_actor("officer"))
    yield c
    close_ctx(c)


def _bold(font: QFont) -> QFontMetrics:
    bold = QFont(font)
    bold.setBold(True)
    return QFontMetrics(bold)


def test_inbox_columns_show_whole_badges_statuses_and_dates(qtbot, ctx):
    panel = InboxPanel(ctx, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    table, header = panel.table, panel.table.horizontalHeader()
    shown = [panel.model.index(r, COL_STATUS).data() for r in range(2)]
    assert any("Menunggu dikirim" in s for s in shown)
    badges = [panel.model.index(r, COL_DEADLINE).data() for r in range(2)]
    assert "Lewat 34 hari kerja" in badges and "5 hari kerja lagi" in badges
    qtbot.waitUntil(
        lambda: (
            header.sectionSize(COL_STATUS)
            > _bold(table.font()).horizontalAdvance(max(shown, key=len))
        ),
        timeout=3000,
    )
    delegate = table.itemDelegateForColumn(COL_DEADLINE)
    option = QStyleOptionViewItem()
    option.font = table.font()
    for row in range(2):
        index = panel.model.index(row, COL_DEADLINE)
        needed = delegate.sizeHint(option, index).width()
        assert needed > QFontMetrics(table.font()).horizontalAdvance(index.data())
        assert header.sectionSize(COL_DEADLINE) >= needed
        received = panel.model.index(row, COL_RECEIVED).data()
        assert re.fullmatch(r"\d\d-\d\d-\d{4}", received)
        assert header.sectionSize(COL_RECEIVED) > _bold(table.font()).horizontalAdvance(received)
    assert header.sectionSize(COL_TITLE) >= 100  # the title keeps the rest


def test_empty_box_says_why_and_what_to_do(qtbot, ctx):
    panel = InboxPanel(ctx, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    assert not panel.empty.isVisible()
    with qtbot.waitSignal(panel.model.reloaded, timeout=5000):
        panel.set_box("draf")
    qtbot.waitUntil(panel.empty.isVisible, timeout=3000)
    assert "Tulis tindak lanjut" in panel.empty.text()
    with qtbot.waitSignal(panel.model.reloaded, timeout=5000):
        panel.set_box("semua")
    assert not panel.empty.isVisible()


def test_report_pane_fits_its_width_with_the_editor_open(qtbot, ctx):
    pane = ReportPane(ctx, today=lambda: TODAY)
    qtbot.addWidget(pane)
    pane.resize(REPORT_WIDTH, 700)
    pane.show()
    assert pane.placeholder.isVisible() and "Pilih laporan" in pane.placeholder.text()
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_report("r-00001")
    pane.new_followup()
    pane.editor.templates.addItem("Templat dengan judul yang sangat panjang sekali " * 3, "x")
    qtbot.waitUntil(pane.editor.isVisible, timeout=3000)
    scroll = pane._scroll
    assert scroll.horizontalScrollBarPolicy() == Qt.ScrollBarPolicy.ScrollBarAlwaysOff
    assert scroll.widget().minimumSizeHint().width() <= scroll.viewport().width()


def _window(qtbot, tmp_path: Path, ctx) -> MainWindow:
    state = QSettings(str(tmp_path / "ui-state.ini"), QSettings.Format.IniFormat)
    window = MainWindow(ctx, state)
    qtbot.addWidget(window)
    window.resize(1366, 800)
    window.show()
    qtbot.waitExposed(window)
    return window


def test_default_layout_gives_the_inbox_the_room(qtbot, tmp_path, ctx):
    window = _window(qtbot, tmp_path, ctx)
    sidebar, _rest = window.main_split.sizes()
    inbox, report = window.inbox_split.sizes()
    # About 180 px, wider only as far as the longest box name needs (never cut).
    assert SIDEBAR_WIDTH <= sidebar <= 220 and sidebar >= window.sidebar.minimumWidth()
    assert abs(report - REPORT_WIDTH) <= 10
    assert inbox > report


def test_sidebar_highlights_one_row_and_goes_back_to_a_box(qtbot, tmp_path, ctx):
    window = _window(qtbot, tmp_path, ctx)
    nav = window.pages.nav._list
    log_row = window.page_list.item(window.page_list.count() - 1)
    window.show_page(pages.SYNCLOG)
    assert log_row.isSelected() and not nav.selectedItems()
    # Clicking the box that is still current brings the inbox back.
    rect = nav.visualItemRect(nav.currentItem())
    qtbot.mouseClick(nav.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    assert window.current_page() == pages.INBOX
    assert not log_row.isSelected() and nav.currentItem().isSelected()


def test_desk_outbox_box_opens_the_sync_log(qtbot, tmp_path):
    profile = open_profile(tmp_path)
    c = make_ctx(profile, make_actor("desk", user_id="u-desk1"))
    try:
        window = _window(qtbot, tmp_path, c)
        assert window.current_page() == pages.INTAKE
        window.pages.nav.select_box("kotak_keluar")
        assert window.current_page() == pages.SYNCLOG
    finally:
        close_ctx(c)


def test_every_interface_string_has_english() -> None:
    import xml.etree.ElementTree as ET

    from ui.resources import translation_file

    root = ET.parse(translation_file("en").with_suffix(".ts")).getroot()
    untranslated, lost = [], []
    for context in root.findall("context"):
        name = context.findtext("name") or ""
        for message in context.findall("message"):
            kind = message.find("translation").get("type")  # type: ignore[union-attr]
            if kind in ("vanished", "obsolete"):
                continue
            source = message.findtext("source")
            if kind == "unfinished":
                untranslated.append(source)
            if not name:  # a context the code never asks for: the English would never show
                lost.append(source)
    assert untranslated == [] and lost == []


def test_a_long_title_reads_on_two_lines_before_it_is_cut(qtbot, ctx):
    """Beside the report pane at 125 % the title column is narrow: the title wraps onto a
    second line, in a row tall enough for two bold lines, before it is cut with an ellipsis."""
    panel = InboxPanel(ctx, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(700, 500)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() == 2, timeout=5000)
    table = panel.table
    index = panel.model.index(0, COL_TITLE)
    width = table.horizontalHeader().sectionSize(COL_TITLE)
    bold = _bold(table.font())
    assert bold.horizontalAdvance(index.data()) > width  # one line would cut it
    assert table.rowHeight(0) >= 2 * bold.lineSpacing()
    option = QStyleOptionViewItem()
    table.itemDelegateForColumn(COL_TITLE).initStyleOption(option, index)
    assert option.features & QStyleOptionViewItem.ViewItemFeature.WrapText
