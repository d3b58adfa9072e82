"""Office receipt numbers for walk-in complaints."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.receipt import make_receipt_number, parse_receipt_number


def test_example_number() -> None:
    assert make_receipt_number("DPUPR", dt.date(2026, 11, 22), 7) == "DPUPR-20261122-0007"


def test_parse_ignores_case_and_spaces() -> None:
    assert parse_receipt_number("  dpupr-20261122-0007 ") == ("DPUPR", dt.date(2026, 11, 22), 7)


@pytest.mark.parametrize(
    ("office", "seq", "field", "code"),
    [
        ("D", 1, "office_code", "office_code_format"),
        ("DINAS-PU", 1, "office_code", "office_code_format"),
        ("dpupr", 1, "office_code", "office_code_format"),
        ("ABCDEFGHIJKLM", 1, "office_code", "office_code_format"),
        ("DPUPR", 0, "receipt_number", "receipt_seq"),
        ("DPUPR", 10000, "receipt_number", "receipt_seq"),
    ],
)
def test_make_refuses_bad_parts(office: str, seq: int, field: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        make_receipt_number(office, dt.date(2026, 11, 22), seq)
    assert (err.value.field, err.value.code) == (field, code)


@pytest.mark.parametrize(
    ("value", "code"),
    [
        ("", "receipt_format"),
        ("DPUPR-2026112-0007", "receipt_format"),
        ("DPUPR-20261122-7", "receipt_format"),
        ("DP UPR-20261122-0007", "receipt_format"),
        ("DPUPR20261122-0007", "receipt_format"),
        ("DPUPR-20260230-0007", "receipt_date"),
        ("DPUPR-20261322-0007", "receipt_date"),
        ("DPUPR-20261122-0000", "receipt_seq"),
        ("DPUPR-20261122-00-0007", "receipt_desk"),
        ("DPUPR-20261122-2-0007", "receipt_format"),
        ("DPUPR-20261122-002-0007", "receipt_format"),
    ],
)
def test_parse_refuses_malformed(value: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        parse_receipt_number(value)
    assert err.value.field == "receipt_number"
    assert err.value.code == code


@given(
    office=st.from_regex(r"[A-Z0-9]{2,12}", fullmatch=True),
    day=st.dates(min_value=dt.date(2000, 1, 1), max_value=dt.date(2099, 12, 31)),
    seq=st.integers(1, 9999),
)
def test_round_trip(office: str, day: dt.date, seq: int) -> None:
    number = make_receipt_number(office, day, seq)
    assert parse_receipt_number(number) == (office, day, seq)


@given(
    a=st.tuples(st.sampled_from(["DPUPR", "DINKES", "KEC01"]), st.integers(1, 9999)),
    b=st.tuples(st.sampled_from(["DPUPR", "DINKES", "KEC01"]), st.integers(1, 9999)),
)
def test_distinct_parts_give_distinct_numbers(a: tuple[str, int], b: tuple[str, int]) -> None:
    day = dt.date(2026, 11, 22)
    same = make_receipt_number(a[0], day, a[1]) == make_receipt_number(b[0], day, b[1])
    assert same is (a == b)


def test_desk_part() -> None:
    number = make_receipt_number("DPUPR", dt.date(2026, 12, 2), 1, desk=2)
    assert number == "DPUPR-20261202-02-0001"
    assert parse_receipt_number(number) == ("DPUPR", dt.date(2026, 12, 2), 1)
    for desk in (0, 100):
        with pytest.raises(ValidationError) as err:
            make_receipt_number("DPUPR", dt.date(2026, 12, 2), 1, desk=desk)
        assert err.value.code == "receipt_desk"


@given(
    a=st.tuples(st.integers(1, 99), st.integers(1, 9999)),
    b=st.tuples(st.integers(1, 99), st.integers(1, 9999)),
)
def test_two_desks_never_share_a_number(a: tuple[int, int], b: tuple[int, int]) -> None:
    day = dt.date(2026, 12, 2)
    same = make_receipt_number("DPUPR", day, a[1], a[0]) == make_receipt_number(
        "DPUPR", day, b[1], b[0]
    )
    assert same is (a == b)
