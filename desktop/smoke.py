"""Start-up self-check of an installed app (the built bundle in CI, a Windows PC in
docs/install.md). Test-only: active only when the SIMPUL_SMOKE environment variable names a file.

The app starts exactly as it always does (same `main`, same login, same workspace); this probe
only watches from outside, the way a user would: it types SIMPUL_SMOKE_USER and SIMPUL_SMOKE_PASSWORD
into the login dialog, acknowledges information boxes (recording their text), waits
for the main window to show, asks for one sync cycle and waits for its end, then checks what the
running app loaded (profile migrations, holiday data, translation, receipt PDF) and writes it all
as JSON to the SIMPUL_SMOKE file. Exit code 0 when every check passed, 3 otherwise (timeout
included), 70 when the crash handler fired.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

from PySide6.QtCore import QCoreApplication, QObject, QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

ENV_FILE = "SIMPUL_SMOKE"
ENV_USER = "SIMPUL_SMOKE_USER"
ENV_PASSWORD = "SIMPUL_SMOKE_PASSWORD"
ENV_TIMEOUT = "SIMPUL_SMOKE_TIMEOUT"
EXIT_FAILED, EXIT_CRASHED = 3, 70


class _NotLoaded:
    """Stands in for a class whose module is not imported yet: nothing is an instance of it."""


def _loaded_class(module: str, name: str) -> Any:
    loaded = sys.modules.get(module)
    found = getattr(loaded, name, None) if loaded is not None else None
    return found if isinstance(found, type) else _NotLoaded


def from_environment() -> SmokeProbe | None:
    target = os.environ.get(ENV_FILE)
    if not target:
        return None
    timeout = float(os.environ.get(ENV_TIMEOUT, "120"))
    login = (os.environ.get(ENV_USER, ""), os.environ.get(ENV_PASSWORD))
    return SmokeProbe(Path(target), login=login, timeout_s=timeout)


class SmokeProbe(QObject):
    def __init__(self, out: Path, *, login: tuple[str, str | None], timeout_s: float) -> None:
        super().__init__()
        self.out = out
        self._user, self._password = login
        self._deadline = time.monotonic() + timeout_s
        self._started = time.monotonic()
        from sync.version import app_version

        self.seen: dict[str, Any] = {"version": app_version(), "dialogs": [], "ok": False}
        self._window: Any = None
        self._done = False
        self._timer = QTimer(self)
        self._timer.timeout.connect(self._tick)
        self._timer.start(100)

    # --- watching -----------------------------------------------------------------------------

    def _tick(self) -> None:
        if self._done:
            return
        if time.monotonic() > self._deadline:
            self._finish(f"timeout; the app got as far as: {sorted(self.seen)}")
            return
        for widget in QApplication.topLevelWidgets():
            if widget.isVisible():
                self._look_at(widget)

    def _look_at(self, widget: Any) -> None:
        # Only classes already imported: while the login is on screen the workspace's modules
        # are imported on a thread of their own, and an import from here would race it (the app
        # itself waits for that thread first). No main window can exist before its module does.
        login_dialog = _loaded_class("ui.login.dialog", "LoginDialog")
        main_window = _loaded_class("ui.shell.main_window", "MainWindow")

        if isinstance(widget, login_dialog) and "login_typed" not in self.seen:
            self._log_in(widget)
        elif isinstance(widget, QMessageBox):
            self._acknowledge(widget)
        elif isinstance(widget, main_window) and self._window is None:
            self._window = widget
            self.seen["window_shown_s"] = round(time.monotonic() - self._started, 2)
            self.seen["menus"] = [a.text() for a in widget.menuBar().actions()]
            self.seen["about"] = widget.about_text()
            if widget.ctx.sync is None:
                self._finish("the workspace has no sync engine")
                return
            widget.ctx.sync.finished.connect(self._synced)
            widget.ctx.sync.syncNow()

    def _log_in(self, dialog: Any) -> None:
        if self._password is None:
            self._finish(f"login dialog shown but {ENV_PASSWORD} is not set")
            return
        self.seen["login_typed"] = True
        if self._user:
            dialog.username.setText(self._user)
        dialog.password.setText(self._password)
        dialog.submit()

    def _acknowledge(self, box: QMessageBox) -> None:
        critical = box.icon() == QMessageBox.Icon.Critical
        self.seen["dialogs"].append({"critical": critical, "title": box.windowTitle()})
        box.accept()
        if critical:
            self._finish(f"error dialog: {box.windowTitle()}")

    def _synced(self, summary: Any) -> None:
        if self._done:
            return
        state = getattr(summary.state, "value", str(summary.state))
        self.seen["sync"] = {"state": state, "pulled": summary.pulled}
        if state != "ok":
            self._finish(f"sync cycle ended {state}: {summary.error or summary.message}")
            return
        try:
            self._check_loaded(self._window)
        except Exception as exc:
            self._finish(f"{type(exc).__name__}: {exc}")
            return
        self._finish(None)

    # --- what the running app loaded ------------------------------------------------------------

    def _check_loaded(self, window: Any) -> None:
        from domain.calendar import WorkingCalendar
        from localdb.cipher import connect
        from localdb.migrate import head_revision
        from localdb.profile import DB_NAME
        from ui.intake.receipt import ReceiptData, receipt_font_family, save_receipt_pdf

        ctx = window.ctx
        db = ctx.profile.folder / DB_NAME
        # Opened as the app opens it: SQLCipher with the profile's key (plain without one).
        con = connect(db, ctx.profile.key, read_only=True)
        try:
            (revision,) = con.execute("SELECT version_num FROM alembic_version").fetchone()
        finally:
            con.close()
        self.seen["profile_revision"] = {"db": revision, "head": head_revision()}
        if revision != head_revision():
            raise RuntimeError(f"profile at revision {revision}, head is {head_revision()}")
        year = dt.date.today().year
        national = WorkingCalendar.indonesia([year]).entries  # the holidays package's data
        self.seen["holidays"] = {"workspace": len(ctx.calendar.entries), "national": len(national)}
        if not national or not ctx.calendar.entries:
            raise RuntimeError("no holidays loaded")
        self.seen["translated_menu"] = QCoreApplication.translate("MainWindow", "&Berkas")
        self.seen["keyring"] = _keyring_backend()
        pdf = self.out.with_suffix(".receipt.pdf")
        today = dt.date.today()
        data = ReceiptData(
            ("DPUPR",), "TT-SMOKE-0001", dt.datetime.now(dt.UTC), "pengaduan", "Jalan rusak",
            None, True, "Smoke", 3, today, 5,
        )  # fmt: skip
        save_receipt_pdf(data, pdf)
        head = pdf.read_bytes()[:5]
        self.seen["receipt"] = {"bytes": pdf.stat().st_size, "font": receipt_font_family()}
        if head != b"%PDF-":
            raise RuntimeError("the receipt is not a PDF")

    def _finish(self, failure: str | None) -> None:
        self._done = True
        self._timer.stop()
        self.seen["ok"] = failure is None
        self.seen["failure"] = failure
        try:
            text = json.dumps(self.seen, indent=2, ensure_ascii=False)
            self.out.write_text(text, encoding="utf-8")
        except OSError:  # nowhere to say it: the exit code still does
            QApplication.exit(EXIT_FAILED)
            return
        QApplication.exit(0 if failure is None else EXIT_FAILED)

    def crashed(self, report: Path) -> None:
        """In place of the crash dialog: record the report and end the run."""
        self.seen["crash_report"] = report.read_text(encoding="utf-8")
        self._finish(f"crash report {report.name}")
        QApplication.exit(EXIT_CRASHED)


def _keyring_backend() -> str:
    """The OS keyring backend the frozen build found (entry points are not scanned there)."""
    import keyring

    backend = type(keyring.get_keyring())
    return f"{backend.__module__}.{backend.__name__}"
