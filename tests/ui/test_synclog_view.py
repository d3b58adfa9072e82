"""The sync log page: requests newest first, the outbox summary with the server's refusal."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

import pytest
from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication

from localdb import commands, syncstore
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.synclog.model import OutboxModel, SyncLogModel
from ui.synclog.view import SyncLogView


@pytest.fixture
def ctx(qtbot, tmp_path: Path):
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1), make_report(2)])
    actor = make_actor("officer")
    with profile.session() as s, s.begin():
        for n, (endpoint, status, error) in enumerate(
            [("/changes", 200, None), ("/ops", 503, "server sibuk"), ("/changes", None, "timeout")]
        ):
            syncstore.record_request(
                s,
                request_id=f"req-{n}",
                method="GET" if endpoint == "/changes" else "POST",
                endpoint=endpoint,
                status=status,
                bytes_sent=300 + n,
                bytes_received=2048 * (n + 1),
                duration_ms=40 + n,
                error=error,
            )
        for report_id in ("r-00001", "r-00002"):
            commands.save_draft(s, actor, report_id, "Jalan sudah kami tinjau minggu ini.")
            commands.submit_followup(s, actor, report_id)
        [first, _second] = syncstore.pending_ops(s, now=dt.datetime.now(dt.UTC))
        syncstore.mark_quarantined(
            s, first.op_id, code="unknown_template", detail="Templat tidak dikenal."
        )
    c = make_ctx(profile, actor)
    yield c
    close_ctx(c)


def _cells(model) -> list[str]:
    return [
        str(model.index(r, c).data(role) or "")
        for r in range(model.rowCount())
        for c in range(model.columnCount())
        for role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.ToolTipRole)
    ]


def test_rows_speak_plainly_and_keep_the_technical_text_behind_detail(qtbot, qtmodeltester, ctx):
    view = SyncLogView(ctx)
    qtbot.addWidget(view)
    qtmodeltester.check(view.log_model)
    qtmodeltester.check(view.outbox_model)
    with qtbot.waitSignal(view.loaded, timeout=5000):
        view.show()
    log = view.log_model
    assert log.rowCount() == 3
    assert [log.index(r, 1).data() for r in range(3)] == [
        "Ambil perubahan dari pusat",
        "Permintaan lain ke pusat",
        "Ambil perubahan dari pusat",
    ]
    assert [log.index(r, 2).data() for r in range(3)] == [
        "Tidak tersambung",  # no answer at all
        "Pusat sedang bermasalah",
        "Berhasil",
    ]
    assert log.index(2, 3).data() == "2.3 kB"  # both ways
    outbox = view.outbox_model
    assert outbox.rowCount() == 2
    # Each outbox row names its report by tracking number.
    tracking = {make_report(n)["tracking_id"] for n in (1, 2)}
    assert {outbox.index(r, 1).data() for r in range(2)} == tracking
    notes = {outbox.index(r, 3).data(): outbox.index(r, 6).data() for r in range(2)}
    assert notes["Ditolak server"] == "Ditolak pusat; lihat halaman Konflik"
    assert notes["Menunggu dikirim"] == "Menunggu giliran dikirim"
    # Nothing technical by default: no paths, codes, status numbers or error text.
    shown = _cells(log) + _cells(outbox)
    for raw in ("/changes", "/ops", "503", "timeout", "server sibuk", "unknown_template", "GET"):
        assert not any(raw in cell for cell in shown), raw
    assert "Ditolak server: 1" in view.summary.text()

    # The "Detail" button of the 503 row opens its technical text, to copy.
    table = view.log_table
    button = log.index(1, log.columnCount() - 1)
    assert button.data() == "Detail"
    rect = table.visualRect(button)
    qtbot.mouseClick(table.viewport(), Qt.MouseButton.LeftButton, pos=rect.center())
    dialog = view.detail_dialog
    assert dialog is not None and dialog.isVisible()
    text = dialog.text.toPlainText()
    assert "POST /ops" in text and "503" in text and "server sibuk" in text
    QGuiApplication.clipboard().clear()
    dialog.copy_button.click()
    assert QGuiApplication.clipboard().text() == text

    # The outbox row's detail holds the server's refusal.
    rejected = next(r for r in range(2) if outbox.index(r, 3).data() == "Ditolak server")
    view.show_detail(outbox, rejected)
    assert "unknown_template: Templat tidak dikenal." in view.detail_dialog.text.toPlainText()


def test_empty_models_pass_the_tester(qtmodeltester):
    for model in (SyncLogModel(), OutboxModel()):
        qtmodeltester.check(model)
        model.set_rows([])
        assert model.rowCount() == 0
