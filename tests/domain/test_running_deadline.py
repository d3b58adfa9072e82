"""One rule for the follow-up deadline, over every report status."""

from __future__ import annotations

import datetime as dt

import pytest

from domain.deadlines import running_deadline
from domain.states import ReportStatus

DUE = dt.date(2026, 12, 2)
OPEN = {ReportStatus("terverifikasi"), ReportStatus("dalam_proses")}


@pytest.mark.parametrize("status", list(ReportStatus))
@pytest.mark.parametrize("published", [False, True])
def test_a_deadline_runs_only_on_an_open_report_without_a_published_answer(
    status: ReportStatus, published: bool
) -> None:
    expected = DUE if status in OPEN and not published else None
    assert running_deadline(status.value, DUE, published=published) == expected


def test_closed_and_answered_reports_have_none_even_without_a_date() -> None:
    assert running_deadline("dalam_proses", None, published=False) is None
    assert running_deadline("selesai", DUE, published=False) is None
    assert running_deadline("diarsipkan", DUE, published=False) is None
    assert running_deadline("dalam_proses", DUE, published=True) is None
