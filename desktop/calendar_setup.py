"""The working-day calendar from the cached reference data and the office's own setting."""

from __future__ import annotations

import datetime as dt
import logging
from typing import Any

from domain.calendar import Holiday, WorkingCalendar

log = logging.getLogger(__name__)


def build_calendar(
    reference: dict[str, Any] | None,
    *,
    agency_id: str,
    cuti_setting: bool | None,
    today: dt.date,
) -> WorkingCalendar:
    """The server's holiday list when cached (it is the one deadlines were computed with),
    else the national calendar of the years around today. The local setting wins over the
    server's cuti bersama rule when the office has set one."""
    server_cuti = bool(reference.get("cuti_bersama_is_holiday", True)) if reference else True
    cuti = server_cuti if cuti_setting is None else cuti_setting
    if not reference or not reference.get("holidays"):
        years = range(today.year - 1, today.year + 2)
        return WorkingCalendar.indonesia(years, cuti_bersama_is_holiday=cuti)
    entries = [
        Holiday(dt.date.fromisoformat(str(h["date"])), str(h["name"]), str(h["kind"]))
        for h in reference["holidays"]
    ]
    entries += [
        Holiday(dt.date.fromisoformat(str(c["date"])), str(c.get("reason", "")), "closure")
        for c in reference.get("office_closures", [])
        if c.get("agency_id") in (None, agency_id)
    ]
    return WorkingCalendar(entries, cuti_bersama_is_holiday=cuti)
