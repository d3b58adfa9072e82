"""Figures of the SP4N-LAPOR! bridge against the emulator (printed, never asserted).

1. Relay 1,000 published follow-ups (100 complaints x 10) to LAPOR!: one push run.
2. Pick up 1,000 new complaints disposed to one agency: one pull run (list, detail, follow-ups).

Everything runs on loopback with the emulator's defaults (no faults). Each figure is printed with
its target (the requirement gives none) and its ratio to a baseline measured in the same run: the
same number of plain GET requests to the emulator over one keep-alive connection.

Usage: python bench/bridge.py [--followups 1000] [--complaints 1000]
"""

from __future__ import annotations

import argparse
import datetime as dt
import sys
import tempfile
import time
import uuid
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from sqlalchemy import select

from central import demo_data
from central.db import Database, open_database, upgrade
from central.lapor.bridge import Bridge, BridgeConfig
from central.lapor.emulator import DEFAULT_ACCOUNT_TOKEN, DEFAULT_GATEWAY_KEY, EmulatorServer
from central.lapor.mapping import DEMO_MAPPING, load_mapping
from central.lapor.models import LaporLink
from central.lapor.secrets import Credentials
from central.models import Followup
from central.seed import load_reference

CREDENTIALS = Credentials(DEFAULT_GATEWAY_KEY, DEFAULT_ACCOUNT_TOKEN)
AUTHOR = "user-officer1"  # an officer of agency-dpupr (LAPOR! institution 2101 in the mapping)
PER_COMPLAINT = 10


def _hub(folder: Path) -> Database:
    url = f"sqlite:///{folder / 'central.db'}"
    upgrade(url)
    db = open_database(url)
    with db.write() as session, session.begin():
        load_reference(session, demo_data.reference_world())
    return db


def _bridge(db: Database, base_url: str, folder: Path, *, push: bool, pull: bool) -> Bridge:
    config = BridgeConfig(
        base_url=base_url,
        mapping=load_mapping(DEMO_MAPPING),
        data_dir=folder,
        push=push,
        pull=pull,
    )
    return Bridge(db, config, CREDENTIALS)


def baseline(base_url: str, n: int) -> float:
    with httpx.Client(base_url=base_url, headers=CREDENTIALS.headers()) as http:
        started = time.perf_counter()
        for _ in range(n):
            http.get("/masters/templates").raise_for_status()
        return time.perf_counter() - started


def _report(name: str, seconds: float, n: int, base: float) -> None:
    print(
        f"[{name}] {n:,} in {seconds:.2f} s ({n / seconds:,.0f}/s); target: none given; "
        f"{seconds / base:.1f}x the baseline of {n:,} plain requests ({base:.2f} s)"
    )


def bench_pickup(folder: Path, base_url: str, emulator: EmulatorServer, n: int) -> float:
    db = _hub(folder / "pickup")
    httpx.post(
        f"{base_url}/_emulator/complaints/bulk", json={"count": n, "disposition_id": "2102"}
    ).raise_for_status()
    bridge = _bridge(db, base_url, folder, push=False, pull=True)
    started = time.perf_counter()
    summary = bridge.cycle()
    seconds = time.perf_counter() - started
    assert summary.pull.created == n, summary
    bridge.close()
    db.dispose()
    return seconds


def bench_relay(folder: Path, base_url: str, emulator: EmulatorServer, n: int) -> float:
    db = _hub(folder / "relay")
    complaints = max(1, n // PER_COMPLAINT)
    httpx.post(
        f"{base_url}/_emulator/complaints/bulk",
        json={"count": complaints, "disposition_id": "2101"},
    ).raise_for_status()
    puller = _bridge(db, base_url, folder, push=False, pull=True)
    puller.cycle()
    puller.close()
    now = dt.datetime.now(dt.UTC)
    with db.write() as session, session.begin():
        report_ids = list(
            session.scalars(select(LaporLink.hub_id).where(LaporLink.kind == "report"))
        )
        for i in range(n):
            session.add(
                Followup(
                    id=str(uuid.uuid4()),
                    report_id=report_ids[i % len(report_ids)],
                    author_id=AUTHOR,
                    content=f"Tindak lanjut nomor {i}: petugas sudah memeriksa lokasi.",
                    state="published",
                    reviewer_id=AUTHOR,
                    reviewed_at=now,
                    version=1,
                    created_at=now,
                    updated_at=now,
                )
            )
    before = emulator.store.counts()["followup"]
    bridge = _bridge(db, base_url, folder, push=True, pull=False)
    started = time.perf_counter()
    summary = bridge.cycle()
    seconds = time.perf_counter() - started
    assert summary.push.sent == n, summary
    assert emulator.store.counts()["followup"] - before == n
    bridge.close()
    db.dispose()
    return seconds


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--followups", type=int, default=1000)
    parser.add_argument("--complaints", type=int, default=1000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-bridge-") as tmp:
        folder = Path(tmp)
        for name, bench, n in (
            ("relay follow-ups", bench_relay, args.followups),
            ("pick up complaints", bench_pickup, args.complaints),
        ):
            emulator = EmulatorServer()  # a fresh one each: its defaults, nothing left over
            base_url = emulator.start()
            try:
                base = baseline(base_url, n)
                _report(name, bench(folder, base_url, emulator, n), n, base)
            finally:
                emulator.stop()


if __name__ == "__main__":
    main()
