""" "Bukan kewenangan" through the report pane: the dialog refuses what the server would, the
request is queued, and the pane says where the hand-off stands (queued, asked, refused)."""

from __future__ import annotations

from pathlib import Path

from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication
from sqlalchemy import select

from localdb.models import Outbox
from localdb.syncstore import store_reference
from tests.ui.feature_fixtures import (
    AGENCY_ID,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
    pane_showing,
)
from ui.report.handoff import HandoffDialog
from ui.report.pane import ReportPane

AGENCIES = [
    {"id": AGENCY_ID, "code": "DPUPR", "name": "Dinas PUPR", "parent_id": None},
    {"id": "ag-dinkes", "code": "DINKES", "name": "Dinas Kesehatan", "parent_id": None},
]
REFUSED = [
    {"at": "2026-01-21T09:00:00Z", "actor": "Petugas", "action": "handoff_requested",
     "to": "Dinas Kesehatan", "note": "Urusan puskesmas, bukan jalan."},
    {"at": "2026-01-22T09:00:00Z", "actor": "Admin Nasional", "action": "handoff_refused",
     "note": "Tetap ditangani DPUPR."},
]  # fmt: skip


def _answer_dialog(checks: list[str]) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, HandoffDialog) and widget.isVisible():
            widget.try_accept()  # nothing chosen yet: refused beside the fields
            checks.append(widget.error.text())
            assert widget.agency.itemText(1) == "Dinas Kesehatan"  # not the own office
            assert widget.agency.count() == 2
            widget.agency.setCurrentIndex(1)
            widget.reason.setPlainText("Laporan tentang puskesmas, kewenangan Dinas Kesehatan.")
            widget.try_accept()
            return
    QTimer.singleShot(50, lambda: _answer_dialog(checks))


def _pane(qtbot, tmp_path: Path, **report: object) -> tuple[ReportPane, object]:
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1, **report)])
    with profile.session() as s, s.begin():
        store_reference(s, {"categories": [], "agencies": AGENCIES}, "etag-ag")
    ctx = make_ctx(profile, make_actor("officer"))
    pane = pane_showing(qtbot, ctx)
    return pane, ctx


def test_an_officer_asks_for_a_handoff(qtbot, tmp_path: Path) -> None:
    pane, ctx = _pane(qtbot, tmp_path)
    try:
        assert pane.handoff_button.isVisibleTo(pane)
        assert not pane.handoff_note.isVisibleTo(pane)
        checks: list[str] = []
        QTimer.singleShot(50, lambda: _answer_dialog(checks))
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.handoff_button.click()
        assert "Pilih instansi tujuan." in checks[0] and "alasan" in checks[0]
        with ctx.profile.read_session() as s, s.begin():  # type: ignore[attr-defined]
            ops = s.execute(select(Outbox.type, Outbox.payload)).all()
        assert ops[0][0] == "report.handoff_request"
        assert ops[0][1]["target_agency_id"] == "ag-dinkes"
        assert "menunggu dikirim" in pane.handoff_note.text()
        assert not pane.handoff_button.isVisibleTo(pane)  # one request at a time
    finally:
        close_ctx(ctx)  # type: ignore[arg-type]


def test_a_refused_handoff_is_said_and_may_be_asked_again(qtbot, tmp_path: Path) -> None:
    pane, ctx = _pane(qtbot, tmp_path, history=REFUSED)
    try:
        assert "ditolak" in pane.handoff_note.text()
        assert pane.handoff_button.isVisibleTo(pane)
    finally:
        close_ctx(ctx)  # type: ignore[arg-type]


def test_a_finished_report_offers_no_handoff(qtbot, tmp_path: Path) -> None:
    pane, ctx = _pane(qtbot, tmp_path, status="selesai")
    try:
        assert not pane.handoff_button.isVisibleTo(pane)
    finally:
        close_ctx(ctx)  # type: ignore[arg-type]
