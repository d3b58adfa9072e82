"""The office's figures against a small world computed by hand (see the table in each test)."""

from __future__ import annotations

import datetime as dt
import uuid
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from domain.calendar import WorkingCalendar
from localdb import recap, stats
from localdb import syncstore as ss
from localdb.models import Audit
from localdb.profile import Profile
from tests.localdb.builders import AGENCY, OFFICER, followup_data, report_data, upsert

TODAY = dt.date(2026, 12, 2)  # Wednesday
NOW = dt.datetime(2026, 12, 2, 3, 0, tzinfo=dt.UTC)
CAL = WorkingCalendar([])  # weekends only, so the working days below are easy to count
START, END = dt.date(2026, 11, 1), dt.date(2026, 11, 30)


def _at(text: str) -> dt.datetime:
    return dt.datetime.fromisoformat(text)


def _report(
    rid: str,
    disposed: str,
    respond_by: dt.date,
    status: str,
    *,
    assignee: str | None = None,
    history: list[dict[str, Any]] | None = None,
) -> dict[str, Any]:
    data = report_data(
        report_id=rid, status=status, respond_by=respond_by, submitted_at=_at(disposed)
    )
    data["disposition"]["disposed_at"] = disposed
    data["disposition"]["assignee_id"] = assignee
    data["history"] = history or []
    return data


def _followup(rid: str, state: str, author: str, reviewed: str | None = None) -> dict[str, Any]:
    data = followup_data(str(uuid.uuid4()), rid, state=state, author_id=author)
    if reviewed is not None:
        data["review"] = {"reviewer": {"id": "u-super", "full_name": "Atasan"}, "at": reviewed}
    return data


# id | disposed (WIB day)      | respond_by | first published | status        | officer
# A  | Mon 2 Nov 09:00          | 9 Nov      | 5 Nov (3 wd)    | dalam_proses  | u-officer
# B  | Tue 3 Nov                | 10 Nov     | 12 Nov (7 wd)   | selesai       | u-officer
# C  | Mon 16 Nov               | 23 Nov     | - (returned+pending) | terverifikasi | u-officer2
# D  | Fri 27 Nov 23:30 WIB     | 4 Dec      | - (hand-off asked)   | terverifikasi | -
# G  | Mon 30 Nov 23:30 WIB (16:30Z) | 7 Dec | -               | terverifikasi | -
# E  | Fri 30 Oct (before the period) | 6 Nov | -               | terverifikasi | -
# H  | Tue 1 Dec 00:30 WIB (30 Nov 17:30Z: after the period) | 8 Dec | - | terverifikasi | -
@pytest.fixture
def office(tmp_path: Path) -> Profile:
    hand_off = {
        "at": "2026-11-28T02:00:00+00:00",
        "actor": "u-officer",
        "action": "handoff_requested",
    }
    changes = [
        upsert("report", _report("A", "2026-11-02T09:00:00+07:00", dt.date(2026, 11, 9), "dalam_proses", assignee="u-officer")),
        upsert("followup", _followup("A", "published", "u-officer", "2026-11-05T10:00:00+07:00")),
        upsert("report", _report("B", "2026-11-03T10:00:00+07:00", dt.date(2026, 11, 10), "selesai", assignee="u-officer")),
        upsert("followup", _followup("B", "published", "u-officer", "2026-11-12T14:00:00+07:00")),
        upsert("report", _report("C", "2026-11-16T08:30:00+07:00", dt.date(2026, 11, 23), "terverifikasi", assignee="u-officer2")),
        upsert("followup", _followup("C", "returned", "u-officer2")),
        upsert("followup", _followup("C", "pending_approval", "u-officer2")),
        upsert("report", _report("D", "2026-11-27T23:30:00+07:00", dt.date(2026, 12, 4), "terverifikasi", history=[hand_off])),
        upsert("report", _report("G", "2026-11-30T16:30:00+00:00", dt.date(2026, 12, 7), "terverifikasi")),
        upsert("report", _report("E", "2026-10-30T09:00:00+07:00", dt.date(2026, 11, 6), "terverifikasi")),
        upsert("report", _report("H", "2026-11-30T17:30:00+00:00", dt.date(2026, 12, 8), "terverifikasi")),
    ]  # fmt: skip
    profile = Profile.open(tmp_path / "p")
    with profile.session() as s, s.begin():
        ss.apply_changes(s, changes, "c")
    return profile


def test_office_figures_match_the_hand_count(office: Profile) -> None:
    with office.read_session() as s, s.begin():
        board = stats.dashboard(s, START, END, TODAY, agency_id=AGENCY, weeks=4)
    assert board.office == stats.Figures(
        received=5,  # A B C D G (E before, H after the period in WIB)
        answered=2,  # A B
        answered_on_time=1,  # A (B published after its respond_by)
        overdue_now=1,  # C; A B answered, D G not yet due
        waiting_approval=1,
        returned=1,
        handoffs=1,  # D
    )
    assert board.office.on_time_share == pytest.approx(1 / 5)
    with office.read_session() as s, s.begin():
        facts = stats.report_facts(s, START, END, agency_id=AGENCY)
    assert stats.figures(facts, TODAY) == board.office  # the SQL and the Python rules agree
    assert board.officers["u-officer"] == stats.Figures(2, 2, 1, 0, 0, 0, 0)
    assert board.officers["u-officer2"] == stats.Figures(1, 0, 0, 1, 1, 1, 0)
    office.close()


def test_weekly_backlog_matches_the_hand_count(office: Profile) -> None:
    with office.read_session() as s, s.begin():
        board = stats.dashboard(s, START, END, TODAY, agency_id=AGENCY, weeks=4)
    assert [(p.week_start.isoformat(), p.received, p.answered, p.backlog) for p in board.trend] == [
        ("2026-11-09", 0, 1, 1),  # B answered; E waits
        ("2026-11-16", 1, 0, 2),  # C in; E C wait
        ("2026-11-23", 1, 0, 3),  # D in; E C D wait
        ("2026-11-30", 2, 0, 5),  # G and H in; E C D G H wait
    ]
    office.close()


def test_working_days_taken_per_report(office: Profile) -> None:
    with office.read_session() as s, s.begin():
        facts = {f.id: f for f in stats.report_facts(s, START, END, agency_id=AGENCY)}
    assert sorted(facts) == ["A", "B", "C", "D", "G"]
    assert facts["A"].working_days_taken(CAL) == 3
    assert facts["B"].working_days_taken(CAL) == 7
    assert facts["C"].working_days_taken(CAL) is None
    assert facts["G"].received_on == dt.date(2026, 11, 30)
    office.close()


def _labels() -> recap.Labels:
    return recap.Labels(
        columns={c: c.upper() for c in recap.COLUMNS},
        summary={k: k.upper() for k in recap.SUMMARY},
        name=lambda kind, code: f"{kind}:{code}",
    )


def test_recap_xlsx_has_real_cells_a_frozen_header_and_the_summary(
    office: Profile, tmp_path: Path
) -> None:
    from openpyxl import load_workbook

    with office.read_session() as s, s.begin():
        board = stats.dashboard(s, START, END, TODAY, agency_id=AGENCY, weeks=4)
        facts = stats.report_facts(s, START, END, agency_id=AGENCY)
    rows = recap.recap_rows(facts, CAL, _labels())
    out = tmp_path / "rekap.xlsx"
    recap.write_xlsx(out, rows, board, _labels())
    book = load_workbook(out)
    sheet = book["Laporan"]
    assert [c.value for c in sheet[1]] == [c.upper() for c in recap.COLUMNS]
    assert sheet.freeze_panes == "A2"
    by_received = {r[5].value.date(): r for r in sheet.iter_rows(min_row=2)}
    a_row = by_received[dt.date(2026, 11, 2)]
    assert a_row[6].value.date() == dt.date(2026, 11, 5)  # a date cell, not text
    assert a_row[7].value == 3 and isinstance(a_row[7].value, int)
    assert sheet.max_row == 1 + 5
    summary = {r[0].value: r[1].value for r in book["Ringkasan"].iter_rows(min_row=2)}
    assert summary["RECEIVED"] == 5 and summary["ANSWERED_ON_TIME"] == 1
    assert summary["ON_TIME_SHARE"] == pytest.approx(0.2)
    office.close()


def test_recap_csv_and_the_audit_row_carry_no_report_text(office: Profile, tmp_path: Path) -> None:
    with office.read_session() as s, s.begin():
        board = stats.dashboard(s, START, END, TODAY, agency_id=AGENCY, weeks=4)
        facts = stats.report_facts(s, START, END, agency_id=AGENCY)
    rows = recap.recap_rows(facts, CAL, _labels())
    out = tmp_path / "rekap.csv"
    recap.write_csv(out, rows, _labels())
    text = out.read_text(encoding="utf-8-sig")
    assert text.splitlines()[0].split(",")[0] == "TRACKING_ID"
    assert len(text.splitlines()) == 6
    assert "Jalan rusak" not in text and "Siti" not in text  # no title, no reporter
    with office.session() as s, s.begin():
        recap.record_export(s, OFFICER, fmt="csv", board=board, rows=len(rows), now=NOW)
    with office.read_session() as s, s.begin():
        row = s.scalars(select(Audit).where(Audit.action == "recap.export")).one()
    assert row.entity_id == "2026-11-01..2026-11-30" and row.detail == {"format": "csv", "rows": 5}
    office.close()
