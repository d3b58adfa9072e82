"""`simpul --server http://…` for a server on another computer is refused with a clear message."""

from __future__ import annotations

from pathlib import Path

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from desktop.__main__ import main


def test_office_app_refuses_plain_http_to_another_computer(
    qtbot, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    for var in ("HOME", "XDG_CONFIG_HOME", "XDG_DATA_HOME", "XDG_STATE_HOME", "XDG_CACHE_HOME"):
        monkeypatch.setenv(var, str(tmp_path / var.lower()))
    shown: list[str] = []

    def close_whatever_is_modal() -> None:
        # The real dialog the user would see; any other window (the login) fails the test.
        widget = QApplication.activeModalWidget()
        if widget is None:
            QTimer.singleShot(50, close_whatever_is_modal)
            return
        shown.append(widget.text() if isinstance(widget, QMessageBox) else type(widget).__name__)
        widget.close()

    QTimer.singleShot(50, close_whatever_is_modal)
    code = main(["--server", "http://192.168.1.10:8000"])
    assert code == 2
    assert len(shown) == 1
    assert "https://" in shown[0] and "komputer ini" in shown[0]
