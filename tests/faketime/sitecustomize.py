"""Loaded only under faketime (scripts/clock-check.sh puts this directory on PYTHONPATH).

libfaketime 0.9.10, the version the distribution ships, cannot fake the monotonic clock for a
Python 3.11 process: Python's timed lock waits use sem_clockwait(CLOCK_MONOTONIC), which that
libfaketime does not intercept, so with a faked monotonic clock every `Event.wait(timeout)`,
`Queue.get(timeout=...)` and `Lock.acquire(timeout=...)` waits for decades. The check therefore
leaves the monotonic clock real (FAKETIME_DONT_FAKE_MONOTONIC=1) and fakes only the wall clock,
which is what the code under test reads for dates. In that mode libfaketime 0.9.10 mistranslates
the absolute monotonic deadline of `time.sleep` (clock_nanosleep with TIMER_ABSTIME) and the call
fails with EINVAL, so here `time.sleep` waits with a relative timeout instead. Nothing else
changes: the code under test runs as it is.
"""

from __future__ import annotations

import select
import time


def _sleep(seconds: float) -> None:
    if seconds < 0:
        raise ValueError("sleep length must be non-negative")
    deadline = time.monotonic() + seconds
    while (left := deadline - time.monotonic()) > 0:
        select.select([], [], [], left)


time.sleep = _sleep
