"""Unexpected exceptions: tell the user, write a crash report, keep the app alive if possible.

The report holds the traceback's frames (file, line, function), the exception's type and the
versions, but NOT the exception's message or local variables: those can carry a reporter's name,
a NIK or report text, and the report is meant to be sent to support.
"""

from __future__ import annotations

import datetime as dt
import logging
import platform
import sys
import threading
import traceback
from collections.abc import Callable
from pathlib import Path
from types import TracebackType

from domain import clock

log = logging.getLogger(__name__)

ShowDialog = Callable[[Path], None]


def crash_report_text(
    exc_type: type[BaseException],
    tb: TracebackType | None,
    *,
    now: dt.datetime,
    exc: BaseException | None = None,
) -> str:
    from sync.version import app_version  # not at import: the entry point stays light

    frames = traceback.extract_tb(tb)
    lines = [
        "Simpul crash report",
        f"time: {now.isoformat(timespec='seconds')}",
        f"app: Simpul {app_version()}",
        f"python: {platform.python_version()} ({platform.python_implementation()})",
        f"qt: {_qt_versions()}",
        f"os: {platform.system()} {platform.release()} {platform.machine()}",
        f"thread: {threading.current_thread().name}",
        f"exception: {exc_type.__module__}.{exc_type.__qualname__}",
        *_missing_modules(exc),
        "(the exception message is left out on purpose: it may contain personal data)",
        "traceback (most recent call last):",
    ]
    lines += [f'  File "{_short(f.filename)}", line {f.lineno}, in {f.name}' for f in frames]
    return "\n".join(lines) + "\n"


def _missing_modules(exc: BaseException | None) -> list[str]:
    """For an incomplete install: each ImportError in the chain and the module it could not find
    (a module name, never personal data)."""
    lines: list[str] = []
    seen: set[int] = set()
    while exc is not None and id(exc) not in seen:
        seen.add(id(exc))
        if isinstance(exc, ImportError):
            kind = f"{type(exc).__module__}.{type(exc).__qualname__}"
            lines.append(f"cause: {kind}, module {exc.name or '?'} cannot be imported")
        exc = exc.__cause__ or exc.__context__
    return lines


def write_crash_report(
    logs_dir: Path,
    exc_type: type[BaseException],
    tb: TracebackType | None,
    exc: BaseException | None = None,
) -> Path:
    now = clock.local_now()
    logs_dir.mkdir(parents=True, exist_ok=True)
    path = logs_dir / f"crash-{now:%Y%m%d-%H%M%S-%f}.txt"
    path.write_text(crash_report_text(exc_type, tb, now=now, exc=exc), encoding="utf-8")
    return path


class CrashHandler:
    """Installed as sys.excepthook (and threading.excepthook) for the app's lifetime."""

    def __init__(self, logs_dir: Path, show_dialog: ShowDialog | None = None) -> None:
        self.logs_dir = logs_dir
        self._show_dialog = show_dialog
        self.reports: list[Path] = []
        self._previous: tuple[object, object] | None = None

    def install(self) -> CrashHandler:
        self._previous = (sys.excepthook, threading.excepthook)
        sys.excepthook = self.handle
        threading.excepthook = self._handle_thread
        return self

    def uninstall(self) -> None:
        if self._previous is not None:
            sys.excepthook, threading.excepthook = self._previous  # type: ignore[assignment]
            self._previous = None

    def handle(
        self,
        exc_type: type[BaseException],
        exc: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if issubclass(exc_type, KeyboardInterrupt):
            sys.__excepthook__(exc_type, exc or exc_type(), tb)
            return
        path = self._write(exc_type, tb, exc)
        if path is not None and self._show_dialog is not None:
            try:
                self._show_dialog(path)
            except Exception:  # a failing dialog must not recurse into this hook
                log.exception("could not show the crash dialog")

    def _handle_thread(self, args: threading.ExceptHookArgs) -> None:
        # Worker threads cannot show a dialog; the report and the log line are enough there.
        self._write(args.exc_type, args.exc_traceback, args.exc_value)

    def _write(
        self,
        exc_type: type[BaseException],
        tb: TracebackType | None,
        exc: BaseException | None = None,
    ) -> Path | None:
        try:
            path = write_crash_report(self.logs_dir, exc_type, tb, exc)
        except OSError:
            log.exception("could not write the crash report")
            return None
        self.reports.append(path)
        log.error("unexpected %s; crash report %s", exc_type.__name__, path.name)
        return path


def qt_crash_dialog(path: Path) -> None:
    """Tell the user in their language; the app stays open."""
    from PySide6.QtCore import QCoreApplication, Qt
    from PySide6.QtWidgets import QApplication, QMessageBox

    if QApplication.instance() is None:
        return
    box = QMessageBox(
        QMessageBox.Icon.Critical,
        QCoreApplication.translate("CrashDialog", "Terjadi kesalahan tak terduga"),
        QCoreApplication.translate(
            "CrashDialog",
            "Simpul mengalami kesalahan tak terduga. Pekerjaan yang sudah disimpan tetap aman.\n\n"
            "Laporan kesalahan disimpan di:\n{path}\n\n"
            "Kirimkan berkas ini ke petugas dukungan TI. Berkas ini tidak memuat data pelapor.",
        ).format(path=path),
    )
    box.setTextFormat(Qt.TextFormat.PlainText)
    box.exec()


def _short(filename: str) -> str:
    """Path from the package folder on: no user name from a home folder in the report."""
    parts = Path(filename).parts
    for anchor in ("desktop", "ui", "sync", "localdb", "domain", "central", "site-packages"):
        if anchor in parts:
            return "/".join(parts[parts.index(anchor) :])
    return Path(filename).name


def _qt_versions() -> str:
    try:
        import PySide6
        from PySide6.QtCore import qVersion

        return f"PySide6 {PySide6.__version__}, Qt {qVersion()}"
    except ImportError:
        return "unavailable"
