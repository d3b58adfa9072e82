"""The chaos run, short: every op type, client and hub processes SIGKILLed, lost answers, the
hub's database put back to an older copy, a PC's profile damaged. Nothing lost, nothing doubled.

On PostgreSQL (the production backend); `bench/chaos.py` runs it longer on both backends and
prints the figures that docs/sync.md quotes.
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from tests.support.chaos import ChaosConfig, run_chaos
from tests.support.postgres import PgServer, require_or_skip
from tests.support.server import pg_server

__all__ = ["pg_server"]

SEED = int(os.environ.get("SIMPUL_TEST_SEED", "20261206"))


@pytest.mark.slow
@pytest.mark.postgres
def test_nothing_lost_or_doubled_when_everything_fails_at_once(
    tmp_path: Path, pg_server: PgServer | str
) -> None:
    if isinstance(pg_server, str):
        require_or_skip(pg_server)
    assert isinstance(pg_server, PgServer)
    config = ChaosConfig(
        backend="postgres",
        rounds=2,
        seed=SEED,
        kills_per_round=1,
        server_kill_rounds=(),  # the hub is killed once, mid-sync, for the restore
        backup_round=0,
        restore_round=1,
        damage_round=1,
    )
    report = run_chaos(tmp_path, config, pg_server)
    print("\n".join(report.lines()))
    assert report.lost == [] and report.doubled == []
    # Every kind of work was in the run, and every fault bit.
    assert set(report.ops) >= {
        "followup.submit",
        "followup.withdraw",
        "followup.approve",
        "followup.return",
        "report.handoff_request",
        "report.assign",
        "report.create",
    }, report.ops
    assert report.client_kills >= 1 and report.server_kills >= 1
    assert report.restores == 1 and report.reoffered_after_restore > 0
    assert report.damaged_files == 1 and report.lost_answers > 0
    assert report.applied_once + report.parked == sum(report.ops.values())
