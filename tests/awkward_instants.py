"""Instants at which the suite must behave as at any other: the hours a demo once came up empty,
the last seconds of the year in WIB and the first after, a weekend, a national holiday."""

from __future__ import annotations

AWKWARD_INSTANTS = (
    "2026-12-02T12:30:00Z",  # the demo's officer once had no work from here...
    "2026-12-02T13:00:00Z",  # ...to here
    "2026-12-31T16:59:30Z",  # 23:59:30 WIB on the last day of the year
    "2026-12-31T17:00:30Z",  # 00:00:30 WIB on New Year's Day, a national holiday
    "2026-12-05T03:00:00Z",  # a Saturday morning
    "2026-12-25T02:00:00Z",  # Christmas Day, a national holiday
    "2026-12-06T16:59:59Z",  # just before midnight WIB, Sunday into Monday
)
