"""The supervisor assigns a report from the report pane: the dialog lists the office's
officers by name, the choice becomes an outbox op, and the pane names the officer at once."""

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
from tests.ui.test_report_pane import form_values
from ui.report.assign import AssignDialog

STAFF = [
    {"id": "u-officer1", "full_name": "Petugas Satu", "agency_id": AGENCY_ID, "roles": ["officer"]},
    {"id": "u-officer9", "full_name": "Bayu Petugas", "agency_id": AGENCY_ID, "roles": ["officer"]},
    {"id": "u-super", "full_name": "Atasan", "agency_id": AGENCY_ID, "roles": ["supervisor"]},
    {"id": "u-other", "full_name": "Orang Lain", "agency_id": "ag-lain", "roles": ["officer"]},
]


def _choose(name: str) -> None:
    for widget in QApplication.topLevelWidgets():
        if isinstance(widget, AssignDialog) and widget.isVisible():
            names = [widget.officer.itemText(i) for i in range(widget.officer.count())]
            assert names == ["— Belum ditugaskan —", "Bayu Petugas", "Petugas Satu"]
            widget.officer.setCurrentIndex(names.index(name))
            widget.accept()
            return
    QTimer.singleShot(50, lambda: _choose(name))


def test_a_supervisor_assigns_from_the_pane(qtbot, tmp_path: Path) -> None:
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1, assignee_id="u-officer1")])
    with profile.session() as s, s.begin():
        store_reference(s, {"categories": [], "staff": STAFF}, "etag-staff")
    ctx = make_ctx(profile, make_actor("supervisor", "u-super"))
    try:
        pane = pane_showing(qtbot, ctx)
        assert form_values(pane)["Petugas"] == "Petugas Satu"
        assert pane.assign_button.isVisibleTo(pane)
        QTimer.singleShot(50, lambda: _choose("Bayu Petugas"))
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            pane.assign_button.click()
        assert form_values(pane)["Petugas"] == "Bayu Petugas"
        with profile.read_session() as s, s.begin():
            ops = s.execute(select(Outbox.type, Outbox.payload)).all()
        assert [(t, p) for t, p in ops] == [("report.assign", {"assignee_id": "u-officer9"})]
    finally:
        close_ctx(ctx)


def test_an_officer_has_no_assign_button(qtbot, tmp_path: Path) -> None:
    profile = open_profile(tmp_path)
    fill(profile, [make_report(1)])
    ctx = make_ctx(profile, make_actor("officer"))
    try:
        pane = pane_showing(qtbot, ctx)
        assert not pane.assign_button.isVisibleTo(pane)
    finally:
        close_ctx(ctx)
