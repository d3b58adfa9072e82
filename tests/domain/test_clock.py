"""The one clock: installed, pinned, started at an instant from the environment."""

from __future__ import annotations

import datetime as dt
import os
import subprocess
import sys

import pytest

from domain import clock


def test_pinned_clock_is_seen_everywhere_and_released() -> None:
    at = clock.parse_instant("2026-12-31T16:59:30Z")
    with clock.pinned(clock.ManualClock(at)) as manual:
        assert clock.now() == at
        assert clock.today_wib() == dt.date(2026, 12, 31)
        assert isinstance(manual, clock.ManualClock)
        manual.advance(dt.timedelta(seconds=60))
        assert clock.today_wib() == dt.date(2027, 1, 1)  # midnight WIB has passed
    assert abs((clock.now() - dt.datetime.now(dt.UTC)).total_seconds()) < 5


def test_started_clock_runs_from_its_instant() -> None:
    at = clock.parse_instant("2026-12-02T13:00:00+00:00")
    started = clock.StartedClock(at)
    first = started()
    assert dt.timedelta(0) <= first - at < dt.timedelta(seconds=5)
    assert started() >= first


def test_instants_without_a_zone_are_refused() -> None:
    with pytest.raises(ValueError):
        clock.parse_instant("2026-12-02T13:00:00")
    with pytest.raises(ValueError):
        clock.ManualClock(dt.datetime(2026, 12, 2, 13))


def test_a_process_started_at_an_instant_reads_it_from_the_environment() -> None:
    env = dict(os.environ, SIMPUL_CLOCK_START="2026-12-25T02:00:00Z")
    out = subprocess.run(
        [sys.executable, "-c", "from domain import clock; print(clock.today_wib())"],
        capture_output=True,
        text=True,
        env=env,
        check=True,
    )
    assert out.stdout.strip() == "2026-12-25"
