"""Who saw whom: every time the report pane shows a reporter's identity, one row is recorded
(on the database lane); a masked or anonymous reporter records nothing."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtWidgets import QLabel

from localdb.reveals import reveals
from tests.ui.feature_fixtures import (
    TODAY,
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_report,
    open_profile,
)
from ui.report.pane import ReportPane


@pytest.fixture
def profile(tmp_path: Path):
    p = open_profile(tmp_path)
    fill(
        p,
        [
            make_report(1),
            make_report(2, is_anonymous=True),
            make_report(3, is_secret=True, assignee_id="u-someone-else"),
        ],
    )
    yield p
    p.close()


def _show(qtbot, pane: ReportPane, report_id: str) -> None:
    with qtbot.waitSignal(pane.loaded, timeout=5000):
        pane.show_report(report_id)


def _recorded(profile) -> list[tuple[str, str, str]]:
    with profile.read_session() as s, s.begin():
        return [(r.user_id, r.report_id, r.device_id) for r in reveals(s)]


def test_each_showing_of_an_identity_is_recorded(qtbot, profile):
    ctx = make_ctx(profile, make_actor("officer", user_id="u-officer1"))
    try:
        pane = ReportPane(ctx, today=lambda: TODAY)
        qtbot.addWidget(pane)
        _show(qtbot, pane, "r-00001")
        assert pane.findChild(QLabel, "reporterHeadline").text() == "Siti Rahmawati"
        assert _recorded(profile) == [("u-officer1", "r-00001", "dev-test")]
        _show(qtbot, pane, "r-00001")  # opened again: a second showing, a second row
        with qtbot.waitSignal(pane.loaded, timeout=5000):
            ctx.events.reportsChanged.emit(["r-00001"])  # re-shown after a sync
        assert _recorded(profile) == [("u-officer1", "r-00001", "dev-test")] * 3
    finally:
        close_ctx(ctx)


def test_masked_or_anonymous_identity_records_nothing(qtbot, profile):
    officer = make_ctx(profile, make_actor("officer", user_id="u-officer1"))
    try:
        pane = ReportPane(officer, today=lambda: TODAY)
        qtbot.addWidget(pane)
        _show(qtbot, pane, "r-00002")  # anonymous
        _show(qtbot, pane, "r-00003")  # secret, assigned to someone else: masked
        assert pane.findChild(QLabel, "reporterHeadline").text() != "Siti Rahmawati"
    finally:
        close_ctx(officer)
    desk = make_ctx(profile, make_actor("desk", user_id="u-desk1"))
    try:
        pane = ReportPane(desk, today=lambda: TODAY)
        qtbot.addWidget(pane)
        _show(qtbot, pane, "r-00001")  # the desk sees the name and NIK masked
    finally:
        close_ctx(desk)
    assert _recorded(profile) == []
