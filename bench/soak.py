"""Soak: the real demo app, offscreen, used hard for a while; it must not die.

    python bench/soak.py [--minutes 10] [--target-emits 25000] [--sync-interval 2]

Runs the demo (in-process central server, officer1 logged in) with the sync timer shortened,
and a driver that does what an officer's hour does, faster: switches inbox boxes, opens
reports, asks for a sync, while the world disposes new reports on the server. Every Python
`SignalInstance.emit` is counted (a profile hook on every thread), because that is what the
PySide6 6.12.0 / Python 3.11 refcount bug (see pyproject.toml) counts down on.

Prints: signals emitted, the rate, signals per hour of ordinary use (measured in the first
phase, at the normal pace of one action every 5 s and a sync every 15 minutes, before the
driver speeds up), and whether the process survived past the target. Exits 1 if it did not
reach the target in time; a crash of the interpreter is a negative exit code of its own.
"""

from __future__ import annotations

import argparse
import os
import sys
import tempfile
import threading
import time
from pathlib import Path
from typing import Any

os.environ.setdefault("QT_QPA_PLATFORM", "offscreen")
os.environ.setdefault("PYTHON_KEYRING_BACKEND", "keyring.backends.fail.Keyring")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


class EmitCounter:
    """Counts Python-level Qt signal emits on every thread through a profile hook."""

    def __init__(self) -> None:
        self.count = 0
        self._lock = threading.Lock()

    def hook(self, _frame: Any, event: str, arg: Any) -> None:
        if event == "c_call" and getattr(arg, "__qualname__", "") == "SignalInstance.emit":
            with self._lock:
                self.count += 1

    def install(self) -> None:
        threading.setprofile(self.hook)
        sys.setprofile(self.hook)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--minutes", type=float, default=10.0, help="give up after this long")
    ap.add_argument("--target-emits", type=int, default=25_000)
    ap.add_argument("--sync-interval", type=float, default=2.0, help="seconds, fast phase")
    ap.add_argument("--calm-seconds", type=float, default=30.0, help="normal-pace phase")
    ap.add_argument("--reports", type=int, default=300)
    args = ap.parse_args()

    from PySide6.QtCore import QTimer
    from PySide6.QtWidgets import QApplication

    from desktop.demo import DemoSession

    counter = EmitCounter()
    counter.install()
    app = QApplication(sys.argv[:1])
    root = Path(tempfile.mkdtemp(prefix="simpul-soak-"))
    session = DemoSession(root, reports=args.reports)
    driver = Driver(session, counter, args)
    session.login("officer1")
    QTimer.singleShot(0, driver.wait_for_window)
    app.exec()
    session.close()
    return driver.report()


class Driver:
    """Acts like an officer on a timer; phases: calm (normal pace), then fast."""

    def __init__(self, session: Any, counter: EmitCounter, args: argparse.Namespace) -> None:
        from PySide6.QtCore import QTimer

        self.session = session
        self.counter = counter
        self.args = args
        self.t0 = time.monotonic()
        self.calm_emits = 0
        self.calm_span = 0.0
        self.actions = 0
        self.syncs = 0
        self.timer = QTimer()
        self.timer.timeout.connect(self.step)
        self.calm_until = 0.0

    def wait_for_window(self) -> None:
        from PySide6.QtCore import QTimer

        ws = self.session.workspace
        if ws is None:
            QTimer.singleShot(100, self.wait_for_window)
            return
        if ws.sync is not None:
            ws.sync.finished.connect(self._synced)
        self.t0 = time.monotonic()
        self.start_count = self.counter.count
        self.calm_until = self.t0 + self.args.calm_seconds
        self.timer.start(5000)  # calm: one action every 5 s

    def _synced(self, _summary: object) -> None:
        self.syncs += 1

    def step(self) -> None:
        from PySide6.QtWidgets import QApplication

        now = time.monotonic()
        ws = self.session.workspace
        if now >= self.calm_until and self.timer.interval() == 5000:
            self.calm_emits = self.counter.count - self.start_count
            self.calm_span = now - self.t0
            if ws is not None and ws.sync is not None:
                ws.sync.interval_s = self.args.sync_interval
                ws.sync.syncNow()
            self.timer.start(50)  # fast: twenty actions a second
        if ws is not None:
            self.act(ws)
        done = self.counter.count >= self.args.target_emits
        if done or now - self.t0 > self.args.minutes * 60:
            self.timer.stop()
            QApplication.instance().quit()

    def act(self, ws: Any) -> None:
        window = ws.window
        boxes = ("perlu_tindak_lanjut", "semua", "lewat_tenggat", "dikembalikan")
        window.on_box_selected(boxes[self.actions % len(boxes)])
        model = window.pages.inbox.model
        if model.rowCount() > 0:
            row = self.actions % model.rowCount()
            report_id = model.report_id(row) if hasattr(model, "report_id") else None
            if report_id:
                window.open_report(report_id)
        if self.actions % 40 == 0 and ws.sync is not None:
            ws.sync.syncNow()
        self.actions += 1

    def report(self) -> int:
        elapsed = time.monotonic() - self.t0
        emitted = self.counter.count
        per_hour = self.calm_emits / self.calm_span * 3600 if self.calm_span else float("nan")
        target = self.args.target_emits
        print(f"ran {elapsed:.0f} s: {self.actions} actions, {self.syncs} sync cycles finished")
        print(f"signals emitted from Python: {emitted:,} (target: survive {target:,})")
        print(f"ratio to target: {emitted / target:.2f}")
        print(
            f"signals per hour at a normal pace: {per_hour:,.0f} "
            f"({self.calm_emits:,} in the first {self.calm_span:.0f} s)"
        )
        if per_hour == per_hour and per_hour > 0:
            print(f"hours of normal use survived (equivalent): {emitted / per_hour:.1f}")
        print(f"average rate: {emitted / max(elapsed, 1e-9):,.0f} signals/s")
        print("survived" if emitted >= target else "target not reached in time (no crash)")
        return 0 if emitted >= target else 1


if __name__ == "__main__":
    sys.exit(main())
