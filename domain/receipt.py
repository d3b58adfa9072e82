"""Office receipt numbers for walk-in complaints.

`OFFICE-YYYYMMDD-NNNN`: the office code and the day make the number unique without asking the
server, as long as each office counts its own sequence per day.
"""

from __future__ import annotations

import datetime as dt
import re

from domain.errors import ValidationError

MAX_SEQ = 9999
_OFFICE_RE = re.compile(r"[A-Z0-9]{2,12}")
_RECEIPT_RE = re.compile(r"([A-Z0-9]{2,12})-(\d{8})-(\d{4})")


def _check_office(office_code: str) -> None:
    if not _OFFICE_RE.fullmatch(office_code):
        raise ValidationError(
            "office_code",
            "office_code_format",
            "Kode kantor harus 2-12 huruf besar atau angka, tanpa spasi.",
        )


def _check_seq(seq: int) -> None:
    if not 1 <= seq <= MAX_SEQ:
        raise ValidationError(
            "receipt_number",
            "receipt_seq",
            f"Nomor urut tanda terima harus 1-{MAX_SEQ} (tertulis {seq}).",
            {"max": MAX_SEQ, "n": seq},
        )


def make_receipt_number(office_code: str, day: dt.date, seq: int) -> str:
    """E.g. ("DPUPR", 2026-11-22, 7) -> "DPUPR-20261122-0007"."""
    _check_office(office_code)
    _check_seq(seq)
    return f"{office_code}-{day:%Y%m%d}-{seq:04d}"


def parse_receipt_number(value: str) -> tuple[str, dt.date, int]:
    """(office code, day, sequence) of a receipt number; case and surrounding spaces are ignored."""
    match = _RECEIPT_RE.fullmatch(value.strip().upper())
    if match is None:
        raise ValidationError(
            "receipt_number",
            "receipt_format",
            "Nomor tanda terima harus berbentuk KANTOR-TTTTBBHH-NNNN, mis. DPUPR-20261122-0007.",
        )
    office, ymd, seq = match.groups()
    try:
        day = dt.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError:
        raise ValidationError(
            "receipt_number",
            "receipt_date",
            f"Tanggal {ymd} pada nomor tanda terima tidak ada.",
            {"date": ymd},
        ) from None
    _check_seq(int(seq))
    return office, day, int(seq)
