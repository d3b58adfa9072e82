"""Office receipt numbers for walk-in complaints.

`OFFICE-YYYYMMDD-DD-NNNN`: the office code, the day, the desk PC's number within the office
(`DD`, 01-99, given to the PC by the server at its first online login) and the desk's own count
of that day. Each desk counts only its own numbers, so desks of one office working offline on
the same day never issue the same number, and none asks the server at the moment of printing.

`OFFICE-YYYYMMDD-NNNN` (no desk part) is the older form: still read, and still made by a desk
that has not logged in online since desk numbers exist; the server refuses a duplicate.
"""

from __future__ import annotations

import datetime as dt
import re

from domain.errors import ValidationError

MAX_SEQ = 9999
MAX_DESK = 99
_OFFICE_RE = re.compile(r"[A-Z0-9]{2,12}")
_RECEIPT_RE = re.compile(r"([A-Z0-9]{2,12})-(\d{8})-(?:(\d{2})-)?(\d{4})")


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


def _check_desk(desk: int) -> None:
    if not 1 <= desk <= MAX_DESK:
        raise ValidationError(
            "receipt_number", "receipt_desk", f"Nomor loket harus 1-{MAX_DESK} (tertulis {desk})."
        )


def make_receipt_number(office_code: str, day: dt.date, seq: int, desk: int | None = None) -> str:
    """E.g. ("DPUPR", 2026-11-22, 7, desk 2) -> "DPUPR-20261122-02-0007";
    without a desk number, the older "DPUPR-20261122-0007"."""
    _check_office(office_code)
    _check_seq(seq)
    if desk is None:
        return f"{office_code}-{day:%Y%m%d}-{seq:04d}"
    _check_desk(desk)
    return f"{office_code}-{day:%Y%m%d}-{desk:02d}-{seq:04d}"


def normalize_receipt_number(value: str) -> str:
    """The stored form: upper case, no surrounding spaces (after checking it parses)."""
    parse_receipt_number(value)
    return value.strip().upper()


def parse_receipt_number(value: str) -> tuple[str, dt.date, int]:
    """(office code, day, sequence) of a receipt number; case and surrounding spaces are ignored."""
    match = _RECEIPT_RE.fullmatch(value.strip().upper())
    if match is None:
        raise ValidationError(
            "receipt_number",
            "receipt_format",
            "Nomor tanda terima harus berbentuk KANTOR-TTTTBBHH-LL-NNNN, "
            "mis. DPUPR-20261122-02-0007.",
        )
    office, ymd, desk, seq = match.groups()
    try:
        day = dt.date(int(ymd[:4]), int(ymd[4:6]), int(ymd[6:]))
    except ValueError:
        raise ValidationError(
            "receipt_number",
            "receipt_date",
            f"Tanggal {ymd} pada nomor tanda terima tidak ada.",
            {"date": ymd},
        ) from None
    if desk is not None:
        _check_desk(int(desk))
    _check_seq(int(seq))
    return office, day, int(seq)
