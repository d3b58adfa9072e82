"""Fixtures shared by the UI tests."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from PySide6.QtCore import QTimer
from PySide6.QtWidgets import QApplication, QMessageBox

from central.embedded import EmbeddedServer


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real central server with the demo world on a free loopback port; yields its URL."""
    data = tmp_path_factory.mktemp("central")
    srv = EmbeddedServer(f"sqlite:///{data / 'central.db'}", data, demo=True, reports=40)
    try:
        yield srv.start()
    finally:
        srv.stop()


@pytest.fixture(scope="module")
def small_hub(tmp_path_factory: pytest.TempPathFactory) -> Iterator[EmbeddedServer]:
    """A smaller demo world (20 reports) on loopback, for tests that need the server itself."""
    data = tmp_path_factory.mktemp("central")
    srv = EmbeddedServer(f"sqlite:///{data / 'c.db'}", data, demo=True, reports=20)
    srv.start()
    try:
        yield srv
    finally:
        srv.stop()


@pytest.fixture
def notices(qtbot: object) -> Iterator[list[str]]:
    """Reads and closes the information boxes a user would click away (the keyring notice)."""
    seen: list[str] = []

    def close_boxes() -> None:
        widget = QApplication.activeModalWidget()
        if isinstance(widget, QMessageBox):
            seen.append(widget.text())
            widget.accept()

    timer = QTimer()
    timer.timeout.connect(close_boxes)
    timer.start(50)
    yield seen
    timer.stop()
