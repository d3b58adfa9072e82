"""Load test of the hub on several worker processes over one PostgreSQL, with locust.

    python bench/load/run.py [--users 60] [--seconds 60] [--workers 2] [--reports 300]

Starts a throwaway PostgreSQL cluster (or uses SIMPUL_PG_URL), migrates and seeds it (the
tests' small world and `--reports` reports routed to two agencies), starts `--workers`
`central serve` processes on their own ports sharing one data folder (as several machines
would, each on its own address; the simulated PCs spread their requests over all of them at
random), runs locust headless for a fixed time (bench/load/locustfile.py), and then CHECKS:
every op the hub acknowledged exists exactly once in the database (its answer row and its
follow-up), no follow-up exists that no op asked for, and every finished upload is in the
blob store with the right bytes.

Prints: the machine, clients held, requests, p50/p95 latency per request kind, errors, and
the check. Exits 1 when anything was lost or doubled or any request failed.
"""

from __future__ import annotations

import argparse
import csv
import hashlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from sqlalchemy import create_engine, func, select

from central.db import open_database
from central.models import Blob, Followup, OpResultRow
from central.world import CitizenReport, citizen_report, dispose
from tests.support.hub import HubProcess, seed_world
from tests.support.postgres import postgres_server
from tests.support.server import AGENCY_A, AGENCY_B, PASSWORD

ROOT = Path(__file__).resolve().parents[2]
LOAD_USERS = "officer1:a,officer1b:a,supervisor1:a,officer2:b,supervisor2:b"


def seed_reports(db_url: str, n: int) -> None:
    db = open_database(db_url)
    try:
        with db.write() as session, session.begin():
            for i in range(n):
                report = citizen_report(
                    session,
                    CitizenReport(
                        title=f"Jalan rusak nomor {i}",
                        content="Jalan berlubang di depan pasar lama membahayakan pengendara.",
                    ),
                )
                dispose(session, report.id, AGENCY_A if i % 2 == 0 else AGENCY_B)
    finally:
        db.dispose()


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    return f"{os.cpu_count()} cores ({cpu}), Python {platform.python_version()}"


def run_locust(hosts: list[str], ledger: Path, out: Path, users: int, seconds: int) -> int:
    env = dict(
        os.environ,
        PYTHONPATH=str(ROOT),
        SIMPUL_LOAD_HOSTS=",".join(hosts),
        SIMPUL_LOAD_LEDGER=str(ledger),
        SIMPUL_LOAD_USERS=LOAD_USERS,
        SIMPUL_LOAD_PASSWORD=PASSWORD,
    )
    locust = Path(sys.executable).with_name("locust")
    cmd = [
        str(locust if locust.exists() else "locust"),
        "-f",
        str(ROOT / "bench" / "load" / "locustfile.py"),
        "--headless",
        "--users",
        str(users),
        "--spawn-rate",
        str(max(1, users // 10)),
        "--run-time",
        f"{seconds}s",
        "--host",
        hosts[0],
        "--csv",
        str(out / "load"),
        "--only-summary",
        "--loglevel",
        "WARNING",
        "--stop-timeout",
        "30",
    ]
    done = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, check=False)
    (out / "locust.log").write_text(done.stdout + done.stderr)
    return done.returncode


def read_stats(out: Path) -> list[dict[str, str]]:
    with (out / "load_stats.csv").open(newline="") as f:
        return list(csv.DictReader(f))


def check(db_url: str, data_dir: Path, ledger: Path) -> tuple[list[str], Counter[str]]:
    """Lost or doubled findings, and counts of what was checked."""
    acked: dict[str, dict[str, str]] = {}
    files: dict[str, int] = {}
    for line in ledger.read_text().splitlines():
        entry = json.loads(line)
        if entry["kind"] == "op":
            acked[entry["op_id"]] = entry
        else:
            files[entry["sha256"]] = int(entry["size"])
    problems: list[str] = []
    engine = create_engine(db_url)
    try:
        with engine.connect() as conn:
            answers = Counter(
                dict(
                    conn.execute(
                        select(OpResultRow.op_id, func.count()).group_by(OpResultRow.op_id)
                    ).all()
                )
            )
            followups = Counter(
                dict(conn.execute(select(Followup.id, func.count()).group_by(Followup.id)).all())
            )
            blobs = dict(conn.execute(select(Blob.sha256, Blob.path)).all())
    finally:
        engine.dispose()
    for op_id, entry in acked.items():
        if answers[op_id] != 1:
            problems.append(f"op {op_id}: {answers[op_id]} answer rows")
        if followups[entry["followup_id"]] != 1:
            problems.append(f"follow-up {entry['followup_id']}: {followups[entry['followup_id']]}")
    # Follow-ups nobody's acknowledgement explains: an op applied whose answer never came back
    # and that was never sent again would show here (the simulated PCs always resend).
    unexplained = [f for f in followups if f not in {e["followup_id"] for e in acked.values()}]
    if unexplained:
        problems.append(f"{len(unexplained)} follow-ups without an acknowledged op")
    for sha, size in files.items():
        path = blobs.get(sha)
        data = (data_dir / path).read_bytes() if path else b""
        if len(data) != size or hashlib.sha256(data).hexdigest() != sha:
            problems.append(f"file {sha[:12]} missing or damaged")
    counts = Counter(
        ops=len(acked),
        duplicates=sum(1 for e in acked.values() if e["status"] == "duplicate"),
        followups=len(followups),
        files=len(files),
    )
    return problems, counts


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--users", type=int, default=60, help="simulated office PCs")
    ap.add_argument("--seconds", type=int, default=60)
    ap.add_argument("--workers", type=int, default=2, help="hub processes")
    ap.add_argument("--reports", type=int, default=300)
    args = ap.parse_args()

    base = Path(tempfile.mkdtemp(prefix="simpul-load-"))
    os.chmod(base, 0o755)
    hubs: list[HubProcess] = []
    try:
        (base / "pg").mkdir()
        for pg in postgres_server(base / "pg"):
            if isinstance(pg, str):
                print(f"no PostgreSQL: {pg}")
                return 1
            db_url = pg.new_database()
            shared = base / "shared"  # the data folder every worker sees
            shared.mkdir()
            seed_world(db_url)
            seed_reports(db_url, args.reports)
            hubs = [
                HubProcess(db_url, shared, name=f"worker-{i}", allow_faults=False).start()
                for i in range(args.workers)
            ]
            ledger = base / "ledger.jsonl"
            started = time.monotonic()
            code = run_locust([h.url for h in hubs], ledger, base, args.users, args.seconds)
            ran = time.monotonic() - started
            alive = all(h.proc is not None and h.proc.poll() is None for h in hubs)
            stats = read_stats(base)
            problems, counts = check(db_url, shared, ledger)
            return report(args, stats, problems, counts, ran, code, alive, base)
        return 1
    finally:
        for hub in hubs:
            hub.stop()
        shutil.rmtree(base, ignore_errors=True)


def report(
    args: argparse.Namespace,
    stats: list[dict[str, str]],
    problems: list[str],
    counts: Counter[str],
    ran: float,
    code: int,
    alive: bool,
    base: Path,
) -> int:
    print(f"machine: {machine()}")
    print(
        f"hub: {args.workers} worker processes (own ports, one PostgreSQL, one data folder); "
        f"{args.reports} reports seeded"
    )
    print(f"clients held: {args.users} simulated office PCs for {args.seconds} s ({ran:.0f} s run)")
    print(
        f"{'request':<16}{'count':>8}{'fail':>6}{'p50 ms':>9}{'p95 ms':>9}{'max ms':>9}{'req/s':>8}"
    )
    failures = 0
    for row in stats:
        failures += int(row["Failure Count"]) if row["Name"] == "Aggregated" else 0
        print(
            f"{row['Name']:<16}{row['Request Count']:>8}{row['Failure Count']:>6}"
            f"{row['50%']:>9}{row['95%']:>9}{float(row['Max Response Time']):>9.0f}"
            f"{float(row['Requests/s']):>8.1f}"
        )
    print(
        f"checked: {counts['ops']} acknowledged ops ({counts['duplicates']} answered 'duplicate' "
        f"after a resend), {counts['followups']} follow-ups in the database, {counts['files']} "
        "uploads read back"
    )
    print(f"lost or doubled: {len(problems)} (target 0); errors: {failures} (target 0)")
    for line in problems[:20]:
        print(f"  !! {line}")
    failures_csv = base / "load_failures.csv"
    if failures_csv.exists():
        with failures_csv.open(newline="") as f:
            for row in csv.DictReader(f):
                print(f"  !! {row['Method']} {row['Name']}: {row['Error']} x{row['Occurrences']}")
    if code != 0 and failures == 0:
        print((base / "locust.log").read_text()[-3000:])
    if not alive:
        print("  !! a hub worker died during the run")
    return 0 if not problems and failures == 0 and alive else 1


if __name__ == "__main__":
    sys.exit(main())
