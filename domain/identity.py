"""Reporter identity and location: NIK, phone numbers, Kemendagri region codes, masking.

Every validator returns the normalised value or raises ValidationError with an Indonesian
message that says what is wrong, so the desk can correct the form on the spot.
"""

from __future__ import annotations

import datetime as dt
import re

from domain import clock
from domain.errors import ValidationError

# Province codes of the Kemendagri region list (Kepmendagri 300.2.2-2138/2025, 38 provinces).
# Data, not logic: when the list changes, only this table changes.
PROVINCE_CODES: dict[str, str] = {
    "11": "Aceh",
    "12": "Sumatera Utara",
    "13": "Sumatera Barat",
    "14": "Riau",
    "15": "Jambi",
    "16": "Sumatera Selatan",
    "17": "Bengkulu",
    "18": "Lampung",
    "19": "Kepulauan Bangka Belitung",
    "21": "Kepulauan Riau",
    "31": "DKI Jakarta",
    "32": "Jawa Barat",
    "33": "Jawa Tengah",
    "34": "DI Yogyakarta",
    "35": "Jawa Timur",
    "36": "Banten",
    "51": "Bali",
    "52": "Nusa Tenggara Barat",
    "53": "Nusa Tenggara Timur",
    "61": "Kalimantan Barat",
    "62": "Kalimantan Tengah",
    "63": "Kalimantan Selatan",
    "64": "Kalimantan Timur",
    "65": "Kalimantan Utara",
    "71": "Sulawesi Utara",
    "72": "Sulawesi Tengah",
    "73": "Sulawesi Selatan",
    "74": "Sulawesi Tenggara",
    "75": "Gorontalo",
    "76": "Sulawesi Barat",
    "81": "Maluku",
    "82": "Maluku Utara",
    "91": "Papua",
    "92": "Papua Barat",
    "93": "Papua Selatan",
    "94": "Papua Tengah",
    "95": "Papua Pegunungan",
    "96": "Papua Barat Daya",
}

REGION_LEVELS = ("province", "regency", "district", "village")

# Village part: 1xxx kelurahan, 2xxx desa, 3xxx desa adat (a kind of desa the coding rules
# also provide for).
_VILLAGE_KINDS = {"1": "kelurahan", "2": "desa", "3": "desa adat"}


def _nik_error(code: str, message: str) -> ValidationError:
    return ValidationError("nik", code, message)


def _guess_century(yy: int, today: dt.date) -> int:
    """A NIK only has two year digits: a year later than this year's must be last century."""
    return 1900 + yy if yy > today.year % 100 else 2000 + yy


def _check_nik_place(nik: str) -> None:
    if nik[:2] not in PROVINCE_CODES:
        raise _nik_error("nik_province", f"Kode provinsi {nik[:2]} pada NIK tidak dikenal.")
    if nik[2:4] == "00":
        raise _nik_error("nik_regency", "Kode kabupaten/kota pada NIK tidak boleh 00.")
    if nik[4:6] == "00":
        raise _nik_error("nik_district", "Kode kecamatan pada NIK tidak boleh 00.")


def _nik_date(nik: str, today: dt.date) -> dt.date:
    day, month, yy = int(nik[6:8]), int(nik[8:10]), int(nik[10:12])
    if not (1 <= day <= 31 or 41 <= day <= 71):
        raise _nik_error(
            "nik_day", f"Tanggal lahir {nik[6:8]} pada NIK salah (01-31, atau 41-71 perempuan)."
        )
    if not 1 <= month <= 12:
        raise _nik_error("nik_month", f"Bulan lahir {nik[8:10]} pada NIK salah (01-12).")
    try:
        return dt.date(_guess_century(yy, today), month, day % 40)
    except ValueError:
        raise _nik_error(
            "nik_date", f"Tanggal lahir {nik[6:12]} pada NIK bukan tanggal yang ada."
        ) from None


def validate_nik(value: str, *, today: dt.date | None = None) -> str:
    """Return the 16-digit NIK without spaces, or raise ValidationError(field="nik")."""
    nik = "".join(value.split())
    if not nik:
        raise _nik_error("nik_empty", "NIK wajib diisi.")
    if not nik.isascii() or not nik.isdigit():
        raise _nik_error("nik_digits", "NIK hanya boleh berisi angka.")
    if len(nik) != 16:
        raise _nik_error("nik_length", f"NIK harus 16 digit (tertulis {len(nik)}).")
    _check_nik_place(nik)
    _nik_date(nik, today or clock.local_today())
    if nik[12:] == "0000":
        raise _nik_error("nik_sequence", "Nomor urut NIK (4 digit terakhir) tidak boleh 0000.")
    return nik


def nik_birth_date(nik: str, *, today: dt.date) -> dt.date:
    """Birth date in a valid NIK; the century is guessed relative to `today`."""
    return _nik_date(validate_nik(nik, today=today), today)


def nik_is_female(nik: str) -> bool:
    """Women's NIKs carry the birth day plus 40."""
    return int(validate_nik(nik)[6:8]) > 40


def normalize_phone(value: str) -> str:
    """Indonesian number in international form, e.g. "0812-3456-789" -> "+628123456789".

    Accepts a leading 0, 62 or +62 (also "+62 (0)812..."), with spaces, dashes, dots or
    brackets between digits. Mobile (08xx) numbers and landlines with an area code both pass.
    """
    raw = value.strip()
    if not raw:
        raise ValidationError("phone", "phone_empty", "Nomor telepon wajib diisi.")
    compact = re.sub(r"[\s\-.()/]", "", raw)
    plus = compact.startswith("+")
    digits = compact[1:] if plus else compact
    if not digits.isascii() or not digits.isdigit():
        raise ValidationError("phone", "phone_chars", "Nomor telepon hanya boleh berisi angka.")
    national = _national_number(digits, plus)
    if not 9 <= len(national) <= 13:
        raise ValidationError(
            "phone",
            "phone_length",
            f"Nomor telepon harus 10-14 digit diawali 0 (tertulis {len(national) + 1}).",
        )
    return "+62" + national


def _national_number(digits: str, plus: bool) -> str:
    """The number after the trunk 0, from any accepted prefix."""
    if digits.startswith("62"):
        national = digits[2:]
        # "+62 0812..." is a frequent mix of both styles: drop the stray trunk 0.
        national = national[1:] if national.startswith("0") else national
    elif plus:
        raise ValidationError(
            "phone", "phone_country", "Hanya nomor Indonesia (+62) yang dapat dipakai."
        )
    elif digits.startswith("0") and not digits.startswith("00"):
        national = digits[1:]
    else:
        raise ValidationError(
            "phone", "phone_prefix", "Nomor telepon harus diawali 0, 62 atau +62."
        )
    if not national or national[0] not in "23456789":
        raise ValidationError(
            "phone", "phone_prefix", "Nomor telepon harus diawali 08 (seluler) atau kode wilayah."
        )
    return national


def _region_parts(value: str) -> list[str]:
    code = "".join(value.split())
    if "." not in code and code.isdigit() and len(code) in (2, 4, 6, 10):
        # An undotted code as some forms print it: split at the fixed widths.
        cuts = [(0, 2), (2, 4), (4, 6), (6, 10)][: {2: 1, 4: 2, 6: 3, 10: 4}[len(code)]]
        return [code[a:b] for a, b in cuts]
    parts = code.split(".")
    widths = [2, 2, 2, 4][: len(parts)]
    ok = 1 <= len(parts) <= 4 and all(
        p.isascii() and p.isdigit() and len(p) == w for p, w in zip(parts, widths, strict=False)
    )
    if not ok:
        raise ValidationError(
            "region",
            "region_format",
            "Kode wilayah harus berbentuk PP, PP.KK, PP.KK.CC atau PP.KK.CC.DDDD.",
        )
    return parts


def _check_region_parts(parts: list[str]) -> None:
    if parts[0] not in PROVINCE_CODES:
        raise ValidationError(
            "region", "region_province", f"Kode provinsi {parts[0]} tidak dikenal."
        )
    if len(parts) > 1 and not (1 <= int(parts[1]) <= 69 or 71 <= int(parts[1]) <= 99):
        raise ValidationError(
            "region",
            "region_regency",
            f"Kode kabupaten/kota {parts[1]} salah (kabupaten 01-69, kota 71-99).",
        )
    if len(parts) > 2 and parts[2] == "00":
        raise ValidationError("region", "region_district", "Kode kecamatan tidak boleh 00.")
    if len(parts) > 3 and (parts[3][0] not in _VILLAGE_KINDS or parts[3][1:] == "000"):
        raise ValidationError(
            "region",
            "region_village",
            f"Kode kelurahan/desa {parts[3]} salah (1xxx kelurahan, 2xxx desa, 3xxx desa adat).",
        )


def validate_region_code(value: str) -> str:
    """Return the dotted Kemendagri code (e.g. "33.73.04.1001") or raise ValidationError."""
    parts = _region_parts(value)
    _check_region_parts(parts)
    return ".".join(parts)


def region_level(code: str) -> str:
    """ "province", "regency", "district" or "village" for a valid region code."""
    return REGION_LEVELS[validate_region_code(code).count(".")]


def mask_nik(nik: str) -> str:
    """Keep the region (first 4) and sequence (last 4) digits: enough to tell two NIKs apart."""
    compact = "".join(nik.split())
    if len(compact) <= 8:
        return "x" * len(compact)
    return compact[:4] + "x" * (len(compact) - 8) + compact[-4:]


def mask_name(name: str) -> str:
    """First letter of each word, the rest starred: "Budi Santoso" -> "B*** S******"."""
    return " ".join(word[0] + "*" * (len(word) - 1) for word in name.split())
