"""The crash handler writes a report without personal data and tells the user."""

from __future__ import annotations

import sys
import threading
from pathlib import Path

from desktop.crash import CrashHandler


def _raise_with_personal_data() -> None:
    nik = "3273014101900001"
    raise ValueError(f"pelapor Siti Aminah NIK {nik}")


def test_excepthook_writes_report_and_shows_dialog(tmp_path: Path) -> None:
    shown: list[Path] = []
    handler = CrashHandler(tmp_path / "logs", show_dialog=shown.append)
    try:
        _raise_with_personal_data()
    except ValueError:
        handler.handle(*sys.exc_info())
    (report,) = (tmp_path / "logs").glob("crash-*.txt")
    assert shown == [report]
    text = report.read_text()
    assert "builtins.ValueError" in text
    assert "_raise_with_personal_data" in text
    assert "python:" in text and "qt:" in text
    assert "Siti" not in text and "3273014101900001" not in text


def test_installed_hook_replaces_and_restores(tmp_path: Path) -> None:
    before = sys.excepthook
    handler = CrashHandler(tmp_path).install()
    try:
        assert sys.excepthook == handler.handle
    finally:
        handler.uninstall()
    assert sys.excepthook is before


def test_worker_thread_exception_is_reported(tmp_path: Path) -> None:
    handler = CrashHandler(tmp_path, show_dialog=lambda p: None).install()
    try:
        t = threading.Thread(target=_raise_with_personal_data)
        t.start()
        t.join()
    finally:
        handler.uninstall()
    assert len(handler.reports) == 1 and handler.reports[0].exists()


def test_a_failing_dialog_does_not_loop(tmp_path: Path) -> None:
    def broken(_path: Path) -> None:
        raise RuntimeError("no display")

    handler = CrashHandler(tmp_path, show_dialog=broken)
    try:
        _raise_with_personal_data()
    except ValueError:
        handler.handle(*sys.exc_info())
    assert len(list(tmp_path.glob("crash-*.txt"))) == 1
