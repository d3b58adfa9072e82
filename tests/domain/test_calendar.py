"""Working-day arithmetic against weekends, real 2026 Indonesian holidays and office closures."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.calendar import Holiday, WorkingCalendar

D = dt.date
PLAIN = WorkingCalendar()
ID_2026 = WorkingCalendar.indonesia([2026])
ID_2026_NO_CUTI = WorkingCalendar.indonesia([2026], cuti_bersama_is_holiday=False)


def naive_between(cal: WorkingCalendar, start: dt.date, end: dt.date) -> int:
    """Reference: walk day by day."""
    lo, hi, sign = (start, end, 1) if start <= end else (end, start, -1)
    days = (hi - lo).days
    return sign * sum(cal.is_working_day(lo + dt.timedelta(days=i)) for i in range(1, days + 1))


@pytest.mark.parametrize(
    ("start", "n", "expected"),
    [
        (D(2025, 11, 21), 1, D(2025, 11, 24)),  # Friday + 1 -> Monday
        (D(2025, 11, 22), 1, D(2025, 11, 24)),  # Saturday + 1 -> Monday
        (D(2025, 11, 22), 0, D(2025, 11, 24)),  # n=0 on a weekend: next working day
        (D(2025, 11, 19), 0, D(2025, 11, 19)),  # n=0 on a working day: itself
        (D(2025, 11, 19), 5, D(2025, 11, 26)),  # a full week later
        (D(2025, 11, 19), 10, D(2025, 12, 3)),
    ],
)
def test_add_working_days_skips_weekends(start: dt.date, n: int, expected: dt.date) -> None:
    assert PLAIN.add_working_days(start, n) == expected


@pytest.mark.parametrize(
    ("start", "end", "expected"),
    [
        (D(2025, 11, 21), D(2025, 11, 24), 1),  # Fri -> Mon
        (D(2025, 11, 22), D(2025, 11, 23), 0),  # a weekend alone
        (D(2025, 11, 19), D(2025, 11, 19), 0),
        (D(2025, 11, 17), D(2025, 11, 30), 9),  # start excluded, end included
        (D(2025, 11, 24), D(2025, 11, 21), -1),
    ],
)
def test_working_days_between_plain(start: dt.date, end: dt.date, expected: int) -> None:
    assert PLAIN.working_days_between(start, end) == expected


def test_real_2026_holidays_are_known() -> None:
    names = {h.date: (h.kind, h.name) for h in ID_2026.entries}
    assert names[D(2026, 3, 21)] == ("public", "Hari Raya Idul Fitri")
    assert names[D(2026, 3, 19)][0] == "public"  # Nyepi
    assert names[D(2026, 3, 23)][0] == "cuti_bersama"
    assert names[D(2026, 8, 17)][0] == "public"  # Independence Day, a Monday
    assert not ID_2026.is_working_day(D(2026, 8, 17))
    assert ID_2026.is_working_day(D(2026, 8, 18))


def test_idul_fitri_2026_with_cuti_bersama() -> None:
    # 18 Mar cuti Nyepi, 19 Nyepi, 20 cuti, 21-22 Idul Fitri (weekend), 23-24 cuti.
    assert ID_2026.add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 25)
    assert ID_2026.working_days_between(D(2026, 3, 17), D(2026, 3, 31)) == 5


def test_cuti_bersama_setting_changes_results() -> None:
    # Without cuti bersama only Nyepi (19 Mar) is a weekday off in that stretch.
    assert ID_2026_NO_CUTI.add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 18)
    assert ID_2026_NO_CUTI.add_working_days(D(2026, 3, 17), 3) == D(2026, 3, 23)
    assert ID_2026_NO_CUTI.working_days_between(D(2026, 3, 17), D(2026, 3, 31)) == 9
    assert ID_2026_NO_CUTI.is_working_day(D(2026, 3, 20))
    assert not ID_2026.is_working_day(D(2026, 3, 20))


def test_office_closure_is_a_day_off() -> None:
    closure = Holiday(D(2026, 3, 25), "Pindah kantor", "closure")
    cal = WorkingCalendar.indonesia([2026], closures=[closure])
    assert not cal.is_working_day(D(2026, 3, 25))
    assert cal.add_working_days(D(2026, 3, 17), 1) == D(2026, 3, 26)
    # The closure counts even when cuti bersama does not.
    cal_no_cuti = WorkingCalendar.indonesia(
        [2026], cuti_bersama_is_holiday=False, closures=[closure]
    )
    assert cal_no_cuti.working_days_between(D(2026, 3, 17), D(2026, 3, 31)) == 8


def test_holidays_between_follows_the_setting() -> None:
    span = (D(2026, 3, 17), D(2026, 3, 24))
    with_cuti = [(h.date, h.kind) for h in ID_2026.holidays_between(*span)]
    without = [(h.date, h.kind) for h in ID_2026_NO_CUTI.holidays_between(*span)]
    assert (D(2026, 3, 23), "cuti_bersama") in with_cuti
    assert without == [
        (D(2026, 3, 19), "public"),
        (D(2026, 3, 21), "public"),
        (D(2026, 3, 22), "public"),
    ]
    assert ID_2026.holidays_between(D(2026, 3, 25), D(2026, 3, 31)) == []


def test_negative_n_is_refused() -> None:
    with pytest.raises(ValueError):
        PLAIN.add_working_days(D(2026, 1, 5), -1)


def test_unknown_holiday_kind_is_refused() -> None:
    with pytest.raises(ValueError):
        Holiday(D(2026, 1, 5), "?", "libur")


def test_indonesia_years_are_combined() -> None:
    cal = WorkingCalendar.indonesia([2025, 2026])
    assert not cal.is_working_day(D(2025, 12, 25))
    assert not cal.is_working_day(D(2026, 1, 1))
    # 26 Dec 2025 cuti bersama, 29-31 Dec working, 1 Jan holiday, 2 Jan working.
    assert cal.working_days_between(D(2025, 12, 24), D(2026, 1, 2)) == 4


days = st.dates(min_value=D(2025, 1, 1), max_value=D(2027, 6, 30))
random_holidays = st.lists(
    st.builds(
        Holiday,
        date=days,
        name=st.just("x"),
        kind=st.sampled_from(["public", "cuti_bersama", "closure"]),
    ),
    max_size=40,
)
calendars = st.builds(
    WorkingCalendar, random_holidays, cuti_bersama_is_holiday=st.booleans()
) | st.sampled_from([ID_2026, ID_2026_NO_CUTI])


@given(calendars, days, st.integers(min_value=1, max_value=300))
def test_add_and_between_are_inverse(cal: WorkingCalendar, start: dt.date, n: int) -> None:
    end = cal.add_working_days(start, n)
    assert cal.is_working_day(end)
    assert cal.working_days_between(start, end) == n
    assert cal.working_days_between(end, start) == -n


@given(calendars, days, days)
def test_between_matches_a_day_by_day_count(
    cal: WorkingCalendar, start: dt.date, end: dt.date
) -> None:
    assert cal.working_days_between(start, end) == naive_between(cal, start, end)


@given(calendars, days)
def test_zero_days_is_the_first_working_day_from_start(
    cal: WorkingCalendar, start: dt.date
) -> None:
    first = cal.add_working_days(start, 0)
    assert cal.is_working_day(first)
    assert naive_between(cal, start, first) == (0 if first == start else 1)
