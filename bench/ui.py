"""UI benchmarks: prints figures, asserts nothing (the machines are shared and noisy).

    python bench/ui.py [--reports 100000] [--sync-reports 5000] [--runs 5]

1. Start-up, each figure a ratio to an empty PySide6 window started the same way in the same
   run (subprocesses, one untimed warm-up each, then median of N interleaved runs):
   - the first window a user sees: `simpul` started as an office starts it, until the login
     window is on screen (target 1.5x);
   - after a login (the profile opened as the login opens it): the main window shown, and the
     first inbox page in its table (target 2.5x, both counted from the process's start).
   The children run from compiled bytecode, as an installed app does (a private cache folder,
   so a checkout run with PYTHONDONTWRITEBYTECODE does not compile every module each start).
   A figure over its target is followed by where the time went: the child's phases and its
   imports summed by package (`-X importtime`).
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

START_TARGET = {"first window": 1.5, "main window shown": 2.5, "first inbox page": 2.5}
_T0 = time.perf_counter()


def phase(name: str) -> None:
    """A child's milestone, for the breakdown printed when a target is missed."""
    print(f"phase {name} {(time.perf_counter() - _T0) * 1000:.0f}", flush=True)


def child_empty() -> None:
    from PySide6.QtWidgets import QApplication, QMainWindow

    app = QApplication([])
    window = QMainWindow()
    window.show()
    app.processEvents()
    print("ready", flush=True)


def child_login() -> None:
    """`simpul` as an office starts it (settings with a server address already saved), until
    the login window is on screen; then it quits."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    phase("qt imported")

    def shown() -> None:
        windows = [w for w in QApplication.topLevelWidgets() if w.isVisible()]
        names = sorted(type(w).__name__ for w in windows)
        print("shown" if names == ["LoginDialog"] else f"unexpected windows {names}", flush=True)
        print("modules " + " ".join(sorted(m for m in sys.modules if "." not in m)), flush=True)
        QApplication.quit()

    app = QApplication(["simpul"])  # the entry point's ensure_app() finds this one
    QTimer.singleShot(0, shown)  # the first pass of the event loop: the window is painted
    from desktop.__main__ import main

    main([])
    del app


def child_startup(folder: Path) -> None:
    """What follows a successful login: the profile opened as the login opens it (checks
    deferred), the workspace built, the window shown; prints "shown", then "ready" once the
    first inbox page is in the table."""
    from PySide6.QtCore import QTimer

    phase("qt imported")
    from desktop import app as composition
    from desktop.paths import AppPaths
    from desktop.settings import Settings
    from localdb.profile import Profile
    from sync.credentials import Credentials
    from sync.transport import Transport
    from ui.login.service import LoginResult, OpenedProfile

    phase("login modules imported")
    app = composition.ensure_app(["bench"])
    profile = Profile.open(folder, defer_checks=True)
    transport = Transport("http://127.0.0.1:9")
    creds = Credentials(
        profile, transport, profile_key="bench", clock=lambda: dt.datetime.now(dt.UTC)
    )
    opened = OpenedProfile(profile, creds, profile.close)
    result = LoginResult(opened, USER, "bench", online=False, keyring_missing=False)
    paths = AppPaths.under(folder.parent / "app").ensure()
    phase("profile opened")
    ws = composition.open_workspace(result, Settings(), paths, start_sync=False)
    phase("workspace built")
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


def child_env(home: Path) -> dict[str, str]:
    """The children's environment: their own config/data/log folders, and bytecode cached in a
    folder of the bench's (an installed app never compiles its modules at start)."""
    env = dict(os.environ)
    env.pop("PYTHONDONTWRITEBYTECODE", None)
    env["PYTHONPYCACHEPREFIX"] = str(Path(tempfile.gettempdir()) / "simpul-bench-pycache")
    for var, sub in (("XDG_CONFIG_HOME", "config"), ("XDG_DATA_HOME", "data")):
        env[var] = str(home / sub)
    env["XDG_STATE_HOME"] = str(home / "state")
    return env


def time_child(
    args: list[str],
    marks: tuple[str, ...] = ("ready",),
    env: dict[str, str] | None = None,
    extra: list[str] | None = None,
) -> tuple[list[float], dict[str, float], list[str]]:
    """Seconds from starting the child to each of its `marks` lines, its phases (ms), and any
    other lines it printed after the last mark."""
    t0 = time.perf_counter()
    proc = subprocess.Popen(
        [sys.executable, *(extra or []), __file__, *args],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE if extra else subprocess.DEVNULL,
        text=True,
        cwd=ROOT,
        env=env,
    )
    assert proc.stdout is not None
    times: list[float] = []
    phases: dict[str, float] = {}
    for mark in marks:
        line = proc.stdout.readline()
        while line.startswith("phase "):
            name, ms = line[6:].rsplit(" ", 1)
            phases[name] = float(ms)
            line = proc.stdout.readline()
        times.append(time.perf_counter() - t0)
        if line.strip() != mark:
            proc.kill()
            raise RuntimeError(f"child {args} printed {line.strip()!r}, not {mark!r}")
    rest, err = proc.communicate()
    if extra:
        rest += err
    return times, phases, rest.splitlines()


def import_breakdown(args: list[str], env: dict[str, str], marks: tuple[str, ...]) -> None:
    """One more run of a child under `-X importtime`: its imports summed by top-level package
    (self time), the largest first."""
    _times, phases, lines = time_child(args, marks, env, extra=["-X", "importtime"])
    by_package: dict[str, float] = {}
    total = 0.0
    for line in lines:
        if not line.startswith("import time:") or "self [us]" in line:
            continue
        self_us, _cum, name = (part.strip() for part in line[12:].split("|"))
        package = name.split(".")[0]
        by_package[package] = by_package.get(package, 0.0) + float(self_us) / 1000
        total += float(self_us) / 1000
    print(f"    phases (ms from the child's start): {phases}")
    top = sorted(by_package.items(), key=lambda kv: -kv[1])[:12]
    print(
        f"    imports {total:.0f} ms in all (self time, this run), by package: "
        + ", ".join(f"{k} {v:.0f}" for k, v in top)
    )


def bench_startup(folder: Path, runs: int) -> None:
    from desktop import settings as settings_mod

    home = folder.parent / "home"
    env = child_env(home)
    settings_mod.save(
        home / "config" / "Simpul" / "settings.json",
        settings_mod.Settings(server_url="http://127.0.0.1:9"),
    )
    login_args = ["--child-login"]
    startup_args = ["--child-startup", str(folder)]
    # One untimed run each: fills the bytecode cache, and the file cache, as an earlier start would.
    time_child(["--child-empty"], env=env)
    _t, _p, login_rest = time_child(login_args, ("shown",), env)
    time_child(startup_args, ("shown", "ready"), env)
    empty, login, shown, ready = [], [], [], []
    for _ in range(runs):  # interleaved, so a noisy moment hits all sides alike
        empty.extend(time_child(["--child-empty"], env=env)[0])
        login.extend(time_child(login_args, ("shown",), env)[0])
        s, r = time_child(startup_args, ("shown", "ready"), env)[0]
        shown.append(s)
        ready.append(r)
    base = statistics.median(empty)
    loaded = next((x for x in login_rest if x.startswith("modules ")), "modules ?").split()[1:]
    heavy = [m for m in ("sqlalchemy", "pydantic", "localdb", "sync", "requests") if m in loaded]
    print(
        f"start-up: empty PySide6 window {base * 1000:.0f} ms (median of {runs}); the login "
        f"window loads {', '.join(heavy) if heavy else 'none of sqlalchemy, pydantic, localdb, sync'}"
    )
    rows = (
        ("first window", "first window a user sees (login)", login, login_args, ("shown",)),
        ("main window shown", "main window shown after login", shown, startup_args, ("shown",)),
        (
            "first inbox page",
            "first inbox page after login",
            ready,
            startup_args,
            ("shown", "ready"),
        ),
    )
    for key, label, values, args, marks in rows:
        value = statistics.median(values)
        ratio, target = value / base, START_TARGET[key]
        verdict = "met" if ratio <= target else "MISSED"
        print(
            f"start-up: {label} {value * 1000:.0f} ms, ratio {ratio:.2f} "
            f"(target {target}x: {verdict}), median of {runs}"
        )
        if ratio > target:
            import_breakdown(args, env, marks)


# --- 2. inbox filter and search -----------------------------------------------------------------


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
    }
    with Profile.open(folder) as profile:
        for label, filt in cases.items():
            times = []
            for _ in range(5):
                with profile.read_session() as s, s.begin():
                    t0 = time.perf_counter()
                    queries.inbox_page(s, filt, limit=100, today=today, cal=cal)
                    times.append(time.perf_counter() - t0)
            print(f"inbox ({n:,} reports) {label}: median {statistics.median(times) * 1000:.1f} ms")


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
    p.add_argument("--only", default="startup,inbox,stall", help="which parts, comma-separated")
    p.add_argument(
        "--profile",
        type=Path,
        help="a profile folder filled by an earlier run (kept), instead of a new one",
    )
    p.add_argument("--child-empty", action="store_true")
    p.add_argument("--child-login", action="store_true")
    p.add_argument("--child-startup", type=Path)
    args = p.parse_args()
    if args.child_empty:
        child_empty()
        return 0
    if args.child_login:
        child_login()
        return 0
    if args.child_startup:
        child_startup(args.child_startup)
        return 0
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        folder = args.profile or Path(tmp) / "profile"
        if parts & {"startup", "inbox"} and not (folder / "simpul.db").exists():
            t0 = time.perf_counter()
            fill_profile(folder, args.reports)
            print(
                f"profile with {args.reports:,} reports filled in {time.perf_counter() - t0:.0f} s"
            )
        if "startup" in parts:
            bench_startup(folder, args.runs)
        if "inbox" in parts:
            bench_inbox(folder, args.reports)
    if "stall" in parts:
        bench_sync_stall(args.sync_reports)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip the interpreter's final garbage collection: after the sync run it now and then
    # trips a reference-count error inside PySide6 ("none_dealloc") and aborts the process
    # after every figure was printed. Nothing is left to save at this point.
    os._exit(code)
