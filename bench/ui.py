"""UI benchmarks: prints figures, asserts nothing (the machines are shared and noisy).

    python bench/ui.py [--reports 100000] [--sync-reports 5000] [--runs 5]

1. Start-up after a login: "main window shown" and "first inbox page shown", each as a ratio
   to an empty PySide6 window started the same way in the same run; subprocesses, median of N.
2. Inbox filters and search over a profile of --reports reports (the queries the inbox runs).
3. The longest stall of the UI thread while the real sync controller pulls --sync-reports
   reports from the embedded demo server (a 10 ms QTimer heartbeat records the largest gap).
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

USER = {
    "id": "u-bench",
    "username": "officer1",
    "full_name": "Petugas Uji",
    "roles": ["officer"],
    "agency": {"id": "ag-1", "code": "DPUPR", "name": "Dinas PUPR"},
}
WORDS = [
    "jalan",
    "rusak",
    "lampu",
    "mati",
    "air",
    "bocor",
    "sampah",
    "menumpuk",
    "banjir",
    "drainase",
    "izin",
    "pelayanan",
]


# --- a big profile ------------------------------------------------------------------------------


def _report(i: int, rng: random.Random, now: dt.datetime) -> dict[str, Any]:
    submitted = now - dt.timedelta(minutes=rng.randint(0, 60 * 24 * 90))
    title = " ".join(rng.choice(WORDS) for _ in range(4)) + f" {i}"
    return {
        "id": str(uuid.UUID(int=rng.getrandbits(128))),
        "tracking_id": str(5_000_000 + i),
        "title": title,
        "content": title + " " + " ".join(rng.choice(WORDS) for _ in range(30)),
        "classification": rng.choice(["pengaduan", "aspirasi", "permintaan_informasi"]),
        "channel": "web",
        "status": rng.choice(["terverifikasi", "dalam_proses", "selesai"]),
        "disposition": {
            "agency_id": "ag-1",
            "agency_name": "Dinas PUPR",
            "disposed_at": submitted.isoformat(),
        },
        "submitted_at": submitted.isoformat(),
        "deadlines": {"respond_by": (submitted + dt.timedelta(days=7)).date().isoformat()},
        "version": 1,
        "updated_at": submitted.isoformat(),
    }


def _reference() -> dict[str, Any]:
    """The reference data a first sync caches. An office profile with reports has it, and with
    it the server's holiday list, so its start-up never needs the holiday package."""
    from domain.calendar import WorkingCalendar
    from sync.wire import Reference

    year = dt.date.today().year
    cal = WorkingCalendar.indonesia(range(year - 1, year + 2))
    holidays = [
        {"date": h.date.isoformat(), "name": h.name, "kind": h.kind}
        for h in cal.entries
        if h.kind in ("public", "cuti_bersama")
    ]
    empty: dict[str, Any] = {
        k: [] for k in ("categories", "classifications", "channels", "agencies", "reply_templates")
    }
    ref = Reference.model_validate(
        {**empty, "sla": {}, "cuti_bersama_is_holiday": True, "holidays": holidays}
        | {"office_closures": []}
    )
    return ref.model_dump(mode="json")


def fill_profile(folder: Path, n: int) -> None:
    from localdb import syncstore
    from localdb.profile import Profile
    from localdb.pull import apply_changes
    from sync.wire import ReportData

    rng, now = random.Random(7), dt.datetime.now(dt.UTC)
    with Profile.open(folder) as profile:
        with profile.session() as s, s.begin():
            syncstore.save_local_user(s, USER, device_id="bench", verifier=None, verified_at=now)
            syncstore.store_reference(s, _reference(), etag="bench")
        for start in range(0, n, 1000):
            changes = []
            for i in range(start, min(n, start + 1000)):
                data = ReportData.model_validate(_report(i, rng, now))
                changes.append(
                    {
                        "kind": "report",
                        "op": "upsert",
                        "id": data.id,
                        "version": 1,
                        "data": data.model_dump(mode="json", by_alias=True),
                    }
                )
            with profile.session() as s, s.begin():
                apply_changes(s, changes, f"c{start}")


# --- 1. start-up --------------------------------------------------------------------------------


def child_empty() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("ready", flush=True)


def child_startup(folder: Path) -> None:
    """What follows a successful login: the profile opened as the login opens it (checks
    deferred), the workspace built, the window shown; prints "shown", then "ready" once the
    first inbox page is in the table."""
    from PySide6.QtCore import QTimer

    from desktop import app as composition
    from desktop.paths import AppPaths
    from desktop.settings import Settings
    from localdb.profile import Profile
    from sync.credentials import Credentials
    from sync.transport import Transport
    from ui.login.service import LoginResult, OpenedProfile

    app = composition.ensure_app(["bench"])
    profile = Profile.open(folder, defer_checks=True)
    transport = Transport("http://127.0.0.1:9")
    creds = Credentials(
        profile, transport, profile_key="bench", clock=lambda: dt.datetime.now(dt.UTC)
    )
    opened = OpenedProfile(profile, creds, profile.close)
    result = LoginResult(opened, USER, "bench", online=False, keyring_missing=False)
    paths = AppPaths.under(folder.parent / "app").ensure()
    ws = composition.open_workspace(result, Settings(), paths, start_sync=False)
    ws.window.show()
    model = ws.window.pages.inbox.model  # type: ignore[attr-defined]

    def shown() -> None:
        print("shown", flush=True)  # the first pass of the event loop: the window is painted

    def check() -> None:
        if model.rowCount() > 0:
            print("ready", flush=True)
            app.quit()

    QTimer.singleShot(0, shown)
    timer = QTimer()
    timer.timeout.connect(check)
    timer.start(1)
    app.exec()
    ws.runner.shutdown()


def time_child(args: list[str], marks: tuple[str, ...] = ("ready",)) -> list[float]:
    """Seconds from starting the child to each of its `marks` lines."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, __file__, *args], stdout=subprocess.PIPE, text=True, cwd=ROOT
    )
    assert proc.stdout is not None
    times = []
    for mark in marks:
        line = proc.stdout.readline()
        times.append(time.perf_counter() - t0)
        if line.strip() != mark:
            proc.kill()
            raise RuntimeError(f"child {args} printed {line.strip()!r}, not {mark!r}")
    proc.wait()
    return times


def bench_startup(folder: Path, runs: int) -> None:
    empty, shown, ready = [], [], []
    for _ in range(runs):  # interleaved, so a noisy moment hits both sides alike
        empty.extend(time_child(["--child-empty"]))
        s, r = time_child(["--child-startup", str(folder)], ("shown", "ready"))
        shown.append(s)
        ready.append(r)
    base = statistics.median(empty)
    for label, values in (("main window shown", shown), ("first inbox page shown", ready)):
        value = statistics.median(values)
        print(
            f"start-up: {label} {value * 1000:.0f} ms vs empty window {base * 1000:.0f} ms, "
            f"ratio {value / base:.2f} (budget 2.0), median of {runs}"
        )


# --- 2. inbox filter and search -----------------------------------------------------------------

SEARCH_TARGET_MS = 50.0
PAGE_TARGET_MS = 50.0  # the UI thread never blocks longer


def bench_inbox(folder: Path, n: int) -> None:
    from domain.calendar import WorkingCalendar
    from localdb import queries
    from localdb.profile import Profile

    today = dt.date.today()
    cal = WorkingCalendar.indonesia(range(today.year - 1, today.year + 2))
    cases = {
        "first page, by deadline": queries.InboxFilter(),
        "status filter": queries.InboxFilter(status="dalam_proses"),
        "overdue": queries.InboxFilter(deadline="overdue"),
        "search 'drainase banjir'": queries.InboxFilter(search="drainase banjir"),
        "search tracking id": queries.InboxFilter(search="5012345"),
        "search, one letter typed": queries.InboxFilter(search="j"),
    }
    with Profile.open(folder) as profile:
        for label, filt in cases.items():
            times = []
            for _ in range(5):
                with profile.read_session() as s, s.begin():
                    t0 = time.perf_counter()
                    queries.inbox_page(s, filt, limit=100, today=today, cal=cal)
                    times.append(time.perf_counter() - t0)
            ms = statistics.median(times) * 1000
            target = SEARCH_TARGET_MS if filt.search else PAGE_TARGET_MS
            print(
                f"inbox ({n:,} reports) {label}: median {ms:.1f} ms "
                f"(target {target:.0f} ms, ratio {ms / target:.2f})"
            )


# --- 3. UI stall during a sync ------------------------------------------------------------------


def bench_sync_stall(n: int) -> None:
    from PySide6.QtCore import QEventLoop, QTimer

    from desktop import app as composition
    from desktop.demo import DemoSession

    app = composition.ensure_app(["bench"])
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        t0 = time.perf_counter()
        session = DemoSession(Path(tmp), reports=n)
        print(f"sync: demo server with {n:,} reports ready in {time.perf_counter() - t0:.1f} s")
        gaps = {"max": 0.0, "last": time.perf_counter()}

        def beat() -> None:
            now = time.perf_counter()
            gaps["max"] = max(gaps["max"], now - gaps["last"])
            gaps["last"] = now

        loop = QEventLoop()
        heartbeat = QTimer()
        heartbeat.timeout.connect(beat)
        heartbeat.start(10)
        session.login("officer1")
        while session.workspace is None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        sync = session.workspace.sync
        gaps["max"], gaps["last"] = 0.0, time.perf_counter()
        t1 = time.perf_counter()
        sync.finished.connect(lambda _s: loop.quit())
        loop.exec()  # the first cycle starts with the window; its end stops the clock
        print(
            f"sync: pulled in {time.perf_counter() - t1:.1f} s; longest UI stall "
            f"{gaps['max'] * 1000:.0f} ms (budget 50 ms)"
        )
        heartbeat.stop()
        session.close()


def main() -> int:
    p = argparse.ArgumentParser()
    p.add_argument("--reports", type=int, default=100_000)
    p.add_argument("--sync-reports", type=int, default=5_000)
    p.add_argument("--runs", type=int, default=5)
    p.add_argument("--child-empty", action="store_true")
    p.add_argument("--child-startup", type=Path)
    args = p.parse_args()
    if args.child_empty:
        child_empty()
        return 0
    if args.child_startup:
        child_startup(args.child_startup)
        return 0
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        folder = Path(tmp) / "profile"
        t0 = time.perf_counter()
        fill_profile(folder, args.reports)
        print(f"profile with {args.reports:,} reports filled in {time.perf_counter() - t0:.0f} s")
        bench_startup(folder, args.runs)
        bench_inbox(folder, args.reports)
    bench_sync_stall(args.sync_reports)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip the interpreter's final garbage collection: after the sync run it now and then
    # trips a reference-count error inside PySide6 ("none_dealloc") and aborts the process
    # after every figure was printed. Nothing is left to save at this point.
    os._exit(code)
