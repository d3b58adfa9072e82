"""Working-day calendar: weekends, national holidays, cuti bersama and office closures.

Every time limit in SP4N-LAPOR! counts working days, so client and server must count the same way.
Whether cuti bersama (collective leave) counts as a day off is not settled nationally, hence the
`cuti_bersama_is_holiday` switch.
"""

from __future__ import annotations

import bisect
import datetime as dt
import functools
from collections.abc import Iterable
from dataclasses import dataclass

HOLIDAY_KINDS = ("public", "cuti_bersama", "closure")

_SATURDAY = 5


@dataclass(frozen=True)
class Holiday:
    """One day off: a national holiday, a cuti bersama day, or a closure of the office."""

    date: dt.date
    name: str
    kind: str  # "public" | "cuti_bersama" | "closure"

    def __post_init__(self) -> None:
        if self.kind not in HOLIDAY_KINDS:
            raise ValueError(f"unknown holiday kind {self.kind!r}; expected one of {HOLIDAY_KINDS}")


def _weekdays_through(day: dt.date) -> int:
    """Number of Monday-Friday dates from 0001-01-01 (a Monday) through `day`."""
    ordinal = day.toordinal()
    return ordinal // 7 * 5 + min(ordinal % 7, 5)


class WorkingCalendar:
    """Answers working-day questions for a fixed set of days off.

    A day is a working day when it is Monday to Friday and no holiday or closure falls on it
    (cuti bersama only when `cuti_bersama_is_holiday`). Instances are immutable and cheap to query.
    """

    def __init__(
        self, holidays: Iterable[Holiday] = (), *, cuti_bersama_is_holiday: bool = True
    ) -> None:
        self._cuti_bersama_is_holiday = cuti_bersama_is_holiday
        self._entries: tuple[Holiday, ...] = tuple(
            sorted(holidays, key=lambda h: (h.date, HOLIDAY_KINDS.index(h.kind), h.name))
        )
        effective = [h for h in self._entries if self._counts(h)]
        self._effective: tuple[Holiday, ...] = tuple(effective)
        self._effective_dates = [h.date for h in effective]
        self._off_days = frozenset(self._effective_dates)
        # Sorted ordinals of days off that fall on weekdays: counting them with bisect keeps
        # working_days_between independent of the length of the span.
        self._weekday_off = sorted(d.toordinal() for d in self._off_days if d.weekday() < _SATURDAY)

    @classmethod
    def indonesia(
        cls,
        years: Iterable[int],
        *,
        cuti_bersama_is_holiday: bool = True,
        closures: Iterable[Holiday] = (),
    ) -> WorkingCalendar:
        """National holidays and cuti bersama of the given years, plus the office's closures."""
        entries: list[Holiday] = []
        for year in sorted(set(years)):
            entries.extend(_indonesian_year(year))
        entries.extend(closures)
        return cls(entries, cuti_bersama_is_holiday=cuti_bersama_is_holiday)

    @property
    def cuti_bersama_is_holiday(self) -> bool:
        return self._cuti_bersama_is_holiday

    @property
    def entries(self) -> tuple[Holiday, ...]:
        """Every known entry, including cuti bersama days that do not count as days off."""
        return self._entries

    def _counts(self, holiday: Holiday) -> bool:
        return holiday.kind != "cuti_bersama" or self._cuti_bersama_is_holiday

    def is_working_day(self, d: dt.date) -> bool:
        return d.weekday() < _SATURDAY and d not in self._off_days

    def add_working_days(self, start: dt.date, n: int) -> dt.date:
        """The n-th working day after `start`; for n=0, `start` itself or the next working day."""
        if n < 0:
            raise ValueError("n must not be negative")
        day = start
        if n == 0:
            while not self.is_working_day(day):
                day += dt.timedelta(days=1)
            return day
        remaining = n
        while remaining:
            day += dt.timedelta(days=1)
            if self.is_working_day(day):
                remaining -= 1
        return day

    def working_days_between(self, start: dt.date, end: dt.date) -> int:
        """Working days d with start < d <= end; the negated count when end < start."""
        if end < start:
            return -self.working_days_between(end, start)
        weekdays = _weekdays_through(end) - _weekdays_through(start)
        lo = bisect.bisect_right(self._weekday_off, start.toordinal())
        hi = bisect.bisect_right(self._weekday_off, end.toordinal())
        return weekdays - (hi - lo)

    def holidays_between(self, start: dt.date, end: dt.date) -> list[Holiday]:
        """Entries that count as days off with start <= date <= end (weekend ones included)."""
        lo = bisect.bisect_left(self._effective_dates, start)
        hi = bisect.bisect_right(self._effective_dates, end)
        return list(self._effective[lo:hi])


@functools.lru_cache(maxsize=64)
def _indonesian_year(year: int) -> tuple[Holiday, ...]:
    """National holidays ("public") and cuti bersama ("government") of one year, named in Indonesian.

    Cached: building the tables of the `holidays` package is far slower than every lookup after.
    """
    # Imported here so that importing domain.calendar stays cheap for code that never needs it.
    import holidays

    found: list[Holiday] = []
    for category, kind in (("public", "public"), ("government", "cuti_bersama")):
        table = holidays.country_holidays("ID", years=year, categories=(category,), language="id")
        for day in sorted(table):
            found.extend(Holiday(day, name, kind) for name in table.get_list(day))
    return tuple(found)
