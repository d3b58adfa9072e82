"""UI benchmarks: prints figures, asserts nothing (the machines are shared and noisy).

    python bench/ui.py [--reports 100000] [--sync-reports 5000] [--runs 5]
                       [--only startup,inbox,stall] [--profile FOLDER]

1. Start-up, each figure a ratio to an empty PySide6 window started the same way in the same
   run (subprocesses, one untimed warm-up each, then median of N interleaved runs):
   - the first window a user sees: `simpul` started as an office starts it, until the login
     window is on screen (target 1.5x);
   - after a login (the profile, encrypted as an office's is, unlocked with its password and
     opened by the office app's own opener, "Masuk" pressed at once): the main
     window shown, and the first inbox page in its table, both counted from the process's
     start (target 2.5x for the page, which the main window comes before);
   - beside them, the floor under both: the empty window with SQLAlchemy's ORM imported and
     nothing of the app's (the login and the first page read the store through the ORM);
   - a logout in the first seconds after login: the profile closed while its deferred quick
     check reads the file, beside that check's own time (what a close used to wait for);
   - the office app from its login window, once the modules it loads behind that window are
     in: the main window and the first inbox page after "Masuk" (no target of their own: the
     wait a user has after typing the password).
   The children run from compiled bytecode, as an installed app does (a private cache folder,
   so a checkout run with PYTHONDONTWRITEBYTECODE does not compile every module each start).
   A figure over its target is followed by where the time went: the child's phases and its
   imports summed by package (`-X importtime`).
2. Inbox filters and search over a profile of --reports reports (the queries the inbox runs).
3. The UI thread during a sync. First, how long a page of the change feed keeps other threads
   from the GIL, parsed in one call and as the client parses it. Then the longest stall of the
   UI thread while the real sync controller pulls --sync-reports reports from the demo server,
   which runs in another process (a 10 ms QTimer heartbeat records every gap; target 50 ms),
   beside the same gaps counting only the time the app was on the CPU, and the idle window's
   longest gap over as long afterwards (the machine's own noise). Every garbage collection is
   listed. Over the target, each long gap follows with the CPU time the UI thread and the
   busiest other threads used in it, and a sampling profile of the threads' stacks in them.
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
import threading
import time
import uuid
from collections.abc import Callable
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


def fill_profile(folder: Path, n: int, password: str | None = None) -> None:
    """A profile of `n` reports; encrypted under a key that `password` unwraps, as an office's
    profile is, when one is given."""
    from localdb import keybox, syncstore
    from localdb.profile import Profile
    from localdb.pull import apply_changes
    from sync.wire import ReportData

    rng, now = random.Random(7), dt.datetime.now(dt.UTC)
    key = None
    if password is not None:
        folder.mkdir(parents=True, exist_ok=True)
        key = keybox.new_data_key()
        keybox.store(folder, key, password)
    with Profile.open(folder, key=key) as profile:
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


def _filled(folder: Path, n: int, password: str | None) -> None:
    if (folder / "simpul.db").exists():
        return
    t0 = time.perf_counter()
    fill_profile(folder, n, password)
    kind = "encrypted profile" if password else "profile"
    print(f"{kind} with {n:,} reports filled in {time.perf_counter() - t0:.0f} s")


# --- 1. start-up --------------------------------------------------------------------------------

PASSWORD = "kata-sandi-bench"  # the start-up profile is encrypted, as an office's is
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


def child_floor() -> None:
    """The empty window with SQLAlchemy's ORM imported, and nothing of the app's: the least a
    start does whose login and first page read the store through the ORM."""
    import sqlalchemy.orm  # noqa: F401

    child_empty()


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
    """What follows a successful login: the profile opened as the login opens it (the key
    unwrapped beside the preload's imports, checks deferred), the workspace built, the window
    shown; prints "shown", then "ready" once the first inbox page is in the table."""
    from PySide6.QtCore import QTimer

    phase("qt imported")
    from desktop import app as composition
    from desktop.settings import Settings

    composition.hold_collections()  # as the entry point does
    app = composition.ensure_app(["bench"])
    composition.preload_workspace_modules()  # as the login window does once it is shown
    result = bench_login(folder)  # "Masuk" at once: no time to type
    phase("profile opened")
    ws = composition.open_workspace(result, Settings(), bench_paths(folder), start_sync=False)
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


def bench_paths(folder: Path) -> Any:
    """The app's folders beside the profile; `folder` is linked into them as a profile named
    after it (`link_profile`), so the real opener finds it."""
    from desktop.paths import AppPaths

    return AppPaths.under(folder.parent / "app")


def link_profile(folder: Path) -> None:
    link = bench_paths(folder).ensure().profiles_dir / folder.name
    if not link.is_symlink():
        link.parent.mkdir(parents=True, exist_ok=True)
        link.symlink_to(folder.resolve(), target_is_directory=True)


def bench_login(folder: Path) -> Any:
    """The login's own work through the office app's opener (the key unwrapped as soon as its
    modules are in, the profile opened with its checks deferred, the sync client built),
    without a server: the password's check with the server is not timed."""
    from desktop import app as composition
    from desktop.settings import Settings
    from ui.login.service import LoginResult

    opener = composition.profile_opener(
        bench_paths(folder), Settings(server_url="http://127.0.0.1:9"), profile_name=folder.name
    )
    opened = opener(str(USER["username"]), PASSWORD)
    return LoginResult(opened, USER, "bench", online=False, keyring_missing=False)


def child_office(folder: Path) -> None:
    """The office app from its login window: "login" once it is on screen, then, when the
    modules it loads behind the window are in, the user's "Masuk" ("typed"), the main window
    ("shown"), the first inbox page ("ready"), and the first report, opened at once from that
    page while the profile's deferred checks run ("opened")."""
    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop import app as composition
    from desktop.office import OfficeSession
    from desktop.settings import Settings

    composition.hold_collections()  # as the entry point does
    app = composition.ensure_app(["simpul"])
    session = OfficeSession(
        bench_paths(folder),
        Settings(server_url="http://127.0.0.1:9"),
        authenticate=lambda _u, _p, _stage: bench_login(folder),
        quit_app=QApplication.quit,
    )
    dialog = session.show_login()
    state: dict[str, Any] = {}

    def step() -> None:
        if "login" not in state:
            state["login"] = print("login", flush=True)
        elif "typed" not in state:
            preload = composition.preload_workspace_modules()
            if not preload.is_alive():
                dialog.username.setText("officer1")
                dialog.password.setText("bench")
                state["typed"] = print("typed", flush=True)
                dialog.submit()
        elif session.workspace is not None and "shown" not in state:
            state["shown"] = print("shown", flush=True)
        elif "ready" not in state:
            pages = session.workspace.window.pages  # type: ignore[union-attr]
            if pages.inbox.model.rowCount() > 0:
                state["ready"] = print("ready", flush=True)
                pages.report.loaded.connect(lambda _id: (print("opened", flush=True), app.quit()))
                pages.inbox.select_next()  # the officer opens the first report straight away

    timer = QTimer()
    timer.timeout.connect(step)
    timer.start(1)
    app.exec()
    session.close()


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
    link_profile(folder)
    login_args = ["--child-login"]
    startup_args = ["--child-startup", str(folder)]
    office_args = ["--child-office", str(folder)]
    office_marks = ("login", "typed", "shown", "ready", "opened")
    # One untimed run each: fills the bytecode cache, and the file cache, as an earlier start would.
    time_child(["--child-empty"], env=env)
    time_child(["--child-floor"], env=env)
    _t, _p, login_rest = time_child(login_args, ("shown",), env)
    time_child(startup_args, ("shown", "ready"), env)
    time_child(office_args, office_marks, env)
    empty, floor, login, shown, ready = [], [], [], [], []
    masuk_shown, masuk_ready, opened = [], [], []
    for _ in range(runs):  # interleaved, so a noisy moment hits all sides alike
        empty.extend(time_child(["--child-empty"], env=env)[0])
        floor.extend(time_child(["--child-floor"], env=env)[0])
        login.extend(time_child(login_args, ("shown",), env)[0])
        s, r = time_child(startup_args, ("shown", "ready"), env)[0]
        shown.append(s)
        ready.append(r)
        _l, typed, s, r, o = time_child(office_args, office_marks, env)[0]
        masuk_shown.append(s - typed)
        masuk_ready.append(r - typed)
        opened.append(o - r)
    base = statistics.median(empty)
    loaded = next((x for x in login_rest if x.startswith("modules ")), "modules ?").split()[1:]
    heavy = [m for m in ("sqlalchemy", "pydantic", "localdb", "requests") if m in loaded]
    print(
        f"start-up: empty PySide6 window {base * 1000:.0f} ms (median of {runs}); the login "
        f"window loads {', '.join(heavy) if heavy else 'none of sqlalchemy, pydantic, localdb'}"
    )
    rows = (
        ("first window", "first window a user sees (login)", login, login_args, ("shown",)),
        (
            "main window shown",
            "main window shown, from the start, login included",
            shown,
            startup_args,
            ("shown",),
        ),
        (
            "first inbox page",
            "first inbox page, from the start, login included",
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
    value = statistics.median(floor)
    print(
        f"start-up: the floor under both: the empty window with SQLAlchemy's ORM imported and "
        f"nothing of the app's, {value * 1000:.0f} ms, ratio {value / base:.2f} (the login and "
        f"the first page read the store through the ORM), median of {runs}"
    )
    for label, values in (("main window shown", masuk_shown), ("first inbox page", masuk_ready)):
        value = statistics.median(values)
        print(
            f'start-up: after "Masuk" (the login window\'s preload done): {label} '
            f"{value * 1000:.0f} ms, ratio {value / base:.2f} (no target of its own), "
            f"median of {runs}"
        )
    # The deferred checks read the whole file behind the first page; a report the user opens
    # meanwhile must not wait for them (at 100,000 reports encrypted they take 2-3 s).
    value = statistics.median(opened)
    print(
        f"start-up: the first report, opened as soon as the first page is in: shown "
        f"{value * 1000:.0f} ms later (no target of its own; the window's other reads are "
        f"held to {PAGE_TARGET_MS:.0f} ms), ratio {value / base:.2f}, median of {runs}"
    )


def bench_close_while_checking(folder: Path, runs: int) -> None:
    """A logout in the first seconds after login: the profile closed while its deferred quick
    check reads the file, beside the time that check takes when left to finish (the wait a
    close had before `Profile.stop_checks`)."""
    from localdb import keybox
    from localdb.profile import Profile

    key = keybox.unlock(folder, PASSWORD)
    whole, closes = [], []
    for _ in range(runs):
        with Profile.open(folder, key=key, defer_checks=True) as profile:
            t0 = time.perf_counter()
            profile.run_deferred_checks()
            whole.append(time.perf_counter() - t0)
        profile = Profile.open(folder, key=key, defer_checks=True)
        checks = threading.Thread(target=profile.run_deferred_checks)
        checks.start()
        time.sleep(0.05)  # the check is reading the file by now
        t0 = time.perf_counter()
        profile.close()
        closes.append(time.perf_counter() - t0)
        checks.join()
    check, close = statistics.median(whole), statistics.median(closes)
    print(
        f"logout: the profile closed 50 ms into its deferred quick check {close * 1000:.1f} ms "
        f"(no target of its own), the checks left to finish {check * 1000:.0f} ms, "
        f"ratio {close / check:.3f}, median of {runs}"
    )


# --- 2. inbox filter and search -----------------------------------------------------------------

SEARCH_TARGET_MS = 50.0
PAGE_TARGET_MS = 50.0  # the UI thread never blocks longer


def bench_inbox(folder: Path, n: int) -> None:
    from domain.calendar import WorkingCalendar
    from localdb import queries
    from localdb.actor import Actor
    from localdb.profile import Profile

    today = dt.date.today()
    cal = WorkingCalendar.indonesia(range(today.year - 1, today.year + 2))
    f = queries.InboxFilter
    cases: dict[str, tuple[queries.InboxFilter, queries.Sort]] = {
        "first page, by deadline": (f(), "deadline"),
        "status filter": (f(status="dalam_proses"), "deadline"),
        "overdue": (f(deadline="overdue"), "deadline"),
        "overdue, by date": (f(deadline="overdue"), "date"),
        '"Perlu tindak lanjut", by date': (f(box="perlu_tindak_lanjut"), "date"),
        '"Ditugaskan kepada Saya" (none assigned)': (f(box="ditugaskan_kepada_saya"), "deadline"),
        '"Kotak Keluar" (nothing waiting)': (f(box="kotak_keluar"), "deadline"),
        "overdue, a category no report has": (
            f(deadline="overdue", category_id="kat-x"),
            "deadline",
        ),
        "status, classification, unread, by date": (
            f(status="dalam_proses", classification="pengaduan", unread_only=True),
            "date",
        ),
        "search 'drainase banjir'": (f(search="drainase banjir"), "deadline"),
        "search tracking id": (f(search="5012345"), "deadline"),
        "search, one letter typed": (f(search="j"), "deadline"),
    }
    actor = Actor(USER["id"], USER["username"], frozenset(USER["roles"]), "ag-1", "bench")
    with Profile.open(folder) as profile:
        for label, (filt, sort) in cases.items():
            times = []
            for _ in range(5):
                with profile.read_session() as s, s.begin():
                    t0 = time.perf_counter()
                    queries.inbox_page(s, filt, sort, limit=100, today=today, cal=cal, actor=actor)
                    times.append(time.perf_counter() - t0)
            ms = statistics.median(times) * 1000
            target = SEARCH_TARGET_MS if filt.search else PAGE_TARGET_MS
            print(
                f"inbox ({n:,} reports) {label}: median {ms:.1f} ms "
                f"(target {target:.0f} ms, ratio {ms / target:.2f})"
            )


# --- 3. UI stall during a sync ------------------------------------------------------------------

STALL_TARGET_MS = 50.0
PROJECT_DIRS = ("ui", "desktop", "localdb", "sync", "domain")


def child_server(root: Path, n: int) -> None:
    """The demo hub with `n` reports, in this process; runs until stdin closes."""
    from desktop.demo import start_demo_server

    server = start_demo_server(root, reports=n)
    print(f"url {server.base_url}", flush=True)
    sys.stdin.read()
    server.stop()


class ServerProcess:
    """The demo hub in a process of its own, so that the client's threads share the GIL with
    nothing but the client."""

    def __init__(self, root: Path, n: int) -> None:
        self.proc = subprocess.Popen(
            [sys.executable, __file__, "--child-server", str(root), "--sync-reports", str(n)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
            cwd=ROOT,
        )
        assert self.proc.stdout is not None
        line = self.proc.stdout.readline().strip()
        if not line.startswith("url "):
            self.proc.kill()
            raise RuntimeError(f"the server process printed {line!r}")
        self.base_url = line[4:]

    def stop(self) -> None:
        assert self.proc.stdin is not None
        self.proc.stdin.close()
        self.proc.wait(timeout=60)


def _where(frame: Any) -> str:
    code = frame.f_code
    path = Path(code.co_filename)
    try:
        name = str(path.relative_to(ROOT))
    except ValueError:
        name = "/".join(path.parts[-2:])
    return f"{name}:{code.co_name}"


def _stack(frame: Any) -> str:
    """The innermost frame, and the innermost one of the project's own code when different."""
    inner = _where(frame)
    own = frame
    while own is not None and not _where(own).startswith(PROJECT_DIRS):
        own = own.f_back
    return inner if own is None or own is frame else f"{_where(own)} > {inner}"


class StackSampler(threading.Thread):
    """Samples every thread's Python stack every few milliseconds (the innermost frame, and
    the innermost one of the project's code). A thread that holds the GIL keeps this one from
    sampling too: the samples just before and after a long gap show where it was."""

    def __init__(self, interval: float = 0.004) -> None:
        super().__init__(name="bench-sampler", daemon=True)
        self.interval = interval
        self.samples: list[tuple[float, str, list[str]]] = []
        self._done = threading.Event()

    def run(self) -> None:
        main = threading.main_thread().ident
        me = threading.get_ident()
        while not self._done.wait(self.interval):
            now = time.perf_counter()
            names = {t.ident: t.name for t in threading.enumerate()}
            ui, others = "(no Python frame)", []
            for ident, frame in sys._current_frames().items():
                if ident == me:
                    continue
                if ident == main:
                    ui = _stack(frame)
                else:
                    others.append(f"{names.get(ident, '?')}: {_stack(frame)}")
            self.samples.append((now, ui, others))

    def stop(self) -> None:
        self._done.set()
        self.join()


def thread_cpu() -> dict[str, float]:
    """CPU seconds each live thread of this process has used (Linux: per-thread clocks)."""
    out: dict[str, float] = {}
    for t in threading.enumerate():
        if t.ident is None:
            continue
        try:
            out[f"{t.name}#{t.ident}"] = time.clock_gettime(time.pthread_getcpuclockid(t.ident))
        except (OSError, AttributeError):  # ended meanwhile, or not Linux
            continue
    return out


class Heartbeat:
    """A 10 ms QTimer on the UI thread; each beat records the gap since the previous one and
    the CPU time each thread used in it. A gap in which no thread of the process was on the
    CPU for most of it was the machine's other work, not this app's."""

    def __init__(self) -> None:
        from PySide6.QtCore import QTimer

        self.gaps: list[tuple[float, float, dict[str, float]]] = []  # start, end, CPU by thread
        self._last = time.perf_counter()
        self._cpu = thread_cpu()
        self.timer = QTimer()
        self.timer.timeout.connect(self._beat)
        self.timer.start(10)

    def reset(self) -> None:
        self.gaps = []
        self._last, self._cpu = time.perf_counter(), thread_cpu()

    def _beat(self) -> None:
        now, cpu = time.perf_counter(), thread_cpu()
        used = {k: v - self._cpu.get(k, 0.0) for k, v in cpu.items()}
        self.gaps.append((self._last, now, used))
        self._last, self._cpu = now, cpu

    def longest(self) -> float:
        """The longest gap, ms."""
        return max(((b - a) * 1000 for a, b, _ in self.gaps), default=0.0)

    def longest_on_cpu(self) -> float:
        """The longest gap counting only the time some thread of the process was on the CPU
        (its threads' CPU time in the gap, at most the gap): an upper bound of what the app
        itself kept the UI thread from, whatever else the machine was running (ms)."""
        return max((min(b - a, sum(used.values())) * 1000 for a, b, used in self.gaps), default=0.0)


class GcWatch:
    """Every garbage collection while installed: how long (wall and CPU), which generation, on
    which thread, and for a full one how many objects it walked (a collection holds the GIL:
    no other thread runs meanwhile)."""

    def __init__(self) -> None:
        import gc

        self.pauses: list[tuple[float, float, int, str, int]] = []
        self._start = (0.0, 0.0, 0)
        self._gc = gc
        gc.callbacks.append(self._callback)

    def _callback(self, phase: str, info: dict[str, int]) -> None:
        if phase == "start":
            walked = len(self._gc.get_objects(2)) if info["generation"] == 2 else 0
            self._start = (time.perf_counter(), time.thread_time(), walked)
        else:
            wall, cpu, walked = self._start
            self.pauses.append(
                (
                    time.perf_counter() - wall,
                    time.thread_time() - cpu,
                    info["generation"],
                    threading.current_thread().name,
                    walked,
                )
            )

    def remove(self) -> None:
        self._gc.callbacks.remove(self._callback)

    def summary(self) -> str:
        if not self.pauses:
            return "no collections"
        wall, cpu, gen, thread, _n = max(self.pauses, key=lambda p: p[1])
        full = [p for p in self.pauses if p[2] == 2]
        fulls = "; ".join(f"{p[1] * 1000:.0f} ms CPU over {p[4]:,} objects" for p in full)
        return (
            f"{len(self.pauses)} collections, {sum(p[1] for p in self.pauses) * 1000:.0f} ms "
            f"CPU in all; the longest {cpu * 1000:.0f} ms CPU ({wall * 1000:.0f} ms wall, "
            f"generation {gen}, thread {thread}); full ones: {fulls or 'none'}"
        )


def print_stall_profile(beat: Heartbeat, sampler: StackSampler) -> None:
    """Each gap over the target with the CPU time the UI thread and the busiest other threads
    used in it; then where the UI thread was in those gaps and what the other threads ran
    (stack samples x interval = milliseconds)."""
    long = [(a, b, used) for a, b, used in beat.gaps if (b - a) * 1000 > STALL_TARGET_MS]
    main = f"{threading.main_thread().name}#{threading.main_thread().ident}"
    print("    gaps over the target: wall ms = UI thread CPU + the busiest other threads' CPU")
    for a, b, used in sorted(long, key=lambda g: g[0] - g[1])[:12]:
        others = sorted(((v, k) for k, v in used.items() if k != main), reverse=True)[:2]
        busy = ", ".join(f"{k.split('#')[0]} {v * 1000:.0f}" for v, k in others if v > 0.0005)
        print(f"      {(b - a) * 1000:5.0f} = UI {used.get(main, 0.0) * 1000:.0f} + {busy or '-'}")
    ui_counts: dict[str, int] = {}
    other_counts: dict[str, int] = {}
    for t, ui, others_at in sampler.samples:
        if any(a <= t <= b for a, b, _ in long):
            ui_counts[ui] = ui_counts.get(ui, 0) + 1
            for o in others_at:
                other_counts[o] = other_counts.get(o, 0) + 1
    ms = sampler.interval * 1000
    print("    the UI thread in those gaps (a frame of bench/ui.py alone: inside Qt's loop):")
    for where, n in sorted(ui_counts.items(), key=lambda kv: -kv[1])[:8]:
        print(f"      {n * ms:6.0f} ms  {where}")
    print("    meanwhile the other threads:")
    for where, n in sorted(other_counts.items(), key=lambda kv: -kv[1])[:8]:
        print(f"      {n * ms:6.0f} ms  {where}")
    a, b, _used = max(long, key=lambda g: g[1] - g[0])
    before = [x for x in sampler.samples if x[0] < a + 0.002][-1:]
    after = [x for x in sampler.samples if x[0] > b - 0.002][:1]
    for label, picked in (("the last sample before", before), ("the first after", after)):
        for t, ui, others_at in picked:
            print(f"    the longest gap, {label} ({(t - a) * 1000:+.0f} ms from its start):")
            for line in (f"UI: {ui}", *others_at):
                if "_loop" not in line and "threading.py:wait" not in line:
                    print(f"      {line}")


def longest_wait_beside(work: Callable[[], object], repeats: int = 7) -> float:
    """How long a thread that only sleeps 1 ms at a time waits to run again while `work` runs
    on another thread: the longest wait, least of `repeats` runs (ms). A long C call that
    holds the GIL shows up whole; the machine's noise mostly not (the least of several)."""
    results = []
    for _ in range(repeats):
        done = threading.Event()

        def run(done: threading.Event = done) -> None:
            work()
            done.set()

        worker = threading.Thread(target=run)
        longest, last = 0.0, time.perf_counter()
        worker.start()
        while not done.is_set():
            time.sleep(0.001)
            now = time.perf_counter()
            longest, last = max(longest, now - last), now
        worker.join()
        results.append(longest)
    return min(results) * 1000


def bench_page_parse() -> None:
    """The sync thread parses each pulled page; while a call into C holds the GIL, the UI
    thread cannot run. A page of MAX_CHANGES_PAGE reports, parsed as one call and as the
    client parses it (change by change)."""
    import json

    from sync.wire import MAX_CHANGES_PAGE, ChangesPage

    rng, now = random.Random(11), dt.datetime.now(dt.UTC)
    reports = [_report(i, rng, now) for i in range(MAX_CHANGES_PAGE)]
    page = {
        "changes": [
            {"kind": "report", "op": "upsert", "id": r["id"], "version": 1, "data": r}
            for r in reports
        ],
        "next_cursor": "c1",
        "has_more": True,
        "server_time": now.isoformat(),
    }
    raw = json.dumps(page).encode()
    whole = longest_wait_beside(lambda: ChangesPage.model_validate_json(raw))
    pieces = longest_wait_beside(lambda: ChangesPage.parse(raw))
    print(
        f"sync: a page of {MAX_CHANGES_PAGE} reports ({len(raw) / 1e6:.2f} MB of JSON) keeps "
        f"other threads waiting {whole:.0f} ms parsed in one call, {pieces:.0f} ms parsed "
        f"change by change (as the client does); target {STALL_TARGET_MS:.0f} ms"
    )


def bench_sync_stall(n: int) -> None:
    from PySide6.QtCore import QEventLoop

    from desktop import app as composition
    from desktop.demo import DemoSession

    app = composition.ensure_app(["bench"])
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        t0 = time.perf_counter()
        server = ServerProcess(Path(tmp), n)
        session = DemoSession(Path(tmp), server=server)
        print(
            f"sync: demo server with {n:,} reports ready in another process in "
            f"{time.perf_counter() - t0:.1f} s"
        )
        loop = QEventLoop()
        beat = Heartbeat()
        session.login("officer1")
        while session.workspace is None:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        sync = session.workspace.sync
        assert sync is not None
        sampler = StackSampler()
        beat.reset()
        t1 = time.perf_counter()
        collections = GcWatch()
        sampler.start()
        sync.finished.connect(lambda _s: loop.quit())
        loop.exec()  # the first cycle starts with the window; its end stops the clock
        sampler.stop()
        collections.remove()
        pulled_in = time.perf_counter() - t1
        longest, on_cpu = beat.longest(), beat.longest_on_cpu()
        over = sum(1 for a, b, _ in beat.gaps if (b - a) * 1000 > STALL_TARGET_MS)
        during = beat.gaps
        # The same heartbeat with the window idle for as long: the machine's own noise floor.
        beat.reset()
        end = time.perf_counter() + min(pulled_in, 20.0)
        while time.perf_counter() < end:
            app.processEvents(QEventLoop.ProcessEventsFlag.AllEvents, 50)
        idle = beat.longest()
        idle_cpu = max(beat.gaps, key=lambda g: g[1] - g[0])[2] if beat.gaps else {}
        beat.timer.stop()
        beat.gaps = during
        verdict = "met" if longest <= STALL_TARGET_MS else "MISSED"
        print(
            f"sync: pulled in {pulled_in:.1f} s; longest UI stall {longest:.0f} ms "
            f"(target {STALL_TARGET_MS:.0f} ms: {verdict}, ratio {longest / STALL_TARGET_MS:.2f}); "
            f"{over} heartbeat gaps over the target"
        )
        print(
            f"sync: the same gaps counting only the time the app was on the CPU: longest "
            f"{on_cpu:.0f} ms (ratio {on_cpu / STALL_TARGET_MS:.2f}); the idle window's longest "
            f"gap in this run {idle:.0f} ms (the process on the CPU "
            f"{sum(idle_cpu.values()) * 1000:.0f} ms of it); load average {os.getloadavg()[0]:.1f} on "
            f"{os.cpu_count()} CPUs"
        )
        print(f"sync: garbage collection during the pull: {collections.summary()}")
        if longest > STALL_TARGET_MS:
            print_stall_profile(beat, sampler)
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
        help="a profile folder filled by an earlier run (kept), instead of a new one; the "
        "start-up's encrypted profile is kept beside it (FOLDER-encrypted)",
    )
    p.add_argument("--child-empty", action="store_true")
    p.add_argument("--child-floor", action="store_true")
    p.add_argument("--child-login", action="store_true")
    p.add_argument("--child-startup", type=Path)
    p.add_argument("--child-office", type=Path)
    p.add_argument("--child-server", type=Path)
    args = p.parse_args()
    if args.child_server:
        child_server(args.child_server, args.sync_reports)
        return 0
    if args.child_empty:
        child_empty()
        return 0
    if args.child_floor:
        child_floor()
        return 0
    if args.child_login:
        child_login()
        return 0
    if args.child_startup:
        child_startup(args.child_startup)
        return 0
    if args.child_office:
        child_office(args.child_office)
        return 0
    parts = set(args.only.split(","))
    with tempfile.TemporaryDirectory(prefix="simpul-bench-") as tmp:
        folder = args.profile or Path(tmp) / "profile"
        if "startup" in parts:  # encrypted, as an office's: the login's scrypt is counted
            encrypted = folder.with_name(folder.name + "-encrypted")
            _filled(encrypted, args.reports, PASSWORD)
            bench_startup(encrypted, args.runs)
            bench_close_while_checking(encrypted, args.runs)
        if "inbox" in parts:
            _filled(folder, args.reports, None)
            bench_inbox(folder, args.reports)
    if "stall" in parts:
        bench_page_parse()
        bench_sync_stall(args.sync_reports)
    return 0


if __name__ == "__main__":
    code = main()
    sys.stdout.flush()
    # Skip the interpreter's final garbage collection: after the sync run it now and then
    # trips a reference-count error inside PySide6 ("none_dealloc") and aborts the process
    # after every figure was printed. Nothing is left to save at this point.
    os._exit(code)
