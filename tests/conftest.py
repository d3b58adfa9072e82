"""Session-wide test setup. Qt must be forced offscreen before anything imports it.

Randomness is seeded: `SIMPUL_TEST_SEED` (default below) seeds `random` before every test and
Hypothesis for the whole run, and the header of every run prints it, so a failure found by a
random draw can be replayed with the same seed. The clock is the real one unless a test pins it
(`domain.clock.pinned`) or the run starts at an instant of its own (`SIMPUL_CLOCK_START`, or the
whole process under `faketime`): tests marked `clock` are the ones whose outcome could depend on
the date or the hour, and CI runs them again at awkward instants (.ci/run).
"""

from __future__ import annotations

import os
import random
from pathlib import Path

import pytest

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
# Tests never touch the real keyring or the user's profile folders.
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")

SEED = int(os.environ.get("SIMPUL_TEST_SEED", "20261206"))

# Modules whose tests read "now" or "today" through the app (deadlines, overdue counts, the demo
# world, token lifetimes, auto-close): marked `clock` so CI can rerun them at other instants.
CLOCK_SENSITIVE = {
    "tests/central/test_changes.py",
    "tests/central/test_cli_and_demo.py",
    "tests/central/test_demo_any_hour.py",
    "tests/central/test_demo_data.py",
    "tests/central/test_push.py",
    "tests/central/test_world.py",
    "tests/domain/test_calendar.py",
    "tests/domain/test_clock.py",
    "tests/domain/test_deadlines.py",
    "tests/domain/test_identity.py",
    "tests/localdb/test_answered.py",
    "tests/localdb/test_box_lists.py",
    "tests/localdb/test_commands.py",
    "tests/localdb/test_queries.py",
    "tests/sync/test_online.py",
    "tests/sync/test_scenarios.py",
    "tests/ui/test_desktop_demo.py",
    "tests/ui/test_inbox_model.py",
    "tests/ui/test_report_pane.py",
    "tests/ui/test_shell_statusbar.py",
}
ROOT = Path(__file__).resolve().parent.parent


def pytest_report_header(config: pytest.Config) -> str:
    start = os.environ.get("SIMPUL_CLOCK_START") or "the system clock"
    return f"random seed: {SEED} (SIMPUL_TEST_SEED to change); clock: {start}"


@pytest.hookimpl(trylast=True)
def pytest_configure(config: pytest.Config) -> None:
    try:
        from hypothesis import core
    except ImportError:  # pragma: no cover - hypothesis is in the dev set
        return
    if core.global_force_seed is None:
        core.global_force_seed = SEED


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    for item in items:
        rel = Path(str(item.fspath)).resolve().relative_to(ROOT).as_posix()
        if rel in CLOCK_SENSITIVE:
            item.add_marker(pytest.mark.clock)


@pytest.fixture(autouse=True)
def _seeded_random() -> None:
    random.seed(SEED)
