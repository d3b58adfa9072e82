"""NIK, phone numbers, region codes and masking."""

from __future__ import annotations

import datetime as dt

import pytest
from hypothesis import given
from hypothesis import strategies as st

from domain.errors import ValidationError
from domain.identity import (
    PROVINCE_CODES,
    mask_name,
    mask_nik,
    nik_birth_date,
    nik_is_female,
    normalize_phone,
    region_level,
    validate_nik,
    validate_region_code,
)

TODAY = dt.date(2026, 11, 22)
# Kota Padang (13.71), kecamatan 01, a man born 17 Aug 1985, sequence 0001.
NIK_MAN = "1371011708850001"
# The same place, a woman born 12 Mar 2001 (day 12 + 40 = 52).
NIK_WOMAN = "1371015203010002"


def test_province_list_has_38_provinces() -> None:
    assert len(PROVINCE_CODES) == 38
    assert PROVINCE_CODES["13"] == "Sumatera Barat"
    assert PROVINCE_CODES["96"] == "Papua Barat Daya"


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        (NIK_MAN, NIK_MAN),
        ("1371 0117 0885 0001", NIK_MAN),
        (" 1371011708850001\n", NIK_MAN),
        (NIK_WOMAN, NIK_WOMAN),
        ("9601012902000003", "9601012902000003"),  # 29 Feb 2000; Papua Barat Daya
    ],
)
def test_valid_niks(raw: str, expected: str) -> None:
    assert validate_nik(raw, today=TODAY) == expected


@pytest.mark.parametrize(
    ("raw", "code", "fragment"),
    [
        ("", "nik_empty", "wajib"),
        ("137101170885000", "nik_length", "NIK harus 16 digit (tertulis 15)"),
        ("13710117088500011", "nik_length", "tertulis 17"),
        ("13710117O8850001", "nik_digits", "angka"),
        ("9971011708850001", "nik_province", "provinsi 99"),
        ("2071011708850001", "nik_province", "provinsi 20"),
        ("1300011708850001", "nik_regency", "kabupaten/kota"),
        ("1371001708850001", "nik_district", "kecamatan"),
        ("1371011713850001", "nik_month", "Bulan lahir 13"),
        ("1371011700850001", "nik_month", "Bulan lahir 00"),
        ("1371013708850001", "nik_day", "Tanggal lahir 37"),
        ("1371010008850001", "nik_day", "Tanggal lahir 00"),
        ("1371017208850001", "nik_day", "Tanggal lahir 72"),
        ("1371013102850001", "nik_date", "bukan tanggal"),  # 31 Feb
        ("1371012902990001", "nik_date", "bukan tanggal"),  # 29 Feb 1999
        ("1371011708850000", "nik_sequence", "0000"),
    ],
)
def test_invalid_niks(raw: str, code: str, fragment: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_nik(raw, today=TODAY)
    assert err.value.field == "nik"
    assert err.value.code == code
    assert fragment in err.value.message


def test_birth_date_and_sex() -> None:
    assert nik_birth_date(NIK_MAN, today=TODAY) == dt.date(1985, 8, 17)
    assert nik_birth_date(NIK_WOMAN, today=TODAY) == dt.date(2001, 3, 12)
    assert not nik_is_female(NIK_MAN)
    assert nik_is_female(NIK_WOMAN)


def test_century_is_guessed_from_today() -> None:
    nik = "3373041708260001"  # born '26
    assert nik_birth_date(nik, today=dt.date(2026, 11, 22)) == dt.date(2026, 8, 17)
    assert nik_birth_date(nik, today=dt.date(2025, 11, 22)) == dt.date(1926, 8, 17)


@given(
    province=st.sampled_from(sorted(PROVINCE_CODES)),
    regency=st.integers(1, 99),
    district=st.integers(1, 99),
    born=st.dates(min_value=dt.date(1927, 1, 1), max_value=TODAY),
    female=st.booleans(),
    seq=st.integers(1, 9999),
)
def test_generated_niks_round_trip(
    province: str, regency: int, district: int, born: dt.date, female: bool, seq: int
) -> None:
    day = born.day + (40 if female else 0)
    nik = f"{province}{regency:02d}{district:02d}{day:02d}{born:%m%y}{seq:04d}"
    assert validate_nik(nik, today=TODAY) == nik
    assert nik_birth_date(nik, today=TODAY) == born
    assert nik_is_female(nik) is female


@pytest.mark.parametrize(
    ("raw", "expected"),
    [
        ("0812-3456-789", "+628123456789"),
        ("0812 3456 7890", "+6281234567890"),
        ("081234567890", "+6281234567890"),
        ("6281234567890", "+6281234567890"),
        ("+62 812-3456-7890", "+6281234567890"),
        ("+62 (0)812 3456 7890", "+6281234567890"),
        ("(0751) 123456", "+62751123456"),  # Padang landline
        ("021-5551234", "+62215551234"),  # Jakarta landline
        ("0812.3456.7890", "+6281234567890"),
    ],
)
def test_phone_normalisation(raw: str, expected: str) -> None:
    assert normalize_phone(raw) == expected


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("", "phone_empty"),
        ("   ", "phone_empty"),
        ("0812-3456-78ab", "phone_chars"),
        ("+1 415 555 0100", "phone_country"),
        ("8123456789", "phone_prefix"),
        ("0012345678901", "phone_prefix"),
        ("0112345678", "phone_prefix"),
        ("08123456", "phone_length"),  # 7 digits after the 0
        ("0812345678901234", "phone_length"),  # 15 digits after the 0
        ("+62", "phone_prefix"),
    ],
)
def test_invalid_phones(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        normalize_phone(raw)
    assert err.value.field == "phone"
    assert err.value.code == code
    assert err.value.message


@given(st.from_regex(r"08[1-9][0-9]{7,10}", fullmatch=True))
def test_every_spelling_of_a_mobile_number_agrees(local: str) -> None:
    expected = "+62" + local[1:]
    assert normalize_phone(local) == expected
    assert normalize_phone("62" + local[1:]) == expected
    assert normalize_phone("+62 " + local[1:4] + "-" + local[4:]) == expected


@pytest.mark.parametrize(
    ("raw", "normalised", "level"),
    [
        ("33.73.04.1001", "33.73.04.1001", "village"),  # Kel. Kecandran, Kota Salatiga
        ("3373041001", "33.73.04.1001", "village"),
        ("13.06.01.2001", "13.06.01.2001", "village"),  # a desa
        ("33.73.04", "33.73.04", "district"),
        ("13.71", "13.71", "regency"),  # Kota Padang
        ("13.01", "13.01", "regency"),
        ("96", "96", "province"),
        (" 33.73 ", "33.73", "regency"),
    ],
)
def test_valid_region_codes(raw: str, normalised: str, level: str) -> None:
    assert validate_region_code(raw) == normalised
    assert region_level(raw) == level


@pytest.mark.parametrize(
    ("raw", "code"),
    [
        ("33.70", "region_regency"),  # neither kabupaten (01-69) nor kota (71-99)
        ("33.00", "region_regency"),
        ("99.01", "region_province"),
        ("33.73.00", "region_district"),
        ("33.73.04.4001", "region_village"),
        ("33.73.04.1000", "region_village"),
        ("33.73.4.1001", "region_format"),
        ("33.73.04.1001.5", "region_format"),
        ("33-73-04", "region_format"),
        ("", "region_format"),
        ("337304100", "region_format"),
    ],
)
def test_invalid_region_codes(raw: str, code: str) -> None:
    with pytest.raises(ValidationError) as err:
        validate_region_code(raw)
    assert err.value.field == "region"
    assert err.value.code == code


def test_masks() -> None:
    assert mask_nik("1306011708850001") == "1306xxxxxxxx0001"
    assert mask_nik("1306 0117 0885 0001") == "1306xxxxxxxx0001"
    assert mask_nik("1234567") == "xxxxxxx"
    assert mask_name("Budi Santoso") == "B*** S******"
    assert mask_name("  Siti   Nur Aisyah ") == "S*** N** A*****"
    assert mask_name("") == ""


@given(st.text(st.characters(categories=("L",)), min_size=1, max_size=20))
def test_mask_name_hides_all_but_the_first_letter(word: str) -> None:
    masked = mask_name(word)
    assert masked[0] == word[0]
    assert masked[1:] == "*" * (len(word) - 1)
