"""Nothing is cut off at 125 % on a 1366×768 laptop (about 1093×564 logical pixels): the report
pane wraps to its width, and the desk's save button and list columns stay in sight."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtWidgets import QLabel, QPushButton, QScrollArea

from tests.ui.feature_fixtures import (
    TODAY,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
    pane_showing,
)


def test_the_report_pane_fits_a_narrow_column(qtbot, tmp_path: Path) -> None:
    profile = open_profile(tmp_path)
    relayed = {"state": "sent", "tracking_id": "5010001"}
    refused = {
        "state": "failed",
        "reason": "refused",
        "message": "Tindak lanjut tidak dapat ditambahkan karena pengaduan sudah dialihkan",
    }
    fill(
        profile,
        [make_report(1, lapor=relayed)],
        [
            make_followup("r-00001", state="published", lapor=relayed),
            make_followup("r-00001", state="published", lapor=refused),
            make_followup("r-00001", state="pending_approval"),
        ],
    )
    ctx = make_ctx(profile, make_actor("supervisor", "u-super"))
    try:
        pane = pane_showing(qtbot, ctx, size=(280, 560))
        qtbot.wait(50)
        body = pane._scroll.widget()
        viewport = pane._scroll.viewport().width()
        assert body.minimumSizeHint().width() <= viewport  # wraps, never cut at the right
        for button in (pane.new_button, pane.assign_button, pane.letter_button):
            assert button.isVisible() and button.geometry().right() <= body.width()
        # Each card's state is a one-line pill, its approval buttons in sight.
        line = pane.fontMetrics().height()
        for card in pane.followups.cards:
            pill = card.findChild(QLabel, "followupState")
            assert pill is not None and pill.height() < 2 * line + 8, pill.text()
        for name in ("approveButton", "returnButton"):
            button = pane.findChild(QPushButton, name)
            assert button is not None and button.isVisible()
            assert button.mapTo(body, button.rect().topRight()).x() <= viewport, name
        lapor = [card.lapor for card in pane.followups.cards if card.lapor.text()]
        assert [label.text()[:20] for label in lapor] == [
            "Terkirim ke LAPOR! (",
            "Gagal dikirim ke LAP",
        ]
        assert pane.lapor_field is not None and pane.lapor_field.isVisible()
        for label in [*lapor, pane.lapor_field]:
            assert label.isVisible()
            assert label.mapTo(body, label.rect().topRight()).x() <= viewport, label.text()
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


def test_the_desks_list_keeps_every_column_whole_with_rows(qtbot, tmp_path: Path) -> None:
    """Walk-in complaints in every state, LAPOR! numbers included, at 125 % beside the form:
    no column cut, no sideways scrolling; the title gives way (elided), never a number."""
    import datetime as dt

    from PySide6.QtGui import QFontMetrics

    from localdb import commands
    from tests.ui.feature_fixtures import calendar
    from ui.context import AppContext, UiEvents
    from ui.intake.panel import LAPOR_COLUMN, TRACKING_COLUMN, IntakePanel
    from ui.tasks import TaskRunner

    profile = open_profile(tmp_path)
    desk = make_actor("desk", "u-desk")
    received = dt.datetime(2026, 2, 2, 2, 0, tzinfo=dt.UTC)
    lapor_states = [
        None,
        {"state": "pending"},
        {"state": "sent", "tracking_id": "9120458"},
        {"state": "failed", "reason": "refused", "message": "Isi terlalu pendek"},
    ]
    reports = []
    with profile.session() as s, s.begin():
        for n, lapor in enumerate(lapor_states):
            ref = commands.create_intake(
                s,
                desk,
                office_code="DPUPR",
                title=f"Saluran air tersumbat sampah di depan SD {n:02d} Lubuk Basung",
                content="Saluran air di depan sekolah tersumbat sampah sejak seminggu lalu.",
                classification="pengaduan",
                received_at=received,
                today=TODAY,
            )
            reports.append(make_report(n + 1, id=ref.id, lapor=lapor))
    fill(profile, reports)
    runner = TaskRunner(profile.session)
    ctx = AppContext(runner, UiEvents(), desk, calendar(), profile)
    try:
        panel = IntakePanel(ctx)
        qtbot.addWidget(panel)
        panel.resize(860, 560)  # what the page gets at 125 % beside the sidebar
        panel.show()
        qtbot.waitUntil(lambda: panel.table.rowCount() == len(lapor_states), timeout=5000)
        qtbot.wait(100)
        table = panel.table
        assert not table.horizontalScrollBar().isVisible()
        metrics = QFontMetrics(table.font())
        header = table.horizontalHeader()
        shown = set()
        for row in range(table.rowCount()):
            for column in (TRACKING_COLUMN, LAPOR_COLUMN):
                text = table.item(row, column).text()
                shown.add(text)
                assert header.sectionSize(column) >= metrics.horizontalAdvance(text), text
        assert {"9120458", "menunggu dikirim", "gagal dikirim", "–"} <= shown
        assert header.sectionSize(0) >= metrics.horizontalAdvance("DPUPR-20260202-0001")
    finally:
        runner.shutdown()
        profile.close()


def test_the_report_pane_with_the_editor_open_fits_a_narrow_column(qtbot, tmp_path: Path) -> None:
    """With "Tulis tindak lanjut" open the pane still wraps to its width: the templates, the
    buttons and the save state are all in sight, nothing is cut at the right."""
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)])
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        pane = pane_showing(qtbot, ctx, size=(270, 560))
        pane.new_followup()
        editor = pane.editor
        qtbot.waitUntil(editor.isVisible, timeout=5000)
        editor.text.setPlainText("Terima kasih, tim kami meninjau lokasi minggu ini.")
        qtbot.wait(50)
        body = pane._scroll.widget()
        viewport = pane._scroll.viewport().width()
        assert body.minimumSizeHint().width() <= viewport
        assert body.width() <= viewport
        for widget in (
            editor.templates,
            editor.attach_button,
            editor.submit_button,
            editor.heading,
        ):
            assert widget.isVisible()
            right = widget.mapTo(body, widget.rect().topRight()).x()
            assert right <= viewport, (widget.objectName() or widget.text(), right, viewport)
    finally:
        close_ctx(ctx)
