"""The one clock of the app, the server and the demo: every "now" is read through here.

Production reads the system clock. A test, a benchmark or a demo recorded at a given instant
installs another clock (`install`, `pinned`), and a process started with `SIMPUL_CLOCK_START`
set (an ISO 8601 instant with a time zone, e.g. `2026-12-31T16:59:30Z`) begins its clock there
and lets it run at the normal pace, so subprocesses and the demo can be started "at" an awkward
moment as well. Security clocks use it too: a moved clock is a user's problem to survive, not
a way around a rule, and that is tested with a moved clock.

All instants are timezone-aware, in UTC. Offices work on WIB calendar days: `today_wib()`.
"""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager

Clock = Callable[[], dt.datetime]

WIB = dt.timezone(dt.timedelta(hours=7), "WIB")
ENV_START = "SIMPUL_CLOCK_START"


def system_clock() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class StartedClock:
    """Starts at `start` and runs at the pace of the monotonic clock."""

    def __init__(self, start: dt.datetime) -> None:
        if start.utcoffset() is None:
            raise ValueError("the clock's start must carry a time zone")
        self._start = start.astimezone(dt.UTC)
        self._t0 = time.monotonic()

    def __call__(self) -> dt.datetime:
        return self._start + dt.timedelta(seconds=time.monotonic() - self._t0)


class ManualClock:
    """Stands still until moved: for tests that step through time."""

    def __init__(self, at: dt.datetime) -> None:
        if at.utcoffset() is None:
            raise ValueError("the clock's instant must carry a time zone")
        self.at = at.astimezone(dt.UTC)

    def __call__(self) -> dt.datetime:
        return self.at

    def advance(self, delta: dt.timedelta) -> None:
        self.at += delta


def parse_instant(text: str) -> dt.datetime:
    """An ISO 8601 instant with a zone (a trailing Z is UTC)."""
    value = dt.datetime.fromisoformat(text.strip().replace("Z", "+00:00"))
    if value.utcoffset() is None:
        raise ValueError(f"{ENV_START} needs a time zone, e.g. 2026-12-31T16:59:30Z")
    return value


def _from_environment() -> Clock:
    text = os.environ.get(ENV_START, "").strip()
    return StartedClock(parse_instant(text)) if text else system_clock


_current: Clock = _from_environment()


def now() -> dt.datetime:
    """The current instant, UTC."""
    return _current()


def today_wib() -> dt.date:
    """The office's calendar day (Western Indonesian Time)."""
    return now().astimezone(WIB).date()


def local_now() -> dt.datetime:
    """The current instant in this machine's time zone (for what a user reads, e.g. a receipt)."""
    return now().astimezone()


def local_today() -> dt.date:
    """This machine's calendar day (offices in WITA and WIT are a day ahead of UTC sooner)."""
    return local_now().date()


def install(clock: Clock) -> Clock:
    """Make `clock` the process's clock; returns the one it replaces."""
    global _current
    previous, _current = _current, clock
    return previous


@contextmanager
def pinned(clock: Clock) -> Iterator[Clock]:
    previous = install(clock)
    try:
        yield clock
    finally:
        install(previous)
