"""The inbox model and panel on a real profile: paging, refresh in place, boxes, navigation."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QModelIndex, Qt
from PySide6.QtWidgets import QHeaderView

from localdb import commands
from tests.ui.feature_fixtures import (
    TODAY,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
)
from ui.inbox.model import COL_DEADLINE, COL_STATUS, COL_TITLE, PAGE_SIZE, InboxModel
from ui.inbox.navigation import BOXES, OFFICER_BOXES, NavPanel
from ui.inbox.panel import InboxPanel
from ui.widgets.sidebar import COUNT_ROLE, LEVEL_ROLE

N_REPORTS = PAGE_SIZE + 50


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    profile = open_profile(tmp_path)
    reports = [make_report(n, respond_in=(n % 9) - 3) for n in range(1, N_REPORTS + 1)]
    fill(profile, reports, [make_followup("r-00002", state="returned")])
    c = make_ctx(profile, make_actor("officer"))
    yield c
    close_ctx(c)


def loaded_model(qtbot, ctx) -> InboxModel:
    model = InboxModel(ctx, today=lambda: TODAY)
    with qtbot.waitSignal(model.reloaded, timeout=5000):
        model.reload()
    return model


def test_model_passes_the_tester_through_fetch_more_and_refresh(qtbot, qtmodeltester, ctx):
    model = loaded_model(qtbot, ctx)
    assert model.rowCount() == PAGE_SIZE
    assert model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)  # stays attached: later signals are checked too
    # The tester itself asks for more rows (fetchMore runs off the UI thread); a view would too.
    qtbot.waitUntil(lambda: not model.is_busy(), timeout=5000)
    if model.canFetchMore(QModelIndex()):
        model.fetchMore(QModelIndex())
    qtbot.waitUntil(lambda: model.rowCount() == N_REPORTS, timeout=5000)
    assert not model.canFetchMore(QModelIndex())
    qtmodeltester.check(model)

    row = model.row_of("r-00007")
    title = model.index(row, COL_TITLE)
    assert title.data(Qt.ItemDataRole.FontRole).bold()  # unread
    with ctx.profile.session() as s, s.begin():
        commands.mark_read(s, ctx.actor, "r-00007")
    changed: list[int] = []
    model.dataChanged.connect(lambda top, _bottom, *_: changed.append(top.row()))
    model.refresh(["r-00007"])
    qtbot.waitUntil(lambda: changed == [row], timeout=5000)
    assert model.index(row, COL_TITLE).data(Qt.ItemDataRole.FontRole) is None
    assert model.rowCount() == N_REPORTS
    qtmodeltester.check(model)


def test_rows_show_words_badges_and_local_state(qtbot, ctx):
    model = loaded_model(qtbot, ctx)
    first = model.index(0, COL_DEADLINE)
    assert first.data().startswith("Lewat ")  # deadline order: the most overdue first
    with ctx.profile.session() as s, s.begin():
        commands.save_draft(s, ctx.actor, "r-00005", "Sedang ditulis")
    model.refresh(["r-00005"])
    row = model.row_of("r-00005")
    qtbot.waitUntil(lambda: "Draf" in model.index(row, COL_STATUS).data(), timeout=5000)
    assert model.index(row, COL_STATUS).data() == "Terverifikasi · Draf"


def test_boxes_filter_by_local_work(qtbot, ctx):
    with ctx.profile.session() as s, s.begin():
        commands.save_draft(s, ctx.actor, "r-00005", "Sedang ditulis")
    model = loaded_model(qtbot, ctx)
    for box, expected in (("draf", ["r-00005"]), ("dikembalikan", ["r-00002"])):
        with qtbot.waitSignal(model.reloaded, timeout=5000):
            model.set_filter(box=box)
        assert [model.report_id(i) for i in range(model.rowCount())] == expected


def test_panel_title_stretches_and_search_has_room(qtbot, ctx):
    panel = InboxPanel(ctx, today=lambda: TODAY)
    qtbot.addWidget(panel)
    panel.resize(900, 500)
    panel.show()
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=5000)
    header = panel.table.horizontalHeader()
    assert header.sectionResizeMode(COL_TITLE) == QHeaderView.ResizeMode.Stretch
    assert header.sectionSize(COL_TITLE) == max(
        header.sectionSize(c) for c in range(header.count()) if not header.isSectionHidden(c)
    )
    assert panel.search.width() >= 240
    assert "Ctrl+F" in panel.search.placeholderText()


def test_search_is_debounced_and_keeps_selection(qtbot, ctx):
    panel = InboxPanel(ctx, today=lambda: TODAY)
    qtbot.addWidget(panel)
    qtbot.waitUntil(lambda: panel.model.rowCount() > 0, timeout=5000)
    with qtbot.waitSignal(panel.reportSelected, timeout=3000) as picked:
        panel.select_next()
    with qtbot.waitSignal(panel.model.reloaded, timeout=3000):
        panel.search.setText(str(5010000 + 12))
    assert panel.model.rowCount() == 1
    assert panel.model.report_id(0) == "r-00012"
    assert picked.args[0] == panel.selected_id()


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("desk", ["kotak_keluar", "konflik"]),
        ("officer", list(OFFICER_BOXES)),
        ("supervisor", list(BOXES)),
    ],
)
def test_navigation_shows_the_boxes_of_the_role(qtbot, tmp_path: Path, role, expected):
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1, respond_in=-2)])
    c = make_ctx(profile, make_actor(role))
    try:
        nav = NavPanel(c, today=lambda: TODAY)
        qtbot.addWidget(nav)
        qtbot.waitUntil(lambda: nav.count("konflik") is not None, timeout=5000)
        assert list(nav.boxes) == expected
        if role != "desk":
            assert nav.count("lewat_tenggat") == 1
            late = nav._list.item(list(nav.boxes).index("lewat_tenggat"))
            # The count is a red pill beside the label, and in words for screen readers.
            assert late.text() == "Lewat Tenggat"
            assert late.data(COUNT_ROLE) == 1 and late.data(LEVEL_ROLE) == "urgent"
            assert late.data(Qt.ItemDataRole.AccessibleTextRole) == "Lewat Tenggat: 1"
    finally:
        close_ctx(c)
