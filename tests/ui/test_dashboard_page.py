"""The supervisor's dashboard and monthly recap, driven through the real widgets."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterator
from pathlib import Path

import pytest

from domain import clock
from tests.ui.feature_fixtures import (
    close_ctx,
    fill,
    make_actor,
    make_ctx,
    make_followup,
    make_report,
    open_profile,
)
from ui.dashboard.page import DashboardPage


@pytest.fixture
def page(qtbot, tmp_path: Path) -> Iterator[DashboardPage]:
    profile = open_profile(tmp_path)
    reviewed = {"reviewer": {"id": "u-super", "full_name": "Atasan"}, "at": "2026-01-22T03:00:00Z"}
    fill(
        profile,
        [make_report(1, respond_in=5), make_report(2, respond_in=-2), make_report(3, respond_in=5)],
        [
            make_followup("r-00001", state="published", review=reviewed),
            make_followup("r-00003", state="pending_approval"),
        ],
    )
    ctx = make_ctx(profile, make_actor("supervisor", "u-super"))
    with clock.pinned(clock.ManualClock(dt.datetime(2026, 2, 2, 3, 0, tzinfo=dt.UTC))):
        widget = DashboardPage(ctx)
        qtbot.addWidget(widget)
        widget.resize(1100, 640)
        widget.month.setCurrentIndex(1)  # January 2026
        with qtbot.waitSignal(widget.loaded, timeout=10_000):
            widget.show()
        yield widget
    close_ctx(ctx)


def test_the_month_shows_the_hand_counted_figures(page: DashboardPage) -> None:
    assert page.month.currentText() == "Januari 2026"
    assert page.tiles["received"].text() == "3"
    assert page.tiles["on_time"].text() == "1 (33%)"
    assert page.tiles["overdue_now"].text() == "1"  # r-00002: due 29 Jan, unanswered
    assert page.tiles["waiting_approval"].text() == "1"
    assert page.officers.rowCount() == 1
    assert page.officers.item(0, 0).text() == "Petugas Satu"
    assert len(page.chart.points) == 12 and page.chart.points[-1].backlog == 2


def test_the_recap_is_written_to_xlsx_and_recorded(
    qtbot, page: DashboardPage, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    out = tmp_path / "rekap-2026-01.xlsx"
    with qtbot.waitSignal(page.exported, timeout=10_000):
        page.export("xlsx", out)
    sheet = load_workbook(out)["Laporan"]
    assert sheet.max_row == 4 and sheet["A1"].value == "No. pelacakan"
    assert "Rekap tersimpan" in page.status.text()
