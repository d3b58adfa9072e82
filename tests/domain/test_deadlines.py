"""Deadlines of a report and how they are shown."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import WorkingCalendar
from domain.deadlines import (
    DeadlineInfo,
    DeadlineStatus,
    SlaSettings,
    autoclose_at,
    days_left_label,
    deadline_status,
    respond_by,
    verify_by,
)

D = dt.date
PLAIN = WorkingCalendar()
ID_2026 = WorkingCalendar.indonesia([2026])
ID_2026_NO_CUTI = WorkingCalendar.indonesia([2026], cuti_bersama_is_holiday=False)
SLA = SlaSettings()


def test_default_limits_follow_the_national_rules() -> None:
    assert (SLA.verify_days, SLA.respond_days, SLA.autoclose_days) == (3, 5, 10)


def test_negative_limit_is_refused() -> None:
    with pytest.raises(ValueError):
        SlaSettings(respond_days=-1)


def test_respond_by_across_idul_fitri_2026() -> None:
    disposed = D(2026, 3, 16)  # Monday before Nyepi and Idul Fitri
    assert respond_by(disposed, ID_2026, SLA) == D(2026, 3, 30)
    assert respond_by(disposed, ID_2026_NO_CUTI, SLA) == D(2026, 3, 24)


def test_each_step_uses_its_own_limit() -> None:
    sla = SlaSettings(verify_days=2, respond_days=4, autoclose_days=7)
    wednesday = D(2025, 11, 19)
    assert verify_by(wednesday, PLAIN, sla) == D(2025, 11, 21)
    assert respond_by(wednesday, PLAIN, sla) == D(2025, 11, 25)
    assert autoclose_at(wednesday, PLAIN, sla) == D(2025, 11, 28)
    assert autoclose_at(wednesday, PLAIN, SLA) == D(2025, 12, 3)


@pytest.mark.parametrize(
    ("due", "today", "status", "left", "label"),
    [
        (None, D(2025, 11, 19), DeadlineStatus.NONE, None, "Tanpa tenggat"),
        (D(2025, 11, 19), D(2025, 11, 19), DeadlineStatus.DUE_SOON, 0, "Hari ini"),
        (D(2025, 11, 20), D(2025, 11, 19), DeadlineStatus.DUE_SOON, 1, "1 hari kerja lagi"),
        (D(2025, 11, 24), D(2025, 11, 19), DeadlineStatus.ON_TRACK, 3, "3 hari kerja lagi"),
        (D(2025, 11, 24), D(2025, 11, 21), DeadlineStatus.DUE_SOON, 1, "1 hari kerja lagi"),
        (
            D(2025, 11, 19),
            D(2025, 11, 21),
            DeadlineStatus.OVERDUE,
            -2,
            "Lewat tenggat 2 hari kerja",
        ),
        # Late over the weekend: no working day has passed, but the deadline has.
        (D(2025, 11, 21), D(2025, 11, 22), DeadlineStatus.OVERDUE, 0, "Lewat tenggat"),
    ],
)
def test_deadline_status_table(
    due: dt.date | None,
    today: dt.date,
    status: DeadlineStatus,
    left: int | None,
    label: str,
) -> None:
    info = deadline_status(due, today, PLAIN)
    assert info == DeadlineInfo(status, left)
    assert days_left_label(info) == label


def test_due_soon_window_is_configurable() -> None:
    due, today = D(2025, 11, 24), D(2025, 11, 19)
    assert deadline_status(due, today, PLAIN, due_soon_days=3).status is DeadlineStatus.DUE_SOON
    assert deadline_status(due, today, PLAIN, due_soon_days=2).status is DeadlineStatus.ON_TRACK


def test_holidays_stretch_the_days_left() -> None:
    due = D(2026, 3, 25)
    today = D(2026, 3, 17)
    assert deadline_status(due, today, ID_2026).working_days_left == 1
    assert deadline_status(due, today, ID_2026_NO_CUTI).working_days_left == 5


@given(
    st.dates(min_value=D(2026, 1, 1), max_value=D(2026, 12, 31)),
    st.integers(min_value=1, max_value=30),
)
def test_deadline_set_today_is_never_overdue_until_it_passes(start: dt.date, n: int) -> None:
    due = ID_2026.add_working_days(start, n)
    assert deadline_status(due, due, ID_2026).status is DeadlineStatus.DUE_SOON
    assert (
        deadline_status(due, due + dt.timedelta(days=1), ID_2026).status is DeadlineStatus.OVERDUE
    )
    before = deadline_status(due, start, ID_2026)
    assert before.status is not DeadlineStatus.OVERDUE
    assert before.working_days_left == n
