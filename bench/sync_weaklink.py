"""Sync over an emulated weak link (256 kbit/s = 32,000 B/s, 150 ms each way).

Prints figures beside their targets, asserts nothing (the machines are shared and noisy):

1. the first pull of a profile with ~5,000 reports: seconds, bytes, requests, and the ratio of
   the time taken to the time its bytes need on the link (target 1.2); with `--compare`, the
   same pull again without asking for the next page early (the baseline, same run);
2. a sync with nothing new: requests and bytes each way, headers included (target: 1 request,
   under 600 bytes);
3. pushing 200 ops: requests, each at least one round trip (target 3);
4. a 5 MB attachment with the link cut every 20 s: it finishes; bytes sent / file size.

The server runs in another process, as it does for a real office: the client's work and the
server's do not share one interpreter. `--work DIR` keeps the server's database between runs
(the clients start empty each time), which skips filling it again.

    .venv/bin/python bench/sync_weaklink.py [--reports 5000] [--skip-upload] [--compare]
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Callable
from pathlib import Path
from urllib.parse import urlsplit

import requests

ROOT = Path(__file__).resolve().parents[1]
# First, before this script's own folder: bench/central.py must not shadow the package.
sys.path.insert(0, str(ROOT))

from central.embedded import EmbeddedServer  # noqa: E402
from localdb import commands  # noqa: E402
from localdb.actor import Actor  # noqa: E402
from localdb.profile import Profile  # noqa: E402
from sync.credentials import Credentials  # noqa: E402
from sync.proxy import LinkProxy  # noqa: E402
from sync.runner import SyncEngine  # noqa: E402
from sync.summary import SyncSummary  # noqa: E402
from sync.transport import Transport  # noqa: E402

RATE = 32_000
DELAY = 0.15
PASSWORD = "simpul-demo"
TARGET_PULL_RATIO = 1.2
TARGET_IDLE_BYTES = 600  # both ways, headers included: fewer than this
TARGET_PUSH_ROUND_TRIPS = 3


def now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class Client:
    def __init__(self, folder: Path, url: str, username: str) -> None:
        self.profile = Profile.open(folder)
        self.transport = Transport(url, stall_timeout=60)
        self.credentials = Credentials(
            self.profile, self.transport, profile_key=folder.name, clock=now
        )
        self.credentials.login(username, PASSWORD)
        self.engine = SyncEngine(self.profile, self.transport, self.credentials, clock=now)
        user = self.credentials.user
        assert user is not None
        with self.profile.session() as s, s.begin():
            from localdb import syncstore

            device = syncstore.device_id(s)
        self.actor = Actor(user.id, user.username, frozenset(user.roles), user.agency.id, device)

    def sync(self) -> SyncSummary:
        return self.engine.run_cycle(force=True)


def admin(url: str, token: str) -> Callable[[str, dict[str, object]], dict[str, object]]:
    session = requests.Session()
    session.headers["X-Admin-Token"] = token

    def post(path: str, body: dict[str, object]) -> dict[str, object]:
        resp = session.post(f"{url}/api/v1/admin{path}", json=body, timeout=60)
        resp.raise_for_status()
        return dict(resp.json())

    return post


def fill_scope(url: str, token: str, agency_id: str, wanted: int, have: int) -> None:
    """Top the officer's agency up with citizen reports until it holds about `wanted`."""
    post = admin(url, token)
    for i in range(max(0, wanted - have)):
        report = post(
            "/reports",
            {
                "title": f"Laporan uji beban {i}",
                "content": "Jalan rusak di depan sekolah dasar, mohon segera diperbaiki. " * 3,
            },
        )
        post(f"/reports/{report['id']}/dispose", {"agency": agency_id})


def line(label: str, value: str) -> None:
    print(f"  {label:<34} {value}", flush=True)


def measure(proxy: LinkProxy, fn: Callable[[], SyncSummary]) -> tuple[SyncSummary, float, int]:
    before = proxy.counters.bytes_up + proxy.counters.bytes_down
    started = time.monotonic()
    summary = fn()
    elapsed = time.monotonic() - started
    return summary, elapsed, proxy.counters.bytes_up + proxy.counters.bytes_down - before


def reports_in(client: Client) -> int:
    from sqlalchemy import func, select

    from localdb.models import Report

    with client.profile.read_session() as s, s.begin():
        return int(s.scalar(select(func.count(Report.pk))) or 0)


def bench_pull(
    work: Path, server_url: str, proxied: str, proxy: LinkProxy, args: argparse.Namespace
) -> Client:
    probe = Client(work / "probe", server_url, "officer1")
    probe.sync()
    have = reports_in(probe)
    fill_scope(server_url, args.token, probe.actor.agency_id, args.reports, have)
    if args.compare:
        pull_once(
            work / "sequential",
            proxied,
            proxy,
            "first pull, next page asked after each body (baseline)",
            early=False,
        )
    officer = pull_once(work / "officer1", proxied, proxy, "first pull", early=True)
    up, down = proxy.counters.bytes_up, proxy.counters.bytes_down
    summary, elapsed, wire = measure(proxy, officer.sync)
    up, down = proxy.counters.bytes_up - up, proxy.counters.bytes_down - down
    print("sync with nothing new (same process)")
    line("requests", f"{summary.requests} (target 1)")
    line(
        "bytes on the link, headers included",
        f"{wire:,} = {up:,} up + {down:,} down (target < {TARGET_IDLE_BYTES}; "
        f"ratio {wire / TARGET_IDLE_BYTES:.2f})",
    )
    line("seconds", f"{elapsed:.2f}")
    return officer


def pull_once(folder: Path, proxied: str, proxy: LinkProxy, title: str, *, early: bool) -> Client:
    officer = Client(folder, proxied, "officer1")
    if not early:
        officer.engine.early_pages = False
    connections = proxy.counters.connections
    summary, elapsed, wire = measure(proxy, officer.sync)
    link_time = wire / RATE
    print(title)
    line("reports in scope / changes pulled", f"{reports_in(officer)} / {summary.pulled}")
    line("seconds", f"{elapsed:.1f}")
    line("bytes on the link (both ways)", f"{wire:,} ({link_time:.1f} s at the link's rate)")
    line(
        "requests / new connections",
        f"{summary.requests} / {proxy.counters.connections - connections}",
    )
    line(
        "time / (bytes / link rate)",
        f"{elapsed / link_time:.2f} (target {TARGET_PULL_RATIO}; "
        f"ratio to target {elapsed / link_time / TARGET_PULL_RATIO:.2f})",
    )
    return officer


def bench_push(officer: Client, proxy: LinkProxy, count: int) -> None:
    from sqlalchemy import select

    from localdb.models import Report

    with officer.profile.session() as s, s.begin():
        ids = list(
            s.scalars(select(Report.id).where(Report.status == "terverifikasi").limit(count))
        )
        for report_id in ids:
            commands.save_draft(
                s, officer.actor, report_id, "Tindak lanjut: petugas sudah meninjau lokasi."
            )
            commands.submit_followup(s, officer.actor, report_id)
    summary, elapsed, wire = measure(proxy, officer.sync)
    print(f"push {len(ids)} ops")
    line(
        "pushed / conflicts / quarantined",
        f"{summary.pushed} / {summary.conflicts} / {summary.quarantined}",
    )
    line(
        "requests (round trips)",
        f"{summary.requests} (target {TARGET_PUSH_ROUND_TRIPS}; "
        f"ratio {summary.requests / TARGET_PUSH_ROUND_TRIPS:.2f})",
    )
    line("seconds", f"{elapsed:.1f}")
    line("bytes on the link", f"{wire:,}")


def bench_upload(officer: Client, proxy: LinkProxy, work: Path, size: int) -> None:
    from sqlalchemy import select

    from localdb.models import Report

    src = work / "bukti.bin"
    src.write_bytes(os.urandom(size))
    with officer.profile.session() as s, s.begin():
        report_id = s.scalars(select(Report.id).where(Report.status == "terverifikasi")).first()
        assert report_id is not None, "no report left to attach to"
        info = commands.add_attachment(
            s,
            officer.profile.blob_dir,
            src,
            "bukti.bin",
            "application/octet-stream",
            key=officer.profile.blob_key,
        )
        commands.save_draft(
            s, officer.actor, report_id, "Foto bukti perbaikan terlampir.", attachments=[info]
        )
        commands.submit_followup(s, officer.actor, report_id)
    stop = threading.Event()
    cuts = 0

    def cutter() -> None:
        nonlocal cuts
        while not stop.wait(20):
            proxy.reset_all()
            cuts += 1

    thread = threading.Thread(target=cutter, daemon=True)
    up_before = proxy.counters.bytes_up
    started = time.monotonic()
    thread.start()
    cycles = 0
    try:
        while True:
            cycles += 1
            summary = officer.sync()
            if summary.ok and summary.unsent == 0:
                break
    finally:
        stop.set()
        thread.join()
    sent = proxy.counters.bytes_up - up_before
    print(f"upload {size / 1e6:.0f} MB, link cut every 20 s")
    line("finished after", f"{time.monotonic() - started:.0f} s, {cycles} cycles, {cuts} cuts")
    line("bytes sent / file size", f"{sent / size:.3f}")


def child_server(work: Path, demo_reports: int) -> None:
    """The server's process: start, say where, serve until the parent closes our stdin."""
    server = EmbeddedServer(
        f"sqlite:///{work / 'central.db'}",
        work / "data",
        demo=True,
        reports=demo_reports,
        admin_token="bench-admin-token",
    )
    url = server.start()
    print(json.dumps({"url": url, "token": server.admin_token}), flush=True)
    try:
        sys.stdin.read()
    finally:
        server.stop()


def start_server(work: Path, demo_reports: int) -> tuple[subprocess.Popen[str], str, str]:
    child = subprocess.Popen(
        [
            sys.executable,
            __file__,
            "--child-server",
            str(work),
            "--demo-reports",
            str(demo_reports),
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    assert child.stdout is not None
    ready = json.loads(child.stdout.readline())
    return child, str(ready["url"]), str(ready["token"])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--reports", type=int, default=5000)
    # About half of the demo world's reports go to the first office's agency.
    parser.add_argument("--demo-reports", type=int, default=10_000)
    parser.add_argument("--push", type=int, default=200)
    parser.add_argument("--upload-mb", type=float, default=5.0)
    parser.add_argument("--skip-upload", action="store_true")
    parser.add_argument("--compare", action="store_true", help="also pull without early pages")
    parser.add_argument("--work", type=Path, help="keep the server's database in this folder")
    parser.add_argument("--child-server", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child_server:
        child_server(args.child_server, args.demo_reports)
        return 0
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        server_dir = args.work or Path(tmp) / "server"
        server_dir.mkdir(parents=True, exist_ok=True)
        work = Path(tmp) / "clients"
        child, server_url, args.token = start_server(server_dir, args.demo_reports)
        target = urlsplit(server_url)
        proxy = LinkProxy(
            target.hostname or "127.0.0.1", target.port or 80, delay_s=DELAY, rate_bytes_per_s=RATE
        )
        port = proxy.start()
        try:
            print(f"link: {RATE * 8 // 1000} kbit/s, {DELAY * 1000:.0f} ms each way")
            officer = bench_pull(work, server_url, f"http://127.0.0.1:{port}", proxy, args)
            bench_push(officer, proxy, args.push)
            if not args.skip_upload:
                bench_upload(officer, proxy, work, int(args.upload_mb * 1_000_000))
        finally:
            proxy.stop()
            assert child.stdin is not None
            child.stdin.close()
            child.wait(timeout=60)
    return 0


if __name__ == "__main__":
    sys.exit(main())
