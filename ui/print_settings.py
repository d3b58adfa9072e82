"""The office's letterhead and letter-number format (Settings), and the number they give a
letter. Qt-free: the settings and the context import it before the first window is shown, and
`ui/printing.py` (which needs Qt's text and page classes) only when a letter is printed.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

DEFAULT_NUMBER_FORMAT = "{tracking}/TL/{roman_month}/{year}"
_ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII")


@dataclass(frozen=True)
class PrintSettings:
    letterhead: str = ""  # lines: the agency, the office, its address
    number_format: str = DEFAULT_NUMBER_FORMAT


def letter_number(fmt: str, *, tracking: str | None, when: dt.date) -> str:
    """The letter's number from the office's format: {tracking} {year} {month} {roman_month}."""
    values = {
        "tracking": tracking or "-",
        "year": f"{when.year}",
        "month": f"{when.month:02d}",
        "roman_month": _ROMAN[when.month - 1],
    }
    try:
        return (fmt or DEFAULT_NUMBER_FORMAT).format(**values)
    except (KeyError, IndexError, ValueError):
        return DEFAULT_NUMBER_FORMAT.format(**values)


def number_format_problem(fmt: str) -> str | None:
    """None when the format can be filled; else which placeholder is unknown (for settings)."""
    try:
        fmt.format(tracking="", year="", month="", roman_month="")
    except (KeyError, IndexError, ValueError) as exc:
        return str(exc)
    return None
