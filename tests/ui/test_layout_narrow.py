"""Nothing is cut off at 125 % on a 1366×768 laptop (about 1093×564 logical pixels): the report
pane wraps to its width, and the desk's save button and list columns stay in sight."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QScrollArea

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
from ui.report.pane import ReportPane


def test_the_report_pane_fits_a_narrow_column(qtbot, tmp_path: Path) -> None:
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)], [make_followup("r-00001", state="published")])
    ctx = make_ctx(profile, make_actor("supervisor", "u-super"))
    try:
        pane = ReportPane(ctx, today=lambda: TODAY)
        qtbot.addWidget(pane)
        pane.resize(280, 560)
        pane.show()
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.show_report("r-00001")
        qtbot.wait(50)
        body = pane._scroll.widget()
        viewport = pane._scroll.viewport().width()
        assert body.minimumSizeHint().width() <= viewport  # wraps, never cut at the right
        for button in (pane.new_button, pane.assign_button, pane.letter_button):
            assert button.isVisible() and button.geometry().right() <= body.width()
    finally:
        close_ctx(ctx)


def test_the_desk_keeps_save_in_sight_and_every_column(qtbot, tmp_path: Path) -> None:
    from tests.ui.feature_fixtures import calendar
    from ui.context import AppContext, UiEvents
    from ui.intake.panel import IntakePanel
    from ui.tasks import TaskRunner

    profile = open_profile(tmp_path)
    runner = TaskRunner(profile.session)
    ctx = AppContext(runner, UiEvents(), make_actor("desk", "u-desk"), calendar(), profile)
    try:
        panel = IntakePanel(ctx)
        qtbot.addWidget(panel)
        panel.resize(860, 560)  # what the page gets at 125 % beside the sidebar
        panel.show()
        qtbot.wait(100)
        scrolled = panel.findChild(QScrollArea)
        assert scrolled is not None
        assert not scrolled.isAncestorOf(panel.save_button)  # not below the fold
        assert panel.save_button.isVisible()
        assert not panel.table.horizontalScrollBar().isVisible()
    finally:
        runner.shutdown()
        profile.close()
