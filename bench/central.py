"""Figures of the central server (printed, never asserted; the machines are shared and noisy).

1. Generating and bulk-loading 100,000 demo reports into SQLite.
2. One push of 200 `report.create` ops over loopback: bytes each way and seconds.
3. A full pull (no cursor) of about 5,000 reports for one supervisor: pages, bytes, seconds.
4. A pull with nothing new: bytes and seconds (the "cheap on a weak link" promise).

Usage: python bench/central.py [--reports 100000] [--pull-reports 5000] [--postgres URL]
"""

from __future__ import annotations

import argparse
import datetime as dt
import gzip
import json
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from central import demo_data
from central.db import open_database, upgrade
from central.embedded import EmbeddedServer
from central.seed import load_reference, load_reports

API = "/api/v1"
# Share of the demo's reports routed to the supervisor's office (measured on the generator).
DPUPR_SHARE = 0.26


def _fresh_sqlite(folder: Path, name: str) -> str:
    url = f"sqlite:///{folder / name}"
    upgrade(url)
    return url


def bench_load(folder: Path, n: int) -> None:
    ref = demo_data.reference_world()
    now = dt.datetime.now(dt.UTC)
    started = time.perf_counter()
    generated = list(demo_data.generate_reports(n, seed=7, now=now, reference=ref))
    gen_s = time.perf_counter() - started

    db = open_database(_fresh_sqlite(folder, "load.db"))
    started = time.perf_counter()
    with db.write() as session, session.begin():
        load_reference(session, ref)
    with db.write() as session, session.begin():
        loaded = load_reports(session, iter(generated), ref)
    load_s = time.perf_counter() - started
    db.dispose()
    print(
        f"[load] {loaded:,} reports: generate {gen_s:.1f} s, load into SQLite {load_s:.1f} s, "
        f"total {gen_s + load_s:.1f} s ({loaded / (gen_s + load_s):,.0f} reports/s)"
    )


def _login(http: httpx.Client, username: str) -> str:
    r = http.post(
        f"{API}/auth/login",
        json={"username": username, "password": demo_data.DEMO_PASSWORD, "device_id": "bench"},
    )
    r.raise_for_status()
    return str(r.json()["access_token"])


def _get_counted(
    http: httpx.Client, path: str, params: dict[str, Any]
) -> tuple[dict[str, Any], int]:
    """One GET with gzip; returns the JSON and the bytes that crossed the wire (body only)."""
    with http.stream("GET", path, params=params, headers={"Accept-Encoding": "gzip"}) as r:
        r.raise_for_status()
        raw = b"".join(r.iter_raw())
        encoded = r.headers.get("content-encoding") == "gzip"
    body = gzip.decompress(raw) if encoded else raw
    data: dict[str, Any] = json.loads(body)
    return data, len(raw)


def _create_ops(n: int) -> list[dict[str, Any]]:
    day = dt.date.today()
    return [
        {
            "op_id": str(uuid.uuid4()),
            "seq": i + 1,
            "type": "report.create",
            "entity_id": str(uuid.uuid4()),
            "base_version": 0,
            "payload": {
                "receipt_number": f"DPUPR-{day:%Y%m%d}-{i + 1:04d}",
                "title": f"Pengaduan loket nomor {i + 1}",
                "content": "Warga melaporkan saluran air tersumbat di depan rumah sejak hujan "
                "deras minggu lalu; air menggenangi jalan dan masuk ke halaman.",
                "classification": "pengaduan",
                "reporter": {"name": "Warga Agam", "phone": "081234567890"},
                "location": {"region_code": "13.06.02.2001", "address": "Jorong Pasa"},
                "received_at": dt.datetime.now(dt.UTC).isoformat(),
            },
        }
        for i in range(n)
    ]


def bench_push(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=120) as http:
        http.headers["Authorization"] = f"Bearer {_login(http, 'desk1')}"
        body = json.dumps({"device_id": "bench-desk", "ops": _create_ops(200)}).encode()
        packed = gzip.compress(body)
        started = time.perf_counter()
        with http.stream(
            "POST",
            f"{API}/sync/push",
            content=packed,
            headers={
                "Content-Encoding": "gzip",
                "Content-Type": "application/json",
                "Accept-Encoding": "gzip",
            },
        ) as r:
            answer = b"".join(r.iter_raw())
        took = time.perf_counter() - started
        results = json.loads(
            gzip.decompress(answer) if r.headers.get("content-encoding") else answer
        )
        applied = sum(1 for x in results["results"] if x["status"] == "applied")
    print(
        f"[push] 200 ops ({applied} applied): {took:.2f} s; request {len(packed):,} B gzip "
        f"({len(body):,} B raw), answer {len(answer):,} B on the wire"
    )


def bench_pull(base_url: str) -> None:
    with httpx.Client(base_url=base_url, timeout=120) as http:
        http.headers["Authorization"] = f"Bearer {_login(http, 'supervisor1')}"
        cursor: str | None = None
        pages = wire = reports = followups = 0
        started = time.perf_counter()
        while True:
            params: dict[str, Any] = {"limit": 500}
            if cursor:
                params["cursor"] = cursor
            page, size = _get_counted(http, f"{API}/changes", params)
            pages, wire = pages + 1, wire + size
            for change in page["changes"]:
                if change["op"] == "upsert":
                    reports += change["kind"] == "report"
                    followups += change["kind"] == "followup"
            cursor = page["next_cursor"]
            if not page["has_more"]:
                break
        took = time.perf_counter() - started
        print(
            f"[pull] full pull: {reports:,} reports + {followups:,} follow-ups in {pages} pages, "
            f"{took:.2f} s, {wire:,} B on the wire ({wire / max(reports, 1):,.0f} B/report); "
            f"at 256 kbit/s that is {wire * 8 / 256_000:.0f} s of transfer"
        )
        started = time.perf_counter()
        empty, size = _get_counted(http, f"{API}/changes", {"cursor": cursor})
        took = time.perf_counter() - started
        print(
            f"[pull] nothing new: {len(empty['changes'])} changes, {size} B body, {took * 1000:.1f} ms"
        )


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--reports", type=int, default=100_000, help="reports to generate and load")
    parser.add_argument(
        "--pull-reports", type=int, default=5_000, help="reports in the pulled scope"
    )
    parser.add_argument(
        "--postgres", help="PostgreSQL URL for the push/pull server (default SQLite)"
    )
    args = parser.parse_args()
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        folder = Path(tmp)
        if args.reports:
            bench_load(folder, args.reports)
        db_url = args.postgres or f"sqlite:///{folder / 'serve.db'}"
        total = int(args.pull_reports / DPUPR_SHARE)
        started = time.perf_counter()
        server = EmbeddedServer(db_url, folder, demo=True, reports=total)
        base_url = server.start()
        print(
            f"[setup] server with {total:,} demo reports ready in "
            f"{time.perf_counter() - started:.1f} s at {base_url}"
        )
        try:
            bench_pull(base_url)
            bench_push(base_url)
        finally:
            server.stop()


if __name__ == "__main__":
    main()
