"""The chaos run, long: office PCs at work while processes die, answers are lost, the hub's
database goes back to an older copy and a PC's profile file is damaged (tests/support/chaos.py
describes the run). Prints what was survived and what was lost or doubled (both must be 0).

Usage: python bench/chaos.py [--backend sqlite|postgres|both] [--rounds 8] [--seed N]

PostgreSQL: a throwaway cluster is started (server binaries needed), or SIMPUL_PG_URL is used.
Exits 1 when anything was lost or doubled.
"""

from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from tests.support.chaos import ChaosConfig, ChaosReport, run_chaos
from tests.support.postgres import postgres_server


def _config(backend: str, rounds: int, seed: int) -> ChaosConfig:
    return ChaosConfig(
        backend=backend,
        rounds=rounds,
        seed=seed,
        server_kill_rounds=tuple(range(0, rounds, 2)),  # every other round
        backup_round=max(0, rounds // 2 - 2),
        restore_round=rounds // 2,
        damage_round=rounds - 2,
        lost_answers_per_round=3,
    )


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--backend", choices=["sqlite", "postgres", "both"], default="both")
    ap.add_argument("--rounds", type=int, default=8)
    ap.add_argument("--seed", type=int, default=20261206)
    args = ap.parse_args()
    if args.rounds < 3:
        ap.error("--rounds must be at least 3")
    backends = ["sqlite", "postgres"] if args.backend == "both" else [args.backend]
    reports: list[ChaosReport] = []
    base = Path(tempfile.mkdtemp(prefix="simpul-chaos-"))
    try:
        for backend in backends:
            root = base / backend
            root.mkdir()
            config = _config(backend, args.rounds, args.seed)
            if backend == "sqlite":
                reports.append(run_chaos(root, config))
            else:
                pg_base = Path(tempfile.mkdtemp(prefix="simpul-chaos-pg-"))
                try:
                    for found in postgres_server(pg_base):
                        if isinstance(found, str):
                            print(f"postgres: skipped ({found})")
                            break
                        reports.append(run_chaos(root, config, found))
                finally:
                    shutil.rmtree(pg_base, ignore_errors=True)
            print("\n".join(reports[-1].lines()), flush=True)
            for line in reports[-1].lost + reports[-1].doubled:
                print(f"  !! {line}")
            print()
    finally:
        shutil.rmtree(base, ignore_errors=True)
    bad = sum(len(r.lost) + len(r.doubled) for r in reports)
    print(f"lost + doubled over {len(reports)} backend(s): {bad} (target 0)")
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
